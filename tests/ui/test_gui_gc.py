"""Cycles that hold Qt objects are destroyed on the GUI thread, whichever thread allocates."""

from __future__ import annotations

import gc
import threading

from PySide6.QtCore import QObject

from desktop.ui.runner import Runner


class Probe(QObject):
    """Notes the thread its wrapper (and, having no parent, its C++ object) is destroyed on."""

    destroyed_on: list[int] = []

    def __del__(self) -> None:
        Probe.destroyed_on.append(threading.get_ident())


class Cycle:
    def __init__(self) -> None:
        self.probe = Probe()
        self.me = self


def allocate_a_lot() -> list[list[int]]:
    # Container allocations past gc's threshold, kept (a fetch's rows): with automatic collection
    # on, the collection that frees the cycles below would start here, on the pool thread.
    return [[i] for i in range(300_000)]


def test_a_pool_thread_that_allocates_never_collects_cycles_holding_qt_objects(qtbot, gui_thread_collection) -> None:
    gui = threading.get_ident()
    gc.collect()
    Probe.destroyed_on.clear()
    for _ in range(40):
        Cycle()  # unreachable at once; only the cycle collector can free it
    runner = Runner()
    results: list[list[list[int]]] = []
    runner.run(allocate_a_lot, results.append)
    qtbot.waitUntil(lambda: bool(results), timeout=30_000)
    qtbot.waitUntil(lambda: len(Probe.destroyed_on) == 40, timeout=10_000)  # the GUI timer's work
    assert set(Probe.destroyed_on) == {gui}
    assert not gc.isenabled() and gui_thread_collection.collections > 0
    runner.shutdown()


def test_the_collector_follows_cpythons_thresholds(qtbot, gui_thread_collection) -> None:
    gc.collect()
    threshold = gc.get_threshold()[0]
    keep = [[i] for i in range(threshold * 3)]  # past the gen-0 threshold
    assert gc.get_count()[0] > threshold
    qtbot.waitUntil(lambda: gc.get_count()[0] < threshold, timeout=5_000)
    del keep
