"""Helpers for the window tests: wait for the bank, answer message boxes, a sample draft."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QAbstractButton, QApplication, QMessageBox


def wait_bank(qtbot, window) -> None:
    qtbot.waitUntil(lambda: window.bank is not None, timeout=20000)
    qtbot.waitUntil(lambda: not window.runner.busy, timeout=20000)


def answer_box(button: str | QMessageBox.StandardButton, seen: list[str] | None = None, *, delay_ms: int = 20) -> None:
    """Click `button` (its text, or a standard button) on the next modal message box that opens."""

    def click() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(delay_ms, click)
            return
        if seen is not None:
            seen.append(box.text())
        if isinstance(button, QMessageBox.StandardButton):
            target: QAbstractButton | None = box.button(button)
        else:
            target = next((b for b in box.buttons() if b.text().replace("&", "") == button), None)
        assert target is not None, f"no button {button!r} on {box.text()!r}"
        target.click()

    QTimer.singleShot(delay_ms, click)


SAMPLE = [
    "关于加强作风建设的研讨发言",
    "同志们：",
    "根据组织安排，现联系工作实际，谈以下三点体会。",
    "一、坚定理想信念",
    "理想信念是共产党人的精神之钙。",
    "二、勇于担当作为",
    "担当作为是干部的基本素养，全县共有【数字】个乡镇。",
    "三、严守纪律规矩",
    "纪律规矩是管党治党的尺子，要在【地名】县率先落实。",
    "发言完毕，不当之处，请同志们批评指正，谢谢大家！",
]


def type_text(widget, text: str) -> None:
    """Type text key by key (Chinese too: QTest's keyClicks only knows ASCII)."""
    from PySide6.QtCore import QEvent, Qt
    from PySide6.QtGui import QKeyEvent

    for ch in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(widget, QKeyEvent(kind, Qt.Key.Key_unknown, Qt.KeyboardModifier.NoModifier, ch))


def on_modal(kind, act, *, delay_ms: int = 20, timeout_ms: int = 10000) -> None:
    """Run act(dialog) on the next modal dialog of `kind` that opens (modal loops block the test)."""
    import time

    deadline = time.monotonic() + timeout_ms / 1000

    def look() -> None:
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, kind) and dialog.isVisible():
            act(dialog)
            return
        if time.monotonic() < deadline:
            QTimer.singleShot(delay_ms, look)

    QTimer.singleShot(delay_ms, look)


def click_button(qtbot, parent, text: str) -> None:
    """Click the push button labelled `text` (mnemonic ignored) inside `parent`."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QAbstractButton

    button = next(
        (b for b in parent.findChildren(QAbstractButton) if b.text().replace("&", "") == text and b.isVisible()),
        None,
    )
    assert button is not None, f"no button {text!r} in {parent!r}"
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def click_row(qtbot, view, row: int, *, double: bool = False) -> None:
    """Click (or double-click) a row of a list or tree as the mouse would."""
    from PySide6.QtCore import Qt

    index = view.model().index(row, 0)
    view.scrollTo(index)
    where = view.visualRect(index).center()
    if double:
        qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=where)
    else:
        qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=where)


def click_tree_item(qtbot, tree, item) -> None:
    """Click a tree item where the mouse would: the middle of its row."""
    from PySide6.QtCore import Qt

    tree.scrollToItem(item)
    qtbot.mouseClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=tree.visualItemRect(item).center())


def drop_tree_item(qtbot, tree, item, onto, *, lower_half: bool = False) -> None:
    """Drag `item` and drop it on `onto` (its upper or lower half): the item is clicked, then the
    view gets the drop event a drag delivers there, with the view's own mime data, so the view's
    real dropEvent decides what moves.

    QDrag.exec runs the platform's own drag loop, which synthetic mouse events cannot drive
    offscreen, and QApplication delivers a drop only to the target of a real drag; so the drop
    event is handed to the view's handler, the one step a test cannot reach through the mouse.
    """
    from PySide6.QtCore import QPointF, Qt
    from PySide6.QtGui import QDragEnterEvent, QDropEvent
    from PySide6.QtWidgets import QApplication

    click_tree_item(qtbot, tree, item)
    mime = tree.model().mimeData([tree.indexFromItem(item)])
    rect = tree.visualItemRect(onto)
    y = rect.bottom() - 2 if lower_half else rect.top() + 2
    at = QPointF(rect.center().x(), y)
    move, left, none = Qt.DropAction.MoveAction, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    QApplication.sendEvent(tree.viewport(), QDragEnterEvent(at.toPoint(), move, mime, left, none))
    tree.dropEvent(QDropEvent(at, move, mime, left, none))


def edit_cell(qtbot, view, row: int, column: int, text: str | None = None, *, choice: str | None = None) -> None:
    """Edit a table cell as a writer does: double-click it, then type the new text over the old
    and press Enter, or, for a cell with a list of choices, pick `choice` from the list by key."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication, QComboBox, QLineEdit

    index = view.model().index(row, column)
    view.scrollTo(index)
    where = view.visualRect(index).center()
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=where)
    qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=where)
    assert view.state() == view.State.EditingState, "the double click opened no editor"
    editors = [w for kind in (QComboBox, QLineEdit) for w in view.viewport().findChildren(kind) if w.isVisible()]
    editor = editors[0] if editors else QApplication.focusWidget()
    if choice is not None:
        assert isinstance(editor, QComboBox), f"no list of choices opened: {editor!r}"
        wanted = editor.findText(choice)
        assert wanted >= 0, f"{choice!r} is not among the choices"
        steps = wanted - editor.currentIndex()
        for _ in range(abs(steps)):
            qtbot.keyClick(editor, Qt.Key.Key_Down if steps > 0 else Qt.Key.Key_Up)
    else:
        assert isinstance(editor, QLineEdit), f"no text editor opened: {editor!r}"
        qtbot.keyClick(editor, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
        type_text(editor, text or "")  # QTest.keyClicks aborts on characters outside Latin-1
    qtbot.keyClick(editor, Qt.Key.Key_Return)
