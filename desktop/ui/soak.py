"""A soak of the real window: a writer's steps, thousands of them, in a seeded random order.

`speechdraft --soak STEPS [--soak-seed N]` starts the window as usual and, once the bank is open,
drives it: typing, cursor moves through the sections, phrase searches while typing, inserts,
outline moves and undo, opening and creating drafts, the settings dialog, the bank window,
checks and exports, with the runner's background jobs finishing in between. It prints one JSON
line (steps done, steps by kind, errors, seconds, and on CPython < 3.12 how far the reference
count of None fell) and exits 0 when nothing went wrong. It checks an installation (the frozen
bundle's smoke test runs it) as tests/ui/test_soak.py checks a checkout; faulthandler is on, so a
crash in the binding leaves a traceback.

Input goes in as Qt events sent to the widgets (key presses with their text, mouse presses and
releases on the item under the pointer), so no test library is needed in the bundle; actions
with a shortcut are triggered as the shortcut map would trigger them.
"""

from __future__ import annotations

import json
import random
import sys
import time
import traceback
from collections import Counter
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QEventLoop, QPoint, QPointF, Qt, QTimer
from PySide6.QtGui import QKeyEvent, QMouseEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QCheckBox,
    QDialog,
    QFileDialog,
    QLineEdit,
    QMessageBox,
    QRadioButton,
    QWidget,
)

from desktop.core.compose import skeleton
from desktop.core.draft import save_draft
from desktop.ui.gui_gc import watch_collections

if TYPE_CHECKING:
    from desktop.ui.main_window import MainWindow

Key = Qt.Key
Mod = Qt.KeyboardModifier
LEVEL_WARMUP, LEVEL_CYCLES = 20, 200
MODAL_TIMEOUT_S = 20.0  # a dialog the soak opened and could not finish is closed after this
TOPICS = ("安全生产", "作风建设", "乡村振兴", "主题教育", "基层减负", "营商环境", "生态环保")
TYPED = (
    "要坚持问题导向，把工作抓实抓细。",
    "各级党组织要切实担负起主体责任",
    "全县共有【数字】个乡镇，",
    "四、强化组织保障",
    "（二）压实工作责任。",
    "一是加强统筹。二是狠抓落实。",
    "同志们，",
    "让我们团结一心、真抓实干！",
)
QUERIES = ("主题教育", "担当", "作风", "调查研究", "安全", "高质量发展", "zz")


@dataclass
class SoakReport:
    """What a soak did."""

    steps: int
    seed: int
    seconds: float = 0.0
    counts: dict[str, int] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    none_refcount_drop: int | None = None  # CPython < 3.12 only: None is immortal from 3.12 on
    # The same, over LEVEL_CYCLES repeats of one edit-and-undo cycle once caches are warm: a sound
    # binding keeps it level (new objects holding None blur the whole run's figure above).
    none_refcount_drop_level: int | None = None
    # Cycle collections that started on a pool thread (ui/gui_gc.py keeps them on the GUI thread).
    collections_off_gui_thread: int = 0
    longest_collection_ms: float = 0.0

    def to_json(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False)


# ---------------------------------------------------------------- input as events


def pump(ms: int = 0) -> None:
    """Let the event loop run for ms milliseconds (at least once): runner callbacks arrive here."""
    if ms <= 0:
        QApplication.processEvents()
        return
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def press(widget: QWidget, key: Key, modifiers: Mod = Mod.NoModifier, text: str = "") -> None:
    for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
        QApplication.sendEvent(widget, QKeyEvent(kind, key, modifiers, text))


def type_text(widget: QWidget, text: str, between: Callable[[], None] | None = None) -> None:
    for ch in text:
        press(widget, Key.Key_unknown, Mod.NoModifier, ch)
        if between is not None:
            between()


def click(widget: QWidget, at: QPoint | None = None, *, double: bool = False) -> None:
    """A left click (or double click) where a writer would press the mouse: the middle of a
    widget, the box of a check box or radio button (their label may end well before their edge)."""
    if at is None:
        rect = widget.rect()
        boxed = isinstance(widget, QCheckBox | QRadioButton)
        at = QPoint(min(8, rect.width() // 2), rect.height() // 2) if boxed else rect.center()
    where = QPointF(at)
    glob = QPointF(widget.mapToGlobal(where.toPoint()))
    left, none = Qt.MouseButton.LeftButton, Qt.MouseButton.NoButton
    kinds = [QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonRelease]
    if double:
        kinds += [QEvent.Type.MouseButtonDblClick, QEvent.Type.MouseButtonRelease]
    for kind in kinds:
        buttons = none if kind == QEvent.Type.MouseButtonRelease else left
        QApplication.sendEvent(widget, QMouseEvent(kind, where, glob, left, buttons, Mod.NoModifier))


def click_row(view: QAbstractItemView, row: int, *, double: bool = False) -> bool:
    model = view.model()
    if model is None or not 0 <= row < model.rowCount():
        return False
    index = model.index(row, 0)
    view.scrollTo(index)
    rect = view.visualRect(index)
    if not rect.isValid():
        return False
    click(view.viewport(), rect.center(), double=double)
    return True


def button_with_text(widget: QWidget, text: str) -> QAbstractButton | None:
    for b in widget.findChildren(QAbstractButton):
        if b.text().replace("&", "") == text and b.isVisible() and b.isEnabled():
            return b
    return None


# ---------------------------------------------------------------- the soak


class Soak:
    """Drives one main window for a number of steps."""

    def __init__(self, window: MainWindow, steps: int, seed: int, workdir: Path) -> None:
        self.window = window
        self.rng = random.Random(seed)
        self.report = SoakReport(steps, seed)
        self.workdir = workdir
        self.counts: Counter[str] = Counter()
        self.drafts = self._write_drafts()
        self._step = 0  # which step is running: a question asked only sometimes belongs to one step
        self.step_kinds: list[tuple[Callable[[], None], int]] = [
            (self.type_in_editor, 14),
            (self.move_cursor, 10),
            (self.click_outline, 6),
            (self.search_while_typing, 8),
            (self.insert_phrase, 6),
            (self.move_section, 6),
            (self.undo_redo, 8),
            (self.jump_slot, 3),
            (self.run_checks, 3),
            (self.wait_for_jobs, 4),
            (self.open_draft, 2),
            (self.new_draft, 1),
            (self.settings_dialog, 1),
            (self.bank_window, 1),
            (self.export, 1),
        ]

    # ---- running ----
    def run(self) -> SoakReport:
        errors = self.report.errors
        previous_hook = sys.excepthook

        def hook(kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
            errors.append("".join(traceback.format_exception(kind, exc, tb))[-2000:])

        sys.excepthook = hook  # an exception in a slot lands here, not in the step that caused it
        started = time.perf_counter()
        kinds, weights = zip(*self.step_kinds, strict=True)
        try:
            self.window.files.open_path(self.drafts[0])
            pump(50)
            collections = watch_collections()
            before = sys.getrefcount(None)
            # Each kind once first, in a shuffled order, then at random by weight: a rare kind (1
            # in 74) would otherwise miss a short soak for some seeds, and which seeds depended on
            # the bank's content through every step's own draws.
            first = list(kinds)
            self.rng.shuffle(first)
            for n in range(self.report.steps):
                step = first[n] if n < len(first) else self.rng.choices(kinds, weights)[0]
                self._step += 1
                self.counts[step.__name__] += 1
                try:
                    step()
                except Exception:  # noqa: BLE001 - a failed step is reported, the soak goes on
                    errors.append(traceback.format_exc()[-2000:])
                pump(self.rng.choice((0, 0, 0, 5, 20, 60)))
            self.wait_for_jobs()
            self.report.collections_off_gui_thread = collections.off_gui_thread
            self.report.longest_collection_ms = round(collections.longest_ms, 1)
            if sys.version_info < (3, 12):
                self.report.none_refcount_drop = before - sys.getrefcount(None)
                self.report.none_refcount_drop_level = self.level_check()
        finally:
            sys.excepthook = previous_hook
        self.report.seconds = round(time.perf_counter() - started, 1)
        self.report.counts = dict(sorted(self.counts.items()))
        return self.report

    def _write_drafts(self) -> list[Path]:
        folder = self.workdir / "soak-drafts"
        folder.mkdir(parents=True, exist_ok=True)
        paths = []
        for n, (type_name, topic) in enumerate(
            [("动员部署讲话", "安全生产"), ("研讨发言", "作风建设"), ("全会讲话", "乡村振兴"), ("交流发言", "主题教育")]
        ):
            draft = skeleton(type_name, None, [topic], 2500)
            draft.paragraphs = [p.replace("【待填】", TYPED[n % 3], 1) for p in draft.paragraphs]
            paths.append(save_draft(draft, folder / f"稿{n}.sdraft"))
        return paths

    def level_check(self) -> int:
        """How far the count of None falls over LEVEL_CYCLES identical cycles of typing a heading,
        re-parsing (highlighter, outline, phrase context) and undoing it."""
        window, editor = self.window, self.window.editor

        def cycle() -> None:
            editor.setFocus()
            press(editor, Key.Key_End, Mod.ControlModifier)
            press(editor, Key.Key_Return)
            type_text(editor, "五、加强组织领导。")
            window.reparse()
            press(editor, Key.Key_Z, Mod.ControlModifier)
            window.reparse()
            pump(0)

        for _ in range(LEVEL_WARMUP):
            cycle()
        before = sys.getrefcount(None)
        for _ in range(LEVEL_CYCLES):
            cycle()
        return before - sys.getrefcount(None)

    # ---- modal dialogs ----
    def when_modal(self, kind: type[QWidget], act: Callable[[QWidget], None], *, expected: bool = True) -> None:
        """Run act(dialog) once a modal dialog of that kind comes up during this step.

        An expected dialog that does not come up is an error; an unexpected one (a question
        asked only sometimes) is simply not waited for once the step is over."""
        started = time.monotonic()
        step = self._step

        def look() -> None:
            widget = QApplication.activeModalWidget()
            if isinstance(widget, kind):
                act(widget)
                return
            if self._step != step and not expected:
                return
            if time.monotonic() - started > MODAL_TIMEOUT_S:
                if expected:
                    self.report.errors.append(f"no {kind.__name__} came up within {MODAL_TIMEOUT_S:.0f} s")
                return
            QTimer.singleShot(10, look)

        QTimer.singleShot(0, look)

    def answer_boxes(self, text: str) -> None:
        """A message box that comes up during this step is answered with the button `text`."""

        def answer(box: QWidget) -> None:
            assert isinstance(box, QMessageBox)
            button = button_with_text(box, text) or box.defaultButton() or box.buttons()[0]
            click(button)

        self.when_modal(QMessageBox, answer, expected=False)

    def finish_modal_later(self, dialog: QDialog) -> None:
        """A watchdog: reject a dialog still open after MODAL_TIMEOUT_S (counted as an error)."""

        def check() -> None:
            if dialog.isVisible():
                self.report.errors.append(f"{type(dialog).__name__} still open after {MODAL_TIMEOUT_S:.0f} s")
                dialog.reject()

        QTimer.singleShot(int(MODAL_TIMEOUT_S * 1000), check)

    # ---- steps ----
    def type_in_editor(self) -> None:
        editor = self.window.editor
        click(editor.viewport(), self._random_point(editor.viewport()))
        text = self.rng.choice(TYPED)
        type_text(editor, text[: self.rng.randint(1, len(text))])
        if self.rng.random() < 0.3:
            press(editor, Key.Key_Return)
        if self.rng.random() < 0.2:
            for _ in range(self.rng.randint(1, 6)):
                press(editor, Key.Key_Backspace)

    def move_cursor(self) -> None:
        editor = self.window.editor
        editor.setFocus()
        key, mod = self.rng.choice(
            [
                (Key.Key_Down, Mod.NoModifier),
                (Key.Key_Up, Mod.NoModifier),
                (Key.Key_PageDown, Mod.NoModifier),
                (Key.Key_PageUp, Mod.NoModifier),
                (Key.Key_End, Mod.NoModifier),
                (Key.Key_Home, Mod.ControlModifier),
                (Key.Key_End, Mod.ControlModifier),
                (Key.Key_Right, Mod.ShiftModifier),
            ]
        )
        for _ in range(self.rng.randint(1, 5)):
            press(editor, key, mod)

    def click_outline(self) -> None:
        outline = self.window.outline
        items = outline.heading_texts()
        if not items:
            return
        k = self.rng.randrange(len(items))
        item = outline.item_for_heading(k)
        outline.scrollToItem(item)
        click(outline.viewport(), outline.visualItemRect(item).center())

    def search_while_typing(self) -> None:
        box = self.window.phrases.search_box
        click(box)
        box.selectAll()
        press(box, Key.Key_Backspace)
        if self.rng.random() < 0.25:
            return  # an empty box: the panel follows the cursor again
        query = self.rng.choice(QUERIES)
        type_text(box, query, between=lambda: pump(self.rng.choice((0, 10, 40, 150))))

    def insert_phrase(self) -> None:
        panel = self.window.phrases
        if panel.list.count() == 0:
            return
        if click_row(panel.list, self.rng.randrange(panel.list.count())):
            if self.rng.random() < 0.5:
                press(panel.list, Key.Key_Return)
            elif panel.insert_button.isEnabled():
                click(panel.insert_button)
        if self.rng.random() < 0.2 and panel.star_button.isEnabled():
            click(panel.star_button)

    def move_section(self) -> None:
        outline = self.window.outline
        items = outline.heading_texts()
        if not items:
            return
        item = outline.item_for_heading(self.rng.randrange(len(items)))
        outline.scrollToItem(item)
        click(outline.viewport(), outline.visualItemRect(item).center())
        outline.setFocus()
        key = self.rng.choice((Key.Key_Up, Key.Key_Down, Key.Key_Left, Key.Key_Right))
        press(outline, key, Mod.AltModifier)

    def undo_redo(self) -> None:
        editor = self.window.editor
        editor.setFocus()
        redo = self.rng.random() < 0.3
        for _ in range(self.rng.randint(1, 3)):
            press(editor, Key.Key_Y if redo else Key.Key_Z, Mod.ControlModifier)

    def jump_slot(self) -> None:
        editor = self.window.editor
        editor.setFocus()
        press(editor, Key.Key_Backtab if self.rng.random() < 0.3 else Key.Key_Tab)
        if self.rng.random() < 0.5:
            type_text(editor, self.rng.choice(("12", "城关镇", "全面")))

    def run_checks(self) -> None:
        self.window.main_actions.check.trigger()
        checks = self.window.checks.list
        if checks.count():
            click_row(checks, self.rng.randrange(checks.count()))

    def wait_for_jobs(self) -> None:
        deadline = time.monotonic() + 15
        while self.window.runner.busy and time.monotonic() < deadline:
            pump(10)
        pump(0)

    def open_draft(self) -> None:
        path = self.rng.choice(self.drafts)
        self.answer_boxes("不保存")  # unsaved changes: the soak never keeps them

        def choose(dialog: QWidget) -> None:
            assert isinstance(dialog, QFileDialog)
            name = dialog.findChild(QLineEdit, "fileNameEdit")
            if name is None:
                dialog.reject()
                return
            name.setText(str(path))
            press(name, Key.Key_Return)

        self.when_modal(QFileDialog, choose)
        self.window.main_actions.open_draft.trigger()
        if self.window.files.path != path:
            self.report.errors.append(f"opening {path.name} through 打开 left {self.window.files.path} open")

    def new_draft(self) -> None:
        from desktop.ui.new_draft_dialog import NewDraftDialog

        self.answer_boxes("不保存")

        def fill(dialog: QWidget) -> None:
            assert isinstance(dialog, NewDraftDialog)
            self.finish_modal_later(dialog)
            for _ in range(self.rng.randint(0, 3)):
                press(dialog.type_box, Key.Key_Down)
            click(dialog.topic_edit)
            dialog.topic_edit.selectAll()
            type_text(dialog.topic_edit, self.rng.choice(TOPICS))
            pump(100)
            ok = button_with_text(dialog, "创建")
            if ok is not None:
                click(ok)
            else:
                dialog.reject()

        self.when_modal(NewDraftDialog, fill)
        self.window.main_actions.new_draft.trigger()

    def settings_dialog(self) -> None:
        from desktop.ui.settings_dialog import SettingsDialog

        def fiddle(dialog: QWidget) -> None:
            assert isinstance(dialog, SettingsDialog)
            self.finish_modal_later(dialog)
            pump(self.rng.choice((0, 50, 200)))  # the font check runs on the runner meanwhile
            press(dialog.speed_box, self.rng.choice((Key.Key_Up, Key.Key_Down)))
            keep = self.rng.random() < 0.5
            button = button_with_text(dialog, "确定" if keep else "取消")
            if button is not None:
                click(button)
            else:
                dialog.reject()

        self.when_modal(SettingsDialog, fiddle)
        self.window.main_actions.settings.trigger()

    def bank_window(self) -> None:
        self.window.main_actions.bank_window.trigger()
        bank_window = self.window.bank_window
        if bank_window is None:
            return
        pump(self.rng.choice((0, 30, 120)))
        click(bank_window.search_box)
        type_text(bank_window.search_box, self.rng.choice(QUERIES), between=lambda: pump(self.rng.choice((0, 20))))
        pump(self.rng.choice((0, 50, 200)))
        if bank_window.model.rowCount():
            click_row(bank_window.table, self.rng.randrange(min(20, bank_window.model.rowCount())))
        bank_window.search_box.clear()
        bank_window.close()

    def export(self) -> None:
        from desktop.ui.export_dialog import ExportDialog

        suffix = self.rng.choice((".docx", ".docx", ".txt", ".md"))
        target = self.workdir / "soak-exports" / f"导出{self.counts['export']}{suffix}"
        target.parent.mkdir(parents=True, exist_ok=True)
        self.answer_boxes("仍然导出")  # open slots are expected in a soak's draft

        def fill(dialog: QWidget) -> None:
            assert isinstance(dialog, ExportDialog)
            self.finish_modal_later(dialog)
            if dialog.open_after.isChecked():
                click(dialog.open_after)
            dialog.format_box.setCurrentIndex(dialog.format_box.findData(suffix))
            dialog.path_edit.setText(str(target))
            button = button_with_text(dialog, "导出")
            if button is not None:
                click(button)  # the dialog closes itself once the file is written
            else:
                dialog.reject()

        self.when_modal(ExportDialog, fill)
        self.window.main_actions.export.trigger()
        if not target.is_file():
            self.report.errors.append(f"导出 wrote no {target.name}")

    def _random_point(self, widget: QWidget) -> QPoint:
        rect = widget.rect()
        return QPoint(self.rng.randrange(max(1, rect.width())), self.rng.randrange(max(1, rect.height())))


def run_soak(window: MainWindow, steps: int, seed: int, workdir: Path) -> SoakReport:
    """Drive the window for `steps` steps (the bank must be open) and say what happened."""
    return Soak(window, steps, seed, workdir).run()
