"""Generator unit tests for the HTTP side, from inline spec snippets: servers,
security schemes, parameters and responses, each called against a loopback server."""

from __future__ import annotations

import enum
import importlib
import inspect
import re
from datetime import datetime, timezone
from types import ModuleType
from typing import Any

import pytest

from conftest import BuildPackage, spec_with
from loopback import LoopbackServer, Reply, json_reply

THING = {"Thing": {"type": "object", "properties": {"id": {"type": "string"}}}}
OK = {"200": {"description": "ok", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Thing"}}}}}


def get(op_id: str, **extra: Any) -> dict[str, Any]:
    return {"get": {"operationId": op_id, "responses": OK, **extra}}


def api(pkg: ModuleType) -> Any:
    return importlib.import_module(pkg.__name__ + ".api")


SCHEMES = {
    "bearer": {"type": "http", "scheme": "bearer"},
    "basicAuth": {"type": "http", "scheme": "basic"},
    "headerKey": {"type": "apiKey", "in": "header", "name": "X-Key"},
    "queryKey": {"type": "apiKey", "in": "query", "name": "token", "x-env": "SNIPPET_TOKEN"},
    "version": {"type": "apiKey", "in": "header", "name": "X-Version", "x-default": "v1", "x-client-param": "version"},
    "sessionCookie": {"type": "apiKey", "in": "cookie", "name": "session"},
    "csrfCookie": {"type": "apiKey", "in": "cookie", "name": "csrf"},
}


def secured(*requirements: dict[str, list[str]]) -> dict[str, Any]:
    return spec_with(
        THING,
        paths={"/thing": get("GetThing", security=list(requirements))},
        servers=[{"url": "http://localhost:1"}],
        components={"schemas": THING, "securitySchemes": SCHEMES},
    )


def test_bearer_tokens_go_in_the_authorization_header(build_package: BuildPackage, server: LoopbackServer) -> None:
    pkg = build_package(secured({"bearer": []}))
    client = pkg.Client(base_url=server.url, bearer="tok")
    api(pkg).get_thing(client)
    assert server.requests[0].header("Authorization") == "Bearer tok"


def test_a_second_bearer_scheme_is_named_after_itself(build_package: BuildPackage, server: LoopbackServer) -> None:
    spec = spec_with(
        THING,
        {"/things": get("get_thing", security=[{"user": []}, {"app": []}])},
        components={"schemas": THING, "securitySchemes": {"user": {"type": "http", "scheme": "bearer"}, "app": {"type": "http", "scheme": "bearer"}}},
    )
    pkg = build_package(spec)
    api(pkg).get_thing(pkg.Client(base_url=server.url, user="t2"))  # schemes are named in sorted order: app is "bearer"
    api(pkg).get_thing(pkg.Client(base_url=server.url, bearer="t1"))
    assert [r.header("Authorization") for r in server.requests] == ["Bearer t2", "Bearer t1"]


def test_cookie_api_keys_of_several_schemes_share_the_cookie_header(
    build_package: BuildPackage, server: LoopbackServer
) -> None:
    pkg = build_package(secured({"sessionCookie": [], "csrfCookie": []}))
    client = pkg.Client(base_url=server.url, session_cookie="s1", csrf_cookie="c2", headers={"Cookie": "theme=dark"})
    api(pkg).get_thing(client)
    first, *credentials = server.requests[0].header("Cookie").split("; ")
    assert (first, sorted(credentials)) == ("theme=dark", ["csrf=c2", "session=s1"])


def test_query_api_keys_go_in_the_query_and_never_in_messages(build_package: BuildPackage, server: LoopbackServer, monkeypatch: pytest.MonkeyPatch) -> None:
    pkg = build_package(secured({"queryKey": []}))
    monkeypatch.setenv("SNIPPET_TOKEN", "s3cr3t&x")
    client = pkg.Client(base_url=server.url, retries=0)
    server.reply(json_reply(404, {"error": "nope"}))
    with pytest.raises(pkg.NotFoundError) as info:
        api(pkg).get_thing(client)
    assert server.requests[0].query == [("token", "s3cr3t&x")]
    assert "s3cr3t" not in str(info.value) and "token=<redacted>" in str(info.value)


def test_the_first_alternative_with_every_credential_is_used(build_package: BuildPackage, server: LoopbackServer) -> None:
    pkg = build_package(secured({"bearer": []}, {"headerKey": [], "version": []}))
    client = pkg.Client(base_url=server.url, header_key="k")
    api(pkg).get_thing(client)
    seen = server.requests[0]
    assert (seen.header("X-Key"), seen.header("X-Version"), seen.header("Authorization")) == ("k", "v1", None)


def test_a_credential_passed_to_the_client_wins_over_one_from_the_environment(
    build_package: BuildPackage, server: LoopbackServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    # queryKey is read from $SNIPPET_TOKEN and listed first; the caller passes header_key.
    pkg = build_package(secured({"queryKey": []}, {"headerKey": []}))
    monkeypatch.setenv("SNIPPET_TOKEN", "from-env")
    api(pkg).get_thing(pkg.Client(base_url=server.url, header_key="k"))
    api(pkg).get_thing(pkg.Client(base_url=server.url))
    api(pkg).get_thing(pkg.Client(base_url=server.url, header_key="k", query_key="q"))
    sent = [(r.header("X-Key"), r.query) for r in server.requests]
    assert sent == [("k", []), (None, [("token", "from-env")]), (None, [("token", "q")])]


def test_an_empty_requirement_makes_credentials_optional(build_package: BuildPackage, server: LoopbackServer) -> None:
    pkg = build_package(secured({"bearer": []}, {}))
    api(pkg).get_thing(pkg.Client(base_url=server.url))
    assert server.requests[0].header("Authorization") is None
    api(pkg).get_thing(pkg.Client(base_url=server.url, bearer="t"))
    assert server.requests[1].header("Authorization") == "Bearer t"


def test_basic_credentials_are_encoded_unless_given_as_the_token(build_package: BuildPackage, server: LoopbackServer) -> None:
    pkg = build_package(secured({"basicAuth": []}))
    for given in ("dXNlcjpwdw==", "user:pw", ("user", "pw")):
        api(pkg).get_thing(pkg.Client(base_url=server.url, basic=given))
        assert server.requests[-1].header("Authorization") == "Basic dXNlcjpwdw=="
    assert "user:password" in pkg.Client.__doc__
    with pytest.raises(ValueError, match="pair of strings"):
        pkg.Client(base_url=server.url, basic=("user",))  # type: ignore[arg-type]


def test_a_relative_server_url_is_the_path_under_a_base_url_without_one(
    build_package: BuildPackage, server: LoopbackServer
) -> None:
    pkg = build_package(spec_with(THING, paths={"/thing": get("GetThing")}, servers=[{"url": "/api/v1/"}]))
    for base, path in ((server.url, "/api/v1/thing"), (server.url + "/", "/api/v1/thing"), (server.url + "/other", "/other/thing")):
        api(pkg).get_thing(pkg.Client(base_url=base))
        assert server.requests[-1].path == path
    assert "/api/v1" in pkg.Client.__doc__


def test_a_server_url_that_is_one_variable_becomes_the_base_url(build_package: BuildPackage, monkeypatch: pytest.MonkeyPatch) -> None:
    spec = spec_with(THING, paths={"/thing": get("GetThing")}, servers=[{"url": "{gateway}", "variables": {"gateway": {"default": "http://localhost:9999", "x-env": "GATEWAY_URL"}}}])
    pkg = build_package(spec, name="whole_url_pkg")
    monkeypatch.delenv("GATEWAY_URL", raising=False)
    monkeypatch.delenv("WHOLE_URL_PKG_BASE_URL", raising=False)
    assert pkg.Client().base_url == "http://localhost:9999"
    monkeypatch.setenv("GATEWAY_URL", "https://gw.example.com")
    assert pkg.Client().base_url == "https://gw.example.com"
    assert pkg.Client(base_url="http://other:1").base_url == "http://other:1"
    with pytest.raises(TypeError):
        pkg.Client(gateway="x")  # no second way to say the same thing


def test_server_variables_with_enums_are_checked(build_package: BuildPackage) -> None:
    spec = spec_with(
        THING,
        paths={"/thing": get("GetThing")},
        servers=[{"url": "https://{region}.example.com/{version}", "variables": {"region": {"default": "eu", "enum": ["eu", "us"]}, "version": {"default": "v2"}}}],
    )
    pkg = build_package(spec)
    assert pkg.Client().base_url == "https://eu.example.com/v2"
    assert pkg.Client(region="us", version="v3").base_url == "https://us.example.com/v3"
    with pytest.raises(ValueError, match="unknown region 'ap': use one of eu, us"):
        pkg.Client(region="ap")


def test_server_variables_differing_in_case_keep_their_own_values(build_package: BuildPackage) -> None:
    variables = {"ab": {"default": "x", "enum": ["x", "y"]}, "aB": {"default": "p", "enum": ["p", "q"]}}
    spec = spec_with(THING, paths={"/thing": get("GetThing")}, servers=[{"url": "https://{ab}.{aB}.example.com", "variables": variables}])
    pkg = build_package(spec)
    assert pkg.Client().base_url == "https://x.p.example.com"
    assert pkg.Client(ab="y", a_b="q").base_url == "https://y.q.example.com"
    with pytest.raises(ValueError, match="use one of p, q"):
        pkg.Client(a_b="x")


def test_without_a_server_the_base_url_is_required(build_package: BuildPackage) -> None:
    pkg = build_package(spec_with(THING, paths={"/thing": get("GetThing")}, servers=[{"url": "/"}]))
    with pytest.raises(ValueError, match="base_url"):
        pkg.Client()


def test_header_parameters_are_sent_and_checked(build_package: BuildPackage, server: LoopbackServer) -> None:
    params = [
        {"name": "X-Trace", "in": "header", "required": True, "schema": {"type": "string"}},
        {"name": "X-Count", "in": "header", "schema": {"type": "integer"}},
    ]
    pkg = build_package(spec_with(THING, paths={"/thing": get("GetThing", parameters=params)}))
    client = pkg.Client(base_url=server.url)
    api(pkg).get_thing(client, x_trace="t-1", x_count=3)
    assert (server.requests[0].header("X-Trace"), server.requests[0].header("X-Count")) == ("t-1", "3")
    with pytest.raises(ValueError, match="CR, LF or NUL"):
        api(pkg).get_thing(client, x_trace="a\r\nX-Evil: 1")
    assert len(server.requests) == 1


def test_parameter_names_that_clash_with_reserved_arguments_are_renamed(build_package: BuildPackage, server: LoopbackServer) -> None:
    params = [
        {"name": "timeout", "in": "query", "schema": {"type": "integer"}},
        {"name": "body", "in": "query", "schema": {"type": "string"}},
    ]
    pkg = build_package(spec_with(THING, paths={"/thing": get("GetThing", parameters=params)}))
    api(pkg).get_thing(pkg.Client(base_url=server.url), timeout_=5, body_="b")
    assert server.requests[0].query == [("timeout", "5"), ("body", "b")]


def test_array_query_parameters_follow_their_style(build_package: BuildPackage, server: LoopbackServer) -> None:
    params = [
        {"name": "ids", "in": "query", "schema": {"type": "array", "items": {"type": "string"}}},
        {"name": "tags", "in": "query", "explode": False, "schema": {"type": "array", "items": {"type": "string"}}},
    ]
    pkg = build_package(spec_with(THING, paths={"/thing": get("GetThing", parameters=params)}))
    api(pkg).get_thing(pkg.Client(base_url=server.url), ids=["a", "b"], tags=["x", "y"])
    assert server.requests[0].query == [("ids", "a"), ("ids", "b"), ("tags", "x,y")]


def test_integer_number_and_boolean_parameters_refuse_values_of_another_kind(
    build_package: BuildPackage, server: LoopbackServer
) -> None:
    params = [
        {"name": "itemNo", "in": "path", "required": True, "schema": {"type": "integer"}},
        {"name": "limit", "in": "query", "schema": {"type": "integer"}},
        {"name": "level", "in": "query", "schema": {"type": "integer", "enum": [1, 2]}},
        {"name": "ratio", "in": "query", "schema": {"type": "number"}},
        {"name": "flag", "in": "query", "schema": {"type": "boolean"}},
        {"name": "ids", "in": "query", "schema": {"type": "array", "items": {"type": "integer"}}},
        {"name": "X-Sizes", "in": "header", "schema": {"type": "array", "items": {"type": "integer"}}},
        {"name": "label", "in": "query", "schema": {"type": "string"}},
        {"name": "since", "in": "query", "schema": {"type": "string", "format": "date-time"}},
        {"name": "tags", "in": "query", "explode": False, "schema": {"type": "array", "items": {"type": "string"}}},
    ]
    pkg = build_package(spec_with(THING, paths={"/items/{itemNo}": get("GetItems", parameters=params)}))
    client, get_items = pkg.Client(base_url=server.url), api(pkg).get_items
    level = next(iter(importlib.import_module(pkg.__name__ + ".models").GetItemsLevel))
    get_items(client, 7, limit=5, level=level, ratio=0.5, flag=False, ids=[1, 2], x_sizes=[3, 4])
    get_items(client, 8, level=3)  # a value the spec does not list goes out as it is

    class Label(str, enum.Enum):
        A = "a"

    class Plain(enum.Enum):  # not an int: refused where the enum's members are ints
        ONE = 1

    since = datetime(2024, 1, 1, 12, tzinfo=timezone.utc)
    get_items(client, 9, label=Label.A, since=since, tags=["x", Label.A])  # a string's subclass is a string
    seen = server.requests[0]
    assert seen.segments == ["items", "7"] and seen.header("X-Sizes") == "3,4"
    assert seen.query == [("limit", "5"), ("level", "1"), ("ratio", "0.5"), ("flag", "false"), ("ids", "1"), ("ids", "2")]
    assert server.requests[1].query == [("level", "3")]
    assert server.requests[2].query == [("label", "a"), ("since", "2024-01-01T12:00:00Z"), ("tags", "x,a")]
    for bad, message in [
        ({"item_no": True}, "parameter 'item_no': expected an integer, got True"),
        ({"item_no": None}, "parameter 'item_no': expected an integer, got None"),  # required: no hint
        ({"level": True}, "parameter 'level': expected an integer, got True"),
        ({"limit": 2.5}, "parameter 'limit': expected an integer, got 2.5"),
        ({"limit": "5"}, "parameter 'limit': expected an integer, got '5'"),
        ({"ratio": True}, "parameter 'ratio': expected a number, got True"),
        ({"flag": 1}, "parameter 'flag': expected True or False, got 1"),
        ({"ids": [1, False]}, "parameter 'ids': expected an integer, got False"),
        ({"x_sizes": [1.0]}, "parameter 'x_sizes': expected an integer, got 1.0"),
        ({"level": Plain.ONE}, "parameter 'level': expected an integer, got a Plain"),
        ({"label": 5}, "parameter 'label': expected a string, got 5"),
        ({"label": True}, "parameter 'label': expected a string, got True"),
        ({"since": "2024-01-01T00:00:00Z"}, "parameter 'since': expected a datetime, got '2024-01-01T00:00:00Z'"),
        ({"tags": ["a", 2]}, "parameter 'tags': expected a string, got 2"),
    ]:
        with pytest.raises(TypeError, match=re.escape(message) + "$"):
            get_items(client, **{"item_no": 1, **bad})
    for number in (float("nan"), float("-inf")):
        with pytest.raises(ValueError, match=f"parameter 'ratio': {number!r} is not a number"):
            get_items(client, 1, ratio=number)
    assert len(server.requests) == 3


def test_nullable_parameters_are_not_annotated_as_taking_none(build_package: BuildPackage, server: LoopbackServer) -> None:
    # A parameter has no way to send null: None is refused, so a type checker must not accept it.
    params = [
        {"name": "limit", "in": "query", "schema": {"type": "integer", "nullable": True}},
        {"name": "ids", "in": "query", "schema": {"type": "array", "items": {"type": "integer", "nullable": True}}},
    ]
    pkg = build_package(spec_with(THING, paths={"/items": get("GetItems", parameters=params)}))
    get_items = api(pkg).get_items
    annotations = {name: p.annotation for name, p in inspect.signature(get_items).parameters.items()}
    assert annotations["limit"] == "int | Unset" and annotations["ids"] == "list[int] | Unset"
    client = pkg.Client(base_url=server.url)
    with pytest.raises(TypeError) as info:
        get_items(client, limit=None)
    assert str(info.value) == "parameter 'limit': expected an integer, got None; to send nothing, leave the argument out (UNSET)"
    with pytest.raises(TypeError) as info:
        get_items(client, ids=[1, None])
    assert str(info.value) == "parameter 'ids': expected an integer, got None"  # an item: no hint
    assert server.requests == []


def test_wildcard_and_default_responses(build_package: BuildPackage, server: LoopbackServer) -> None:
    responses = {
        "2XX": OK["200"],
        "default": {"description": "error", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Thing"}}}},
    }
    pkg = build_package(spec_with(THING, paths={"/thing": {"get": {"operationId": "GetThing", "responses": responses}}}))
    client = pkg.Client(base_url=server.url, retries=0)
    server.reply(json_reply(203, {"id": "a"}), json_reply(418, {"id": "teapot"}))
    assert api(pkg).get_thing(client).id == "a"
    with pytest.raises(pkg.ApiError) as info:
        api(pkg).get_thing(client)
    assert info.value.status == 418 and info.value.parsed.id == "teapot"


def test_a_union_response_of_objects_without_discriminator(build_package: BuildPackage, server: LoopbackServer) -> None:
    schemas = {
        "A": {"type": "object", "required": ["a"], "properties": {"a": {"type": "string"}}},
        "B": {"type": "object", "required": ["b"], "properties": {"b": {"type": "string"}}},
        "AB": {"oneOf": [{"$ref": "#/components/schemas/A"}, {"$ref": "#/components/schemas/B"}]},
    }
    responses = {"200": {"description": "ok", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/AB"}}}}}
    pkg = build_package(spec_with(schemas, paths={"/ab": {"get": {"operationId": "GetAB", "responses": responses}}}))
    client = pkg.Client(base_url=server.url)
    server.reply(json_reply(200, {"b": "x"}), json_reply(200, {"c": 1}))
    m = importlib.import_module(pkg.__name__ + ".models")
    assert isinstance(api(pkg).get_ab(client), m.B)
    assert isinstance(api(pkg).get_ab(client), pkg.UnknownVariant)


def test_parameters_may_take_any_name_the_function_uses_inside(build_package: BuildPackage, server: LoopbackServer) -> None:
    params = [
        {"name": "query", "in": "query", "required": True, "schema": {"type": "string"}},
        {"name": "headers", "in": "header", "schema": {"type": "string"}},
        {"name": "payload", "in": "path", "required": True, "schema": {"type": "string"}},
    ]
    pkg = build_package(spec_with(THING, paths={"/thing/{payload}": get("GetThing", parameters=params)}))
    api(pkg).get_thing(pkg.Client(base_url=server.url), payload="p", query="hello")
    seen = server.requests[0]
    assert (seen.segments, seen.query, seen.header("headers")) == (["thing", "p"], [("query", "hello")], None)


def test_array_parameters_in_the_path_header_and_delimited_styles(build_package: BuildPackage, server: LoopbackServer) -> None:
    strings = {"type": "array", "items": {"type": "string"}}
    params = [
        {"name": "ids", "in": "path", "required": True, "schema": {"type": "array", "items": {"type": "integer"}}},
        {"name": "X-Tags", "in": "header", "schema": strings},
        {"name": "sp", "in": "query", "style": "spaceDelimited", "explode": False, "schema": strings},
        {"name": "pp", "in": "query", "style": "pipeDelimited", "explode": False, "schema": strings},
    ]
    pkg = build_package(spec_with(THING, paths={"/items/{ids}": get("GetItems", parameters=params)}))
    api(pkg).get_items(pkg.Client(base_url=server.url), ids=[1, 2], x_tags=["a", "b"], sp=["c", "d"], pp=["e", "f"])
    seen = server.requests[0]
    assert seen.segments == ["items", "1,2"] and seen.header("X-Tags") == "a,b"
    assert seen.query == [("sp", "c d"), ("pp", "e|f")]


def test_a_server_variable_in_the_path_may_hold_slashes(build_package: BuildPackage) -> None:
    servers = [{"url": "https://{host}/{basePath}", "variables": {"host": {"default": "api.example.com"}, "basePath": {"default": "api/v1"}}}]
    pkg = build_package(spec_with(THING, paths={"/thing": get("GetThing")}, servers=servers))
    assert pkg.Client().base_url == "https://api.example.com/api/v1"
    with pytest.raises(ValueError, match="host must not contain"):
        pkg.Client(host="evil.example.com/x")


def test_a_default_only_response_is_the_success_body_too(build_package: BuildPackage, server: LoopbackServer) -> None:
    responses = {"default": OK["200"]}
    pkg = build_package(spec_with(THING, paths={"/thing": {"get": {"operationId": "GetThing", "responses": responses}}}))
    server.reply(json_reply(200, {"id": "a"}))
    assert api(pkg).get_thing(pkg.Client(base_url=server.url)).id == "a"


def test_the_request_body_goes_with_its_media_type(build_package: BuildPackage, server: LoopbackServer) -> None:
    body = {"required": True, "content": {"application/vnd.api+json": {"schema": {"$ref": "#/components/schemas/Thing"}}}}
    post = {"post": {"operationId": "MakeThing", "requestBody": body, "responses": OK}}
    pkg = build_package(spec_with(THING, paths={"/thing": post}))
    api(pkg).make_thing(pkg.Client(base_url=server.url), body={"id": "x"})
    assert server.requests[0].header("Content-Type") == "application/vnd.api+json"


def test_optional_authentication_still_sends_a_given_credential(build_package: BuildPackage, server: LoopbackServer) -> None:
    pkg = build_package(secured({}, {"headerKey": []}))
    api(pkg).get_thing(pkg.Client(base_url=server.url, header_key="k"))
    api(pkg).get_thing(pkg.Client(base_url=server.url))
    assert [r.header("X-Key") for r in server.requests] == ["k", None]


def test_an_alternative_needing_an_unsupported_scheme_is_left_out(build_package: BuildPackage, server: LoopbackServer) -> None:
    spec = secured({"oauth": []}, {"headerKey": []})
    spec["components"]["securitySchemes"] = {**SCHEMES, "oauth": {"type": "oauth2", "flows": {}}}
    pkg = build_package(spec)
    api(pkg).get_thing(pkg.Client(base_url=server.url, header_key="k"))
    assert server.requests[0].header("X-Key") == "k"


def test_unquoted_yaml_response_codes_are_read_as_codes(build_package: BuildPackage, server: LoopbackServer) -> None:
    # build_package writes the spec as YAML, where the int key 200 becomes an unquoted `200:`.
    spec = spec_with(THING, paths={"/thing": {"get": {"operationId": "GetThing", "responses": {200: OK["200"]}}}})
    pkg = build_package(spec)
    server.reply(json_reply(200, {"id": "t1"}))
    assert api(pkg).get_thing(pkg.Client(base_url=server.url)).id == "t1"


def test_backslashes_and_triple_quotes_in_spec_text_stay_text(build_package: BuildPackage) -> None:
    # Titles, tag names and summaries go into docstrings: "\U" or '"""' must not end or break them.
    odd = 'C:\\Users\\new "files" """quoted""" \\d+'
    spec = spec_with(
        THING,
        {"/things": {"get": {"operationId": "list_things", "summary": odd, "description": odd, "tags": [odd], "responses": OK}}},
        info={"title": odd, "version": "1"},
    )
    pkg = build_package(spec)
    ops = api(pkg)
    for doc in (pkg.__doc__, ops.__doc__, importlib.import_module(pkg.__name__ + ".models").__doc__, pkg.Client.__doc__):
        assert odd in doc
    assert ops.list_things.__doc__.startswith(odd + "\n")
    assert ops.list_things_detailed.__doc__.startswith(odd + ", with the status")
    assert importlib.import_module(ops.list_things.__module__).__doc__.startswith(odd)


def test_backslashes_in_server_urls_and_cursor_names_stay_text(build_package: BuildPackage) -> None:
    # They go into the Client's and the iterator's docstrings too.
    page = {"type": "object", "properties": {"data": {"type": "array", "items": {"type": "string"}}, "next\\x": {"type": "string"}}}
    listing = {
        "get": {
            "operationId": "ListA",
            "x-pagination": {"cursorParam": "page\\N", "cursorPath": "next\\x", "itemsPath": "data"},
            "parameters": [{"name": "page\\N", "in": "query", "schema": {"type": "string"}}],
            "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": page}}}},
        }
    }
    for server, shown in (
        ({"url": "/api\\N"}, "/api\\N"),
        ({"url": "{base}", "variables": {"base": {"default": 'http://h/"""x'}}}, 'http://h/"""x'),
    ):
        pkg = build_package(spec_with(THING, {"/a": listing}, servers=[server]))
        assert "next\\x" in api(pkg).iter_list_a.__doc__ and "page\\N" in api(pkg).iter_list_a.__doc__
        assert shown in pkg.Client.__doc__


def test_names_the_generated_modules_use_are_not_taken_by_parameters_or_operations(
    build_package: BuildPackage, server: LoopbackServer
) -> None:
    page = {"type": "object", "properties": {"data": {"type": "array", "items": {"type": "string"}},
                                              "meta": {"type": "object", "properties": {"next": {"type": "string", "nullable": True}}}}}
    page_ok = {"200": {"description": "ok", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Page"}}}}}
    search = {
        "operationId": "search",
        "parameters": [{"name": n, "in": "query", "schema": {"type": "string"}} for n in ("search", "search_detailed", "cursor")],
        "x-pagination": {"cursorParam": "cursor", "itemsPath": "data", "cursorPath": "meta.next"},
        "responses": page_ok,
    }
    pkg = build_package(spec_with({"Page": page, **THING}, {"/search": {"get": search}, "/a": get("annotations"), "/i": get("importlib")}))
    ops = api(pkg)
    client = pkg.Client(base_url=server.url)
    server.reply(json_reply(200, {"data": ["a"], "meta": {"next": "c2"}}), json_reply(200, {"data": ["b"], "meta": {"next": None}}))
    # the parameters named like the function get a "_": the iterator can still call the function
    assert list(ops.iter_search(client, search_="x", search_detailed_="y")) == ["a", "b"]
    assert [r.query for r in server.requests] == [[("search", "x"), ("search_detailed", "y")], [("search", "x"), ("search_detailed", "y"), ("cursor", "c2")]]
    # operations named like the modules' own imports get a "_", and are reachable
    assert callable(ops.annotations_) and callable(ops.importlib_) and ops.importlib_.__name__ == "importlib_"


@pytest.mark.parametrize("op_id", ["timeout", "client", "body"])
def test_paginated_operations_named_like_the_arguments_every_function_takes_get_a_trailing_underscore(
    build_package: BuildPackage, server: LoopbackServer, op_id: str
) -> None:
    page = {"type": "object", "properties": {"data": {"type": "array", "items": {"type": "string"}}, "next": {"type": "string"}}}
    listing = {
        "operationId": op_id,
        "parameters": [{"name": "cursor", "in": "query", "schema": {"type": "string"}}],
        "requestBody": {"content": {"application/json": {"schema": {"type": "object"}}}},
        "x-pagination": {"cursorParam": "cursor", "itemsPath": "data", "cursorPath": "next"},
        "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": page}}}},
    }
    pkg = build_package(spec_with(THING, {"/search": {"post": listing}}))
    ops = api(pkg)
    client = pkg.Client(base_url=server.url)
    server.reply(json_reply(200, {"data": ["a"], "next": "c2"}), json_reply(200, {"data": ["b"]}), json_reply(200, {"data": ["c"]}))
    (iterate,) = [getattr(ops, name) for name in ops.__all__ if name.startswith("iter_")]
    # the iterator calls the operation, not the argument of the same name
    assert list(iterate(client, body={"q": 1}, timeout=5)) == ["a", "b"]
    assert [(r.query, r.json()) for r in server.requests] == [([], {"q": 1}), ([("cursor", "c2")], {"q": 1})]
    assert iterate.__name__ == f"iter_{op_id}_" and getattr(ops, f"{op_id}_")(client, timeout=5).data == ["c"]


def test_server_variables_and_properties_named_like_the_runtime_get_a_trailing_underscore(
    build_package: BuildPackage, server: LoopbackServer
) -> None:
    host = server.url.split("://", 1)[1]
    thing = {"Thing": {"type": "object", "properties": {"additional_properties": {"type": "string"}, "to_dict": {"type": "integer"}}}}
    spec = spec_with(
        thing,
        {"/things": get("get_thing")},
        servers=[{"url": "{scheme}://{name}/v1", "variables": {"scheme": {"default": "https"}, "name": {"default": "example.com"}}}],
    )
    pkg = build_package(spec)
    client = pkg.Client(scheme_="http", name_=host)
    server.reply(json_reply(200, {"additional_properties": "a", "to_dict": 2, "other": True}))
    got = api(pkg).get_thing(client)
    assert server.requests[0].path == "/v1/things"
    assert (got.additional_properties_, got.to_dict_, got.additional_properties) == ("a", 2, {"other": True})
    assert got.to_dict() == {"additional_properties": "a", "to_dict": 2, "other": True}


def test_bodies_that_are_not_json_are_returned_as_text_or_bytes(build_package: BuildPackage, server: LoopbackServer) -> None:
    def op(op_id: str, media: str) -> dict[str, Any]:
        return {"get": {"operationId": op_id, "responses": {"200": {"description": "ok", "content": {media: {"schema": {"type": "string"}}}}}}}

    pkg = build_package(spec_with(THING, {"/csv": op("export_csv", "text/csv"), "/logo": op("get_logo", "image/png"), "/thing": get("get_thing")}))
    ops, client = api(pkg), pkg.Client(base_url=server.url)
    server.reply(
        json_reply(200, {"id": "x"}),
        Reply(200, "a,b\nç,1\n".encode("latin-1"), [("Content-Type", "text/csv; charset=ISO-8859-1")]),
        Reply(200, b"\x89PNG\r\n\x00", [("Content-Type", "image/png")]),
        Reply(200, b"\xff\xfe", [("Content-Type", "text/csv")]),
    )
    assert ops.get_thing(client).id == "x"
    assert ops.export_csv(client) == "a,b\nç,1\n"
    assert ops.get_logo(client) == b"\x89PNG\r\n\x00"
    assert [r.header("Accept") for r in server.requests] == ["application/json", "text/csv", "image/png"]
    with pytest.raises(pkg.DecodeError, match="the body is not valid utf-8") as info:
        ops.export_csv(client)
    assert info.value.status == 200 and info.value.content == b"\xff\xfe"
    assert ops.export_csv.__annotations__["return"] == "str" and ops.get_logo.__annotations__["return"] == "bytes"


def test_modules_named_importlib_do_not_break_importing_on_first_use(build_package: BuildPackage) -> None:
    schemas = {name: {"type": "object", "properties": {"x": {"type": "integer"}}} for name in ("Importlib", "Other")}
    schemas.update(THING)
    paths = {p: get(op, tags=["importlib"]) for p, op in (("/a", "GetA"), ("/b", "GetB"))}
    pkg = build_package(spec_with(schemas, paths=paths))
    models, operations = importlib.import_module(pkg.__name__ + ".models"), api(pkg)
    assert models.Importlib.__name__ == "Importlib" and models.Other.__name__ == "Other"
    assert callable(operations.get_a) and callable(operations.get_b)


def test_an_operation_named_decode_something_does_not_take_a_decoder_s_name(
    build_package: BuildPackage, server: LoopbackServer
) -> None:
    # decodeFoo's response table is _decode_foo_ok, the name a decoder of FooOk would get.
    foo_ok = {"FooOk": {"type": "object", "properties": {"id": {"type": "string"}}}}
    returns = {"200": {"description": "ok", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/FooOk"}}}}}
    paths = {"/a": {"get": {"operationId": "decodeFoo", "responses": returns}}, "/b": {"get": {"operationId": "getFoo", "responses": returns}}}
    pkg = build_package(spec_with(foo_ok, paths=paths))
    client = pkg.Client(base_url=server.url)
    server.reply(json_reply(200, {"id": "x"}), json_reply(200, {"id": "y"}))
    assert (api(pkg).decode_foo(client).id, api(pkg).get_foo(client).id) == ("x", "y")


def test_server_variables_and_schemes_named_like_client_helpers_do_not_hide_them(
    build_package: BuildPackage, server: LoopbackServer
) -> None:
    spec = spec_with(
        THING,
        paths={"/thing": get("GetThing", security=[{"hide_in_urllib3_logs": []}])},
        servers=[{"url": "http://{check_header}.invalid", "variables": {"check_header": {"default": "h"}}}],
        components={"schemas": THING, "securitySchemes": {"hide_in_urllib3_logs": {"type": "apiKey", "in": "query", "name": "k"}}},
    )
    pkg = build_package(spec)
    assert pkg.Client(check_header_="x").base_url == "http://x.invalid"
    client = pkg.Client(base_url=server.url, hide_in_urllib3_logs_="s3cret")
    server.reply(json_reply(200, {"id": "1"}))
    api(pkg).get_thing(client)
    assert server.requests[0].query == [("k", "s3cret")]


def test_a_scheme_named_like_a_local_of_the_client_constructor_gets_a_trailing_underscore(
    build_package: BuildPackage, server: LoopbackServer
) -> None:
    schemes = {"passed": {"type": "apiKey", "in": "header", "name": "X-Key"}}
    spec = spec_with(THING, paths={"/thing": get("GetThing", security=[{"passed": []}])},
                     components={"schemas": THING, "securitySchemes": schemes})
    pkg = build_package(spec)
    assert pkg.Client(base_url=server.url).base_url == server.url  # the constructor runs without it too
    client = pkg.Client(base_url=server.url, passed_="k1")
    server.reply(json_reply(200, {"id": "1"}))
    api(pkg).get_thing(client)
    assert server.requests[0].header("X-Key") == "k1"


def test_required_read_only_and_write_only_properties_may_be_left_out_where_they_do_not_travel(
    build_package: BuildPackage, server: LoopbackServer
) -> None:
    user = {
        "type": "object",
        "required": ["id", "serial", "name", "password"],
        "properties": {
            "id": {"type": "string", "readOnly": True},
            "serial": {"$ref": "#/components/schemas/Serial"},
            "name": {"type": "string"},
            "password": {"type": "string", "writeOnly": True},
        },
    }
    schemas = {"User": user, "Serial": {"type": "integer", "readOnly": True},
               "Team": {"type": "object", "required": ["members"], "properties": {"members": {"type": "array", "items": {}}}},
               "Member": {"oneOf": [{"$ref": "#/components/schemas/User"}, {"$ref": "#/components/schemas/Team"}]}}
    returns = {"201": {"description": "created", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/User"}}}}}
    create = {"post": {"operationId": "createUser", "responses": returns, "requestBody": {
        "required": True, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/User"}}}}}}
    pkg = build_package(spec_with(schemas, paths={"/users": create}))
    models, client = importlib.import_module(pkg.__name__ + ".models"), pkg.Client(base_url=server.url)
    server.reply(*[json_reply(201, {"id": "u1", "serial": 7, "name": "ann"})] * 2, json_reply(201, {"id": "u2", "serial": 8}))
    # the request body is sent without the read-only properties, as a model or as plain data
    created = api(pkg).create_user(client, body=models.User(name="ann", password="s3cret"))
    assert api(pkg).create_user(client, body={"name": "ann", "password": "s3cret"}) == created
    assert [r.json() for r in server.requests] == [{"name": "ann", "password": "s3cret"}] * 2
    # the response is decoded without the write-only one
    assert (created.id, created.serial, created.name, created.password) == ("u1", 7, "ann", pkg.UNSET)
    # a property that is only required stays required
    with pytest.raises(pkg.DecodeError, match="name"):
        api(pkg).create_user(client, body={"name": "bob"})
    # a union of it judges it alike, both ways
    assert type(models.member_from_dict({"id": "u3", "serial": 9, "name": "cy"})) is models.User
    assert models.member_to_dict(models.User(name="cy", password="p")) == {"name": "cy", "password": "p"}
    doc = " ".join(models.User.__doc__.split())
    assert "id: Optional: ``UNSET`` (left off the wire) when not given. readOnly: the server sends it, requests leave it out." in doc
    assert "password: Optional: ``UNSET`` (left off the wire) when not given. writeOnly: requests send it, responses leave it out." in doc


def test_names_with_accented_letters_keep_them_as_ascii_letters(build_package: BuildPackage, server: LoopbackServer) -> None:
    transfer = {"type": "object", "properties": {"naïve": {"type": "string"}, "Größe": {"type": "string", "enum": ["groß", "klein"]}}}
    returns = {"200": {"description": "ok", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Überweisung"}}}}}
    create = {"get": {"operationId": "créerCompte", "responses": returns,
                      "parameters": [{"name": "größe", "in": "query", "schema": {"type": "integer"}}]}}
    pkg = build_package(spec_with({"Überweisung": transfer}, paths={"/k": create}))
    models = importlib.import_module(pkg.__name__ + ".models")
    server.reply(json_reply(200, {"naïve": "x", "Größe": "groß"}))
    got = api(pkg).creer_compte(pkg.Client(base_url=server.url), grosse=3)
    # the names are made of the ASCII letters; what goes on the wire keeps the spec's names
    assert server.requests[0].query == [("größe", "3")]
    assert isinstance(got, models.Uberweisung) and type(got).__module__.endswith(".models.uberweisung")
    assert (got.naive, got.grosse) == ("x", models.UberweisungGrosse.GROSS)
    assert got.to_dict() == {"naïve": "x", "Größe": "groß"}


def test_references_percent_encoded_as_uri_fragments_resolve(build_package: BuildPackage, server: LoopbackServer) -> None:
    # A space, "{", "}" and letters outside ASCII are percent-encoded in a URI fragment (RFC 6901, section 6).
    properties = {"a": {"type": "string"}, "cafe": {"$ref": "#/components/schemas/Caf%C3%A9"}, "same": {"$ref": "#/components/schemas/Café"}}
    components = {
        "schemas": {"Item": {"type": "object", "properties": properties}, "Café": {"type": "object", "properties": {"b": {"type": "integer"}}}},
        "parameters": {"item id": {"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}},
        "responses": {"Item{v2}": {"description": "ok", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Item"}}}}},
    }
    by_id = {"get": {"operationId": "getItem", "parameters": [{"$ref": "#/components/parameters/item%20id"}],
                     "responses": {"200": {"$ref": "#/components/responses/Item%7Bv2%7D"}}}}
    pkg = build_package(spec_with(paths={"/items/{id}": by_id}, components=components))
    models = importlib.import_module(pkg.__name__ + ".models")
    server.reply(json_reply(200, {"a": "x", "cafe": {"b": 1}, "same": {"b": 2}}))
    got = api(pkg).get_item(pkg.Client(base_url=server.url), "i1")
    assert server.requests[0].path == "/items/i1"
    # the schema is the same class whichever way its place is spelt
    assert isinstance(got, models.Item) and type(got.cafe) is type(got.same) is models.Cafe
    assert (got.a, got.cafe.b, got.same.b) == ("x", 1, 2)
    # a discriminator's mapping finds its branch however either spells the reference
    pets = {"Café": components["schemas"]["Café"], "Bar": {"type": "object", "properties": {"c": {"type": "integer"}}}}
    for branch, mapped in (("Caf%C3%A9", "#/components/schemas/Café"), ("Café", "#/components/schemas/Caf%C3%A9"), ("Caf%C3%A9", "Café")):
        place = {"oneOf": [{"$ref": "#/components/schemas/" + branch}, {"$ref": "#/components/schemas/Bar"}],
                 "discriminator": {"propertyName": "kind", "mapping": {"c": mapped, "b": "Bar"}}}
        tagged = build_package(spec_with({**pets, "Place": place}))
        decoded = importlib.import_module(tagged.__name__ + ".models").place_from_dict({"kind": "c", "b": 1})
        assert type(decoded).__name__ == "Cafe"


def test_docstrings_say_what_each_call_raises(build_package: BuildPackage) -> None:
    post = {"post": {"operationId": "PutThing", "security": [{"bearer": []}], "responses": OK,
                     "requestBody": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Thing"}}}}}}
    spec = spec_with(THING, paths={"/thing": {**get("GetThing", security=[{}, {"bearer": []}]), **post}},
                     components={"schemas": THING, "securitySchemes": {"bearer": SCHEMES["bearer"]}})
    functions = api(build_package(spec))
    with_body, without = functions.put_thing.__doc__, functions.get_thing.__doc__
    for name in ("EncodeError", "MissingCredentialsError", "plain-data body", "TypeError, ValueError"):
        assert name in with_body
    # GetThing takes no body, and its credential is optional (an empty alternative)
    assert "body argument" not in without and "EncodeError" not in without and "MissingCredentialsError" not in without
    assert "raises what it raises" in functions.get_thing_detailed.__doc__


def test_a_head_operation_answers_without_a_body_whatever_its_responses_document(
    build_package: BuildPackage, server: LoopbackServer
) -> None:
    pkg = build_package(spec_with({"Thing": {"type": "object", "properties": {"id": {"type": "string"}}}}, paths={
        "/things": {"head": {"operationId": "CheckThings", "responses": OK}},
    }))
    client = pkg.Client(base_url=server.url)
    server.reply(Reply(200, b"", [("X-Count", "3")]))
    response = api(pkg).check_things_detailed(client)
    assert (response.status, response.headers["X-Count"], response.parsed) == (200, "3", None)
    assert server.requests[-1].method == "HEAD"


def test_operations_named_like_builtins_leave_the_api_package_working(
    build_package: BuildPackage, server: LoopbackServer
) -> None:
    # ... and modules named so: tags become api modules, schemas model modules.
    done = {"responses": {"204": {"description": "done"}}}
    names = ("getattr", "globals", "sorted", "listThings")
    pkg = build_package(spec_with({"Getattr": {"type": "string"}, "Sorted": {"type": "integer"}, "Zeta": {"type": "boolean"}}, paths={
        f"/{name}": {"get": {"operationId": name, "tags": [name.lower()], **done}} for name in names
    }))
    client = pkg.Client(base_url=server.url)
    for name in ("getattr_", "globals_", "sorted_", "list_things"):  # each loaded in turn, the others after it
        server.reply(Reply(204, b""))
        assert getattr(api(pkg), name)(client) is None
    assert {"getattr_", "globals_", "sorted_", "list_things"} <= set(dir(api(pkg)))
    m = importlib.import_module(pkg.__name__ + ".models")
    assert [m.Getattr, m.Sorted, m.Zeta] == [str, int, bool] and "Zeta" in dir(m)


def test_dots_are_refused_only_where_they_would_be_a_whole_path_segment(
    build_package: BuildPackage, server: LoopbackServer
) -> None:
    done = {"responses": {"204": {"description": "done"}}}
    string = {"required": True, "schema": {"type": "string"}}
    params = lambda *names: [{"name": n, "in": "path", **string} for n in names]  # noqa: E731
    pkg = build_package(spec_with({}, paths={
        "/files/{name}.json": {"get": {"operationId": "GetFile", "parameters": params("name"), **done}},
        "/v/{a}{b}": {"get": {"operationId": "GetPair", "parameters": params("a", "b"), **done}},
    }))
    client = pkg.Client(base_url=server.url)
    server.reply(Reply(204, b""), Reply(204, b""))
    api(pkg).get_file(client, ".")
    api(pkg).get_file(client, "..")
    assert [r.segments for r in server.requests] == [["files", "..json"], ["files", "...json"]]
    with pytest.raises(ValueError, match="path parameter 'a' is '.', which would change the route"):
        api(pkg).get_pair(client, ".", ".")
    assert len(server.requests) == 2


@pytest.mark.parametrize("documented", ["2XX", "default"])
def test_a_204_where_a_range_promises_json_says_the_request_succeeded(
    build_package: BuildPackage, server: LoopbackServer, documented: str
) -> None:
    thing = {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Thing"}}}}
    pkg = build_package(spec_with({"Thing": {"type": "object", "properties": {"id": {"type": "string"}}}}, paths={
        "/things": {"delete": {"operationId": "DropThing", "responses": {documented: {"description": "done", **thing}}}},
    }))
    server.reply(Reply(204, b""))
    with pytest.raises(pkg.DecodeError) as info:
        api(pkg).drop_thing(pkg.Client(base_url=server.url))
    assert str(info.value) == (
        "expected a JSON body, got an empty response; the request succeeded, and this status never has content"
        " (HTTP 204 response)"
    )
    assert info.value.status == 204


@pytest.mark.parametrize("status", [204, 205])
def test_a_status_that_has_no_content_in_http_is_not_decoded_whatever_the_spec_documents(
    build_package: BuildPackage, server: LoopbackServer, status: int
) -> None:
    thing = {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Thing"}}}}
    pkg = build_package(spec_with({"Thing": {"type": "object", "properties": {"id": {"type": "string"}}}}, paths={
        "/things": {"post": {"operationId": "TouchThing", "responses": {str(status): {"description": "done", **thing}}}},
    }))
    client = pkg.Client(base_url=server.url)
    server.reply(Reply(status, b"", [("X-Count", "3")]))
    response = api(pkg).touch_thing_detailed(client)
    assert (response.status, response.headers["X-Count"], response.parsed) == (status, "3", None)
