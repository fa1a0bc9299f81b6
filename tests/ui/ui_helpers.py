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
