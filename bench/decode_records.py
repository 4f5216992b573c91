"""Decode a page of dataset records end to end, side by side with ``json.loads``.

    python bench/decode_records.py [--records 1000] [--rounds 30]

Each round times ``json.loads`` and the bindings' ``from_json`` on the same bytes,
in alternating order; the table gives medians and the median of per-round ratios.
"""

from __future__ import annotations

import argparse
import gc
import json
import statistics
import sys
import time
from pathlib import Path

sys.path[:0] = [str(Path(__file__).resolve().parent), str(Path(__file__).resolve().parent.parent / "generated")]

from payloads import records_page  # noqa: E402

from datadog_llm_observability.models import LLMObsDatasetRecordsListResponse  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--records", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=30)
    args = parser.parse_args()
    body = records_page(args.records)
    contenders = {
        "json.loads": lambda: json.loads(body),
        "bindings from_json": lambda: LLMObsDatasetRecordsListResponse.from_json(body),
    }
    assert len(LLMObsDatasetRecordsListResponse.from_json(body).data) == args.records
    times: dict[str, list[float]] = {name: [] for name in contenders}
    ratios = []
    for round_ in range(args.rounds):
        order = list(contenders) if round_ % 2 == 0 else list(reversed(contenders))
        this = {}
        for name in order:
            gc.collect()
            start = time.perf_counter()
            contenders[name]()
            this[name] = time.perf_counter() - start
            times[name].append(this[name])
        ratios.append(this["bindings from_json"] / this["json.loads"])
    print(f"{args.records} records, {len(body) / 1e6:.2f} MB, {args.rounds} rounds")
    for name, values in times.items():
        print(f"  {name:<20} median {statistics.median(values) * 1000:8.2f} ms")
    print(f"  ratio (median of per-round ratios): {statistics.median(ratios):.3f}x json.loads")


if __name__ == "__main__":
    main()
