"""Draft highlighting driven by the structure parser.

The editor's text is parsed (core.structure.parse, one paragraph per text block); each block's
role and heading level decide how it looks. Fill-in slots (【数字】【地名】【待填】) are marked
wherever they stand. Only blocks whose look changed are re-highlighted after a parse.
"""

from __future__ import annotations

from PySide6.QtGui import QColor, QFont, QSyntaxHighlighter, QTextCharFormat, QTextDocument

from desktop.core import document as doc
from desktop.core.document import Speech
from desktop.core.phrases import SLOT_RE

# (colour, point size step over the body font, bold) per heading level; deeper levels use the last.
_HEADING_LOOK = (("#8b1a1a", 3.0, True), ("#1f3a93", 1.5, True), ("#2d6a4f", 0.5, True), ("#444444", 0.0, True))


def heading_format(level: int, base_size: float) -> QTextCharFormat:
    colour, step, bold = _HEADING_LOOK[min(level, len(_HEADING_LOOK)) - 1]
    fmt = QTextCharFormat()
    fmt.setForeground(QColor(colour))
    fmt.setFontWeight(QFont.Weight.Bold if bold else QFont.Weight.Normal)
    if base_size > 0:
        fmt.setFontPointSize(base_size + step)
    return fmt


def slot_format() -> QTextCharFormat:
    fmt = QTextCharFormat()
    fmt.setBackground(QColor("#ffe58a"))
    fmt.setForeground(QColor("#8a4b00"))
    return fmt


class DraftHighlighter(QSyntaxHighlighter):
    """Looks of title, salutation, headings (by level) and slots in the draft editor."""

    def __init__(self, document: QTextDocument) -> None:
        super().__init__(document)
        # block number → (role, level, heading length in characters)
        self._looks: dict[int, tuple[str, int, int]] = {}
        self._slot = slot_format()
        self._base_size = document.defaultFont().pointSizeF()

    def look_of(self, block_number: int) -> tuple[str, int, int]:
        return self._looks.get(block_number, (doc.BODY, 0, 0))

    def set_speech(self, speech: Speech) -> None:
        """Take a fresh parse and re-highlight the blocks whose look changed."""
        self._base_size = self.document().defaultFont().pointSizeF()
        looks: dict[int, tuple[str, int, int]] = {}
        for block in speech.blocks:
            if block.heading is not None:
                looks[block.index] = (doc.HEADING, block.heading.level, len(block.heading.text))
            elif block.role in (doc.TITLE, doc.SUBTITLE, doc.SALUTATION, doc.BYLINE):
                looks[block.index] = (block.role, 0, len(block.text))
        changed = {n for n in set(looks) | set(self._looks) if looks.get(n) != self._looks.get(n)}
        self._looks = looks
        document = self.document()
        for n in sorted(changed):
            text_block = document.findBlockByNumber(n)
            if text_block.isValid():
                self.rehighlightBlock(text_block)

    def highlightBlock(self, text: str) -> None:
        role, level, length = self.look_of(self.currentBlock().blockNumber())
        if role == doc.HEADING:
            self.setFormat(0, min(length, len(text)), heading_format(level, self._base_size))
        elif role == doc.TITLE:
            fmt = heading_format(1, self._base_size + 2)
            fmt.setForeground(QColor("#000000"))
            self.setFormat(0, len(text), fmt)
        elif role in (doc.SUBTITLE, doc.BYLINE):
            fmt = QTextCharFormat()
            fmt.setForeground(QColor("#555555"))
            self.setFormat(0, len(text), fmt)
        elif role == doc.SALUTATION:
            fmt = QTextCharFormat()
            fmt.setFontWeight(QFont.Weight.DemiBold)
            self.setFormat(0, len(text), fmt)
        for m in SLOT_RE.finditer(text):
            current = self.format(m.start())
            current.merge(self._slot)
            self.setFormat(m.start(), m.end() - m.start(), current)
