"""The intermediate form every writer reads, made once from a parsed Speech.

A manuscript is the speech's paragraphs in order, each with the part it plays (title, byline,
heading of some level, body …) and, for a run-in heading, how many of its characters are the
heading. Writers only decide how each part looks; none of them looks at the Speech again.
"""

from __future__ import annotations

from dataclasses import dataclass

from desktop.core import document as doc
from desktop.core.document import Speech

# Parts of a manuscript; opening, body and closing paragraphs all look like body text.
TITLE = "title"
SUBTITLE = "subtitle"
BYLINE = "byline"
SALUTATION = "salutation"
HEADING = "heading"
BODY = "body"

_PART_OF_ROLE = {
    doc.TITLE: TITLE,
    doc.SUBTITLE: SUBTITLE,
    doc.BYLINE: BYLINE,
    doc.SALUTATION: SALUTATION,
    doc.HEADING: HEADING,
    doc.OPENING: BODY,
    doc.BODY: BODY,
    doc.CLOSING: BODY,
}


@dataclass(frozen=True)
class Paragraph:
    """One paragraph of a manuscript."""

    part: str
    text: str
    level: int = 0  # outline level for headings, 1 = top
    heading_chars: int = 0  # run-in heading: length of the heading sentence; else len(text) for headings
    scheme: str = ""  # heading's numbering scheme id (core.numbering), "" for other parts

    @property
    def runin(self) -> bool:
        return self.part == HEADING and self.heading_chars < len(self.text)

    @property
    def heading_text(self) -> str:
        return self.text[: self.heading_chars]

    @property
    def body_text(self) -> str:
        return self.text[self.heading_chars :]


@dataclass(frozen=True)
class Manuscript:
    """A speech ready to write: its title (for file properties) and paragraphs."""

    title: str
    paragraphs: tuple[Paragraph, ...]

    @property
    def title_block_end(self) -> int:
        """Index just past the title, subtitle and byline paragraphs at the top."""
        for i, p in enumerate(self.paragraphs):
            if p.part not in (TITLE, SUBTITLE, BYLINE):
                return i
        return len(self.paragraphs)


def manuscript_from_speech(speech: Speech) -> Manuscript:
    """One paragraph per non-empty block, text kept exactly as parsed."""
    paragraphs = []
    for block in speech.blocks:
        text = block.text
        if not text.strip():
            continue
        part = _PART_OF_ROLE.get(block.role, BODY)
        if part == HEADING and block.heading is not None:
            head_len = len(text) - len(block.body_text) if block.heading.runin else len(text)
            paragraphs.append(Paragraph(HEADING, text, max(1, block.heading.level), head_len, block.heading.scheme))
        else:
            paragraphs.append(Paragraph(BODY if part == HEADING else part, text))
    return Manuscript(speech.title or "", tuple(paragraphs))
