"""The outline panel, rebuilt from every parse of the editor's text.

It shows the headings as a tree; clicking one asks to jump there, dragging one asks to move
its section. It never changes the text itself: the main window applies the core operation and
the next parse rebuilds the tree, so the numbering shown is always the text's own.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QDropEvent, QKeyEvent
from PySide6.QtWidgets import QAbstractItemView, QTreeWidget, QTreeWidgetItem, QWidget

from desktop.core.document import Speech

_HEADING_ROLE = Qt.ItemDataRole.UserRole  # index into Speech.headings
_PARAGRAPH_ROLE = Qt.ItemDataRole.UserRole + 1


class OutlinePanel(QTreeWidget):
    """The draft's headings, live from the text."""

    jump_requested = Signal(int)  # paragraph
    move_requested = Signal(int, int)  # heading index, heading index it should stand before (-1: end of its level)
    move_by_requested = Signal(int, int)  # heading index, -1 up / +1 down
    level_change_requested = Signal(int, int)  # heading index, -1 promote / +1 demote

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("outlinePanel")
        self.setHeaderHidden(True)
        self.setColumnCount(1)
        self.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setAccessibleName("提纲")
        self._speech: Speech | None = None
        self._items: list[QTreeWidgetItem] = []
        self.itemClicked.connect(self._clicked)
        self.itemActivated.connect(self._clicked)

    # ---- showing ----
    def set_speech(self, speech: Speech) -> None:
        shape = [(h.level, h.text) for h in speech.headings]
        old = [(h.level, h.text) for h in self._speech.headings] if self._speech else None
        current = self.current_heading()
        self._speech = speech
        if shape == old:
            for item, h in zip(self._items, speech.headings, strict=True):
                item.setData(0, _PARAGRAPH_ROLE, h.paragraph)
            return
        self.clear()
        self._items = []
        parents: list[QTreeWidgetItem] = []
        for k, h in enumerate(speech.headings):
            while parents and len(parents) >= h.level:
                parents.pop()
            label = h.text if len(h.text) <= 40 else h.text[:39] + "…"
            item = QTreeWidgetItem([label])
            item.setToolTip(0, h.text)
            item.setData(0, _HEADING_ROLE, k)
            item.setData(0, _PARAGRAPH_ROLE, h.paragraph)
            (parents[-1].addChild(item) if parents else self.addTopLevelItem(item))
            parents.append(item)
            self._items.append(item)
        self.expandAll()
        if current is not None and current < len(self._items):
            self.setCurrentItem(self._items[current])

    def heading_texts(self) -> list[str]:
        """What the panel shows, in order (depth-first)."""
        return [item.toolTip(0) for item in self._items]

    def item_for_heading(self, index: int) -> QTreeWidgetItem:
        return self._items[index]

    def current_heading(self) -> int | None:
        item = self.currentItem()
        return None if item is None else int(item.data(0, _HEADING_ROLE))

    def follow_cursor(self, paragraph: int) -> None:
        """Mark the heading whose section holds the paragraph, without stealing focus."""
        if self._speech is None:
            return
        index = None
        for k, h in enumerate(self._speech.headings):
            if h.paragraph <= paragraph:
                index = k
        self.blockSignals(True)
        if index is None:
            self.setCurrentIndex(QModelIndex())
        else:
            self.setCurrentItem(self._items[index])
        self.blockSignals(False)

    # ---- requests ----
    def _clicked(self, item: QTreeWidgetItem, _column: int = 0) -> None:
        self.jump_requested.emit(int(item.data(0, _PARAGRAPH_ROLE)))

    def keyPressEvent(self, event: QKeyEvent) -> None:
        current = self.current_heading()
        alt = event.modifiers() & Qt.KeyboardModifier.AltModifier
        if current is not None and alt:
            key = event.key()
            if key in (Qt.Key.Key_Up, Qt.Key.Key_Down):
                self.move_by_requested.emit(current, -1 if key == Qt.Key.Key_Up else 1)
                return
            if key in (Qt.Key.Key_Left, Qt.Key.Key_Right):
                self.level_change_requested.emit(current, -1 if key == Qt.Key.Key_Left else 1)
                return
        super().keyPressEvent(event)

    def dropEvent(self, event: QDropEvent) -> None:
        dragged = self.current_heading()
        target = self.itemAt(event.position().toPoint())
        event.setDropAction(Qt.DropAction.IgnoreAction)
        event.accept()  # the tree itself never moves: the text does, and the tree follows it
        if dragged is None or target is None:
            return
        target_index = int(target.data(0, _HEADING_ROLE))
        if target_index == dragged:
            return
        rect = self.visualItemRect(target)
        after = event.position().toPoint().y() > rect.center().y()
        if after:
            # stand behind the target's whole section: before the next heading at its level or above
            level = self._speech.headings[target_index].level if self._speech else 1
            later = (
                [k for k, h in enumerate(self._speech.headings) if k > target_index and h.level <= level]
                if self._speech
                else []
            )
            self.move_requested.emit(dragged, later[0] if later else -1)
        else:
            self.move_requested.emit(dragged, target_index)
