"""Property tests over every schema of every committed spec.

Strategies come from the spec (tests/spec_strategies.py); the code under test is
the committed generated package. For every component schema:

- every valid JSON value ``j``: ``to_dict(from_dict(j)) == j`` (numbers keep their
  type, date-times compare as instants), with unknown properties and unknown enum
  values among the values drawn;
- every decoded model ``m``: ``from_dict(to_dict(m)) == m``;
- a wrong value planted anywhere the schema types it, or a required property
  removed, raises ``DecodeError`` (and nothing else) whose path points at it.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from codegen import naming
from codegen.load import load
from codegen.pipeline import package_name
from spec_strategies import Schemas, delete_at, normalized, set_at, wrong_values

SPEC_DIR = Path(__file__).resolve().parent.parent / "spec"
SPECS = sorted(SPEC_DIR.glob("*.yaml"))



def components() -> list[tuple[Path, str]]:
    out = []
    for spec in SPECS:
        doc = load(spec)
        for name in sorted((doc.data.get("components") or {}).get("schemas") or {}):
            out.append((spec, name))
    return out


def codec(spec: Path, name: str) -> tuple[Callable[[Any], Any], Callable[[Any], Any], Any]:
    """(decode, encode, DecodeError) of a component in the committed package."""
    package = package_name(spec)
    models = importlib.import_module(f"{package}.models")
    errors = importlib.import_module(f"{package}.errors")
    cls_name = naming.class_name(name)
    target = getattr(models, cls_name)
    if hasattr(target, "from_dict"):
        return target.from_dict, lambda m: m.to_dict(), errors.DecodeError
    module = naming.module_name(cls_name)
    if hasattr(models, f"{module}_from_dict"):
        return getattr(models, f"{module}_from_dict"), getattr(models, f"{module}_to_dict"), errors.DecodeError
    # An enum: decoded as the models decode enum fields.
    runtime = importlib.import_module(f"{package}._codec")
    by_value = importlib.import_module(f"{package}.models.{module}")._BY_VALUE
    decode = runtime.as_str_enum if isinstance(next(iter(by_value)), str) else runtime.as_int_enum
    return (lambda v: decode(by_value, v)), (lambda m: m if type(m) in (str, int) else m.value), errors.DecodeError


ALL = components()
IDS = [f"{spec.stem}:{name}" for spec, name in ALL]


@pytest.fixture(scope="module")
def schema_sets() -> dict[Path, Schemas]:
    return {spec: Schemas(load(spec)) for spec in SPECS}


def test_every_component_is_covered() -> None:
    assert len(ALL) > 100


@pytest.mark.parametrize(("spec", "name"), ALL, ids=IDS)
def test_schema_properties(spec: Path, name: str, schema_sets: dict[Path, Schemas]) -> None:
    schemas = schema_sets[spec]
    decode, encode, decode_error = codec(spec, name)
    schema = {"$ref": f"#/components/schemas/{name}"}

    @given(st.data())
    def check(data: st.DataObject) -> None:
        value = data.draw(schemas.valid(schema), label="valid value")

        # Valid JSON round-trips, and so does the model decoded from it.
        decoded = decode(value)
        assert normalized(encode(decoded)) == normalized(value)
        assert decode(encode(decoded)) == decoded

        positions = list(schemas.typed_positions(schema, value))
        if not positions:
            return  # every value is valid here (an any-JSON value or a union)

        # A wrong value anywhere the schema types it: DecodeError pointing at it.
        path, kind, nullable = data.draw(st.sampled_from(positions), label="planted at")
        wrong = data.draw(wrong_values(kind, nullable), label="wrong value")
        try:
            decode(set_at(value, path, wrong))
        except decode_error as error:
            assert tuple(error.segments) == path, (str(error), path)
        else:
            raise AssertionError(f"{wrong!r} at {path} was accepted")

        # A required property removed: DecodeError naming where it belongs.
        removable = [
            (p, key)
            for p, k, _ in positions
            if k == "object"
            for key in schemas.required_keys(_schema_at(schemas, schema, value, p))
        ]
        if removable:
            path, key = data.draw(st.sampled_from(removable), label="removed")
            try:
                decode(delete_at(value, path, key))
            except decode_error as error:
                assert tuple(error.segments) == path + (key,)
                assert error.reason == "missing required property"
            else:
                raise AssertionError(f"{key!r} removed at {path} was accepted")

    check()


def _schema_at(schemas: Schemas, schema: Any, value: Any, path: tuple[Any, ...]) -> Any:
    """The schema that governs ``value`` at ``path`` (following properties and items)."""
    for step in path:
        resolved = schemas.object_view(schemas.resolve(schema)[0])
        if isinstance(step, int):
            schema = resolved.get("items", {})
        else:
            props = resolved.get("properties") or {}
            schema = props.get(step, resolved.get("additionalProperties", {}))
        value = value[step]
    return schema
