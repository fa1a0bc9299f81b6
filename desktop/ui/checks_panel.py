"""The checks panel: the findings of core.checks, each a click away from its place."""

from __future__ import annotations

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
        self.list.itemClicked.connect(self._go)
        self.list.itemActivated.connect(self._go)

    def show_findings(self, findings: list, summary_line: str) -> None:  # core.checks.Finding
        self.list.clear()
        for f in findings:
            label = CODE_LABELS.get(f.code, "提示")
            item = QListWidgetItem(f"第 {f.paragraph + 1} 段 · {label}：{f.message}")
            item.setData(_PLACE_ROLE, (f.paragraph, f.start, f.end))
            self.list.addItem(item)
        self.summary.setText(summary_line if findings else summary_line + " 没有发现问题。")

    def finding_texts(self) -> list[str]:
        return [self.list.item(i).text() for i in range(self.list.count())]

    def _go(self, item: QListWidgetItem) -> None:
        paragraph, start, end = item.data(_PLACE_ROLE)
        self.go_to_requested.emit(paragraph, start, end)
