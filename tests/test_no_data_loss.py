"""Nothing sent or received is lost or changed: edge values round-trip exactly through
from_dict/to_dict and through a real request and response on loopback."""

from __future__ import annotations

import json
import pickle
import re
import tracemalloc
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import allllms
import datadog_llm_observability as dd
from datadog_llm_observability import UNSET
from allllms.api import list_models
from datadog_llm_observability.api import (
    create_llm_obs_dataset_records,
    delete_llm_obs_projects,
    list_llm_obs_annotation_queues,
    list_llm_obs_dataset_records,
    list_llm_obs_experiments,
    list_llm_obs_projects,
)
from datadog_llm_observability import _json
from datadog_llm_observability.errors import EncodeError
from datadog_llm_observability.models import (
    LLMObsDatasetRecordDataResponse,
    LLMObsDatasetRecordsListResponse,
    LLMObsDatasetRecordsRequest,
    LLMObsExperimentDataResponse,
    LLMObsDeleteProjectsDataAttributesRequest,
    LLMObsDeleteProjectsDataRequest,
    LLMObsDeleteProjectsRequest,
)
from loopback import LoopbackServer, Reply
from test_json_paths import typed

edge_numbers = st.sampled_from(
    [2**63 - 1, -(2**63), 2**63, -(2**63) - 1, 2**64, 2**64 + 1, -(2**64), 10**30, 1705314600123456789, 0, -1,
     1.0, -1.0, 0.0, 1e20, 2.0**53, 1.5, 5e-324, 1.7976931348623157e308, 0.1]
)
edge_texts = st.one_of(
    st.text(alphabet=st.characters(codec="utf-8"), max_size=12),
    st.sampled_from(["", "\ud800", "\udfff", "a\ud83db", "\U0001f600", "\U0010ffff", "\u0000", "\\", '"', "é" * 3, "\u2028"]),
)
leaves = st.one_of(st.none(), st.booleans(), edge_numbers, edge_texts)
edge_json = st.recursive(
    leaves,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(edge_texts, inner, max_size=3),
    max_leaves=10,
)


def record(input_: Any, expected: Any, extra: dict[str, Any]) -> dict[str, Any]:
    return {
        "created_at": "2024-01-15T10:30:00.123456789Z",
        "dataset_id": "d",
        "expected_output": expected,
        "id": "r",
        "input": input_,
        "metadata": None,
        "updated_at": "2024-01-15T10:30:00+05:30",
        **extra,
    }


extras = st.dictionaries(st.text(min_size=1, max_size=5).filter(lambda k: k not in record(0, 0, {})), edge_json, max_size=2)
pages = st.builds(
    lambda items, after, top: {"data": items, "meta": {"after": after}, **top},
    st.lists(st.builds(record, edge_json, edge_json, extras), max_size=3),
    st.one_of(st.none(), edge_texts),
    st.dictionaries(st.sampled_from(["links", "included", "_extra"]), edge_json, max_size=2),
)


def wire(value: Any) -> bytes:
    # ensure_ascii: lone surrogates travel as \ud800 escapes, as JSON allows
    return json.dumps(value, ensure_ascii=True).encode("ascii")


@settings(max_examples=100, deadline=None)
@given(page=pages)
def test_edge_values_round_trip_through_the_models(page: dict[str, Any]) -> None:
    decoded = LLMObsDatasetRecordsListResponse.from_dict(page)
    assert typed(decoded.to_dict()) == typed(page)
    assert typed(json.loads(decoded.to_json())) == typed(page)
    assert LLMObsDatasetRecordsListResponse.from_json(wire(page)) == decoded


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(page=pages)
def test_edge_values_survive_a_real_response(server: LoopbackServer, page: dict[str, Any]) -> None:
    server.reply(Reply(200, wire(page), [("Content-Type", "application/json")]))
    client = dd.Client(base_url=server.url, api_key="k", app_key="a")
    received = list_llm_obs_dataset_records(client, "p", "d")
    assert typed(received.to_dict()) == typed(page)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(input_=edge_json, expected=edge_json, extra=extras)
def test_edge_values_survive_a_real_request(server: LoopbackServer, input_: Any, expected: Any, extra: dict[str, Any]) -> None:
    body = {"data": {"attributes": {"records": [{"input": input_, "expected_output": expected, **extra}]}, "type": "records"}}
    server.reply(*[Reply(201, wire({"data": []}), [("Content-Type", "application/json")])] * 2)
    client = dd.Client(base_url=server.url, api_key="k", app_key="a")
    create_llm_obs_dataset_records(client, "p", "d", body=body)
    assert typed(server.requests[-1].json()) == typed(body)
    model = LLMObsDatasetRecordsRequest.from_dict(body)
    create_llm_obs_dataset_records(client, "p", "d", body=model)
    assert typed(server.requests[-1].json()) == typed(body)


def test_unknown_enum_values_and_unmatched_variants_survive_a_round_trip(server: LoopbackServer) -> None:
    odd = {"object": "list", "data": [{"id": "m", "object": "model-v2", "created": 2**63, "owned_by": "x", "new": [{}]}]}
    unmatched = {"models_v2": [], "next": None}
    server.reply(Reply(200, wire(odd)), Reply(200, wire(unmatched)))
    client = allllms.Client(base_url=server.url, api_key="t")
    first, second = list_models(client), list_models(client)
    assert typed(first.to_dict()) == typed(odd) and first.data[0].object_ == "model-v2"
    assert isinstance(second, allllms.UnknownVariant) and typed(second.raw) == typed(unmatched)


def test_a_string_where_an_array_belongs_is_refused_not_split_into_characters(server: LoopbackServer) -> None:
    client = dd.Client(base_url=server.url, api_key="k", app_key="a")
    ids = LLMObsDeleteProjectsDataAttributesRequest(project_ids="proj-123")
    body = LLMObsDeleteProjectsRequest(data=LLMObsDeleteProjectsDataRequest(type_="projects", attributes=ids))
    with pytest.raises(EncodeError, match=r"^project_ids: expected a list for an array, got 'proj-123'$"):
        ids.to_dict()
    with pytest.raises(EncodeError, match=r"^body\.data\.attributes\.project_ids: expected a list for an array, got 'proj-123'$"):
        delete_llm_obs_projects(client, body=body)
    with pytest.raises(TypeError, match="parameter 'queue_ids': expected a list of values, got str"):
        list_llm_obs_annotation_queues(client, queue_ids="abc")  # joined: queueIds=a,b,c
    with pytest.raises(TypeError, match="parameter 'filter_id': expected a list of values, got str"):
        list_llm_obs_experiments(client, filter_id="abc")  # exploded: filter[id]=a&filter[id]=b...
    # joined, ["a,b"] and ["a", "b"] would both be sent as queueIds=a,b
    with pytest.raises(ValueError, match="parameter 'queue_ids': the value 'a,b' holds ','"):
        list_llm_obs_annotation_queues(client, queue_ids=["a,b"])
    for number in (True, 2.5, float("nan")):  # True would go out as "true", 2.5 as "2.5"
        with pytest.raises(TypeError, match=f"parameter 'page_limit': expected an integer, got {number!r}"):
            list_llm_obs_projects(client, page_limit=number)  # type: ignore[arg-type]
    assert server.requests == []  # nothing was sent
    # a tuple is a sequence of values, as a list is
    assert LLMObsDeleteProjectsDataAttributesRequest(project_ids=("a", "b")).to_dict() == {"project_ids": ["a", "b"]}
    # the encoded list is a copy: changing it leaves the model as it was
    kept = LLMObsDeleteProjectsDataAttributesRequest(project_ids=["a"])
    kept.to_dict()["project_ids"].append("b")
    assert kept.project_ids == ["a"]
    server.reply(Reply(200, wire({"data": []}), [("Content-Type", "application/json")]))
    list_llm_obs_experiments(client, filter_id=("a", "b,c"))
    assert server.requests[-1].query == [("filter[id]", "a"), ("filter[id]", "b,c")]


def test_an_enum_field_holding_a_non_string_is_refused_not_converted() -> None:
    attributes = {"config": None, "created_at": "2024-01-01T00:00:00Z", "dataset_id": "d", "description": None,
                  "metadata": None, "name": "n", "project_id": "p", "updated_at": "2024-01-01T00:00:00Z"}
    experiment = LLMObsExperimentDataResponse.from_dict({"attributes": attributes, "id": "i", "type": "experiments"})
    assert experiment.to_dict()["type"].__class__ is str  # the member is written as its plain value
    experiment.type_ = "a-future-type"  # a value the spec does not list is written as given
    assert experiment.to_dict()["type"] == "a-future-type"
    experiment.type_ = 5  # type: ignore[assignment]
    # The path is the JSON one ("type"), not the attribute's name ("type_").
    with pytest.raises(EncodeError, match=r"^type: expected a string for an enum, got 5$"):
        experiment.to_dict()
    with pytest.raises(EncodeError, match=r"^type: expected a string for an enum, got 5$"):
        experiment.to_json()


def test_additional_properties_naming_a_defined_property_are_refused_not_dropped() -> None:
    from allllms.errors import EncodeError
    from allllms.models import GeminiModel, GeminiModelsResponse

    clash = GeminiModel(name="models/x", top_k=40, additional_properties={"topK": 7})
    with pytest.raises(EncodeError, match=r"^topK: additional_properties holds 'topK', a property of GeminiModel"):
        clash.to_dict()
    # an UNSET property is no different: what was given would bypass its type
    with pytest.raises(EncodeError, match=r"^models\[0\]\.topK: additional_properties holds 'topK'"):
        GeminiModelsResponse(models=[GeminiModel(name="m", additional_properties={"topK": "many"})]).to_json()


def test_additional_properties_with_a_key_that_is_not_a_string_are_refused_not_merged() -> None:
    from allllms.errors import EncodeError
    from allllms.models import GeminiModel, GeminiModelsResponse

    # Written as JSON, 1 would become "1", beside the "1" already there.
    odd = GeminiModel(name="m", additional_properties={1: "a", "1": "b"})
    with pytest.raises(EncodeError, match=r"^additional_properties: object keys must be strings, got 1$"):
        odd.to_dict()
    with pytest.raises(EncodeError, match=r"^models\[0\]: additional_properties: object keys must be strings, got 1$"):
        GeminiModelsResponse(models=[odd]).to_json()


def test_unknown_variants_compare_by_value_and_are_not_hashable() -> None:
    from allllms import UnknownVariant

    assert UnknownVariant({"a": [1]}) == UnknownVariant({"a": [1]}, reason="other")
    with pytest.raises(TypeError):
        hash(UnknownVariant("text"))


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"metadata": 5}, "metadata: expected a dict for an object, got 5"),
        ({"metadata": "tags"}, "metadata: expected a dict for an object, got 'tags'"),
        ({"metadata": UNSET}, "metadata: missing required property"),
        ({"input": UNSET}, "input: missing required property"),
        ({"expected_output": UNSET}, "expected_output: missing required property"),
        ({"additional_properties": {"extra": UNSET}}, "extra: expected a value, got UNSET"),
    ],
)
def test_free_form_fields_refuse_what_could_not_be_read_back(change: dict[str, Any], message: str) -> None:
    # A free-form object field holding 5 was written, then refused when read back;
    # UNSET in a required free-form field went into to_dict's output.
    from datadog_llm_observability.models import LLMObsDatasetRecordDataResponse

    record = LLMObsDatasetRecordDataResponse.from_dict({
        "created_at": "2024-01-01T00:00:00Z", "dataset_id": "d", "expected_output": None, "id": "r",
        "input": {"q": 1}, "metadata": {"k": [1]}, "updated_at": "2024-01-01T00:00:00Z",
    })
    assert LLMObsDatasetRecordDataResponse.from_dict(record.to_dict()) == record
    with pytest.raises(dd.EncodeError, match=f"^{re.escape(message)}$"):
        attrs.evolve(record, **change).to_dict()


def test_a_free_form_object_is_written_alike_whatever_mapping_holds_it() -> None:
    from collections import OrderedDict

    from datadog_llm_observability.models import LLMObsDatasetRecordDataResponse

    class Tags(dict[Any, Any]):
        pass

    record = LLMObsDatasetRecordDataResponse.from_dict({
        "created_at": "2024-01-01T00:00:00Z", "dataset_id": "d", "expected_output": None, "id": "r",
        "input": {"q": 1}, "metadata": None, "updated_at": "2024-01-01T00:00:00Z",
    })
    written = [attrs.evolve(record, metadata=held({"k": 1, 2: "two"})).to_json() for held in (dict, Tags, OrderedDict)]
    assert written[0] == written[1] == written[2]


@pytest.mark.parametrize("protocol", range(pickle.HIGHEST_PROTOCOL + 1))
def test_unknown_variants_survive_pickling_with_every_protocol(protocol: int) -> None:
    from allllms import UnknownVariant

    kept = UnknownVariant({"weird": [1, None]}, reason="no variant accepts it")
    again = pickle.loads(pickle.dumps(kept, protocol))
    assert (again.raw, again.reason) == (kept.raw, kept.reason)


@pytest.mark.parametrize("count", [1, 2])
def test_a_list_of_one_model_is_written_and_refused_like_a_longer_one(count: int) -> None:
    from datadog_llm_observability.models import LLMObsInferenceMessage, LLMObsInferenceToolCall

    calls = [LLMObsInferenceToolCall(name=f"tool-{i}", arguments={"n": i}) for i in range(count)]
    for given in (calls, tuple(calls)):
        assert LLMObsInferenceMessage(tool_calls=given).to_dict() == {"tool_calls": [c.to_dict() for c in calls]}  # type: ignore[arg-type]
    wrong: list[Any] = [*calls[:-1], {"name": "plain"}]
    with pytest.raises(EncodeError, match=rf"^tool_calls\[{count - 1}\]: expected an instance of LLMObsInferenceToolCall, got an object; decode plain"):
        LLMObsInferenceMessage(tool_calls=wrong).to_dict()


def test_any_json_values_are_shared_not_copied_as_the_readme_says() -> None:
    from datadog_llm_observability.models import LLMObsDatasetRecordItem

    data: dict[str, Any] = {"input": {"q": [1]}, "metadata": {"m": 1}}
    record = LLMObsDatasetRecordItem.from_dict(data)
    written = record.to_dict()
    assert record.input is data["input"] and written["input"] is data["input"] and written["metadata"] is data["metadata"]


def test_a_free_form_value_nested_far_too_deep_is_refused_without_exhausting_memory() -> None:
    # The check that a value is JSON walks it without copying its path at each level:
    # 20,000 levels took about 1.5 GB before; the error came long after.
    deep: Any = 1
    for _ in range(20_000):
        deep = [deep]
    record = LLMObsDatasetRecordDataResponse.from_dict(
        {"created_at": "2024-01-15T10:30:00Z", "dataset_id": "d", "id": "r", "metadata": {},
         "updated_at": "2024-01-15T10:30:00Z", "expected_output": 1, "input": deep}
    )
    tracemalloc.start()
    try:
        with pytest.raises(EncodeError, match="^the value is nested too deeply to write as JSON$"):
            record.to_json()
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 64 << 20
    # Where the problem is deep down, its place is still named in full.
    bad: Any = float("nan")
    for _ in range(3):
        bad = {"k": [bad]}
    problem = _json.locate_non_json({"input": bad})
    assert problem is not None and str(problem) == "input.k[0].k[0].k[0]: nan is not a JSON number"


def test_of_several_values_that_are_not_json_the_first_is_named() -> None:
    # A user fixes problems in the order they appear in the value.
    assert str(_json.locate_non_json([1, float("nan"), float("inf")])) == "[1]: nan is not a JSON number"
    assert str(_json.locate_non_json({"a": 1, "b": float("nan"), "c": [float("inf")]})) == "b: nan is not a JSON number"

    class Shifted(list):  # type: ignore[type-arg]  # its own indexing: the items are what iterating gives
        def __getitem__(self, i: Any) -> Any:
            return list.__getitem__(self, i + 1) if isinstance(i, int) else list.__getitem__(self, i)

    assert str(_json.locate_non_json({"a": Shifted([1, float("nan")])})) == "a[1]: nan is not a JSON number"
    records = [{"input": {"x": [1, float("nan")]}}, {"input": {"y": float("inf")}}]
    with pytest.raises(EncodeError, match=r"^body\.data\.attributes\.records\[0\]\.input\.x\[1\]: nan is not a JSON number$"):
        create_llm_obs_dataset_records(
            dd.Client(base_url="http://127.0.0.1:9", api_key="k", app_key="a"),
            "p", "d",
            body={"data": {"attributes": {"records": records}, "type": "datasets"}},
        )
