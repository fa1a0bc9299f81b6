"""Inserting phrases through the panel as a writer does; 设置 in 号 with fonts that write Chinese."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFontDatabase
from ui_helpers import SAMPLE, click_button, click_row, on_modal

from desktop.core.draft import Draft
from desktop.ui.settings_dialog import SettingsDialog


def settle(qtbot, window) -> None:
    """The panel's search (debounced) has been asked and answered."""
    qtbot.waitUntil(lambda: not window.phrases._timer.isActive() and not window.runner.busy, timeout=10000)


def test_an_inserted_sentence_closes_the_unfinished_one_and_follows_it(qtbot, window):
    paras = list(SAMPLE)
    paras[4] = "理想信念是共产党人的精神之钙"
    window.set_draft(Draft(paras), None)
    window.editor.go_to(4, 4)  # inside the sentence, after 理想信念
    panel = window.phrases
    qtbot.mouseClick(panel.search_box, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(panel.search_box, "")
    panel.search_box.setFocus()
    from ui_helpers import type_text

    type_text(panel.search_box, "理想信念")
    settle(qtbot, window)
    texts = panel.shown_texts()
    row = next(i for i, t in enumerate(texts) if t.endswith("。"))
    click_row(qtbot, panel.list, row)
    qtbot.mouseClick(panel.insert_button, Qt.MouseButton.LeftButton)
    assert window.editor.paragraphs()[4] == "理想信念是共产党人的精神之钙。" + texts[row]
    assert window.editor.paragraphs()[5] == SAMPLE[5]
    qtbot.keyClick(window.editor, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert window.editor.paragraphs()[4] == "理想信念是共产党人的精神之钙", "one undo takes the insertion back"


def test_a_suggested_heading_replaces_the_heading_and_keeps_its_number(qtbot, window):
    window.set_draft(Draft(list(SAMPLE)), None)
    window.editor.go_to(5, 3)  # on 二、勇于担当作为
    settle(qtbot, window)
    panel = window.phrases
    panel.show_hits([], ["第八，更好统筹发展与安全"])  # what the bank proposed for this heading group
    click_row(qtbot, panel.list, 0)
    qtbot.keyClick(panel.list, Qt.Key.Key_Return)
    assert window.editor.paragraphs()[5] == "二、更好统筹发展与安全"
    window.reparse()
    assert [h.text for h in window.speech.headings][1] == "二、更好统筹发展与安全"


def pick_size(qtbot, dialog: SettingsDialog, points: float) -> None:
    box = dialog.size_box
    box.setFocus()
    for _ in range(box.count()):
        if box.currentData() == points:
            return
        qtbot.keyClick(box, Qt.Key.Key_Up if box.currentData() < points else Qt.Key.Key_Down)
    raise AssertionError(f"no {points} in the sizes")


def test_settings_offer_sizes_in_hao_and_headings_scale_with_the_body(qtbot, window):
    window.set_draft(Draft(list(SAMPLE)), None)
    seen: dict = {}

    def drive(dialog: SettingsDialog) -> None:
        sizes = [dialog.size_box.itemText(i) for i in range(dialog.size_box.count())]
        seen["sizes"] = sizes
        pick_size(qtbot, dialog, 22.0)
        seen["size_shown"] = dialog.size_box.currentText()
        seen["font_shown"] = dialog.font_box.currentText()
        click_button(qtbot, dialog, "确定")

    on_modal(SettingsDialog, drive)
    window.main_actions.settings.trigger()
    assert "三号（16 磅）" in seen["sizes"] and "四号（14 磅）" in seen["sizes"] and "小四（12 磅）" in seen["sizes"]
    assert seen["size_shown"] == "二号（22 磅）"
    assert window.settings.editor_font_size == 22.0 and window.editor.font().pointSizeF() == 22.0
    # the font the box showed is the one kept, and it is installed
    assert window.settings.editor_font == seen["font_shown"]
    assert seen["font_shown"] in QFontDatabase.families()

    from test_start_and_write import look_at

    doc = window.editor.document()
    title, top, body = look_at(doc, 0, 0)[1], look_at(doc, 3, 0)[1], window.editor.font().pointSizeF()
    assert top > body and title > top, (title, top, body)


def laid_out_height(label) -> int:
    from math import ceil

    from PySide6.QtGui import QTextDocument

    document = QTextDocument()
    document.setDefaultFont(label.font())
    document.setDocumentMargin(0)
    document.setPlainText(label.text())
    margins = label.contentsMargins()
    document.setTextWidth(label.width() - margins.left() - margins.right())
    return ceil(document.size().height()) + margins.top() + margins.bottom()


def test_the_font_list_writes_chinese_and_the_font_report_is_shown_whole(qtbot, window):
    seen: dict = {}

    def drive(dialog: SettingsDialog) -> None:
        qtbot.waitUntil(lambda: "正在检查" not in dialog.font_note.text(), timeout=20000)
        box = dialog.font_box
        seen["system"] = box.writingSystem()
        seen["sample"] = box.sampleTextForSystem(QFontDatabase.WritingSystem.SimplifiedChinese)
        seen["families"] = [box.itemText(i) for i in range(box.count())]
        note = dialog.font_note
        seen["note"] = (note.height(), note.heightForWidth(note.width()), note.text())
        notes = [dialog.font_note, dialog.own_note, dialog.data_dir_note, dialog.team_note]

        def cut_off() -> list[str]:
            # measured as the text is painted (a CJK fallback font's lines are taller than the
            # label's own font's, which QLabel.heightForWidth counts)
            return [n.text()[:12] for n in notes if n.height() < laid_out_height(n)]

        # The writer narrows the dialog: every note wraps to more lines and is still shown whole.
        dialog.resize(dialog.minimumWidth(), dialog.height())
        try:
            qtbot.waitUntil(lambda: dialog.width() == dialog.minimumWidth() and not cut_off(), timeout=3000)
        finally:
            seen["cut_when_narrow"] = cut_off()
        click_button(qtbot, dialog, "取消")

    on_modal(SettingsDialog, drive)
    window.main_actions.settings.trigger()
    assert seen["system"] == QFontDatabase.WritingSystem.SimplifiedChinese
    assert seen["sample"] and all("\u4e00" <= c <= "\u9fff" or c == " " for c in seen["sample"])
    chinese = QFontDatabase.WritingSystem.SimplifiedChinese
    assert seen["families"] and all(chinese in QFontDatabase.writingSystems(f) for f in seen["families"])
    height, needed, text = seen["note"]
    assert text and height >= needed, f"the font report is cut off: {height} < {needed}"
    assert seen["cut_when_narrow"] == []


OWN_DRAFT = [
    "在全县安全生产工作会议上的讲话",
    "同志们：",
    "一、压实安全生产责任",
    "德清县要压实安全生产责任，德清县应急管理局要加强隐患排查，学习绍兴市的做法。",
]


def _specifics(window) -> list[str]:
    return [t for t in window.checks.finding_texts() if "不是设置中本人的地方和单位" in t]


def _check_by_key(qtbot, window) -> None:
    """Back in the window once the dialog has closed (as the window system gives it back), then F5."""
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=3000)
    qtbot.mouseClick(window.editor.viewport(), Qt.MouseButton.LeftButton)
    qtbot.keyClick(window.editor, Qt.Key.Key_F5)


def _type_own(qtbot, dialog: SettingsDialog, place: str, unit: str) -> None:
    """Click into 本地地名 and 本单位, put the writer's text in by keys, press 确定."""
    from ui_helpers import type_text

    for edit, text in ((dialog.place_edit, place), (dialog.unit_edit, unit)):
        qtbot.mouseClick(edit, Qt.MouseButton.LeftButton)
        qtbot.keyClick(edit, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
        qtbot.keyClick(edit, Qt.Key.Key_Delete)
        type_text(edit, text)
    click_button(qtbot, dialog, "确定")


def test_own_place_and_unit_typed_in_settings_are_not_reported_by_the_check(qtbot, window, ui_paths):
    from desktop.infra.settings import AppSettings

    window.set_draft(Draft(list(OWN_DRAFT)), None)
    qtbot.keyClick(window.editor, Qt.Key.Key_F5)
    before = _specifics(window)
    assert any("“德清县”" in t for t in before) and any("“绍兴市”" in t for t in before)

    on_modal(SettingsDialog, lambda d: _type_own(qtbot, d, "德清县", "德清县应急管理局"))
    window.main_actions.settings.trigger()
    assert (window.settings.own_place, window.settings.own_unit) == ("德清县", "德清县应急管理局")
    saved = AppSettings.load(ui_paths.settings)
    assert (saved.own_place, saved.own_unit) == ("德清县", "德清县应急管理局")

    _check_by_key(qtbot, window)
    after = _specifics(window)
    assert not any("德清县" in t for t in after)  # the writer's own place is theirs to name
    assert any("“绍兴市”" in t for t in after)  # another place still is not


def test_settings_show_the_own_place_and_clearing_it_brings_the_findings_back(qtbot, window):
    window.set_draft(Draft(list(OWN_DRAFT)), None)
    on_modal(SettingsDialog, lambda d: _type_own(qtbot, d, "德清县", "德清县应急管理局"))
    window.main_actions.settings.trigger()
    _check_by_key(qtbot, window)
    assert not any("德清县" in t for t in _specifics(window))

    shown: dict = {}

    def clear(dialog: SettingsDialog) -> None:
        shown["fields"] = (dialog.place_edit.text(), dialog.unit_edit.text())
        _type_own(qtbot, dialog, "", "")

    on_modal(SettingsDialog, clear)
    window.main_actions.settings.trigger()
    assert shown["fields"] == ("德清县", "德清县应急管理局")
    _check_by_key(qtbot, window)
    assert any("“德清县”" in t for t in _specifics(window))
