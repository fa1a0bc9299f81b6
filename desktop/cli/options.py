"""Option values the command line checks itself, with the Chinese message argparse prints."""

from __future__ import annotations

import argparse
import math
from collections.abc import Callable


def bounded(kind: type[int] | type[float], low: float, high: float) -> Callable[[str], float]:
    """An argparse type: a number of `kind` from low to high (nan, inf and 1e20 refused)."""
    name = "整数" if kind is int else "数"

    def parse(text: str) -> float:
        try:
            value = kind(text)
        except (ValueError, OverflowError):
            raise argparse.ArgumentTypeError(f"“{text}”不是{name}，请给出 {low:g} 到 {high:g} 之间的{name}") from None
        if not (math.isfinite(value) and low <= value <= high):
            raise argparse.ArgumentTypeError(f"{text} 超出范围，请给出 {low:g} 到 {high:g} 之间的{name}")
        return value

    return parse
