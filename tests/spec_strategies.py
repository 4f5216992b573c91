"""Hypothesis strategies built from a spec's schemas (not from the generated code).

``Schemas(doc).valid(schema)`` draws JSON values a schema accepts, including
properties and enum values the spec does not list (both must be kept);
``typed_positions`` lists where a value could be made invalid and what type
the schema expects there, so tests can plant a wrong value and check that the
decoder's error points at it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from typing import Any

from hypothesis import strategies as st

from codegen.load import Document

JSON_TYPES = {"string", "number", "object", "array", "boolean"}
_RFC3339 = re.compile(
    r"\A\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})\Z"
)

keys = st.text(min_size=1, max_size=12)
texts = st.text(max_size=20)
leaves = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**64), max_value=2**64),
    st.floats(allow_nan=False, allow_infinity=False),
    texts,
)
json_values = st.recursive(
    leaves,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(keys, inner, max_size=4),
    max_leaves=12,
)


@st.composite
def date_times(draw: st.DrawFn) -> str:
    moment = draw(st.datetimes(min_value=datetime(1, 1, 2), max_value=datetime(9999, 12, 30)))
    digits = draw(st.sampled_from([0, 0, 1, 3, 6, 9]))
    fraction = ""
    if digits:
        fraction = "." + "".join(str(draw(st.integers(0, 9))) for _ in range(digits))
    minutes = draw(st.sampled_from([0, 0, 60, -300, 330, 14 * 60, -(12 * 60)]))
    if minutes == 0 and draw(st.booleans()):
        zone = "Z"
    else:
        sign = "-" if minutes < 0 else "+"
        zone = f"{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"
    m = moment
    second = 60 if draw(st.integers(0, 19)) == 0 else m.second  # now and then a leap second
    return f"{m.year:04d}-{m.month:02d}-{m.day:02d}T{m.hour:02d}:{m.minute:02d}:{second:02d}{fraction}{zone}"


def parse_instant(text: str) -> tuple[datetime, timedelta | None, str]:
    """A date-time string as (instant, offset, significant fraction digits)."""
    upper = text.upper()
    main, zone = upper[:19], upper[19:]
    fraction = ""
    if zone.startswith("."):
        match = re.match(r"\.(\d+)", zone)
        assert match is not None
        fraction, zone = match.group(1), zone[match.end() :]
    micro = "." + fraction[:6].ljust(6, "0") if fraction else ""
    leap = main[17:19] == "60"  # held as the last microsecond of second 59
    if leap:
        main, micro = main[:17] + "59", ".999999"
    parsed = datetime.fromisoformat(main.replace(" ", "T") + micro + ("+00:00" if zone == "Z" else zone))
    return parsed.astimezone(timezone.utc), parsed.utcoffset(), ("leap " if leap else "") + fraction.rstrip("0")


def normalized(value: Any) -> Any:
    """Values compared as a user would: numbers keep their type, date-times are instants."""
    if isinstance(value, bool):
        return ("bool", value)
    if isinstance(value, int):
        return ("int", value)
    if isinstance(value, float):
        return ("float", value)
    if isinstance(value, str):
        return ("datetime", parse_instant(value)) if _RFC3339.match(value) else ("str", value)
    if isinstance(value, list):
        return [normalized(v) for v in value]
    if isinstance(value, dict):
        return {k: normalized(v) for k, v in value.items()}
    return value


class Schemas:
    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self._deferred: dict[str, st.SearchStrategy[Any]] = {}

    # ------------------------------------------------------------- structure

    def resolve(self, schema: Any) -> tuple[dict[str, Any], str | None]:
        ref = None
        while isinstance(schema, dict) and "$ref" in schema:
            ref = schema["$ref"]
            schema = self.doc.get(ref)
        return schema, ref

    def is_any(self, schema: Any) -> bool:
        schema, _ = self.resolve(schema)
        constraining = ("type", "properties", "items", "oneOf", "anyOf", "allOf", "enum", "additionalProperties")
        if not any(k in schema for k in constraining):
            return True
        branches = schema.get("oneOf") or schema.get("anyOf") or []
        kinds = set()
        for b in branches:
            b, _ = self.resolve(b)
            if "enum" in b or b.get("properties") or b.get("format") == "date-time":
                return False
            kinds.add(b.get("type"))
        return JSON_TYPES <= kinds

    def object_view(self, schema: dict[str, Any]) -> dict[str, Any]:
        if "allOf" in schema:
            merged: dict[str, Any] = {"type": "object", "properties": {}, "required": []}
            for part in schema["allOf"]:
                part = self.object_view(self.resolve(part)[0])
                merged["properties"].update(part.get("properties") or {})
                merged["required"] += part.get("required") or []
                if "additionalProperties" in part:
                    merged["additionalProperties"] = part["additionalProperties"]
            return merged
        return schema

    @staticmethod
    def kind(schema: dict[str, Any]) -> str | None:
        if "type" in schema:
            return str(schema["type"])
        if "properties" in schema or "additionalProperties" in schema or "allOf" in schema:
            return "object"
        if "items" in schema:
            return "array"
        return None

    # ------------------------------------------------------------ strategies

    def valid(self, schema: Any) -> st.SearchStrategy[Any]:
        resolved, ref = self.resolve(schema)
        if ref is None:
            return self._valid(resolved)
        if ref not in self._deferred:
            self._deferred[ref] = st.deferred(lambda: self._valid(resolved))
        return self._deferred[ref]

    def _valid(self, schema: dict[str, Any]) -> st.SearchStrategy[Any]:
        if self.is_any(schema):
            return json_values
        base = self._valid_non_null(schema)
        if schema.get("nullable") is True:
            return st.none() | base
        return base

    def _valid_non_null(self, schema: dict[str, Any]) -> st.SearchStrategy[Any]:
        branches = schema.get("oneOf") or schema.get("anyOf")
        if branches:
            return st.one_of([self.valid(b) for b in branches])
        if "enum" in schema:
            listed = st.sampled_from([v for v in schema["enum"] if v is not None])
            unknown = texts.filter(lambda s: s not in schema["enum"]) if schema.get("type") == "string" else st.nothing()
            return listed | unknown
        kind = self.kind(schema)
        if kind == "string":
            return date_times() if schema.get("format") == "date-time" else texts
        if kind == "integer":
            return st.integers(min_value=-(2**63), max_value=2**64)
        if kind == "number":
            return st.integers(min_value=-(2**53), max_value=2**53) | st.floats(allow_nan=False, allow_infinity=False)
        if kind == "boolean":
            return st.booleans()
        if kind == "array":
            return st.lists(self.valid(schema.get("items", {})), min_size=schema.get("minItems", 0), max_size=3)
        if kind == "object":
            return self._object(self.object_view(schema))
        return json_values

    def _object(self, schema: dict[str, Any]) -> st.SearchStrategy[Any]:
        properties = schema.get("properties") or {}
        required = set(schema.get("required") or [])
        extra = schema.get("additionalProperties", True)
        extra_values = json_values if extra in (True, False, {}) else self.valid(extra)
        extra_keys = keys.filter(lambda k: k not in properties)

        @st.composite
        def build(draw: st.DrawFn) -> dict[str, Any]:
            out: dict[str, Any] = {}
            for name, prop in properties.items():
                if name in required or draw(st.booleans()):
                    out[name] = draw(self.valid(prop))
            out.update(draw(st.dictionaries(extra_keys, extra_values, max_size=2 if properties else 3)))
            return out

        return build()

    # -------------------------------------------------------- invalid values

    def typed_positions(self, schema: Any, value: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[tuple[Any, ...], str, bool]]:
        """(path, expected JSON kind, nullable) for each position a wrong value must be caught.

        Positions inside any-JSON values and unions are left out: there every value
        is acceptable (a union keeps what matches no branch).
        """
        resolved, _ = self.resolve(schema)
        if self.is_any(resolved) or "oneOf" in resolved or "anyOf" in resolved:
            return
        nullable = resolved.get("nullable") is True
        if value is None:
            return
        if "enum" in resolved:
            yield path, ("enum-" + str(resolved.get("type", "string"))), nullable
            return
        kind = self.kind(resolved)
        if kind == "string" and resolved.get("format") == "date-time":
            kind = "date-time"
        if kind is None:
            return
        yield path, kind, nullable
        if kind == "array" and isinstance(value, list):
            for i, item in enumerate(value):
                yield from self.typed_positions(resolved.get("items", {}), item, path + (i,))
        elif kind == "object" and isinstance(value, dict):
            view = self.object_view(resolved)
            properties = view.get("properties") or {}
            extra = view.get("additionalProperties", True)
            for key, item in value.items():
                if key in properties:
                    yield from self.typed_positions(properties[key], item, path + (key,))
                elif extra not in (True, False, {}):
                    yield from self.typed_positions(extra, item, path + (key,))

    def required_keys(self, schema: Any) -> list[str]:
        resolved, _ = self.resolve(schema)
        return list(self.object_view(resolved).get("required") or [])


WRONG_VALUES: dict[str, list[Any]] = {
    "string": [5, True, [], {}],
    "date-time": [17, "not a date", "2024-01-15", []],
    "integer": ["1", 1.5, True, []],
    "number": ["1", True, {}],
    "boolean": [1, "true", []],
    "array": ["x", {}, 3],
    "object": ["x", [], 3],
    "enum-string": [5, [], {}],
    "enum-integer": ["1", 1.5, True],
}


def wrong_values(kind: str, nullable: bool) -> st.SearchStrategy[Any]:
    """Values of the wrong JSON type for a position (``null`` too, unless it is nullable)."""
    return st.sampled_from(WRONG_VALUES[kind] + ([] if nullable else [None]))


def set_at(value: Any, path: tuple[Any, ...], new: Any) -> Any:
    if not path:
        return new
    head, rest = path[0], path[1:]
    if isinstance(value, list):
        copy = list(value)
    else:
        copy = dict(value)
    copy[head] = set_at(value[head], rest, new)
    return copy


def delete_at(value: Any, path: tuple[Any, ...], key: str) -> Any:
    if not path:
        copy = dict(value)
        del copy[key]
        return copy
    head, rest = path[0], path[1:]
    copy = list(value) if isinstance(value, list) else dict(value)
    copy[head] = delete_at(value[head], rest, key)
    return copy
