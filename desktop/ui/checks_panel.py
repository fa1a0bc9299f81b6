"""The checks panel: the findings of core.checks, each a click away from its place.

Findings are named by section (二、（一） 第2段), as writers refer to a place in a speech; the main
window checks again after every edit once the panel has been used, so nothing shown is stale.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

_PLACE_ROLE = Qt.ItemDataRole.UserRole

CODE_LABELS = {
    "numbering_gap": "序号",
    "numbering_repeat": "序号",
    "numbering_mixed": "编号",
    "slot": "空位",
    "halfwidth": "标点",
    "unpaired": "配对",
    "repeat": "重复",
}


class ChecksPanel(QWidget):
    """Lists findings; activating one asks to go to its place."""

    go_to_requested = Signal(int, int, int)  # paragraph, start, end

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("checksPanel")
        self.summary = QLabel("按 F5 检查讲稿。")
        self.summary.setWordWrap(True)
        self.list = QListWidget()
        self.list.setAccessibleName("检查结果")
        self.list.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.summary)
        layout.addWidget(self.list, 1)
        self.has_run = False  # the writer asked for checks: they follow every edit from then on
        self.list.itemClicked.connect(self._go)
        self.list.itemActivated.connect(self._go)

    def show_findings(
        self, findings: Sequence, summary_line: str, place: Callable[[int], str]
    ) -> None:  # core.checks.Finding; place names a paragraph's place in the speech
        row = self.list.currentRow()
        self.has_run = True
        self.list.clear()
        for f in findings:
            label = CODE_LABELS.get(f.code, "提示")
            item = QListWidgetItem(f"{place(f.paragraph)} · {label}：{f.message}")
            item.setData(_PLACE_ROLE, (f.paragraph, f.start, f.end))
            self.list.addItem(item)
        if 0 <= row < self.list.count():
            self.list.setCurrentRow(row)
        self.summary.setText(summary_line if findings else summary_line + " 没有发现问题。")

    def finding_texts(self) -> list[str]:
        return [self.list.item(i).text() for i in range(self.list.count())]

    def _go(self, item: QListWidgetItem) -> None:
        paragraph, start, end = item.data(_PLACE_ROLE)
        self.go_to_requested.emit(paragraph, start, end)
