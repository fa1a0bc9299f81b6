"""Word's own outline in a .docx: heading styles, outline levels and list levels.

A writer's Word file says in its markup which paragraphs are headings and how deep: a heading
style (标题 1 / Heading 2, or any style with an outline level), an outline level set on the
paragraph itself, the Title style, and the level of a numbered list item. These are evidence
for the structure parser (core.structure), beside the words and markers it reads.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from desktop.read.docx_numbering import W

if TYPE_CHECKING:
    from lxml.etree import _Element as XmlElement

_HEADING_NAME = re.compile(r"^(?:heading|标题)\s*(\d)$", re.I)
_TITLE_NAMES = ("title", "标题")
BODY_OUTLINE_LEVEL = 9  # Word's w:outlineLvl 9 is body text


@dataclass(frozen=True)
class ParagraphMarks:
    """What Word's markup says of one paragraph."""

    outline: int | None = None  # heading depth, 1 = top (heading style or outline level)
    list_level: int | None = None  # depth of a numbered list item, 1 = top
    title: bool = False  # the Title style


def _val(el: XmlElement | None, path: str) -> str | None:
    if el is None:
        return None
    found = el.find(path)
    return None if found is None else found.get(W + "val")


def _level(value: str | None) -> int | None:
    if value is None or not value.strip().isdigit():
        return None
    n = int(value)
    return None if n >= BODY_OUTLINE_LEVEL else n + 1


class WordOutline:
    """Reads the styles part once, then tells each paragraph's marks."""

    def __init__(self, styles_xml: XmlElement | None = None) -> None:
        self._outline: dict[str, int] = {}
        self._titles: set[str] = set()
        self._list: dict[str, int] = {}
        if styles_xml is not None:
            self._read_styles(styles_xml)

    def _read_styles(self, root: XmlElement) -> None:
        based_on: dict[str, str] = {}
        own_outline: dict[str, int | None] = {}
        own_list: dict[str, int] = {}
        for style in root.iterchildren(W + "style"):
            if style.get(W + "type") != "paragraph":
                continue
            sid = style.get(W + "styleId") or ""
            parent = _val(style, W + "basedOn")
            if parent:
                based_on[sid] = parent
            name = (_val(style, W + "name") or "").strip()
            lvl = _level(_val(style, f"{W}pPr/{W}outlineLvl"))
            by_name = _HEADING_NAME.match(name) or _HEADING_NAME.match(sid)
            if lvl is None and by_name:
                lvl = int(by_name.group(1))
            if lvl is not None or _val(style, f"{W}pPr/{W}outlineLvl") is not None:
                own_outline[sid] = lvl
            if name.lower() in _TITLE_NAMES or sid.lower() == "title":
                self._titles.add(sid)
            if style.find(f"{W}pPr/{W}numPr") is not None:
                ilvl = _val(style, f"{W}pPr/{W}numPr/{W}ilvl")
                own_list[sid] = int(ilvl) + 1 if ilvl is not None and ilvl.isdigit() else 1
        for sid in {*based_on, *own_outline, *own_list}:
            for table, own in ((self._outline, own_outline), (self._list, own_list)):
                current: str | None = sid
                seen: set[str] = set()
                while current and current not in own and current not in seen:
                    seen.add(current)
                    current = based_on.get(current)
                if current is not None and own.get(current) is not None:
                    table[sid] = own[current]  # type: ignore[assignment]

    def marks(self, paragraph: XmlElement) -> ParagraphMarks:
        ppr = paragraph.find(W + "pPr")
        style = _val(ppr, W + "pStyle") or ""
        outline = self._outline.get(style)
        own = _val(ppr, W + "outlineLvl")
        if own is not None:
            outline = _level(own)
        list_level = self._list.get(style)
        numpr = ppr.find(W + "numPr") if ppr is not None else None
        if numpr is not None:
            num_id = _val(numpr, W + "numId")
            ilvl = _val(numpr, W + "ilvl")
            if num_id == "0":
                list_level = None
            elif ilvl is not None and ilvl.isdigit():
                list_level = int(ilvl) + 1
            elif list_level is None:
                list_level = 1
        return ParagraphMarks(outline, list_level, style in self._titles and outline is None)
