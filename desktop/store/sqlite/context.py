"""What every operation on a SQLite bank needs: the file, connections, sessions, the tokenizer, the write lock.

Reads take a fresh session each; writes also take the process-wide write lock, so that two
threads of the app never race for SQLite's single writer (WAL lets reads run alongside).

The engine (and with it SQLAlchemy, 0.4 s to import) is made on first use: opening a current
bank, creating a new one, a DBAPI import (connect()) and closing need only sqlite3, so
`speechdraft bank build` never loads SQLAlchemy, and the window's first look does not wait for it.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from desktop.store.sqlite import connection as db
from desktop.text.tokenizer import Tokenizer

if TYPE_CHECKING:
    from sqlalchemy import Engine
    from sqlalchemy.orm import Session, sessionmaker


IDLE_READERS = 4  # the window's search threads, the compose job and the bank window at once


class BankContext:
    """The shared state of one open bank."""

    def __init__(self, path: Path, tokenizer: Tokenizer) -> None:
        """Connects to the bank at path (sqlite3 errors are the caller's to translate)."""
        self.path = Path(path)
        self.tokenizer = tokenizer
        self.write_lock = threading.RLock()
        self._engine: Engine | None = None
        self._sessions: sessionmaker[Session] | None = None
        self._write_sessions: sessionmaker[Session] | None = None
        self._engine_lock = threading.Lock()
        # Held open, idle, while the bank is open, as the engine's pool did: it keeps SQLite's
        # WAL and shared-memory files in place between operations (without it each connect would
        # make them again, and on a full disk fail before a write could say the disk is full).
        self._keeper: sqlite3.Connection | None = db.connect(self.path)
        self._idle_readers: list[sqlite3.Connection] = []
        self._readers_lock = threading.Lock()
        self._disposed = False

    @property
    def engine(self) -> Engine:
        """The SQLAlchemy engine, made (and SQLAlchemy imported) on first use."""
        return self._orm()[0]

    def _orm(self) -> tuple[Engine, sessionmaker[Session], sessionmaker[Session]]:
        """The engine and its session factories (reads, writes), made on first use."""
        with self._engine_lock:
            if self._engine is None or self._sessions is None or self._write_sessions is None:
                from sqlalchemy.orm import sessionmaker

                engine = db.make_engine(self.path)
                self._sessions = sessionmaker(engine, expire_on_commit=False)
                self._write_sessions = sessionmaker(db.writer(engine), expire_on_commit=False)
                self._engine = engine
            return self._engine, self._sessions, self._write_sessions

    def connect(self) -> sqlite3.Connection:
        """A new plain sqlite3 connection to the bank, set up as the engine's; the caller closes it."""
        return db.connect(self.path)

    def dispose(self) -> None:
        """Close the engine's pooled connections, if an engine was made, the idle readers and
        the held connection (a reader in use is closed when it is given back)."""
        with self._readers_lock:
            self._disposed = True
            idle, self._idle_readers = self._idle_readers, []
        for conn in idle:
            conn.close()
        with self._engine_lock:
            if self._engine is not None:
                self._engine.dispose()
            if self._keeper is not None:
                self._keeper.close()
                self._keeper = None

    @contextmanager
    def reading_connection(self) -> Iterator[sqlite3.Connection]:
        """A plain sqlite3 connection for reads, lent from a few idle ones: a new connection
        costs ~1.5 ms (its PRAGMAs), as much as a whole suggestion query."""
        with self._readers_lock:
            conn = self._idle_readers.pop() if self._idle_readers else None
        with db.translated_errors():
            if conn is None:
                conn = self.connect()
            try:
                yield conn
            except BaseException:
                conn.close()  # whatever state the failure left it in, it is not lent again
                raise
        if conn.in_transaction:
            conn.rollback()
        with self._readers_lock:
            if not self._disposed and len(self._idle_readers) < IDLE_READERS:
                self._idle_readers.append(conn)
                return
        conn.close()

    @contextmanager
    def reading(self) -> Iterator[Session]:
        _, sessions, _ = self._orm()
        with db.translated_errors(), sessions() as session:
            yield session

    @contextmanager
    def writing(self) -> Iterator[Session]:
        """One transaction: committed when the block ends, rolled back if it raises."""
        _, _, write_sessions = self._orm()
        with self.write_lock, db.translated_errors(), write_sessions.begin() as session:
            yield session

    @contextmanager
    def plain_writing(self) -> Iterator[sqlite3.Connection]:
        """One transaction on a plain sqlite3 connection (BEGIN IMMEDIATE, under the write lock)."""
        with self.write_lock, db.translated_errors():
            conn = self.connect()
            try:
                conn.execute("BEGIN IMMEDIATE")
                try:
                    yield conn
                except BaseException:
                    if conn.in_transaction:  # SQLite may have rolled back already (disk full)
                        conn.execute("ROLLBACK")
                    raise
                conn.execute("COMMIT")
            finally:
                conn.close()
