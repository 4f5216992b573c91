"""Cold import time, each measured in a fresh interpreter (median of many runs).

    python bench/imports.py [--quick]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys

from harness import ROOT, Row, format_table

CASES = {
    "bindings: package": "import datadog_llm_observability",
    "bindings: models only": "from datadog_llm_observability.models import LLMObsProjectsResponse",
    "bindings: Client + one operation + its models": (
        "from datadog_llm_observability import Client\n"
        "from datadog_llm_observability.api import list_llm_obs_projects\n"
        "from datadog_llm_observability.models import LLMObsProjectsResponse"
    ),
    "bindings: the same + a Client() made (imports urllib3)": (
        "from datadog_llm_observability import Client\n"
        "from datadog_llm_observability.api import list_llm_obs_projects\n"
        "from datadog_llm_observability.models import LLMObsProjectsResponse\n"
        "Client(base_url='http://127.0.0.1:9', api_key='k', app_key='a')"
    ),
    "datadog-api-client: AgentObservabilityApi": "from datadog_api_client.v2.api.agent_observability_api import AgentObservabilityApi",
}
BASELINE = "datadog-api-client: AgentObservabilityApi"

_PROBE = """
import sys, time
start = time.perf_counter()
exec(compile({code!r}, "<import>", "exec"))
elapsed = time.perf_counter() - start
print(elapsed, int("urllib3" in sys.modules))
"""


# Bytecode caches are written (as pip does for installed packages), so every
# contender is measured importing compiled modules, not compiling sources.
_ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def cold(code: str) -> tuple[float, bool]:
    env_path = str(ROOT / "generated")
    run = subprocess.run(
        [sys.executable, "-c", f"import sys; sys.path.insert(0, {env_path!r})\n" + _PROBE.format(code=code)],
        capture_output=True,
        text=True,
        check=True,
        env=_ENV,
    )
    seconds, urllib3 = run.stdout.split()
    return float(seconds), urllib3 == "1"


def run(quick: bool, peers: bool = True) -> tuple[list[Row], dict[str, bool]]:
    cases = {k: v for k, v in CASES.items() if peers or not k.startswith("datadog")}
    times: dict[str, list[float]] = {k: [] for k in cases}
    ratios: dict[str, list[float]] = {k: [] for k in cases}
    urllib3_loaded: dict[str, bool] = {}
    for code in cases.values():  # warm-up: write the bytecode caches
        cold(code)
    for r in range(5 if quick else 15):
        names = list(cases) if r % 2 == 0 else list(cases)[::-1]
        this = {}
        for name in names:
            this[name], urllib3_loaded[name] = cold(cases[name])
            times[name].append(this[name])
        base = this.get(BASELINE)
        for name in cases:
            if base:
                ratios[name].append(this[name] / base)
    rows = [
        Row(name, statistics.median(times[n]), statistics.median(ratios[n]) if ratios[n] else None, times[n])
        for name, n in ((k, k) for k in cases)
    ]
    return rows, urllib3_loaded


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    rows, urllib3_loaded = run(args.quick)
    for row in rows:
        row.note = "imports urllib3" if urllib3_loaded[row.name] else "urllib3 not imported"
    print(format_table("cold import (fresh interpreter)", rows, "ms", "vs datadog"))


if __name__ == "__main__":
    main()
