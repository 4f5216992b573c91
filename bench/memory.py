"""Peak memory decoding a page of 10,000 dataset records, each contender in a fresh process.

    python bench/memory.py [--quick]

Peak = the process's resident set high-water mark during the decode (Linux
``VmHWM``, reset just before) minus what it held just before (interpreter,
imports, and the body's bytes), so every allocator (orjson's included) is
counted. Median of several processes.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile

from harness import HERE, ROOT, Row, format_table
from payloads import records_page

_PROBE = """
import sys, gc
sys.path[:0] = [{bench!r}, {generated!r}]
if {no_orjson}:
    sys.modules["orjson"] = None


def status(field):
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1]) * 1024


body = open({body_file!r}, "rb").read()
{setup}
gc.collect()
before = status("VmRSS")
with open("/proc/self/clear_refs", "w") as f:
    f.write("5")  # reset the peak (VmHWM) to the current RSS
result = {call}
print(status("VmHWM") - before)
"""

CONTENDERS = {
    "json.loads": ("import json", "json.loads(body)", False),
    "bindings (orjson)": (
        "from datadog_llm_observability.models import LLMObsDatasetRecordsListResponse as R",
        "R.from_json(body)",
        False,
    ),
    "bindings (stdlib json)": (
        "from datadog_llm_observability.models import LLMObsDatasetRecordsListResponse as R",
        "R.from_json(body)",
        True,
    ),
    "msgspec Structs": (
        "import msgspec\nfrom peers import MsgspecRecordsPage\ndecoder = msgspec.json.Decoder(MsgspecRecordsPage)",
        "decoder.decode(body)",
        False,
    ),
    "openapi-python-client": (
        "import json\nfrom peers import opc_model\nR = opc_model('LLMObsDatasetRecordsListResponse')",
        "R.from_dict(json.loads(body))",
        False,
    ),
}


def peak(body_file: str, setup: str, call: str, no_orjson: bool) -> int:
    code = _PROBE.format(
        bench=str(HERE), generated=str(ROOT / "generated"), body_file=body_file, setup=setup, call=call, no_orjson=no_orjson
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return int(run.stdout.strip())


def run(quick: bool, peers: bool = True) -> list[Row]:
    contenders = {k: v for k, v in CONTENDERS.items() if peers or not k.startswith(("msgspec", "openapi"))}
    samples: dict[str, list[int]] = {k: [] for k in contenders}
    with tempfile.NamedTemporaryFile(suffix=".json") as body:
        body.write(records_page(10000))
        body.flush()
        for r in range(2 if quick else 5):
            names = list(contenders) if r % 2 == 0 else list(contenders)[::-1]
            for name in names:
                samples[name].append(peak(body.name, *contenders[name]))
    base = statistics.median(samples["json.loads"])
    return [Row(n, statistics.median(v), statistics.median(v) / base, [float(x) for x in v]) for n, v in samples.items()]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    rows = run(args.quick)
    if args.json:
        print(json.dumps([r.__dict__ for r in rows]))
    else:
        print(format_table("peak memory decoding 10,000 records", rows, "MB", "vs json.loads", scale=1e-6))


if __name__ == "__main__":
    main()
