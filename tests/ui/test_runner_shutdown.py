"""Closing the window while slow work runs: the work is asked to stop and its outcome never reaches
a widget that is being deleted (a restore that outlived its window used to call back into a
deleted bank window's combo box)."""

from __future__ import annotations

import threading

from PySide6.QtCore import QCoreApplication

from desktop.ui.runner import Runner


def test_shutdown_cancels_running_work_and_drops_its_outcome(qtbot) -> None:
    runner = Runner()
    started = threading.Event()
    delivered: list[object] = []
    busy: list[bool] = []
    runner.busy_changed.connect(busy.append)

    def work(_progress, cancel: threading.Event) -> str:
        started.set()
        # Runs until told to stop: only shutdown() can end it.
        if not cancel.wait(timeout=30):
            return "never cancelled"
        return "stopped"

    runner.start_job(work, delivered.append, delivered.append)
    assert started.wait(timeout=10)
    assert runner.shutdown(msecs=10000), "the job ends once it is asked to"
    # The job's outcome was queued to the GUI thread before the pool emptied: deliver it now.
    QCoreApplication.processEvents()
    QCoreApplication.processEvents()
    assert delivered == []
    assert busy == [True], "no busy signal after the runner closed"


def test_outcomes_are_delivered_while_open(qtbot) -> None:
    runner = Runner()
    delivered: list[object] = []
    runner.run(lambda: 42, delivered.append)
    qtbot.waitUntil(lambda: delivered == [42], timeout=10000)
    runner.shutdown()
