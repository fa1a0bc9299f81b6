"""Building the default bank from the shipped seeds on first start.

The bank is built in a temporary file beside its final place and renamed into place only
when complete, so a crash or a cancel never leaves a half-built bank behind.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from desktop.infra.paths import DataPaths
from desktop.infra.paths import seeds_dir as shipped_seeds_dir
from desktop.store.bank import PhraseBank
from desktop.store.errors import BankError
from desktop.store.migrations import SCHEMA_VERSION, backup_path
from desktop.store.records import ImportReport
from desktop.store.sqlite import connection as db
from desktop.text.tokenizer import Tokenizer

if TYPE_CHECKING:  # importing is loaded when a build imports, not with this module
    from desktop.store.importing.importer import Cancel, Progress


def _remove_with_sidecars(path: Path) -> None:
    for p in (path, *db.sidecar_files(path)):
        p.unlink(missing_ok=True)


def _drop_folded_sidecars(path: Path) -> None:
    """After a clean close the WAL is folded in; a WAL still holding pages must never be dropped."""
    wal, shm = db.sidecar_files(path)
    if wal.exists() and wal.stat().st_size > 0:
        raise BankError(f"素材库 {path.name} 仍有未写入的更改，请关闭所有讲稿助手窗口后重试。")
    wal.unlink(missing_ok=True)
    shm.unlink(missing_ok=True)


MSG_IN_USE = (
    "素材库 {name} 正被另一个讲稿助手窗口或程序打开。重建会换掉这个文件，那边之后写入的句子会丢失，"
    "因此没有重建。请先关闭其他讲稿助手窗口，再重建素材库。"
)


@contextmanager
def _held_alone(path: Path) -> Iterator[None]:
    """Hold path so that no other process uses it while it is replaced; BankError if one does.

    Another process that has the bank open (a window's connections stay open) keeps a WAL-mode
    bank from leaving WAL mode; once it has left, an exclusive lock keeps anyone from opening it
    until the new file has been renamed into place (and a window opening it then opens the new one).
    """
    try:
        conn = sqlite3.connect(path, timeout=0, isolation_level=None)
    except sqlite3.Error as exc:
        raise BankError(f"无法打开素材库 {path.name}（{exc}）。请关闭其他讲稿助手窗口后重试。") from exc
    try:
        try:
            in_use = conn.execute("PRAGMA journal_mode = DELETE").fetchone()[0] != "delete"
            conn.execute("BEGIN EXCLUSIVE")
        except sqlite3.OperationalError as exc:
            in_use = "locked" in str(exc) or "busy" in str(exc)
        except sqlite3.DatabaseError:  # not a bank at all (damaged): nobody can have it open as one
            in_use = False
        if in_use:
            raise BankError(MSG_IN_USE.format(name=path.name))
        yield
    finally:
        conn.close()


def build_default_bank(
    data_paths: DataPaths,
    seeds_dir: str | os.PathLike[str] | None = None,
    progress: Progress | None = None,
    cancel: Cancel | None = None,
    *,
    tokenizer: Tokenizer | None = None,
    replace: bool = False,
) -> ImportReport:
    """Build data_paths.bank from the seed documents. A cancelled build leaves no bank.

    An existing bank is kept unless replace=True, in which case it is first copied into
    data_paths.backups.
    """
    data_paths.ensure()
    target = data_paths.bank
    if target.exists() and not replace:
        raise BankError(f"素材库已存在：{target}。如需从范文重建，请先导出备份，再选择“重建素材库”。")
    source = Path(seeds_dir) if seeds_dir is not None else shipped_seeds_dir()
    if not source.is_dir():
        raise BankError(f"找不到范文文件夹：{source}。请检查安装是否完整，或指定范文所在的文件夹。")
    if target.exists():
        with _held_alone(target):  # fail fast, before the minutes of building, if a window has it open
            pass
    building = target.with_name(f".{target.name}.building-{os.getpid()}")
    _remove_with_sidecars(building)
    try:
        with PhraseBank.open(building, tokenizer=tokenizer, backups_dir=data_paths.backups) as bank:
            report = bank.import_paths([source], progress=progress, cancel=cancel)
        if report.cancelled:
            _remove_with_sidecars(building)
            return report
        _drop_folded_sidecars(building)
        if not target.exists():
            os.replace(building, target)
            return report
        with PhraseBank.open(target, tokenizer=tokenizer, backups_dir=data_paths.backups) as old:
            old.backup_to(backup_path(target, data_paths.backups, SCHEMA_VERSION))
        with _held_alone(target):
            _drop_folded_sidecars(target)
            os.replace(building, target)
        return report
    except BaseException:
        _remove_with_sidecars(building)
        raise
