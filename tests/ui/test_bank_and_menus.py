"""The bank window as a writer keeps it (titles for sources, delete with undo, roomy editors, the
main window's count); the menus office programs have (edit, recent, help); the new-draft memory."""

from __future__ import annotations

import re

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QComboBox, QMessageBox
from ui_helpers import SAMPLE, click_button, click_row, on_modal, type_text

from desktop.core.draft import Draft, save_draft
from desktop.ui.bank_table import COL_KIND, COL_SOURCE
from desktop.ui.new_draft_dialog import NewDraftDialog


def open_bank(qtbot, window):
    qtbot.keyClick(window.editor, Qt.Key.Key_B, Qt.KeyboardModifier.ControlModifier)
    bw = window.bank_window
    qtbot.waitUntil(lambda: not window.runner.busy and bw.model.rowCount() > 0, timeout=10000)
    return bw


def test_sources_are_named_by_title_not_by_file(qtbot, window):
    bw = open_bank(qtbot, window)
    qtbot.waitUntil(lambda: bw.source_filter.count() > 1, timeout=10000)
    shown = {bw.model.index(r, COL_SOURCE).data() for r in range(bw.model.rowCount())}
    hashes = [s for s in shown if re.fullmatch(r"\d{3}_[0-9a-f]{16}", s)]
    assert hashes == [], f"file names shown as sources: {hashes[:3]}"
    offered = [bw.source_filter.itemText(i) for i in range(1, bw.source_filter.count())]
    assert not any(re.fullmatch(r"\d{3}_[0-9a-f]{16}", s) for s in offered)


def test_delete_and_restore_ask_nothing_and_can_be_undone(qtbot, window):
    bw = open_bank(qtbot, window)
    click_row(qtbot, bw.table, 0)
    gone = bw.model.record(0)
    qtbot.mouseClick(bw.trash_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.bank.get_unit(gone.id).in_trash, timeout=5000)
    qtbot.waitUntil(lambda: "已移到回收站 1 条" in bw.message_label.text(), timeout=5000)
    assert QApplication.activeModalWidget() is None, "no box to click away"
    assert bw.undo_button.isVisible()
    qtbot.mouseClick(bw.undo_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not window.bank.get_unit(gone.id).in_trash, timeout=5000)
    assert QApplication.activeModalWidget() is None


def test_the_kind_editor_is_as_wide_as_its_choices(qtbot, window):
    bw = open_bank(qtbot, window)
    index = bw.model.index(0, COL_KIND)
    bw.table.scrollTo(index)
    where = bw.table.visualRect(index).center()
    qtbot.mouseClick(bw.table.viewport(), Qt.MouseButton.LeftButton, pos=where)
    qtbot.mouseDClick(bw.table.viewport(), Qt.MouseButton.LeftButton, pos=where)

    def editor():
        return next((w for w in bw.table.findChildren(QComboBox) if w.isVisible()), None)

    qtbot.waitUntil(lambda: editor() is not None, timeout=3000)
    editor = editor()
    assert editor.width() >= editor.sizeHint().width()
    qtbot.keyClick(editor, Qt.Key.Key_Escape)


def test_the_main_window_count_follows_an_import(qtbot, window, tmp_path):
    bw = open_bank(qtbot, window)
    bw.ask_questions = False
    before = window.bank.live_units()
    doc = tmp_path / "在全县调查研究工作会议上的讲话.txt"
    doc.write_text(
        "在全县调查研究工作会议上的讲话\n同志们：\n一、深刻认识调查研究的重要意义\n"
        "调查研究是谋事之基、成事之道，各级领导干部要沉下身子、深入基层。\n"
        "二、切实把调查研究抓实抓细\n要坚持问题导向，聚焦群众急难愁盼，真正把情况摸清、把问题找准。\n"
        "同志们，让我们以更加务实的作风推动各项工作落地见效！\n",
        encoding="utf-8",
    )
    bw.import_paths([doc])
    qtbot.waitUntil(lambda: window.bank.live_units() > before and not window.runner.busy, timeout=30000)
    qtbot.waitUntil(lambda: window.bank_label.text() == f"素材库 {window.bank.live_units()} 句", timeout=5000)


def test_edit_menu_cuts_copies_pastes_and_selects_all(qtbot, window):
    window.set_draft(Draft(list(SAMPLE)), None)
    actions = window.main_actions
    edit_menu = next(a.menu() for a in window.menuBar().actions() if a.text().startswith("编辑"))
    texts = [a.text() for a in edit_menu.actions()]
    assert {"剪切(&T)", "复制(&C)", "粘贴(&P)", "全选(&L)"} <= set(texts)
    window.editor.go_to(4, 0, 4)  # 理想信念
    actions.copy.trigger()
    assert QApplication.clipboard().text() == "理想信念"
    window.editor.go_to(2, 0)
    actions.paste.trigger()
    assert window.editor.paragraphs()[2] == "理想信念" + SAMPLE[2]
    window.editor.go_to(3, 0, 2)
    actions.cut.trigger()
    assert window.editor.paragraphs()[3] == SAMPLE[3][2:]
    actions.select_all.trigger()
    assert window.editor.textCursor().selectedText().replace("\u2029", "\n") == window.editor.toPlainText()


def test_recent_menu_lists_and_opens_drafts(qtbot, window, ui_paths):
    paths = []
    for name in ("甲稿", "乙稿"):
        path = ui_paths.drafts / f"{name}.sdraft"
        save_draft(Draft([f"{name}的标题", "同志们："]), path)
        assert window.files.open_path(path)
        paths.append(path)
    menu = window.main_actions.recent_menu
    entries = [a for a in menu.actions() if not a.isSeparator()]
    assert [a.text() for a in entries[:2]] == ["&1 乙稿", "&2 甲稿"]
    entries[1].trigger()
    assert window.files.path == paths[0]
    next(a for a in menu.actions() if a.text() == "清除列表").trigger()
    assert [a.text() for a in window.main_actions.recent_menu.actions()] == ["（没有最近打开的讲稿）"]


def test_the_new_draft_dialog_remembers_the_last_type_and_topic(qtbot, window):
    seen: dict = {}

    def first(dialog: NewDraftDialog) -> None:
        dialog.type_box.setFocus()
        qtbot.keyClick(dialog.type_box, Qt.Key.Key_Down)
        seen["type"] = dialog.type_box.currentText()
        dialog.topic_edit.setFocus()
        dialog.topic_edit.selectAll()
        type_text(dialog.topic_edit, "调查研究")
        click_button(qtbot, dialog, "创建")

    on_modal(NewDraftDialog, first)
    window.main_actions.new_draft.trigger()

    def again(dialog: NewDraftDialog) -> None:
        seen["again"] = (dialog.type_box.currentText(), dialog.topic_edit.text())
        click_button(qtbot, dialog, "取消")

    on_modal(QMessageBox, lambda box: click_button(qtbot, box, "不保存"))
    on_modal(NewDraftDialog, again, delay_ms=60)
    window.main_actions.new_draft.trigger()
    assert seen["again"] == (seen["type"], "调查研究")


def test_help_has_a_guide_and_the_shortcuts(qtbot, window):
    help_menu = next(a.menu() for a in window.menuBar().actions() if a.text().startswith("帮助"))
    entries = [a.text() for a in help_menu.actions() if not a.isSeparator()]
    assert len(entries) >= 3 and "使用入门(&G)" in entries and "快捷键一览(&K)" in entries
    seen: dict = {}

    def look(box: QMessageBox) -> None:
        seen["text"] = box.text()
        box.accept()

    on_modal(QMessageBox, look)
    window.main_actions.shortcuts.trigger()
    assert "检查\tF5" in seen["text"] and "导出\tCtrl+E" in seen["text"]


def test_the_bank_window_opens_large_and_comes_back_where_it_was_left(qtbot, make_window):
    from PySide6.QtCore import Qt
    from ui_helpers import wait_bank

    win = make_window(restore_last=False, offer_recovery=False)
    win.show_window()
    wait_bank(qtbot, win)
    qtbot.keyClick(win.editor, Qt.Key.Key_B, Qt.KeyboardModifier.ControlModifier)
    bank_window = win.bank_window
    assert bank_window is not None and bank_window.isVisible()
    area = bank_window.screen().availableGeometry()
    size = bank_window.size()
    # large where the screen allows (1100 × 700 at least, 80 % of a big screen), never past it
    assert size.width() >= min(area.width(), 1100) and size.height() >= min(area.height(), 700)
    assert size.width() <= area.width() and size.height() <= area.height()
    smallest = bank_window.minimumSizeHint()  # the writer makes it a little smaller
    left = (max(smallest.width(), size.width() - 20), max(smallest.height(), size.height() - 60))
    bank_window.resize(*left)
    qtbot.waitUntil(lambda: (bank_window.width(), bank_window.height()) == left, timeout=2000)
    win.editor.document().setModified(False)
    win.close()

    again = make_window(restore_last=False, offer_recovery=False)
    again.show_window()
    wait_bank(qtbot, again)
    qtbot.keyClick(again.editor, Qt.Key.Key_B, Qt.KeyboardModifier.ControlModifier)
    assert again.bank_window is not None
    assert (again.bank_window.width(), again.bank_window.height()) == left
