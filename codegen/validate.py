"""The shape check the build stage relies on: every part of the document the
generator reads has the type OpenAPI 3.0 gives it.

This is not a full OpenAPI validator (the tests run one on the committed specs);
it guarantees that a malformed spec becomes a list of problems with their JSON
pointers instead of a crash deep in the build. ``$ref``s are followed, and a
reference must lead to the kind of object its place expects.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .load import Document, canonical
from .problems import Problems, join

Check = Callable[["Validator", Any, str], None]
METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")


def _is(kind: type, name: str) -> Check:
    def check(v: Validator, node: Any, where: str) -> None:
        if not isinstance(node, kind):
            v.problems.add(where, f"must be {name}, not {_describe(node)}")

    return check


def _describe(node: Any) -> str:
    if node is None:
        return "null"
    return {dict: "a mapping", list: "a list", str: "a string", bool: "a boolean"}.get(type(node), type(node).__name__)


STRING = _is(str, "a string")
BOOLEAN = _is(bool, "a boolean")
MAPPING = _is(dict, "a mapping")


def _list_of(item: Check) -> Check:
    def check(v: Validator, node: Any, where: str) -> None:
        if not isinstance(node, list):
            v.problems.add(where, f"must be a list, not {_describe(node)}")
            return
        for i, x in enumerate(node):
            item(v, x, join(where, i))

    return check


def _map_of(value: Check) -> Check:
    def check(v: Validator, node: Any, where: str) -> None:
        if not isinstance(node, dict):
            v.problems.add(where, f"must be a mapping, not {_describe(node)}")
            return
        for k, x in node.items():
            if not isinstance(k, str):
                v.problems.add(where, f"keys must be strings, not {_describe(k)}")
                continue
            value(v, x, join(where, k))

    return check


def _object(fields: dict[str, Check], kind: str, ref_prefix: str | None = None) -> Check:
    """A mapping whose known fields have the given checks; a ``$ref`` is followed."""

    def check(v: Validator, node: Any, where: str) -> None:
        if isinstance(node, dict) and "$ref" in node:
            v.follow(node, where, kind, ref_prefix, check)
            return
        if not isinstance(node, dict):
            v.problems.add(where, f"{kind} must be a mapping, not {_describe(node)}")
            return
        for key, field_check in fields.items():
            if key in node:
                field_check(v, node[key], join(where, key))

    return check


def _schema(v: Validator, node: Any, where: str) -> None:
    SCHEMA(v, node, where)


def _schema_or_bool(v: Validator, node: Any, where: str) -> None:
    if not isinstance(node, bool):
        _schema(v, node, where)


def _type(v: Validator, node: Any, where: str) -> None:
    if not isinstance(node, (str, list)):  # a list is reported by the build stage (OpenAPI 3.1)
        v.problems.add(where, f"must be a string, not {_describe(node)}")


SCHEMA: Check = _object(
    {
        "type": _type,
        "format": STRING,
        "title": STRING,
        "description": STRING,
        "properties": _map_of(_schema),
        "required": _list_of(STRING),
        "items": _schema,
        "additionalProperties": _schema_or_bool,
        "enum": _is(list, "a list"),
        "nullable": BOOLEAN,
        "readOnly": BOOLEAN,
        "writeOnly": BOOLEAN,
        "oneOf": _list_of(_schema),
        "anyOf": _list_of(_schema),
        "allOf": _list_of(_schema),
        "discriminator": _object({"propertyName": STRING, "mapping": _map_of(STRING)}, "a discriminator"),
        "x-enum-varnames": _list_of(STRING),
    },
    "a schema",
    "#/components/schemas/",
)
MEDIA_TYPE = _object({"schema": _schema, "examples": MAPPING}, "a media type")
CONTENT = _map_of(MEDIA_TYPE)
PARAMETER = _object(
    {
        "name": STRING,
        "in": STRING,
        "description": STRING,
        "required": BOOLEAN,
        "schema": _schema,
        "style": STRING,
        "explode": BOOLEAN,
        "content": CONTENT,
    },
    "a parameter",
    "#/components/parameters/",
)
REQUEST_BODY = _object(
    {"description": STRING, "required": BOOLEAN, "content": CONTENT}, "a request body", "#/components/requestBodies/"
)
RESPONSE = _object({"description": STRING, "content": CONTENT}, "a response", "#/components/responses/")
SERVER = _object(
    {
        "url": STRING,
        "description": STRING,
        "variables": _map_of(
            _object(
                {"default": STRING, "enum": _list_of(STRING), "description": STRING, "x-env": STRING},
                "a server variable",
            )
        ),
    },
    "a server",
)
OPERATION = _object(
    {
        "operationId": STRING,
        "tags": _list_of(STRING),
        "summary": STRING,
        "description": STRING,
        "deprecated": BOOLEAN,
        "parameters": _list_of(PARAMETER),
        "requestBody": REQUEST_BODY,
        "responses": _map_of(RESPONSE),
        "security": _list_of(_map_of(_list_of(STRING))),
        "servers": _list_of(SERVER),
        "x-preview": BOOLEAN,
        "x-pagination": _object(
            {"cursorParam": STRING, "limitParam": STRING, "cursorPath": STRING, "itemsPath": STRING}, "x-pagination"
        ),
    },
    "an operation",
)
PATH_ITEM = _object(
    {"parameters": _list_of(PARAMETER), "servers": _list_of(SERVER), "summary": STRING, "description": STRING}
    | {m: OPERATION for m in METHODS},
    "a path item",
)
SECURITY_SCHEME = _object(
    {
        "type": STRING,
        "in": STRING,
        "name": STRING,
        "scheme": STRING,
        "description": STRING,
        "x-env": STRING,
        "x-client-param": STRING,
        "x-default": STRING,
    },
    "a security scheme",
    "#/components/securitySchemes/",
)
DOCUMENT = _object(
    {
        "info": _object({"title": STRING, "version": STRING, "description": STRING}, "info"),
        "servers": _list_of(SERVER),
        "paths": _map_of(PATH_ITEM),
        "security": _list_of(_map_of(_list_of(STRING))),
        "tags": _list_of(_object({"name": STRING, "description": STRING}, "a tag")),
        "components": _object(
            {
                "schemas": _map_of(_schema),
                "parameters": _map_of(PARAMETER),
                "requestBodies": _map_of(REQUEST_BODY),
                "responses": _map_of(RESPONSE),
                "securitySchemes": _map_of(SECURITY_SCHEME),
            },
            "components",
        ),
    },
    "the document",
)


class Validator:
    def __init__(self, doc: Document, problems: Problems) -> None:
        self.doc = doc
        self.problems = problems
        self.seen: set[tuple[str, str]] = set()
        # Targets of $refs, checked after the place that refers to them: a chain of
        # references is walked in a loop, not by recursion as deep as the chain.
        self.pending: list[tuple[Check, Any, str]] = []

    def follow(self, node: dict[str, Any], where: str, kind: str, prefix: str | None, check: Check) -> None:
        ref = node["$ref"]
        if not isinstance(ref, str):
            return  # reported by load
        try:
            target, pointer = self.doc.deref(node, where)
        except (KeyError, IndexError, ValueError):
            return  # not a local reference that resolves: load reported it
        if prefix is not None and not canonical(ref).startswith(prefix):
            self.problems.add(where, f"$ref {ref!r} must point at {kind} (under {prefix})")
            return
        if (pointer, kind) in self.seen:
            return
        self.seen.add((pointer, kind))
        self.pending.append((check, target, pointer))


def validate(doc: Document, problems: Problems) -> None:
    """Add a problem for every part of ``doc`` whose type the generator cannot use."""
    v = Validator(doc, problems)
    DOCUMENT(v, doc.data, "#")
    while v.pending:
        check, target, pointer = v.pending.pop()
        check(v, target, pointer)
