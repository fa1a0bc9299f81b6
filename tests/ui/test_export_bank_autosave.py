"""Flows 6, 7 and 8: export; keep the bank in its window; never lose work; settings."""

from __future__ import annotations

import json
from pathlib import Path

import docx
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QMessageBox, QPushButton
from ui_helpers import SAMPLE, answer_box, click_button, edit_cell, on_modal, type_text, wait_bank

from desktop.core.draft import Draft, load_draft
from desktop.ui.bank_table import COL_KIND, COL_TAGS, COL_TEXT
from desktop.ui.export_dialog import ExportDialog


def export_through_menu(qtbot, window, out: Path) -> dict:
    """Open 导出 from its action, fill in the target, press 导出; returns what the dialog ended with."""
    found: dict = {}

    def drive() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, ExportDialog):
            QTimer.singleShot(20, drive)
            return
        dialog.offer_open = False
        dialog.format_box.setCurrentIndex(dialog.format_box.findData(out.suffix))
        dialog.path_edit.setText(str(out))
        dialog.finished.connect(lambda _r: found.update(result=dialog.result_path, status=dialog.status.text()))
        dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()
        QTimer.singleShot(20, lambda: finish(dialog))

    def finish(dialog: ExportDialog) -> None:
        if "result" in found:
            return
        if "正在导出" in dialog.status.text():
            QTimer.singleShot(20, lambda: finish(dialog))
        else:  # failed: the dialog stays open with its message; the writer closes it
            dialog.reject()

    QTimer.singleShot(20, drive)
    on_modal(QMessageBox, lambda box: click_button(qtbot, box, "仍然导出"))  # SAMPLE has open slots
    window.main_actions.export.trigger()
    return found


def test_export_to_word_and_text(qtbot, window, tmp_path):
    window.set_draft(Draft(list(SAMPLE)), None)
    out = tmp_path / "作风建设.docx"
    done = export_through_menu(qtbot, window, out)
    assert done["result"] == out and out.exists()
    document = docx.Document(str(out))
    texts = [p.text for p in document.paragraphs if p.text.strip()]
    assert texts[0] == SAMPLE[0]
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert headings == ["一、坚定理想信念", "二、勇于担当作为", "三、严守纪律规矩"]
    assert window.settings.last_export_folder == str(tmp_path)

    txt = tmp_path / "作风建设.txt"
    export_through_menu(qtbot, window, txt)
    raw = txt.read_bytes()
    text = next(raw.decode(enc) for enc in ("utf-8-sig", "gb18030") if _decodes(raw, enc))
    assert SAMPLE[3] in text and SAMPLE[-1] in text


def _decodes(raw: bytes, encoding: str) -> bool:
    try:
        raw.decode(encoding)
    except UnicodeDecodeError:
        return False
    return True


def test_export_to_an_unusable_target_says_why(qtbot, window, tmp_path):
    window.set_draft(Draft(list(SAMPLE)), None)
    blocked = tmp_path / "已存在的文件夹.docx"
    blocked.mkdir()
    done = export_through_menu(qtbot, window, blocked)
    assert done["result"] is None
    assert "是一个文件夹" in done["status"] and "请换一个文件名" in done["status"]
    missing = tmp_path / "没有这个文件夹" / "稿.docx"
    done = export_through_menu(qtbot, window, missing)
    assert "不存在" in done["status"]
    assert not missing.parent.exists()


def open_bank_window(qtbot, window):
    window.main_actions.bank_window.trigger()
    bank_window = window.bank_window
    bank_window.ask_questions = False
    qtbot.waitUntil(lambda: bank_window.model.rowCount() > 0 and not window.runner.busy, timeout=5000)
    return bank_window


def test_bank_window_searches_filters_and_edits_in_place(qtbot, window):
    bw = open_bank_window(qtbot, window)
    assert bw.isVisible()
    bw.search_box.setText("担当")
    qtbot.waitUntil(
        lambda: (
            not window.runner.busy and bw.model.rowCount() > 0 and all("担当" in r.text for r in bw.model.records())
        ),
        timeout=5000,
    )
    bw.kind_filter.setCurrentIndex(bw.kind_filter.findData("一级标题"))
    qtbot.waitUntil(
        lambda: (
            not window.runner.busy and bw.model.rowCount() > 0 and {r.kind for r in bw.model.records()} == {"一级标题"}
        ),
        timeout=5000,
    )

    first = bw.model.record(0)
    edit_cell(qtbot, bw.table, 0, COL_TEXT, "五、勇于担当作为，在攻坚克难中彰显本色")
    qtbot.waitUntil(lambda: bw.model.record(0).text == "五、勇于担当作为，在攻坚克难中彰显本色", timeout=3000)
    assert window.bank.get_unit(first.id).text == "五、勇于担当作为，在攻坚克难中彰显本色"
    edit_cell(qtbot, bw.table, 0, COL_TAGS, "重点，担当 作风")
    qtbot.waitUntil(lambda: set(bw.model.record(0).tags) == {"重点", "担当", "作风"}, timeout=3000)
    qtbot.waitUntil(lambda: bw.tag_filter.findData("重点") > 0, timeout=3000)
    edit_cell(qtbot, bw.table, 0, COL_KIND, choice="二级标题")
    qtbot.waitUntil(lambda: window.bank.get_unit(first.id).kind == "二级标题", timeout=3000)

    bw.kind_filter.setCurrentIndex(0)
    bw.search_box.clear()
    bw.tag_filter.setCurrentIndex(bw.tag_filter.findData("重点"))
    qtbot.waitUntil(lambda: not window.runner.busy and [r.id for r in bw.model.records()] == [first.id], timeout=5000)


def test_bank_window_trash_and_restore(qtbot, window):
    bw = open_bank_window(qtbot, window)
    bw.table.selectRow(0)
    gone = bw.model.record(0)
    bw.trash_button.click()
    qtbot.waitUntil(lambda: window.bank.get_unit(gone.id).in_trash, timeout=3000)
    qtbot.waitUntil(lambda: gone.id not in [r.id for r in bw.model.records()], timeout=3000)
    bw.trash.setChecked(True)
    qtbot.waitUntil(lambda: not window.runner.busy and [r.id for r in bw.model.records()] == [gone.id], timeout=3000)
    assert bw.count_label.text() == "回收站中 1 条"
    bw.table.selectRow(0)
    bw.restore_button.click()
    qtbot.waitUntil(lambda: not window.bank.get_unit(gone.id).in_trash, timeout=3000)
    qtbot.waitUntil(lambda: bw.model.rowCount() == 0, timeout=3000)


def test_add_selected_draft_text_to_the_bank(qtbot, window):
    window.set_draft(Draft(list(SAMPLE)), None)
    window.editor.go_to(4, 0, len(SAMPLE[4]))
    selected = window.editor.textCursor().selectedText()

    def fill() -> None:
        from desktop.ui.bank_dialogs import AddPhraseDialog

        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, AddPhraseDialog):
            QTimer.singleShot(20, fill)
            return
        assert dialog.text_edit.toPlainText() == selected
        dialog.kind_box.setCurrentText("论述")
        dialog.tags_edit.setText("信念")
        dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok).click()

    QTimer.singleShot(20, fill)
    window.main_actions.add_to_bank.trigger()
    qtbot.waitUntil(lambda: not window.runner.busy, timeout=3000)
    hits = window.bank.search("精神之钙", tag="信念")
    assert [h.text for h in hits] == [SAMPLE[4]]


def test_import_folder_with_report_and_backup_round_trip(qtbot, window, tmp_path, seed_files):
    folder = tmp_path / "我的材料"
    folder.mkdir()
    (folder / "新讲话.txt").write_text(
        "在全县安全生产工作会议上的讲话\n同志们：\n今天召开会议，主要任务是部署安全生产工作。\n"
        "一、提高认识，压实安全生产责任\n安全生产责任重于泰山，务必坚守红线、守牢底线。\n"
        "二、突出重点，深化隐患排查整治\n要聚焦重点行业领域，开展拉网式排查。\n同志们，让我们共同努力！\n",
        encoding="gb18030",
    )
    (folder / "坏文件.docx").write_bytes(b"not a docx at all")
    (folder / "重复.txt").write_bytes(seed_files["002"].read_bytes())
    bw = open_bank_window(qtbot, window)
    before = window.bank.stats()["units"]
    bw.import_paths([folder])
    qtbot.waitUntil(lambda: bw.last_report is not None, timeout=30000)
    report = bw.last_report
    assert [d.name for d in report.imported] and report.units_added > 0
    assert len(report.refused) == 1 and "坏文件" in report.refused[0].path
    assert len(report.skipped) == 1
    assert bw.message_label.text() == report.summary()
    assert window.bank.stats()["units"] == before + report.units_added
    assert not bw.progress_dialog.isVisible()

    backup = tmp_path / "备份.json"
    bw.export_backup(backup)
    qtbot.waitUntil(lambda: backup.exists() and not window.runner.busy, timeout=5000)
    units = json.loads(backup.read_text(encoding="utf-8"))
    assert units
    window.bank.trash([h.unit_id for h in window.bank.search("安全生产")])
    bw.restore_backup(backup, merge=False)
    qtbot.waitUntil(lambda: not window.runner.busy, timeout=10000)
    assert bw.message_label.text().startswith("已从备份恢复")
    assert window.bank.search("安全生产"), "what the backup held is back"


def test_import_can_be_cancelled(qtbot, window, tmp_path, seed_files, monkeypatch):
    folder = tmp_path / "多个文件"
    folder.mkdir()
    for key, path in seed_files.items():
        (folder / f"{key}.txt").write_bytes(path.read_bytes() + f"\n附记{key}。".encode())
    bw = open_bank_window(qtbot, window)
    before = window.bank.stats()["units"]
    real_import = bw.bank.import_paths

    def import_held_at_the_second_file(paths, *, progress, cancel, **kw):
        # The import stops on its way, as it would on a slow machine, until the writer cancels: the
        # cancel then lands at a known point whatever the machine's speed.
        def held(done: int, total: int, what: str) -> None:
            progress(done, total, what)
            if done == 1:
                assert cancel.wait(timeout=30), "the writer's cancel never reached the import"

        return real_import(paths, progress=held, cancel=cancel, **kw)

    monkeypatch.setattr(bw.bank, "import_paths", import_held_at_the_second_file)
    bw.import_paths([folder])
    qtbot.waitUntil(lambda: bw.progress_dialog.value() == 1, timeout=30000)
    cancel_button = bw.progress_dialog.findChild(QPushButton)
    qtbot.mouseClick(cancel_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bw.last_report is not None, timeout=30000)
    report = bw.last_report
    assert report.cancelled and "已取消" in report.summary()
    # The file being written when the cancel came is finished; nothing after it is read.
    assert len(report.imported) + len(report.skipped) == 2
    assert len(report.not_reached) == len(seed_files) - 2
    assert window.bank.stats()["units"] == before + report.units_added, "what was done is committed"


def test_autosave_and_recovery_after_a_crash(qtbot, window, make_window):
    window.set_draft(Draft(list(SAMPLE)), None)
    window.editor.go_to(4)
    type_text(window.editor, "新增一句。")
    window.files.autosave_now()
    qtbot.waitUntil(lambda: window.autosave.draft_file.exists() and not window.runner.busy, timeout=3000)
    assert load_draft(window.autosave.draft_file).paragraphs == window.editor.paragraphs()
    typed = window.editor.paragraphs()
    window.autosave.abandon()  # the process dies here: no close, the lock goes, the autosave stays

    seen: list[str] = []
    answer_box(QMessageBox.StandardButton.Yes, seen)
    again = make_window(restore_last=False)
    again.show()
    qtbot.waitUntil(lambda: bool(seen), timeout=3000)
    assert "上次没有正常关闭" in seen[0]
    assert again.editor.paragraphs() == typed
    assert again.windowTitle().endswith("*")
    wait_bank(qtbot, again)


def test_closing_with_unsaved_changes_asks(qtbot, window, tmp_path):
    window.set_draft(Draft(list(SAMPLE)), tmp_path / "稿.sdraft")
    type_text(window.editor, "改")
    seen: list[str] = []
    answer_box("取消", seen)
    window.close()
    assert window.isVisible() and "未保存的修改" in seen[0]
    answer_box("保存", seen)
    window.close()
    assert not window.isVisible()
    assert load_draft(tmp_path / "稿.sdraft").paragraphs[0] == "改" + SAMPLE[0]
    assert not window.autosave.draft_file.exists()


def test_settings_change_speaking_speed_font_and_data_folder(qtbot, window, ui_paths, tmp_path):
    from desktop.ui.main import start_paths

    window.set_draft(Draft(list(SAMPLE)), None)
    elsewhere = tmp_path / "另一个数据文件夹"
    elsewhere.mkdir()
    seen: list[str] = []

    def drive() -> None:
        from desktop.ui.settings_dialog import SettingsDialog

        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, SettingsDialog):
            QTimer.singleShot(20, drive)
            return
        dialog.speed_box.setValue(100)
        dialog.size_box.setCurrentIndex(dialog.size_box.findData(22.0))
        dialog.new_data_dir = str(elsewhere)  # what 更改… leaves after the folder dialog
        answer_box(QMessageBox.StandardButton.Ok, seen)
        dialog.accept()

    QTimer.singleShot(20, drive)
    assert start_paths(None).root == ui_paths.root
    window.main_actions.settings.trigger()
    assert "每分钟 100 字" in window.time_label.text()
    assert window.editor.font().pointSizeF() == 22
    saved = json.loads(ui_paths.settings.read_text(encoding="utf-8"))
    assert saved["speaking_speed"] == 100 and saved["editor_font_size"] == 22
    assert "下次启动时将使用新的数据文件夹" in seen[0]
    assert start_paths(None).root == elsewhere
    assert start_paths(str(ui_paths.root)).root == ui_paths.root, "--data-dir still wins"


def test_settings_say_which_layout_fonts_are_missing(qtbot, window, ui_paths, monkeypatch):
    from desktop.export import fonts
    from desktop.ui.settings_dialog import SettingsDialog

    # A machine with the common Windows fonts and 仿宋_GB2312 (by its English name), but neither
    # 方正小标宋简体 nor 楷体_GB2312: the GB/T 9704 layout's title and subtitle fonts are missing.
    installed = frozenset({"Times New Roman", "FangSong_GB2312", "SimHei", "SimSun", "KaiTi"})
    monkeypatch.setattr(fonts, "installed_font_families", lambda *a, **k: installed)
    window.settings.export_layout = "gbt9704"
    dialog = SettingsDialog(window.settings, ui_paths, window, runner=window.runner)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: "本机缺少以下字体" in dialog.font_note.text(), timeout=10_000)
    note = dialog.font_note.text()
    assert "方正小标宋简体（可改用“宋体”）" in note
    assert "楷体_GB2312（可改用“楷体”）" in note
    assert "仿宋_GB2312" not in note and "黑体" not in note, "installed fonts are not listed as missing"
