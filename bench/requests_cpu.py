"""Client CPU time per request on loopback, side by side with a bare urllib3 loop.

    python bench/requests_cpu.py [--quick]

The server runs in its own process; only this process's CPU time is counted.
Every round runs each contender for the same number of requests (keep-alive, a
small JSON list response), in alternating order.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable

from harness import HERE, Row, compare, format_table

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
PATH = "/api/v2/llm-obs/v1/projects"


def start_server(body: bytes) -> tuple[subprocess.Popen[str], str]:
    file = tempfile.NamedTemporaryFile(suffix=".json", delete=False)
    file.write(body)
    file.close()
    proc = subprocess.Popen([sys.executable, str(HERE / "loopback_server.py"), file.name], stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None
    port = int(proc.stdout.readline())
    return proc, f"http://127.0.0.1:{port}"


def contenders(url: str, peers: bool) -> dict[str, Callable[[], object]]:
    pool = urllib3.PoolManager()
    client = Client(base_url=url, api_key="k", app_key="a")
    out: dict[str, Callable[[], object]] = {
        "urllib3 + json.loads": lambda: json.loads(pool.request("GET", url + PATH).data),
        "bindings": lambda: list_llm_obs_projects(client),
    }
    if peers:
        import warnings

        from datadog_api_client import ApiClient, Configuration

        warnings.filterwarnings("ignore", message="Using unstable operation")
        from datadog_api_client.v2.api.agent_observability_api import AgentObservabilityApi

        configuration = Configuration(host=url)
        configuration.api_key["apiKeyAuth"] = "k"
        configuration.api_key["appKeyAuth"] = "a"
        configuration.unstable_operations["list_llm_obs_projects"] = True
        api = AgentObservabilityApi(ApiClient(configuration))
        out["datadog-api-client"] = lambda: api.list_llm_obs_projects()
    return out


def cpu_per_call(fn: Callable[[], object], count: int) -> float:
    start = time.process_time()
    for _ in range(count):
        fn()
    return (time.process_time() - start) / count


def run(quick: bool, peers: bool = True) -> list[Row]:
    proc, url = start_server(json.dumps(SMALL_LIST).encode())
    try:
        funcs = contenders(url, peers)
        for fn in funcs.values():
            cpu_per_call(fn, 30)
        return compare(
            funcs,
            "urllib3 + json.loads",
            rounds=3 if quick else 9,
            repeat=200 if quick else 1000,
            measure=cpu_per_call,
        )
    finally:
        proc.kill()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--no-peers", action="store_true")
    args = parser.parse_args()
    rows = run(args.quick, not args.no_peers)
    print(format_table("client CPU per request (loopback, keep-alive, small JSON list)", rows, "us", "vs urllib3", scale=1e6))


if __name__ == "__main__":
    main()
