"""Store: a first look at the bank through plain sqlite3, while the store itself still loads.

Opening the PhraseBank means importing SQLAlchemy and the store (0.4–0.7 s on a busy 2-core
machine) and the segmenter's dictionary (0.2 s). The phrase panel's first listing needs none
of that: it is the empty-query order of store.search (favourite, uses, recency) over the live
units, which the listing indexes of store.models answer directly. FirstReader answers exactly
that, with the same hits PhraseBank.search("") returns (tests/store/test_first_read.py compares
them), until the window hands over to the opened bank. Text queries need the segmenter and the
ranked search: they wait for the bank.

It only reads (PRAGMA query_only), and it declines (open() returns None) any bank it cannot read
at the current schema version: a missing file, an older bank the store will upgrade, a damaged
one. The PhraseBank's own open then reports what is wrong, in Chinese, as before.
"""
from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

from desktop.store import sqlite_engine as db
from desktop.store.migrations import SCHEMA_VERSION
from desktop.store.records import SearchHit

# store.search's empty-query score (0 + its favourite/use boost), as SQLite computes it there.
_LISTING_SCORE = "0.0 + (1 + CASE WHEN favourite = 1 THEN 0.5 ELSE 0.0 END) * (1 + 0.5 * uses / (uses + 5.0))"
_LISTING_ORDER = "favourite DESC, uses DESC, coalesce(last_used_at, updated_at) DESC, id DESC"


class FirstReader:
    """Store: read-only listing of a current bank without SQLAlchemy or the segmenter."""

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
            conn = sqlite3.connect(path, timeout=db.BUSY_TIMEOUT_MS / 1000, check_same_thread=False,
                                   isolation_level=None)
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

    def search(self, query: str = "", *, kind: str | None = None, speech_type: str | None = None,
               favourites_only: bool = False, limit: int = 20) -> list[SearchHit]:
        """PhraseBank.search for an empty query (the listing); a text query raises ValueError.

        kind and speech_type are the panel's own values (phrase kinds, speech type names),
        compared as given.
        """
        if query.strip():
            raise ValueError("text queries need the opened PhraseBank")
        if limit <= 0:
            return []
        where, params = ["deleted_at IS NULL"], []
        if kind:
            where.append("kind = ?")
            params.append(kind.strip())
        if speech_type:
            where.append("speech_type = ?")
            params.append(speech_type.strip())
        if favourites_only:
            where.append("favourite = 1")
        sql = (f"SELECT id, text, kind, speech_type, favourite, uses, {_LISTING_SCORE} FROM units"
               f" WHERE {' AND '.join(where)} ORDER BY {_LISTING_ORDER} LIMIT ?")
        with self._lock, db.translated_errors():
            rows = self._conn.execute(sql, (*params, limit)).fetchall()
            names = self._source_names([r[0] for r in rows])
        return [SearchHit(unit_id=r[0], text=r[1], kind=r[2], speech_type=r[3], score=float(r[6]),
                          favourite=bool(r[4]), uses=r[5], sources=names[r[0]]) for r in rows]

    def _source_names(self, ids: list[int]) -> dict[int, tuple[str, ...]]:
        """The documents each unit came from, by name, in import order, each name once."""
        names: dict[int, list[str]] = {i: [] for i in ids}
        if ids:
            marks = ",".join("?" * len(ids))
            for unit_id, name in self._conn.execute(
                "SELECT s.unit_id, d.name FROM unit_sources s JOIN documents d ON d.id = s.document_id"
                f" WHERE s.unit_id IN ({marks}) ORDER BY d.id", ids
            ):
                if name not in names[unit_id]:
                    names[unit_id].append(name)
        return {i: tuple(n) for i, n in names.items()}
