"""Flows 1 and 3: start the window; write with headings, slots, a live outline, undo, find."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QTextCursor
from ui_helpers import SAMPLE, click_tree_item, drop_tree_item, type_text, wait_bank

from desktop.core.draft import Draft, save_draft


def test_first_start_shows_the_window_then_builds_the_default_bank(first_start):
    assert first_start.title_at_show.startswith("讲稿助手 — ")
    assert first_start.labels_while_loading[0] == "正在建立默认素材库…"
    assert "素材库加载中" in first_start.phrase_label_while_loading
    assert any(total > 1 for _v, total in first_start.progress_seen), "the build shows progress per seed file"
    assert any("正在建立默认素材库：" in label and ".txt" in label for label in first_start.labels_while_loading)
    count = int(first_start.ready_label.split()[1])
    assert first_start.ready_label.startswith("素材库 ") and count > 100
    assert first_start.bank_file.exists()


def test_window_is_usable_while_the_bank_loads(qtbot, make_window):
    win = make_window(restore_last=False, offer_recovery=False)
    win.show()
    assert win.bank is None
    type_text(win.editor, "同志们：")
    assert win.editor.toPlainText() == "同志们："
    wait_bank(qtbot, win)
    assert win.bank_label.text().startswith("素材库 ")


def test_last_draft_and_layout_come_back(qtbot, ui_paths, make_window):
    path = ui_paths.drafts / "作风建设.sdraft"
    save_draft(Draft(list(SAMPLE)), path)
    win = make_window(offer_recovery=False)
    win.show()
    assert win.files.open_path(path)
    win.resize(720, 540)
    win.checks_dock.show()
    win.editor.go_to(6)
    wait_bank(qtbot, win)
    win.close()

    again = make_window(offer_recovery=False)
    again.show()
    assert again.windowTitle() == "讲稿助手 — 作风建设"
    assert again.editor.paragraphs() == SAMPLE
    assert again.editor.current_paragraph() == 6
    assert (again.width(), again.height()) == (720, 540)
    assert again.checks_dock.isVisible()
    wait_bank(qtbot, again)


def look_at(doc, paragraph: int, at: int) -> tuple[int, float, str, str]:
    """(weight, point size, text colour, background) the highlighter gave one character."""
    ranges = doc.findBlockByNumber(paragraph).layout().formats()
    for r in ranges:
        if r.start <= at < r.start + r.length:
            f = r.format
            return f.fontWeight(), f.fontPointSize(), f.foreground().color().name(), f.background().color().name()
    return QFont.Weight.Normal, 0.0, "", ""


def test_headings_look_apart_by_level_and_slots_are_marked(window):
    paras = SAMPLE[:9] + ["（一）把握正确方向。要把方向摆在首位。"] + SAMPLE[9:]
    window.set_draft(Draft(paras), None)
    doc = window.editor.document()
    top, sub = look_at(doc, 3, 0), look_at(doc, 9, 0)
    assert look_at(doc, 4, 0)[0] == QFont.Weight.Normal
    assert top[0] == QFont.Weight.Bold and top[1] > window.editor.font().pointSizeF()
    assert sub[0] == QFont.Weight.Bold and sub[2] != top[2], "a level-2 heading looks unlike a level-1 one"
    assert look_at(doc, 9, 12)[0] == QFont.Weight.Normal, "run-in body text after the heading stays plain"
    slot_at = paras[6].index("【数字】")
    assert look_at(doc, 6, slot_at)[3] == "#ffe58a"
    assert look_at(doc, 6, slot_at - 1)[3] != "#ffe58a"
    # typing a heading marker turns a body line into a heading once the parse catches up
    window.editor.replace_paragraphs(paras[:4] + ["（一）" + paras[4]] + paras[5:])
    window.reparse()
    assert look_at(window.editor.document(), 4, 0)[0] == QFont.Weight.Bold


def test_tab_and_shift_tab_jump_between_slots(qtbot, window):
    window.set_draft(Draft(list(SAMPLE)), None)
    window.editor.go_to(0)
    qtbot.keyClick(window.editor, Qt.Key.Key_Tab)
    cursor = window.editor.textCursor()
    assert cursor.selectedText() == "【数字】" and cursor.blockNumber() == 6
    qtbot.keyClick(window.editor, Qt.Key.Key_Tab)
    assert window.editor.textCursor().selectedText() == "【地名】"
    qtbot.keyClick(window.editor, Qt.Key.Key_Backtab)
    assert window.editor.textCursor().blockNumber() == 6
    qtbot.keyClicks(window.editor, "12")
    assert window.editor.paragraphs()[6].endswith("全县共有12个乡镇。")
    window.reparse()
    assert window.slots_label.text() == "待填 1 处"


def test_outline_follows_the_text_and_moves_renumber_with_one_undo(qtbot, window):
    window.set_draft(Draft(list(SAMPLE)), None)
    assert window.outline.heading_texts() == ["一、坚定理想信念", "二、勇于担当作为", "三、严守纪律规矩"]
    # typing a new heading shows up in the outline once typing pauses
    window.editor.go_to(8)
    cursor = window.editor.textCursor()
    cursor.movePosition(QTextCursor.MoveOperation.EndOfBlock)
    window.editor.setTextCursor(cursor)
    qtbot.keyClick(window.editor, Qt.Key.Key_Return)
    type_text(window.editor, "四、注重调查研究")
    qtbot.waitUntil(lambda: len(window.outline.heading_texts()) == 4, timeout=2000)
    before = window.editor.paragraphs()

    # click the third heading → the cursor goes there; Alt+Up moves its section up, renumbered
    click_tree_item(qtbot, window.outline, window.outline.item_for_heading(2))
    assert window.editor.current_paragraph() == 7
    window.outline.setFocus()
    qtbot.keyClick(window.outline, Qt.Key.Key_Up, Qt.KeyboardModifier.AltModifier)
    assert window.outline.heading_texts() == [
        "一、坚定理想信念",
        "二、严守纪律规矩",
        "三、勇于担当作为",
        "四、注重调查研究",
    ]
    paras = window.editor.paragraphs()
    assert paras[5] == "二、严守纪律规矩" and paras[6].startswith("纪律规矩")
    assert paras[7] == "三、勇于担当作为"

    # demote by key: becomes a subsection of 一、 with a level-2 number
    qtbot.keyClick(window.outline, Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier)
    texts = window.outline.heading_texts()
    assert len(texts) == 4 and texts[0] == "一、坚定理想信念" and texts[2] == "二、勇于担当作为"
    assert window.speech.headings[1].level == 2

    # one Ctrl+Z per outline operation
    window.editor.undo()
    assert (
        window.outline.heading_texts()[:3] == ["一、坚定理想信念", "二、严守纪律规矩", "三、勇于担当作为"]
        or window.editor.paragraphs()[5] == "二、严守纪律规矩"
    )
    window.editor.undo()
    window.reparse()
    assert window.editor.paragraphs() == before
    window.editor.redo()
    window.reparse()
    assert window.outline.heading_texts()[1] == "二、严守纪律规矩"


def test_dragging_a_section_in_the_outline_moves_it(qtbot, window):
    window.set_draft(Draft(list(SAMPLE)), None)
    outline = window.outline
    # dropped on the upper half of the first heading: the third section stands before it
    drop_tree_item(qtbot, outline, outline.item_for_heading(2), outline.item_for_heading(0))
    assert outline.heading_texts() == ["一、严守纪律规矩", "二、坚定理想信念", "三、勇于担当作为"]
    assert window.editor.paragraphs()[-1] == SAMPLE[-1]
    window.editor.undo()
    window.reparse()
    assert window.editor.paragraphs() == SAMPLE
    # dropped on the lower half of the second heading: the first section goes behind the second's
    drop_tree_item(qtbot, outline, outline.item_for_heading(0), outline.item_for_heading(1), lower_half=True)
    assert outline.heading_texts() == ["一、勇于担当作为", "二、坚定理想信念", "三、严守纪律规矩"]


def test_find_and_replace(qtbot, window):
    window.set_draft(Draft(list(SAMPLE)), None)
    window.main_actions.replace.trigger()
    bar = window.find_bar
    assert bar.isVisible() and bar.replace_box.isVisible()
    bar.find_box.setText("纪律规矩")
    bar.replace_box.setText("规矩纪律")
    assert bar.find_next(True)
    assert window.editor.textCursor().selectedText() == "纪律规矩"
    assert bar.replace_all() == 2
    assert "三、严守规矩纪律" in window.editor.paragraphs()
    window.editor.undo()
    assert window.editor.paragraphs() == SAMPLE
    bar.find_box.setText("不存在的词")
    assert not bar.find_next(True)
    assert bar.status.text() == "未找到"
