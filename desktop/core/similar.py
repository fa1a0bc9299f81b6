"""Near-duplicate sentences: one definition for composition (never use a sentence twice or
near-twice) and the checks (a draft that says the same thing twice)."""

from __future__ import annotations

import re

_NOT_TEXT = re.compile(r"[^\u3400-\u9fffA-Za-z0-9]")
MIN_PAIRS = 8  # shorter sentences (谢谢大家！) may well be said twice


def char_pairs(text: str) -> frozenset[str]:
    """The text's character pairs, punctuation and spaces left out."""
    t = _NOT_TEXT.sub("", text)
    return frozenset(t[i : i + 2] for i in range(len(t) - 1))


def near_duplicate(
    a: str | frozenset[str], b: str | frozenset[str], jaccard: float = 0.55, cover: float = 0.75
) -> bool:
    """Two sentences say the same: their character pairs overlap by `jaccard` or more, or `cover`
    of the shorter's pairs stand in the longer (one is the other with a clause added or changed)."""
    x = a if isinstance(a, frozenset) else char_pairs(a)
    y = b if isinstance(b, frozenset) else char_pairs(b)
    if len(x) < MIN_PAIRS or len(y) < MIN_PAIRS:
        return False
    common = len(x & y)
    return common / len(x | y) >= jaccard or common / min(len(x), len(y)) >= cover
