"""Store: what every bank operation needs: the file, the engine, sessions, the tokenizer, the write lock.

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

from desktop.store import sqlite_engine as db
from desktop.text.tokenizer import Tokenizer

if TYPE_CHECKING:
    from sqlalchemy import Engine
    from sqlalchemy.orm import Session, sessionmaker


class BankContext:
    """Store: the shared state of one open bank."""

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

    @property
    def engine(self) -> Engine:
        """The SQLAlchemy engine, made (and SQLAlchemy imported) on first use."""
        with self._engine_lock:
            if self._engine is None:
                from sqlalchemy.orm import sessionmaker

                engine = db.make_engine(self.path)
                self._sessions = sessionmaker(engine, expire_on_commit=False)
                self._write_sessions = sessionmaker(db.writer(engine), expire_on_commit=False)
                self._engine = engine
            return self._engine

    @property
    def has_engine(self) -> bool:
        return self._engine is not None

    def connect(self) -> sqlite3.Connection:
        """A new plain sqlite3 connection to the bank, set up as the engine's; the caller closes it."""
        return db.connect(self.path)

    def dispose(self) -> None:
        """Close the engine's pooled connections, if an engine was made, and the held connection."""
        with self._engine_lock:
            if self._engine is not None:
                self._engine.dispose()
            if self._keeper is not None:
                self._keeper.close()
                self._keeper = None

    @contextmanager
    def reading(self) -> Iterator[Session]:
        self.engine  # noqa: B018 - makes the session factories
        with db.translated_errors(), self._sessions() as session:
            yield session

    @contextmanager
    def writing(self) -> Iterator[Session]:
        """One transaction: committed when the block ends, rolled back if it raises."""
        self.engine  # noqa: B018 - makes the session factories
        with self.write_lock, db.translated_errors(), self._write_sessions.begin() as session:
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
