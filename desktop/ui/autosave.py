"""The autosave copy of the open draft, and recovering it after a crash.

While a draft has unsaved changes its current text is written every few seconds to
autosave/recovery-<instance>.sdraft (with a .json naming the file it belongs to). A clean close
removes both; finding them at start means a session ended without closing, and the writer is
offered the text back. Each running window holds a lock on its own recovery-<instance>.lock, so
two windows on one data folder never overwrite, delete or offer each other's copy; the system
drops the lock when a process dies, which is how an orphan is told from a live window's copy.
No Qt here: the window decides when to call.
"""

from __future__ import annotations

import json
import os
import sys
import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from desktop.core.draft import Draft, DraftError, load_draft, save_draft, write_atomic
from desktop.infra.paths import DataPaths


@dataclass(frozen=True)
class Recovery:
    """An autosaved draft found at start."""

    draft: Draft
    original: Path | None  # the file the text belongs to; None for a draft never saved
    saved_at: datetime
    files: tuple[Path, ...] = ()  # the orphan copy on disk, removed once the writer has decided


class Autosave:
    """Writes and finds the autosave copy in the data folder."""

    def __init__(self, paths: DataPaths) -> None:
        self._folder = paths.autosave
        token = f"{os.getpid()}-{time.time_ns() % 10**9}"
        self.draft_file = self._folder / f"recovery-{token}.sdraft"
        self.info_file = self.draft_file.with_suffix(".json")
        self.lock_file = self.draft_file.with_suffix(".lock")
        self._lock = None

    def write(self, draft: Draft, original: Path | None) -> None:
        """Runs on a pool thread: a copy of the draft, never the caller's object."""
        self._folder.mkdir(parents=True, exist_ok=True)
        if self._lock is None:  # before the first copy exists, so no other window takes it for an orphan
            self._lock = _hold_lock(self.lock_file)
        save_draft(draft, self.draft_file)
        info = {
            "original": str(original) if original else None,
            "saved_at": datetime.now().isoformat(timespec="seconds"),
        }
        write_atomic(self.info_file, json.dumps(info, ensure_ascii=False).encode("utf-8"))

    def clear(self) -> None:
        """The draft was saved: this window's copy is no longer needed."""
        self.draft_file.unlink(missing_ok=True)
        self.info_file.unlink(missing_ok=True)

    def close(self) -> None:
        """A clean close: the copy and the lock go."""
        self.clear()
        if self._lock is not None:
            self._lock.close()
            self._lock = None
            self.lock_file.unlink(missing_ok=True)

    def abandon(self) -> None:
        """Let go of the lock and keep the copy, exactly as a crash leaves things."""
        if self._lock is not None:
            self._lock.close()
            self._lock = None

    def discard(self, recovery: Recovery) -> None:
        for path in recovery.files:
            path.unlink(missing_ok=True)

    def find(self) -> Recovery | None:
        """The newest copy left by a session that did not close, if any and if readable."""
        found: list[Recovery] = []
        for draft_file in sorted(self._folder.glob("recovery*.sdraft")):
            lock_file = draft_file.with_suffix(".lock")
            if draft_file == self.draft_file or _is_locked(lock_file):
                continue  # ours, or a window that is still running
            recovery = _read_recovery(draft_file)
            if recovery is not None:
                found.append(recovery)
        return max(found, key=lambda r: r.saved_at) if found else None


def _read_recovery(draft_file: Path) -> Recovery | None:
    info_file = draft_file.with_suffix(".json")
    try:
        draft = load_draft(draft_file)
    except DraftError:
        return None
    original, saved_at = None, datetime.fromtimestamp(draft_file.stat().st_mtime)
    try:
        info = json.loads(info_file.read_text(encoding="utf-8"))
        original = Path(info["original"]) if info.get("original") else None
        saved_at = datetime.fromisoformat(info.get("saved_at") or saved_at.isoformat())
    except (OSError, ValueError, KeyError, TypeError):
        pass
    return Recovery(draft, original, saved_at, (draft_file, info_file, draft_file.with_suffix(".lock")))


def _lock_fd(fd: int) -> bool:
    """An exclusive, non-blocking lock on an open file; False when another process holds it."""
    try:
        if sys.platform == "win32":
            import msvcrt

            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        else:
            import fcntl

            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False
    return True


def _hold_lock(path: Path):  # noqa: ANN202 - an open file object the caller keeps
    handle = open(path, "a+b")  # noqa: SIM115 - held open for the life of the window
    if not _lock_fd(handle.fileno()):
        handle.close()
        raise DraftError("自动保存文件被另一个窗口占用，请关闭多余的讲稿助手窗口后重试。")
    return handle


def _is_locked(path: Path) -> bool:
    if not path.exists():
        return False
    try:
        with open(path, "a+b") as handle:
            return not _lock_fd(handle.fileno())  # closing the probe releases a lock it got
    except OSError:
        return False
