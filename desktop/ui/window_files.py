"""The main window's file handling: new, open, save, export, settings; autosave, crash
recovery and closing. A mixin of MainWindow, split out to keep each module readable."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QFileDialog, QMessageBox

from desktop.core.draft import DRAFT_SUFFIX, Draft, save_draft
from desktop.infra.errors import UserError
from desktop.infra.paths import DataPaths
from desktop.read.draft_files import open_draft
from desktop.ui.autosave import Recovery
from desktop.ui.editor import editor_font

APP_TITLE = "讲稿助手"
UNTITLED = "未命名讲稿"


class DraftFilesMixin:
    """What MainWindow does with files and to never lose the writer's work."""

    # ---------------------------------------------------------------- files
    def new_draft(self, compose_whole: bool = False) -> None:
        from desktop.ui.new_draft_dialog import NewDraftDialog

        if not self.maybe_save():
            return
        dialog = NewDraftDialog(self.runner, self, bank=self.bank)
        if compose_whole and self.bank is not None:
            dialog.full_radio.setChecked(True)
        self.new_draft_dialog = dialog
        if dialog.exec() and dialog.result_draft is not None:
            self.set_draft(dialog.result_draft, None, modified=True)
            self.editor.jump_to_slot(True)

    def open_draft_dialog(self) -> None:
        if not self.maybe_save():
            return
        start = str(self.draft_path.parent if self.draft_path else self.paths.drafts)
        name, _ = QFileDialog.getOpenFileName(
            self, "打开讲稿", start, f"讲稿草稿 (*{DRAFT_SUFFIX});;Word 与文本 (*.docx *.txt *.md);;所有文件 (*)"
        )
        if name:
            self.open_path(Path(name))

    def open_path(self, path: Path, paragraph: int = 0) -> bool:
        try:
            draft = open_draft(path)
        except UserError as err:
            QMessageBox.warning(self, APP_TITLE, str(err))
            return False
        is_draft = path.suffix.lower() == DRAFT_SUFFIX
        self.set_draft(draft, path if is_draft else None, paragraph=paragraph)
        if not is_draft:
            self.show_message(f"已把“{path.name}”作为新草稿打开；保存时将另存为讲稿草稿。")
        else:
            self.settings.remember_draft(str(path))
        return True

    def save_draft(self, ask: bool = False) -> bool:
        path = self.draft_path
        if path is None or ask:
            suggested = self.paths.drafts / f"{self.draft_name()}{DRAFT_SUFFIX}"
            self.paths.drafts.mkdir(parents=True, exist_ok=True)
            name, _ = QFileDialog.getSaveFileName(self, "保存讲稿", str(suggested), f"讲稿草稿 (*{DRAFT_SUFFIX})")
            if not name:
                return False
            path = Path(name) if name.endswith(DRAFT_SUFFIX) else Path(name + DRAFT_SUFFIX)
        return self.save_to(path)

    def save_to(self, path: Path) -> bool:
        try:
            save_draft(self.current_draft(), path)
        except UserError as err:
            QMessageBox.warning(self, APP_TITLE, str(err))
            return False
        self.draft_path = path
        self.editor.document().setModified(False)
        self.autosave.clear()
        self.settings.remember_draft(str(path))
        self._update_title()
        self.show_message(f"已保存到 {path}")
        return True

    def maybe_save(self) -> bool:
        """Ask before dropping unsaved changes; False means the writer cancelled."""
        if not self.editor.document().isModified():
            return True
        box = QMessageBox(
            QMessageBox.Icon.Question, APP_TITLE, f"“{self.draft_name()}”有未保存的修改，是否保存？", parent=self
        )
        save = box.addButton("保存", QMessageBox.ButtonRole.AcceptRole)
        discard = box.addButton("不保存", QMessageBox.ButtonRole.DestructiveRole)
        box.addButton("取消", QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(save)
        box.exec()
        clicked = box.clickedButton()
        if clicked is save:
            return self.save_draft()
        return clicked is discard

    def export_dialog(self) -> None:
        from desktop.ui.export_dialog import ExportDialog

        dialog = ExportDialog(self.runner, self.settings, self.draft_name(), self)
        dialog.set_paragraphs(self.editor.paragraphs())
        dialog.exec()

    def settings_dialog(self) -> None:
        from desktop.ui.settings_dialog import SettingsDialog

        dialog = SettingsDialog(self.settings, self.paths, self, runner=self.runner)
        if dialog.exec():
            dialog.apply()
            self.save_settings()
            self.apply_settings()
            if dialog.new_data_dir and Path(dialog.new_data_dir) != self.paths.root:
                from desktop.infra.paths import default_data_dir
                from desktop.infra.settings import write_data_location

                try:
                    write_data_location(default_data_dir(), Path(dialog.new_data_dir))
                except (OSError, UserError) as err:
                    QMessageBox.warning(self, APP_TITLE, f"无法记住新的数据文件夹：{err}")
                    return
                QMessageBox.information(
                    self,
                    APP_TITLE,
                    f"下次启动时将使用新的数据文件夹：\n{dialog.new_data_dir}\n"
                    "现有的素材库和草稿不会自动搬过去，如需沿用请先把它们复制到新文件夹。",
                )

    def apply_settings(self) -> None:
        self.editor.setFont(editor_font(self.settings.editor_font or None, self.settings.editor_font_size))
        self.editor.document().setDefaultFont(self.editor.font())
        self._autosave_timer.setInterval(max(2, self.settings.autosave_seconds) * 1000)
        self.highlighter.rehighlight()
        self._update_counts()

    # ---------------------------------------------------------------- never lose work
    def autosave_now(self) -> None:
        doc = self.editor.document()
        if not doc.isModified() or doc.revision() == self._autosaved_revision:
            return
        self._autosaved_revision = doc.revision()
        snapshot = Draft.from_json(self.current_draft().to_json())
        original = self.draft_path
        self.runner.run(
            lambda: self.autosave.write(snapshot, original),
            None,
            lambda exc: self.show_message(f"自动保存失败：{exc}"),
            key="autosave",
        )

    def offer_recovery(self, recovery: Recovery) -> bool:
        when = recovery.saved_at.strftime("%Y-%m-%d %H:%M")
        name = recovery.original.name if recovery.original else (recovery.draft.title or UNTITLED)
        answer = QMessageBox.question(
            self,
            APP_TITLE,
            f"讲稿助手上次没有正常关闭。\n发现 {when} 自动保存的“{name}”，是否恢复？",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.Yes,
        )
        if answer != QMessageBox.StandardButton.Yes:
            self.autosave.discard(recovery)
            return False
        self.restore_recovery(recovery)
        try:  # the text becomes this window's own copy before the orphan goes
            self.autosave.write(recovery.draft, recovery.original)
        except UserError as err:
            self.show_message(f"自动保存失败：{err}")
            return True
        self.autosave.discard(recovery)
        return True

    def restore_recovery(self, recovery: Recovery) -> None:
        self.set_draft(recovery.draft, recovery.original, modified=True)
        self.show_message("已恢复自动保存的内容，请及时保存。")

    def restore_session(self, qsettings: QSettings) -> None:
        geometry = qsettings.value("geometry")
        state = qsettings.value("state")
        if isinstance(geometry, QByteArray):
            self.restoreGeometry(geometry)
        if isinstance(state, QByteArray):
            self.restoreState(state)

    def save_settings(self) -> None:
        try:
            self.settings.save(self.paths.settings)
        except UserError as err:
            self.show_message(str(err))

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self.maybe_save():
            event.ignore()
            return
        self._autosave_timer.stop()
        self.settings.last_paragraph = self.editor.current_paragraph()
        self.settings.last_draft = str(self.draft_path) if self.draft_path else ""
        self.save_settings()
        qsettings = window_settings(self.paths)
        qsettings.setValue("geometry", self.saveGeometry())
        qsettings.setValue("state", self.saveState())
        qsettings.sync()
        self.runner.wait_idle()
        self.autosave.close()
        if self.bank_window is not None:
            self.bank_window.close()
        self.close_first_reader()
        if self.bank is not None:
            self.bank.close()
            self.bank = None
        event.accept()


def window_settings(paths: DataPaths) -> QSettings:
    """Window geometry only, in an ini in the data folder (the writer's settings are JSON)."""
    return QSettings(str(paths.root / "window.ini"), QSettings.Format.IniFormat)
