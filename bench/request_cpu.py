"""Client CPU time per request on loopback, side by side with a bare urllib3 loop.

    python bench/request_cpu.py [--requests 2000] [--rounds 7]

The server runs in its own process; only this process's CPU time is counted.
Each round runs every contender for the same number of requests (keep-alive, a
small JSON list response), in alternating order; the table gives the median CPU
microseconds per request and the median of per-round ratios to the bare loop.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent / "generated")]

import urllib3  # noqa: E402

from datadog_llm_observability import Client  # noqa: E402
from datadog_llm_observability.api import list_llm_obs_projects  # noqa: E402

SMALL_LIST = {
    "data": [
        {
            "attributes": {
                "created_at": "2024-01-15T10:30:00Z",
                "description": "",
                "name": f"project {i}",
                "updated_at": "2024-01-15T10:30:00Z",
            },
            "id": f"a33671aa-24fd-4dcd-9b33-a8ec7dde77{i:02d}",
            "type": "projects",
        }
        for i in range(5)
    ],
    "meta": {"after": None},
}


def start_server(body: bytes) -> tuple[subprocess.Popen[str], str]:
    file = tempfile.NamedTemporaryFile(suffix=".json", delete=False)
    file.write(body)
    file.close()
    proc = subprocess.Popen([sys.executable, str(HERE / "loopback_server.py"), file.name], stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None
    port = int(proc.stdout.readline())
    return proc, f"http://127.0.0.1:{port}"


def contenders(url: str) -> dict[str, Callable[[], object]]:
    pool = urllib3.PoolManager()
    client = Client(base_url=url, api_key="k", app_key="a")

    def bare() -> object:
        return json.loads(pool.request("GET", url + "/api/v2/llm-obs/v1/projects").data)

    def bindings() -> object:
        return list_llm_obs_projects(client)

    return {"urllib3 + json.loads": bare, "bindings": bindings}


def measure(fn: Callable[[], object], count: int) -> float:
    start = time.process_time()
    for _ in range(count):
        fn()
    return (time.process_time() - start) / count * 1e6


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args()
    proc, url = start_server(json.dumps(SMALL_LIST).encode())
    try:
        funcs = contenders(url)
        for fn in funcs.values():  # warm up connections and caches
            measure(fn, 50)
        times: dict[str, list[float]] = {name: [] for name in funcs}
        ratios = []
        for round_ in range(args.rounds):
            names = list(funcs) if round_ % 2 == 0 else list(reversed(funcs))
            this = {name: measure(funcs[name], args.requests) for name in names}
            for name, value in this.items():
                times[name].append(value)
            ratios.append(this["bindings"] / this["urllib3 + json.loads"])
    finally:
        proc.kill()
    print(f"client CPU per request, {args.requests} requests x {args.rounds} rounds")
    for name, values in times.items():
        print(f"  {name:<22} median {statistics.median(values):7.1f} us")
    print(f"  ratio (median of per-round ratios): {statistics.median(ratios):.3f}x the bare urllib3 loop")


if __name__ == "__main__":
    main()
