"""开始: what the window shows when nothing is open yet, as Word and WPS do on start.

New draft, open, a blank page, importing documents into the bank, and the recent drafts a click
away. It asks by signal; the main window does the work and switches to the editor.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

_PATH_ROLE = Qt.ItemDataRole.UserRole


class StartPage(QWidget):
    """The start: four ways to begin and the recent drafts."""

    new_requested = Signal()
    open_requested = Signal()
    blank_requested = Signal()
    import_requested = Signal()
    recent_requested = Signal(str)  # a draft's path

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("startPage")
        title = QLabel("讲稿助手")
        big = QFont(title.font())
        big.setPointSizeF(big.pointSizeF() * 2.2)
        big.setBold(True)
        title.setFont(big)
        lead = QLabel("选择讲话类型生成骨架，边写边从素材库取材，导出为符合公文格式的 Word 文件。")
        lead.setWordWrap(True)
        self.new_button = QPushButton("新建讲稿…")
        self.new_button.setToolTip("选择讲话类型、结构和主题词，生成讲稿骨架或一键成稿（Ctrl+N）")
        self.open_button = QPushButton("打开…")
        self.open_button.setToolTip("打开草稿，或把 Word/文本文件作为草稿打开（Ctrl+O）")
        self.blank_button = QPushButton("空白讲稿")
        self.blank_button.setToolTip("不用骨架，直接开始写")
        self.import_button = QPushButton("导入文档到素材库…")
        self.import_button.setToolTip("把自己积累的讲话稿（Word、文本）导入素材库，写作时按位置推荐")
        for b in (self.new_button, self.open_button, self.blank_button, self.import_button):
            b.setMinimumHeight(40)
        self.new_button.setDefault(True)
        self.recent_label = QLabel("最近的讲稿")
        self.recent = QListWidget()
        self.recent.setAccessibleName("最近的讲稿")
        self.empty_label = QLabel("还没有保存过讲稿。")
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)

        actions = QVBoxLayout()
        for b in (self.new_button, self.open_button, self.blank_button, self.import_button):
            actions.addWidget(b)
        actions.addStretch(1)
        recent = QVBoxLayout()
        recent.addWidget(self.recent_label)
        recent.addWidget(self.recent, 1)
        recent.addWidget(self.empty_label, 1)  # in the list's place, its text at the top
        columns = QHBoxLayout()
        columns.addLayout(actions, 1)
        columns.addSpacing(32)
        columns.addLayout(recent, 2)
        inner = QWidget()
        inner.setMaximumWidth(900)
        column = QVBoxLayout(inner)
        column.addWidget(title)
        column.addWidget(lead)
        column.addSpacing(24)
        column.addLayout(columns, 1)
        outer = QHBoxLayout(self)
        outer.setContentsMargins(48, 40, 48, 40)
        outer.addStretch(1)
        outer.addWidget(inner, 4)
        outer.addStretch(1)

        self.new_button.clicked.connect(self.new_requested)
        self.open_button.clicked.connect(self.open_requested)
        self.blank_button.clicked.connect(self.blank_requested)
        self.import_button.clicked.connect(self.import_requested)
        self.recent.itemActivated.connect(self._open_recent)
        self.recent.itemClicked.connect(self._open_recent)

    def set_recent(self, paths: list[Path]) -> None:
        self.recent.clear()
        for path in paths:
            item = QListWidgetItem(f"{path.stem}\n{path.parent}")
            item.setToolTip(str(path))
            item.setData(_PATH_ROLE, str(path))
            self.recent.addItem(item)
        self.recent.setVisible(bool(paths))
        self.empty_label.setVisible(not paths)

    def recent_texts(self) -> list[str]:
        return [self.recent.item(i).data(_PATH_ROLE) for i in range(self.recent.count())]

    def _open_recent(self, item: QListWidgetItem) -> None:
        self.recent_requested.emit(item.data(_PATH_ROLE))
