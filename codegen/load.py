"""Load stage: read a spec file, parse YAML or JSON, check every ``$ref``.

Nothing here interprets the OpenAPI semantics. What the build stage receives is
an OpenAPI 3.0 mapping (or a ``SpecError`` listing every problem with its JSON
pointer), with the references that do not resolve listed in its ``problems``:
building reports them with the document's shape problems and goes no further.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterator
from urllib.parse import unquote
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import yaml

from .problems import Problem, Problems, SpecError, join, pointer

_BaseLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


_TEXT_KEY_TAGS = frozenset(f"tag:yaml.org,2002:{kind}" for kind in ("int", "float", "bool", "null"))


# YAML 1.2 (which OpenAPI asks for) reads only true/false as booleans and only plain
# decimal numbers as numbers. PyYAML follows YAML 1.1, where `NO` (Norway's country
# code) and `on` are booleans, `0123` is octal and `1:30` is a number in base 60.
_SCALARS_1_2 = {
    "tag:yaml.org,2002:bool": (re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), "tTfF"),
    "tag:yaml.org,2002:int": (re.compile(r"^[-+]?(?:0|[1-9][0-9]*)$"), "-+0123456789"),
    "tag:yaml.org,2002:float": (
        re.compile(r"^(?:[-+]?(?:\.[0-9]+|(?:0|[1-9][0-9]*)(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"),
        "-+0123456789.",
    ),
}


def _yaml_1_2_resolvers() -> dict[Any, list[tuple[str, Any]]]:
    """PyYAML's resolvers with YAML 1.2's booleans and numbers, and no timestamps
    (an example ``2024-01-15T10:30:00Z`` is a JSON string, not a ``datetime``)."""
    replaced = set(_SCALARS_1_2) | {"tag:yaml.org,2002:timestamp"}
    out: dict[Any, list[tuple[str, Any]]] = {
        first: [(tag, rx) for tag, rx in resolvers if tag not in replaced]
        for first, resolvers in _BaseLoader.yaml_implicit_resolvers.items()
    }
    for tag, (rx, firsts) in _SCALARS_1_2.items():
        for first in firsts:
            out.setdefault(first, []).append((tag, rx))
    return out


class _SpecLoader(_BaseLoader):  # type: ignore[valid-type,misc]
    """Safe YAML loading with JSON-like scalars and no silent duplicate keys.

    Scalars are read as YAML 1.2 reads them (``_SCALARS_1_2``), unquoted keys are read as the text written
    (``200:`` is the key ``"200"``), and a mapping that repeats a key is an error
    instead of silently keeping the last value.
    """

    yaml_implicit_resolvers = _yaml_1_2_resolvers()

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: set[Any] = set()
        for key_node, _ in node.value:
            if isinstance(key_node, yaml.ScalarNode) and key_node.tag in _TEXT_KEY_TAGS:
                # JSON keys are strings: an unquoted `200:` (a response code) means "200".
                key_node.tag = "tag:yaml.org,2002:str"
            key = self.construct_object(key_node, deep=True)
            try:
                duplicate = key in seen
                seen.add(key)
            except TypeError:
                raise yaml.constructor.ConstructorError(
                    None, None, f"unhashable mapping key {key!r}", key_node.start_mark
                ) from None
            if duplicate:
                raise yaml.constructor.ConstructorError(
                    "while reading a mapping",
                    node.start_mark,
                    f"duplicate key {key!r}",
                    key_node.start_mark,
                )
        return super().construct_mapping(node, deep=deep)  # type: ignore[no-any-return]

    def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
        try:
            return super().construct_object(node, deep=deep)
        except ValueError as e:  # not a YAMLError: an integer past Python's digit limit, say
            raise yaml.constructor.ConstructorError(None, None, str(e), node.start_mark) from None


@dataclass(frozen=True)
class Document:
    """A parsed spec. ``problems`` are its references that do not resolve: building
    reports them together with what validating the document finds, and stops there."""

    source: str
    data: dict[str, Any]
    digest: str
    problems: tuple[Problem, ...] = ()

    def get(self, ref: str) -> Any:
        """The node a local reference (``#/a/b``) points at; KeyError if none."""
        node: Any = self.data
        for token in tokens(ref):
            if isinstance(node, dict):
                node = node[token]
            elif isinstance(node, list):
                node = node[int(token)]
            else:
                raise KeyError(ref)
        return node

    def deref(self, node: Any, where: str) -> tuple[Any, str]:
        """Follow ``$ref`` chains from ``node`` (found at ``where``).

        Returns the final node and the pointer it lives at.
        """
        seen = {where}
        while isinstance(node, dict) and isinstance(node.get("$ref"), str):
            where = canonical(node["$ref"])
            if where in seen:
                raise KeyError(where)  # a cycle of bare references; load() reports it
            seen.add(where)
            node = self.get(where)
        return node, where


def tokens(ref: str) -> list[str]:
    """The unescaped reference tokens of a local JSON pointer (``#/a/b~1c`` → a, b/c).

    A ``$ref`` is a URI fragment, where characters such as ``{`` are percent-encoded
    (``#/paths/~1items~1%7Bid%7D``): it is percent-decoded first, as UTF-8, then split
    and unescaped (RFC 6901, section 6). KeyError if it is not a local pointer,
    ValueError if its percent-encoding is not UTF-8."""
    if "%" in ref:
        ref = unquote(ref, errors="strict")
    if ref == "#":
        return []
    if not ref.startswith("#/"):
        raise KeyError(ref)
    return [t.replace("~1", "/").replace("~0", "~") for t in ref[2:].split("/")]


def canonical(ref: str) -> str:
    """A local reference as the pointers of problems and of the build spell it: one
    spelling per place, whether the reference percent-encodes it or not."""
    return pointer(*tokens(ref))


def _walk(node: Any, where: str) -> Iterator[tuple[str, Any]]:
    stack = [(where, node)]
    while stack:
        where, node = stack.pop()
        yield where, node
        if isinstance(node, dict):
            stack.extend((join(where, str(k)), v) for k, v in node.items())
        elif isinstance(node, list):
            stack.extend((join(where, i), v) for i, v in enumerate(node))


def digest_of(data: Any) -> str:
    """A hash of the spec's content, independent of formatting and of key order, but
    for the order of an object's ``properties``: that is the order of its fields."""
    canonical = json.dumps(
        _with_ordered_properties(data),
        sort_keys=True,
        separators=(",", ":"),
        ensure_ascii=False,
        default=str,
    )
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def _with_ordered_properties(
    node: Any, properties: bool = False, open_ids: set[int] | None = None
) -> Any:
    """``node`` with every ``properties`` mapping as a list of pairs, which keeps its
    order when the rest is sorted (its values, schemas, are sorted as usual).
    ValueError for a node inside itself (a YAML alias into its own anchor)."""
    if not isinstance(node, (dict, list)):
        return node
    open_ids = set() if open_ids is None else open_ids
    if id(node) in open_ids:
        raise ValueError("a node contains itself")
    open_ids.add(id(node))
    try:
        if isinstance(node, list):
            return [_with_ordered_properties(item, False, open_ids) for item in node]
        if properties:
            return [
                [key, _with_ordered_properties(value, False, open_ids)]
                for key, value in node.items()
            ]
        return {
            key: _with_ordered_properties(value, key == "properties", open_ids)
            for key, value in node.items()
        }
    finally:
        open_ids.discard(id(node))


def parse(text: str | bytes, source: str) -> Document:
    """Parse spec text (YAML or JSON) and check it as ``from_data`` does."""
    if isinstance(text, bytes):
        try:
            text = text.decode("utf-8")
        except UnicodeDecodeError as e:
            raise SpecError(
                source, [Problem("#", f"the file is not valid UTF-8 (byte {e.start}: {e.reason})")]
            ) from None
    if source.endswith(".json"):
        return from_data(_json_document(text, source), source)
    try:
        data = yaml.load(text, Loader=_SpecLoader)
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = getattr(e, "problem", None) or str(e)
        raise SpecError(source, [Problem("#", f"not valid YAML{where}: {problem}")]) from None
    return from_data(data, source)


def _json_document(text: str, source: str) -> Any:
    """A JSON spec, read by a JSON parser: YAML refuses the surrogate pairs that JSON
    writes for characters such as emoji (``"\\ud83d\\ude00"``). A repeated key, NaN,
    and a lone surrogate (which no file can hold) are refused."""

    def pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
        node = dict(items)
        if len(node) != len(items):
            seen: set[str] = set()
            for key, _ in items:
                if key in seen:
                    raise ValueError(f"duplicate key {key!r}")
                seen.add(key)
        return node

    def constant(name: str) -> Any:
        raise ValueError(f"{name} is not JSON")

    try:
        data = json.loads(text, object_pairs_hook=pairs, parse_constant=constant)
    except json.JSONDecodeError as e:
        raise SpecError(
            source, [Problem("#", f"not valid JSON at line {e.lineno}, column {e.colno}: {e.msg}")]
        ) from None
    except ValueError as e:
        raise SpecError(source, [Problem("#", f"not valid JSON: {e}")]) from None
    except RecursionError:
        raise SpecError(source, [Problem("#", "schemas are nested too deeply to build")]) from None
    for where, node in _walk(data, "#"):
        texts = [node] if isinstance(node, str) else list(node) if isinstance(node, dict) else []
        try:
            for piece in texts:
                piece.encode("utf-8")
        except UnicodeEncodeError:
            problem = "a \\u escape is half of a surrogate pair, not a character"
            raise SpecError(source, [Problem(where, problem)]) from None
    return data


def from_data(data: Any, source: str) -> Document:
    """Check an already parsed document: its version and shape are raised as a
    ``SpecError``, references that do not resolve are kept in ``problems``."""
    problems = Problems(source)
    if not isinstance(data, dict):
        problems.add("#", f"the document must be a mapping, not {type(data).__name__}")
        problems.raise_if_any()
    version = data.get("openapi")
    if not (isinstance(version, str) and version.startswith("3.0.")):
        problems.add(join("#", "openapi"), f"only OpenAPI 3.0.x is supported, found {version!r}")
    if not isinstance(data.get("paths"), dict):
        problems.add(join("#", "paths"), "missing or not a mapping")
    try:
        digest = digest_of(data)
    except ValueError:  # a node inside itself
        problems.add("#", "a YAML alias refers back into its own anchor; use $ref for recursive schemas")
        problems.raise_if_any()
    except RecursionError:
        problems.add("#", "schemas are nested too deeply to build")
        problems.raise_if_any()
    wrong_kind = bool(problems.items)  # then validating the rest would only add noise
    doc = Document(source=source, data=data, digest=digest)
    for where, node in _walk(data, "#"):
        if isinstance(node, dict) and "$ref" in node:
            ref = node["$ref"]
            if not isinstance(ref, str):
                problems.add(where, f"$ref must be a string, not {ref!r}")
            elif not ref.startswith("#"):
                problems.add(where, f"only local references (#/...) are supported, not {ref!r}")
            else:
                try:
                    doc.deref(node, where)
                except (KeyError, IndexError, ValueError):
                    problems.add(where, f"$ref {ref!r} does not resolve")
    if wrong_kind:
        problems.raise_if_any()
    return replace(doc, problems=tuple(problems.items))


def load(path: Path) -> Document:
    """Read and parse the spec at ``path``."""
    try:
        raw = path.read_bytes()
    except OSError as e:
        raise SpecError(str(path), [Problem("#", f"cannot read the file: {e.strerror}")]) from None
    return parse(raw, str(path))
