"""Punctuation and spacing of Chinese running text.

Text pasted from web pages and typed on half-width keyboards mixes ASCII marks into Chinese
sentences (仲春时节,一场…) and keeps layout spaces between Han characters. Marks are
turned full-width only where a neighbour is Chinese, so numbers (1,000), times (15:36) and
web addresses keep theirs.
"""

from __future__ import annotations

import re

from desktop.core.cjk_chars import is_cjk, is_han
from desktop.infra.lazy_re import LazyPattern

HALF_TO_FULL = {",": "，", ";": "；", ":": "：", "?": "？", "!": "！"}
_HALF_MARK = re.compile("[,;:?!]")
# Full-width marks carry their own spacing, so a space beside one is layout.
FULL_WIDTH_MARKS = "，。、；：？！“”‘’（）《》〈〉【】「」『』〔〕…—"

_URL = re.compile(r"(?:https?://|ftp://|www\.)[^\s\u3000-\u303f\uff00-\uffef“”‘’]+", re.I)
_PAREN_PAIR = re.compile(r"\(([^()\n]*)\)")
_DOUBLE_QUOTE_PAIR = re.compile(r'"([^"\n]*)"')
_SINGLE_QUOTE_PAIR = re.compile(r"(?<![A-Za-z])'([^'\n]*)'(?![A-Za-z])")
_SPACE_BY_MARK = re.compile(rf" (?=[{FULL_WIDTH_MARKS}])|(?<=[{FULL_WIDTH_MARKS}]) ")
_HAN = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003ffff〇"
_SPACE_BETWEEN_HAN = LazyPattern(rf"(?<=[{_HAN}]) (?=[{_HAN}])")
_SPACE_HAN_NUMBER = LazyPattern(rf"(?<=[{_HAN}]) (?=[0-9])|(?<=[0-9%％]) (?=[{_HAN}])")
_SENTENCE_MARKS = re.compile(r"[。；！？，：,;!?]")
TITLE_MAX_CHARS = 40
TITLE_PHRASE_MIN_CHARS = 4


def to_full_width(text: str) -> str:
    """Half-width , ; : ? ! ( ) " ' inside Chinese text → their full-width forms."""
    protected = [m.span() for m in _URL.finditer(text)]
    if protected:
        # Work on the pieces between web addresses, keeping each address as it is.
        pieces, last = [], 0
        for start, end in protected:
            pieces.append(to_full_width(text[last:start]) + text[start:end])
            last = end
        return "".join(pieces) + to_full_width(text[last:])
    text = _convert_marks(text)
    text = _convert_pairs(text, _PAREN_PAIR, "（", "）", outer_counts=True)
    text = _convert_pairs(text, _DOUBLE_QUOTE_PAIR, "“", "”", outer_counts=False)
    return _convert_pairs(text, _SINGLE_QUOTE_PAIR, "‘", "’", outer_counts=False)


def _convert_marks(text: str) -> str:
    chars = list(text)
    for m in _HALF_MARK.finditer(text):
        i = m.start()
        left = _neighbour(text, i, -1)
        right = _neighbour(text, i, +1)
        if (left and is_cjk(left)) or (right and is_cjk(right) and not _is_word(left)):
            chars[i] = HALF_TO_FULL[m.group()]
    return "".join(chars)


def _is_word(ch: str | None) -> bool:
    """An ASCII letter or digit: "PM2.5,臭氧" keeps its comma, "7.3%,全区" does not."""
    return ch is not None and ch.isascii() and ch.isalnum()


def _neighbour(text: str, i: int, step: int) -> str | None:
    j = i + step
    while 0 <= j < len(text) and text[j] == " ":
        j += step
    return text[j] if 0 <= j < len(text) else None


def _convert_pairs(text: str, pattern: re.Pattern[str], opening: str, closing: str, outer_counts: bool) -> str:
    """Convert matched pairs whose content is Chinese (or, for brackets, whose neighbours are)."""

    def replace(m: re.Match[str]) -> str:
        inner = m.group(1)
        chinese = any(is_han(c) for c in inner)
        if not chinese and outer_counts:
            before = text[m.start() - 1] if m.start() > 0 else ""
            after = text[m.end()] if m.end() < len(text) else ""
            chinese = any(is_cjk(c) for c in before + after)
        return f"{opening}{inner}{closing}" if chinese else m.group(0)

    # Innermost brackets first; a converted pair no longer matches, so this ends.
    for _ in range(4):
        converted = pattern.sub(replace, text)
        if converted == text:
            break
        text = converted
    return text


def is_title_like(text: str) -> bool:
    """A short line of phrases with no sentence punctuation: a title, where the space between
    two phrases (凝心铸魂强本领 实干担当谱新篇) is meant. Letter-spacing (同 志 们) and
    spaces around short words (二是 狠抓 落实) are not."""
    if len(text) > TITLE_MAX_CHARS or _SENTENCE_MARKS.search(text):
        return False
    return all(len(phrase) >= TITLE_PHRASE_MIN_CHARS for phrase in text.split(" "))


def drop_layout_spaces(text: str) -> str:
    """Remove spaces that only do layout: beside full-width marks, and in running text
    between Han characters or between a Han character and a number. Expects runs of spaces
    already collapsed to one."""
    text = _SPACE_BY_MARK.sub("", text)
    if is_title_like(text):
        return text
    text = _SPACE_BETWEEN_HAN.sub("", text)
    return _SPACE_HAN_NUMBER.sub("", text)
