"""Near-duplicate sentences: one definition for composition (never use a sentence twice or
near-twice), the checks (a draft that says the same thing twice) and the suggestion list (a
near duplicate of a higher hit is left out, store.search.find)."""

from __future__ import annotations

import re
from collections.abc import Sequence

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
    return _alike(len(x & y), len(x), len(y), jaccard, cover)


def _alike(common: int, n: int, m: int, jaccard: float = 0.55, cover: float = 0.75) -> bool:
    """near_duplicate's rule on the counts: `common` pairs shared by sets of `n` and `m` pairs."""
    if n < MIN_PAIRS or m < MIN_PAIRS:
        return False
    return common >= jaccard * (n + m - common) or common >= cover * min(n, m)


def distinct(texts: Sequence[str], first: int) -> list[int]:
    """The order of `texts` (best first) with near duplicates moved down: the first `first`
    places go to texts that are no near duplicate of one placed above them (the higher one stays
    where it is); every other text follows in its own order, so nothing is lost. Only the first
    places are compared pair by pair: a long list would cost more than a keystroke allows."""
    placed: list[int] = []
    later: list[int] = []
    seen: list[tuple[frozenset[str], int]] = []
    for i, text in enumerate(texts):
        if len(placed) >= first:
            later.extend(range(i, len(texts)))
            break
        pairs = char_pairs(text)
        n = len(pairs)
        if n >= MIN_PAIRS and any(_alike(len(pairs & q), n, m) for q, m in seen):
            later.append(i)
            continue
        placed.append(i)
        seen.append((pairs, n))
    return placed + sorted(later)
