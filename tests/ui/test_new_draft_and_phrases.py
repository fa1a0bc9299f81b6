"""Flows 2, 4 and 5: a new draft from the dialog; phrases that follow the cursor; checks."""

from __future__ import annotations

from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QTimer
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import QApplication
from ui_helpers import SAMPLE

from desktop.core.draft import Draft
from desktop.ui.editor import phrase_mime


def drive_new_draft(window, type_name: str, topic: str, whole: bool, seen: dict) -> None:
    """Fill the New Draft dialog once it is open, as a writer would, and press 创建."""

    def fill() -> None:
        dialog = window.files.new_draft_dialog
        if dialog is None or not dialog.isVisible():
            QTimer.singleShot(20, fill)
            return
        dialog.type_box.setCurrentText(type_name)
        dialog.topic_edit.setText(topic)
        dialog.length_box.setValue(2000)
        dialog.update_preview()
        seen["preview"] = dialog.preview.toPlainText()
        (dialog.full_radio if whole else dialog.skeleton_radio).setChecked(True)
        dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()

    QTimer.singleShot(20, fill)


def test_new_draft_dialog_previews_and_creates_the_skeleton(qtbot, window):
    seen: dict = {}
    drive_new_draft(window, "动员部署讲话", "作风建设", whole=False, seen=seen)
    window.main_actions.new_draft.trigger()
    paras = window.editor.paragraphs()
    assert seen["preview"].splitlines() == paras
    assert paras[0] == "在全县作风建设工作会议上的讲话"
    assert paras[1] == "同志们："
    texts = window.outline.heading_texts()
    assert texts[0].startswith("一、") and texts[1].startswith("（一）")
    assert window.windowTitle() == "讲稿助手 — 在全县作风建设工作会议上的讲话*"
    assert window.editor.textCursor().selectedText() == "【待填】", "the cursor waits in the first slot"
    assert window.slots_label.text() == f"待填 {sum(p.count('【待填】') for p in paras)} 处"


def test_new_draft_preview_follows_the_choices_at_once(qtbot, window):
    from desktop.ui.new_draft_dialog import NewDraftDialog

    dialog = NewDraftDialog(window.runner, window.settings, window, bank=window.bank)
    qtbot.addWidget(dialog)
    dialog.type_box.setCurrentText("研讨发言")
    dialog.topic_edit.setText("基层减负")
    qtbot.waitUntil(lambda: dialog.preview.toPlainText().startswith("基层减负学习研讨发言"), timeout=2000)
    one = dialog.preview.toPlainText()
    dialog.type_box.setCurrentText("全会讲话")
    qtbot.waitUntil(lambda: dialog.preview.toPlainText() != one, timeout=2000)
    assert "第一，" in dialog.preview.toPlainText()
    dialog.structure_box.setCurrentIndex(dialog.structure_box.findData("一、/（一）"))
    qtbot.waitUntil(
        lambda: "一、" in dialog.preview.toPlainText() and "第一，" not in dialog.preview.toPlainText(), timeout=2000
    )


def test_one_step_draft_takes_text_from_the_bank(qtbot, window):
    seen: dict = {}
    drive_new_draft(window, "研讨发言", "主题教育", whole=True, seen=seen)
    window.main_actions.new_draft.trigger()
    paras = window.editor.paragraphs()
    assert paras[0] == "主题教育学习研讨发言"
    assert len(window.speech.headings) >= 3
    body = [b.body_text for b in window.speech.blocks if b.role in ("body", "heading")]
    assert sum(len(t) for t in body) > 800, "a whole first draft has body text, not only headings"
    assert len("".join(paras)) > len(seen["preview"].replace("\n", ""))


def shown_kinds(panel) -> set[str]:
    kinds = set()
    for i in range(panel.list.count()):
        tip = panel.list.item(i).toolTip()
        if "类别：" in tip:
            kinds.add(tip.split("类别：")[1].split()[0])
    return kinds


def test_phrase_panel_follows_the_cursor(qtbot, window):
    window.set_draft(Draft(list(SAMPLE)), None)
    panel = window.phrases

    window.editor.go_to(2)
    qtbot.waitUntil(lambda: panel.context_label.text() == "光标位置：开头" and panel.list.count() > 0, timeout=5000)
    qtbot.waitUntil(lambda: not window.runner.busy, timeout=5000)
    assert shown_kinds(panel) <= {"开头", "过渡"} and shown_kinds(panel)

    window.editor.go_to(3)
    qtbot.waitUntil(lambda: panel.context_label.text() == "光标位置：一级标题", timeout=5000)
    qtbot.waitUntil(lambda: not window.runner.busy and shown_kinds(panel) == {"一级标题"}, timeout=5000)
    proposals = [t for t in (panel.list.item(i).text() for i in range(panel.list.count())) if t.startswith("↳ ")]
    assert proposals, "parallel headings for the heading group come first"

    window.editor.go_to(4)
    qtbot.waitUntil(lambda: panel.context_label.text() == "光标位置：正文：坚定理想信念", timeout=5000)
    body_kinds = {"论述", "引语", "数据", "排比/四字格", "过渡"}
    qtbot.waitUntil(lambda: shown_kinds(panel) and shown_kinds(panel) <= body_kinds, timeout=5000)

    window.editor.go_to(9)
    qtbot.waitUntil(lambda: panel.context_label.text() == "光标位置：结尾", timeout=5000)
    qtbot.waitUntil(lambda: not window.runner.busy and shown_kinds(panel) == {"结尾"}, timeout=5000)


def test_past_a_run_in_heading_the_panel_offers_body_phrases(qtbot, window):
    paras = SAMPLE[:4] + ["（一）筑牢信仰之基。理想信念是共产党人的精神之钙。"] + SAMPLE[4:]
    window.set_draft(Draft(paras), None)
    panel = window.phrases
    window.editor.go_to(4, 2)
    qtbot.waitUntil(lambda: panel.context_label.text() == "光标位置：二级标题", timeout=3000)
    window.editor.go_to(4, len("（一）筑牢信仰之基。") + 3)
    qtbot.waitUntil(lambda: panel.context_label.text() == "光标位置：正文：筑牢信仰之基", timeout=3000)


def test_search_box_narrows_and_enter_inserts_at_the_cursor(qtbot, window):
    window.set_draft(Draft(list(SAMPLE)), None)
    window.editor.go_to(4)
    panel = window.phrases
    window.main_actions.focus_phrases.trigger()
    panel.search_box.setText("主题教育")
    qtbot.waitUntil(lambda: panel.context_label.text() == "搜索：主题教育", timeout=3000)
    qtbot.waitUntil(
        lambda: not window.runner.busy and panel.list.count() > 0 and all("主题教育" in t for t in panel.shown_texts()),
        timeout=5000,
    )
    panel.kind_filter.setCurrentIndex(panel.kind_filter.findData("引语"))
    qtbot.waitUntil(lambda: not window.runner.busy and shown_kinds(panel) == {"引语"}, timeout=5000)
    chosen = panel.shown_texts()[0]
    unit_id = int(panel.list.item(0).data(Qt.ItemDataRole.UserRole))
    uses = window.bank.get_unit(unit_id).uses
    assert "来源：" in panel.list.item(0).toolTip()

    cursor = window.editor.textCursor()
    cursor.movePosition(cursor.MoveOperation.EndOfBlock)
    window.editor.setTextCursor(cursor)
    panel.list.setCurrentRow(0)
    panel.list.setFocus()
    qtbot.keyClick(panel.list, Qt.Key.Key_Return)
    assert window.editor.paragraphs()[4] == SAMPLE[4] + chosen
    qtbot.waitUntil(lambda: window.bank.get_unit(unit_id).uses == uses + 1, timeout=3000)


def test_star_marks_a_favourite(qtbot, window):
    window.set_draft(Draft(list(SAMPLE)), None)
    window.editor.go_to(9)
    panel = window.phrases
    qtbot.waitUntil(lambda: not window.runner.busy and shown_kinds(panel) == {"结尾"}, timeout=5000)
    panel.list.setCurrentRow(0)
    unit_id = int(panel.list.item(0).data(Qt.ItemDataRole.UserRole))
    was = window.bank.get_unit(unit_id).favourite
    panel.star_button.click()
    qtbot.waitUntil(lambda: panel.list.item(0).text().startswith("★ ") != was, timeout=3000)
    assert window.bank.get_unit(unit_id).favourite != was
    qtbot.mouseClick(
        panel.favourites_only, Qt.MouseButton.LeftButton, pos=QPoint(8, panel.favourites_only.height() // 2)
    )
    assert panel.favourites_only.isChecked()

    def only_favourites_listed() -> bool:
        ids = [int(panel.list.item(i).data(Qt.ItemDataRole.UserRole)) for i in range(panel.list.count())]
        starred = all(panel.list.item(i).text().startswith("★ ") for i in range(panel.list.count()))
        return not window.runner.busy and starred and (unit_id in ids) == (not was)

    qtbot.waitUntil(only_favourites_listed, timeout=5000)


def test_dragging_a_phrase_inserts_where_it_is_dropped(qtbot, window):
    window.set_draft(Draft(list(SAMPLE)), None)
    editor = window.editor
    mime: QMimeData = phrase_mime(-1, "【拖入的句子】")
    block = editor.document().findBlockByNumber(6)
    cursor = editor.textCursor()
    cursor.setPosition(block.position())
    where = QPointF(editor.cursorRect(cursor).center())
    how = (Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    # Enter and move events take a QPoint in PySide6 6.11, the drop a QPointF.
    for event in (
        QDragEnterEvent(where.toPoint(), *how),
        QDragMoveEvent(where.toPoint(), *how),
        QDropEvent(where, *how),
    ):
        QApplication.sendEvent(editor.viewport(), event)
    assert editor.paragraphs()[6] == "【拖入的句子】" + SAMPLE[6]
    assert editor.paragraphs()[5] == SAMPLE[5]
