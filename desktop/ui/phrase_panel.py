"""The phrase panel beside the editor.

It shows what the bank offers for the cursor's place, or for what the writer types in its
search box. It asks for searches (debounced) by signal and shows what it is given; it never
calls the bank itself. Enter or double-click asks to insert; a drag carries the phrase to the
editor; the star asks to mark a favourite; the tooltip shows where the phrase came from.

With a team bank set, each hit is labelled by its bank (〔个人〕 / 〔团队〕: unit ids are per bank, so
every request carries the origin too); a team phrase used before is marked ⚠ and the warning
under the list says who used it in which draft and when (撞稿); 提交团队 proposes the selected
personal phrase to the team bank.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QMimeData, Qt, QTimer, Signal
from PySide6.QtGui import QBrush, QColor, QKeyEvent
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

from desktop.core.phrase_source import PERSONAL, TEAM
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
_ORIGIN_ROLE = Qt.ItemDataRole.UserRole + 4
_NOTE_ROLE = Qt.ItemDataRole.UserRole + 5  # the 撞稿 note of a team phrase used before ("" none)
ALL = "全部"
ORIGIN_LABELS = {PERSONAL: "〔个人〕", TEAM: "〔团队〕"}
TEAM_COLOUR = QColor("#1f4e8c")
COLLISION_MARK = "⚠ "


def hit_tooltip(hit, note: str = "") -> str:  # noqa: ANN001 - a store SearchHit
    sources = "、".join(hit.sources) if hit.sources else "手工添加"
    lines = [
        hit.text if len(hit.text) <= 120 else hit.text[:119] + "…",
        "",
        f"类别：{hit.kind}    类型：{hit.speech_type or '通用'}",
        f"来源：{sources}" + ("（团队素材库）" if hit.origin == TEAM else ""),
        f"已用 {hit.uses} 次",
    ]
    if note:
        lines += ["", note]
    return "\n".join(lines)


def hit_label(hit, labelled: bool, note: str) -> str:  # noqa: ANN001 - a store SearchHit
    """What the list shows for a hit: its bank (when a team is set), ⚠ for 撞稿, ★ for a favourite."""
    origin = ORIGIN_LABELS.get(hit.origin, "") if labelled else ""
    return origin + (COLLISION_MARK if note else "") + ("★ " if hit.favourite else "") + hit.text


class PhraseList(QListWidget):
    """Hits, draggable into the editor; Enter inserts."""

    insert_requested = Signal(int, str, str, str)  # unit id (-1: a suggestion), text, kind, origin

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
        return phrase_mime(
            int(item.data(_ID_ROLE)), item.data(_TEXT_ROLE), item.data(_KIND_ROLE) or "", item.data(_ORIGIN_ROLE)
        )

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentItem() is not None:
            self.request_insert(self.currentItem())
            return
        super().keyPressEvent(event)

    def request_insert(self, item: QListWidgetItem) -> None:
        self.insert_requested.emit(
            int(item.data(_ID_ROLE)), item.data(_TEXT_ROLE), item.data(_KIND_ROLE) or "", item.data(_ORIGIN_ROLE)
        )


class PhrasePanel(QWidget):
    """Phrases at hand for the cursor's place in the draft."""

    search_requested = Signal(object)  # PhraseQuery
    insert_requested = Signal(int, str, str, str)  # unit id, text, kind, origin
    favourite_requested = Signal(int, bool, str)  # unit id, new state, origin
    propose_requested = Signal(str, str)  # text, kind: 提交到团队库

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
        self.propose_button = QPushButton("提交团队")
        self.propose_button.setToolTip("把选中的个人素材提交到团队素材库，由审核人审核后大家可用")
        self.propose_button.hide()  # shown once a team bank is set
        self.collision_label = QLabel("")
        self.collision_label.setObjectName("collisionLabel")
        self.collision_label.setWordWrap(True)
        self.collision_label.setStyleSheet("color: #a04000;")
        self.collision_label.hide()
        self._labelled = False

        filters = QHBoxLayout()
        filters.addWidget(self.kind_filter, 1)
        filters.addWidget(self.type_filter, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.favourites_only)
        buttons.addStretch(1)
        buttons.addWidget(self.count_label)
        buttons.addWidget(self.propose_button)
        buttons.addWidget(self.star_button)
        buttons.addWidget(self.insert_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.context_label)
        layout.addWidget(self.search_box)
        layout.addLayout(filters)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.collision_label)
        layout.addLayout(buttons)

        self.search_box.textChanged.connect(lambda _t: self._timer.start())
        self.search_box.returnPressed.connect(self._focus_list)
        self.kind_filter.currentIndexChanged.connect(lambda _i: self.request_search())
        self.type_filter.currentIndexChanged.connect(lambda _i: self.request_search())
        self.favourites_only.toggled.connect(lambda _b: self.request_search())
        self.list.insert_requested.connect(self.insert_requested)
        self.list.currentItemChanged.connect(lambda *_: self._update_star())
        self.star_button.clicked.connect(self._toggle_star)
        self.propose_button.clicked.connect(self._propose_current)
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

    def show_hits(
        self,
        hits: list,
        siblings: list[str] | None = None,
        collisions: dict[int, str] | None = None,
        labelled: bool = False,
    ) -> None:
        """Show search hits (store SearchHit); sibling headings proposed for the heading group come
        first. collisions: the 撞稿 notes of team hits by unit id; labelled: name each hit's bank."""
        current = self.list.currentItem()
        keep = (int(current.data(_ID_ROLE)), current.data(_ORIGIN_ROLE)) if current is not None else None
        collisions = collisions or {}
        self._labelled = labelled
        self.propose_button.setVisible(labelled)
        self.list.clear()
        for text in siblings or []:
            item = QListWidgetItem(f"↳ {text}")
            item.setData(_ID_ROLE, -1)
            item.setData(_TEXT_ROLE, text)
            item.setData(_FAV_ROLE, False)
            item.setData(_KIND_ROLE, SIBLING_KIND)
            item.setData(_ORIGIN_ROLE, PERSONAL)
            item.setData(_NOTE_ROLE, "")
            item.setToolTip(f"{text}\n\n与本组标题并列的建议标题")
            self.list.addItem(item)
        for hit in hits:
            note = collisions.get(hit.unit_id, "") if hit.origin == TEAM else ""
            item = QListWidgetItem(hit_label(hit, labelled, note))
            item.setData(_ID_ROLE, hit.unit_id)
            item.setData(_TEXT_ROLE, hit.text)
            item.setData(_FAV_ROLE, hit.favourite)
            item.setData(_KIND_ROLE, hit.kind)
            item.setData(_ORIGIN_ROLE, hit.origin)
            item.setData(_NOTE_ROLE, note)
            if hit.origin == TEAM:
                item.setForeground(QBrush(TEAM_COLOUR))
            item.setToolTip(hit_tooltip(hit, note))
            self.list.addItem(item)
            if (hit.unit_id, hit.origin) == keep:
                self.list.setCurrentItem(item)
        self.count_label.setText(f"{len(hits)} 条")
        self._show_context_label()
        if self.list.currentItem() is None and self.list.count():
            self.list.setCurrentRow(0)

    def shown_texts(self) -> list[str]:
        return [self.list.item(i).data(_TEXT_ROLE) for i in range(self.list.count())]

    def shown_rows(self) -> list[tuple[str, str, str]]:
        """(origin, the row's text as shown, its 撞稿 note) for every row."""
        rows = [self.list.item(i) for i in range(self.list.count())]
        return [(item.data(_ORIGIN_ROLE), item.text(), item.data(_NOTE_ROLE)) for item in rows]

    def row_of(self, text: str, origin: str = PERSONAL) -> int:
        """The row showing this phrase of this bank (-1: none)."""
        for i in range(self.list.count()):
            item = self.list.item(i)
            if item.data(_TEXT_ROLE) == text and item.data(_ORIGIN_ROLE) == origin:
                return i
        return -1

    def collision_of(self, unit_id: int, origin: str) -> str:
        """The 撞稿 note shown for this unit ("" when none)."""
        for i in range(self.list.count()):
            item = self.list.item(i)
            if int(item.data(_ID_ROLE)) == unit_id and item.data(_ORIGIN_ROLE) == origin:
                return str(item.data(_NOTE_ROLE) or "")
        return ""

    def mark_favourite(self, unit_id: int, favourite: bool, origin: str = PERSONAL) -> None:
        for i in range(self.list.count()):
            item = self.list.item(i)
            if int(item.data(_ID_ROLE)) == unit_id and item.data(_ORIGIN_ROLE) == origin:
                item.setData(_FAV_ROLE, favourite)
                origin_label = ORIGIN_LABELS.get(origin, "") if self._labelled else ""
                mark = COLLISION_MARK if item.data(_NOTE_ROLE) else ""
                item.setText(origin_label + mark + ("★ " if favourite else "") + item.data(_TEXT_ROLE))
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
            self.favourite_requested.emit(
                int(item.data(_ID_ROLE)), not bool(item.data(_FAV_ROLE)), item.data(_ORIGIN_ROLE)
            )

    def _propose_current(self) -> None:
        item = self.list.currentItem()
        if item is not None and item.data(_ORIGIN_ROLE) == PERSONAL and int(item.data(_ID_ROLE)) >= 0:
            self.propose_requested.emit(item.data(_TEXT_ROLE), item.data(_KIND_ROLE) or "论述")

    def _update_star(self) -> None:
        item = self.list.currentItem()
        fav = bool(item.data(_FAV_ROLE)) if item is not None else False
        self.star_button.setText("★ 取消收藏" if fav else "☆ 收藏")
        real = item is not None and int(item.data(_ID_ROLE)) >= 0
        self.star_button.setEnabled(real)
        self.propose_button.setEnabled(real and item is not None and item.data(_ORIGIN_ROLE) == PERSONAL)
        note = str(item.data(_NOTE_ROLE) or "") if item is not None else ""
        self.collision_label.setText(note)
        self.collision_label.setVisible(bool(note))
