"""Find and replace in the draft, as a bar under the editor (like Word's navigation find).

Replace-all is one edit block, so one Ctrl+Z undoes it.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent, QTextCursor, QTextDocument
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QPlainTextEdit, QPushButton, QWidget


class FindBar(QWidget):
    """Find / replace bar bound to one text editor."""

    message = Signal(str)

    def __init__(self, editor: QPlainTextEdit, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("findBar")
        self._editor = editor
        self.find_box = QLineEdit()
        self.find_box.setPlaceholderText("查找内容")
        self.find_box.setAccessibleName("查找内容")
        self.replace_box = QLineEdit()
        self.replace_box.setPlaceholderText("替换为")
        self.replace_box.setAccessibleName("替换为")
        self.previous_button = QPushButton("上一个")
        self.next_button = QPushButton("下一个")
        self.replace_button = QPushButton("替换")
        self.replace_all_button = QPushButton("全部替换")
        self.close_button = QPushButton("关闭")
        self.status = QLabel("")
        row = QHBoxLayout(self)
        row.setContentsMargins(4, 2, 4, 2)
        row.addWidget(QLabel("查找："))
        row.addWidget(self.find_box, 2)
        row.addWidget(self.previous_button)
        row.addWidget(self.next_button)
        self.replace_label = QLabel("替换：")
        row.addWidget(self.replace_label)
        row.addWidget(self.replace_box, 2)
        row.addWidget(self.replace_button)
        row.addWidget(self.replace_all_button)
        row.addWidget(self.status)
        row.addWidget(self.close_button)
        self.find_box.returnPressed.connect(lambda: self.find_next(True))
        self.replace_box.returnPressed.connect(self.replace_one)
        self.next_button.clicked.connect(lambda: self.find_next(True))
        self.previous_button.clicked.connect(lambda: self.find_next(False))
        self.replace_button.clicked.connect(self.replace_one)
        self.replace_all_button.clicked.connect(self.replace_all)
        self.close_button.clicked.connect(self.close_bar)
        self.hide()

    def open_bar(self, replace: bool) -> None:
        for w in (self.replace_label, self.replace_box, self.replace_button, self.replace_all_button):
            w.setVisible(replace)
        selected = self._editor.textCursor().selectedText()
        if selected and "\u2029" not in selected:
            self.find_box.setText(selected)
        self.show()
        self.find_box.setFocus()
        self.find_box.selectAll()

    def close_bar(self) -> None:
        self.hide()
        self._editor.setFocus()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.close_bar()
            return
        super().keyPressEvent(event)

    def find_next(self, forward: bool = True) -> bool:
        needle = self.find_box.text()
        if not needle:
            return False
        flags = QTextDocument.FindFlag(0) if forward else QTextDocument.FindFlag.FindBackward
        doc = self._editor.document()
        found = doc.find(needle, self._editor.textCursor(), flags)
        if found.isNull():  # wrap round
            start = QTextCursor(doc)
            if not forward:
                start.movePosition(QTextCursor.MoveOperation.End)
            found = doc.find(needle, start, flags)
        if found.isNull():
            self.status.setText("未找到")
            self.message.emit(f"未找到“{needle}”。")
            return False
        self.status.setText("")
        self._editor.setTextCursor(found)
        self._editor.ensureCursorVisible()
        return True

    def replace_one(self) -> None:
        cursor = self._editor.textCursor()
        if cursor.hasSelection() and cursor.selectedText() == self.find_box.text():
            cursor.insertText(self.replace_box.text())
        self.find_next(True)

    def replace_all(self) -> int:
        needle, new = self.find_box.text(), self.replace_box.text()
        if not needle:
            return 0
        doc = self._editor.document()
        cursor = QTextCursor(doc)
        count = 0
        edit = QTextCursor(doc)
        edit.beginEditBlock()
        while True:
            cursor = doc.find(needle, cursor)
            if cursor.isNull():
                break
            cursor.insertText(new)
            count += 1
        edit.endEditBlock()
        self.status.setText(f"已替换 {count} 处")
        self.message.emit(f"已替换 {count} 处。")
        return count
