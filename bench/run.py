"""The whole benchmark suite: every comparison, then the targets, as a table.

    python bench/run.py [--quick]        (or: make bench)

Writes the results as JSON to bench/results/latest.json. Benchmarks are not
tests: nothing here fails; read the table.
"""

from __future__ import annotations

import argparse
import json
import platform
import subprocess
import sys
import time
from dataclasses import asdict
from pathlib import Path
from typing import Any

from harness import HERE, Row, format_table

import codec  # noqa: E402
import codegen_speed  # noqa: E402
import imports  # noqa: E402
import memory  # noqa: E402
import requests_cpu  # noqa: E402

RESULTS = HERE / "results"


def without_orjson(quick: bool) -> dict[str, dict[str, list[Row]]]:
    """The codec section again, in a process where orjson cannot be imported."""
    args = [sys.executable, str(HERE / "codec.py"), "--no-orjson", "--no-peers", "--json"] + (["--quick"] if quick else [])
    out = json.loads(subprocess.run(args, check=True, capture_output=True, text=True).stdout)
    return {section: {p: [Row(**r) for r in rows] for p, rows in payloads.items()} for section, payloads in out.items()}


def find(rows: list[Row], prefix: str) -> Row:
    return next(r for r in rows if r.name.startswith(prefix))


def targets(r: dict[str, Any]) -> list[tuple[str, str, bool]]:
    """(target, measured, met) for each target of the suite."""
    out = []
    stdlib, fast = r["codec (stdlib json)"], r["codec (orjson)"]
    for payload in fast["decode"]:
        value = find(stdlib["decode"][payload], "bindings").ratio or 0
        out.append((f"decode {payload}, stdlib json: <= 1.10x json.loads", f"{value:.3f}x", value <= 1.10))
        value = find(fast["decode"][payload], "bindings").ratio or 0
        out.append((f"decode {payload}, orjson: <= 0.90x json.loads", f"{value:.3f}x", value <= 0.90))
    layer = fast["model layer"]["records x1000"]
    ours = find(layer, "bindings")
    ratio = ours.median / find(layer, "msgspec").median
    out.append(("model layer per 1000 records: <= 1.2 ms", f"{ours.median * 1000:.2f} ms", ours.median <= 0.0012))
    out.append(("model layer: <= 2x msgspec.convert", f"{ratio:.2f}x", ratio <= 2.0))
    for payload in fast["encode"]:
        value = find(stdlib["encode"][payload], "bindings").ratio or 0
        out.append((f"encode {payload}, stdlib json: <= 1.10x json.dumps", f"{value:.3f}x", value <= 1.10))
        value = find(fast["encode"][payload], "bindings").ratio or 0
        out.append((f"encode {payload}, orjson: <= 0.20x json.dumps", f"{value:.3f}x", value <= 0.20))
    value = find(r["requests"], "bindings").ratio or 0
    out.append(("client CPU per request: <= 1.10x bare urllib3", f"{value:.3f}x", value <= 1.10))
    value = find(r["imports"]["rows"], "bindings: Client + one operation").ratio or 0
    out.append(("import package + Client + op + models: <= 0.5x datadog", f"{value:.3f}x", value <= 0.5))
    models_only = r["imports"]["urllib3"]["bindings: models only"]
    out.append(("importing only the models does not import urllib3", "no" if not models_only else "yes", not models_only))
    generation = r["codegen"]["generation"]
    value = find(generation, "bindings: full regeneration").ratio or 0
    out.append(("full regeneration: <= 1.0x openapi-python-client", f"{value:.3f}x", value <= 1.0))
    value = find(generation, "bindings: no-op").median
    out.append(("no-op regeneration: <= 0.3 s", f"{value:.3f} s", value <= 0.3))
    value = find(r["codegen"]["growth"], "load + build + render, x50").ratio or 0
    out.append(("50x the schemas: <= 55x the time", f"{value:.1f}x", value <= 55))
    for name in ("bindings (orjson)", "bindings (stdlib json)"):
        value = find(r["memory"], name).ratio or 0
        out.append((f"peak memory, 10000 records, {name}: <= 1.5x json.loads", f"{value:.3f}x", value <= 1.5))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="few rounds, for a smoke run")
    args = parser.parse_args()
    started = time.time()
    results: dict[str, Any] = {}
    results["codec (orjson)"] = {
        "decode": codec.decode(args.quick, peers=True),
        "model layer": {"records x1000": codec.model_layer(args.quick, peers=True)},
        "encode": codec.encode(args.quick, peers=True),
    }
    results["codec (stdlib json)"] = without_orjson(args.quick)
    results["requests"] = requests_cpu.run(args.quick)
    rows, urllib3_loaded = imports.run(args.quick)
    results["imports"] = {"rows": rows, "urllib3": urllib3_loaded}
    results["codegen"] = codegen_speed.run(args.quick)
    results["memory"] = memory.run(args.quick)

    for label in ("codec (orjson)", "codec (stdlib json)"):
        for section, payloads in results[label].items():
            for payload, rows in payloads.items():
                print(format_table(f"{section}, {label}: {payload}", rows, "ms", f"vs {rows[0].name if section != 'model layer' else 'first'}"))
                print()
    print(format_table("client CPU per request (loopback, keep-alive, small JSON list)", results["requests"], "us", "vs urllib3", scale=1e6))
    print()
    for row in results["imports"]["rows"]:
        row.note = "imports urllib3" if urllib3_loaded[row.name] else "urllib3 not imported"
    print(format_table("cold import (fresh interpreter)", results["imports"]["rows"], "ms", "vs datadog"))
    print()
    print(format_table("code generation (wall time)", results["codegen"]["generation"], "s", "vs openapi-python-client", scale=1.0))
    print()
    print(format_table("growth with the number of schemas", results["codegen"]["growth"], "s", "vs x1", scale=1.0))
    print()
    print(format_table("peak memory decoding 10,000 records", results["memory"], "MB", "vs json.loads", scale=1e-6))
    print()
    print("targets")
    checks = targets(results)
    for name, measured, met in checks:
        print(f"  {'met   ' if met else 'MISSED'}  {name:<62} {measured}")

    RESULTS.mkdir(parents=True, exist_ok=True)
    payload = {
        "when": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(started)),
        "python": platform.python_version(),
        "machine": platform.machine(),
        "quick": args.quick,
        "results": json.loads(json.dumps(results, default=lambda o: asdict(o) if isinstance(o, Row) else str(o))),
        "targets": [{"target": n, "measured": m, "met": ok} for n, m, ok in checks],
    }
    (RESULTS / "latest.json").write_text(json.dumps(payload, indent=1), encoding="utf-8")
    print(f"\nwritten to {(RESULTS / 'latest.json').relative_to(Path.cwd()) if RESULTS.is_relative_to(Path.cwd()) else RESULTS}")


if __name__ == "__main__":
    main()
