"""Bench: what every benchmark script shares: the repo on sys.path, the output folder, figures.

Each script prints one JSON object per figure on stdout (name, value, unit, target, and the
comparison figure measured in the same run); progress goes to stderr.
"""

from __future__ import annotations

import json
import math
import os
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

OUT = REPO / "bench" / "out"
PYTHON = sys.executable


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def percentile(values: list[float], p: float) -> float:
    """Nearest-rank percentile (p in 0..100) of values."""
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    rank = max(1, math.ceil(p / 100 * len(ordered)))
    return ordered[rank - 1]


def emit(
    name: str, value: float, unit: str, target: str | None, comparison: dict | None = None, **extra: object
) -> None:
    """One figure as a JSON line; `target` is the issue's wording (≤ 10 ms …), None if only reported."""
    figure = {
        "name": name,
        "value": round(value, 3) if isinstance(value, float) else value,
        "unit": unit,
        "target": target,
    }
    if comparison is not None:
        figure["comparison"] = {k: round(v, 3) if isinstance(v, float) else v for k, v in comparison.items()}
    figure.update(extra)
    print(json.dumps(figure, ensure_ascii=False), flush=True)


def ms_since(t0: float) -> float:
    return (time.perf_counter() - t0) * 1000


def quick_mode(argv: list[str]) -> bool:
    return "--quick" in argv or os.environ.get("BENCH_QUICK") == "1"
