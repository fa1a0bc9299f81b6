"""A first look at the bank through plain sqlite3, while the store itself still loads.

Opening the PhraseBank means importing SQLAlchemy and the store (0.4–0.7 s on a busy 2-core
machine) and the segmenter's dictionary (0.2 s). The phrase panel's first listing needs none
of that: it is store.sqlite.search.listing, the empty-query order (favourite, uses, recency) over the
live units, which the listing indexes of store.models answer directly. FirstReader runs that
listing on its own read-only connection until the window hands over to the opened bank. Text
queries need the segmenter: they wait for the bank.

It only reads (PRAGMA query_only), and it declines (open() returns None) any bank it cannot read
at the current schema version: a missing file, an older bank the store will upgrade, a damaged
one. The PhraseBank's own open then reports what is wrong, in Chinese, as before.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from desktop.core.phrase_source import SearchFilter, SearchHit, UnitRecord
from desktop.store.migrations import SCHEMA_VERSION
from desktop.store.search import plan
from desktop.store.sqlite import connection as db
from desktop.store.sqlite import search as sqlite_search

if TYPE_CHECKING:
    from desktop.core.phrase_source import PhraseSource


class FirstReader:
    """Read-only listing of a current bank without SQLAlchemy or the segmenter."""

    def __init__(self, conn: sqlite3.Connection, path: Path) -> None:
        self._conn = conn
        self._lock = threading.Lock()  # one query at a time on the one connection
        self.path = path

    @classmethod
    def open(cls, path: str | Path) -> FirstReader | None:
        """A reader on the bank at path, or None when only the PhraseBank can open it."""
        path = Path(path)
        if not path.is_file():
            return None
        conn = None
        try:
            conn = sqlite3.connect(
                path, timeout=db.BUSY_TIMEOUT_MS / 1000, check_same_thread=False, isolation_level=None
            )
            conn.execute(f"PRAGMA busy_timeout = {db.BUSY_TIMEOUT_MS}")
            conn.execute("PRAGMA query_only = ON")
            conn.execute(f"PRAGMA mmap_size = {db.MMAP_BYTES}")
            row = conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
            if row is None or str(row[0]) != str(SCHEMA_VERSION):
                conn.close()
                return None
        except sqlite3.Error:
            if conn is not None:
                conn.close()
            return None
        return cls(conn, path)

    def close(self) -> None:
        with self._lock:
            self._conn.close()

    def __enter__(self) -> FirstReader:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def search(
        self,
        query: str = "",
        *,
        kind: str | None = None,
        speech_type: str | None = None,
        favourites_only: bool = False,
        limit: int = 20,
        widen: bool = True,
    ) -> list[SearchHit]:
        """PhraseBank.search for an empty query (the listing) or a kind's name (结尾: that kind's
        listing, store.search.plan); any other text query raises ValueError.

        kind and speech_type are the panel's own values (phrase kinds, speech type names).
        """
        asked = plan(query, kind)
        if asked.text:
            raise ValueError("text queries need the opened PhraseBank")
        if limit <= 0:
            return []
        f = SearchFilter.of(kind=asked.kind, speech_type=speech_type, favourites_only=favourites_only)
        with self._lock, db.translated_errors():
            return sqlite_search.listing(self._conn, f, limit)

    def get_units(self, unit_ids: Iterable[int]) -> list[UnitRecord]:
        """Full records need the opened PhraseBank (the window asks for them only once it is open)."""
        raise ValueError("unit records need the opened PhraseBank")

    def keywords(self, text: str, limit: int = 6) -> list[str]:
        """No segmenter is loaded yet: no keywords (composition then works from the listing)."""
        return []


if TYPE_CHECKING:

    def _is_a_phrase_source(reader: FirstReader) -> PhraseSource:
        return reader  # mypy checks that FirstReader satisfies the protocol
