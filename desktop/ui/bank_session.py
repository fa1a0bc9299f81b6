"""The window's hold on the phrase bank: opening it off the GUI thread, the first listings from a
plain-sqlite3 reader while it opens, and the searches the phrase panel asks for.

Composed into the main window; it reaches the bank only through the runner and tells the window
what happened through its signals.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from desktop.infra.paths import DataPaths
from desktop.ui.phrase_context import PhraseQuery
from desktop.ui.runner import Progress, Runner

if TYPE_CHECKING:  # the store loads on a pool thread, never on the way to the first window
    import threading

    from desktop.store.bank import PhraseBank
    from desktop.store.first_read import FirstReader
    from desktop.ui.bank_tasks import OpenedBank, PhraseResults

log = logging.getLogger(__name__)


class BankSession(QObject):
    """The bank the window works with, once open, and the reader standing in for it until then."""

    loading = Signal(str)  # what the status bar says while the bank opens
    progressed = Signal(int, int, str)  # building the default bank: done, total, file
    opened = Signal(object)  # OpenedBank: the PhraseBank is open and in use (self.bank)
    failed = Signal(object)  # the exception: the bank cannot be used this session
    reader_ready = Signal()  # the first-look reader can answer listings
    found = Signal(object)  # PhraseResults for the last search asked
    units_counted = Signal(int)  # live units in the bank, after a change
    message = Signal(str)

    def __init__(self, runner: Runner, paths: DataPaths, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._runner = runner
        self._paths = paths
        self.bank: PhraseBank | None = None
        # Until the bank is open, the panel's first listings come from a plain-sqlite3 reader.
        self.first_reader: FirstReader | None = None
        self._first_shown: PhraseQuery | None = None  # the query whose reader hits the panel shows
        self.answered: PhraseQuery | None = None  # at hand-over: the query the reader's hits answer

    # ---------------------------------------------------------------- opening
    def start(self) -> None:
        """Open the bank (building it from the seeds on first start) off the GUI thread.

        An existing bank is first looked at through plain sqlite3 (bank_tasks.first_look), so
        the panel lists phrases without waiting for SQLAlchemy and the segmenter to load.
        """
        first = not self._paths.bank.exists()
        self.loading.emit("正在建立默认素材库…" if first else "素材库加载中…")
        if first:
            self._open_bank()
            return
        paths = self._paths

        def look() -> FirstReader | None:
            from desktop.ui.bank_tasks import first_look

            return first_look(paths)

        self._runner.run(look, self._first_look_ready, lambda _exc: self._open_bank())

    def _first_look_ready(self, reader: FirstReader | None) -> None:
        if reader is not None and self.bank is None:
            self.first_reader = reader
            self.reader_ready.emit()
        self._open_bank()

    def _open_bank(self) -> None:
        paths = self._paths

        def open_bank(progress: Progress, cancel: threading.Event) -> OpenedBank:
            from desktop.ui.bank_tasks import open_bank  # store and jieba load off the GUI thread

            return open_bank(paths, progress, cancel)

        self._runner.start_job(open_bank, self._bank_ready, self._bank_failed, on_progress=self.progressed.emit)

    def _bank_ready(self, opened: OpenedBank) -> None:
        self.bank = opened.bank
        self.answered = self._first_shown  # those hits are the bank's own: no need to ask again
        self.close_first_reader()
        self.opened.emit(opened)

    def _bank_failed(self, exc: BaseException) -> None:
        had_reader = self.first_reader is not None
        self.close_first_reader()
        if had_reader:  # the bank is not usable: neither are its first hits
            from desktop.ui.bank_tasks import PhraseResults

            self.found.emit(PhraseResults([]))
        self.failed.emit(exc)

    def close_first_reader(self) -> None:
        """Hand over to the bank (or give up): close the plain-sqlite3 reader."""
        reader, self.first_reader, self._first_shown = self.first_reader, None, None
        if reader is not None:
            reader.close()

    @property
    def ready(self) -> bool:
        """Whether searches can be answered (by the bank, or listings by the first reader)."""
        return self.bank is not None or self.first_reader is not None

    def close(self) -> None:
        self.close_first_reader()
        if self.bank is not None:
            self.bank.close()
            self.bank = None

    # ---------------------------------------------------------------- searching
    def search(self, query: PhraseQuery) -> bool:
        """Ask for the panel's hits; False when the query must wait for the bank to open."""
        from desktop.ui.bank_tasks import first_look_answers, phrase_results

        if self.bank is not None:
            bank = self.bank
            self._runner.run(
                lambda: phrase_results(bank, query),
                self.found.emit,
                lambda exc: self.message.emit(f"搜索失败：{exc}"),
                key="phrase-search",
            )
            return True
        if self.first_reader is not None and first_look_answers(query):
            reader = self.first_reader

            def show(results: PhraseResults) -> None:
                self._first_shown = query
                self.found.emit(results)

            # A reader closed by the hand-over fails the searches still queued on it: not an error.
            self._runner.run(
                lambda: phrase_results(reader, query),
                show,
                lambda exc: None if self.bank is not None else self.message.emit(f"搜索失败：{exc}"),
                key="phrase-search",
            )
            return True
        return False  # _bank_ready asks again once the bank is open

    # ---------------------------------------------------------------- small changes
    def count_use(self, unit_id: int) -> None:
        if self.bank is not None:
            bank = self.bank
            self._runner.run(lambda: bank.count_use(unit_id), None, lambda exc: log.warning("count_use: %s", exc))

    def set_favourite(self, unit_id: int, favourite: bool, done: Callable[[int, bool], None]) -> None:
        if self.bank is None:
            return
        bank = self.bank
        self._runner.run(
            lambda: bank.set_favourite(unit_id, favourite),
            lambda rec: done(rec.id, rec.favourite),
            lambda exc: self.message.emit(f"收藏失败：{exc}"),
        )

    def recount(self) -> None:
        """Count the live units again (after an import, a delete, a restore)."""
        if self.bank is not None:
            bank = self.bank
            self._runner.run(bank.live_units, self.units_counted.emit, lambda exc: log.warning("count: %s", exc))
