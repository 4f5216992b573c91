"""Decoding pauses the cyclic garbage collector for bodies from PAUSE_GC_ABOVE on,
and the generator while it runs; both always leave it as the caller had it: after
errors, and across threads."""

from __future__ import annotations

import gc
import json
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from datadog_llm_observability import DecodeError, _json
from datadog_llm_observability.models import LLMObsDatasetRecordsListResponse


def page(records: int) -> bytes:
    record = {
        "created_at": "2024-05-01T10:00:00Z",
        "dataset_id": "d",
        "expected_output": {"answer": "x" * 200},
        "id": "r",
        "input": {"messages": [{"role": "user", "content": "y" * 200}]},
        "metadata": None,
        "updated_at": "2024-05-01T10:00:00Z",
    }
    return json.dumps({"data": [record] * records}).encode()


@pytest.fixture
def collector_enabled() -> Iterator[None]:
    was = gc.isenabled()
    gc.enable()
    yield
    if not was:
        gc.disable()


BIG = page(200)


def test_large_bodies_pause_the_collector_while_decoding(collector_enabled: None) -> None:
    assert len(BIG) >= _json.PAUSE_GC_ABOVE
    seen: list[bool] = []

    def decoder(data: object) -> LLMObsDatasetRecordsListResponse:
        seen.append(gc.isenabled())
        return LLMObsDatasetRecordsListResponse.from_dict(data)

    assert len(_json.decode(BIG, decoder).data) == 200
    assert seen == [False]
    assert gc.isenabled()


def test_the_collector_is_resumed_after_a_decode_error(collector_enabled: None) -> None:
    broken = BIG.replace(b'"2024-05-01T10:00:00Z"', b'"yesterday"', 1)
    with pytest.raises(DecodeError, match="created_at"):
        LLMObsDatasetRecordsListResponse.from_json(broken)
    with pytest.raises(DecodeError):
        LLMObsDatasetRecordsListResponse.from_json(BIG[:-1])
    assert gc.isenabled()


def test_a_collector_the_caller_disabled_stays_disabled() -> None:
    was = gc.isenabled()
    gc.disable()
    try:
        LLMObsDatasetRecordsListResponse.from_json(BIG)
        assert not gc.isenabled()
    finally:
        if was:
            gc.enable()


def test_threads_decoding_at_once_leave_the_collector_enabled(collector_enabled: None) -> None:
    errors: list[BaseException] = []

    def work() -> None:
        try:
            for _ in range(20):
                assert len(LLMObsDatasetRecordsListResponse.from_json(BIG).data) == 200
        except BaseException as e:  # reported below
            errors.append(e)

    threads = [threading.Thread(target=work) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert gc.isenabled()


def test_the_generator_pauses_the_collector_and_leaves_it_as_it_was(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import codegen.build
    from codegen.pipeline import api_for
    from codegen.problems import SpecError
    from codegen.render import render_package

    during: list[bool] = []
    build = codegen.build.build
    monkeypatch.setattr(codegen.build, "build", lambda *a: during.append(gc.isenabled()) or build(*a))
    head = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents: {schemas: "
    good, bad = tmp_path / "good.yaml", tmp_path / "bad.yaml"
    good.write_text(head + "{A: {type: object, properties: {x: {type: string}}}}}\n")
    bad.write_text(head + "{A: {type: object, required: [ghost], properties: {x: {type: string}}}}}\n")
    try:
        for enabled in (True, False):
            (gc.enable if enabled else gc.disable)()
            assert "models/a.py" in render_package(api_for(good))
            assert gc.isenabled() is enabled
            with pytest.raises(SpecError):
                api_for(bad)
            assert gc.isenabled() is enabled
    finally:
        gc.enable()
    assert during == [False] * 4


def test_the_generators_pause_ends_when_the_last_of_concurrent_calls_ends() -> None:
    from codegen.gc_pause import gc_paused

    first_inside, second_inside, first_done = threading.Event(), threading.Event(), threading.Event()
    seen_by_second: list[bool] = []

    @gc_paused
    def first() -> None:  # pauses the collector, and ends while the second still runs
        first_inside.set()
        second_inside.wait(5)

    @gc_paused
    def second() -> None:
        second_inside.set()
        first_done.wait(5)
        seen_by_second.append(gc.isenabled())

    one = threading.Thread(target=lambda: (first(), first_done.set()))
    one.start()
    first_inside.wait(5)
    two = threading.Thread(target=second)
    two.start()
    one.join()
    two.join()
    assert seen_by_second == [False] and gc.isenabled()


def test_decodes_overlapping_in_threads_cannot_keep_the_collector_off(
    collector_enabled: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A pause under way for LONGEST_GC_PAUSE is not joined: once the decodes in it end,
    # the collector runs again, although other threads are still decoding.
    monkeypatch.setattr(_json, "LONGEST_GC_PAUSE", 0.05)
    started = {name: threading.Event() for name in ("first", "late")}
    release = {name: threading.Event() for name in ("first", "late")}
    seen: dict[str, bool] = {}

    def work(name: str) -> None:
        def decoder(data: object) -> LLMObsDatasetRecordsListResponse:
            seen[name] = gc.isenabled()
            started[name].set()
            release[name].wait(10)
            return LLMObsDatasetRecordsListResponse.from_dict(data)

        _json.decode(BIG, decoder)

    first = threading.Thread(target=work, args=("first",))
    first.start()
    assert started["first"].wait(10)
    threading.Event().wait(0.1)  # the pause has now lasted longer than its limit
    late = threading.Thread(target=work, args=("late",))
    late.start()
    assert started["late"].wait(10)
    release["first"].set()
    first.join(10)
    assert seen == {"first": False, "late": False}
    assert gc.isenabled()  # "late" is still decoding, but did not join the pause
    release["late"].set()
    late.join(10)
    assert gc.isenabled()
