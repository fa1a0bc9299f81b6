"""Fixtures for the window tests: the default bank built once per session through a real first
start, copied into each test's own data folder; helpers to answer message boxes."""

from __future__ import annotations

import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from ui_helpers import wait_bank

from desktop.infra.paths import data_paths


@dataclass
class FirstStart:
    bank_file: Path
    labels_while_loading: list[str] = field(default_factory=list)
    progress_seen: list[tuple[int, int]] = field(default_factory=list)
    title_at_show: str = ""
    ready_label: str = ""
    phrase_label_while_loading: str = ""


@pytest.fixture(scope="session")
def first_start(tmp_path_factory: pytest.TempPathFactory, qapp) -> FirstStart:
    """A first start in an empty data folder: the window shows, then builds the bank from the seeds."""
    from desktop.ui.main import build_window

    paths = data_paths(tmp_path_factory.mktemp("first-start"))
    window = build_window(paths)
    window.show()
    seen = FirstStart(paths.bank, title_at_show=window.windowTitle())
    window.progress.valueChanged.connect(lambda v: seen.progress_seen.append((v, window.progress.maximum())))
    QApplication.processEvents()
    seen.labels_while_loading.append(window.bank_label.text())
    seen.phrase_label_while_loading = window.phrases.context_label.text()
    deadline = time.monotonic() + 120
    while window.bank is None and time.monotonic() < deadline:
        QApplication.processEvents()
        time.sleep(0.01)
        if window.bank_label.text() not in seen.labels_while_loading:
            seen.labels_while_loading.append(window.bank_label.text())
    QApplication.processEvents()
    seen.ready_label = window.bank_label.text()
    window.editor.document().setModified(False)
    window.close()
    window.deleteLater()
    return seen


@pytest.fixture
def ui_paths(data_dir: Path, first_start: FirstStart):
    """This test's data folder, holding a copy of the session's default bank."""
    paths = data_paths(data_dir).ensure()
    shutil.copy2(first_start.bank_file, paths.bank)
    return paths


@pytest.fixture
def make_window(ui_paths):
    """Start windows on this test's data folder; each is closed at the end without questions."""
    from desktop.ui.main import build_window

    made = []

    def make(**options):
        win = build_window(ui_paths, **options)
        made.append(win)
        return win

    yield make
    for win in made:
        win.editor.document().setModified(False)  # a failed test must not leave a save question open
        win.close()
        win.deleteLater()


@pytest.fixture
def window(qtbot, make_window):
    """A started main window with the bank loaded."""
    win = make_window(restore_last=False, offer_recovery=False)
    win.resize(1300, 850)
    win.show()
    # Nothing open yet: the start page; the writer begins a blank draft as they would.
    qtbot.mouseClick(win.start_page.blank_button, Qt.MouseButton.LeftButton)
    wait_bank(qtbot, win)
    return win


@pytest.fixture(scope="module", autouse=True)
def gui_thread_collection(qapp):
    """As in the app (ui/main.make_application): cycles are collected on the GUI thread only, so
    a pool thread of a test's runner never destroys Qt objects; given back after each module."""
    from desktop.ui import gui_gc

    collector = gui_gc.install(qapp)
    yield collector
    gui_gc.uninstall()
