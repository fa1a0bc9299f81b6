"""Small dialogs around the bank: add a phrase by hand or from the draft's selection."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QWidget,
)

from desktop.core.phrases import phrase_kinds
from desktop.core.speech_types import type_names
from desktop.ui.dialog_buttons import ok_cancel_buttons


@dataclass(frozen=True)
class NewPhrase:
    text: str
    kind: str
    speech_type: str | None
    tags: tuple[str, ...]


def split_tags(text: str) -> tuple[str, ...]:
    """Tags as the writer types them: separated by spaces or (full- or half-width) commas."""
    for sep in "，,、；;":
        text = text.replace(sep, " ")
    return tuple(dict.fromkeys(t for t in text.split() if t))


class AddPhraseDialog(QDialog):
    """加入素材库: text, kind, speech type and tags of a new unit."""

    def __init__(
        self, parent: QWidget | None, text: str = "", kind: str = "论述", speech_type: str | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("加入素材库")
        self.text_edit = QPlainTextEdit(text)
        self.text_edit.setTabChangesFocus(True)
        self.text_edit.setMinimumSize(420, 120)
        self.kind_box = QComboBox()
        self.kind_box.addItems(list(phrase_kinds()))
        if kind in phrase_kinds():
            self.kind_box.setCurrentText(kind)
        self.type_box = QComboBox()
        self.type_box.addItem("通用", None)
        for name in type_names():
            self.type_box.addItem(name, name)
        if speech_type:
            self.type_box.setCurrentIndex(max(0, self.type_box.findData(speech_type)))
        self.tags_edit = QLineEdit()
        self.tags_edit.setPlaceholderText("多个标签用空格或逗号分开")
        buttons = ok_cancel_buttons("加入")
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow("内容(&T)：", self.text_edit)
        form.addRow("类别(&K)：", self.kind_box)
        form.addRow("讲话类型(&Y)：", self.type_box)
        form.addRow("标签(&G)：", self.tags_edit)
        form.addRow(buttons)

    def values(self) -> NewPhrase:
        return NewPhrase(
            self.text_edit.toPlainText().strip(),
            self.kind_box.currentText(),
            self.type_box.currentData(),
            split_tags(self.tags_edit.text()),
        )

    def _accept(self) -> None:
        if not self.values().text:
            QMessageBox.warning(self, "加入素材库", "内容不能为空：请输入要加入素材库的文字。")
            return
        self.accept()
