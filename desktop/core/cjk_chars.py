"""Which characters count as Chinese, for decoding guesses and text cleaning.

"Common" Han characters are taken from the legacy code pages themselves (every GB2312
character and Big5's frequently used block), so no frequency table has to be shipped.
"""

from __future__ import annotations

from functools import cache

# Punctuation that belongs to Chinese running text; a neighbour of this kind makes a
# half-width mark next to it Chinese too.
CJK_PUNCTUATION = "，。、；：？！“”‘’（）《》〈〉【】「」『』〔〕—…·～　％"


def is_han(ch: str) -> bool:
    """A Han ideograph (unified, extensions, compatibility), or 〇."""
    cp = ord(ch)
    return (
        0x4E00 <= cp <= 0x9FFF
        or 0x3400 <= cp <= 0x4DBF
        or 0x20000 <= cp <= 0x3FFFF
        or 0xF900 <= cp <= 0xFAFF
        or cp == 0x3007
    )


def is_cjk(ch: str) -> bool:
    """A Han character or a mark of Chinese typography (full-width punctuation and forms)."""
    if is_han(ch) or ch in CJK_PUNCTUATION:
        return True
    cp = ord(ch)
    return 0x3000 <= cp <= 0x303F or 0xFF01 <= cp <= 0xFF60


def han_count(text: str) -> int:
    return sum(1 for ch in text if is_han(ch))


@cache
def common_han() -> frozenset[str]:
    """Han characters that ordinary Chinese text is made of (GB2312 ∪ Big5 level 1)."""
    chars: set[str] = set()
    # GB2312 hanzi: rows 0xB0–0xF7, cells 0xA1–0xFE.
    for lead in range(0xB0, 0xF8):
        for trail in range(0xA1, 0xFF):
            _add_decoded(chars, bytes((lead, trail)), "gb2312")
    # Big5 frequently used hanzi: 0xA440–0xC67E.
    for lead in range(0xA4, 0xC7):
        for trail in (*range(0x40, 0x7F), *range(0xA1, 0xFF)):
            if (lead, trail) <= (0xC6, 0x7E):
                _add_decoded(chars, bytes((lead, trail)), "big5")
    return frozenset(ch for ch in chars if is_han(ch))


def _add_decoded(chars: set[str], raw: bytes, encoding: str) -> None:
    try:
        chars.add(raw.decode(encoding))
    except UnicodeDecodeError:
        pass  # unassigned cell in the code page
