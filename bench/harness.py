"""Side-by-side timing on a small, noisy machine.

Every comparison interleaves its contenders within each round (alternating the
order), repeats the rounds, and reports medians and the median of per-round
ratios to a baseline, never a lone absolute time.
"""

from __future__ import annotations

import gc
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
for path in (str(HERE), str(ROOT / "generated")):
    if path not in sys.path:
        sys.path.insert(0, path)


@dataclass
class Row:
    """One contender's result in one comparison."""

    name: str
    median: float  # seconds (or the unit the comparison says)
    ratio: float | None  # median of per-round ratios to the baseline
    samples: list[float] = field(default_factory=list)
    note: str = ""


def time_once(fn: Callable[[], object], repeat: int) -> float:
    gc.collect()
    start = time.perf_counter()
    for _ in range(repeat):
        fn()
    return (time.perf_counter() - start) / repeat


def compare(
    contenders: dict[str, Callable[[], object]],
    baseline: str,
    *,
    rounds: int,
    repeat: int = 1,
    measure: Callable[[Callable[[], object], int], float] = time_once,
    rounds_for: dict[str, int] | None = None,
) -> list[Row]:
    """Time every contender each round, in alternating order.

    ``rounds_for`` lets a very slow contender run fewer rounds (its ratios are
    still taken against the baseline measured in the same rounds).
    """
    names = list(contenders)
    samples: dict[str, list[float]] = {n: [] for n in names}
    ratios: dict[str, list[float]] = {n: [] for n in names}
    for fn in contenders.values():  # warm up: imports, caches, lazy attributes
        fn()
    for r in range(rounds):
        order = names if r % 2 == 0 else names[::-1]
        this: dict[str, float] = {}
        for name in order:
            if rounds_for and name in rounds_for and r >= rounds_for[name]:
                continue
            this[name] = measure(contenders[name], repeat)
            samples[name].append(this[name])
        for name, value in this.items():
            ratios[name].append(value / this[baseline])
    return [
        Row(
            name=n,
            median=statistics.median(samples[n]),
            ratio=statistics.median(ratios[n]),
            samples=samples[n],
        )
        for n in names
    ]


def format_table(title: str, rows: list[Row], unit: str, ratio_label: str, scale: float = 1000.0) -> str:
    lines = [title, f"  {'contender':<34} {'median ' + unit:>14} {ratio_label:>16}"]
    for row in rows:
        ratio = f"{row.ratio:.3f}x" if row.ratio is not None else "-"
        median = f"{row.median * scale:.3f}" if row.median == row.median else "-"
        lines.append(f"  {row.name:<34} {median:>14} {ratio:>16}{('  ' + row.note) if row.note else ''}")
    return "\n".join(lines)
