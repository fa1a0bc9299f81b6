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

# (colour, size as a multiple of the body font's, bold) per heading level; deeper levels use the
# last. Sizes scale with the body, so headings stay larger whatever size the writer chooses.
_HEADING_LOOK = (("#8b1a1a", 1.2, True), ("#1f3a93", 1.1, True), ("#2d6a4f", 1.04, True), ("#444444", 1.0, True))
TITLE_SCALE = 1.35


def heading_format(level: int, base_size: float, scale: float | None = None) -> QTextCharFormat:
    colour, factor, bold = _HEADING_LOOK[min(level, len(_HEADING_LOOK)) - 1]
    fmt = QTextCharFormat()
    fmt.setForeground(QColor(colour))
    fmt.setFontWeight(QFont.Weight.Bold if bold else QFont.Weight.Normal)
    if base_size > 0:
        fmt.setFontPointSize(round(base_size * (scale or factor), 1))
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

    def look_of(self, block_number: int) -> tuple[str, int, int]:
        return self._looks.get(block_number, (doc.BODY, 0, 0))

    def set_speech(self, speech: Speech) -> None:
        """Take a fresh parse and re-highlight the blocks whose look changed."""
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
        base = self.document().defaultFont().pointSizeF()  # the body size now, after any 设置 change
        if role == doc.HEADING:
            self.setFormat(0, min(length, len(text)), heading_format(level, base))
        elif role == doc.TITLE:
            fmt = heading_format(1, base, TITLE_SCALE)
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
