"""Cutting Chinese text into sentences, quotes kept whole."""

from __future__ import annotations

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
