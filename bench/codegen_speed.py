"""Code generation time, side by side with openapi-python-client on the same spec.

    python bench/codegen_speed.py [--quick]

Cases:
- full regeneration: every file rendered again, after a spec edit that changes no
  output (the committed package and its manifest are the format cache);
- cold full generation: a fresh output directory and empty caches (black on every file);
- no-op regeneration: nothing changed;
- openapi-python-client: ``openapi-python-client generate`` into a fresh directory;
- growth: synthetic specs with 10x and 50x the schemas (renamed copies), as time
  ratios to the real spec.
"""

from __future__ import annotations

import argparse
import copy
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import yaml

from harness import ROOT, Row, format_table

SPEC = ROOT / "spec" / "datadog_llm_observability.yaml"
PACKAGE = "datadog_llm_observability"


def _run(args: list[str], cwd: Path, env: dict[str, str] | None = None) -> float:
    start = time.perf_counter()
    subprocess.run(args, cwd=cwd, check=True, capture_output=True, env={**os.environ, **(env or {})})
    return time.perf_counter() - start


def codegen(cwd: Path, spec: Path, out: Path, cache: Path) -> float:
    env = {"PYTHONPATH": str(ROOT), "CODEGEN_CACHE_DIR": str(cache)}
    return _run([sys.executable, "-m", "codegen", "generate", str(spec), "--out", str(out)], cwd, env)


def opc(cwd: Path, spec: Path, out: Path) -> float:
    from peers import BIN

    env = {"PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}"}
    return _run([str(BIN / "openapi-python-client"), "generate", "--path", str(spec), "--output-path", str(out)], cwd, env)


def synthetic(spec: dict[str, Any], factor: int) -> dict[str, Any]:
    """The spec with every component schema copied factor - 1 times under new names."""
    out = copy.deepcopy(spec)
    schemas = spec["components"]["schemas"]
    prefix = "#/components/schemas/"

    def rename(node: Any, suffix: str) -> Any:
        if isinstance(node, dict):
            return {
                k: (prefix + v[len(prefix) :] + suffix if k == "$ref" and isinstance(v, str) and v.startswith(prefix) else rename(v, suffix))
                for k, v in node.items()
            }
        if isinstance(node, list):
            return [rename(v, suffix) for v in node]
        return node

    for k in range(2, factor + 1):
        for name, schema in schemas.items():
            out["components"]["schemas"][f"{name}V{k}"] = rename(schema, f"V{k}")
    return out


def in_process_pipeline(spec: Path) -> float:
    """load + build + render (no formatting, no writing), in this process."""
    from codegen.pipeline import api_for
    from codegen.render import render_package

    start = time.perf_counter()
    render_package(api_for(spec))
    return time.perf_counter() - start


def run(quick: bool) -> dict[str, list[Row]]:
    rounds = 1 if quick else 3
    work = Path(tempfile.mkdtemp(prefix="bench-codegen-"))
    try:
        (work / "spec").mkdir()
        spec = work / "spec" / SPEC.name
        shutil.copy(SPEC, spec)
        shutil.copytree(ROOT / "generated" / PACKAGE, work / "generated" / PACKAGE)
        times: dict[str, list[float]] = {"openapi-python-client generate": [], "bindings: full regeneration": [], "bindings: no-op regeneration": [], "bindings: cold full generation": []}
        for r in range(rounds):
            times["openapi-python-client generate"].append(opc(work, spec, work / f"opc-{r}"))
            with spec.open("a", encoding="utf-8") as f:
                f.write(f"# edit {r}\n")  # the file changes; what it says does not
            times["bindings: full regeneration"].append(codegen(work, spec, work / "generated", work / "cache-empty"))
            times["bindings: no-op regeneration"].append(codegen(work, spec, work / "generated", work / "cache-empty"))
            if r == 0 or not quick:
                times["bindings: cold full generation"].append(codegen(work, spec, work / f"fresh-{r}", work / f"cache-{r}"))
        base = statistics.median(times["openapi-python-client generate"])
        generation = [Row(n, statistics.median(v), statistics.median(v) / base, v) for n, v in times.items()]

        doc = yaml.safe_load(SPEC.read_text(encoding="utf-8"))
        in_process_pipeline(SPEC)  # warm up: imports, compiled templates
        growth_times: dict[str, list[float]] = {}
        cold_times: dict[str, float] = {}
        for factor in (1, 10, 50):
            path = work / "spec" / f"synthetic_x{factor}.yaml"
            path.write_text(yaml.safe_dump(synthetic(doc, factor), sort_keys=False, allow_unicode=True), encoding="utf-8")
            growth_times[f"x{factor}"] = [in_process_pipeline(path) for _ in range(rounds)]
            if factor <= 10:
                cold_times[f"x{factor}"] = codegen(work, path, work / f"synthetic-{factor}", work / f"cache-synthetic-{factor}")
        base1 = statistics.median(growth_times["x1"])
        growth = [
            Row(f"load + build + render, {k} schemas", statistics.median(v), statistics.median(v) / base1, v)
            for k, v in growth_times.items()
        ]
        growth += [
            Row(f"cold full generation (black), {k} schemas", v, v / cold_times["x1"]) for k, v in cold_times.items()
        ]
        return {"generation": generation, "growth": growth}
    finally:
        shutil.rmtree(work, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    results = run(args.quick)
    print(format_table("code generation (wall time)", results["generation"], "s", "vs openapi-python-client", scale=1.0))
    print()
    print(format_table("growth with the number of schemas", results["growth"], "s", "vs x1", scale=1.0))


if __name__ == "__main__":
    main()
