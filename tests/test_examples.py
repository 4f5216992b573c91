"""Every example in the specs decodes with the class the spec names for it and
re-encodes to the same JSON."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import attrs
import pytest

from codegen.load import load
from spec_strategies import normalized
from test_models_properties import codec

SPECS = sorted((Path(__file__).resolve().parent.parent / "spec").glob("*.yaml"))


def _walk(node: Any, pointer: str) -> Iterator[tuple[str, Any]]:
    yield pointer, node
    if isinstance(node, dict):
        for k, v in node.items():
            yield from _walk(v, f"{pointer}/{k}")
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from _walk(v, f"{pointer}/{i}")


def examples() -> list[tuple[Path, str, Any, Any]]:
    out = []
    for spec in SPECS:
        doc = load(spec)
        for pointer, node in _walk(doc.data, "#"):
            if isinstance(node, dict) and "schema" in node and "example" in node:
                out.append((spec, pointer, node["schema"], node["example"]))
            if isinstance(node, dict) and "schema" in node and "examples" in node:
                for name, ex in node["examples"].items():
                    out.append((spec, f"{pointer}/examples/{name}", node["schema"], doc.deref(ex, pointer)[0]["value"]))
    return out


EXAMPLES = examples()


def unknown_properties(value: Any, path: str = "") -> list[str]:
    """Paths of properties the spec does not define, anywhere in a decoded value."""
    out = []
    if attrs.has(type(value)):
        out += [f"{path}.{k}" for k in value.additional_properties]
        for field in attrs.fields(type(value)):
            if field.name != "additional_properties":
                out += unknown_properties(getattr(value, field.name), f"{path}.{field.name}")
    elif isinstance(value, list):
        for i, item in enumerate(value):
            out += unknown_properties(item, f"{path}[{i}]")
    return out


def test_there_are_examples_for_every_operation_body() -> None:
    assert len(EXAMPLES) >= 40


@pytest.mark.parametrize(("spec", "pointer", "schema", "example"), EXAMPLES, ids=[f"{s.stem}:{p}" for s, p, _, _ in EXAMPLES])
def test_example_decodes_and_re_encodes(spec: Path, pointer: str, schema: Any, example: Any) -> None:
    if "$ref" in schema:
        decode, encode, _ = codec(spec, schema["$ref"].rsplit("/", 1)[-1])
        decoded = decode(example)
        name = schema["$ref"].rsplit("/", 1)[-1]
        if getattr(decode, "__self__", None) is not None:  # a class: the example decodes into it
            assert type(decoded).__name__ == name
        else:  # a union or an alias: whichever branch, but a known one
            assert type(decoded).__name__ != "UnknownVariant", decoded
        assert normalized(encode(decoded)) == normalized(example)
        assert unknown_properties(decoded) == [], "the example has properties the schema lacks"
    elif schema.get("type") == "array" and "$ref" in schema.get("items", {}):
        decode, encode, _ = codec(spec, schema["items"]["$ref"].rsplit("/", 1)[-1])
        decoded = [decode(item) for item in example]
        assert normalized([encode(d) for d in decoded]) == normalized(example)
        assert unknown_properties(decoded) == [], "the example has properties the schema lacks"
    else:
        raise AssertionError(f"{pointer}: no named schema to decode the example with")
