"""The ALLLLMS gateway package: one List Models endpoint answering in three formats."""

from __future__ import annotations

import logging
import sys
import threading
from typing import Any

import pytest

import allllms
from allllms import errors
from allllms.api import iter_list_gemini_models, list_gemini_models, list_models, list_models_detailed
from allllms.models import AnthropicModelsResponse, GeminiModelsResponse, OpenAIModelsResponse
from loopback import LoopbackServer, json_reply

TOKEN = "sk-gateway-5d1f3c"

OPENAI = {"object": "list", "data": [{"id": "gpt-4", "object": "model", "created": 1686935002, "owned_by": "openai"}]}
ANTHROPIC = {
    "data": [{"type": "model", "id": "claude-sonnet-4-20250514", "display_name": "Claude Sonnet 4", "created_at": "2025-05-22T00:00:00Z"}],
    "has_more": False,
    "first_id": "claude-sonnet-4-20250514",
    "last_id": "claude-sonnet-4-20250514",
}
GEMINI = {
    "models": [
        {
            "name": "models/gemini-2.5-flash",
            "version": "001",
            "displayName": "Gemini 2.5 Flash",
            "description": "Fast and versatile multimodal model.",
            "inputTokenLimit": 1048576,
            "outputTokenLimit": 65536,
            "supportedGenerationMethods": ["generateContent", "countTokens"],
            "temperature": 1,
            "topP": 0.95,
        }
    ],
    "nextPageToken": "",
}
AUTH_HEADERS = ("Authorization", "x-api-key", "anthropic-version", "x-goog-api-key")


def sent_auth(server: LoopbackServer) -> dict[str, str | None]:
    request = server.requests[-1]
    return {name: request.header(name) for name in AUTH_HEADERS if request.header(name) is not None}


@pytest.mark.parametrize(
    ("credential", "served", "cls", "headers", "query"),
    [
        ({"api_key": TOKEN}, OPENAI, OpenAIModelsResponse, {"Authorization": f"Bearer {TOKEN}"}, []),
        (
            {"anthropic_api_key": TOKEN},
            ANTHROPIC,
            AnthropicModelsResponse,
            {"x-api-key": TOKEN, "anthropic-version": "2023-06-01"},
            [],
        ),
        ({"gemini_api_key": TOKEN}, GEMINI, GeminiModelsResponse, {"x-goog-api-key": TOKEN}, []),
        ({"gemini_query_key": TOKEN}, GEMINI, GeminiModelsResponse, {}, [("key", TOKEN)]),
    ],
    ids=["openai-bearer", "anthropic-x-api-key", "gemini-header", "gemini-query"],
)
def test_each_format_decodes_into_its_own_class_with_nothing_lost(
    server: LoopbackServer,
    credential: dict[str, str],
    served: dict[str, Any],
    cls: type,
    headers: dict[str, str],
    query: list[tuple[str, str]],
) -> None:
    client = allllms.Client(base_url=server.url, **credential)
    server.reply(json_reply(200, served))
    result = list_models(client)
    assert type(result) is cls
    assert result.to_dict() == served
    assert sent_auth(server) == headers
    assert server.requests[-1].query == query
    assert server.requests[-1].path == "/v1/models"


def test_the_first_credential_in_spec_order_chooses_the_format(server: LoopbackServer) -> None:
    client = allllms.Client(base_url=server.url, gemini_api_key="g", anthropic_api_key="a")
    server.reply(json_reply(200, ANTHROPIC))
    assert type(list_models(client)) is AnthropicModelsResponse
    assert sent_auth(server) == {"x-api-key": "a", "anthropic-version": "2023-06-01"}


def test_a_key_passed_to_the_client_wins_over_the_bearer_token_from_the_environment(
    server: LoopbackServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ALLLLMS_API_KEY", "from-env")
    server.reply(json_reply(200, ANTHROPIC), json_reply(200, OPENAI))
    assert type(list_models(allllms.Client(base_url=server.url, anthropic_api_key="a"))) is AnthropicModelsResponse
    assert sent_auth(server) == {"x-api-key": "a", "anthropic-version": "2023-06-01"}
    assert type(list_models(allllms.Client(base_url=server.url))) is OpenAIModelsResponse
    assert sent_auth(server) == {"Authorization": "Bearer from-env"}


def test_anthropic_version_can_be_chosen(server: LoopbackServer) -> None:
    client = allllms.Client(base_url=server.url, anthropic_api_key="a", anthropic_version="2024-10-22")
    server.reply(json_reply(200, ANTHROPIC))
    list_models(client)
    assert sent_auth(server)["anthropic-version"] == "2024-10-22"


def test_unknown_fields_are_kept_in_every_format(server: LoopbackServer) -> None:
    client = allllms.Client(base_url=server.url, api_key=TOKEN)
    for served in (OPENAI, ANTHROPIC, GEMINI):
        extended = {**served, "gateway_note": {"cached": True}}
        first_list = "models" if "models" in served else "data"
        extended[first_list] = [{**served[first_list][0], "context_window": 200000}]
        server.reply(json_reply(200, extended))
        assert list_models(client).to_dict() == extended


def test_an_empty_openai_list_with_an_extra_field_is_still_the_openai_format(server: LoopbackServer) -> None:
    # {"data": [], "has_more": ...} fits the Anthropic shape too; "object": "list" names OpenAI's.
    client = allllms.Client(base_url=server.url, api_key=TOKEN)
    served = {"object": "list", "data": [], "has_more": False}
    server.reply(json_reply(200, served))
    result = list_models(client)
    assert type(result) is OpenAIModelsResponse and result.to_dict() == served


def test_a_response_of_no_known_shape_is_kept_raw(server: LoopbackServer) -> None:
    client = allllms.Client(base_url=server.url, api_key=TOKEN)
    odd = {"models_v2": [{"slug": "x"}]}
    server.reply(json_reply(200, odd))
    response = list_models_detailed(client)
    assert isinstance(response.parsed, allllms.UnknownVariant)
    assert response.parsed.raw == odd and response.status_code == 200


@pytest.mark.parametrize(
    "empty",
    [{"data": [], "has_more": False, "first_id": None, "last_id": None}, {"data": [], "has_more": False}],
    ids=["ids-null", "ids-left-out"],
)
def test_an_empty_anthropic_page_decodes_whether_its_ids_are_null_or_left_out(
    server: LoopbackServer, empty: dict[str, Any]
) -> None:
    client = allllms.Client(base_url=server.url, anthropic_api_key=TOKEN)
    server.reply(json_reply(200, empty))
    result = list_models(client)
    assert type(result) is AnthropicModelsResponse
    assert result.data == [] and result.to_dict() == empty


def test_both_list_shapes_with_data_are_told_apart_by_what_they_require(server: LoopbackServer) -> None:
    client = allllms.Client(base_url=server.url, api_key=TOKEN)
    ambiguous = {"data": []}  # neither "object" (OpenAI) nor "has_more" (Anthropic)
    server.reply(json_reply(200, ambiguous))
    assert isinstance(list_models(client), allllms.UnknownVariant)


def test_native_gemini_listing_pages_through_next_page_token(server: LoopbackServer) -> None:
    client = allllms.Client(base_url=server.url, gemini_api_key=TOKEN)
    first = {"models": [{"name": "models/a"}, {"name": "models/b"}], "nextPageToken": "t1"}
    second = {"models": [{"name": "models/c"}], "nextPageToken": ""}
    server.reply(json_reply(200, first), json_reply(200, second))
    names = [m.name for m in iter_list_gemini_models(client, page_size=2)]
    assert names == ["models/a", "models/b", "models/c"]
    assert [r.path for r in server.requests] == ["/v1beta/models", "/v1beta/models"]
    assert [r.query for r in server.requests] == [[("pageSize", "2")], [("pageSize", "2"), ("pageToken", "t1")]]
    assert {r.header("x-goog-api-key") for r in server.requests} == {TOKEN}


def test_native_gemini_listing_decodes_the_gemini_shape(server: LoopbackServer) -> None:
    client = allllms.Client(base_url=server.url, gemini_query_key=TOKEN)
    server.reply(json_reply(200, GEMINI))
    result = list_gemini_models(client)
    assert type(result) is GeminiModelsResponse and result.to_dict() == GEMINI
    assert server.requests[0].query == [("key", TOKEN)]


# How a gateway reproducing the Gemini format fills what it has no value for.
GEMINI_WITH_NULLS = {
    "models": [
        {"name": "gpt-4", "baseModelId": None, "version": None, "displayName": "gpt-4", "description": None,
         "inputTokenLimit": None, "outputTokenLimit": None, "supportedGenerationMethods": None, "thinking": None,
         "temperature": None, "maxTemperature": None, "topP": None, "topK": None}
    ],
    "nextPageToken": None,
}


def test_a_gemini_page_with_null_fields_and_no_next_token_decodes_typed(server: LoopbackServer) -> None:
    client = allllms.Client(base_url=server.url, gemini_api_key=TOKEN)
    server.reply(json_reply(200, GEMINI_WITH_NULLS), json_reply(200, GEMINI_WITH_NULLS), json_reply(200, GEMINI_WITH_NULLS))
    listed = list_models(client)
    assert type(listed) is GeminiModelsResponse and listed.next_page_token is None
    assert listed.models[0].version is None and listed.to_dict() == GEMINI_WITH_NULLS
    native = list_gemini_models(client)
    assert type(native) is GeminiModelsResponse and native.to_dict() == GEMINI_WITH_NULLS
    assert [m.name for m in iter_list_gemini_models(client)] == ["gpt-4"]  # null token: the last page
    assert len(server.requests) == 3


def test_a_bearer_token_cannot_call_the_native_gemini_listing(server: LoopbackServer) -> None:
    client = allllms.Client(base_url=server.url, api_key=TOKEN)
    with pytest.raises(errors.MissingCredentialsError, match="^list_gemini_models needs one of: gemini_api_key; gemini_query_key$"):
        list_gemini_models(client)
    assert server.requests == []


@pytest.mark.parametrize("code", ["invalid_api_key", 401, None])
def test_unauthorized_carries_the_error_response(server: LoopbackServer, code: Any) -> None:
    client = allllms.Client(base_url=server.url, api_key=TOKEN)
    body = {"error": {"message": "Invalid token", "type": "new_api_error", "param": "", "code": code}}
    server.reply(json_reply(401, body))
    with pytest.raises(errors.UnauthorizedError) as info:
        list_models(client)
    assert info.value.parsed.error.message == "Invalid token"
    assert info.value.parsed.error.code == code
    assert info.value.parsed.to_dict() == body
    assert "Invalid token" in str(info.value)


def test_no_credential_at_all_is_refused_before_sending(server: LoopbackServer, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("ALLLLMS_API_KEY", raising=False)
    client = allllms.Client(base_url=server.url)
    with pytest.raises(errors.MissingCredentialsError) as info:
        list_models(client)
    # anthropic-version has a default: only the key is lacking for that alternative
    assert str(info.value) == (
        "list_models needs one of: api_key (or $ALLLLMS_API_KEY); anthropic_api_key; gemini_api_key; gemini_query_key"
    )
    assert server.requests == []


def test_the_gateway_address_comes_from_the_argument_the_environment_or_the_default(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("ALLLLMS_BASE_URL", raising=False)
    assert allllms.Client(api_key="t").base_url == "http://localhost:3000"
    monkeypatch.setenv("ALLLLMS_BASE_URL", "https://gateway.example.com/")
    assert allllms.Client(api_key="t").base_url == "https://gateway.example.com"
    assert allllms.Client(base_url="http://10.0.0.5:8080", api_key="t").base_url == "http://10.0.0.5:8080"


def test_a_gateway_under_a_path_prefix(server: LoopbackServer) -> None:
    client = allllms.Client(base_url=server.url + "/llm-gateway", api_key=TOKEN)
    server.reply(json_reply(200, OPENAI))
    list_models(client)
    assert server.requests[0].path == "/llm-gateway/v1/models"


def test_query_keys_are_hidden_whole_in_logs_while_other_clients_are_made() -> None:
    # One key may hold another; clients may be made on one thread while urllib3
    # logs on another.
    from allllms import _params

    log = logging.getLogger("urllib3.connectionpool")
    nested = [f"gk-{'9' * n}" for n in range(1, 31)]
    for key in nested:
        _params.hide_in_urllib3_logs(key)
    record = log.makeRecord(log.name, logging.DEBUG, __file__, 1, "GET /v1beta/models?key=%s", (nested[-1],), None)
    assert all(f.filter(record) for f in log.filters) and record.getMessage() == "GET /v1beta/models?key=<redacted>"
    failures: list[BaseException] = []
    done = threading.Event()

    def logging_thread() -> None:
        while not done.is_set():
            try:
                for f in log.filters:
                    f.filter(log.makeRecord(log.name, logging.DEBUG, __file__, 1, "key=%s", (nested[0],), None))
            except BaseException as error:  # noqa: BLE001 - reported below
                failures.append(error)
                return

    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)  # the threads take turns as often as they can
    thread = threading.Thread(target=logging_thread)
    thread.start()
    try:
        for i in range(300):
            _params.hide_in_urllib3_logs(f"gk-{i}")
    finally:
        done.set()
        thread.join()
        sys.setswitchinterval(interval)
    assert failures == []


def test_a_query_key_never_shows_in_errors_or_logs(server: LoopbackServer, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    client = allllms.Client(base_url=server.url, gemini_query_key=TOKEN, retries=0)
    server.reply(json_reply(500, {"error": {"message": "upstream failed"}}))
    with pytest.raises(errors.ServerError) as info:
        list_models(client)
    assert TOKEN not in str(info.value) and "key=<redacted>" in str(info.value)
    assert any(r.name.startswith("urllib3") for r in caplog.records)
    assert caplog.records and all(TOKEN not in r.getMessage() for r in caplog.records)
    assert TOKEN not in repr(client)


def test_a_variant_whose_extra_properties_would_make_it_read_as_another_is_not_written() -> None:
    from allllms.models import models_response_from_dict, models_response_to_dict

    for fine in (AnthropicModelsResponse(data=[], has_more=False), GeminiModelsResponse(models=[])):
        assert models_response_from_dict(models_response_to_dict(fine)) == fine
    # "object": "list" is what makes an OpenAI list, whatever class holds it.
    posing = AnthropicModelsResponse(data=[], has_more=False, additional_properties={"object": "list"})
    with pytest.raises(allllms.EncodeError, match="^what AnthropicModelsResponse writes would be read back as OpenAIModelsResponse$"):
        models_response_to_dict(posing)
    ambiguous = GeminiModelsResponse(models=[], additional_properties={"data": [], "has_more": True})
    with pytest.raises(allllms.EncodeError, match="would not be read back as it: several variants accept it"):
        models_response_to_dict(ambiguous)


def test_a_query_key_is_not_in_the_locals_of_a_failed_calls_traceback() -> None:
    # Error reporters (Sentry, pytest --showlocals) record every frame's locals.
    import socket
    import traceback

    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))
        port = closed.getsockname()[1]
    client = allllms.Client(base_url=f"http://127.0.0.1:{port}", gemini_query_key="SEKRET-123", retries=0)
    with pytest.raises(errors.ConnectionError) as info:
        list_gemini_models(client)
    assert "SEKRET" not in str(info.value) and "SEKRET" not in repr(info.value.url)
    frames = traceback.TracebackException.from_exception(info.value, capture_locals=True).stack
    shown = [value for frame in frames for value in (frame.locals or {}).values()]
    assert shown and not [value for value in shown if "SEKRET" in value]
