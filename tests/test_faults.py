"""A loopback server that misbehaves on command. Every case ends in success after a
bounded number of retries within the total wait cap, or in a typed error: never a
hang, never a bare urllib3 or http.client exception, never a POST repeated after
the server may have acted on it."""

from __future__ import annotations

import json
import math
import threading
import time
from collections.abc import Callable
from typing import Any

import pytest

import datadog_llm_observability as dd
from datadog_llm_observability import errors
from datadog_llm_observability.api import create_llm_obs_project, list_llm_obs_projects
from loopback import LoopbackServer, Reply, json_reply

PAGE = {"data": [], "meta": {"after": None}}
PROJECT = {
    "data": {
        "attributes": {"created_at": "2024-01-15T10:30:00Z", "description": "", "name": "n", "updated_at": "2024-01-15T10:30:00Z"},
        "id": "p",
        "type": "projects",
    }
}
CREATE = {"data": {"attributes": {"name": "n"}, "type": "projects"}}
TYPED = (errors.ApiError, errors.TransportError, dd.DecodeError)


def within(seconds: float, call: Callable[[], Any]) -> Any:
    """Run ``call`` in a thread; fail (instead of hanging) if it takes longer."""
    outcome: dict[str, Any] = {}

    def run() -> None:
        try:
            outcome["value"] = call()
        except BaseException as error:  # noqa: BLE001 - handed back to the test
            outcome["error"] = error

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(seconds)
    assert not thread.is_alive(), f"the call did not finish within {seconds} s"
    if "error" in outcome:
        raise outcome["error"]
    return outcome.get("value")


class Sleeps(list[float]):
    def __call__(self, seconds: float) -> None:
        self.append(seconds)


def client(server: LoopbackServer, **overrides: Any) -> Any:
    args: dict[str, Any] = {"base_url": server.url, "api_key": "k", "app_key": "a", "read_timeout": 1.0, "sleep": Sleeps()}
    args.update(overrides)
    return dd.Client(**args)


# Every misbehaviour, on a GET (may be retried) and a POST (must not be repeated once sent).
MISBEHAVIOURS: dict[str, Reply] = {
    "reset": Reply(action="reset"),
    "close without answering": Reply(action="close"),
    "truncated body": Reply(200, json.dumps(PAGE).encode(), action="truncate"),
    "content-length too short": Reply(200, json.dumps(PAGE).encode(), action="lie_short"),
    "slower than the read timeout": Reply(200, json.dumps(PAGE).encode(), delay=2.0),
    "dripping past the read timeout": Reply(200, json.dumps(PAGE).encode() * 3, action="drip"),
    "corrupt gzip": Reply(200, b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03" + b"\xff" * 30, [("Content-Encoding", "gzip")]),
    "html 502": Reply(502, b"<html><h1>502 Bad Gateway</h1></html>", [("Content-Type", "text/html")]),
    "empty 500": Reply(500, b""),
    "html 200": Reply(200, b"<html>maintenance</html>", [("Content-Type", "text/html")]),
    "empty 200": Reply(200, b""),
    "503": json_reply(503, {"errors": ["unavailable"]}),
}


@pytest.mark.parametrize("name", list(MISBEHAVIOURS))
def test_a_get_recovers_or_fails_typed(server: LoopbackServer, name: str) -> None:
    server.reply(MISBEHAVIOURS[name], json_reply(200, PAGE))
    c = client(server)
    try:
        result = within(10, lambda: list_llm_obs_projects(c))
    except TYPED:
        # a 200 whose body is not the model
        assert name in ("html 200", "empty 200", "content-length too short")
        return
    assert result.data == []
    assert len(server.requests) <= 2


@pytest.mark.parametrize("name", list(MISBEHAVIOURS))
def test_a_post_is_never_repeated_once_it_may_have_arrived(server: LoopbackServer, name: str) -> None:
    server.reply(MISBEHAVIOURS[name], json_reply(201, PROJECT))
    c = client(server)
    try:
        within(10, lambda: create_llm_obs_project(c, body=CREATE))
    except TYPED:
        pass
    posts = [r for r in server.requests if r.method == "POST"]
    assert len(posts) == 1, f"{name}: the POST was sent {len(posts)} times"


@pytest.mark.parametrize("name", ["reset", "close without answering"])
def test_a_post_through_a_proxy_is_never_repeated_once_it_may_have_arrived(server: LoopbackServer, name: str) -> None:
    # The loopback server plays a forwarding proxy that takes the request, then drops
    # the connection: urllib3 reports that as a proxy error, as it does a proxy it
    # cannot reach, but here the request went through.
    server.reply(MISBEHAVIOURS[name], json_reply(201, PROJECT))
    c = client(server, base_url="http://api.example.invalid", proxy=server.url)
    with pytest.raises(errors.ConnectionError, match=r"^the connection to api\.example\.invalid through the proxy failed") as info:
        within(10, lambda: create_llm_obs_project(c, body=CREATE))
    assert info.value.sent is True
    assert [r.method for r in server.requests] == ["POST"]


def test_a_proxy_that_cannot_be_reached_has_not_received_the_request() -> None:
    closed = LoopbackServer()
    closed.close()  # nothing listens on its port now
    c = dd.Client(base_url="http://api.example.invalid", api_key="k", app_key="a", proxy=closed.url, retries=0)
    with pytest.raises(errors.ConnectionError, match="^the proxy failed") as info:
        create_llm_obs_project(c, body=CREATE)
    assert info.value.sent is False


def test_a_burst_of_503_ends_within_the_retry_budget(server: LoopbackServer) -> None:
    sleeps = Sleeps()
    c = client(server, sleep=sleeps, retries=4, max_total_wait=30.0)
    server.reply(*[json_reply(503, {"errors": []})] * 10)
    with pytest.raises(errors.ServerError):
        within(10, lambda: list_llm_obs_projects(c))
    assert len(server.requests) == 5 and len(sleeps) == 4 and sum(sleeps) <= 30.0


@pytest.mark.parametrize(("status", "retried"), [(500, True), (507, True), (408, True), (501, False), (505, False)])
def test_which_statuses_a_get_retries(server: LoopbackServer, status: int, retried: bool) -> None:
    server.reply(json_reply(status, {"errors": []}), json_reply(200, PAGE))
    c = client(server)
    if retried:
        assert within(10, lambda: list_llm_obs_projects(c)).data == []
    else:
        with pytest.raises(errors.ApiError) as info:
            within(10, lambda: list_llm_obs_projects(c))
        assert info.value.status == status
    assert len(server.requests) == (2 if retried else 1)


def test_a_503_does_not_wait_for_the_rate_limit_window(server: LoopbackServer) -> None:
    # Datadog sends X-RateLimit-* on every response; only a 429 is about the rate limit.
    sleeps = Sleeps()
    window = [("X-RateLimit-Period", "3600"), ("X-RateLimit-Remaining", "990"), ("X-RateLimit-Reset", "3000")]
    server.reply(json_reply(503, {"errors": []}, *window), json_reply(200, PAGE))
    assert within(10, lambda: list_llm_obs_projects(client(server, sleep=sleeps))).data == []
    assert len(server.requests) == 2 and len(sleeps) == 1 and sleeps[0] <= 0.5  # backoff, not 3000 s
    server.reply(json_reply(503, {"errors": []}, ("Retry-After", "2"), *window), json_reply(200, PAGE))
    within(10, lambda: list_llm_obs_projects(client(server, sleep=sleeps)))
    assert sleeps[-1] == 2.0  # Retry-After still counts


def test_a_burst_of_503_that_ends_succeeds(server: LoopbackServer) -> None:
    server.reply(*[json_reply(503, {"errors": []})] * 3, json_reply(200, PAGE))
    assert within(10, lambda: list_llm_obs_projects(client(server))).data == []
    assert len(server.requests) == 4


@pytest.mark.parametrize(
    "headers",
    [
        [("Retry-After", "2"), ("Retry-After", "2")],
        [("Retry-After", "2, 2")],
        [("X-RateLimit-Reset", "2"), ("X-RateLimit-Reset", "2")],
        [("X-RateLimit-Reset", "1, 2")],
        [("Retry-After", "Wed, 21 Oct 2015 07:28:00 GMT")],
        [("Retry-After", "soon")],
        [("Retry-After", "-5")],
        [("Retry-After", "1e999")],
        [("Retry-After", "inf")],
        [("Retry-After", "-Infinity")],
        [("Retry-After", "nan")],
    ],
)
def test_every_shape_of_wait_header_gives_a_bounded_wait(server: LoopbackServer, headers: list[tuple[str, str]]) -> None:
    sleeps = Sleeps()
    server.reply(json_reply(429, {"errors": []}, *headers), json_reply(200, PAGE))
    within(10, lambda: list_llm_obs_projects(client(server, sleep=sleeps)))
    assert len(sleeps) == 1 and 0.0 <= sleeps[0] <= 2.0


@pytest.mark.parametrize("wait", ["-30", "-0.5", "-1e9"])
def test_a_negative_delay_is_not_a_delay_and_backoff_applies(wait: str) -> None:
    from datadog_llm_observability._retry import server_wait

    # Read as "retry at once", every retry would go out with no wait to a failing server.
    assert server_wait({"Retry-After": wait}, status=503) is None
    assert server_wait({"Retry-After": wait, "X-RateLimit-Reset": "3"}, status=429) == 3.0
    assert server_wait({"Retry-After": "Wed, 21 Oct 2015 07:28:00 GMT"}, status=503) == 0.0  # a date past: now


# A delay in seconds too large for a float ("1" and 400 zeros) is as absurd as any other.
@pytest.mark.parametrize("wait", ["86400", "999999999999", "1" + "0" * 23, "1" + "0" * 400, "Fri, 31 Dec 9999 23:59:59 GMT"])
def test_an_absurd_wait_is_raised_not_slept(server: LoopbackServer, wait: str) -> None:
    sleeps = Sleeps()
    server.reply(json_reply(429, {"errors": []}, ("Retry-After", wait)), json_reply(200, PAGE))
    with pytest.raises(errors.RateLimitError) as info:
        within(10, lambda: list_llm_obs_projects(client(server, sleep=sleeps)))
    assert sleeps == [] and info.value.retry_after and info.value.retry_after > 60


@pytest.mark.parametrize("wait", ["999999999999", "1" + "0" * 23, "1" + "0" * 400, "Fri, 31 Dec 9999 23:59:59 GMT"])
def test_without_caps_a_wait_longer_than_a_thread_can_sleep_is_raised(server: LoopbackServer, wait: str) -> None:
    sleeps = Sleeps()
    server.reply(json_reply(429, {"errors": []}, ("Retry-After", wait)), json_reply(200, PAGE))
    uncapped = client(server, sleep=sleeps, max_retry_wait=math.inf, max_total_wait=math.inf)
    with pytest.raises(errors.RateLimitError):
        within(10, lambda: list_llm_obs_projects(uncapped))
    assert sleeps == []


@pytest.mark.parametrize("attempt", [0, 10, 1023, 1024, 5000])
def test_backoff_stays_within_its_cap_however_many_attempts(attempt: int) -> None:
    from datadog_llm_observability._retry import backoff

    assert 0.0 <= backoff(attempt, base=0.5, cap=30.0) <= (0.5 if attempt == 0 else 30.0)


def test_a_429_burst_stops_at_the_total_wait_cap(server: LoopbackServer) -> None:
    sleeps = Sleeps()
    server.reply(*[json_reply(429, {"errors": []}, ("Retry-After", "10"))] * 20)
    with pytest.raises(errors.RateLimitError):
        within(10, lambda: list_llm_obs_projects(client(server, sleep=sleeps, retries=20, max_total_wait=35.0)))
    assert sleeps == [10.0, 10.0, 10.0] and sum(sleeps) <= 35.0


def test_the_real_sleep_is_used_by_default(server: LoopbackServer) -> None:
    server.reply(json_reply(429, {"errors": []}, ("Retry-After", "0.2")), json_reply(200, PAGE))
    c = dd.Client(base_url=server.url, api_key="k", app_key="a")
    started = time.monotonic()
    within(10, lambda: list_llm_obs_projects(c))
    assert time.monotonic() - started >= 0.2


def test_a_redirect_to_another_host_is_not_followed_with_the_keys(server: LoopbackServer) -> None:
    other = LoopbackServer()
    try:
        server.reply(Reply(307, b"", [("Location", other.url + "/api/v2/llm-obs/v1/projects")]))
        with pytest.raises(errors.ApiError) as info:
            within(10, lambda: list_llm_obs_projects(client(server)))
        assert info.value.status == 307 and other.requests == []
    finally:
        other.close()


def test_no_bare_urllib3_or_http_client_exception_leaves_the_client(server: LoopbackServer) -> None:
    """Every misbehaviour in a row on one client: only the package's own errors."""
    c = client(server, retries=0)
    for name, reply in MISBEHAVIOURS.items():
        server.reply(reply)
        try:
            within(10, lambda: list_llm_obs_projects(c))
        except TYPED as error:
            assert type(error).__module__.startswith("datadog_llm_observability"), (name, type(error))
