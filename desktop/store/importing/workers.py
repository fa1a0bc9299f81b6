"""Reading and cutting an import's files in a second process while this one writes.

Cutting (reading .docx, parsing, segmenting) is most of an import's work and needs no
database, so for a large import a worker process cuts files while the importing thread
writes them; when the next file to write is not ready, that thread cuts one itself. Both take
the next file from a shared counter, and the writer always gets the files back in order, so
the bank ends up exactly as with one process. The worker runs at most WINDOW files ahead of
the writer (memory stays bounded) and is stopped, mid-file if need be, when the import ends or
is cancelled; it only ever reads the files. A small import (fewer than MIN_FILES files or
MIN_BYTES bytes), a one-core machine, or a worker that cannot start or dies: everything is cut
in-process. The worker is a spawned process (no fork of a thread-running GUI); a frozen
app must call multiprocessing.freeze_support() first thing (packaging/launcher.py does).
"""

from __future__ import annotations

import logging
import os
import queue
import time
from multiprocessing.queues import Queue
from multiprocessing.sharedctypes import Synchronized
from pathlib import Path
from typing import Any

from desktop.store.importing.cutting import CutFile, FileCutter
from desktop.text.tokenizer import Tokenizer

log = logging.getLogger(__name__)

MIN_FILES = 8
MIN_BYTES = 1_000_000
WINDOW = 16
_STOP = -1


def usable_cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Windows or macOS
        return os.cpu_count() or 1


def worth_a_worker(files: list[Path]) -> bool:
    if len(files) < MIN_FILES or usable_cores() < 2:
        return False
    size = 0
    for path in files:
        try:
            size += path.stat().st_size
        except OSError:
            continue
        if size >= MIN_BYTES:
            return True
    return False


def cut_in_order(
    files: list[Path], tokenizer: Tokenizer, *, worker: bool | None = None, speech_type: str | None = None
) -> CutFiles:
    """The files' CutFiles in order, from a worker process when it pays (worker=None: decide).

    speech_type: the type every document gets (the writer's --type), instead of the inferred one.
    """
    use_worker = worth_a_worker(files) if worker is None else worker
    return _Pipeline(files, tokenizer, speech_type) if use_worker else _InProcess(files, tokenizer, speech_type)


class CutFiles:
    """An ordered source of cut files; close() when done (it stops a worker)."""

    from_worker = 0  # how many of the files a worker process cut

    def get(self, index: int) -> CutFile:
        raise NotImplementedError

    def close(self) -> None:
        pass

    def __enter__(self) -> CutFiles:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class _InProcess(CutFiles):
    def __init__(self, files: list[Path], tokenizer: Tokenizer, speech_type: str | None = None) -> None:
        self._files = files
        self._cutter = FileCutter(tokenizer, speech_type)

    def get(self, index: int) -> CutFile:
        return self._cutter.cut_file(self._files[index])


class _Pipeline(CutFiles):
    """Files claimed in order by a worker process and by the writer's thread."""

    def __init__(self, files: list[Path], tokenizer: Tokenizer, speech_type: str | None = None) -> None:
        import multiprocessing

        self._files = files
        self._cutter = FileCutter(tokenizer, speech_type)
        self._ready: dict[int, CutFile] = {}
        self._process = None
        mp = multiprocessing.get_context("spawn")
        self._next = mp.Value("q", 0)  # the next file to claim; guarded by its own lock
        self._limit = mp.Value("q", WINDOW, lock=False)  # the worker claims below it; _STOP: quit
        self._results = mp.Queue()
        try:
            self._process = mp.Process(
                target=_work,
                name="speechdraft-import-cutter",
                daemon=True,
                args=(tokenizer.spec(), files, self._next, self._limit, self._results, speech_type),
            )
            self._process.start()
        except Exception:  # no worker (no resources, odd frozen build): cut everything here
            log.exception("import worker did not start")
            self._process = None

    def get(self, index: int) -> CutFile:
        self._limit.value = index + WINDOW
        while index not in self._ready:
            self._collect(block=False)
            if index in self._ready:
                break
            if self._process is None or not self._process.is_alive():
                # No worker (any more): whatever it had claimed and not handed back is cut here.
                self._ready[index] = self._cutter.cut_file(self._files[index])
                break
            mine = self._claim(index)
            if mine is not None:
                self._ready[mine] = self._cutter.cut_file(self._files[mine])
            else:
                self._collect(block=True)
        return self._ready.pop(index)

    def _claim(self, index: int) -> int | None:
        """The next unclaimed file for this thread, within the window; None when the worker has them all."""
        with self._next.get_lock():
            claimed = self._next.value
            if claimed >= len(self._files) or claimed >= index + WINDOW:
                return None
            self._next.value = claimed + 1
            return claimed

    def _collect(self, *, block: bool) -> None:
        try:
            while True:
                done, cut_file = self._results.get(timeout=0.2) if block else self._results.get_nowait()
                self._ready[done] = cut_file
                self.from_worker += 1
                block = False
        except queue.Empty:
            pass

    def close(self) -> None:
        self._limit.value = _STOP
        process, self._process = self._process, None
        if process is not None:
            process.join(0.05)
            if process.is_alive():
                process.terminate()  # it only reads files: stopping it mid-file loses nothing
            process.join(1.0)
        self._results.cancel_join_thread()
        self._results.close()


def _work(
    spec: tuple,
    files: list[Path],
    next_file: Synchronized[int],
    limit: Any,  # a lock-free mp.Value("q"): a raw c_longlong with .value
    results: Queue[tuple[int, CutFile]],
    speech_type: str | None = None,
) -> None:
    """The worker process: claim files in order, cut them, hand them back; stop when told."""
    # On return the queue's feeder thread writes out every result before the process ends (a
    # result cut off mid-write would leave the reader waiting for its end for ever).
    cutter = FileCutter(Tokenizer.from_spec(spec), speech_type)
    while True:
        with next_file.get_lock():
            index = next_file.value
            if index >= len(files) or limit.value == _STOP:
                return
            claimed = index < limit.value
            if claimed:
                next_file.value = index + 1
        if not claimed:
            time.sleep(0.005)  # WINDOW ahead of the writer: wait for it
            continue
        results.put((index, cutter.cut_file(files[index])))
