"""Shared by the benchmarks: where the corpus is, and timing that compares tools in one run."""
from __future__ import annotations

import os
import statistics
import time
from pathlib import Path
from typing import Callable, Iterable

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("NEWSCLEAN_SHARED", ROOT.parent / "shared"))
CORPUS = SHARED / "corpus"
SAMPLE = SHARED / "samples" / "jiemian-qwen-mirror.txt"


def time_calls(fn: Callable, inputs: Iterable, repeat: int = 3) -> list[float]:
    """Per-input best-of-`repeat` wall times in seconds (best-of damps this machine's noise)."""
    times = []
    for x in inputs:
        best = float("inf")
        for _ in range(repeat):
            t0 = time.perf_counter()
            fn(x)
            best = min(best, time.perf_counter() - t0)
        times.append(best)
    return times


def summarize(name: str, times: list[float], nbytes: int | None = None) -> dict:
    total = sum(times)
    row = {"tool": name, "median_ms": 1000 * statistics.median(times), "total_s": total}
    if nbytes:
        row["MB/s"] = nbytes / total / 1e6 if total else float("inf")
    return row


def print_table(rows: list[dict], baseline: str | None = None, key: str = "median_ms") -> None:
    """Prints rows side by side, with each tool's ratio to `baseline` on `key`."""
    base = next((r[key] for r in rows if r["tool"] == baseline), None)
    cols = list(dict.fromkeys(k for r in rows for k in r))
    if base:
        cols.append(f"ratio_vs_{baseline}")
    print("  ".join(f"{c:>14}" for c in cols))
    for r in rows:
        vals = [r.get(c, "") for c in cols[: len(cols) - (1 if base else 0)]]
        if base:
            vals.append(r[key] / base if base else "")
        print("  ".join(f"{v:>14.3f}" if isinstance(v, float) else f"{str(v):>14}" for v in vals))
