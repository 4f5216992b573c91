"""What the bindings guarantee about routes, headers, secrets, TLS and where keys go.
SECURITY.md states these guarantees; each has its test here or in test_client.py."""

from __future__ import annotations

import http.server
import logging
import os
import shutil
import socket
import ssl
import subprocess
import threading
import traceback
import unicodedata
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import allllms
import datadog_llm_observability as dd
from datadog_llm_observability import errors
from datadog_llm_observability.api import (
    create_llm_obs_project,
    list_llm_obs_dataset_records,
    list_llm_obs_projects,
    update_llm_obs_project,
)
from loopback import LoopbackServer, json_reply

API_KEY = "ddapi-3f9c1e7a"
APP_KEY = "ddapp-b28d44c0"
PROJECT = {
    "data": {
        "attributes": {"created_at": "2024-01-15T10:30:00Z", "description": "", "name": "n", "updated_at": "2024-01-15T10:30:00Z"},
        "id": "p",
        "type": "projects",
    }
}
BODY = {"data": {"attributes": {"name": "n"}, "type": "projects"}}
PREFIX = ["api", "v2", "llm-obs", "v1", "projects"]

path_values = st.one_of(
    st.text(min_size=1, max_size=30),
    st.sampled_from(["/", "..", ".", "../..", "%2F", "%2e%2e", "a/../b", "?q=1", "#frag", "a%", "%%", "\\", "//evil"]),
    st.sampled_from(["\uff0e\uff0e", "\u2024\u2024", "\u2215", "\ufe5f", "\u3002", "\u0130", "\ufb01", "\u212a", "a\u0338"]),
    st.lists(st.sampled_from(["/", ".", "?", "#", "%", "&", "=", ";", " ", "é", "\x00", "\n"]), min_size=1, max_size=8).map("".join),
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(value=path_values)
def test_no_path_parameter_value_changes_the_route(server: LoopbackServer, value: str) -> None:
    client = dd.Client(base_url=server.url, api_key=API_KEY, app_key=APP_KEY, retries=0)
    before = len(server.requests)
    server.reply(json_reply(200, PROJECT))
    try:
        update_llm_obs_project(client, value, body=BODY)
    except ValueError:
        # Refused before sending: an empty value, a dot segment, or one no URL can carry.
        assert value in ("", ".", "..") or any(0xD800 <= ord(c) <= 0xDFFF for c in value)
        assert len(server.requests) == before
        server.replies.clear()
        return
    seen = server.requests[-1]
    assert seen.segments == PREFIX + [value], seen.target
    assert seen.query == []
    assert unicodedata.normalize("NFC", seen.segments[-1]) == unicodedata.normalize("NFC", value)


def test_path_parameters_deep_in_a_path_stay_in_their_segment(server: LoopbackServer) -> None:
    client = dd.Client(base_url=server.url, api_key="k", app_key="a")
    server.reply(json_reply(200, {"data": []}))
    list_llm_obs_dataset_records(client, "../../projects", "x/../../admin?y#z")
    assert server.requests[0].segments == ["api", "v2", "llm-obs", "v1", "../../projects", "datasets", "x/../../admin?y#z", "records"]


@pytest.mark.parametrize("bad", ["\r", "\n", "\x00", "a\r\nX-Injected: 1", "\u2028ok", "emoji 😀"])
def test_header_injection_is_refused_before_sending(server: LoopbackServer, bad: str) -> None:
    forbidden = any(c in bad for c in "\r\n\x00") or any(ord(c) > 255 for c in bad)
    for make in (
        lambda: dd.Client(base_url=server.url, api_key=bad, app_key="a"),
        lambda: dd.Client(base_url=server.url, api_key="k", app_key=bad),
        lambda: dd.Client(base_url=server.url, api_key="k", app_key="a", headers={"X-Extra": bad}),
        lambda: dd.Client(base_url=server.url, api_key="k", app_key="a", user_agent=bad),
        lambda: allllms.Client(base_url=server.url, anthropic_api_key="k", anthropic_version=bad),
    ):
        if forbidden:
            with pytest.raises(ValueError) as info:
                make()
            assert bad not in str(info.value)
        else:
            make()
    with pytest.raises(ValueError):
        dd.Client(site="datadoghq.com\r\nX-Injected: 1", api_key="k", app_key="a")
    with pytest.raises(ValueError):
        dd.Client(base_url=server.url, api_key="k", app_key="a", headers={"X-Bad\r\nName": "v"})
    assert server.requests == []


def test_parameters_no_url_can_carry_are_refused_before_sending(server: LoopbackServer) -> None:
    from allllms.api import list_gemini_models

    client = allllms.Client(base_url=server.url, gemini_api_key="g")
    with pytest.raises(ValueError, match="lone surrogate"):
        list_gemini_models(client, page_token="\ud800")
    assert server.requests == []


# ---------------------------------------------------------------------- secrets


def _all_text(error: BaseException) -> str:
    return "".join(traceback.TracebackException.from_exception(error, capture_locals=True).format())


def test_keys_never_leak_into_repr_str_logs_errors_or_traceback_locals(server: LoopbackServer, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    client = dd.Client(base_url=server.url, api_key=API_KEY, app_key=APP_KEY, retries=1, sleep=lambda s: None)
    seen = [repr(client), str(client), repr(vars(client)), repr(client._credentials), repr(client._headers)]
    server.reply(json_reply(500, {"errors": ["boom"]}), json_reply(401, {"errors": [{"detail": "bad"}]}))
    with pytest.raises(errors.ApiError) as api_error:
        list_llm_obs_projects(client)
    seen += [str(api_error.value), repr(api_error.value), _all_text(api_error.value)]
    with pytest.raises(errors.MissingCredentialsError) as missing:
        list_llm_obs_projects(dd.Client(base_url=server.url, api_key=API_KEY))
    seen += [str(missing.value), _all_text(missing.value)]
    with pytest.raises(ValueError) as bad_key:
        dd.Client(base_url=server.url, api_key=API_KEY + "\n", app_key=APP_KEY)
    seen += [str(bad_key.value), _all_text(bad_key.value)]
    closed = dd.Client(base_url="http://127.0.0.1:9", api_key=API_KEY, app_key=APP_KEY, retries=0)
    with pytest.raises(errors.TransportError) as transport:
        list_llm_obs_projects(closed)
    seen += [str(transport.value), _all_text(transport.value)]
    seen += [record.getMessage() for record in caplog.records]
    assert any(record.name.startswith("urllib3") for record in caplog.records)
    for text in seen:
        assert API_KEY not in text and APP_KEY not in text, text


# -------------------------------------------------------------------------- TLS


TLS_POSTS: list[str] = []  # the paths of the POST requests the TLS server received in full


@pytest.fixture(scope="module")
def tls_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str]]:
    """An HTTPS server on 127.0.0.1 with a self-signed certificate; yields (url, cert file)."""
    if shutil.which("openssl") is None:
        pytest.skip("openssl is needed to make a certificate")
    folder = tmp_path_factory.mktemp("tls")
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=127.0.0.1",
         "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", str(key), "-out", str(cert)],
        check=True,
        capture_output=True,
    )

    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args: Any) -> None:
            pass

        def do_GET(self) -> None:  # noqa: N802
            body = b'{"data": []}'
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def do_POST(self) -> None:  # noqa: N802
            # Takes the request, then answers in plain text on the TLS connection.
            self.rfile.read(int(self.headers["Content-Length"]))
            TLS_POSTS.append(self.path)
            plain = socket.socket(fileno=os.dup(self.connection.fileno()))
            plain.sendall(b"HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\n\r\n")
            plain.close()
            self.close_connection = True

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(str(cert), str(key))
    httpd.socket = context.wrap_socket(httpd.socket, server_side=True)
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    yield f"https://127.0.0.1:{httpd.server_address[1]}", str(cert)
    httpd.shutdown()


def test_tls_is_verified_by_default(tls_server: tuple[str, str]) -> None:
    url, _ = tls_server
    client = dd.Client(base_url=url, api_key=API_KEY, app_key=APP_KEY, retries=0)
    with pytest.raises(errors.ConnectionError, match="TLS failed") as info:
        list_llm_obs_projects(client)
    assert info.value.sent is False  # the handshake failed: nothing was sent


def test_a_server_refusing_the_client_certificate_has_not_taken_the_request(
    tls_server: tuple[str, str], tmp_path: Path
) -> None:
    # The server asks for a client certificate the client does not have; with TLS 1.3
    # the refusal arrives after the client wrote the request.
    url, cert = tls_server
    strict = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    strict.load_cert_chain(cert, str(Path(cert).with_name("key.pem")))
    strict.verify_mode = ssl.CERT_REQUIRED
    strict.load_verify_locations(cert)
    listener = socket.create_server(("127.0.0.1", 0))
    port = listener.getsockname()[1]

    def serve() -> None:
        raw, _ = listener.accept()
        tls = strict.wrap_socket(raw, server_side=True, do_handshake_on_connect=False)
        try:
            tls.do_handshake()
        except (ssl.SSLError, OSError):
            # Read what the client sends until it hangs up: closing with its request
            # unread would reset the connection before the client reads the alert.
            plain = socket.socket(fileno=os.dup(tls.fileno()))
            plain.settimeout(5)
            try:
                while plain.recv(65536):
                    pass
            except OSError:
                pass
            plain.close()
        finally:
            tls.close()

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    client = dd.Client(base_url=f"https://127.0.0.1:{port}", api_key=API_KEY, app_key=APP_KEY, ca_certs=cert, retries=0)
    with pytest.raises(errors.ConnectionError, match="TLS failed") as info:
        create_llm_obs_project(client, body={"data": {"type": "projects", "attributes": {"name": "n"}}})
    thread.join(5)
    listener.close()
    assert info.value.sent is False


def test_a_post_is_not_repeated_after_a_tls_error_that_follows_it(tls_server: tuple[str, str]) -> None:
    url, cert = tls_server
    client = dd.Client(base_url=url, api_key=API_KEY, app_key=APP_KEY, ca_certs=cert, sleep=lambda s: None)
    TLS_POSTS.clear()
    with pytest.raises(errors.ConnectionError, match="TLS failed") as info:
        create_llm_obs_project(client, body={"data": {"type": "projects", "attributes": {"name": "n"}}})
    assert info.value.sent is True
    assert TLS_POSTS == ["/api/v2/llm-obs/v1/projects"]


def test_a_ca_bundle_makes_a_private_certificate_trusted(tls_server: tuple[str, str]) -> None:
    url, cert = tls_server
    client = dd.Client(base_url=url, api_key=API_KEY, app_key=APP_KEY, ca_certs=cert)
    assert list_llm_obs_projects(client).data == []


def test_turning_verification_off_needs_an_argument_and_warns(tls_server: tuple[str, str]) -> None:
    url, _ = tls_server
    with pytest.warns(UserWarning, match="verification is off"):
        client = dd.Client(base_url=url, api_key=API_KEY, app_key=APP_KEY, verify=False)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        assert list_llm_obs_projects(client).data == []


# ------------------------------------------------------------ where keys go


def test_keys_do_not_reach_a_proxy_tunnelling_https(server: LoopbackServer, monkeypatch: pytest.MonkeyPatch) -> None:
    """Through a proxy, an https request is a CONNECT tunnel: the proxy never sees the keys."""
    for name in ("NO_PROXY", "no_proxy"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HTTPS_PROXY", server.url)
    client = dd.Client(api_key=API_KEY, app_key=APP_KEY, retries=0)
    with pytest.raises(errors.ConnectionError):
        list_llm_obs_projects(client)
    (connect,) = server.requests
    assert connect.method == "CONNECT" and connect.target == "api.datadoghq.com:443"
    assert all(API_KEY not in v and APP_KEY not in v for _, v in connect.headers)


def test_keys_go_only_to_the_configured_host(server: LoopbackServer) -> None:
    other = LoopbackServer()
    try:
        client = dd.Client(base_url=server.url, api_key=API_KEY, app_key=APP_KEY)
        for status in (301, 302, 303, 307, 308):
            server.reply(json_reply(status, {}, ("Location", other.url + "/steal")))
            with pytest.raises(errors.ApiError):
                list_llm_obs_projects(client)
        assert other.requests == []
    finally:
        other.close()


def test_security_md_states_the_guarantees() -> None:
    text = (Path(__file__).resolve().parent.parent / "SECURITY.md").read_text(encoding="utf-8")
    for topic in ("path parameter", "CR", "repr", "log", "TLS", "verify=False", "redirect", "proxy"):
        assert topic in text, topic
