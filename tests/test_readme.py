"""The README's quickstart runs as written, against a local server."""

from __future__ import annotations

import re
from typing import Any

import pytest

from conftest import ROOT
from loopback import LoopbackServer, json_reply

PROJECT = {
    "attributes": {"created_at": "2024-01-15T10:30:00Z", "description": "", "name": "demo", "updated_at": "2024-01-15T10:30:00Z"},
    "id": "a33671aa-24fd-4dcd-9b33-a8ec7dde7751",
    "type": "projects",
}
DATASET = {
    "attributes": {"created_at": "2024-01-15T10:30:00Z", "current_version": 1, "description": "", "metadata": {}, "name": "d", "updated_at": "2024-01-15T10:30:00Z"},
    "id": "9f64e5c7-dc5a-45c8-a17c-1b85f0bec97d",
    "type": "datasets",
}


def record(i: int) -> dict[str, Any]:
    return {"created_at": "2024-01-15T10:30:00Z", "dataset_id": DATASET["id"], "expected_output": {"a": i}, "id": f"rec-{i}", "input": {"q": i}, "metadata": {}, "updated_at": "2024-01-15T10:30:00Z"}


def quickstart() -> str:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("## Quickstart", 1)[1]
    match = re.search(r"```python\n(.*?)```", section, re.S)
    assert match
    return match.group(1)


def test_quickstart_runs_as_written(server: LoopbackServer, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("DD_API_KEY", "k")
    monkeypatch.setenv("DD_APP_KEY", "a")
    monkeypatch.setenv("DATADOG_LLM_OBSERVABILITY_BASE_URL", server.url)
    server.reply(
        json_reply(200, {"data": [PROJECT], "meta": {"after": None}}),
        json_reply(200, {"data": [PROJECT]}, ("X-RateLimit-Remaining", "99")),
        json_reply(200, {"data": [DATASET]}),
        json_reply(200, {"data": [record(1), record(2)], "meta": {"after": "next"}}),
        json_reply(200, {"data": [record(3)], "meta": {"after": None}}),
        json_reply(429, {"errors": ["Too many requests"]}, ("Retry-After", "3600")),
    )
    exec(compile(quickstart(), "README.md", "exec"), {})
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "a33671aa-24fd-4dcd-9b33-a8ec7dde7751 demo 2024-01-15 10:30:00+00:00"
    assert out[1].startswith("200 99 ")
    assert out[2:5] == ["rec-1 {'q': 1} {'a': 1}", "rec-2 {'q': 2} {'a': 2}", "rec-3 {'q': 3} {'a': 3}"]
    assert out[5] == "rate limited; the server asks to wait 3600.0 s"
    assert [r.method for r in server.requests] == ["GET"] * 5 + ["POST"]
    assert server.requests[4].query == [("page[cursor]", "next"), ("page[limit]", "100")]
