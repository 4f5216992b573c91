"""The HTTP runtime of the Datadog package, against a loopback server: configuration,
errors, retries and faults, pagination, and what must never leak."""

from __future__ import annotations

import builtins
import contextlib
import email.utils
import gzip
import json
import copy
import logging
import math
import pickle
import random
import re
import socket
import threading
import time
import traceback
import warnings
import zlib
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

import pytest
import urllib3

import datadog_llm_observability as dd
from datadog_llm_observability import errors
from datadog_llm_observability.api import (
    create_llm_obs_project,
    delete_llm_obs_annotation_queue,
    iter_list_llm_obs_projects,
    list_llm_obs_annotation_queues,
    list_llm_obs_experiments,
    list_llm_obs_projects,
    list_llm_obs_projects_detailed,
    update_llm_obs_project,
)
from datadog_llm_observability.models import LLMObsDatasetRequest, LLMObsProjectRequest
from loopback import LoopbackServer, Reply, json_reply

API_KEY = "api-key-7f3e9a"
APP_KEY = "app-key-c41d0b"
PROJECTS_PAGE = {
    "data": [
        {
            "attributes": {
                "created_at": "2024-01-15T10:30:00Z",
                "description": "",
                "name": "My LLM Project",
                "updated_at": "2024-01-15T10:30:00Z",
            },
            "id": "a33671aa-24fd-4dcd-9b33-a8ec7dde7751",
            "type": "projects",
        }
    ],
    "meta": {"after": None},
}
CREATE = {"data": {"attributes": {"name": "n"}, "type": "projects"}}
PROJECT = {"data": PROJECTS_PAGE["data"][0]}


class Sleeps(list[float]):
    def __call__(self, seconds: float) -> None:
        self.append(seconds)


@pytest.fixture
def sleeps() -> Sleeps:
    return Sleeps()


@pytest.fixture
def client(server: LoopbackServer, sleeps: Sleeps) -> Any:
    with dd.Client(base_url=server.url, api_key=API_KEY, app_key=APP_KEY, sleep=sleeps, read_timeout=2.0) as c:
        yield c


# ------------------------------------------------------------------ configuration


@pytest.mark.parametrize(
    ("site", "host"),
    [
        ("datadoghq.com", "api.datadoghq.com"),
        ("us3.datadoghq.com", "api.us3.datadoghq.com"),
        ("us5.datadoghq.com", "api.us5.datadoghq.com"),
        ("datadoghq.eu", "api.datadoghq.eu"),
        ("ap1.datadoghq.com", "api.ap1.datadoghq.com"),
        ("ap2.datadoghq.com", "api.ap2.datadoghq.com"),
        ("ddog-gov.com", "api.ddog-gov.com"),
        ("us2.ddog-gov.com", "api.us2.ddog-gov.com"),
    ],
)
def test_every_documented_site_has_its_api_host(site: str, host: str) -> None:
    assert dd.Client(site=site, api_key="k", app_key="a").base_url == f"https://{host}"


def test_site_and_keys_come_from_the_environment(monkeypatch: pytest.MonkeyPatch, server: LoopbackServer) -> None:
    monkeypatch.setenv("DD_SITE", "datadoghq.eu")
    monkeypatch.setenv("DD_API_KEY", API_KEY)
    monkeypatch.setenv("DD_APP_KEY", APP_KEY)
    assert dd.Client().base_url == "https://api.datadoghq.eu"
    monkeypatch.setenv("DATADOG_LLM_OBSERVABILITY_BASE_URL", server.url)
    server.reply(json_reply(200, PROJECTS_PAGE))
    list_llm_obs_projects(dd.Client())
    assert server.requests[0].header("DD-API-KEY") == API_KEY
    assert server.requests[0].header("DD-APPLICATION-KEY") == APP_KEY


def test_a_site_passed_wins_over_the_base_url_in_the_environment(monkeypatch: pytest.MonkeyPatch, server: LoopbackServer) -> None:
    monkeypatch.setenv("DATADOG_LLM_OBSERVABILITY_BASE_URL", server.url)
    assert dd.Client(site="datadoghq.eu", api_key="k", app_key="a").base_url == "https://api.datadoghq.eu"
    with pytest.raises(ValueError, match="unknown site 'not-a-site'"):
        dd.Client(site="not-a-site", api_key="k", app_key="a")
    assert dd.Client(api_key="k", app_key="a").base_url == server.url
    with pytest.raises(ValueError, match="^pass base_url or site, not both$"):
        dd.Client(base_url=server.url, site="datadoghq.eu", api_key="k", app_key="a")


def test_the_default_site_is_datadoghq_com(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DD_SITE", raising=False)
    monkeypatch.delenv("DATADOG_LLM_OBSERVABILITY_BASE_URL", raising=False)
    assert dd.Client(api_key="k", app_key="a").base_url == "https://api.datadoghq.com"


def test_an_unknown_site_is_a_clear_error() -> None:
    with pytest.raises(ValueError, match="unknown site 'datadoghq.org': use one of datadoghq.com, us3.datadoghq.com"):
        dd.Client(site="datadoghq.org")


@pytest.mark.parametrize(
    "bad", ["ftp://host", "not a url", "http://h/x?q=1", "http://user:s3cret@h", "https:/svc:s3cret@h", "svc:s3cret@h", "ftp://svc:s3cret@h", "https://svc:s3cret/x@h"]
)
def test_a_bad_base_url_is_refused_without_a_password_it_holds(bad: str, monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(ValueError, match="base_url") as info:
        dd.Client(base_url=bad)
    monkeypatch.setenv("DATADOG_LLM_OBSERVABILITY_BASE_URL", bad)
    with pytest.raises(ValueError, match="base_url") as from_env:
        dd.Client(api_key="k", app_key="a")
    for error in (info.value, from_env.value):
        assert "s3cret" not in "".join(traceback.format_exception(error))


@pytest.mark.parametrize(
    ("settings", "error", "message"),
    [
        ({"read_timeout": -1}, ValueError, "read_timeout must be more than 0 seconds and at most 9223372036 (None: no limit), got -1"),
        ({"connect_timeout": 0}, ValueError, "connect_timeout must be more than 0 seconds"),
        ({"read_timeout": float("inf")}, ValueError, "read_timeout must be more than 0 seconds and at most 9223372036 (None: no limit), got inf"),
        ({"connect_timeout": 1e10}, ValueError, "connect_timeout must be more than 0 seconds and at most 9223372036"),
        ({"connect_timeout": "5"}, TypeError, "connect_timeout must be a number of seconds or None, got '5'"),
        ({"read_timeout": True}, TypeError, "read_timeout must be a number of seconds or None, got True"),
        ({"retries": -1}, ValueError, "retries must be 0 or more, got -1"),
        ({"retries": 2.5}, TypeError, "retries must be an integer, got 2.5"),
        ({"max_retry_wait": float("nan")}, ValueError, "max_retry_wait must be 0 seconds or more, got nan"),
        ({"max_total_wait": -5}, ValueError, "max_total_wait must be 0 seconds or more, got -5"),
        ({"backoff_base": None}, TypeError, "backoff_base must be a number of seconds, got None"),
        ({"pool_maxsize": 0}, ValueError, "pool_maxsize must be 1 or more, got 0"),
        ({"gzip_requests_over": -1}, ValueError, "gzip_requests_over must be 0 or more, got -1"),
        # A key read from a file opened in binary mode would be sent as the text "b'...'".
        ({"api_key": b"k3y"}, TypeError, "api_key must be a str, not bytes"),
        ({"app_key": 12345}, TypeError, "app_key must be a str, not int"),
        ({"headers": {"X-Team": 5}}, TypeError, "the value of header 'X-Team' must be a str, not int"),
        ({"user_agent": b"agent"}, TypeError, "user_agent must be a str, not bytes"),
        ({"proxy": 3128}, TypeError, "proxy must be a str, not int"),
        ({"base_url": b"http://h"}, TypeError, "base_url must be a str, not bytes"),
        # Even empty: the operation's path would follow the "?" (or "#"), in the query.
        ({"base_url": "http://h/v1?"}, ValueError, "base_url must not have a query, a fragment or credentials"),
        ({"base_url": "http://h/v1/#"}, ValueError, "base_url must not have a query, a fragment or credentials"),
        ({"base_url": "http://@h/v1"}, ValueError, "base_url must not have a query, a fragment or credentials"),
        ({"base_url": "http://u:p@h"}, ValueError, "base_url must not have a query, a fragment or credentials"),
        ({"site": 1}, TypeError, "site must be a str, not int"),
        ({"sleep": None}, TypeError, "sleep must be callable, not NoneType"),
        ({"ca_certs": 5}, TypeError, "ca_certs must be a str or a path, not int"),
    ],
)
def test_client_settings_out_of_range_are_refused_by_name(settings: dict[str, Any], error: type[Exception], message: str) -> None:
    with pytest.raises(error, match=re.escape(message)):
        dd.Client(**{"api_key": "k", "app_key": "a", **settings})


def test_certificate_files_may_be_given_as_paths(tmp_path: Any, server: LoopbackServer) -> None:
    bundle = tmp_path / "ca.pem"
    bundle.write_text("")
    client = dd.Client(base_url=server.url, api_key="k", app_key="a", ca_certs=bundle)
    server.reply(json_reply(200, PROJECTS_PAGE))
    assert len(list_llm_obs_projects(client).data) == len(PROJECTS_PAGE["data"])  # plain http: the bundle is not read


def test_connection_settings_are_fixed_when_the_client_is_made(server: LoopbackServer) -> None:
    # The pool is built for them: a new base_url would send the keys to the old host.
    client = dd.Client(base_url=server.url, api_key="k", app_key="a", read_timeout=5, trust_env=False)
    assert (client.base_url, client.connect_timeout, client.read_timeout, client.proxy) == (server.url, 10.0, 5, None)
    for name, value in (("base_url", "http://elsewhere"), ("read_timeout", 0.2), ("connect_timeout", 1), ("proxy", None)):
        with pytest.raises(AttributeError, match=name):
            setattr(client, name, value)
    assert client.base_url == server.url


@pytest.mark.parametrize(
    ("timeout", "error", "message"),
    [
        (0, ValueError, "timeout must be more than 0 seconds and at most 9223372036 (None: no limit), got 0"),
        (float("nan"), ValueError, "timeout must be more than 0 seconds and at most 9223372036 (None: no limit), got nan"),
        ("5", TypeError, "timeout must be a number of seconds or None, a (connect, read) pair or a urllib3 Timeout, got '5'"),
        ((1, -1), ValueError, "timeout (read) must be more than 0 seconds"),
        ((1, 2, 3), ValueError, "a timeout tuple is (connect, read), got 3 values"),
    ],
)
def test_a_call_timeout_out_of_range_is_refused_by_name(
    server: LoopbackServer, timeout: Any, error: type[Exception], message: str
) -> None:
    client = dd.Client(base_url=server.url, api_key="k", app_key="a")
    with pytest.raises(error, match=re.escape(message)):
        list_llm_obs_projects(client, timeout=timeout)
    assert server.requests == []


def test_missing_credentials_are_named_before_sending(server: LoopbackServer, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DD_API_KEY", raising=False)
    monkeypatch.delenv("DD_APP_KEY", raising=False)
    client = dd.Client(base_url=server.url, app_key=APP_KEY)
    with pytest.raises(errors.MissingCredentialsError, match=r"^list_llm_obs_projects needs api_key \(or \$DD_API_KEY\)$"):
        list_llm_obs_projects(client)  # only what is lacking: app_key is given
    with pytest.raises(errors.MissingCredentialsError) as info:
        list_llm_obs_projects(dd.Client(base_url=server.url))
    assert str(info.value) == "list_llm_obs_projects needs api_key (or $DD_API_KEY) and app_key (or $DD_APP_KEY)"
    assert server.requests == []


def test_default_headers(client: Any, server: LoopbackServer) -> None:
    server.reply(json_reply(200, PROJECTS_PAGE))
    list_llm_obs_projects(client)
    seen = server.requests[0]
    assert seen.header("User-Agent").startswith(f"datadog_llm_observability/{dd.__version__} ")
    assert seen.header("Accept") == "application/json"
    assert seen.header("Accept-Encoding") == "gzip"


def test_extra_headers_replace_defaults_of_any_letter_case_and_credentials_win(server: LoopbackServer) -> None:
    extra = {"user-agent": "my-app/1.0", "accept": "application/vnd.api+json", "dd-application-key": "other"}
    client = dd.Client(base_url=server.url, api_key="k", app_key="a", headers=extra)
    server.reply(json_reply(201, PROJECT))
    create_llm_obs_project(client, body=CREATE)
    names = [name.lower() for name, _ in server.requests[0].headers]
    assert len(names) == len(set(names)), names  # no header sent twice
    seen = server.requests[0]
    assert (seen.header("User-Agent"), seen.header("Accept")) == ("my-app/1.0", "application/vnd.api+json")
    assert seen.header("DD-APPLICATION-KEY") == "a" and seen.header("Content-Type") == "application/json"


@pytest.mark.parametrize("name", ["X Team", "X-A\tB", "X-Équipe", "", "X:Y", "(comment)"])
def test_a_header_name_that_is_not_an_http_token_is_refused(server: LoopbackServer, name: str) -> None:
    with pytest.raises(ValueError, match="is not a valid HTTP header name"):
        dd.Client(base_url=server.url, api_key="k", app_key="a", headers={name: "v"})


def test_gzip_responses_are_decompressed(client: Any, server: LoopbackServer) -> None:
    body = gzip.compress(json.dumps(PROJECTS_PAGE).encode())
    server.reply(Reply(200, body, [("Content-Type", "application/json"), ("Content-Encoding", "gzip")]))
    assert list_llm_obs_projects(client).data[0].attributes.name == "My LLM Project"


@pytest.mark.parametrize("codings", ["gzip, gzip", "deflate,gzip", "identity, GZIP", "x-gzip, deflate"])
def test_a_response_encoded_several_times_is_decoded_in_reverse_order(
    client: Any, server: LoopbackServer, codings: str
) -> None:
    body = json.dumps(PROJECTS_PAGE).encode()
    for coding in codings.split(","):  # in the order they were applied
        name = coding.strip().lower()
        body = zlib.compress(body) if name == "deflate" else gzip.compress(body) if "gzip" in name else body
    server.reply(Reply(200, body, [("Content-Type", "application/json"), ("Content-Encoding", codings)]))
    assert list_llm_obs_projects(client).data[0].attributes.name == "My LLM Project"


def test_an_empty_success_the_spec_does_not_document_says_the_request_succeeded(
    client: Any, server: LoopbackServer
) -> None:
    # update_llm_obs_project documents a 200 with a body; a server answering 202 or 204 did the update.
    server.reply(Reply(202, b"", [("X-Trace", "t2")]))
    with pytest.raises(errors.DecodeError) as info:
        update_llm_obs_project(client, "p1", body=CREATE)
    assert str(info.value) == (
        "expected a JSON body, got an empty response; the request succeeded, with a status the spec"
        " does not document for it (HTTP 202 response)"
    )
    assert (info.value.status, info.value.headers["X-Trace"], info.value.content) == (202, "t2", b"")
    server.reply(Reply(204, b""))
    with pytest.raises(errors.DecodeError, match=r"; the request succeeded, and this status never has content \(HTTP 204"):
        update_llm_obs_project(client, "p1", body=CREATE)
    server.reply(Reply(200, b"", [("X-Trace", "t3")]))  # documented, so nothing more to say
    with pytest.raises(errors.DecodeError, match=r"^expected a JSON body, got an empty response \(HTTP 200 response\)$"):
        update_llm_obs_project(client, "p1", body=CREATE)


def test_large_request_bodies_can_be_gzipped(server: LoopbackServer) -> None:
    client = dd.Client(base_url=server.url, api_key="k", app_key="a", gzip_requests_over=10)
    server.reply(json_reply(201, PROJECT))
    create_llm_obs_project(client, body=CREATE)
    seen = server.requests[0]
    assert seen.header("Content-Encoding") == "gzip" and seen.json() == CREATE
    # Over the threshold only: a body of exactly that size goes as it is.
    size = len(json.dumps(CREATE, separators=(",", ":")).encode())
    at_threshold = dd.Client(base_url=server.url, api_key="k", app_key="a", gzip_requests_over=size)
    server.reply(json_reply(201, PROJECT))
    create_llm_obs_project(at_threshold, body=CREATE)
    assert server.requests[1].header("Content-Encoding") is None and server.requests[1].json() == CREATE


def test_turning_tls_verification_off_warns() -> None:
    with pytest.warns(UserWarning, match="TLS certificate verification is off"):
        dd.Client(api_key="k", app_key="a", verify=False)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        dd.Client(api_key="k", app_key="a")


def test_proxies_come_from_the_environment(monkeypatch: pytest.MonkeyPatch, server: LoopbackServer) -> None:
    monkeypatch.setenv("HTTP_PROXY", server.url)
    monkeypatch.delenv("NO_PROXY", raising=False)
    monkeypatch.delenv("no_proxy", raising=False)
    client = dd.Client(base_url="http://api.example.invalid", api_key="k", app_key="a")
    server.reply(json_reply(200, PROJECTS_PAGE))
    list_llm_obs_projects(client)
    assert server.requests[0].target == "http://api.example.invalid/api/v2/llm-obs/v1/projects"
    # host:port with no scheme is an http proxy, as curl and most clients read it
    monkeypatch.setenv("HTTP_PROXY", server.url.removeprefix("http://"))
    client = dd.Client(base_url="http://api.example.invalid", api_key="k", app_key="a")
    assert client.proxy == server.url
    server.reply(json_reply(200, PROJECTS_PAGE))
    list_llm_obs_projects(client)
    assert server.requests[1].target == "http://api.example.invalid/api/v2/llm-obs/v1/projects"
    monkeypatch.setenv("NO_PROXY", "api.example.invalid")
    assert dd.Client(base_url="http://api.example.invalid", api_key="k", app_key="a").proxy is None


def test_a_cgi_script_ignores_http_proxy_which_a_request_header_can_set(monkeypatch: pytest.MonkeyPatch) -> None:
    # Under CGI a request's "Proxy:" header arrives as $HTTP_PROXY (httpoxy): the key
    # would go to whoever sent it. The lowercase variable cannot come from a header.
    for variable in ("http_proxy", "no_proxy", "NO_PROXY"):
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.setenv("HTTP_PROXY", "http://attacker.example:8080")
    monkeypatch.setenv("REQUEST_METHOD", "GET")
    assert dd.Client(base_url="http://api.example.invalid", api_key="k", app_key="a").proxy is None
    monkeypatch.setenv("http_proxy", "http://proxy.internal:3128")
    assert dd.Client(base_url="http://api.example.invalid", api_key="k", app_key="a").proxy == "http://proxy.internal:3128"
    monkeypatch.delenv("REQUEST_METHOD")
    monkeypatch.delenv("http_proxy")
    assert dd.Client(base_url="http://api.example.invalid", api_key="k", app_key="a").proxy == "http://attacker.example:8080"


@pytest.mark.parametrize(
    ("no_proxy", "base_url", "bypassed"),
    [
        ("::1", "http://[::1]:8080", True),
        ("[::1]", "http://[::1]:8080", True),
        ("[::1]:8080", "http://[::1]:8080", True),
        ("[::1]:9", "http://[::1]:8080", False),
        ("example.com:443", "https://example.com", True),  # the scheme's port, when the URL names none
        ("example.com:8443", "https://example.com", False),
        ("example.com", "https://api.example.com:8443", True),
        (".example.com", "https://api.example.com", True),
        ("example.com", "https://example.community", False),
    ],
)
def test_no_proxy_entries_with_ports_and_ipv6_addresses(
    monkeypatch: pytest.MonkeyPatch, no_proxy: str, base_url: str, bypassed: bool
) -> None:
    for variable in ("http_proxy", "https_proxy", "no_proxy"):
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.setenv("HTTP_PROXY", "http://proxy.internal:3128")
    monkeypatch.setenv("HTTPS_PROXY", "http://proxy.internal:3128")
    monkeypatch.setenv("NO_PROXY", no_proxy)
    proxy = dd.Client(base_url=base_url, api_key="k", app_key="a").proxy
    assert proxy == (None if bypassed else "http://proxy.internal:3128")


def test_a_proxy_password_is_not_kept_in_what_the_client_shows(server: LoopbackServer) -> None:
    client = dd.Client(base_url=server.url, api_key="k", app_key="a", proxy="http://ops:s3cr:et@127.0.0.1:9")
    assert client.proxy == "http://ops:<redacted>@127.0.0.1:9"
    assert "s3cr" not in repr(client) and "s3cr" not in repr(vars(client))
    plain = dd.Client(base_url=server.url, api_key="k", app_key="a", proxy="http://127.0.0.1:9")
    assert plain.proxy == "http://127.0.0.1:9"


@pytest.mark.parametrize(
    "proxy",
    [
        "http://ops:s3cret@proxy.internal:80a",
        "http://ops:s3cret@proxy.internal:99999",
        "ftp://ops:s3cret@proxy.internal",
        "http://ops:s3cret@",
        "http://ops:s3#cret@proxy.internal:3128",  # unencoded: a URL parser ends the host at '#'
        "http://ops:s3/cret@proxy.internal:3128",
        "http://ops:s3?cret@proxy.internal:3128",
    ],
)
def test_a_malformed_proxy_url_is_refused_without_its_password(
    server: LoopbackServer, monkeypatch: pytest.MonkeyPatch, proxy: str
) -> None:
    with pytest.raises(ValueError, match="proxy") as info:
        dd.Client(base_url=server.url, api_key="k", app_key="a", proxy=proxy)
    monkeypatch.setenv("HTTP_PROXY", proxy)
    monkeypatch.delenv("NO_PROXY", raising=False)
    monkeypatch.delenv("no_proxy", raising=False)
    with pytest.raises(ValueError, match="proxy") as from_env:
        dd.Client(base_url="http://api.example.invalid", api_key="k", app_key="a")
    assert str(from_env.value).startswith("$HTTP_PROXY: ")  # the user passed no proxy: say where it is from
    for error in (info.value, from_env.value):
        shown = "".join(traceback.format_exception(error))
        assert "s3cret" not in shown and error.__cause__ is None


def test_per_call_timeout_overrides_the_client(server: LoopbackServer) -> None:
    client = dd.Client(base_url=server.url, api_key="k", app_key="a", retries=0, read_timeout=5.0)
    server.reply(Reply(200, json.dumps(PROJECTS_PAGE).encode(), delay=1.0))
    started = time.monotonic()
    with pytest.raises(errors.TimeoutError):
        list_llm_obs_projects(client, timeout=0.2)
    assert time.monotonic() - started < 0.9


@contextlib.contextmanager
def _unanswered() -> Iterator[int]:
    """A port where connecting times out: a listener whose backlog is full leaves the
    next connection unanswered (Linux)."""
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(0)
        port = listener.getsockname()[1]
        waiting = [socket.socket() for _ in range(3)]
        for pending in waiting:
            pending.setblocking(False)
            pending.connect_ex(("127.0.0.1", port))
        try:
            yield port
        finally:
            for pending in waiting:
                pending.close()


def test_a_part_a_per_call_urllib3_timeout_leaves_out_is_the_client_s(server: LoopbackServer) -> None:
    # urllib3 would wait with no limit for a part left at its default.
    client = dd.Client(base_url=server.url, api_key="k", app_key="a", retries=0, connect_timeout=4.0, read_timeout=0.3)
    server.reply(Reply(200, json.dumps(PROJECTS_PAGE).encode(), delay=3.0))
    started = time.monotonic()
    with pytest.raises(errors.TimeoutError, match=r"within 0\.3 s"):
        list_llm_obs_projects(client, timeout=urllib3.Timeout(connect=2))
    assert time.monotonic() - started < 1.5
    with _unanswered() as port:  # connecting: a read-only Timeout leaves the client's 0.3 s
        silent = dd.Client(base_url=f"http://127.0.0.1:{port}", api_key="k", app_key="a", retries=0, connect_timeout=0.3)
        started = time.monotonic()
        with pytest.raises(errors.TimeoutError, match="^timed out connecting"):
            list_llm_obs_projects(silent, timeout=urllib3.Timeout(read=5))
        assert time.monotonic() - started < 1.5
    # With a total, the total bounds the parts it leaves out: the client's do not.
    server.reply(Reply(200, json.dumps(PROJECTS_PAGE).encode(), delay=1.0))
    assert list_llm_obs_projects(client, timeout=urllib3.Timeout(total=5)).data


def test_a_per_call_connect_read_pair_is_taken_in_that_order(server: LoopbackServer) -> None:
    client = dd.Client(base_url=server.url, api_key="k", app_key="a", retries=0, read_timeout=5.0)
    server.reply(Reply(200, json.dumps(PROJECTS_PAGE).encode(), delay=1.0))
    started = time.monotonic()
    with pytest.raises(errors.TimeoutError, match=r"within 0\.2 s$"):
        list_llm_obs_projects(client, timeout=(5, 0.2))
    assert time.monotonic() - started < 0.9


def test_waiting_for_a_pooled_connection_does_not_count_against_the_read_timeout(server: LoopbackServer) -> None:
    # One connection, three callers: the last waits about 1 s for the connection, and
    # each response takes 0.5 s of a 1 s read timeout once sent.
    client = dd.Client(base_url=server.url, api_key="k", app_key="a", read_timeout=1.0, pool_maxsize=1, retries=0)
    for _ in range(3):
        server.reply(Reply(200, json.dumps(PROJECTS_PAGE).encode(), [("Content-Type", "application/json")], delay=0.5))
    outcomes: list[object] = []

    def call() -> None:
        try:
            outcomes.append(list_llm_obs_projects(client).data[0].id)
        except Exception as error:  # noqa: BLE001 - reported below
            outcomes.append(error)

    callers = [threading.Thread(target=call) for _ in range(3)]
    for caller in callers:
        caller.start()
    for caller in callers:
        caller.join(10)
    assert outcomes == [PROJECTS_PAGE["data"][0]["id"]] * 3


def test_client_is_a_context_manager_and_closes(server: LoopbackServer) -> None:
    with dd.Client(base_url=server.url, api_key="k", app_key="a") as client:
        server.reply(json_reply(200, PROJECTS_PAGE))
        list_llm_obs_projects(client)
    assert len(client._transport.pool.pools) == 0


def test_a_call_without_a_client_says_so() -> None:
    for wrong in ("https://api.datadoghq.com", None):
        with pytest.raises(TypeError, match="^the first argument must be a Client, got "):
            list_llm_obs_projects(wrong)  # type: ignore[arg-type]


def test_a_closed_client_says_so_without_trying(server: LoopbackServer, sleeps: Sleeps) -> None:
    client = dd.Client(base_url=server.url, api_key="k", app_key="a", sleep=sleeps)
    client.close()
    with pytest.raises(RuntimeError, match="^list_llm_obs_projects: the client is closed; make a new Client$"):
        list_llm_obs_projects(client)
    assert server.requests == [] and sleeps == []


# ----------------------------------------------------------------------- calls


def test_detailed_call_gives_status_headers_content_and_parsed(client: Any, server: LoopbackServer) -> None:
    server.reply(json_reply(200, PROJECTS_PAGE, ("X-Request-Id", "r-1")))
    response = list_llm_obs_projects_detailed(client, filter_name="demo", page_limit=50)
    assert response.status_code == 200 and response.status == 200
    assert response.headers["x-request-id"] == "r-1"
    assert json.loads(response.content) == PROJECTS_PAGE
    assert response.parsed.data[0].id == PROJECTS_PAGE["data"][0]["id"]
    assert server.requests[0].query == [("filter[name]", "demo"), ("page[limit]", "50")]


def test_optional_query_parameters_are_left_out(client: Any, server: LoopbackServer) -> None:
    server.reply(json_reply(200, PROJECTS_PAGE))
    list_llm_obs_projects(client)
    assert server.requests[0].target == "/api/v2/llm-obs/v1/projects"


def test_repeated_array_parameters(client: Any, server: LoopbackServer) -> None:
    server.reply(json_reply(200, {"data": []}))
    list_llm_obs_experiments(client, filter_project_id="p", filter_id=["e1", "e2"])
    assert server.requests[0].query == [("filter[project_id]", "p"), ("filter[id]", "e1"), ("filter[id]", "e2")]


def test_an_empty_list_where_the_api_needs_one_item_is_refused_before_sending(client: Any, server: LoopbackServer) -> None:
    # The reference pages: "List of interactions to add to the queue. Must contain at least one item."
    from datadog_llm_observability.api import (
        create_llm_obs_annotation_queue_interactions,
        delete_llm_obs_annotation_queue_interactions,
    )

    add = {"data": {"type": "interactions", "attributes": {"interactions": []}}}
    with pytest.raises(dd.DecodeError, match=r"^body\.data\.attributes\.interactions: expected at least 1 item, got 0$"):
        create_llm_obs_annotation_queue_interactions(client, "q", body=add)
    remove = {"data": {"type": "interactions", "attributes": {"interaction_ids": []}}}
    with pytest.raises(dd.DecodeError, match=r"^body\.data\.attributes\.interaction_ids: expected at least 1 item"):
        delete_llm_obs_annotation_queue_interactions(client, "q", body=remove)
    assert server.requests == []


def test_joined_values_are_separated_by_a_plain_comma(client: Any, server: LoopbackServer) -> None:
    # The commas between the values are sent as they are (RFC 6570's {?queueIds}), so a
    # server that splits before decoding sees two ids; what a value holds is encoded.
    server.reply(json_reply(200, {"data": []}))
    list_llm_obs_annotation_queues(client, queue_ids=["q1", "q 2/é"])
    assert urlsplit(server.requests[0].target).query == "queueIds=q1,q%202%2F%C3%A9"
    assert server.requests[0].query == [("queueIds", "q1,q 2/é")]


def test_an_empty_list_leaves_an_array_parameter_out_in_either_style(client: Any, server: LoopbackServer) -> None:
    # queueIds joins its values (a,b), filter[id] repeats itself: [] sends neither,
    # and [""] stays apart from [] on the wire.
    server.reply(json_reply(200, {"data": []}), json_reply(200, {"data": []}), json_reply(200, {"data": []}))
    list_llm_obs_annotation_queues(client, project_id="p", queue_ids=[])
    list_llm_obs_annotation_queues(client, queue_ids=[""])
    list_llm_obs_experiments(client, filter_project_id="p", filter_id=[])
    assert [r.query for r in server.requests] == [[("projectId", "p")], [("queueIds", "")], [("filter[project_id]", "p")]]


def test_body_may_be_a_model_or_a_dict(client: Any, server: LoopbackServer) -> None:
    server.reply(json_reply(201, PROJECT), json_reply(201, PROJECT))
    create_llm_obs_project(client, body=LLMObsProjectRequest.from_dict(CREATE))
    create_llm_obs_project(client, body=CREATE)
    assert [r.json() for r in server.requests] == [CREATE, CREATE]


def test_a_body_that_does_not_fit_is_refused_before_sending(client: Any, server: LoopbackServer) -> None:
    with pytest.raises(dd.DecodeError) as info:
        create_llm_obs_project(client, body={"data": {"attributes": {"name": 5}, "type": "projects"}})
    assert str(info.value) == "body.data.attributes.name: expected a string, got 5"
    assert server.requests == []


def test_a_model_of_another_class_is_refused_as_the_body(client: Any, server: LoopbackServer) -> None:
    # Same shape but another request: it would be sent as the server reads it otherwise.
    dataset = LLMObsDatasetRequest.from_dict({"data": {"attributes": {"name": "d"}, "type": "datasets"}})
    with pytest.raises(dd.EncodeError, match=r"^body: expected an instance of LLMObsProjectRequest, got a Python LLMObsDatasetRequest$"):
        create_llm_obs_project(client, body=dataset)
    project = LLMObsProjectRequest.from_dict(CREATE)
    project.data = dataset.data  # type: ignore[assignment]
    with pytest.raises(dd.EncodeError, match=r"^body\.data: expected an instance of LLMObsProjectDataRequest"):
        create_llm_obs_project(client, body=project)
    # In plain data too: a model there is decoded as the class it is, not as its shape.
    with pytest.raises(dd.DecodeError, match=r"^body\.data: expected an instance of LLMObsProjectDataRequest \(or plain data of its shape\), got a Python LLMObsDatasetDataRequest$"):
        create_llm_obs_project(client, body={"data": dataset.data})
    assert server.requests == []
    server.reply(json_reply(201, PROJECT))
    create_llm_obs_project(client, body={"data": LLMObsProjectRequest.from_dict(CREATE).data})
    assert server.requests[0].json() == CREATE


def test_no_content_returns_none(client: Any, server: LoopbackServer) -> None:
    server.reply(Reply(204))
    assert delete_llm_obs_annotation_queue(client, "q1") is None
    assert server.requests[0].method == "DELETE"


def test_a_success_body_that_does_not_fit_is_a_decode_error_with_the_status(client: Any, server: LoopbackServer) -> None:
    server.reply(json_reply(200, {"data": [{"id": 5}]}))
    with pytest.raises(dd.DecodeError) as info:
        list_llm_obs_projects(client)
    assert info.value.status == 200 and info.value.path == "data[0].attributes"
    assert "(HTTP 200 response)" in str(info.value)


def test_a_success_body_that_is_not_json_names_its_content_type(client: Any, server: LoopbackServer) -> None:
    # A proxy's sign-in page answered with 200: the message says what came back.
    page = b"<html>sign in</html>"
    server.reply(Reply(200, page, [("Content-Type", "text/html; charset=utf-8")]))
    with pytest.raises(dd.DecodeError) as info:
        list_llm_obs_projects(client)
    assert str(info.value).endswith("(HTTP 200 response, Content-Type text/html; charset=utf-8)")
    assert (info.value.status, info.value.content) == (200, page)


# ---------------------------------------------------------------------- errors

JSONAPI_404 = {"errors": [{"detail": "no such project", "status": "404", "title": "Not Found"}]}


@pytest.mark.parametrize(
    ("status", "cls"),
    [
        (400, errors.BadRequestError),
        (401, errors.UnauthorizedError),
        (403, errors.ForbiddenError),
        (404, errors.NotFoundError),
        (409, errors.ConflictError),
        (418, errors.ApiError),
        (500, errors.ServerError),
        (599, errors.ServerError),
        (600, errors.ApiError),  # past the 5xx class: not a server failure HTTP defines
    ],
)
def test_error_statuses_raise_their_error(client: Any, server: LoopbackServer, status: int, cls: type) -> None:
    server.reply(json_reply(status, JSONAPI_404))
    with pytest.raises(cls) as info:
        update_llm_obs_project(client, "p1", body=CREATE)
    error = info.value
    assert type(error) is cls and isinstance(error, errors.ApiError)
    assert error.status == status and json.loads(error.content) == JSONAPI_404
    assert f"update_llm_obs_project: HTTP {status} from PATCH {server.url}/api/v2/llm-obs/v1/projects/p1: no such project" == str(error)
    if status == 404:
        assert error.parsed.errors[0].detail == "no such project"


def test_an_error_message_sums_up_the_first_three_errors_each_cut_at_300_characters(
    client: Any, server: LoopbackServer
) -> None:
    many = {"errors": [{"detail": "x" * 400}, {"detail": "second"}, {"title": "third"}, {"detail": "fourth"}]}
    server.reply(json_reply(400, many))
    with pytest.raises(errors.BadRequestError) as info:
        update_llm_obs_project(client, "p1", body=CREATE)
    assert str(info.value).endswith(": " + "x" * 300 + "; second; third")


def test_rate_limit_error_carries_the_rate_limit_headers(server: LoopbackServer) -> None:
    client = dd.Client(base_url=server.url, api_key="k", app_key="a", retries=0)
    headers = [("X-RateLimit-Limit", "100"), ("X-RateLimit-Period", "60"), ("X-RateLimit-Remaining", "0"), ("X-RateLimit-Reset", "12"), ("X-RateLimit-Name", "llm_obs")]
    server.reply(json_reply(429, {"errors": ["Too many requests"]}, *headers))
    with pytest.raises(errors.RateLimitError) as info:
        list_llm_obs_projects(client)
    e = info.value
    assert (e.limit, e.period, e.remaining, e.reset, e.name, e.retry_after) == (100, 60, 0, 12, "llm_obs", 12.0)
    assert e.parsed.errors == ["Too many requests"]
    # Each sent twice: read the cautious way, as retry_after takes the longest wait.
    twice = [(name, other) for (name, _), other in zip(headers, ["90", "30", "5", "30", "llm_obs"])]
    server.reply(json_reply(429, {"errors": []}, *headers, *twice))
    with pytest.raises(errors.RateLimitError) as info:
        list_llm_obs_projects(client)
    e = info.value
    assert (e.limit, e.period, e.remaining, e.reset, e.name, e.retry_after) == (90, 60, 0, 30, "llm_obs", 30.0)


def test_every_api_error_says_how_long_the_server_asked_to_wait(server: LoopbackServer) -> None:
    # A 503 asking for 120 s is not retried (past max_retry_wait): the caller is told.
    client = dd.Client(base_url=server.url, api_key="k", app_key="a")
    server.reply(json_reply(503, {"errors": []}, ("Retry-After", "120")))
    with pytest.raises(errors.ServerError) as info:
        list_llm_obs_projects(client)
    assert info.value.retry_after == 120.0 and len(server.requests) == 1
    server.reply(json_reply(404, {"errors": []}))
    with pytest.raises(errors.NotFoundError) as missing:
        list_llm_obs_projects(client)
    assert missing.value.retry_after is None


def test_errors_survive_pickle_and_copy(client: Any, server: LoopbackServer) -> None:
    # as they must to cross a process pool, or be copied by a test runner or logger
    server.reply(json_reply(404, JSONAPI_404))
    with pytest.raises(errors.NotFoundError) as info:
        update_llm_obs_project(client, "p1", body=CREATE)
    api_error = info.value
    api_error.add_note("while renaming")
    dead = dd.Client(base_url="http://127.0.0.1:9", api_key="k", app_key="a", retries=0)
    with pytest.raises(errors.ConnectionError) as transport_info:
        list_llm_obs_projects(dead)
    decode_error = errors.DecodeError("expected a string, got 1").at("id").at(0).at("data")
    for error in (api_error, transport_info.value, decode_error):
        for again in (pickle.loads(pickle.dumps(error)), copy.copy(error), copy.deepcopy(error)):
            assert type(again) is type(error) and str(again) == str(error)
            assert vars(again).keys() == vars(error).keys()
    again = pickle.loads(pickle.dumps(api_error))
    assert (again.status, again.content, again.operation, again.__notes__) == (404, api_error.content, "update_llm_obs_project", ["while renaming"])
    assert again.parsed == api_error.parsed and again.headers["Content-Type"] == "application/json"
    assert pickle.loads(pickle.dumps(transport_info.value)).sent is False


def test_an_html_error_page_is_kept_raw(server: LoopbackServer) -> None:
    client = dd.Client(base_url=server.url, api_key="k", app_key="a", retries=0)
    server.reply(Reply(502, b"<html><body><h1>502 Bad Gateway</h1></body></html>", [("Content-Type", "text/html")]))
    with pytest.raises(errors.ServerError) as info:
        list_llm_obs_projects(client)
    assert info.value.parsed is None and b"502 Bad Gateway" in info.value.content
    assert "502 Bad Gateway" in str(info.value)


def test_redirects_are_not_followed(client: Any, server: LoopbackServer) -> None:
    server.reply(Reply(302, b"", [("Location", "http://elsewhere.invalid/steal")]))
    with pytest.raises(errors.ApiError) as info:
        list_llm_obs_projects(client)
    assert info.value.status == 302 and len(server.requests) == 1


# --------------------------------------------------------------- retries, faults


def test_429_waits_what_x_ratelimit_reset_says_then_succeeds(client: Any, server: LoopbackServer, sleeps: Sleeps) -> None:
    server.reply(json_reply(429, {"errors": ["slow down"]}, ("X-RateLimit-Reset", "2")), json_reply(200, PROJECTS_PAGE))
    assert list_llm_obs_projects(client).data
    assert sleeps == [2.0] and len(server.requests) == 2


def test_429_is_retried_for_post_too(client: Any, server: LoopbackServer, sleeps: Sleeps) -> None:
    server.reply(json_reply(429, {"errors": []}, ("Retry-After", "1")), json_reply(201, PROJECT))
    create_llm_obs_project(client, body=CREATE)
    assert sleeps == [1.0] and len(server.requests) == 2


@pytest.mark.parametrize(
    "headers",
    [
        [("X-RateLimit-Reset", "3"), ("X-RateLimit-Reset", "3")],
        [("X-RateLimit-Reset", "3, 3")],
        [("Retry-After", "3"), ("Retry-After", "1")],
        [("Retry-After", "1.5, 3")],
    ],
)
def test_duplicated_or_joined_wait_headers(client: Any, server: LoopbackServer, sleeps: Sleeps, headers: list[tuple[str, str]]) -> None:
    server.reply(json_reply(429, {"errors": []}, *headers), json_reply(200, PROJECTS_PAGE))
    list_llm_obs_projects(client)
    assert sleeps == [3.0]


@pytest.fixture
def far_from_utc(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The process's local time zone five hours behind UTC, so that a date read as
    local time is five hours off."""
    monkeypatch.setenv("TZ", "EST+05")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


@pytest.mark.parametrize("form", ["%a, %d %b %Y %H:%M:%S GMT", "%A, %d-%b-%y %H:%M:%S GMT", "%a %b %d %H:%M:%S %Y"])
def test_retry_after_as_an_http_date_in_each_of_its_three_forms(
    client: Any, server: LoopbackServer, sleeps: Sleeps, form: str, far_from_utc: None
) -> None:
    when = time.strftime(form, time.gmtime(time.time() + 5))  # the asctime form has no zone: it is UTC
    server.reply(json_reply(429, {"errors": []}, ("Retry-After", when)), json_reply(200, PROJECTS_PAGE))
    list_llm_obs_projects(client)
    assert len(sleeps) == 1 and 3.0 <= sleeps[0] <= 5.0
    # Joined by a proxy with an earlier one: the later date wins.
    earlier = time.strftime(form, time.gmtime(time.time() + 1))
    for joined in (f"{earlier}, {when}", f"{when}, {earlier}"):
        server.reply(json_reply(429, {"errors": []}, ("Retry-After", joined)), json_reply(200, PROJECTS_PAGE))
        list_llm_obs_projects(client)
        assert 2.0 <= sleeps[-1] <= 5.0, joined
    assert len(sleeps) == 3


@pytest.mark.parametrize(("header", "waited"), [(("retry-after-ms", "1500"), 1.5), (("Retry-After", "0"), 0.0)])
def test_a_wait_in_milliseconds_or_of_zero_is_the_one_waited(
    client: Any, server: LoopbackServer, sleeps: Sleeps, header: tuple[str, str], waited: float
) -> None:
    # Retry-After: 0 asks for no wait at all, not for the jittered backoff.
    server.reply(json_reply(429, {"errors": []}, header), json_reply(200, PROJECTS_PAGE))
    list_llm_obs_projects(client)
    assert sleeps == [waited]


def test_an_absurd_wait_is_not_waited(client: Any, server: LoopbackServer, sleeps: Sleeps) -> None:
    server.reply(json_reply(429, {"errors": []}, ("Retry-After", "86400")))
    with pytest.raises(errors.RateLimitError) as info:
        list_llm_obs_projects(client)
    assert sleeps == [] and info.value.retry_after == 86400.0 and len(server.requests) == 1


def test_503_then_200_on_get(client: Any, server: LoopbackServer, sleeps: Sleeps) -> None:
    server.reply(json_reply(503, {"errors": []}), json_reply(200, PROJECTS_PAGE))
    assert list_llm_obs_projects(client).data
    assert len(sleeps) == 1 and 0.0 <= sleeps[0] <= 0.5 and len(server.requests) == 2


def test_retries_stop_after_the_configured_number(client: Any, server: LoopbackServer, sleeps: Sleeps) -> None:
    server.reply(*[json_reply(503, {"errors": []})] * 5)
    with pytest.raises(errors.ServerError):
        list_llm_obs_projects(client)
    assert len(server.requests) == 4 and len(sleeps) == 3


def test_total_wait_is_capped(server: LoopbackServer, sleeps: Sleeps) -> None:
    client = dd.Client(base_url=server.url, api_key="k", app_key="a", sleep=sleeps, retries=10, max_total_wait=5.0)
    server.reply(*[json_reply(429, {"errors": []}, ("Retry-After", "2"))] * 10)
    with pytest.raises(errors.RateLimitError):
        list_llm_obs_projects(client)
    assert sleeps == [2.0, 2.0] and len(server.requests) == 3


def test_retries_zero_turns_retries_off(server: LoopbackServer, sleeps: Sleeps) -> None:
    client = dd.Client(base_url=server.url, api_key="k", app_key="a", sleep=sleeps, retries=0)
    server.reply(json_reply(503, {"errors": []}), json_reply(200, PROJECTS_PAGE))
    with pytest.raises(errors.ServerError):
        list_llm_obs_projects(client)
    assert sleeps == [] and len(server.requests) == 1


def test_500_on_post_is_raised_at_once(client: Any, server: LoopbackServer, sleeps: Sleeps) -> None:
    server.reply(json_reply(500, {"errors": []}), json_reply(201, PROJECT))
    with pytest.raises(errors.ServerError):
        create_llm_obs_project(client, body=CREATE)
    assert len(server.requests) == 1 and sleeps == []


def test_503_on_post_is_retried_only_when_asked(server: LoopbackServer, sleeps: Sleeps) -> None:
    server.reply(json_reply(503, {"errors": []}))
    with pytest.raises(errors.ServerError):
        create_llm_obs_project(dd.Client(base_url=server.url, api_key="k", app_key="a", sleep=sleeps), body=CREATE)
    server.reply(json_reply(503, {"errors": []}), json_reply(201, PROJECT))
    opted_in = dd.Client(base_url=server.url, api_key="k", app_key="a", sleep=sleeps, retry_non_idempotent=True)
    create_llm_obs_project(opted_in, body=CREATE)
    assert len(server.requests) == 3


def test_connection_reset_is_retried_for_get(client: Any, server: LoopbackServer, sleeps: Sleeps) -> None:
    server.reply(Reply(action="reset"), json_reply(200, PROJECTS_PAGE))
    assert list_llm_obs_projects(client).data
    assert len(server.requests) == 2 and len(sleeps) == 1


def test_connection_reset_is_not_retried_for_post(client: Any, server: LoopbackServer, sleeps: Sleeps) -> None:
    server.reply(Reply(action="reset"), json_reply(201, PROJECT))
    with pytest.raises(errors.ConnectionError) as info:
        create_llm_obs_project(client, body=CREATE)
    assert info.value.sent and len(server.requests) == 1 and sleeps == []


def test_a_comma_in_a_single_query_value_is_encoded_and_only_joining_commas_are_not(
    client: Any, server: LoopbackServer
) -> None:
    # Reading the query back decodes %2C: the target as sent tells them apart.
    server.reply(json_reply(200, PROJECTS_PAGE))
    list_llm_obs_projects(client, filter_name="a,b")
    assert "=a%2Cb" in server.requests[-1].target and "a,b" not in server.requests[-1].target


def test_a_post_that_asks_for_it_is_retried_after_a_reset(server: LoopbackServer, sleeps: Sleeps) -> None:
    opted_in = dd.Client(base_url=server.url, api_key="k", app_key="a", sleep=sleeps, retry_non_idempotent=True)
    server.reply(Reply(action="reset"), json_reply(201, PROJECT))
    create_llm_obs_project(opted_in, body=CREATE)
    assert [r.method for r in server.requests] == ["POST", "POST"] and len(sleeps) == 1


def test_the_total_wait_also_caps_retries_after_connection_failures(
    server: LoopbackServer, sleeps: Sleeps, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Backoff waits its whole ceiling here: 10 s, then 20 s would pass max_total_wait=12.
    monkeypatch.setattr(random, "uniform", lambda low, high: high)
    client = dd.Client(
        base_url=server.url, api_key="k", app_key="a", sleep=sleeps, retries=5, backoff_base=10.0, max_total_wait=12.0
    )
    server.reply(*[Reply(action="reset")] * 6)
    with pytest.raises(errors.ConnectionError):
        list_llm_obs_projects(client)
    assert sleeps == [10.0] and len(server.requests) == 2
    # The ceiling doubles with each attempt, up to max_retry_wait.
    sleeps.clear()
    doubling = dd.Client(
        base_url=server.url, api_key="k", app_key="a", sleep=sleeps, retries=6, backoff_base=0.5, max_retry_wait=10.0
    )
    server.reply(*[Reply(action="reset")] * 7)
    with pytest.raises(errors.ConnectionError):
        list_llm_obs_projects(doubling)
    assert sleeps == [0.5, 1.0, 2.0, 4.0, 8.0, 10.0]


def test_connection_refused_is_retried_even_for_post(sleeps: Sleeps) -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    client = dd.Client(base_url=f"http://127.0.0.1:{port}", api_key="k", app_key="a", sleep=sleeps)
    with pytest.raises(errors.ConnectionError) as info:
        create_llm_obs_project(client, body=CREATE)
    assert not info.value.sent and len(sleeps) == 3
    assert "could not connect to 127.0.0.1" in str(info.value)
    # Code written for the built-in exceptions catches the package's too.
    assert isinstance(info.value, builtins.ConnectionError) and isinstance(info.value, OSError)


def test_connect_errors_say_what_happened_without_urllib3_s_object_reprs(sleeps: Sleeps) -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    client = dd.Client(base_url=f"http://127.0.0.1:{port}", api_key="k", app_key="a", retries=0)
    with pytest.raises(errors.ConnectionError) as refused:
        list_llm_obs_projects(client)
    with _unanswered() as port:
        client = dd.Client(base_url=f"http://127.0.0.1:{port}", api_key="k", app_key="a", retries=0, connect_timeout=0.3)
        with pytest.raises(errors.TimeoutError) as timed_out:
            list_llm_obs_projects(client)
    assert str(timed_out.value).startswith(f"timed out connecting to 127.0.0.1:{port}: ")
    assert str(refused.value).endswith(": Failed to establish a new connection: [Errno 111] Connection refused")
    through = dd.Client(base_url="http://api.example.invalid", api_key="k", app_key="a", retries=0, proxy=refused.value.url.split("/api")[0])
    with pytest.raises(errors.ConnectionError) as via_proxy:
        list_llm_obs_projects(through)
    assert str(via_proxy.value).startswith("the proxy failed: Unable to connect to proxy: Failed to establish")
    for error in (refused.value, timed_out.value, via_proxy.value):
        assert " at 0x" not in str(error) and "<" not in str(error) and "Connection(" not in str(error), str(error)


def test_a_body_that_stops_coming_in_is_a_timeout_that_keeps_the_response_begun(server: LoopbackServer) -> None:
    client = dd.Client(base_url=server.url, api_key="k", app_key="a", retries=0, read_timeout=0.3)
    body = json.dumps(PROJECTS_PAGE).encode()
    server.reply(Reply(200, body, [("X-Trace", "t1")], action="stall"))
    with pytest.raises(errors.TimeoutError, match=r"^the response body from 127\.0\.0\.1:\d+ stopped coming in for 0\.3 s$") as info:
        create_llm_obs_project(client, body=CREATE)  # not retried: the server answered
    error = info.value
    assert (error.status, error.headers["X-Trace"], error.content, error.sent) == (200, "t1", body[: len(body) // 2], True)
    assert len(server.requests) == 1


def test_a_timeout_is_also_the_built_in_timeout_error(server: LoopbackServer) -> None:
    client = dd.Client(base_url=server.url, api_key="k", app_key="a", retries=0, read_timeout=0.2)
    server.reply(Reply(200, b"{}", delay=1.0))
    with pytest.raises(builtins.TimeoutError) as info:
        list_llm_obs_projects(client)
    assert isinstance(info.value, errors.TimeoutError) and info.value.sent
    again = pickle.loads(pickle.dumps(info.value))
    assert (type(again), str(again), again.sent) == (errors.TimeoutError, str(info.value), True)


def test_a_truncated_body_is_a_connection_error(server: LoopbackServer) -> None:
    client = dd.Client(base_url=server.url, api_key="k", app_key="a", retries=0)
    body = json.dumps(PROJECTS_PAGE).encode()
    server.reply(Reply(200, body, [("X-Trace", "t4")], action="truncate"))
    with pytest.raises(errors.ConnectionError, match=r"^the response body from 127\.0\.0\.1:\d+ was cut short: ") as info:
        list_llm_obs_projects(client)
    # The response began: what came of it is kept.
    assert (info.value.status, info.value.headers["X-Trace"], info.value.content) == (200, "t4", body)


def test_a_truncated_body_is_retried_for_get(client: Any, server: LoopbackServer) -> None:
    server.reply(Reply(200, json.dumps(PROJECTS_PAGE).encode(), action="truncate"), json_reply(200, PROJECTS_PAGE))
    assert list_llm_obs_projects(client).data and len(server.requests) == 2


def test_a_server_slower_than_the_read_timeout(server: LoopbackServer) -> None:
    client = dd.Client(base_url=server.url, api_key="k", app_key="a", retries=0, read_timeout=0.3)
    server.reply(Reply(200, json.dumps(PROJECTS_PAGE).encode(), delay=1.5))
    started = time.monotonic()
    with pytest.raises(errors.TimeoutError):
        list_llm_obs_projects(client)
    assert time.monotonic() - started < 1.2


def test_a_dripping_response_past_the_read_timeout(server: LoopbackServer) -> None:
    client = dd.Client(base_url=server.url, api_key="k", app_key="a", retries=0, read_timeout=0.3)
    server.reply(Reply(200, json.dumps(PROJECTS_PAGE).encode(), action="drip"))
    started = time.monotonic()
    with pytest.raises(errors.TimeoutError):
        list_llm_obs_projects(client)
    assert time.monotonic() - started < 1.5


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (gzip.compress(json.dumps(PROJECTS_PAGE).encode())[:-12], "cut-short gzip stream"),
        (b"\x1f\x8b\x08\x00garbage", "cut-short gzip stream"),
        (b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03" + b"\xff" * 40, "could not be decompressed"),
    ],
)
def test_a_success_whose_gzip_body_is_corrupt_is_a_connection_error_carrying_the_response(
    server: LoopbackServer, body: bytes, message: str
) -> None:
    client = dd.Client(base_url=server.url, api_key="k", app_key="a", retries=0)
    server.reply(Reply(200, body, [("Content-Encoding", "gzip")]))
    with pytest.raises(errors.ConnectionError, match=message) as info:
        list_llm_obs_projects(client)
    error = info.value
    assert error.sent and (error.status, error.content, error.headers["Content-Encoding"]) == (200, body, "gzip")


def test_a_get_whose_gzip_body_is_cut_short_is_retried(server: LoopbackServer, sleeps: Sleeps) -> None:
    client = dd.Client(base_url=server.url, api_key="k", app_key="a", sleep=sleeps)
    cut = gzip.compress(json.dumps(PROJECTS_PAGE).encode())[:-12]
    server.reply(Reply(200, cut, [("Content-Encoding", "gzip")]), json_reply(200, PROJECTS_PAGE))
    assert list_llm_obs_projects(client).data and len(server.requests) == 2


@pytest.mark.parametrize(("status", "error"), [(502, errors.ServerError), (404, errors.NotFoundError), (429, errors.RateLimitError)])
def test_an_error_status_whose_body_is_not_really_gzip_keeps_it_as_received(
    server: LoopbackServer, status: int, error: type[Exception]
) -> None:
    client = dd.Client(base_url=server.url, api_key="k", app_key="a", retries=0)
    page = b"<html>upstream timed out</html>"
    server.reply(Reply(status, page, [("Content-Encoding", "gzip"), ("Content-Type", "text/html")]))
    with pytest.raises(error) as info:
        list_llm_obs_projects(client)
    assert (info.value.status, info.value.content) == (status, page)  # type: ignore[attr-defined]


def test_a_gzip_body_of_several_members_is_read_whole(server: LoopbackServer) -> None:
    client = dd.Client(base_url=server.url, api_key="k", app_key="a", retries=0)
    body = json.dumps(PROJECTS_PAGE).encode()
    members = gzip.compress(body[:10]) + b"\0\0" + gzip.compress(body[10:]) + b"\0"  # zero padding is allowed
    server.reply(Reply(200, members, [("Content-Encoding", "gzip"), ("Content-Type", "application/json")]))
    assert list_llm_obs_projects_detailed(client).content == body
    server.reply(Reply(200, members + b"junk", [("Content-Encoding", "gzip")]))
    with pytest.raises(errors.TransportError, match="could not be decompressed"):
        list_llm_obs_projects(client)


def test_a_urllib3_total_bounds_the_whole_response(server: LoopbackServer) -> None:
    # 0.8 s until the headers, then a body dripping for about 0.6 s: within a 1 s read
    # timeout each, past a 1 s total.
    client = dd.Client(base_url=server.url, api_key="k", app_key="a", retries=0)
    server.reply(Reply(200, b'{"data": []}', [("Content-Type", "application/json")], action="drip", delay=0.8))
    started = time.monotonic()
    with pytest.raises(errors.TimeoutError, match=r"the call took longer than its total timeout of 1\.0 s"):
        list_llm_obs_projects(client, timeout=urllib3.Timeout(total=1.0))
    assert time.monotonic() - started < 1.3


@pytest.mark.parametrize(
    ("timeout", "delay", "message"),
    [
        (urllib3.Timeout(read=0.3, total=30), 0.0, r"the response took longer than 0\.3 s"),
        (urllib3.Timeout(total=0.5), 0.0, r"the call took longer than its total timeout of 0\.5 s"),
        (urllib3.Timeout(read=5, total=0.5), 0.0, r"the call took longer than its total timeout of 0\.5 s"),
        (urllib3.Timeout(read=5, total=0.3), 1.0, r"the call took longer than its total timeout of 0\.3 s"),
        (urllib3.Timeout(read=0.3, total=30), 1.0, r"no response from 127\.0\.0\.1:\d+ within 0\.3 s"),
    ],
)
def test_a_timeout_names_the_limit_that_ran_out(
    server: LoopbackServer, timeout: urllib3.Timeout, delay: float, message: str
) -> None:
    # delay: the headers come late; else the body drips in one byte at a time.
    client = dd.Client(base_url=server.url, api_key="k", app_key="a", retries=0)
    server.reply(Reply(200, json.dumps(PROJECTS_PAGE).encode(), action="drip", delay=delay))
    with pytest.raises(errors.TimeoutError, match=message):
        list_llm_obs_projects(client, timeout=timeout)


def test_a_urllib3_timeout_with_a_total_is_accepted_per_call(server: LoopbackServer) -> None:
    client = dd.Client(base_url=server.url, api_key="k", app_key="a", retries=0)
    server.reply(json_reply(200, PROJECTS_PAGE))
    assert list_llm_obs_projects(client, timeout=urllib3.Timeout(total=5)).data
    server.reply(Reply(200, json.dumps(PROJECTS_PAGE).encode(), action="drip"))
    started = time.monotonic()
    with pytest.raises(errors.TimeoutError):
        list_llm_obs_projects(client, timeout=urllib3.Timeout(total=0.3))
    assert time.monotonic() - started < 1.5


def test_a_urllib3_total_bounds_the_call_with_its_retries(server: LoopbackServer) -> None:
    # Each attempt is answered after 0.6 s: a total of 1 s leaves room for one retry,
    # cut short when the total runs out; no third attempt, and no wait past the total.
    client = dd.Client(base_url=server.url, api_key="k", app_key="a", retries=3, backoff_base=0.01)
    server.reply(*[Reply(503, b'{"errors": []}', [("Content-Type", "application/json")], delay=0.6)] * 4)
    started = time.monotonic()
    with pytest.raises(errors.TimeoutError, match=r"^the call took longer than its total timeout of 1\.0 s"):
        list_llm_obs_projects(client, timeout=urllib3.Timeout(total=1.0))
    assert time.monotonic() - started < 1.5
    assert len(server.requests) == 2


def _holding_the_connection(client: Any, server: LoopbackServer, results: list[Any], delay: float) -> threading.Thread:
    """A call in another thread that holds the client's one connection for ``delay`` s
    (started once the server has its request)."""
    slow = json_reply(200, PROJECTS_PAGE)
    slow.delay = delay
    server.reply(slow)
    seen = len(server.requests)
    thread = threading.Thread(target=lambda: results.append(list_llm_obs_projects(client)))
    thread.start()
    deadline = time.monotonic() + 10
    while len(server.requests) == seen and time.monotonic() < deadline:
        time.sleep(0.01)
    return thread


def test_a_call_waits_for_a_busy_pooled_connection_as_long_as_a_call_may_take(server: LoopbackServer) -> None:
    # One connection; the first call holds it for 0.6 s, longer than the connect
    # timeout, well within the read timeout: the second call waits, and succeeds.
    client = dd.Client(
        base_url=server.url, api_key="k", app_key="a", pool_maxsize=1, connect_timeout=0.2, read_timeout=5, retries=0
    )
    results: list[Any] = []
    first = _holding_the_connection(client, server, results, 0.6)
    server.reply(json_reply(200, PROJECTS_PAGE))
    results.append(list_llm_obs_projects(client))
    first.join(10)
    assert len(results) == 2 and all(r.data for r in results)
    # A per-call timeout bounds that wait: connecting and reading, 0.1 s each; a
    # part it leaves at urllib3's default is the client's (0.2 s to connect).
    for timeout, waited in ((0.1, "0.2"), (urllib3.Timeout(read=0.3), "0.5")):
        first = _holding_the_connection(client, server, results, 1.0)
        with pytest.raises(errors.ConnectionError, match=f"stayed busy for {waited} s$"):
            list_llm_obs_projects(client, timeout=timeout)
        first.join(10)
    assert len(results) == 4


def test_a_total_counts_the_wait_for_a_busy_pooled_connection(server: LoopbackServer) -> None:
    client = dd.Client(base_url=server.url, api_key="k", app_key="a", pool_maxsize=1, retries=0)
    results: list[Any] = []
    for holding, answering in ((2.0, None), (0.6, 0.6)):  # the total runs out in the pool, or after it
        first = _holding_the_connection(client, server, results, holding)
        if answering is not None:
            late = json_reply(200, PROJECTS_PAGE)
            late.delay = answering
            server.reply(late)
        started = time.monotonic()
        with pytest.raises(errors.TimeoutError, match=r"^the call took longer than its total timeout of 1\.0 s"):
            list_llm_obs_projects(client, timeout=urllib3.Timeout(total=1.0))
        assert time.monotonic() - started < 1.5
        first.join(10)


def test_timeouts_as_long_as_a_clock_can_wait_are_waited_for_and_longer_ones_refused(server: LoopbackServer) -> None:
    # Connect plus read is past what a thread can wait for: the pool wait is capped.
    most = threading.TIMEOUT_MAX * 0.75
    client = dd.Client(
        base_url=server.url, api_key="k", app_key="a", pool_maxsize=1, connect_timeout=most, read_timeout=most
    )
    results: list[Any] = []
    first = _holding_the_connection(client, server, results, 0.3)
    server.reply(json_reply(200, PROJECTS_PAGE))
    results.append(list_llm_obs_projects(client))
    first.join(10)
    assert len(results) == 2
    for part in ("total", "connect", "read"):
        with pytest.raises(ValueError, match=rf"^timeout \({part}\) must be more than 0 seconds"):
            list_llm_obs_projects(client, timeout=urllib3.Timeout(**{part: math.inf}))


# ------------------------------------------------------------------ pagination


def _page(ids: list[str], after: str | None) -> dict[str, Any]:
    item = PROJECTS_PAGE["data"][0]
    return {"data": [{**item, "id": i} for i in ids], "meta": {"after": after}}


def test_an_iterator_checks_its_arguments_when_it_is_made(client: Any, server: LoopbackServer) -> None:
    # Not at the first item, which may be far from the call that was wrong.
    with pytest.raises(TypeError, match="^parameter 'page_limit': expected an integer, got 'x'$"):
        iter_list_llm_obs_projects(client, page_limit="x")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="^the first argument must be a Client"):
        iter_list_llm_obs_projects("https://api.datadoghq.com")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="^timeout must be more than 0 seconds"):
        iter_list_llm_obs_projects(client, timeout=-1)
    closed = dd.Client(base_url=server.url, api_key="k", app_key="a")
    closed.close()
    with pytest.raises(RuntimeError, match="the client is closed"):
        iter_list_llm_obs_projects(closed)
    items = iter_list_llm_obs_projects(client, filter_name="x", page_limit=2)
    assert server.requests == []  # checking sent nothing, and the iterator is still lazy
    server.reply(json_reply(200, _page(["a"], None)))
    assert [p.id for p in items] == ["a"] and len(server.requests) == 1


def test_iterating_follows_the_cursor_across_pages(client: Any, server: LoopbackServer) -> None:
    server.reply(json_reply(200, _page(["a", "b"], "c1")), json_reply(200, _page(["c", "d"], "c2")), json_reply(200, _page(["e"], None)))
    ids = [p.id for p in iter_list_llm_obs_projects(client, filter_name="x", page_limit=2)]
    assert ids == ["a", "b", "c", "d", "e"]
    queries = [r.query for r in server.requests]
    assert queries == [
        [("filter[name]", "x"), ("page[limit]", "2")],
        [("filter[name]", "x"), ("page[cursor]", "c1"), ("page[limit]", "2")],
        [("filter[name]", "x"), ("page[cursor]", "c2"), ("page[limit]", "2")],
    ]


def test_iterating_follows_an_empty_page_that_names_a_next_cursor(client: Any, server: LoopbackServer) -> None:
    server.reply(
        json_reply(200, _page(["a"], "c1")),
        json_reply(200, _page([], "c2")),  # the server says more items come
        json_reply(200, _page(["b"], None)),
    )
    assert [p.id for p in iter_list_llm_obs_projects(client)] == ["a", "b"]
    assert len(server.requests) == 3


def test_iterating_gives_up_on_a_run_of_empty_pages_with_fresh_cursors(client: Any, server: LoopbackServer) -> None:
    from datadog_llm_observability.pagination import MAX_EMPTY_PAGES

    server.reply(json_reply(200, _page(["a"], "c0")), *[json_reply(200, _page([], f"c{i}")) for i in range(1, 50)])
    assert [p.id for p in iter_list_llm_obs_projects(client)] == ["a"]
    assert len(server.requests) == 1 + MAX_EMPTY_PAGES


def test_iterating_stops_on_an_empty_last_page(client: Any, server: LoopbackServer) -> None:
    server.reply(json_reply(200, _page(["a"], "c1")), json_reply(200, _page([], None)))
    assert [p.id for p in iter_list_llm_obs_projects(client)] == ["a"]
    assert len(server.requests) == 2


def test_iterating_stops_when_a_cursor_repeats(client: Any, server: LoopbackServer) -> None:
    server.reply(json_reply(200, _page(["a"], "c1")), json_reply(200, _page(["b"], "c1")), json_reply(200, _page(["x"], None)))
    assert [p.id for p in iter_list_llm_obs_projects(client)] == ["a", "b"]


def test_iterating_from_a_cursor_stops_when_the_server_hands_it_back(client: Any, server: LoopbackServer) -> None:
    server.reply(json_reply(200, _page(["a", "b"], "start")), json_reply(200, _page(["a", "b"], "start")))
    assert [p.id for p in iter_list_llm_obs_projects(client, page_cursor="start")] == ["a", "b"]
    assert len(server.requests) == 1


def test_iterating_stops_without_meta(client: Any, server: LoopbackServer) -> None:
    server.reply(json_reply(200, {"data": PROJECTS_PAGE["data"]}))
    assert len(list(iter_list_llm_obs_projects(client))) == 1


# -------------------------------------------------------------------- security

TRICKY = ["a/b", "...", ".a", "../../admin", "%2F", "a?b=c", "a#frag", "é", "ℌ", "a b", "\u2025", "%", "a;b", "\uff0e\uff0e"]


@pytest.mark.parametrize("value", TRICKY)
def test_path_parameters_cannot_change_the_route(client: Any, server: LoopbackServer, value: str) -> None:
    server.reply(json_reply(200, PROJECT))
    update_llm_obs_project(client, value, body=CREATE)
    (seen,) = server.requests
    assert seen.segments == ["api", "v2", "llm-obs", "v1", "projects", value]
    assert seen.query == []


@pytest.mark.parametrize(("value", "said"), [("", "is empty"), (".", "is '.'"), ("..", "is '..'")])
def test_a_path_parameter_that_would_change_the_route_is_refused(
    client: Any, server: LoopbackServer, value: str, said: str
) -> None:
    # A dot segment is collapsed by URL normalisation however it is spelled (%2E too).
    with pytest.raises(ValueError, match=f"path parameter 'project_id' {re.escape(said)}, which would change the route"):
        update_llm_obs_project(client, value, body=CREATE)
    assert server.requests == []


@pytest.mark.parametrize("bad", ["k\r\nX-Evil: 1", "k\n", "k\r", "k\x00"])
def test_keys_with_cr_lf_or_nul_are_refused_before_sending(server: LoopbackServer, bad: str) -> None:
    with pytest.raises(ValueError, match="CR, LF or NUL") as info:
        dd.Client(base_url=server.url, api_key=bad, app_key="a")
    assert bad not in str(info.value)
    with pytest.raises(ValueError):
        dd.Client(base_url=server.url, api_key="k", app_key="a", headers={"X-Extra": bad})
    with pytest.raises(ValueError):
        dd.Client(site="datadoghq.com\r\nX: 1", api_key="k", app_key="a")
    assert server.requests == []


def test_keys_never_show_in_repr_logs_errors_or_traceback_locals(
    server: LoopbackServer, caplog: pytest.LogCaptureFixture, sleeps: Sleeps
) -> None:
    caplog.set_level(logging.DEBUG)
    client = dd.Client(base_url=server.url, api_key=API_KEY, app_key=APP_KEY, sleep=sleeps, retries=1)
    texts = [repr(client), str(client)]
    server.reply(json_reply(503, {"errors": []}), json_reply(401, {"errors": [{"detail": "bad key"}]}))
    with pytest.raises(errors.ApiError) as api_error:
        list_llm_obs_projects(client)
    texts += [str(api_error.value), repr(api_error.value)]
    texts.append("".join(traceback.TracebackException.from_exception(api_error.value, capture_locals=True).format()))
    server.reply(Reply(action="reset"), Reply(action="reset"))
    with pytest.raises(errors.TransportError) as transport_error:
        list_llm_obs_projects(client)
    texts += [str(transport_error.value)]
    texts.append("".join(traceback.TracebackException.from_exception(transport_error.value, capture_locals=True).format()))
    texts += [r.getMessage() for r in caplog.records]
    assert len(caplog.records) > 3
    for text in texts:
        assert API_KEY not in text and APP_KEY not in text
