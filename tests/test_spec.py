"""The hand-maintained specs in spec/: valid OpenAPI, complete, and self-consistent."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from openapi_schema_validator import OAS30Validator
from openapi_spec_validator import validate

SPEC_DIR = Path(__file__).resolve().parent.parent / "spec"
SPEC_FILES = sorted(SPEC_DIR.glob("*.yaml"))
DATADOG = SPEC_DIR / "datadog_llm_observability.yaml"
HTTP_METHODS = ("get", "put", "post", "delete", "patch", "head", "options", "trace")


def load(path: Path) -> dict[str, Any]:
    with path.open(encoding="utf-8") as f:
        doc = yaml.safe_load(f)
    assert isinstance(doc, dict)
    return doc


def operations(doc: dict[str, Any]) -> Iterator[tuple[str, str, dict[str, Any]]]:
    for path, item in doc["paths"].items():
        for method in HTTP_METHODS:
            if method in item:
                yield path, method, item[method]


def resolve(doc: dict[str, Any], node: Any) -> Any:
    while isinstance(node, dict) and "$ref" in node:
        target: Any = doc
        for part in node["$ref"].removeprefix("#/").split("/"):
            target = target[part.replace("~1", "/").replace("~0", "~")]
        node = target
    return node


def walk(node: Any, pointer: str = "") -> Iterator[tuple[str, Any]]:
    yield pointer, node
    if isinstance(node, dict):
        for key, value in node.items():
            yield from walk(value, f"{pointer}/{key}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from walk(value, f"{pointer}/{i}")


@pytest.fixture(params=SPEC_FILES, ids=[p.name for p in SPEC_FILES])
def spec(request: pytest.FixtureRequest) -> dict[str, Any]:
    return load(request.param)


def test_specs_validate_as_openapi_3_0(spec: dict[str, Any]) -> None:
    assert spec["openapi"].startswith("3.0.")
    validate(spec)


def test_every_ref_resolves(spec: dict[str, Any]) -> None:
    broken = []
    for pointer, node in walk(spec):
        if isinstance(node, dict) and "$ref" in node:
            try:
                resolve(spec, node)
            except (KeyError, IndexError, TypeError):
                broken.append(f"{pointer}: {node['$ref']}")
    assert broken == []


def test_no_component_is_unused(spec: dict[str, Any]) -> None:
    used = {
        node["$ref"]
        for _, node in walk(spec)
        if isinstance(node, dict) and isinstance(node.get("$ref"), str)
    }
    security_used = {
        name
        for requirement in spec.get("security", [])
        + [r for _, _, op in operations(spec) for r in op.get("security", [])]
        for name in requirement
    }
    unused = []
    for kind, entries in spec.get("components", {}).items():
        for name in entries:
            if kind == "securitySchemes":
                if name not in security_used:
                    unused.append(f"{kind}/{name}")
            elif f"#/components/{kind}/{name}" not in used:
                unused.append(f"{kind}/{name}")
    assert unused == []


def test_operations_are_complete(spec: dict[str, Any]) -> None:
    declared_tags = {t["name"] for t in spec.get("tags", [])}
    seen: set[str] = set()
    for path, method, op in operations(spec):
        where = f"{method.upper()} {path}"
        op_id = op.get("operationId")
        assert op_id, f"{where}: no operationId"
        assert op_id not in seen, f"{where}: duplicate operationId {op_id}"
        seen.add(op_id)
        assert op.get("summary"), f"{where}: no summary"
        assert op.get("description"), f"{where}: no description"
        assert op.get("tags") and set(op["tags"]) <= declared_tags, f"{where}: tags"
        assert op.get("responses"), f"{where}: no responses"
        for status, response in op["responses"].items():
            response = resolve(spec, response)
            if status in ("202", "204"):
                assert "content" not in response, f"{where} {status}: has a body"
                continue
            schema = response.get("content", {}).get("application/json", {}).get("schema")
            assert schema, f"{where} {status}: no response schema"


def _validator(spec: dict[str, Any], schema: Any) -> OAS30Validator:
    # Resolve "#/components/..." against the whole document.
    root = {**schema, "components": spec.get("components", {})}
    return OAS30Validator(root)


def examples(spec: dict[str, Any]) -> Iterator[tuple[str, Any, Any]]:
    """(pointer, schema, example) for every example in the document."""
    for pointer, node in walk(spec):
        if not isinstance(node, dict):
            continue
        if "schema" in node and "example" in node:
            yield pointer, node["schema"], node["example"]
        if "schema" in node and "examples" in node:
            for name, ex in node["examples"].items():
                yield f"{pointer}/examples/{name}", node["schema"], resolve(spec, ex)["value"]
        if pointer.startswith("/components/schemas") and "example" in node:
            yield pointer, node, node["example"]


def test_every_example_is_valid_against_its_schema(spec: dict[str, Any]) -> None:
    found = list(examples(spec))
    assert found, "the spec has no examples"
    problems = []
    for pointer, schema, example in found:
        errors = list(_validator(spec, schema).iter_errors(example))
        problems += [f"{pointer}: {e.json_path}: {e.message}" for e in errors]
    assert problems == []


def test_example_validation_rejects_a_wrong_type() -> None:
    """The example check above must be able to fail."""
    doc = load(DATADOG)
    schema = {"$ref": "#/components/schemas/LLMObsDatasetDataAttributesResponse"}
    bad = {
        "created_at": "2024-01-15T10:30:00Z",
        "current_version": "integer",
        "description": "",
        "metadata": {},
        "name": "n",
        "updated_at": "2024-01-15T10:30:00Z",
    }
    assert list(_validator(doc, schema).iter_errors(bad))


# ---------------------------------------------------------------------------
# Datadog LLM Observability: what the reference pages document.

EXPECTED_OPERATIONS = {
    "ListLLMObsProjects": ("get", "/api/v2/llm-obs/v1/projects", "Projects"),
    "CreateLLMObsProject": ("post", "/api/v2/llm-obs/v1/projects", "Projects"),
    "UpdateLLMObsProject": ("patch", "/api/v2/llm-obs/v1/projects/{project_id}", "Projects"),
    "DeleteLLMObsProjects": ("post", "/api/v2/llm-obs/v1/projects/delete", "Projects"),
    "ListLLMObsDatasets": ("get", "/api/v2/llm-obs/v1/{project_id}/datasets", "Datasets"),
    "CreateLLMObsDataset": ("post", "/api/v2/llm-obs/v1/{project_id}/datasets", "Datasets"),
    "UpdateLLMObsDataset": (
        "patch",
        "/api/v2/llm-obs/v1/{project_id}/datasets/{dataset_id}",
        "Datasets",
    ),
    "DeleteLLMObsDatasets": (
        "post",
        "/api/v2/llm-obs/v1/{project_id}/datasets/delete",
        "Datasets",
    ),
    "ListLLMObsDatasetRecords": (
        "get",
        "/api/v2/llm-obs/v1/{project_id}/datasets/{dataset_id}/records",
        "Dataset Records",
    ),
    "CreateLLMObsDatasetRecords": (
        "post",
        "/api/v2/llm-obs/v1/{project_id}/datasets/{dataset_id}/records",
        "Dataset Records",
    ),
    "UpdateLLMObsDatasetRecords": (
        "patch",
        "/api/v2/llm-obs/v1/{project_id}/datasets/{dataset_id}/records",
        "Dataset Records",
    ),
    "DeleteLLMObsDatasetRecords": (
        "post",
        "/api/v2/llm-obs/v1/{project_id}/datasets/{dataset_id}/records/delete",
        "Dataset Records",
    ),
    "ListLLMObsExperiments": ("get", "/api/v2/llm-obs/v1/experiments", "Experiments"),
    "CreateLLMObsExperiment": ("post", "/api/v2/llm-obs/v1/experiments", "Experiments"),
    "UpdateLLMObsExperiment": (
        "patch",
        "/api/v2/llm-obs/v1/experiments/{experiment_id}",
        "Experiments",
    ),
    "DeleteLLMObsExperiments": ("post", "/api/v2/llm-obs/v1/experiments/delete", "Experiments"),
    "CreateLLMObsExperimentEvents": (
        "post",
        "/api/v2/llm-obs/v1/experiments/{experiment_id}/events",
        "Experiments",
    ),
    "ListLLMObsAnnotationQueues": (
        "get",
        "/api/v2/llm-obs/v1/annotation-queues",
        "Annotation Queues",
    ),
    "CreateLLMObsAnnotationQueue": (
        "post",
        "/api/v2/llm-obs/v1/annotation-queues",
        "Annotation Queues",
    ),
    "UpdateLLMObsAnnotationQueue": (
        "patch",
        "/api/v2/llm-obs/v1/annotation-queues/{queue_id}",
        "Annotation Queues",
    ),
    "DeleteLLMObsAnnotationQueue": (
        "delete",
        "/api/v2/llm-obs/v1/annotation-queues/{queue_id}",
        "Annotation Queues",
    ),
    "CreateLLMObsAnnotationQueueInteractions": (
        "post",
        "/api/v2/llm-obs/v1/annotation-queues/{queue_id}/interactions",
        "Annotation Queues",
    ),
    "GetLLMObsAnnotatedInteractions": (
        "get",
        "/api/v2/llm-obs/v1/annotation-queues/{queue_id}/annotated-interactions",
        "Annotation Queues",
    ),
    "DeleteLLMObsAnnotationQueueInteractions": (
        "post",
        "/api/v2/llm-obs/v1/annotation-queues/{queue_id}/interactions/delete",
        "Annotation Queues",
    ),
    "ListLLMObsIntegrationAccounts": (
        "get",
        "/api/v2/llm-obs/v1/integrations/{integration}/accounts",
        "Integrations",
    ),
    "ListLLMObsIntegrationModels": (
        "get",
        "/api/v2/llm-obs/v1/integrations/{integration}/{account_id}/models",
        "Integrations",
    ),
    "CreateLLMObsIntegrationInference": (
        "post",
        "/api/v2/llm-obs/v1/integrations/{integration}/{account_id}/inference",
        "Integrations",
    ),
}

# Response statuses as each reference page lists them.
_READ = {"200", "400", "401", "403", "429"}
_READ_404 = _READ | {"404"}
EXPECTED_STATUSES = {
    "ListLLMObsProjects": _READ,
    "CreateLLMObsProject": _READ | {"201"},
    "UpdateLLMObsProject": _READ_404,
    "DeleteLLMObsProjects": {"204", "400", "401", "403", "429"},
    "ListLLMObsDatasets": _READ_404,
    "CreateLLMObsDataset": _READ_404 | {"201"},
    "UpdateLLMObsDataset": _READ_404,
    "DeleteLLMObsDatasets": {"204", "400", "401", "403", "404", "429"},
    "ListLLMObsDatasetRecords": _READ_404,
    "CreateLLMObsDatasetRecords": _READ_404 | {"201"},
    "UpdateLLMObsDatasetRecords": _READ_404,
    "DeleteLLMObsDatasetRecords": {"204", "400", "401", "403", "404", "429"},
    "ListLLMObsExperiments": _READ,
    "CreateLLMObsExperiment": _READ | {"201"},
    "UpdateLLMObsExperiment": _READ_404,
    "DeleteLLMObsExperiments": {"204", "400", "401", "403", "429"},
    "CreateLLMObsExperimentEvents": {"202", "400", "401", "403", "404", "429"},
    "ListLLMObsAnnotationQueues": _READ,
    "CreateLLMObsAnnotationQueue": {"201", "400", "401", "403", "429"},
    "UpdateLLMObsAnnotationQueue": _READ_404,
    "DeleteLLMObsAnnotationQueue": {"204", "401", "403", "404", "429"},
    "CreateLLMObsAnnotationQueueInteractions": {"201", "400", "401", "403", "404", "429"},
    "GetLLMObsAnnotatedInteractions": _READ_404,
    "DeleteLLMObsAnnotationQueueInteractions": {"204", "400", "401", "403", "404", "429"},
    "ListLLMObsIntegrationAccounts": _READ,
    "ListLLMObsIntegrationModels": _READ,
    "CreateLLMObsIntegrationInference": _READ | {"500"},
}

SITES = {
    "datadoghq.com",
    "us3.datadoghq.com",
    "us5.datadoghq.com",
    "ap1.datadoghq.com",
    "ap2.datadoghq.com",
    "datadoghq.eu",
    "ddog-gov.com",
    "us2.ddog-gov.com",
}


@pytest.fixture(scope="module")
def datadog() -> dict[str, Any]:
    return load(DATADOG)


def test_datadog_has_exactly_the_documented_operations(datadog: dict[str, Any]) -> None:
    found = {op["operationId"]: (method, path, op["tags"][0]) for path, method, op in operations(datadog)}
    assert found == EXPECTED_OPERATIONS


def test_datadog_statuses_match_the_pages(datadog: dict[str, Any]) -> None:
    found = {op["operationId"]: set(op["responses"]) for _, _, op in operations(datadog)}
    assert found == EXPECTED_STATUSES


def test_datadog_servers_and_security(datadog: dict[str, Any]) -> None:
    (server,) = datadog["servers"]
    assert server["url"] == "https://{subdomain}.{site}"
    assert set(server["variables"]["site"]["enum"]) == SITES
    assert server["variables"]["site"]["default"] == "datadoghq.com"
    assert server["variables"]["subdomain"]["default"] == "api"
    schemes = datadog["components"]["securitySchemes"]
    assert (schemes["apiKeyAuth"]["in"], schemes["apiKeyAuth"]["name"]) == ("header", "DD-API-KEY")
    assert (schemes["appKeyAuth"]["in"], schemes["appKeyAuth"]["name"]) == (
        "header",
        "DD-APPLICATION-KEY",
    )
    for path, method, op in operations(datadog):
        requirements = op.get("security", datadog["security"])
        assert requirements == [{"apiKeyAuth": [], "appKeyAuth": []}], f"{method} {path}"
        assert op.get("x-preview") is True, f"{method} {path}: not marked as Preview"


def test_datadog_pagination_extension_matches_the_parameters(datadog: dict[str, Any]) -> None:
    for path, method, op in operations(datadog):
        names = {resolve(datadog, p)["name"] for p in op.get("parameters", [])}
        pagination = op.get("x-pagination")
        if "page[cursor]" not in names:
            assert pagination is None, f"{method} {path}"
            continue
        assert pagination == {
            "cursorParam": "page[cursor]",
            "limitParam": "page[limit]",
            "cursorPath": "meta.after",
            "itemsPath": "data",
        }
        schema = resolve(datadog, op["responses"]["200"]["content"]["application/json"]["schema"])
        assert resolve(datadog, schema["properties"]["data"])["type"] == "array"
        meta = resolve(datadog, schema["properties"]["meta"])
        assert meta["properties"]["after"]["type"] == "string"


@pytest.mark.parametrize("value", [None, "text", 1, 2.5, True, {"a": None, "b": [1, [2]]}, [None, [[]], {}]])
def test_any_value_admits_every_json_value_for_a_standard_validator(datadog: dict[str, Any], value: Any) -> None:
    """null included: in OpenAPI 3.0.3 ``nullable`` only counts beside a ``type``."""
    schema = {"$ref": "#/components/schemas/AnyValue"}
    assert [e.message for e in _validator(datadog, schema).iter_errors(value)] == []


def test_datadog_any_json_value_is_one_component(datadog: dict[str, Any]) -> None:
    """Every any-JSON field refers to AnyValue; no inline copy of the oneOf exists."""
    copies = [
        pointer
        for pointer, node in walk(datadog)
        if isinstance(node, dict)
        and "oneOf" in node
        and pointer != "/components/schemas/AnyValue"
    ]
    assert copies == []
    refs = [
        pointer
        for pointer, node in walk(datadog)
        if isinstance(node, dict) and node.get("$ref") == "#/components/schemas/AnyValue"
    ]
    fields = {p.rsplit("/", 1)[-1] for p in refs}
    assert fields == {"input", "expected_output", "output"}
