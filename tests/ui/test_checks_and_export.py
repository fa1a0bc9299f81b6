"""Checks that never go stale and name places by section; the warning before exporting open slots;
undo of an outline operation brings the cursor back to the section."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from ui_helpers import SAMPLE, click_button, click_row, on_modal, type_text

from desktop.core.draft import Draft, save_draft
from desktop.ui.export_dialog import ExportDialog


def test_findings_are_named_by_section_and_a_click_goes_there(qtbot, window):
    paras = list(SAMPLE)
    paras[4] = "理想信念是共产党人的精神之钙,要常补常新。"
    window.set_draft(Draft(paras), None)
    qtbot.keyClick(window.editor, Qt.Key.Key_F5)
    assert window.checks_dock.isVisible()
    texts = window.checks.finding_texts()
    assert "一、 第1段 · 标点" in [t.split("：")[0] for t in texts]
    assert any(t.startswith("二、 第1段 · 空位") for t in texts)
    row = next(i for i, t in enumerate(texts) if t.startswith("三、 第1段 · 空位"))
    click_row(qtbot, window.checks.list, row)
    assert window.editor.textCursor().blockNumber() == 8
    assert window.editor.textCursor().selectedText() == "【地名】"


def test_findings_follow_edits_and_the_draft_opened(qtbot, window, ui_paths):
    paras = list(SAMPLE)
    paras[4] = "理想信念是共产党人的精神之钙,要常补常新。"
    window.set_draft(Draft(paras), None)
    qtbot.keyClick(window.editor, Qt.Key.Key_F5)
    row = next(i for i, t in enumerate(window.checks.finding_texts()) if "标点" in t)
    click_row(qtbot, window.checks.list, row)  # selects the half-width comma
    assert window.editor.textCursor().selectedText() == ","
    type_text(window.editor, "，")  # the writer corrects it
    qtbot.waitUntil(lambda: not any("标点" in t for t in window.checks.finding_texts()), timeout=3000)
    assert any("空位" in t for t in window.checks.finding_texts())

    # a line inserted above moves every later finding: its place follows
    window.editor.go_to(5)
    qtbot.keyClick(window.editor, Qt.Key.Key_End)
    qtbot.keyClick(window.editor, Qt.Key.Key_Return)
    type_text(window.editor, "担当作为重在行动。")
    qtbot.waitUntil(lambda: any(t.startswith("二、 第2段 · 空位") for t in window.checks.finding_texts()), timeout=3000)
    row = next(i for i, t in enumerate(window.checks.finding_texts()) if t.startswith("三、 第1段 · 空位"))
    click_row(qtbot, window.checks.list, row)
    assert window.editor.textCursor().selectedText() == "【地名】"

    # another draft: the findings are that draft's
    other = ui_paths.drafts / "另一篇.sdraft"
    save_draft(Draft(["关于调查研究的发言", "同志们：", "一、深入基层", "要到群众中去。"]), other)
    window.editor.document().setModified(False)
    assert window.files.open_path(other)
    assert window.checks.finding_texts() == []
    assert "没有发现问题" in window.checks.summary.text()


def test_export_warns_of_open_slots_and_can_go_to_the_first(qtbot, window):
    window.set_draft(Draft(list(SAMPLE)), None)
    seen: dict = {}

    def first(box: QMessageBox) -> None:
        seen["text"] = box.text()
        click_button(qtbot, box, "转到第一处")

    on_modal(QMessageBox, first)
    opened: list[str] = []
    on_modal(ExportDialog, lambda d: (opened.append("export"), d.reject()), timeout_ms=1500)
    qtbot.keyClick(window.editor, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    assert "还有 2 处空位" in seen["text"]
    assert "二、 第1段：【数字】" in seen["text"] and "三、 第1段：【地名】" in seen["text"]
    assert window.editor.textCursor().blockNumber() == 6
    assert window.editor.textCursor().selectedText() == "【数字】"
    qtbot.wait(1600)  # past on_modal's look-out: no export dialog came
    assert opened == []


def test_export_anyway_opens_the_export_dialog(qtbot, window):
    window.set_draft(Draft(list(SAMPLE)), None)
    on_modal(QMessageBox, lambda box: click_button(qtbot, box, "仍然导出"))
    opened: list[str] = []

    def look(dialog: ExportDialog) -> None:
        opened.append(dialog.windowTitle())
        dialog.reject()

    on_modal(ExportDialog, look)
    window.main_actions.export.trigger()
    assert opened == ["导出讲稿"]


def test_a_draft_without_slots_exports_without_a_question(qtbot, window):
    window.set_draft(Draft(["关于调查研究的发言", "同志们：", "一、深入基层", "要到群众中去。"]), None)
    opened: list[str] = []

    def look(dialog) -> None:
        opened.append(type(dialog).__name__)
        dialog.reject()

    from PySide6.QtWidgets import QDialog

    on_modal(QDialog, look)
    window.main_actions.export.trigger()
    assert opened == ["ExportDialog"]


def test_undo_of_an_outline_move_puts_the_cursor_on_the_section(qtbot, window):
    window.set_draft(Draft(list(SAMPLE)), None)
    editor = window.editor
    editor.go_to(8)  # the body of 三、
    qtbot.keyClick(editor, Qt.Key.Key_Up, Qt.KeyboardModifier.AltModifier | Qt.KeyboardModifier.ShiftModifier)
    assert editor.paragraphs()[5] == "二、严守纪律规矩"
    assert editor.current_paragraph() == 5
    qtbot.keyClick(editor, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)  # the writer looks elsewhere
    qtbot.keyClick(editor, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert editor.paragraphs() == SAMPLE
    assert editor.current_paragraph() == 7  # 三、 where it stood
    qtbot.keyClick(editor, Qt.Key.Key_Home, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(editor, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    assert editor.paragraphs()[5] == "二、严守纪律规矩"
    assert editor.current_paragraph() == 5


def test_undo_through_the_menu_lands_on_the_section_too(qtbot, window):
    window.set_draft(Draft(list(SAMPLE)), None)
    window.editor.go_to(3)
    qtbot.keyClick(window.editor, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier | Qt.KeyboardModifier.ShiftModifier)
    assert window.editor.paragraphs()[5] == "二、坚定理想信念"
    window.editor.go_to(0)
    window.main_actions.undo.trigger()
    assert window.editor.paragraphs() == SAMPLE
    assert window.editor.current_paragraph() == 3


def test_an_outline_request_for_a_heading_that_is_gone_says_so(qtbot, window):
    """The outline's index can be a parse behind the text (a key press right after an edit)."""
    from desktop.ui.main_window import SectionCommand

    window.set_draft(Draft(list(SAMPLE)), None)
    assert not window.outline_op(SectionCommand.UP, 7)
    assert "没有第 8 个标题" in window.statusBar().currentMessage()
    assert window.editor.paragraphs() == SAMPLE
