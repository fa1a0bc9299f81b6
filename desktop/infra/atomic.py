"""The one way the app replaces a file: write beside it, flush to disk, rename over it.

A crash, a full disk or a locked target at any moment leaves either the old file or the new
one, never a mix. Callers turn the OSError into their own message for the writer; its
`atomic_stage` says how far it got ("create", "write" or "replace").
"""

from __future__ import annotations

import errno
import glob
import os
import stat
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO


@contextmanager
def atomic_writer(path: str | os.PathLike[str]) -> Iterator[BinaryIO]:
    """A binary file to write the new content into; it replaces `path` when the block ends."""
    path = Path(path)
    folder = path.parent if str(path.parent) else Path(".")
    stage = "create"
    try:
        check_target(path)
    except OSError as exc:
        exc.atomic_stage = stage  # type: ignore[attr-defined]
        raise
    sweep_stale_temps(folder, path.stem)
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".~{path.stem}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        exc.atomic_stage = stage  # type: ignore[attr-defined]
        raise
    tmp = Path(tmp_name)
    try:
        stage = "write"
        with os.fdopen(fd, "wb") as out:
            yield out
            out.flush()
            os.fsync(out.fileno())
        _keep_mode(path, tmp)
        stage = "replace"
        check_target(path)  # again: it may have become something else while we wrote
        os.replace(tmp, path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        exc.atomic_stage = stage  # type: ignore[attr-defined]
        raise
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def check_target(path: Path) -> None:
    """Raise unless path is a regular file (a link to one counts) or absent: renaming over a
    device, a pipe or a socket would replace it (as root, `/dev/full` became a JSON file)."""
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        return
    except OSError:
        return  # unreadable or a broken path: creating the temp file or the rename reports it
    if stat.S_ISDIR(mode):
        raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), str(path))
    if not stat.S_ISREG(mode):
        raise OSError(errno.EINVAL, "目标不是普通文件（是设备、管道或其他特殊文件），不能写入", str(path))


STALE_AFTER_SECONDS = 3600  # no real save takes an hour: such a temp file is a crash's leftover


def sweep_stale_temps(folder: Path, stem: str) -> int:
    """Remove temp files an earlier, killed save of the same file left behind; returns how many."""
    removed = 0
    cutoff = time.time() - STALE_AFTER_SECONDS
    try:
        for leftover in folder.glob(f".~{glob.escape(stem)}.*.tmp"):
            try:
                if leftover.stat().st_mtime < cutoff:
                    leftover.unlink()
                    removed += 1
            except OSError:
                continue
    except OSError:
        pass
    return removed


def write_atomic(path: str | os.PathLike[str], payload: bytes) -> None:
    with atomic_writer(path) as out:
        out.write(payload)


def _keep_mode(target: Path, tmp: Path) -> None:
    """mkstemp makes 0600 files; the new file keeps the old one's mode, or the usual 0644."""
    try:
        mode = stat.S_IMODE(target.stat().st_mode)
    except OSError:
        mode = 0o644
    try:
        os.chmod(tmp, mode)
    except OSError:
        pass
