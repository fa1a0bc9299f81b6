"""Connections to a bank file: set-up, engines, file backup, and sqlite3 errors in Chinese.

- connection set-up: WAL, foreign keys, busy timeout, synchronous, mmap, and real BEGINs so
  that DDL in a migration is transactional (pysqlite would otherwise commit around it);
- the SQLAlchemy engine (made only where the ORM is used) and its BEGIN IMMEDIATE variant;
- online backup, WAL checkpoint, the -wal/-shm side files;
- turning sqlite3 / SQLAlchemy errors into the bank's own exceptions.
"""

from __future__ import annotations

import sqlite3
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from desktop.store.errors import BankBusyError, BankCorruptError, BankError, BankOpenError

if TYPE_CHECKING:  # SQLAlchemy loads only where an engine is made: opening and reading need plain sqlite3
    from sqlalchemy import Connection, Engine

BUSY_TIMEOUT_MS = 10_000
MMAP_BYTES = 2**31


def configure_connection(dbapi_conn: sqlite3.Connection) -> None:
    """The set-up of every connection to a bank, made by an engine or by connect()."""
    # No implicit transactions: an engine's "begin" event emits BEGIN itself (pysqlite's own
    # handling would commit before DDL and break transactional migrations); plain users BEGIN.
    dbapi_conn.isolation_level = None
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA foreign_keys = ON")
    cur.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    cur.execute("PRAGMA journal_mode = WAL")
    cur.execute("PRAGMA synchronous = NORMAL")  # safe with WAL; a power cut loses at most the last commit
    # Reading pages through a mapping instead of read() calls: at a million phrases a
    # suggestion touches a few hundred index and row pages, and the copies were a third of
    # its time (bench/RESULTS.md). SQLite clamps this to its build's maximum (2 GB).
    cur.execute(f"PRAGMA mmap_size = {MMAP_BYTES}")
    cur.close()


def connect(path: Path) -> sqlite3.Connection:
    """A plain sqlite3 connection set up as the engine's are, for work that needs no SQLAlchemy."""
    conn = sqlite3.connect(Path(path), timeout=BUSY_TIMEOUT_MS / 1000, check_same_thread=False)
    try:
        configure_connection(conn)
    except BaseException:
        conn.close()
        raise
    return conn


def make_engine(path: Path) -> Engine:
    """One engine per open bank; safe to share between threads (sessions are per call)."""
    from sqlalchemy import create_engine, event

    engine = create_engine(
        f"sqlite:///{Path(path)}",
        connect_args={"check_same_thread": False, "timeout": BUSY_TIMEOUT_MS / 1000},
    )

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: sqlite3.Connection, _record: object) -> None:
        configure_connection(dbapi_conn)

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        conn.exec_driver_sql("BEGIN IMMEDIATE" if conn.get_execution_options().get(_IMMEDIATE) else "BEGIN")

    return engine


_IMMEDIATE = "speechdraft_begin_immediate"


def writer(engine: Engine) -> Engine:
    """The engine for transactions that write: they BEGIN IMMEDIATE, taking the write lock first.

    In WAL mode a deferred transaction that reads and then writes fails at once with
    "database is locked" when another process committed since its read (its snapshot is
    stale); the busy timeout cannot help it. Taking the lock at BEGIN makes a second app
    instance wait its turn instead.
    """
    return engine.execution_options(**{_IMMEDIATE: True})


def backup_database(path: Path, dest: Path) -> None:
    """A consistent copy of the bank at path (SQLite's online backup; WAL content included)."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = dest.with_name(dest.name + ".part")
    source = connect(path)
    try:
        target = sqlite3.connect(tmp)
        try:
            source.backup(target)
            target.execute("PRAGMA journal_mode = DELETE")  # a backup is one self-contained file
        finally:
            target.close()
    finally:
        source.close()
    tmp.replace(dest)


def checkpoint(path: Path) -> None:
    """Fold the WAL into the main file, so that the file alone is the whole bank."""
    conn = connect(path)
    try:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        conn.close()


def sidecar_files(path: Path) -> list[Path]:
    """The -wal and -shm files SQLite keeps beside a bank in WAL mode."""
    return [path.with_name(path.name + suffix) for suffix in ("-wal", "-shm")]


def to_bank_error(exc: BaseException) -> BankError:
    """The bank's own exception for a sqlite3 / SQLAlchemy error."""
    orig = getattr(exc, "orig", exc)
    message = str(orig).lower()
    if "locked" in message or "busy" in message:
        return BankBusyError("素材库正被其他程序占用，请关闭其他打开素材库的讲稿助手窗口后重试。")
    if "malformed" in message or "not a database" in message or "corrupt" in message:
        return BankCorruptError("素材库文件已损坏，无法读取。请从备份恢复（backups 文件夹或导出的 JSON 文件）。")
    if "readonly" in message or "read-only" in message:
        return BankOpenError("素材库文件是只读的，无法保存修改。请检查文件权限后重试。")
    if "unable to open" in message or "disk i/o" in message:
        return BankOpenError("无法打开素材库文件，请检查文件位置是否存在、是否有读写权限。")
    if "full" in message:
        return BankError("磁盘空间不足，素材库无法保存修改。请清理磁盘后重试。")
    if "fts5" in message or "match" in message:
        return BankError("搜索条件无法处理，请换一个说法再试。")
    return BankError(f"素材库操作失败：{orig}。请重试；如果反复出现，请导出素材库并联系维护人员。")


@contextmanager
def translated_errors() -> Iterator[None]:
    """Re-raise sqlite3 / SQLAlchemy database errors as BankError (already-BankErrors pass)."""
    try:
        yield
    except BankError:
        raise
    except Exception as exc:
        if not is_database_error(exc):
            raise
        raise to_bank_error(exc) from exc


def is_database_error(exc: BaseException) -> bool:
    """A sqlite3 error, or SQLAlchemy's wrapper of one (there is none before SQLAlchemy is loaded)."""
    if isinstance(exc, sqlite3.Error):
        return True
    sqlalchemy_exc = sys.modules.get("sqlalchemy.exc")
    return sqlalchemy_exc is not None and isinstance(exc, sqlalchemy_exc.DBAPIError)
