"""The open draft's file: new, open, save, asking before changes are lost, autosave, recovery.

A part of the main window composed from what it needs (the editor, the data folder, the
settings, the runner, the autosave copy) rather than a mixin of it: it shows a draft only
through the `show_draft` it is given and reports through its signals, which the window wires.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from desktop.core.draft import DRAFT_SUFFIX, Draft, save_draft
from desktop.infra.errors import UserError
from desktop.infra.paths import DataPaths
from desktop.infra.settings import AppSettings
from desktop.read.draft_files import open_draft
from desktop.ui.autosave import Autosave, Recovery
from desktop.ui.editor import DraftEditor
from desktop.ui.runner import Runner

if TYPE_CHECKING:
    from desktop.store.bank import PhraseBank
    from desktop.ui.new_draft_dialog import NewDraftDialog

APP_TITLE = "讲稿助手"
UNTITLED = "未命名讲稿"
OPEN_FILTER = f"讲稿草稿 (*{DRAFT_SUFFIX});;Word 与文本 (*.docx *.txt *.md);;所有文件 (*)"

ShowDraft = Callable[[Draft, "Path | None", bool, int], None]  # draft, file, modified, paragraph


class DraftFiles(QObject):
    """Where the draft in the editor lives on disk, and never losing the writer's work."""

    message = Signal(str)  # for the status bar
    file_changed = Signal()  # the draft's file or the recent list changed (title, recent menu)

    def __init__(
        self,
        *,
        parent: QWidget,
        editor: DraftEditor,
        paths: DataPaths,
        settings: AppSettings,
        runner: Runner,
        autosave: Autosave,
        show_draft: ShowDraft,
    ) -> None:
        super().__init__(parent)
        self._parent = parent
        self._editor = editor
        self._paths = paths
        self._settings = settings
        self._runner = runner
        self.autosave = autosave
        self._show_draft = show_draft
        self.draft = Draft([""])
        self.path: Path | None = None
        self.new_draft_dialog: NewDraftDialog | None = None  # the last one opened (tests drive it)
        self._autosaved_revision = -1

    # ---------------------------------------------------------------- what is open
    def adopt(self, draft: Draft, path: Path | None) -> None:
        """The editor now shows `draft`, belonging to `path` (None: not saved yet)."""
        self.draft = draft
        self.path = path
        self.file_changed.emit()

    def name(self, title: str | None) -> str:
        """The draft's name for the window title: its file, else its title."""
        if self.path is not None:
            return self.path.stem
        return title or UNTITLED

    def current(self) -> Draft:
        """The draft object brought up to the editor's text."""
        paras = self._editor.paragraphs()
        if paras != self.draft.paragraphs:
            self.draft.paragraphs = paras
        return self.draft

    def recent(self) -> list[Path]:
        """Drafts opened or saved lately, newest first, those still on disk."""
        return [Path(p) for p in self._settings.recent_drafts if Path(p).is_file()]

    def forget_recent(self) -> None:
        self._settings.recent_drafts = []
        self.file_changed.emit()

    # ---------------------------------------------------------------- new, open, save
    def new_draft(self, bank: PhraseBank | None, compose_whole: bool = False) -> bool:
        from desktop.ui.new_draft_dialog import NewDraftDialog

        if not self.maybe_save():
            return False
        dialog = NewDraftDialog(self._runner, self._settings, self._parent, bank=bank)
        if compose_whole and bank is not None:
            dialog.full_radio.setChecked(True)
        self.new_draft_dialog = dialog
        if not dialog.exec() or dialog.result_draft is None:
            return False
        self.save_settings()  # the dialog remembered its type and topic for next time
        self._show_draft(dialog.result_draft, None, True, 0)
        self._editor.jump_to_slot(True)
        return True

    def open_dialog(self) -> bool:
        if not self.maybe_save():
            return False
        start = str(self.path.parent if self.path else self._paths.drafts)
        name, _ = QFileDialog.getOpenFileName(self._parent, "打开讲稿", start, OPEN_FILTER)
        return bool(name) and self.open_path(Path(name))

    def open_recent(self, path: Path) -> bool:
        """A draft from 最近打开 or the start page, after asking about unsaved changes."""
        if not self.maybe_save():
            return False
        if not path.is_file():
            self.message.emit(f"“{path}”已不存在，已从最近打开的列表中去掉。")
            self._settings.recent_drafts = [p for p in self._settings.recent_drafts if Path(p) != path]
            self.file_changed.emit()
            return False
        return self.open_path(path)

    def open_path(self, path: Path, paragraph: int = 0) -> bool:
        try:
            draft = open_draft(path)
        except UserError as err:
            QMessageBox.warning(self._parent, APP_TITLE, str(err))
            return False
        is_draft = path.suffix.lower() == DRAFT_SUFFIX
        self._show_draft(draft, path if is_draft else None, False, paragraph)
        if is_draft:
            self._remember(path)
        else:
            self.message.emit(f"已把“{path.name}”作为新草稿打开；保存时将另存为讲稿草稿。")
        return True

    def save(self, ask: bool = False, title: str | None = None) -> bool:
        path = self.path
        if path is None or ask:
            self._paths.drafts.mkdir(parents=True, exist_ok=True)
            suggested = self._paths.drafts / f"{self.name(title)}{DRAFT_SUFFIX}"
            name, _ = QFileDialog.getSaveFileName(
                self._parent, "保存讲稿", str(suggested), f"讲稿草稿 (*{DRAFT_SUFFIX})"
            )
            if not name:
                return False
            path = Path(name) if name.endswith(DRAFT_SUFFIX) else Path(name + DRAFT_SUFFIX)
        return self.save_to(path)

    def save_to(self, path: Path) -> bool:
        try:
            save_draft(self.current(), path)
        except UserError as err:
            QMessageBox.warning(self._parent, APP_TITLE, str(err))
            return False
        self.path = path
        self._editor.document().setModified(False)
        self.autosave.clear()
        self._remember(path)
        self.message.emit(f"已保存到 {path}")
        return True

    def maybe_save(self, title: str | None = None) -> bool:
        """Ask before dropping unsaved changes; False means the writer cancelled."""
        if not self._editor.document().isModified():
            return True
        box = QMessageBox(
            QMessageBox.Icon.Question,
            APP_TITLE,
            f"“{self.name(title)}”有未保存的修改，是否保存？",
            parent=self._parent,
        )
        save = box.addButton("保存", QMessageBox.ButtonRole.AcceptRole)
        discard = box.addButton("不保存", QMessageBox.ButtonRole.DestructiveRole)
        box.addButton("取消", QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(save)
        box.exec()
        clicked = box.clickedButton()
        if clicked is save:
            return self.save(title=title)
        return clicked is discard

    def _remember(self, path: Path) -> None:
        self._settings.remember_draft(str(path))
        self.file_changed.emit()

    # ---------------------------------------------------------------- never lose work
    def autosave_now(self) -> None:
        doc = self._editor.document()
        if not doc.isModified() or doc.revision() == self._autosaved_revision:
            return
        self._autosaved_revision = doc.revision()
        snapshot = Draft.from_json(self.current().to_json())
        original = self.path
        autosave = self.autosave
        self._runner.run(
            lambda: autosave.write(snapshot, original),
            None,
            lambda exc: self.message.emit(f"自动保存失败：{exc}"),
            key="autosave",
        )

    def offer_recovery(self, recovery: Recovery) -> bool:
        when = recovery.saved_at.strftime("%Y-%m-%d %H:%M")
        name = recovery.original.name if recovery.original else (recovery.draft.title or UNTITLED)
        answer = QMessageBox.question(
            self._parent,
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
            self.message.emit(f"自动保存失败：{err}")
            return True
        self.autosave.discard(recovery)
        return True

    def restore_recovery(self, recovery: Recovery) -> None:
        self._show_draft(recovery.draft, recovery.original, True, 0)
        self.message.emit("已恢复自动保存的内容，请及时保存。")

    def save_settings(self) -> None:
        try:
            self._settings.save(self._paths.settings)
        except UserError as err:
            self.message.emit(str(err))

    def close(self) -> None:
        """The window closes (the writer has decided about unsaved changes): remember, tidy up."""
        self._settings.last_paragraph = self._editor.current_paragraph()
        self._settings.last_draft = str(self.path) if self.path else ""
        self.save_settings()
        self._runner.wait_idle()
        self.autosave.close()
