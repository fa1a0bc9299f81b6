"""Store: what every bank operation needs: the engine, sessions, the tokenizer, the write lock.

Reads take a fresh session each; writes also take the process-wide write lock, so that two
threads of the app never race for SQLite's single writer (WAL lets reads run alongside).
"""
from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from desktop.store.sqlite_engine import translated_errors, writer
from desktop.text.tokenizer import Tokenizer


@dataclass
class BankContext:
    """Store: the shared state of one open bank."""

    engine: Engine
    tokenizer: Tokenizer
    sessions: sessionmaker[Session] = field(init=False)
    write_sessions: sessionmaker[Session] = field(init=False)
    write_lock: threading.RLock = field(default_factory=threading.RLock)

    def __post_init__(self) -> None:
        self.sessions = sessionmaker(self.engine, expire_on_commit=False)
        self.write_sessions = sessionmaker(writer(self.engine), expire_on_commit=False)

    @contextmanager
    def reading(self) -> Iterator[Session]:
        with translated_errors(), self.sessions() as session:
            yield session

    @contextmanager
    def writing(self) -> Iterator[Session]:
        """One transaction: committed when the block ends, rolled back if it raises."""
        with self.write_lock, translated_errors(), self.write_sessions.begin() as session:
            yield session
