"""A -wal beside a bank that no live session of it wrote (issue 13, defect 7).

SQLite folds any WAL it finds into the bank on open, whatever bank wrote it: a -wal of another
bank, left by a copy or an unzip, corrupts this one for good. A WAL a session of this bank wrote
always has its -shm beside it; one without is a stranger. Such a WAL is never folded in: it is
moved into the backups folder with a copy of the bank, and the open is refused once with a
message saying where they are (the bank itself unchanged).
"""

from __future__ import annotations

import shutil
from datetime import datetime
from pathlib import Path

from desktop.store.errors import BankOpenError

_WAL_HEADER = 32


def is_stray(bank: Path) -> bool:
    """Whether bank's -wal holds frames that no session of this bank can have written.

    A live or crashed session in WAL mode always leaves its -shm beside the -wal (SQLite removes
    the -wal before the -shm on the last close), so frames without a -shm came from elsewhere.
    A -wal with a -shm is left to SQLite: probing the -shm's locks from Python would drop this
    process's own SQLite locks on it (POSIX locks go with any close of the file)."""
    wal, shm = Path(f"{bank}-wal"), Path(f"{bank}-shm")
    try:
        return bank.is_file() and wal.stat().st_size > _WAL_HEADER and not shm.exists()
    except OSError:
        return False  # no -wal, or unreadable: SQLite reports what it must when it opens


def set_aside(bank: Path, backups: Path) -> Path:
    """Copy the bank and move its WAL (and any -shm) into the backups folder, before SQLite reads them;
    then refuse: the writer is told where they went, and the next open finds the bank as it was."""
    folder = backups / f"{bank.stem}-stray-wal-{datetime.now().strftime('%Y%m%d-%H%M%S-%f')}"
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copy2(bank, folder / bank.name)
    for suffix in ("-wal", "-shm"):
        side = Path(f"{bank}{suffix}")
        if side.exists():
            shutil.move(side, folder / f"{bank.name}{suffix}")
    return folder


def refuse(bank: Path, folder: Path) -> BankOpenError:
    return BankOpenError(
        f"素材库 {bank.name} 旁边有一个不是它自己写下的日志文件（-wal，可能是从别处复制或解压来的），"
        f"按它合并可能损坏素材库，所以没有合并。素材库保持原样，那个日志文件和素材库的副本放在：{folder}。"
        "请重新打开素材库；如果那个日志文件确实属于这个素材库（例如只复制了它而漏了 -shm 文件），请联系维护人员合并。"
    )
