"""Python's cycle collector runs on the GUI thread only.

CPython collects reference cycles on whichever thread happens to allocate past the threshold.
While the runner's pool threads do bank work (thousands of rows become records), that is often a
pool thread, and a cycle that holds a Qt wrapper (a closure over a widget, a relay and its
callbacks) is then destroyed there: Qt objects deleted off their own thread while the GUI thread
paints them. The 2,000-step soak died that way, with a SIGSEGV in a pool thread inside SQLAlchemy
while the GUI thread was in `UnitTableModel.data`.

So, as Anki and other PyQt/PySide programs do, automatic collection is switched off while the
window runs and a timer on the GUI thread collects instead, by the same thresholds CPython would
use, so memory behaves as before. Reference counting still frees everything that is not in a
cycle at once, on any thread; only cycles wait for the next tick.
"""

from __future__ import annotations

import gc
import threading
import time
from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication, QObject, QTimer

INTERVAL_MS = 100  # 10 checks a second: a gen-0 collection costs well under a millisecond


class GuiThreadCollector(QObject):
    """Owns the timer that collects cycles on the GUI thread while automatic collection is off."""

    def __init__(self, parent: QObject, interval_ms: int = INTERVAL_MS) -> None:
        super().__init__(parent)
        self.gui_thread = threading.get_ident()
        self.collections = 0
        self._was_enabled = gc.isenabled()
        gc.disable()
        self._timer = QTimer(self)
        self._timer.timeout.connect(self.collect_due)
        self._timer.start(interval_ms)

    def collect_due(self) -> int:
        """Collect the oldest generation whose threshold is passed, as CPython's own trigger
        would have (gen 0 counts allocations, gen 1 and 2 count younger collections)."""
        counts, thresholds = gc.get_count(), gc.get_threshold()
        generation = -1
        for gen in range(3):
            if thresholds[gen] and counts[gen] > thresholds[gen]:
                generation = gen
        if generation < 0:
            return 0
        self.collections += 1
        return gc.collect(generation)

    def stop(self) -> None:
        """Give collection back to CPython (tests, and the end of the app's life)."""
        self._timer.stop()
        gc.collect()
        if self._was_enabled:
            gc.enable()


_installed: GuiThreadCollector | None = None


def install(app: QCoreApplication) -> GuiThreadCollector:
    """Switch the process to GUI-thread collection (once; later calls return the same one)."""
    global _installed
    if _installed is None:
        _installed = GuiThreadCollector(app)
        app.aboutToQuit.connect(uninstall)
    return _installed


def uninstall() -> None:
    global _installed
    if _installed is not None:
        _installed.stop()
        _installed.deleteLater()
        _installed = None


@dataclass
class CollectionWatch:
    """What the cycle collector did since `watch_collections()`: the soak's figures."""

    off_gui_thread: int = 0  # collections that started on another thread than the watcher's
    longest_ms: float = 0.0  # the longest single collection: a pause the writer may feel


def watch_collections() -> CollectionWatch:
    """Count collections from now on (gc.callbacks), for the whole life of the process."""
    gui, seen, started = threading.get_ident(), CollectionWatch(), [0.0]

    def watch(phase: str, _info: dict) -> None:
        if phase == "start":
            started[0] = time.perf_counter()
            if threading.get_ident() != gui:
                seen.off_gui_thread += 1
        else:
            seen.longest_ms = max(seen.longest_ms, (time.perf_counter() - started[0]) * 1000)

    gc.callbacks.append(watch)
    return seen
