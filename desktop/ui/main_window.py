"""The main window. Composes the editor, the panels, the actions, the draft's file and the bank
session, and wires them.

Widgets emit request signals; this window answers them by calling core (outline operations,
checks), the bank session (through the runner, off the GUI thread), the draft's file or export,
and then refreshes what the change touched. All connections are made in `_wire`.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from enum import Enum
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QSettings, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QCloseEvent, QDesktopServices
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDockWidget,
    QFrame,
    QLabel,
    QMainWindow,
    QMessageBox,
    QProgressBar,
    QScrollArea,
    QStackedWidget,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from desktop.core import checks, outline_ops
from desktop.core.document import Heading, Speech
from desktop.core.draft import Draft, DraftError
from desktop.core.phrase_source import PERSONAL, TEAM
from desktop.core.phrases import SLOT_RE
from desktop.core.structure import parse
from desktop.core.writer import Writer
from desktop.infra.errors import UserError
from desktop.infra.paths import DataPaths
from desktop.infra.settings import AppSettings
from desktop.ui.actions import MainActions
from desktop.ui.autosave import Autosave
from desktop.ui.bank_session import BankSession
from desktop.ui.checks_panel import ChecksPanel
from desktop.ui.draft_files import APP_TITLE, DraftFiles
from desktop.ui.editor import DraftEditor, editor_font
from desktop.ui.find_bar import FindBar
from desktop.ui.highlighter import DraftHighlighter
from desktop.ui.outline_panel import OutlinePanel
from desktop.ui.phrase_context import PhraseContext, context_at
from desktop.ui.phrase_panel import PhrasePanel
from desktop.ui.runner import Runner
from desktop.ui.start_page import StartPage

if TYPE_CHECKING:
    from desktop.store.bank import PhraseBank
    from desktop.store.first_read import FirstReader
    from desktop.store.records import UnitRecord
    from desktop.ui.bank_tasks import OpenedBank, PhraseResults
    from desktop.ui.bank_window import BankWindow
    from desktop.ui.team_dialogs import PasswordDialog, TeamDialog

log = logging.getLogger(__name__)

PARSE_DELAY_MS = 120  # re-parse once typing pauses this long
OPEN_SLOTS_LISTED = 8  # the export warning names this many open slots


class SectionCommand(Enum):
    """The 提纲 menu's commands on the section at the cursor (or the outline's current heading)."""

    UP = "本节上移"
    DOWN = "本节下移"
    PROMOTE = "升级"
    DEMOTE = "降级"
    RENUMBER = "重新编号"


SECTION_OPERATIONS: dict[SectionCommand, Callable[[Draft, int], outline_ops.DraftChange]] = {
    SectionCommand.UP: outline_ops.move_up,
    SectionCommand.DOWN: outline_ops.move_down,
    SectionCommand.PROMOTE: outline_ops.promote,
    SectionCommand.DEMOTE: outline_ops.demote,
}


class MainWindow(QMainWindow):
    """The writer's window: editor, outline, phrases, checks."""

    bank_opened = Signal()  # the PhraseBank is open and in use (self.bank)

    def __init__(self, paths: DataPaths, settings: AppSettings, runner: Runner | None = None) -> None:
        super().__init__()
        self.paths = paths
        self.settings = settings
        self.runner = runner or Runner(self)
        self.bank_window: BankWindow | None = None
        self.speech: Speech = parse([""])
        self._parse_ms = 0.0
        self.setObjectName("mainWindow")
        self.setDockNestingEnabled(True)

        self.editor = DraftEditor()
        self.highlighter = DraftHighlighter(self.editor.document())
        self.find_bar = FindBar(self.editor)
        central = QWidget()
        column = QVBoxLayout(central)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        column.addWidget(self.editor, 1)
        column.addWidget(self.find_bar)
        self.start_page = StartPage()
        self.pages = QStackedWidget()
        self.pages.addWidget(central)
        start_scroll = QScrollArea()  # the start page never sets how small the window may be
        start_scroll.setWidgetResizable(True)
        start_scroll.setFrameShape(QFrame.Shape.NoFrame)
        start_scroll.setWidget(self.start_page)
        self.pages.addWidget(start_scroll)
        self.setCentralWidget(self.pages)
        self._geometry_restored = False

        self.autosave = Autosave(paths)
        self.files = DraftFiles(
            parent=self,
            editor=self.editor,
            paths=paths,
            settings=settings,
            runner=self.runner,
            autosave=self.autosave,
            show_draft=lambda draft, path, modified, paragraph: self.set_draft(
                draft, path, modified=modified, paragraph=paragraph
            ),
        )
        self.bank_session = BankSession(self.runner, paths, self, team_url=settings.team_url)
        self.team_dialog: TeamDialog | None = None
        self.password_dialog: PasswordDialog | None = None

        self.outline = OutlinePanel()
        self.phrases = PhrasePanel()
        self.checks = ChecksPanel()
        self.outline_dock = self._dock("提纲", "outlineDock", self.outline, Qt.DockWidgetArea.LeftDockWidgetArea)
        self.phrase_dock = self._dock("素材", "phraseDock", self.phrases, Qt.DockWidgetArea.RightDockWidgetArea)
        self.checks_dock = self._dock("检查", "checksDock", self.checks, Qt.DockWidgetArea.BottomDockWidgetArea)
        self.checks_dock.hide()
        self.resizeDocks([self.outline_dock, self.phrase_dock], [280, 340], Qt.Orientation.Horizontal)
        self.resizeDocks([self.checks_dock], [170], Qt.Orientation.Vertical)

        self.main_actions = MainActions(self)
        self.main_actions.build_menus(self.menuBar())
        toolbar = QToolBar("工具栏")
        toolbar.setObjectName("mainToolbar")
        self.addToolBar(toolbar)
        self.main_actions.build_toolbar(toolbar)
        for dock in (self.outline_dock, self.phrase_dock, self.checks_dock):
            self.main_actions.add_view_toggle(dock.toggleViewAction())

        self.chars_label = QLabel()
        self.time_label = QLabel()
        self.slots_label = QLabel()
        self.bank_label = QLabel("素材库加载中…")
        self.team_label = QLabel("")  # the team bank: connected, or why not (with the personal bank going on)
        self.team_label.setObjectName("teamStatus")
        self.team_label.hide()
        self.progress = QProgressBar()
        self.progress.setMaximumWidth(180)
        self.progress.hide()
        for w in (self.progress, self.team_label, self.bank_label, self.slots_label, self.chars_label, self.time_label):
            self.statusBar().addPermanentWidget(w)

        self._parse_timer = QTimer(self)
        self._parse_timer.setSingleShot(True)
        self._parse_timer.setInterval(PARSE_DELAY_MS)
        self._autosave_timer = QTimer(self)
        self._autosave_timer.setInterval(max(2, settings.autosave_seconds) * 1000)
        self.editor.heading_at = self._heading_in
        self._wire()
        self.apply_settings()
        self.set_draft(self.files.draft, None)
        self._fill_recent_menu()
        self._autosave_timer.start()

    def _dock(self, title: str, name: str, widget: QWidget, area: Qt.DockWidgetArea) -> QDockWidget:
        dock = QDockWidget(title, self)
        dock.setObjectName(name)
        dock.setWidget(widget)
        self.addDockWidget(area, dock)
        return dock

    # ---------------------------------------------------------------- wiring (the one block)
    def _wire(self) -> None:
        a = self.main_actions
        files = self.files
        a.new_draft.triggered.connect(lambda: files.new_draft(self.bank))
        a.open_draft.triggered.connect(lambda: files.open_dialog())
        a.save.triggered.connect(lambda: files.save(title=self.speech.title))
        a.save_as.triggered.connect(lambda: files.save(ask=True, title=self.speech.title))
        a.export.triggered.connect(self.export_dialog)
        a.settings.triggered.connect(self.settings_dialog)
        a.quit.triggered.connect(self.close)
        a.undo.triggered.connect(self.editor.undo_step)
        a.redo.triggered.connect(self.editor.redo_step)
        a.find.triggered.connect(lambda: self.find_bar.open_bar(False))
        a.replace.triggered.connect(lambda: self.find_bar.open_bar(True))
        a.next_slot.triggered.connect(lambda: self.editor.jump_to_slot(True))
        a.previous_slot.triggered.connect(lambda: self.editor.jump_to_slot(False))
        a.add_to_bank.triggered.connect(lambda: self.add_to_bank(self.editor.selected_text()))
        for action, command in (
            (a.section_up, SectionCommand.UP),
            (a.section_down, SectionCommand.DOWN),
            (a.promote, SectionCommand.PROMOTE),
            (a.demote, SectionCommand.DEMOTE),
            (a.renumber, SectionCommand.RENUMBER),
        ):
            action.triggered.connect(partial(self.outline_op, command))
        a.compose.triggered.connect(lambda: files.new_draft(self.bank, compose_whole=True))
        a.check.triggered.connect(self.run_checks)
        a.bank_window.triggered.connect(self.show_bank_window)
        a.team_bank.triggered.connect(self.show_team_dialog)
        a.focus_phrases.triggered.connect(self._focus_phrase_search)
        a.focus_outline.triggered.connect(self._focus_outline)
        a.focus_editor.triggered.connect(self.editor.setFocus)
        a.about.triggered.connect(self._about)
        a.guide.triggered.connect(self._guide)
        a.shortcuts.triggered.connect(self._shortcuts)
        a.open_data_folder.triggered.connect(lambda: QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.paths.root))))
        for edit_action, method in (
            (a.cut, "cut"),
            (a.copy, "copy"),
            (a.paste, "paste"),
            (a.select_all, "selectAll"),
        ):
            edit_action.triggered.connect(partial(self._edit_command, method))
        files.file_changed.connect(self._fill_recent_menu)
        a.undo.setEnabled(False)
        a.redo.setEnabled(False)

        doc = self.editor.document()
        doc.undoAvailable.connect(a.undo.setEnabled)
        doc.redoAvailable.connect(a.redo.setEnabled)
        doc.modificationChanged.connect(lambda _m: self._update_title())
        self.editor.textChanged.connect(self._parse_timer.start)
        self.editor.cursorPositionChanged.connect(self._cursor_moved)
        self.editor.add_to_bank_requested.connect(self.add_to_bank)
        self.editor.phrase_used.connect(
            lambda unit_id, origin: self.bank_session.count_use(unit_id, origin, self.draft_name())
        )
        self.editor.message.connect(self.show_message)
        self.find_bar.message.connect(self.show_message)
        self._parse_timer.timeout.connect(self.reparse)
        self._autosave_timer.timeout.connect(files.autosave_now)
        files.message.connect(self.show_message)
        files.file_changed.connect(self._update_title)

        session = self.bank_session
        session.loading.connect(self._bank_loading)
        session.progressed.connect(self._bank_progress)
        session.reader_ready.connect(self._reader_ready)
        session.opened.connect(self._bank_ready)
        session.failed.connect(self._bank_failed)
        session.found.connect(self._show_phrases)
        session.units_counted.connect(lambda n: self.bank_label.setText(f"素材库 {n} 句"))
        session.message.connect(self.show_message)
        session.team_changed.connect(self._show_team_status)
        session.search_again.connect(self._reader_ready)
        session.password_needed.connect(self._ask_team_password)

        self.outline.jump_requested.connect(lambda p: self.editor.go_to(p))
        self.outline.move_requested.connect(self._outline_drop)
        self.outline.move_by_requested.connect(self._outline_move_by)
        self.outline.level_change_requested.connect(self._outline_level_change)
        self.phrases.search_requested.connect(session.search)
        self.phrases.insert_requested.connect(self.insert_phrase)
        self.phrases.favourite_requested.connect(
            lambda unit_id, on, origin: session.set_favourite(unit_id, on, self.phrases.mark_favourite, origin)
        )
        self.phrases.propose_requested.connect(
            lambda text, kind: session.propose(text, kind, self.files.draft.speech_type)
        )
        self.checks.go_to_requested.connect(lambda p, s, e: self.editor.go_to(p, s, e))
        self.runner.busy_changed.connect(lambda busy: None if busy else self.progress.hide())

        start = self.start_page
        start.new_requested.connect(a.new_draft.trigger)
        start.open_requested.connect(a.open_draft.trigger)
        start.blank_requested.connect(self.show_editor)
        start.import_requested.connect(self.import_documents)
        start.recent_requested.connect(lambda path: files.open_recent(Path(path)))

    # ---------------------------------------------------------------- the draft
    @property
    def bank(self) -> PhraseBank | None:
        return self.bank_session.bank

    @property
    def first_reader(self) -> FirstReader | None:
        return self.bank_session.first_reader

    def set_draft(self, draft: Draft, path: Path | None, *, modified: bool = False, paragraph: int = 0) -> None:
        """Show a draft in the editor (resets undo: a new document)."""
        self.files.adopt(draft, path)
        self.show_editor()
        self.editor.setPlainText("\n".join(draft.paragraphs))
        self.editor.document().setModified(modified)
        self.reparse()
        self.editor.go_to(min(paragraph, self.editor.document().blockCount() - 1))
        self._update_title()

    # ---------------------------------------------------------------- start page and editor
    def show_start_page(self) -> None:
        """The start (new, open, blank, import, recent drafts) in place of the editor."""
        self.start_page.set_recent(self.files.recent())
        self.pages.setCurrentIndex(1)
        self.start_page.new_button.setFocus()

    def show_editor(self) -> None:
        if self.pages.currentIndex() != 1:
            return
        self.pages.setCurrentIndex(0)
        self.editor.setFocus()

    def on_start_page(self) -> bool:
        return self.pages.currentIndex() == 1

    def import_documents(self) -> None:
        """导入文档到素材库 from the start page: the bank window's import, once the bank is open."""
        if self.bank is None:
            self.show_message("素材库还在加载，请稍候再导入。")
            return
        self.show_bank_window()
        if self.bank_window is not None:
            self.bank_window.choose_import_files()

    def draft_name(self) -> str:
        return self.files.name(self.speech.title)

    def _update_title(self) -> None:
        star = "*" if self.editor.document().isModified() else ""
        self.setWindowTitle(f"{APP_TITLE} — {self.draft_name()}{star}")

    def reparse(self) -> None:
        self._parse_timer.stop()
        started = time.perf_counter()
        self.speech = parse(self.editor.paragraphs())
        self._parse_ms = (time.perf_counter() - started) * 1000
        self.highlighter.set_speech(self.speech)
        self.outline.set_speech(self.speech)
        self._cursor_moved()
        self._update_counts()
        self._update_title()
        if self.checks.has_run:  # findings never go stale: after an edit, or another draft, check again
            self._refresh_checks()

    def _update_counts(self) -> None:
        summary = checks.summarize(self.speech.paragraphs, speed=self.settings.speaking_speed, findings=[])
        self.chars_label.setText(f"字数 {summary.chars}")
        self.time_label.setText(f"约 {summary.minutes:.1f} 分钟（每分钟 {summary.speed} 字）")
        self.slots_label.setText(f"待填 {summary.open_slots} 处")

    def _cursor_moved(self) -> None:
        self.outline.follow_cursor(self.editor.current_paragraph())
        if self.bank_session.ready:
            self.phrases.set_context(self._context_here())

    def _context_here(self) -> PhraseContext:
        cursor = self.editor.textCursor()
        return context_at(self.speech, cursor.blockNumber(), cursor.positionInBlock())

    # ---------------------------------------------------------------- outline operations
    def outline_op(self, command: SectionCommand, heading: int | None = None) -> bool:
        """Apply a core outline operation as one undoable edit; numbering follows at once."""
        self.reparse()
        k = heading if heading is not None else self._heading_at_cursor()
        draft = self.files.current()
        headings = self.speech.headings
        before = headings[k].paragraph if k is not None and 0 <= k < len(headings) else self.editor.current_paragraph()
        try:
            if command is SectionCommand.RENUMBER:
                change = outline_ops.renumber(draft)
            elif k is None:
                self.show_message("光标不在任何一节中：请先把光标放到要调整的标题或其正文里。")
                return False
            else:
                change = SECTION_OPERATIONS[command](draft, k)
        except DraftError as err:
            self.show_message(str(err))
            return False
        self._apply_change(draft, change, before)
        return True

    def _outline_move_by(self, k: int, direction: int) -> None:
        self.outline_op(SectionCommand.UP if direction < 0 else SectionCommand.DOWN, k)

    def _outline_level_change(self, k: int, direction: int) -> None:
        self.outline_op(SectionCommand.PROMOTE if direction < 0 else SectionCommand.DEMOTE, k)

    def _outline_drop(self, k: int, before: int) -> None:
        self.reparse()
        draft = self.files.current()
        speech = draft.outline()
        parent = outline_ops.parents(speech)[before] if before >= 0 else outline_ops.parents(speech)[k]
        siblings = [j for j in outline_ops.children(speech, parent) if j != k]
        position = siblings.index(before) if before in siblings else len(siblings)
        before = speech.headings[k].paragraph
        try:
            change = outline_ops.move_section_under(draft, k, parent, position)
        except DraftError as err:
            self.show_message(str(err))
            return
        self._apply_change(draft, change, before)

    def _apply_change(self, draft: Draft, change: outline_ops.DraftChange, before: int) -> None:
        """Show the operation's result as one undoable edit; undoing it brings the cursor back to
        the section's heading where it stood (`before`), redoing to where it went."""
        focus_paragraph = None
        if change.focus is not None:
            focus_paragraph = draft.outline().headings[change.focus].paragraph
        self.editor.replace_paragraphs(draft.paragraphs, focus_paragraph, undo_to=before)
        self.reparse()
        if change.focus is not None:
            self.outline.setCurrentItem(self.outline.item_for_heading(change.focus))

    def _heading_in(self, paragraph: int) -> Heading | None:
        return next((h for h in self.speech.headings if h.paragraph == paragraph), None)

    def _heading_at_cursor(self) -> int | None:
        if self.outline.hasFocus() and self.outline.current_heading() is not None:
            return self.outline.current_heading()
        paragraph = self.editor.current_paragraph()
        found = None
        for k, h in enumerate(self.speech.headings):
            if h.paragraph <= paragraph:
                found = k
        return found

    # ---------------------------------------------------------------- the bank
    def start_loading_bank(self) -> None:
        self.phrases.set_loading("素材库加载中，可以先写作…")
        self.bank_session.start()

    def _bank_loading(self, text: str) -> None:
        self.bank_label.setText(text)
        self.progress.setRange(0, 0)
        self.progress.show()

    def _bank_progress(self, done: int, total: int, what: str) -> None:
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(done)
        self.bank_label.setText(f"正在建立默认素材库：{Path(what).name if what else ''}")

    def _reader_ready(self) -> None:
        self.phrases.set_context(self._context_here())
        self.phrases.request_search()

    def _bank_ready(self, opened: OpenedBank) -> None:
        self.progress.hide()
        self.bank_label.setText(f"素材库 {opened.units} 句")
        if opened.setup is not None and opened.setup.origin != "existing":
            self.show_message(opened.setup.summary())
        self.phrases.set_context(self._context_here())
        if self.phrases.query() != self.bank_session.answered:
            self.phrases.request_search()
        if self.bank_window is not None:
            self.bank_window.set_bank(opened.bank)
        self.bank_opened.emit()

    def _bank_failed(self, exc: BaseException) -> None:
        self.progress.hide()
        self.bank_label.setText("素材库不可用")
        self.phrases.set_loading(f"素材库不可用：{exc}")
        QMessageBox.warning(self, APP_TITLE, f"素材库无法打开：{exc}\n\n可以继续写作；素材功能暂不可用。")

    def _show_phrases(self, results: PhraseResults) -> None:
        self.phrases.show_hits(results.hits, results.siblings, results.collisions, results.labelled)

    def insert_phrase(self, unit_id: int, text: str, kind: str = "", origin: str = PERSONAL) -> None:
        self.reparse()  # the heading the cursor is on, as the text stands now
        note = self.phrases.collision_of(unit_id, origin) if origin == TEAM else ""
        self.editor.insert_phrase(text, unit_id if unit_id >= 0 else None, kind, origin)
        if note:
            self.statusBar().showMessage(note, 15000)

    # ---------------------------------------------------------------- the team bank
    def _show_team_status(self) -> None:
        text, tip = self.bank_session.team_status()
        self.team_label.setText(text)
        self.team_label.setToolTip(tip)
        self.team_label.setStyleSheet("" if not text or "已连接" in text or "连接中" in text else "color: #b00020;")
        self.team_label.setVisible(bool(text))

    def _ask_team_password(self, account: str) -> None:
        """The team server wants a password: asked in a window-modal dialog opened with open(),
        so the GUI thread never waits in a nested loop; cancelling goes on with the personal bank."""
        from desktop.store.postgres.credentials import keyring_available
        from desktop.ui.team_dialogs import PasswordDialog

        dialog = PasswordDialog(account, keyring_available(), self)
        self.password_dialog = dialog

        def answered(code: int) -> None:
            self.password_dialog = None
            if code == QDialog.DialogCode.Accepted and dialog.password():
                self.bank_session.use_password(dialog.password())
            else:
                self.show_message("没有输入团队素材库的密码：本次只用个人素材库。可在“设置”中重新连接。")
            dialog.deleteLater()

        dialog.finished.connect(answered)
        dialog.open()

    def show_team_dialog(self) -> None:
        from desktop.ui.team_dialogs import TeamDialog

        if not self.bank_session.team_url:
            self.show_message("还没有设置团队素材库。请在“设置”中填写团队服务器地址。")
            return
        if self.team_dialog is None:
            self.team_dialog = TeamDialog(
                self.runner, lambda: self.bank_session.team, self, changed=self.phrases.request_search
            )
        else:
            self.team_dialog.refresh()
        self.team_dialog.show()
        self.team_dialog.raise_()

    def _propose_units(self, records: list[UnitRecord]) -> None:
        """提交到团队库 from the bank window: each selected unit proposed for review."""
        if not records:
            self.show_message("请先在素材库中选中要提交的句子。")
        for record in records:
            self.bank_session.propose(record.text, record.kind, record.speech_type)

    def add_to_bank(self, text: str) -> None:
        from desktop.ui.bank_dialogs import AddPhraseDialog

        text = text.strip()
        if not text:
            self.show_message("请先在正文中选中要加入素材库的文字。")
            return
        bank = self.bank
        if bank is None:
            self.show_message("素材库还在加载，请稍候再试。")
            return
        context = self._context_here()
        kind = context.kinds[0] if context.kinds else "论述"
        dialog = AddPhraseDialog(self, text, kind, self.files.draft.speech_type)
        if dialog.exec():
            v = dialog.values()
            self.runner.run(
                lambda: bank.add_unit(v.text, v.kind, tags=v.tags, speech_type=v.speech_type),
                self._phrase_added,
                self._error,
            )

    def _phrase_added(self, record: UnitRecord) -> None:
        self.show_message(f"已加入素材库：{record.text[:20]}")
        self.phrases.request_search()
        self.bank_session.recount()
        if self.bank_window is not None:
            self.bank_window.refresh()

    def show_bank_window(self) -> None:
        from desktop.ui.bank_window import BankWindow

        if self.bank_window is None:
            self.bank_window = BankWindow(self.runner, self.paths, self)
            self.bank_window.bank_changed.connect(self.phrases.request_search)
            self.bank_window.bank_changed.connect(self.bank_session.recount)
            self._place_bank_window(self.bank_window)
            if self.bank_session.team_url:
                self.bank_window.add_team_buttons(
                    self._propose_units, self.show_team_dialog, lambda: self.bank_session.team
                )
        if self.bank is not None:
            self.bank_window.set_bank(self.bank)
        self.bank_window.show()
        self.bank_window.raise_()
        self.bank_window.activateWindow()

    # ---------------------------------------------------------------- checks
    def run_checks(self) -> None:
        """检查 (F5): check the draft and show the findings; they follow every edit from now on."""
        self.reparse()
        findings = self._refresh_checks()
        if not self.checks_dock.isVisible():
            self.checks_dock.show()
            self.resizeDocks([self.checks_dock], [170], Qt.Orientation.Vertical)
        self.checks_dock.raise_()
        if findings:
            self.checks.list.setFocus()
            self.checks.list.setCurrentRow(0)

    def _refresh_checks(self) -> list[checks.Finding]:
        speech = self.speech
        findings = checks.check(speech, writer=Writer.of_settings(self.settings))
        summary = checks.summarize(speech.paragraphs, speed=self.settings.speaking_speed, findings=findings)
        self.checks.show_findings(findings, summary.line(), lambda p: outline_ops.section_place(speech, p))
        return findings

    # ---------------------------------------------------------------- export and settings
    def export_dialog(self) -> None:
        from desktop.ui.export_dialog import ExportDialog

        if not self._slots_answered():
            return
        dialog = ExportDialog(self.runner, self.settings, self.draft_name(), self)
        dialog.set_paragraphs(self.editor.paragraphs())
        dialog.exec()

    def _slots_answered(self) -> bool:
        """Before an export: name the open slots (【待填】【地名】…) and let the writer export anyway
        or go to the first; False when the export should not go ahead."""
        self.reparse()
        speech = self.speech
        slots = [(i, m) for i, text in enumerate(speech.paragraphs) for m in SLOT_RE.finditer(text)]
        if not slots:
            return True
        shown = [f"· {outline_ops.section_place(speech, i)}：{m.group(0)}" for i, m in slots[:OPEN_SLOTS_LISTED]]
        if len(slots) > OPEN_SLOTS_LISTED:
            shown.append(f"……另有 {len(slots) - OPEN_SLOTS_LISTED} 处")
        box = QMessageBox(
            QMessageBox.Icon.Warning,
            "导出讲稿",
            f"讲稿中还有 {len(slots)} 处空位没有填写，导出后会原样留在文件里：\n\n" + "\n".join(shown),
            parent=self,
        )
        export = box.addButton("仍然导出", QMessageBox.ButtonRole.AcceptRole)
        first = box.addButton("转到第一处", QMessageBox.ButtonRole.ActionRole)
        box.addButton("取消", QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(first)
        box.exec()
        clicked = box.clickedButton()
        if clicked is first:
            paragraph, found = slots[0]
            self.show_editor()
            self.editor.go_to(paragraph, found.start(), found.end())
        return clicked is export

    def settings_dialog(self) -> None:
        from desktop.ui.settings_dialog import SettingsDialog

        dialog = SettingsDialog(self.settings, self.paths, self, runner=self.runner)
        try:
            if not dialog.exec():
                return
            dialog.apply()
            self.files.save_settings()
            self.apply_settings()
            self.bank_session.set_team_url(self.settings.team_url, dialog.team_password)
            if dialog.new_data_dir and Path(dialog.new_data_dir) != self.paths.root:
                self._move_data_folder(Path(dialog.new_data_dir))
        finally:
            # Deleted here, on the GUI thread: a dialog left to the garbage collector may be
            # collected on a pool thread, and its deletion then crashed the window (PySide 6.11).
            dialog.deleteLater()

    def _move_data_folder(self, folder: Path) -> None:
        from desktop.infra.paths import default_data_dir
        from desktop.infra.settings import write_data_location

        try:
            write_data_location(default_data_dir(), folder)
        except (OSError, UserError) as err:
            QMessageBox.warning(self, APP_TITLE, f"无法记住新的数据文件夹：{err}")
            return
        QMessageBox.information(
            self,
            APP_TITLE,
            f"下次启动时将使用新的数据文件夹：\n{folder}\n"
            "现有的素材库和草稿不会自动搬过去，如需沿用请先把它们复制到新文件夹。",
        )

    def apply_settings(self) -> None:
        self.editor.setFont(editor_font(self.settings.editor_font or None, self.settings.editor_font_size))
        self.editor.document().setDefaultFont(self.editor.font())
        self._autosave_timer.setInterval(max(2, self.settings.autosave_seconds) * 1000)
        self.highlighter.rehighlight()
        self._update_counts()

    # ---------------------------------------------------------------- the window itself
    def restore_session(self, qsettings: QSettings) -> bool:
        """Geometry and dock layout of the last session; False when there was none."""
        geometry = qsettings.value("geometry")
        state = qsettings.value("state")
        restored = isinstance(geometry, QByteArray) and self.restoreGeometry(geometry)
        if isinstance(state, QByteArray):
            self.restoreState(state)
        self._geometry_restored = restored
        return restored

    def _place_bank_window(self, bank_window: QWidget) -> None:
        """Where the bank window was last time, else large over the main window: a table of
        phrases wants the room (at least 1100 × 700 where the screen has it, 80 % of a big one)."""
        geometry = window_settings(self.paths).value("bank_window/geometry")
        if isinstance(geometry, QByteArray) and bank_window.restoreGeometry(geometry):
            return
        screen = self.screen() or QApplication.primaryScreen()
        if screen is None:
            return
        area = screen.availableGeometry()
        width = min(area.width(), max(1100, int(area.width() * 0.8)))
        height = min(area.height(), max(700, int(area.height() * 0.8)))
        bank_window.resize(width, height)
        bank_window.move(area.center().x() - width // 2, area.center().y() - height // 2)

    def show_window(self) -> None:
        """Show as office programs do: at the last session's geometry, else large (maximised)."""
        if self._geometry_restored:
            self.show()
            return
        screen = self.screen() or QApplication.primaryScreen()
        if screen is not None:
            area = screen.availableGeometry()
            self.resize(int(area.width() * 0.9), int(area.height() * 0.9))
            self.move(area.center() - self.rect().center())
        self.showMaximized()

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self.files.maybe_save(self.speech.title):
            event.ignore()
            return
        self._autosave_timer.stop()
        qsettings = window_settings(self.paths)
        qsettings.setValue("geometry", self.saveGeometry())
        qsettings.setValue("state", self.saveState())
        if self.bank_window is not None:
            qsettings.setValue("bank_window/geometry", self.bank_window.saveGeometry())
        qsettings.sync()
        self.files.close()
        self.runner.shutdown()  # before the bank closes: no job left on it, no callback after
        if self.bank_window is not None:
            self.bank_window.close()
        self.bank_session.close()
        event.accept()

    def show_message(self, text: str) -> None:
        self.statusBar().showMessage(text, 8000)

    def _error(self, exc: BaseException) -> None:
        QMessageBox.warning(self, APP_TITLE, str(exc))

    def _focus_phrase_search(self) -> None:
        self.phrase_dock.show()
        self.phrases.search_box.setFocus()
        self.phrases.search_box.selectAll()

    def _focus_outline(self) -> None:
        self.outline_dock.show()
        self.outline.setFocus()

    def _edit_command(self, name: str) -> None:
        """剪切/复制/粘贴/全选 on the widget being typed in (the editor, a search box …)."""
        focus = QApplication.focusWidget()
        target = focus if focus is not None and callable(getattr(focus, name, None)) else self.editor
        getattr(target, name)()

    def _fill_recent_menu(self) -> None:
        menu = self.main_actions.recent_menu
        menu.clear()
        recent = self.files.recent()
        for n, path in enumerate(recent, 1):
            action = menu.addAction(f"&{n} {path.stem.replace('&', '&&')}")
            action.setToolTip(str(path))
            action.setStatusTip(str(path))
            action.triggered.connect(partial(self.files.open_recent, path))
        if recent:
            menu.addSeparator()
            menu.addAction("清除列表").triggered.connect(self.files.forget_recent)
        else:
            menu.addAction("（没有最近打开的讲稿）").setEnabled(False)

    def _guide(self) -> None:
        QMessageBox.information(
            self,
            "使用入门",
            "1. 新建讲稿（Ctrl+N）：选择讲话类型、结构和主题词，生成骨架或一键成稿。\n"
            "2. 写作：左侧提纲随正文变化，可拖动或用 Alt+Shift+方向键调整各节；"
            "右侧素材随光标位置推荐，回车或双击插入。\n"
            "3. 空位：【待填】【地名】等用 Tab / Shift+Tab 逐个跳转填写。\n"
            "4. 检查（F5）：序号、空位、标点、重复，点击结果转到原处。\n"
            "5. 导出（Ctrl+E）：按 GB/T 9704 版式导出 Word 文件。\n"
            "6. 素材库（Ctrl+B）：导入自己积累的讲话稿，搜索、编辑、收藏素材。",
        )

    def _shortcuts(self) -> None:
        QMessageBox.information(self, "快捷键一览", "\n".join(self.main_actions.shortcut_lines()))

    def _about(self) -> None:
        from desktop import __version__

        QMessageBox.about(self, "关于讲稿助手", f"讲稿助手 {__version__}\n离线起草讲话稿：结构、素材、检查、导出。")


def window_settings(paths: DataPaths) -> QSettings:
    """Window geometry only, in an ini in the data folder (the writer's settings are JSON)."""
    return QSettings(str(paths.root / "window.ini"), QSettings.Format.IniFormat)
