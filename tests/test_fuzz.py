"""Hostile input for every decoder of every spec: only DecodeError may come out.

Each component schema's decoder gets bytes: valid bodies, valid bodies with a
wrong value planted or a required property removed, arbitrary JSON of any
shape, NaN and Infinity, numbers and strings far too long, deep nesting,
invalid UTF-8, lone surrogates, invalid date-times and plain garbage. A
decode either succeeds (and what it gives encodes back to JSON) or raises the
package's DecodeError; a planted wrong value is reported at its own path.

The normal run draws a few examples per schema; ``make fuzz`` draws 800 per
schema (over 100,000 in all).
"""

from __future__ import annotations

import importlib
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from codegen import naming
from codegen.load import load
from codegen.pipeline import package_name
from spec_strategies import Schemas, delete_at, json_values, set_at, wrong_values
from test_models_properties import ALL, IDS, codec

SPECS = sorted((Path(__file__).resolve().parent.parent / "spec").glob("*.yaml"))
SCHEMAS = {spec: Schemas(load(spec)) for spec in SPECS}

SPECIAL_TEXTS = [
    b"NaN",
    b"[Infinity, -Infinity]",
    b'{"a": NaN}',
    b"1e999",
    b"-1e999",
    b"1" * 5000,
    b"[" + b"1" * 5000 + b"]",
    b"[" * 20000 + b"]" * 20000,
    b'{"a":' * 5000 + b"1" + b"}" * 5000,
    b"\xff\xfe\xfd",
    b'{"a": "\xed\xa0\x80"}',
    b'"\\ud800"',
    b'{"\\udfff": 1}',
    b"",
    b" ",
    b"null",
    b"true",
    b"0",
    b'"text"',
    b"[]",
    b"{}",
    b'{"data": ' + b'"' + b"x" * 1_000_000 + b'"}',
    b'{"created_at": "2024-02-30T10:00:00Z"}',
    b'{"created_at": "2024-01-15T25:00:00Z", "updated_at": "2024-01-15T10:30:00+24:00"}',
    b'{"data": [{"created_at": "0000-01-01T00:00:00Z"}]}',
]


def json_bytes(value: Any) -> bytes:
    return json.dumps(value, allow_nan=True).encode("utf-8", "surrogatepass")


@st.composite
def hostile(draw: st.DrawFn, schemas: Schemas, schema: Any) -> tuple[bytes, tuple[Any, ...] | None]:
    """(body, path of a planted wrong value or None)."""
    kind = draw(st.sampled_from(["valid", "planted", "removed", "any json", "special", "garbage", "mixed"]))
    if kind in ("valid", "planted", "removed", "mixed"):
        value = draw(schemas.valid(schema))
        positions = list(schemas.typed_positions(schema, value))
        if kind == "planted" and positions:
            path, expected, nullable = draw(st.sampled_from(positions))
            return json_bytes(set_at(value, path, draw(wrong_values(expected, nullable)))), path
        if kind == "removed":
            objects = [(p, k) for p, e, _ in positions if e == "object" for k in _required_at(schemas, schema, value, p)]
            if objects:
                path, key = draw(st.sampled_from(objects))
                return json_bytes(delete_at(value, path, key)), path + (key,)
        if kind == "mixed" and positions:
            path, _, _ = draw(st.sampled_from(positions))
            junk = draw(st.sampled_from([float("nan"), float("inf"), "\ud800", "x" * 100_000, 10**40, -(2**63) - 1, [[[]]]]))
            return json_bytes(set_at(value, path, junk)), None
        return json_bytes(value), None
    if kind == "any json":
        return json_bytes(draw(json_values)), None
    if kind == "special":
        return draw(st.sampled_from(SPECIAL_TEXTS)), None
    return draw(st.binary(max_size=80)), None


def _required_at(schemas: Schemas, schema: Any, value: Any, path: tuple[Any, ...]) -> list[str]:
    from test_models_properties import _schema_at

    return schemas.required_keys(_schema_at(schemas, schema, value, path))


@pytest.mark.parametrize(("spec", "name"), ALL, ids=IDS)
def test_only_decode_errors_come_out_of_a_decoder(spec: Path, name: str) -> None:
    schemas = SCHEMAS[spec]
    decode, encode, decode_error = codec(spec, name)
    package = package_name(spec)
    json_module = importlib.import_module(f"{package}._json")
    encode_error = importlib.import_module(f"{package}.errors").EncodeError
    schema = {"$ref": f"#/components/schemas/{name}"}

    @given(hostile(schemas, schema))
    def check(case: tuple[bytes, tuple[Any, ...] | None]) -> None:
        body, planted = case
        try:
            decoded = json_module.decode(body, decode)
        except decode_error as error:
            if planted is not None:
                assert tuple(error.segments) == planted, (str(error), planted)
            assert str(error)  # a message, whatever the path
            return
        assert planted is None, f"a wrong value planted at {planted} was accepted"
        try:
            json_module.dumps(encode(decoded))
        except encode_error as error:
            # Decoding keeps what JSON allowed but Python cannot write back
            # (1e999 parses as infinity); encoding refuses it by name, never silently.
            assert "JSON number" in str(error), error

    check()


def test_every_component_of_every_spec_is_fuzzed() -> None:
    for spec in SPECS:
        components = (load(spec).data.get("components") or {}).get("schemas") or {}
        assert {name for s, name in ALL if s == spec} == set(components)
