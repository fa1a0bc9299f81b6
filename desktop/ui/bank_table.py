"""The bank window's table: a view of store records, edited in place.

The model only mirrors the records the last search returned; an edit is turned into a request
(`edit_requested`) that the bank window sends to the store, and the store's answer replaces
the row. Nothing is kept in the model that the store does not hold.

With the team bank shown beside the personal one (the window's 含团队素材), its records follow
the personal rows, labelled 〔团队〕 and read-only here (the team's own rules apply through
团队素材库); unit ids are per bank, so a row says which bank it is in (`is_team`).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractItemModel, QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtWidgets import QComboBox, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from desktop.core.phrases import phrase_kinds
from desktop.core.speech_types import type_names
from desktop.ui.bank_dialogs import split_tags
from desktop.ui.phrase_panel import TEAM_COLOUR

COLUMNS = ("★", "内容", "类别", "讲话类型", "标签", "来源", "使用")
COL_FAV, COL_TEXT, COL_KIND, COL_TYPE, COL_TAGS, COL_SOURCE, COL_USES = range(len(COLUMNS))
EDITABLE = {COL_TEXT, COL_KIND, COL_TYPE, COL_TAGS}
GENERAL = "通用"

Index = QModelIndex | QPersistentModelIndex


class UnitTableModel(QAbstractTableModel):
    """Rows are store UnitRecords, in the order the search returned them."""

    edit_requested = Signal(int, str, object)  # unit id, field (text/kind/speech_type/tags), new value

    def __init__(self) -> None:
        super().__init__()
        self._records: list = []
        self._team_from = -1  # the first team row (-1: none shown)
        self._titles: dict[int, str] = {}  # document id → its title, for 来源

    def set_titles(self, titles: dict[int, str]) -> None:
        self._titles = dict(titles)
        if self._records:
            self.dataChanged.emit(self.index(0, COL_SOURCE), self.index(len(self._records) - 1, COL_SOURCE))

    def source_name(self, source, team: bool = False) -> str:  # noqa: ANN001 - a SourceRef
        return source.document_name if team else self._titles.get(source.document_id, source.document_name)

    def set_records(self, records: list) -> None:
        self.beginResetModel()
        self._records = list(records)
        self._team_from = -1
        self.endResetModel()

    def set_team_records(self, records: list) -> None:
        """Show the team bank's records after the personal ones (replacing those shown before)."""
        self.beginResetModel()
        mine = self._records if self._team_from < 0 else self._records[: self._team_from]
        self._team_from = len(mine) if records else -1
        self._records = mine + list(records)
        self.endResetModel()

    def is_team(self, row: int) -> bool:
        return 0 <= self._team_from <= row

    def replace_record(self, record) -> None:  # noqa: ANN001 - a personal UnitRecord
        for row, old in enumerate(self._records):
            if old.id == record.id and not self.is_team(row):
                self._records[row] = record
                self.dataChanged.emit(self.index(row, 0), self.index(row, len(COLUMNS) - 1))
                return

    def record(self, row: int):  # noqa: ANN201
        return self._records[row]

    def records(self) -> list:
        return list(self._records)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._records)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return COLUMNS[section]
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.column() in EDITABLE and not self._records[index.row()].in_trash and not self.is_team(index.row()):
            base |= Qt.ItemFlag.ItemIsEditable
        return base

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        rec = self._records[index.row()]
        col = index.column()
        team = self.is_team(index.row())
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            label = ("〔团队〕" if team else "〔个人〕") if self._team_from >= 0 else ""
            return {
                COL_FAV: "★" if rec.favourite else "",
                COL_TEXT: label + rec.text if role == Qt.ItemDataRole.DisplayRole else rec.text,
                COL_KIND: rec.kind,
                COL_TYPE: rec.speech_type or GENERAL,
                COL_TAGS: "，".join(rec.tags),
                COL_SOURCE: "、".join(dict.fromkeys(self.source_name(s, team) for s in rec.sources)) or "手工添加",
                COL_USES: rec.uses,
            }[col]
        if role == Qt.ItemDataRole.ToolTipRole and col in (COL_TEXT, COL_SOURCE):
            places = (
                "\n".join(
                    f"{self.source_name(s, team)}（{s.document_name}）第 {s.paragraph + 1} 段" for s in rec.sources
                )
                or "手工添加"
            )
            return f"{rec.text}\n\n来源：\n{places}"
        if role == Qt.ItemDataRole.ForegroundRole and rec.in_trash:
            return Qt.GlobalColor.gray
        if role == Qt.ItemDataRole.ForegroundRole and team:
            return TEAM_COLOUR
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or index.column() not in EDITABLE:
            return False
        rec = self._records[index.row()]
        col = index.column()
        if col == COL_TEXT:
            text = str(value).strip()
            if text and text != rec.text:
                self.edit_requested.emit(rec.id, "text", text)
        elif col == COL_KIND and value != rec.kind:
            self.edit_requested.emit(rec.id, "kind", str(value))
        elif col == COL_TYPE:
            new_type = None if value in (GENERAL, "", None) else str(value)
            if new_type != rec.speech_type:
                self.edit_requested.emit(rec.id, "speech_type", new_type)
        elif col == COL_TAGS:
            tags = split_tags(str(value))
            if set(tags) != set(rec.tags):
                self.edit_requested.emit(rec.id, "tags", tags)
        return False  # the row changes when the store answers


class ChoiceDelegate(QStyledItemDelegate):
    """A combo box editor for the kind and speech type columns."""

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:
        if index.column() == COL_KIND:
            box = QComboBox(parent)
            box.addItems(list(phrase_kinds()))
            return box
        if index.column() == COL_TYPE:
            box = QComboBox(parent)
            box.addItems([GENERAL, *type_names()])
            return box
        return super().createEditor(parent, option, index)

    def updateEditorGeometry(self, editor: QWidget, option: QStyleOptionViewItem, index: Index) -> None:
        """A combo box as wide as its longest choice, even in a narrow column (排比/四字格)."""
        rect = option.rect
        if isinstance(editor, QComboBox):
            editor.setGeometry(rect.x(), rect.y(), max(rect.width(), editor.sizeHint().width()), rect.height())
        else:
            super().updateEditorGeometry(editor, option, index)

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        if isinstance(editor, QComboBox):
            editor.setCurrentText(str(index.data(Qt.ItemDataRole.EditRole)))
        else:
            super().setEditorData(editor, index)

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: Index) -> None:
        if isinstance(editor, QComboBox):
            model.setData(index, editor.currentText(), Qt.ItemDataRole.EditRole)
        else:
            super().setModelData(editor, model, index)
