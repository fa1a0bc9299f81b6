"""The one way slow work leaves the GUI thread.

Every slow call (bank search, import, export, composition, jieba warm-up) goes through
`Runner.run` or `Runner.start_job`. The work function runs on a pool thread and never touches a
widget; its result or exception comes back to the GUI thread through a queued signal, where the
success or failure callback runs. A `key` makes a task "latest wins": when a newer task with the
same key has been started, an older one's result is dropped (typing in a search box).
"""

from __future__ import annotations

import logging
import threading
import traceback
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

log = logging.getLogger(__name__)

Progress = Callable[[int, int, str], None]  # done, total, what


class _Relay(QObject):
    """Carries a worker's outcome back to the GUI thread.

    The relay lives on the GUI thread and its slots are its own methods, so Qt queues a signal
    emitted on a pool thread and the callbacks run on the GUI thread.
    """

    succeeded = Signal(object)
    failed = Signal(object)
    progressed = Signal(int, int, str)

    def __init__(
        self,
        on_success: Callable[[Any], None],
        on_failure: Callable[[BaseException], None],
        on_progress: Callable[[int, int, str], None],
    ) -> None:
        super().__init__()
        self._on_success, self._on_failure, self._on_progress = on_success, on_failure, on_progress
        self.succeeded.connect(self._succeeded)
        self.failed.connect(self._failed)
        self.progressed.connect(self._progressed)

    @Slot(object)
    def _succeeded(self, result: Any) -> None:
        self._on_success(result)

    @Slot(object)
    def _failed(self, exc: BaseException) -> None:
        self._on_failure(exc)

    @Slot(int, int, str)
    def _progressed(self, done: int, total: int, what: str) -> None:
        self._on_progress(done, total, what)


class Job:
    """A running piece of slow work; `cancel()` asks the work function to stop."""

    def __init__(self, key: str | None, generation: int) -> None:
        self.key = key
        self.generation = generation
        self.cancel_event = threading.Event()
        self.done = False
        self.work: Callable[[], Any] | None = None

    def cancel(self) -> None:
        self.cancel_event.set()

    @property
    def cancelled(self) -> bool:
        return self.cancel_event.is_set()


class _Task(QRunnable):
    def __init__(self, fn: Callable[[], Any], relay: _Relay) -> None:
        super().__init__()
        self.setAutoDelete(True)
        self._fn = fn
        self._relay = relay

    def run(self) -> None:  # Qt calls this on a pool thread
        try:
            result = self._fn()
        except BaseException as exc:  # noqa: BLE001 - every failure goes back to the GUI
            exc.__traceback_text__ = traceback.format_exc()  # type: ignore[attr-defined]
            self._relay.failed.emit(exc)
        else:
            self._relay.succeeded.emit(result)


class Runner(QObject):
    """Runs work off the GUI thread and calls back on it."""

    busy_changed = Signal(bool)

    def __init__(self, parent: QObject | None = None, max_threads: int = 2) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(max_threads)
        self._generations: dict[str, int] = {}
        self._running: set[Job] = set()
        self._relays: set[_Relay] = set()
        self._closed = False  # after shutdown(): outcomes still queued are dropped, not delivered

    def run(
        self,
        fn: Callable[[], Any],
        on_success: Callable[[Any], None] | None = None,
        on_failure: Callable[[BaseException], None] | None = None,
        *,
        key: str | None = None,
    ) -> Job:
        """Run fn() on a pool thread; on_success(result) or on_failure(exc) run on the GUI thread."""
        return self.start_job(lambda _progress, _cancel: fn(), on_success, on_failure, key=key)

    def start_job(
        self,
        fn: Callable[[Progress, threading.Event], Any],
        on_success: Callable[[Any], None] | None = None,
        on_failure: Callable[[BaseException], None] | None = None,
        *,
        on_progress: Callable[[int, int, str], None] | None = None,
        key: str | None = None,
    ) -> Job:
        """Like run, for work that reports progress and can be cancelled: fn(progress, cancel_event)."""
        generation = 0
        if key is not None:
            generation = self._generations.get(key, 0) + 1
            self._generations[key] = generation
        job = Job(key, generation)
        relay: _Relay

        def finish() -> None:
            job.done = True
            self._running.discard(job)
            self._relays.discard(relay)
            relay.deleteLater()
            if not self._running and not self._closed:
                self.busy_changed.emit(False)

        def stale() -> bool:
            # A closed runner's callers (the window and its panels) may be gone: drop the outcome.
            return self._closed or (key is not None and self._generations.get(key) != generation)

        def succeeded(result: Any) -> None:
            finish()
            if not stale() and on_success is not None:
                on_success(result)

        def failed(exc: BaseException) -> None:
            finish()
            if stale():
                return
            if on_failure is not None:
                on_failure(exc)
            else:
                log.error("background work failed:\n%s", getattr(exc, "__traceback_text__", exc))

        def progressed(done: int, total: int, what: str) -> None:
            if on_progress is not None and not stale():
                on_progress(done, total, what)

        relay = _Relay(succeeded, failed, progressed)
        self._relays.add(relay)
        self._running.add(job)
        if len(self._running) == 1:
            self.busy_changed.emit(True)

        def progress(done: int, total: int, what: str = "") -> None:
            relay.progressed.emit(int(done), int(total), str(what))

        def work() -> Any:
            return fn(progress, job.cancel_event)

        # The job (GUI side, freed with the relay's cycle on the GUI thread: ui/gui_gc.py) holds the
        # work too, so the pool thread that drops the finished task never drops the last reference
        # to what the work captured (widgets, the bank).
        job.work = work
        self._pool.start(_Task(work, relay))
        return job

    @property
    def busy(self) -> bool:
        return bool(self._running)

    def shutdown(self, msecs: int = 30000) -> bool:
        """The window closes: ask every job to stop, wait for the pool, and drop whatever outcome
        is still on its way, so no callback reaches a widget that is being deleted."""
        self._closed = True
        for job in list(self._running):
            job.cancel()
        return self._pool.waitForDone(msecs)

    def wait_idle(self, msecs: int = 30000) -> bool:
        """Block until the pool is empty (closing the app, tests); queued callbacks still pending."""
        return self._pool.waitForDone(msecs)
