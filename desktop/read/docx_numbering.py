"""Word's automatic list numbering, replayed to recover the numbers a reader sees.

In a .docx, "一、" or "（一）" before a heading is often not text at all but a list
level (w:numPr → numbering.xml) that Word draws. The numbers are counted here the way Word
counts them: per abstract list, deeper levels restarting when a higher level advances, a
w:num's startOverride restarting its level the first time that w:num is used.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from desktop.core.numbering import cn_number

if TYPE_CHECKING:
    from lxml.etree import _Element as XmlElement

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"

_HEAVENLY_STEMS = "甲乙丙丁戊己庚辛壬癸"
_EARTHLY_BRANCHES = "子丑寅卯辰巳午未申酉戌亥"
_LEGAL_DIGITS = dict(zip("一二三四五六七八九十百千", "壹贰叁肆伍陆柒捌玖拾佰仟", strict=True))
_ROMAN = (
    (1000, "m"),
    (900, "cm"),
    (500, "d"),
    (400, "cd"),
    (100, "c"),
    (90, "xc"),
    (50, "l"),
    (40, "xl"),
    (10, "x"),
    (9, "ix"),
    (5, "v"),
    (4, "iv"),
    (1, "i"),
)
_LEVEL_REF = re.compile(r"%([1-9])")


def format_number(n: int, fmt: str) -> str:
    """Number n as Word writes it in the given w:numFmt."""
    if n <= 0:
        return str(n)
    if fmt in (
        "chineseCounting",
        "chineseCountingThousand",
        "japaneseCounting",
        "taiwaneseCounting",
        "taiwaneseCountingThousand",
    ):
        return cn_number(n)
    if fmt == "chineseLegalSimplified":
        return "".join(_LEGAL_DIGITS.get(c, c) for c in cn_number(n))
    if fmt in ("ideographDigital", "taiwaneseDigital", "japaneseDigitalTenThousand"):
        return "".join("〇一二三四五六七八九"[int(d)] for d in str(n))
    if fmt == "ideographTraditional":
        return _HEAVENLY_STEMS[(n - 1) % 10]
    if fmt == "ideographZodiac":
        return _EARTHLY_BRANCHES[(n - 1) % 12]
    if fmt in ("decimalEnclosedCircle", "decimalEnclosedCircleChinese") and n <= 20:
        return chr(0x2460 + n - 1)
    if fmt == "decimalEnclosedParen" and n <= 20:
        return chr(0x2474 + n - 1)
    if fmt == "decimalEnclosedFullstop" and n <= 20:
        return chr(0x2488 + n - 1)
    if fmt in ("decimalFullWidth", "decimalFullWidth2"):
        return "".join(chr(0xFF10 + int(d)) for d in str(n))
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt in ("lowerLetter", "upperLetter"):
        letter = chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)
        return letter if fmt == "lowerLetter" else letter.upper()
    if fmt in ("lowerRoman", "upperRoman"):
        roman = _roman(n)
        return roman if fmt == "lowerRoman" else roman.upper()
    return str(n)


def _roman(n: int) -> str:
    out = []
    for value, letters in _ROMAN:
        count, n = divmod(n, value)
        out.append(letters * count)
    return "".join(out)


@dataclass(frozen=True)
class ListLevel:
    start: int
    fmt: str  # w:numFmt, e.g. "chineseCounting", "decimal", "bullet"
    text: str  # w:lvlText, e.g. "%1、", "（%1）"
    legal: bool  # w:isLgl: every number shown as decimal
    style_id: str | None  # w:pStyle: the paragraph style this level is attached to


def _val(el: XmlElement | None, tag: str) -> str | None:
    child = el.find(W + tag) if el is not None else None
    return child.get(W + "val") if child is not None else None


def _int(value: str | None, default: int | None) -> int | None:
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default


def _parse_level(lvl: XmlElement) -> ListLevel:
    return ListLevel(
        start=_int(_val(lvl, "start"), 1) or 0,
        fmt=_val(lvl, "numFmt") or "decimal",
        text=_val(lvl, "lvlText") or "",
        legal=lvl.find(W + "isLgl") is not None,
        style_id=_val(lvl, "pStyle"),
    )


class ListNumbering:
    """The visible list labels of one .docx, handed out paragraph by paragraph in
    document order."""

    def __init__(self, numbering_xml: XmlElement | None = None, styles_xml: XmlElement | None = None) -> None:
        self._abstract: dict[str, dict[int, ListLevel]] = {}
        self._nums: dict[str, tuple[str, dict[int, ListLevel], dict[int, int]]] = {}
        self._counters: dict[str, dict[int, int]] = {}
        self._used_nums: set[str] = set()
        # startOverride values of a w:num, waiting for the first paragraph at their level.
        self._pending_starts: dict[str, dict[int, int]] = {}
        self._style_numpr: dict[str, tuple[str | None, int | None]] = {}
        self._default_style: str | None = None
        if numbering_xml is not None:
            self._read_numbering(numbering_xml)
        if styles_xml is not None:
            self._read_styles(styles_xml)

    def _read_numbering(self, root: XmlElement) -> None:
        for abstract in root.iterchildren(W + "abstractNum"):
            levels = {}
            for lvl in abstract.iterchildren(W + "lvl"):
                levels[_int(lvl.get(W + "ilvl"), 0) or 0] = _parse_level(lvl)
            self._abstract[abstract.get(W + "abstractNumId") or ""] = levels
        for num in root.iterchildren(W + "num"):
            level_overrides: dict[int, ListLevel] = {}
            start_overrides: dict[int, int] = {}
            for override in num.iterchildren(W + "lvlOverride"):
                ilvl = _int(override.get(W + "ilvl"), 0) or 0
                start = _int(_val(override, "startOverride"), None)
                if start is not None:
                    start_overrides[ilvl] = start
                lvl = override.find(W + "lvl")
                if lvl is not None:
                    level_overrides[ilvl] = _parse_level(lvl)
            self._nums[num.get(W + "numId") or ""] = (
                _val(num, "abstractNumId") or "",
                level_overrides,
                start_overrides,
            )

    def _read_styles(self, root: XmlElement) -> None:
        based_on: dict[str, str] = {}
        own: dict[str, tuple[str | None, int | None]] = {}
        for style in root.iterchildren(W + "style"):
            if style.get(W + "type") != "paragraph":
                continue
            sid = style.get(W + "styleId") or ""
            if style.get(W + "default") in ("1", "true", "on"):
                self._default_style = sid
            parent = _val(style, "basedOn")
            if parent:
                based_on[sid] = parent
            numpr = style.find(f"{W}pPr/{W}numPr")
            if numpr is not None:
                own[sid] = (_val(numpr, "numId"), _int(_val(numpr, "ilvl"), None))
        for sid in {*based_on, *own}:
            seen: set[str] = set()
            current: str | None = sid
            while current and current not in own and current not in seen:
                seen.add(current)
                current = based_on.get(current)
            if current is not None and current in own:
                self._style_numpr[sid] = own[current]

    def label(self, paragraph: XmlElement) -> str:
        """The label Word draws before this w:p ("一、", "（二）", "3."), or ""; advances the count."""
        ppr = paragraph.find(W + "pPr")
        style_id = _val(ppr, "pStyle") or self._default_style
        num_id, ilvl = self._style_numpr.get(style_id or "", (None, None))
        numpr = ppr.find(W + "numPr") if ppr is not None else None
        if numpr is not None:
            num_id = _val(numpr, "numId") or num_id
            ilvl = _int(_val(numpr, "ilvl"), ilvl)
        if not num_id or num_id == "0" or num_id not in self._nums:
            return ""
        abstract_id, level_overrides, start_overrides = self._nums[num_id]
        levels = {**self._abstract.get(abstract_id, {}), **level_overrides}
        if ilvl is None:
            ilvl = next((i for i, lv in levels.items() if lv.style_id == style_id), 0)
        level = levels.get(ilvl)
        if level is None:
            return ""
        counters = self._counters.setdefault(abstract_id, {})
        pending = self._pending_starts.setdefault(abstract_id, {})
        if num_id not in self._used_nums:
            self._used_nums.add(num_id)
            pending.update(start_overrides)
        if ilvl in pending:
            counters[ilvl] = pending.pop(ilvl)
        else:
            counters[ilvl] = counters.get(ilvl, level.start - 1) + 1
        for deeper in [i for i in counters if i > ilvl]:
            del counters[deeper]
        if level.fmt in ("bullet", "none"):
            return "" if level.fmt == "bullet" else _LEVEL_REF.sub("", level.text)
        return _LEVEL_REF.sub(lambda m: self._shown(levels, counters, int(m.group(1)) - 1, level), level.text)

    @staticmethod
    def _shown(levels: dict[int, ListLevel], counters: dict[int, int], ilvl: int, current: ListLevel) -> str:
        referenced = levels.get(ilvl)
        if referenced is None:
            return ""
        n = counters.get(ilvl, referenced.start)
        return format_number(n, "decimal" if current.legal else referenced.fmt)
