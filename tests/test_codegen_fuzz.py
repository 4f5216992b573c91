"""The generator on broken specs: a SpecError listing problems with JSON pointers, or
a package; never another exception. Specs are the committed ones with a random node
replaced, removed, or pointed somewhere that does not exist. (The CLI on broken
files, invalid YAML and non-UTF-8 bytes: test_codegen_problems.py.)"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from codegen.build import build
from codegen.load import from_data
from codegen.problems import SpecError
from codegen.render import render_package

SPECS = sorted((Path(__file__).resolve().parent.parent / "spec").glob("*.yaml"))
DOCS = {spec: yaml.safe_load(spec.read_text(encoding="utf-8")) for spec in SPECS}

HOSTILE = [
    None,
    0,
    -1,
    "x",
    True,
    [],
    {},
    [{}],
    {"$ref": "#/components/schemas/DoesNotExist"},
    {"$ref": 5},
    {"$ref": "other.yaml#/x"},
    {"$ref": "#/paths"},
    {"type": "object", "required": ["ghost"], "properties": {"a": {"type": "string"}}},
    {"type": ["string", "null"]},
    {"oneOf": []},
    {"allOf": [{"type": "string"}]},
    {"enum": []},
    {"type": "array", "items": "nope"},
    {"type": "unknown"},
    {"not": {}},
    {"in": "body", "name": "x"},
    {"operationId": "ListLLMObsProjects", "responses": {"200": {"description": "dup"}}},
    # unions that hold a union of the spec again, inside an array or directly
    {"oneOf": [{"type": "string"}, {"type": "array", "items": {"$ref": "#/components/schemas/ModelsResponse"}}]},
    {"oneOf": [{"type": "integer"}, {"$ref": "#/components/schemas/ErrorCode"}]},
    {"anyOf": [{"type": "boolean"}, {"type": "array", "items": {"$ref": "#/components/schemas/AnyValue"}}]},
]


def nodes(node: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [path] if path else []
    if isinstance(node, dict):
        for k, v in node.items():
            out += nodes(v, path + (k,))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            out += nodes(v, path + (i,))
    return out


NODES = {spec: nodes(doc) for spec, doc in DOCS.items()}


def replaced(node: Any, path: tuple[Any, ...], value: Any, delete: bool) -> Any:
    """A copy of node with the value at path replaced (or removed), sharing the rest."""
    head, rest = path[0], path[1:]
    copy: Any = dict(node) if isinstance(node, dict) else list(node)
    if rest:
        copy[head] = replaced(node[head], rest, value, delete)
    elif delete and isinstance(copy, dict):
        del copy[head]
    else:
        copy[head] = value
    return copy


@pytest.mark.parametrize("spec", SPECS, ids=[s.stem for s in SPECS])
@settings(deadline=None)
@given(data=st.data())
def test_a_broken_spec_is_a_spec_error_or_a_package(spec: Path, data: st.DataObject) -> None:
    doc = DOCS[spec]
    path = data.draw(st.sampled_from(NODES[spec]), label="node")
    value = data.draw(st.sampled_from(HOSTILE), label="replacement")
    delete = data.draw(st.booleans(), label="delete")
    broken = replaced(doc, path, value, delete)
    try:
        api = build(from_data(broken, "broken.yaml"), "pkg")
        if spec.stem == "allllms":  # rendering the small spec too: the IR must always render
            render_package(api)
    except SpecError as error:
        assert error.problems
        for problem in error.problems:
            assert problem.where.startswith("#"), problem
            assert problem.message
