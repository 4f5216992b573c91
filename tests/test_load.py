"""One Client shared by 16 threads against a loopback server in another process:
no errors, no crossed responses, connections bounded by the pool, nothing leaked.

The test run makes 16 x 150 requests; ``make soak`` runs 16 threads x 1,000
requests, then keeps going until SOAK_SECONDS have passed.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Iterator

import pytest

import datadog_llm_observability as dd
from conftest import ROOT
from datadog_llm_observability.api import list_llm_obs_projects

THREADS = 16
PER_THREAD = int(os.environ.get("SOAK_REQUESTS", "150"))
SOAK_SECONDS = float(os.environ.get("SOAK_SECONDS", "0"))
POOL = 6


@pytest.fixture
def echo_server() -> Iterator[str]:
    proc = subprocess.Popen([sys.executable, str(ROOT / "tests" / "echo_server.py")], stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None
    url = f"http://127.0.0.1:{int(proc.stdout.readline())}"
    yield url
    proc.kill()
    proc.wait()


def stats(url: str) -> dict[str, int]:
    with urllib.request.urlopen(url + "/_stats") as response:  # noqa: S310 - loopback
        return json.loads(response.read())


def open_fds() -> int:
    return len(os.listdir("/proc/self/fd"))


@pytest.mark.skipif(not os.path.isdir("/proc/self/fd"), reason="needs /proc to count file descriptors")
def test_sixteen_threads_share_one_client(echo_server: str) -> None:
    fds_before = open_fds()
    client = dd.Client(base_url=echo_server, api_key="k", app_key="a", pool_maxsize=POOL, retries=0)
    failures: list[str] = []
    done = [0] * THREADS
    deadline = time.monotonic() + SOAK_SECONDS

    def worker(n: int) -> None:
        i = 0
        try:
            while i < PER_THREAD or time.monotonic() < deadline:
                cursor = f"thread-{n}-request-{i}"
                page = list_llm_obs_projects(client, page_cursor=cursor)
                if page.meta.after != cursor:
                    failures.append(f"{cursor} got {page.meta.after}")
                i += 1
        except Exception as error:  # noqa: BLE001 - every failure is reported
            failures.append(f"thread {n}: {type(error).__name__}: {error}")
        done[n] = i

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(THREADS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=600)
    assert not any(t.is_alive() for t in threads), "a thread hung"
    assert failures == []
    served = stats(echo_server)
    assert served["requests"] == sum(done) >= THREADS * PER_THREAD
    assert served["connections"] <= POOL + 1  # the pool's connections, and this check's own

    client.close()
    for _ in range(100):  # the server closes its side asynchronously
        if open_fds() <= fds_before:
            break
        time.sleep(0.05)
    assert open_fds() <= fds_before, "sockets or files were left open after close()"
