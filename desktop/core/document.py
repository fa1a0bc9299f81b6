"""The shapes a speech takes once read: a cleaned source document and its parsed structure.

Every feature that reads a speech (bank import, the draft's live outline, export) works on
`Speech`, which only the structure parser (`core.structure.parse`) makes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class Role(StrEnum):
    """The role a paragraph plays in a speech. Its values are the strings stored and compared
    before it was an enum ("title", "body" …), so a Role equals its string."""

    TITLE = "title"
    SUBTITLE = "subtitle"
    BYLINE = "byline"  # speaker / date / venue lines under the title
    SALUTATION = "salutation"
    OPENING = "opening"
    HEADING = "heading"
    BODY = "body"
    CLOSING = "closing"
    BLANK = "blank"  # an empty paragraph (drafts keep them; they carry no text)
    DEBRIS = "debris"  # page chrome, captions, source notes, 版头 numbers: not part of the speech
    APPENDIX = "appendix"  # 附件, 名词解释, 相关报道, 落款 and 成文日期, 版记: after the speech, not in it


# The roles by their old module-level names (doc.TITLE …).
TITLE = Role.TITLE
SUBTITLE = Role.SUBTITLE
BYLINE = Role.BYLINE
SALUTATION = Role.SALUTATION
OPENING = Role.OPENING
HEADING = Role.HEADING
BODY = Role.BODY
CLOSING = Role.CLOSING
BLANK = Role.BLANK
DEBRIS = Role.DEBRIS
APPENDIX = Role.APPENDIX


@dataclass
class SourceDocument:
    """One document as read from a file, cleaned, as paragraphs in order."""

    name: str
    paragraphs: list[str]
    source_path: str | None = None
    part: int = 0  # 0: the file's own text; 1…: a document found glued behind it (附件)
    encoding: str | None = None
    # What the file's own markup says of each paragraph (a .docx's heading styles, outline and
    # list levels, Title style); None for plain text.
    marks: list[ParagraphHints] | None = None


@dataclass(frozen=True)
class ParagraphHints:
    """Evidence about one paragraph from the file's markup, for the structure parser."""

    outline: int | None = None  # heading depth the file gives it (Word heading style / outline level)
    list_level: int | None = None  # depth of a numbered list item
    title: bool = False  # the file's Title style


@dataclass
class Heading:
    level: int  # depth in this document's own outline, 1 = top
    text: str  # exactly as written, number included; run-in: first sentence through its 。
    marker: str  # "一、", "（一）", "一是", "" when unnumbered
    scheme: str  # numbering scheme id (core.numbering.SCHEMES, or "plain")
    number: int | None
    runin: bool  # heading and body text share the paragraph
    paragraph: int  # index into Speech.paragraphs

    @property
    def title_text(self) -> str:
        """The heading's words without its number."""
        return self.text[len(self.marker) :].strip() if self.marker else self.text


@dataclass
class Enumeration:
    """Inline 一是…二是… inside one body paragraph (not headings)."""

    paragraph: int
    scheme: str
    items: list[str]  # each item's text, from its marker to the next marker


@dataclass
class Block:
    index: int
    role: Role
    text: str
    heading: Heading | None = None

    @property
    def body_text(self) -> str:
        """For a run-in heading, the body text after the heading sentence; else the whole text."""
        if self.heading is None:
            return self.text
        if self.heading.runin:
            return self.text[len(self.heading.text) :]
        return ""


@dataclass
class Speech:
    """A parsed speech. One block per paragraph, in order."""

    paragraphs: list[str]
    blocks: list[Block]
    title: str | None = None
    subtitle: str | None = None
    bylines: list[str] = field(default_factory=list)
    salutation: str | None = None
    headings: list[Heading] = field(default_factory=list)
    enumerations: list[Enumeration] = field(default_factory=list)
    closing: str | None = None  # first sentence of the closing part
    type: str | None = None

    @property
    def left_out(self) -> dict[str, int]:
        """Paragraphs that are not part of the speech: page debris and appendix, counted."""
        return {
            "debris": sum(b.role == DEBRIS for b in self.blocks),
            "appendix": sum(b.role == APPENDIX for b in self.blocks),
        }

    def blocks_with_role(self, role: Role | str) -> list[Block]:
        return [b for b in self.blocks if b.role == role]

    def section_end(self, heading_index: int) -> int:
        """Paragraph index just past the section a heading opens (its body and sub-headings)."""
        h = self.headings[heading_index]
        for later in self.headings[heading_index + 1 :]:
            if later.level <= h.level:
                return later.paragraph
        closing = [b.index for b in self.blocks if b.role == CLOSING and b.index > h.paragraph]
        return closing[0] if closing else len(self.paragraphs)

    def parent_indices(self) -> list[int | None]:
        """For each heading, the index of the heading it stands under (None at the top)."""
        out: list[int | None] = []
        stack: list[int] = []
        for k, h in enumerate(self.headings):
            while stack and self.headings[stack[-1]].level >= h.level:
                stack.pop()
            out.append(stack[-1] if stack else None)
            stack.append(k)
        return out

    def outline_json(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "type": self.type,
            "salutation": self.salutation,
            "headings": [{"level": h.level, "text": h.text} for h in self.headings],
            "closing": self.closing,
            "paragraphs": len(self.paragraphs),
        }
