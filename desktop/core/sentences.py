"""Cutting Chinese text into sentences, quotes kept whole; which sentences lean on the one before."""

from __future__ import annotations

import re

_ENDS = "。！？!?"
_OPEN = "“‘「『《（(【"
_CLOSE = "”’」』》）)】"
_TRAILING = "”’」』）)"


def split_sentences(text: str, ends: str = _ENDS) -> list[str]:
    """Sentences in order, each with its end mark and any closing quote right after it.

    An end mark inside quotes or brackets does not end the sentence, so a quotation such as
    “…。…。” stays in the sentence that carries it.
    """
    out: list[str] = []
    # Unbalanced quotes (common in pasted text) would swallow the rest: then ignore them.
    track_quotes = sum(text.count(c) for c in _OPEN) == sum(text.count(c) for c in _CLOSE)
    depth = 0
    start = 0
    i = 0
    n = len(text)
    while i < n:
        ch = text[i]
        if ch in _OPEN and track_quotes:
            depth += 1
        elif ch in _CLOSE and track_quotes:
            depth = max(0, depth - 1)
        elif ch in ends and depth == 0:
            j = i + 1
            while j < n and (text[j] in ends or text[j] in _TRAILING):
                j += 1
            out.append(text[start:j])
            start = i = j
            continue
        i += 1
    if start < n and text[start:].strip():
        out.append(text[start:])
    return [s for s in (x.strip() for x in out) if s]


def first_sentence(text: str) -> str:
    """The first sentence through its end mark (the whole text if it has none)."""
    parts = split_sentences(text)
    if not parts:
        return ""
    # Keep the exact leading text of the paragraph, including any spaces inside.
    head = parts[0]
    at = text.find(head)
    return text[: at + len(head)] if at >= 0 else head


# Openings by which a sentence or paragraph only carries on the one before it (此外，… 其中，…):
# a last paragraph so opened is no closing, and a unit so opened is no stand-alone body.
CARRIES_ON = ("此外", "另外", "同时", "其次", "其中", "例如", "比如", "具体", "一方面", "另一方面")
# Openings that point back at what came before (因此 draws from it, 这些 names it, 也要 adds to it):
# such a sentence reads as a fragment wherever the text before it was not its own.
_LEANING = "包括 而且 并且 因此 所以 为此 对此 由此 尤其是 特别是 但是 然而 不过 这些 这也 这就 上述 以上 也要 还要"
LEANS_BACK = CARRIES_ON + tuple(_LEANING.split())
_CARRIES_ON_RE = re.compile("^(" + "|".join(CARRIES_ON) + ")")
_LEANS_BACK_RE = re.compile("^(" + "|".join(sorted(LEANS_BACK, key=len, reverse=True)) + ")")


def carries_on(text: str) -> bool:
    """True when the text opens by carrying on the paragraph before it (此外、其中、一方面 …)."""
    return bool(_CARRIES_ON_RE.match(text.strip()))


def leans_back(text: str) -> bool:
    """True when the text opens with a word that needs the sentence before it to be read
    (the openings of carries_on, and 因此、这些、也要 …), so it cannot stand on its own."""
    return bool(_LEANS_BACK_RE.match(text.strip()))
