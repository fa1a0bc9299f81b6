"""The phrase panel beside the editor.

It shows what the bank offers for the cursor's place, or for what the writer types in its
search box. It asks for searches (debounced) by signal and shows what it is given; it never
calls the bank itself. Enter or double-click asks to insert; a drag carries the phrase to the
editor; the star asks to mark a favourite; the tooltip shows where the phrase came from.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QMimeData, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.core.phrases import phrase_kinds
from desktop.core.speech_types import type_names
from desktop.ui.editor import phrase_mime
from desktop.ui.insertion import SIBLING_KIND
from desktop.ui.phrase_context import PhraseContext, PhraseQuery

SEARCH_DEBOUNCE_MS = 120
_ID_ROLE = Qt.ItemDataRole.UserRole
_TEXT_ROLE = Qt.ItemDataRole.UserRole + 1
_FAV_ROLE = Qt.ItemDataRole.UserRole + 2
_KIND_ROLE = Qt.ItemDataRole.UserRole + 3
ALL = "全部"


def hit_tooltip(hit) -> str:  # noqa: ANN001 - a store SearchHit
    sources = "、".join(hit.sources) if hit.sources else "手工添加"
    lines = [
        hit.text if len(hit.text) <= 120 else hit.text[:119] + "…",
        "",
        f"类别：{hit.kind}    类型：{hit.speech_type or '通用'}",
        f"来源：{sources}",
        f"已用 {hit.uses} 次",
    ]
    return "\n".join(lines)


class PhraseList(QListWidget):
    """Hits, draggable into the editor; Enter inserts."""

    insert_requested = Signal(int, str, str)  # unit id (-1: a suggestion), text, kind

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setDragEnabled(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DragOnly)
        self.setWordWrap(True)
        self.setAlternatingRowColors(True)
        self.setSpacing(2)
        self.setUniformItemSizes(False)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.itemDoubleClicked.connect(self.request_insert)

    def mimeData(self, items: Sequence[QListWidgetItem]) -> QMimeData:
        item = items[0]
        return phrase_mime(int(item.data(_ID_ROLE)), item.data(_TEXT_ROLE), item.data(_KIND_ROLE) or "")

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentItem() is not None:
            self.request_insert(self.currentItem())
            return
        super().keyPressEvent(event)

    def request_insert(self, item: QListWidgetItem) -> None:
        self.insert_requested.emit(int(item.data(_ID_ROLE)), item.data(_TEXT_ROLE), item.data(_KIND_ROLE) or "")


class PhrasePanel(QWidget):
    """Phrases at hand for the cursor's place in the draft."""

    search_requested = Signal(object)  # PhraseQuery
    insert_requested = Signal(int, str, str)  # unit id, text, kind
    favourite_requested = Signal(int, bool)  # unit id, new state

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("phrasePanel")
        self._context = PhraseContext("开头", ("开头",))
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SEARCH_DEBOUNCE_MS)
        self._timer.timeout.connect(self.request_search)

        self.context_label = QLabel("素材库加载中…")
        self.context_label.setWordWrap(True)
        self.search_box = QLineEdit()
        self.search_box.setPlaceholderText("搜索素材（关键词）")
        self.search_box.setClearButtonEnabled(True)
        self.search_box.setAccessibleName("搜索素材")
        self.kind_filter = QComboBox()
        self.kind_filter.addItem("随光标位置", None)
        for kind in phrase_kinds():
            self.kind_filter.addItem(kind, kind)
        self.kind_filter.setAccessibleName("素材类别")
        self.type_filter = QComboBox()
        self.type_filter.addItem("全部类型", None)
        for name in type_names():
            self.type_filter.addItem(name, name)
        self.type_filter.setAccessibleName("讲话类型")
        self.favourites_only = QCheckBox("只看收藏")
        self.list = PhraseList()
        self.list.setAccessibleName("素材列表")
        self.star_button = QPushButton("☆ 收藏")
        self.star_button.setToolTip("收藏或取消收藏选中的素材")
        self.insert_button = QPushButton("插入")
        self.insert_button.setToolTip("在光标处插入选中的素材（回车或双击）")
        self.count_label = QLabel("")

        filters = QHBoxLayout()
        filters.addWidget(self.kind_filter, 1)
        filters.addWidget(self.type_filter, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.favourites_only)
        buttons.addStretch(1)
        buttons.addWidget(self.count_label)
        buttons.addWidget(self.star_button)
        buttons.addWidget(self.insert_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.context_label)
        layout.addWidget(self.search_box)
        layout.addLayout(filters)
        layout.addWidget(self.list, 1)
        layout.addLayout(buttons)

        self.search_box.textChanged.connect(lambda _t: self._timer.start())
        self.search_box.returnPressed.connect(self._focus_list)
        self.kind_filter.currentIndexChanged.connect(lambda _i: self.request_search())
        self.type_filter.currentIndexChanged.connect(lambda _i: self.request_search())
        self.favourites_only.toggled.connect(lambda _b: self.request_search())
        self.list.insert_requested.connect(self.insert_requested)
        self.list.currentItemChanged.connect(lambda *_: self._update_star())
        self.star_button.clicked.connect(self._toggle_star)
        self.insert_button.clicked.connect(self._insert_current)

    # ---- asking ----
    def set_context(self, context: PhraseContext) -> None:
        """Follow the cursor: a new place asks for a new search (unless the writer is searching)."""
        if context == self._context:
            return
        self._context = context
        if not self.search_box.text().strip():
            self._timer.start()
        self._show_context_label()

    def context(self) -> PhraseContext:
        return self._context

    def query(self) -> PhraseQuery:
        return PhraseQuery(
            text=self.search_box.text().strip(),
            kind=self.kind_filter.currentData(),
            speech_type=self.type_filter.currentData(),
            favourites_only=self.favourites_only.isChecked(),
            context=self._context,
        )

    def request_search(self) -> None:
        self._timer.stop()
        self.search_requested.emit(self.query())

    # ---- showing ----
    def set_loading(self, message: str) -> None:
        self.context_label.setText(message)

    def show_hits(self, hits: list, siblings: list[str] | None = None) -> None:
        """Show search hits (store SearchHit); sibling headings proposed for the heading group come first."""
        current = self.list.currentItem()
        keep = int(current.data(_ID_ROLE)) if current is not None else None
        self.list.clear()
        for text in siblings or []:
            item = QListWidgetItem(f"↳ {text}")
            item.setData(_ID_ROLE, -1)
            item.setData(_TEXT_ROLE, text)
            item.setData(_FAV_ROLE, False)
            item.setData(_KIND_ROLE, SIBLING_KIND)
            item.setToolTip(f"{text}\n\n与本组标题并列的建议标题")
            self.list.addItem(item)
        for hit in hits:
            item = QListWidgetItem(("★ " if hit.favourite else "") + hit.text)
            item.setData(_ID_ROLE, hit.unit_id)
            item.setData(_TEXT_ROLE, hit.text)
            item.setData(_FAV_ROLE, hit.favourite)
            item.setData(_KIND_ROLE, hit.kind)
            item.setToolTip(hit_tooltip(hit))
            self.list.addItem(item)
            if hit.unit_id == keep:
                self.list.setCurrentItem(item)
        self.count_label.setText(f"{len(hits)} 条")
        self._show_context_label()
        if self.list.currentItem() is None and self.list.count():
            self.list.setCurrentRow(0)

    def shown_texts(self) -> list[str]:
        return [self.list.item(i).data(_TEXT_ROLE) for i in range(self.list.count())]

    def mark_favourite(self, unit_id: int, favourite: bool) -> None:
        for i in range(self.list.count()):
            item = self.list.item(i)
            if int(item.data(_ID_ROLE)) == unit_id:
                item.setData(_FAV_ROLE, favourite)
                item.setText(("★ " if favourite else "") + item.data(_TEXT_ROLE))
        self._update_star()

    def _show_context_label(self) -> None:
        where = self._context.label or "开头"
        searching = self.search_box.text().strip()
        self.context_label.setText(f"搜索：{searching}" if searching else f"光标位置：{where}")

    def _focus_list(self) -> None:
        self.request_search()
        self.list.setFocus()

    def _insert_current(self) -> None:
        item = self.list.currentItem()
        if item is not None:
            self.list.request_insert(item)

    def _toggle_star(self) -> None:
        item = self.list.currentItem()
        if item is not None and int(item.data(_ID_ROLE)) >= 0:
            self.favourite_requested.emit(int(item.data(_ID_ROLE)), not bool(item.data(_FAV_ROLE)))

    def _update_star(self) -> None:
        item = self.list.currentItem()
        fav = bool(item.data(_FAV_ROLE)) if item is not None else False
        self.star_button.setText("★ 取消收藏" if fav else "☆ 收藏")
        self.star_button.setEnabled(item is not None and int(item.data(_ID_ROLE)) >= 0)
