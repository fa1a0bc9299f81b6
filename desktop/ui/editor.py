"""The draft editor. One paragraph of the speech per text block.

It knows the text, the cursor and slots; it never reaches the bank or the outline. What it
needs from elsewhere it asks for by signal (add selected text to the bank, a phrase was used).
"""

from __future__ import annotations

import json
from collections.abc import Callable

from PySide6.QtCore import QMimeData, Qt, Signal
from PySide6.QtGui import (
    QContextMenuEvent,
    QDragEnterEvent,
    QDragMoveEvent,
    QDropEvent,
    QFont,
    QKeyEvent,
    QKeySequence,
    QTextCursor,
)
from PySide6.QtWidgets import QPlainTextEdit, QWidget

from desktop.core.document import Heading
from desktop.core.outline_ops import changed_span
from desktop.core.phrase_source import PERSONAL
from desktop.core.phrases import SLOT_RE
from desktop.ui.insertion import HEADING_KINDS, SIBLING_KIND, insert_phrase, replace_heading

PHRASE_MIME = "application/x-speechdraft-phrase"
DEFAULT_FONT_FAMILIES = ["仿宋", "FangSong", "Noto Serif CJK SC", "Source Han Serif SC", "SimSun", "Noto Sans CJK SC"]


def phrase_mime(unit_id: int, text: str, kind: str = "", origin: str = PERSONAL) -> QMimeData:
    data = QMimeData()
    payload = {"id": unit_id, "text": text, "kind": kind, "origin": origin}
    data.setData(PHRASE_MIME, json.dumps(payload, ensure_ascii=False).encode("utf-8"))
    data.setText(text)
    return data


def editor_font(family: str | None, size_pt: float) -> QFont:
    font = QFont()
    font.setFamilies(([family] if family else []) + DEFAULT_FONT_FAMILIES)
    font.setPointSizeF(size_pt)
    return font


class DraftEditor(QPlainTextEdit):
    """The central text editor of a draft."""

    add_to_bank_requested = Signal(str)  # the selected text
    phrase_used = Signal(int, str)  # a bank unit was inserted (drag or insert_phrase): its id and origin
    message = Signal(str)  # something to tell the writer in the status bar

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("draftEditor")
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.setTabChangesFocus(False)
        self.setAcceptDrops(True)
        self.document().setDocumentMargin(24)
        self.heading_at: Callable[[int], Heading | None] = lambda _paragraph: None  # set by the window
        # Outline operations on the undo stack: undo steps after one → (steps before it, heading
        # paragraph before, after), so undo and redo put the cursor on the section that changed.
        # (One edit block counts as several steps.)
        self._outline_steps: dict[int, tuple[int, int, int | None]] = {}
        self.document().undoCommandAdded.connect(self._forget_later_steps)

    # ---- text as paragraphs ----
    def paragraphs(self) -> list[str]:
        return self.toPlainText().split("\n")

    def current_paragraph(self) -> int:
        return self.textCursor().blockNumber()

    def selected_text(self) -> str:
        """The selection as plain text, paragraphs split by newlines (Qt marks them U+2029)."""
        return self.textCursor().selectedText().replace("\u2029", "\n")

    def go_to(self, paragraph: int, start: int = 0, end: int | None = None) -> None:
        """Put the cursor in a paragraph (selecting start..end if given) and show it."""
        block = self.document().findBlockByNumber(max(0, min(paragraph, self.document().blockCount() - 1)))
        cursor = QTextCursor(block)
        length = block.length() - 1
        cursor.setPosition(block.position() + min(start, length))
        if end is not None:
            cursor.setPosition(block.position() + min(end, length), QTextCursor.MoveMode.KeepAnchor)
        self.setTextCursor(cursor)
        self.centerCursor()
        self.setFocus()

    def replace_paragraphs(
        self, new: list[str], cursor_paragraph: int | None = None, *, undo_to: int | None = None
    ) -> None:
        """Make the text `new` as one undoable edit, touching only the paragraphs that differ;
        undoing it puts the cursor in paragraph `undo_to` (redoing: in `cursor_paragraph`)."""
        old = self.paragraphs()
        if old == new:
            return
        head, tail = changed_span(old, new)
        doc = self.document()
        cursor = QTextCursor(doc)
        steps_before = doc.availableUndoSteps()
        old_mid, new_mid = old[head : len(old) - tail], new[head : len(new) - tail]
        start_block = doc.findBlockByNumber(head)
        if old_mid:
            end_block = doc.findBlockByNumber(head + len(old_mid) - 1)
            cursor.setPosition(start_block.position())
            cursor.setPosition(end_block.position() + end_block.length() - 1, QTextCursor.MoveMode.KeepAnchor)
            replacement = "\n".join(new_mid)
            if not new_mid:  # paragraphs removed: take one paragraph separator with them
                if head > 0:
                    cursor.setPosition(start_block.position() - 1)
                    cursor.setPosition(end_block.position() + end_block.length() - 1, QTextCursor.MoveMode.KeepAnchor)
                else:
                    cursor.setPosition(end_block.position() + end_block.length(), QTextCursor.MoveMode.KeepAnchor)
        else:  # paragraphs inserted before paragraph `head`
            if start_block.isValid():
                cursor.setPosition(start_block.position())
                replacement = "\n".join(new_mid) + "\n"
            else:
                cursor.movePosition(QTextCursor.MoveOperation.End)
                replacement = "\n" + "\n".join(new_mid)
        cursor.beginEditBlock()
        cursor.insertText(replacement)
        cursor.endEditBlock()
        if undo_to is not None:
            self._outline_steps[doc.availableUndoSteps()] = (steps_before, undo_to, cursor_paragraph)
        if cursor_paragraph is not None:
            self.go_to(cursor_paragraph)

    # ---- undo and redo ----
    def _forget_later_steps(self) -> None:
        """A new edit: the undo levels past it are gone, and what was known about them."""
        steps = self.document().availableUndoSteps()
        for level in [s for s in self._outline_steps if s >= steps]:
            del self._outline_steps[level]

    def undo_step(self) -> None:
        """Undo; after an outline operation the cursor goes back to the section's heading."""
        level = self.document().availableUndoSteps()
        self.undo()
        known = self._outline_steps.get(level)
        if known is not None and self.document().availableUndoSteps() == known[0]:
            self.go_to(known[1])

    def redo_step(self) -> None:
        level = self.document().availableUndoSteps()
        self.redo()
        after = self.document().availableUndoSteps()
        known = self._outline_steps.get(after)
        if known is not None and known[0] == level and known[2] is not None:
            self.go_to(known[2])

    # ---- inserting phrases ----
    def insert_phrase(self, text: str, unit_id: int | None = None, kind: str = "", origin: str = PERSONAL) -> None:
        """Put a phrase in at the cursor as one undoable edit: over the selection if there is one,
        else at a sentence boundary, or, for a heading phrase on a heading, in place of its words
        (ui/insertion.py). `heading_at` tells which heading a paragraph is (the window's parse)."""
        cursor = self.textCursor()
        cursor.beginEditBlock()
        if cursor.hasSelection():
            cursor.insertText(text.strip())
        else:
            block = cursor.block()
            heading = self.heading_at(block.blockNumber())
            if heading is not None and (kind in HEADING_KINDS or kind == SIBLING_KIND):
                put = replace_heading(block.text(), heading, text)
            else:
                put = insert_phrase(block.text(), cursor.positionInBlock(), text)
            cursor.setPosition(block.position())
            cursor.setPosition(block.position() + block.length() - 1, QTextCursor.MoveMode.KeepAnchor)
            cursor.insertText(put.text)
            cursor.setPosition(block.position() + put.end)
        cursor.endEditBlock()
        self.setTextCursor(cursor)
        self.setFocus()
        if unit_id is not None and unit_id >= 0:
            self.phrase_used.emit(unit_id, origin)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasFormat(PHRASE_MIME):
            event.acceptProposedAction()
        else:
            super().dragEnterEvent(event)

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        if event.mimeData().hasFormat(PHRASE_MIME):
            self.setTextCursor(self.cursorForPosition(event.position().toPoint()))
            event.acceptProposedAction()
        else:
            super().dragMoveEvent(event)

    def dropEvent(self, event: QDropEvent) -> None:
        mime = event.mimeData()
        if not mime.hasFormat(PHRASE_MIME):
            super().dropEvent(event)
            return
        payload = json.loads(bytes(mime.data(PHRASE_MIME).data()).decode("utf-8"))
        self.setTextCursor(self.cursorForPosition(event.position().toPoint()))
        self.insert_phrase(payload["text"], payload.get("id"), payload.get("kind", ""), payload.get("origin", PERSONAL))
        event.acceptProposedAction()

    # ---- slots ----
    def jump_to_slot(self, forward: bool = True) -> bool:
        """Select the next (or previous) fill-in slot, wrapping round; False when there is none."""
        text = self.toPlainText()
        spans = [(m.start(), m.end()) for m in SLOT_RE.finditer(text)]
        if not spans:
            self.message.emit("文中没有待填的空位。")
            return False
        cursor = self.textCursor()
        here = cursor.selectionEnd() if forward else cursor.selectionStart()
        if forward:
            target = next((s for s in spans if s[0] >= here), spans[0])
        else:
            target = next((s for s in reversed(spans) if s[1] <= here), spans[-1])
        cursor.setPosition(target[0])
        cursor.setPosition(target[1], QTextCursor.MoveMode.KeepAnchor)
        self.setTextCursor(cursor)
        self.ensureCursorVisible()
        return True

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.matches(QKeySequence.StandardKey.Undo):
            self.undo_step()
            return
        if event.matches(QKeySequence.StandardKey.Redo) or (
            event.key() == Qt.Key.Key_Y and event.modifiers() == Qt.KeyboardModifier.ControlModifier
        ):
            self.redo_step()
            return
        if event.key() == Qt.Key.Key_Tab and not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
            self.jump_to_slot(True)
            return
        if event.key() == Qt.Key.Key_Backtab:
            self.jump_to_slot(False)
            return
        super().keyPressEvent(event)

    def focusNextPrevChild(self, next: bool) -> bool:  # noqa: A002 - Tab belongs to slots here
        return False

    # ---- context menu ----
    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        menu = self.createStandardContextMenu()
        selected = self.selected_text().strip()
        menu.addSeparator()
        add = menu.addAction("加入素材库…")
        add.setEnabled(bool(selected))
        add.triggered.connect(lambda: self.add_to_bank_requested.emit(selected))
        menu.exec(event.globalPos())
        menu.deleteLater()
