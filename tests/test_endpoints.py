"""Every operation of every spec, called for real against a loopback server.

For each operation the test calls the generated function by keyword with the
spec's request example and sample parameters, and checks what the server saw:
method, path (decoded segment by segment), query string, credentials, content
type and JSON body. The server answers with the documented response example,
which must decode into the documented model and encode back to the same JSON.
"""

from __future__ import annotations

import functools
import importlib
import json
from pathlib import Path
from typing import Any

import pytest

from codegen import ir
from codegen.load import load
from codegen.pipeline import api_for
from conftest import ROOT
from loopback import LoopbackServer, Reply, json_reply
from spec_strategies import normalized

SPECS = sorted((ROOT / "spec").glob("*.yaml"))


def operations() -> list[tuple[Path, ir.Api, ir.Operation]]:
    out = []
    for spec in SPECS:
        api = api_for(spec)
        out += [(spec, api, op) for op in api.operations]
    return out


OPERATIONS = operations()


@functools.cache
def spec_document(spec: Path) -> dict[str, Any]:
    return load(spec).data


def sample(param: ir.Parameter) -> tuple[Any, list[tuple[str, str]]]:
    """An argument for ``param`` and the query pairs it must become."""
    t = param.type.inner if isinstance(param.type, ir.Nullable) else param.type
    if isinstance(t, ir.Array):
        if param.serialization == "exploded":  # one pair per value: a comma is just a character
            values = [f"{param.py_name}-1", f"{param.py_name} 2,x"]
            return values, [(param.name, v) for v in values]
        values = [f"{param.py_name}-1", f"{param.py_name} 2"]  # joined: a comma in a value is refused
        return values, [(param.name, ",".join(values))]
    if isinstance(t, ir.Primitive) and t.kind == "integer":
        return 25, [(param.name, "25")]
    if isinstance(t, ir.Primitive) and t.kind == "boolean":
        return True, [(param.name, "true")]
    value = f"{param.py_name} value/&=?#é"
    return value, [(param.name, value)]


def example(spec_data: dict[str, Any], op: ir.Operation, status: str) -> Any:
    response = spec_data["paths"][op.path][op.method.lower()]["responses"][status]
    while "$ref" in response:
        response = spec_data["components"]["responses"][response["$ref"].rsplit("/", 1)[-1]]
    media = response.get("content", {}).get("application/json", {})
    if "examples" in media:
        return next(iter(media["examples"].values()))["value"]
    return media.get("example")


def credentials(api: ir.Api) -> dict[str, str]:
    return {s.py_name: f"secret-{s.py_name}" for s in api.security_schemes}


@pytest.mark.parametrize(("spec", "api", "op"), OPERATIONS, ids=[f"{a.package}.{o.function}" for _, a, o in OPERATIONS])
def test_operation_end_to_end(spec: Path, api: ir.Api, op: ir.Operation, server: LoopbackServer) -> None:
    spec_data = spec_document(spec)
    package = importlib.import_module(api.package)
    functions = importlib.import_module(f"{api.package}.api")
    client = package.Client(base_url=server.url, **credentials(api))

    kwargs: dict[str, Any] = {}
    expected_query: list[tuple[str, str]] = []
    expected_segments = [s for s in op.path.split("/")[1:]]
    for p in op.parameters:
        value, pairs = sample(p)
        kwargs[p.py_name] = value
        if p.location == "query":
            expected_query += pairs
        elif p.location == "path":
            expected_segments = [value if s == "{" + p.name + "}" else s for s in expected_segments]
    request_body = None
    if op.body is not None:
        request_body = spec_data["paths"][op.path][op.method.lower()]["requestBody"]["content"]["application/json"]["example"]
        kwargs["body"] = request_body
    success = op.success[0]
    reply_body = example(spec_data, op, success.status)
    server.reply(json_reply(int(success.status), reply_body) if reply_body is not None else Reply(int(success.status)))

    result = getattr(functions, op.function)(client, **kwargs)

    (seen,) = server.requests
    assert seen.method == op.method
    assert seen.segments == expected_segments
    assert seen.query == expected_query
    requirement = op.security[0] if op.security else ()
    for scheme in api.security_schemes:
        if scheme.name in requirement and scheme.location == "header":
            prefix = "Bearer " if scheme.scheme == "bearer" else ""
            assert seen.header(scheme.key) == prefix + f"secret-{scheme.py_name}"
    if request_body is not None:
        assert seen.header("Content-Type") == "application/json"
        assert json.loads(seen.body) == request_body
    else:
        assert seen.body == b""
    if reply_body is None:
        assert result is None
    elif isinstance(result, list):
        assert normalized([r.to_dict() for r in result]) == normalized(reply_body)
    else:
        if isinstance(success.type, ir.UnionRef):
            assert type(result).__name__ != "UnknownVariant", result
        else:
            assert type(result).__name__ == success.type.annotation()  # type: ignore[union-attr]
        assert normalized(result.to_dict()) == normalized(reply_body)


def test_every_datadog_operation_is_exercised() -> None:
    assert len([o for _, a, o in OPERATIONS if a.package == "datadog_llm_observability"]) == 27
