"""Start the window. `desktop.app` calls run_gui(args) when no subcommand is given.

The window shows first with the last draft (or a recovery offer); the bank and jieba load
afterwards through the runner. SPEECHDRAFT_STARTUP_TRACE=file appends the moments the window
was shown and the bank was ready (time.time()), for measuring start time from outside.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path
from typing import IO

from PySide6.QtCore import QTimer, QTranslator
from PySide6.QtGui import QFont, QIcon
from PySide6.QtWidgets import QApplication

from desktop.infra.paths import DataPaths, data_paths, resource_path
from desktop.infra.settings import AppSettings, read_data_location
from desktop.ui import gui_gc
from desktop.ui.main_window import MainWindow, window_settings
from desktop.ui.translations import install_chinese

CRASH_LOG = "crash.log"
_CRASH_LOGS: list[IO[str]] = []  # faulthandler writes to the file's descriptor: keep it open
_TRANSLATORS: list[QTranslator] = []  # Qt's Chinese catalogues, installed once per process

UI_FONT_FAMILIES = [
    "Microsoft YaHei UI",
    "Microsoft YaHei",
    "PingFang SC",
    "Noto Sans CJK SC",
    "Source Han Sans SC",
    "WenQuanYi Micro Hei",
]


def trace(event: str) -> None:
    target = os.environ.get("SPEECHDRAFT_STARTUP_TRACE")
    if target:
        with open(target, "a", encoding="utf-8") as out:
            out.write(f"{event} {time.time():.4f}\n")


def parse_gui_args(args: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="speechdraft")
    parser.add_argument("--data-dir")
    # An installation check: drive the window for this many steps, print a JSON summary, exit.
    parser.add_argument("--soak", type=int, default=0)
    parser.add_argument("--soak-seed", type=int, default=1)
    parser.add_argument("file", nargs="?")
    ns, _unknown = parser.parse_known_args(args)
    return ns


def make_application(argv: list[str] | None = None) -> QApplication:
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(argv or [sys.argv[0]])
    app.setApplicationName("讲稿助手")
    app.setOrganizationName("speechdraft")
    app.setDesktopFileName("speechdraft")  # matches packaging/linux/speechdraft.desktop
    icon = resource_path("icons", "speechdraft-256.png")
    if icon.exists():
        app.setWindowIcon(QIcon(str(icon)))
    if not _TRANSLATORS:
        _TRANSLATORS.extend(install_chinese(app))
    gui_gc.install(app)  # cycles that hold Qt objects are freed on the GUI thread, never a pool thread
    font = QFont(app.font())
    font.setFamilies(UI_FONT_FAMILIES + [app.font().family()])
    app.setFont(font)
    return app


def build_window(
    paths: DataPaths, *, restore_last: bool = True, offer_recovery: bool = True, load_bank: bool = True
) -> MainWindow:
    """The main window as a start leaves it: layout, last draft or recovered text, bank loading."""
    paths.ensure()
    settings = AppSettings.load(paths.settings)
    window = MainWindow(paths, settings)
    if settings.notes:  # bad values fell back to their defaults (infra.settings): say so
        notes = "；".join(settings.notes)
        QTimer.singleShot(0, lambda: window.statusBar().showMessage(notes, 20_000))
    window.restore_session(window_settings(paths))
    recovery = window.autosave.find() if offer_recovery else None
    if recovery is not None:
        QTimer.singleShot(0, lambda: window.files.offer_recovery(recovery))
    opened = False
    if restore_last and recovery is None and settings.last_draft and Path(settings.last_draft).is_file():
        opened = window.files.open_path(Path(settings.last_draft), paragraph=settings.last_paragraph)
    if not opened:
        window.show_start_page()  # nothing to go on with: new, open, blank, import or a recent draft
    if load_bank:
        QTimer.singleShot(0, window.start_loading_bank)
    return window


def start_paths(data_dir: str | None) -> DataPaths:
    """The data folder of this start: --data-dir, else the one chosen in 设置, else the default."""
    if data_dir:
        return data_paths(Path(data_dir))
    paths = data_paths()
    moved = read_data_location(paths.root)
    return data_paths(moved) if moved is not None else paths


def run_gui(args: list[str]) -> int:
    ns = parse_gui_args(args)
    if ns.data_dir:
        os.environ["SPEECHDRAFT_DATA_DIR"] = ns.data_dir
    app = make_application()
    paths = start_paths(ns.data_dir)
    keep_crash_traces(paths, to_stderr=ns.soak > 0)
    if ns.soak > 0:
        return soak_gui(app, paths, ns.soak, ns.soak_seed)
    window = build_window(paths)
    if ns.file:
        window.files.open_path(Path(ns.file))
    window.show_window()
    QTimer.singleShot(0, lambda: trace("shown"))
    window.bank_opened.connect(lambda: trace("bank_ready"))
    return app.exec()


def soak_gui(app: QApplication, paths: DataPaths, steps: int, seed: int) -> int:
    """Start the window on `paths`, drive it for `steps` steps once the bank is open (ui/soak.py),
    print the summary as one JSON line; exit 0 when no step failed."""
    from desktop.ui.soak import run_soak

    window = build_window(paths, restore_last=False, offer_recovery=False)
    window.resize(1280, 800)
    window.show()
    outcome: list[int] = []

    def drive() -> None:
        report = run_soak(window, steps, seed, paths.root)
        print(report.to_json(), flush=True)
        window.files.autosave.close()
        window.editor.document().setModified(False)  # the soak's edits are not kept
        window.close()
        outcome.append(0 if not report.errors else 1)
        app.quit()

    window.bank_opened.connect(lambda: QTimer.singleShot(0, drive))
    window.bank_session.failed.connect(lambda _exc: app.quit())
    app.exec()
    return outcome[0] if outcome else 2


def keep_crash_traces(paths: DataPaths, *, to_stderr: bool = False) -> None:
    """Have faulthandler write where the program was if it dies in native code (the window just
    vanishes otherwise): to crash.log in the data folder, which a writer can send to whoever
    looks after the machine; to stderr for a soak, whose caller reads it."""
    import faulthandler

    if to_stderr and sys.stderr is not None:
        faulthandler.enable(sys.stderr)
        return
    try:
        paths.root.mkdir(parents=True, exist_ok=True)
        log = open(paths.root / CRASH_LOG, "a", encoding="utf-8")  # noqa: SIM115 - open for the process's life
    except OSError:
        return  # no trace is better than no start
    _CRASH_LOGS.append(log)
    faulthandler.enable(log)
