"""The window as a writer first meets it: large, a start page, Qt's dialogs in Chinese, no stray
ampersands in labels."""

from __future__ import annotations

import re

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QFileDialog, QLabel, QMessageBox, QPushButton
from ui_helpers import SAMPLE, click_button, on_modal, type_text, wait_bank

from desktop.core.draft import Draft, save_draft
from desktop.infra.settings import AppSettings


def test_the_first_window_opens_large_on_a_start_page(qtbot, make_window):
    win = make_window(restore_last=False, offer_recovery=False)
    win.show_window()
    qtbot.waitExposed(win)
    area = win.screen().availableGeometry()
    assert win.width() >= 0.85 * area.width() and win.height() >= 0.85 * area.height()
    assert win.start_page.isVisible() and not win.editor.isVisible()
    assert win.start_page.empty_label.isVisible()  # no recent drafts yet
    click_button(qtbot, win.start_page, "空白讲稿")
    assert win.editor.isVisible() and not win.start_page.isVisible()
    type_text(win.editor, "同志们：")
    assert win.editor.toPlainText() == "同志们："
    wait_bank(qtbot, win)


def test_the_start_page_lists_recent_drafts_and_opens_one_with_a_click(qtbot, ui_paths, make_window):
    path = ui_paths.drafts / "作风建设.sdraft"
    save_draft(Draft(list(SAMPLE)), path)
    settings = AppSettings()
    settings.recent_drafts = [str(path)]
    settings.save(ui_paths.settings)
    win = make_window(offer_recovery=False)  # no last draft to go on with: the start page
    win.show()
    assert win.start_page.isVisible()
    assert win.start_page.recent_texts() == [str(path)]
    recent = win.start_page.recent
    qtbot.mouseClick(recent.viewport(), Qt.MouseButton.LeftButton, pos=recent.visualItemRect(recent.item(0)).center())
    assert win.files.path == path and win.editor.isVisible()
    assert win.editor.paragraphs() == SAMPLE
    wait_bank(qtbot, win)


def test_a_restored_window_keeps_its_geometry(qtbot, ui_paths, make_window):
    win = make_window(restore_last=False, offer_recovery=False)
    win.show()
    win.resize(700, 520)
    wait_bank(qtbot, win)
    win.close()
    again = make_window(restore_last=False, offer_recovery=False)
    again.show_window()
    assert (again.width(), again.height()) == (700, 520)
    assert not again.isMaximized()
    wait_bank(qtbot, again)


@pytest.fixture
def chinese_qt(qapp):
    from desktop.ui.main import make_application

    make_application()  # installs Qt's own Chinese catalogues, as a start of the app does


def test_the_open_dialog_speaks_chinese(qtbot, window, chinese_qt):
    seen: dict = {}

    def look(dialog: QFileDialog) -> None:
        seen["labels"] = [w.text() for w in dialog.findChildren(QLabel) if w.isVisible()]
        seen["buttons"] = [b.text() for b in dialog.findChildren(QPushButton) if b.isVisible()]
        dialog.reject()

    on_modal(QFileDialog, look)
    window.main_actions.open_draft.trigger()
    assert "查找范围(&L)：" in seen["labels"] and "文件名称(&N)：" in seen["labels"]
    assert "文件类型(&T)：" in seen["labels"]
    assert {"打开(&O)", "取消"} <= set(seen["buttons"])
    words = [re.sub(r"\(&\w\)", "", t) for t in seen["labels"] + seen["buttons"]]
    english = [t for t in words if any("a" <= c.lower() <= "z" for c in t)]
    assert english == []


def test_yes_no_questions_are_in_chinese(qtbot, window, chinese_qt):
    seen: dict = {}

    def look(box: QMessageBox) -> None:
        seen["buttons"] = sorted(b.text() for b in box.buttons())
        box.button(QMessageBox.StandardButton.No).click()

    on_modal(QMessageBox, look)
    QMessageBox.question(window, "讲稿助手", "是否恢复？")
    assert seen["buttons"] == ["否(&N)", "是(&Y)"]


def _labels_showing_ampersands(dialog: QDialog) -> list[str]:
    """Labels whose `&` Qt prints as it is: a mnemonic only works (and hides) with a buddy."""
    return [w.text() for w in dialog.findChildren(QLabel) if "&" in w.text().replace("&&", "") and w.buddy() is None]


@pytest.mark.parametrize("action", ["new_draft", "settings", "export"])
def test_no_dialog_label_shows_a_literal_ampersand(qtbot, window, action):
    from desktop.ui.export_dialog import ExportDialog
    from desktop.ui.new_draft_dialog import NewDraftDialog
    from desktop.ui.settings_dialog import SettingsDialog

    kind = {"new_draft": NewDraftDialog, "settings": SettingsDialog, "export": ExportDialog}[action]
    seen: dict = {}

    def look(dialog: QDialog) -> None:
        qtbot.waitUntil(lambda: not window.runner.busy, timeout=20000)
        seen["shown"] = _labels_showing_ampersands(dialog)
        seen["count"] = len(dialog.findChildren(QLabel))
        dialog.reject()

    window.editor.setPlainText("\n".join(SAMPLE))
    on_modal(kind, look)
    if action == "export":
        on_modal(QMessageBox, lambda box: click_button(qtbot, box, "仍然导出"))
    getattr(window.main_actions, action).trigger()
    assert seen["count"] > 3
    assert seen["shown"] == []
