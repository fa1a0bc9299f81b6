"""Everything SQLite-specific, in one place (a PostgreSQL backend replaces only this module).

- connection set-up: WAL, foreign keys, busy timeout, synchronous, and real BEGINs so that
  DDL in a migration is transactional (pysqlite would otherwise commit around it);
- the FTS5 index: an external-content table over units.tokens kept in step by triggers.
  unicode61 over space-joined jieba tokens, because trigram cannot match 1–2 character words
  and SQLite 3.40 has no contentless_delete;
- the MATCH query syntax and the bm25 relevance;
- integrity check, file backup, and turning sqlite3 errors into the bank's own exceptions.
"""

from __future__ import annotations

import sqlite3
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from desktop.store.errors import BankBusyError, BankCorruptError, BankError, BankOpenError

if TYPE_CHECKING:  # SQLAlchemy loads only where an engine is made: opening and reading need plain sqlite3
    from sqlalchemy import Connection, Engine, TextClause

BUSY_TIMEOUT_MS = 10_000
MMAP_BYTES = 2**31

_FTS_SCHEMA = (
    # External content: the index stores no text of its own; rowid = units.id.
    "CREATE VIRTUAL TABLE IF NOT EXISTS units_fts USING fts5("
    "tokens, content='units', content_rowid='id', tokenize='unicode61 remove_diacritics 2')",
    # An external-content index must be told the old tokens to delete a row, hence the
    # 'delete' command with old.tokens in the delete and update triggers.
    "CREATE TRIGGER IF NOT EXISTS units_fts_ai AFTER INSERT ON units BEGIN "
    "INSERT INTO units_fts(rowid, tokens) VALUES (new.id, new.tokens); END",
    "CREATE TRIGGER IF NOT EXISTS units_fts_ad AFTER DELETE ON units BEGIN "
    "INSERT INTO units_fts(units_fts, rowid, tokens) VALUES ('delete', old.id, old.tokens); END",
    "CREATE TRIGGER IF NOT EXISTS units_fts_au AFTER UPDATE OF tokens ON units BEGIN "
    "INSERT INTO units_fts(units_fts, rowid, tokens) VALUES ('delete', old.id, old.tokens); "
    "INSERT INTO units_fts(rowid, tokens) VALUES (new.id, new.tokens); END",
)
_FTS_DROP = (
    "DROP TRIGGER IF EXISTS units_fts_ai",
    "DROP TRIGGER IF EXISTS units_fts_ad",
    "DROP TRIGGER IF EXISTS units_fts_au",
    "DROP TABLE IF EXISTS units_fts",
)


def utc_now() -> datetime:
    """Naive UTC: SQLite has no time zones, and every timestamp in the bank is UTC."""
    return datetime.now(UTC).replace(tzinfo=None)


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


class DriverSQL:
    """A plain sqlite3 connection seen through the one call of SQLAlchemy's Connection
    that the index installers make (exec_driver_sql), so a new bank is made without SQLAlchemy."""

    def __init__(self, raw: sqlite3.Connection) -> None:
        self.raw = raw

    def exec_driver_sql(self, statement: str, parameters: tuple | list = ()) -> _Rows:
        if isinstance(parameters, list):  # a list of parameter rows: executemany, as SQLAlchemy does
            return _Rows(self.raw.executemany(statement, parameters))
        return _Rows(self.raw.execute(statement, parameters))


class _Rows:
    def __init__(self, cursor: sqlite3.Cursor) -> None:
        self._cursor = cursor

    def scalar_one(self) -> object:
        rows = self._cursor.fetchall()
        if len(rows) != 1:
            raise sqlite3.ProgrammingError(f"expected one row, got {len(rows)}")
        return rows[0][0]

    def scalar(self) -> object:
        row = self._cursor.fetchone()
        return None if row is None else row[0]

    def scalars(self) -> list:
        return [row[0] for row in self._cursor.fetchall()]

    def __iter__(self) -> Iterator[tuple]:
        return iter(self._cursor.fetchall())


def is_empty_database(conn: Connection) -> bool:
    return conn.exec_driver_sql("SELECT count(*) FROM sqlite_master WHERE type = 'table'").scalar_one() == 0


def table_names(conn: Connection) -> set[str]:
    rows = conn.exec_driver_sql("SELECT name FROM sqlite_master WHERE type = 'table'").scalars()
    return set(rows)


def install_search_index(conn: Connection, *, rebuild: bool = False) -> None:
    """Create the FTS5 tables and their triggers (again, if rebuild) and fill them from units.

    Two indexes: units_fts over every unit, and the quality-ordered store.rank_index that
    suggestions read first.
    """
    from desktop.store import rank_index

    if rebuild:
        for statement in _FTS_DROP:
            conn.exec_driver_sql(statement)
    for statement in _FTS_SCHEMA:
        conn.exec_driver_sql(statement)
    if rebuild:
        conn.exec_driver_sql("INSERT INTO units_fts(units_fts) VALUES ('rebuild')")
    rank_index.install(conn, rebuild=rebuild)


def match_expression(terms: list[tuple[str, bool]]) -> str:
    """An FTS5 query that searches every term as literal text, all of them required.

    Each term is an FTS5 string ("…" with " doubled), so AND, NEAR, *, ^, : and ( and quotes
    in what the writer typed are words, never syntax; (term, True) matches as a prefix.
    """
    return " ".join('"' + term.replace('"', '""') + '"' + ("*" if prefix else "") for term, prefix in terms)


def relevance_query() -> TextClause:
    """Rows (unit_id, relevance) matching :match; relevance ≥ 0, larger is better (−bm25)."""
    from sqlalchemy import Float, Integer, text

    return text(
        "SELECT rowid AS unit_id, -bm25(units_fts) AS relevance FROM units_fts WHERE units_fts MATCH :match"
    ).columns(unit_id=Integer, relevance=Float)


def integrity_problems(conn: Connection) -> list[str]:
    """What SQLite's integrity check and the FTS5 index check report; [] when all is well."""
    from sqlalchemy.exc import DBAPIError

    from desktop.store import rank_index

    problems = [r for r in conn.exec_driver_sql("PRAGMA integrity_check").scalars() if r != "ok"]
    problems += [f"外键错误：{row[0]} 表第 {row[1]} 行" for row in conn.exec_driver_sql("PRAGMA foreign_key_check")]
    try:
        # rank = 1: also compare the index with the units table it indexes.
        conn.exec_driver_sql("INSERT INTO units_fts(units_fts, rank) VALUES ('integrity-check', 1)")
    except DBAPIError as exc:
        problems.append(f"全文索引与内容不一致：{exc.orig}")
    rank_problem = rank_index.integrity_problem(conn)
    return problems + ([rank_problem] if rank_problem else [])


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
