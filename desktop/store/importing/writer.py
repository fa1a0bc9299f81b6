"""Writing cut files into the bank, several files per transaction, on the DBAPI connection.

The import's hot path skips the ORM (store.models stays the schema; the rows written here are
the ones its bulk insert wrote: same columns, same JSON and datetime text). Per file:

- a SAVEPOINT, so that a file that fails is rolled back alone and the batch goes on;
- the document and its sources are written at once; its new units are staged in a temporary
  table, and the whole batch's go in at its commit through one INSERT … SELECT (foreign keys
  are checked at the commit). A row at a time, each statement would open a statement
  savepoint, and FTS5 writes out its pending index data at every savepoint (as at every
  SAVEPOINT): a segment per unit, or per file, merged again and again, which made the
  import's SQLite time grow faster than the bank. The staged rows go in in the quality index's
  rowid order (store.rank_index), since FTS5 also writes out whenever a rowid is not larger
  than the last; their ids are given explicitly, in the order the units were cut, so they are
  the ids a row-by-row insert would have given.

A batch is committed after BATCH_SECONDS or BATCH_FILES files, and when the import ends or is
cancelled. A crash or a kill loses at most the open batch, whole files only; when the batch's
units or its commit fail (disk full), every file of the batch is reported refused. The WAL is
checkpointed every WAL_PAGES pages during the import (on its own connection) rather than every
1000, SQLite's default: a page the import keeps changing is copied back once, not at
every commit.
"""

from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Callable
from pathlib import Path

from desktop.store import rank_index
from desktop.store.context import BankContext
from desktop.store.errors import BankError
from desktop.store.importing.cutting import CutDocument, CutFile, unit_terms
from desktop.store.records import ImportedDocument, ImportReport, RefusedFile, SkippedDocument
from desktop.store.sqlite_engine import translated_errors, utc_now

BATCH_SECONDS = 1.0
BATCH_FILES = 200
WAL_PAGES = 10_000
_KEY_CHUNK = 500

_UNIT_COLUMNS = (
    "id, text, kind, speech_type, dedup_key, keywords, tokens, slots, group_json, favourite, uses,"
    " created_at, updated_at"
)
_STAGE = "import_stage"
_STAGE_SCHEMA = (
    f"CREATE TEMP TABLE IF NOT EXISTS {_STAGE} (id INTEGER PRIMARY KEY, text, kind, speech_type,"
    " dedup_key, keywords, tokens, slots, group_json, favourite, uses, created_at, updated_at)"
)


def _now() -> str:
    """Now (sqlite_engine.utc_now) as SQLAlchemy's SQLite DateTime stores it."""
    return utc_now().strftime("%Y-%m-%d %H:%M:%S.%f")


def _json(value: object) -> str:
    """JSON as SQLAlchemy's JSON type stores it (json.dumps defaults; None is the JSON null)."""
    return json.dumps(value)


class ImportWriter:
    """The open write transaction of an import; use as a context manager around the files."""

    def __init__(self, ctx: BankContext, report: ImportReport, clock: Callable[[], float] = time.monotonic) -> None:
        self._ctx = ctx
        self._report = report
        self._clock = clock
        self._db: sqlite3.Connection | None = None
        self._locked = False
        self._staged: dict[str, int] = {}  # dedup key -> id of the units staged in the open batch
        self._next_id = 0
        self._batch: list[tuple[str, list[ImportedDocument | SkippedDocument]]] = []
        self._batch_started = 0.0

    def __enter__(self) -> ImportWriter:
        with translated_errors():
            self._db = self._ctx.connect()
            self._db.execute(f"PRAGMA wal_autocheckpoint = {WAL_PAGES}")
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: object) -> None:
        try:
            if exc_type is None:
                self.commit()
            else:
                self._rollback()
        finally:
            db, self._db = self._db, None
            if db is not None:
                db.close()

    # ---- transactions ----

    def _begin(self) -> None:
        # The process's write lock only while a batch is open: the writer's own edits in the
        # window wait a second at most, not for the whole import.
        self._ctx.write_lock.acquire()
        self._locked = True
        self._db.execute("BEGIN IMMEDIATE")
        # The batch's sources point at units staged until the commit: check them at the commit.
        self._db.execute("PRAGMA defer_foreign_keys = ON")
        self._db.execute(_STAGE_SCHEMA)
        self._db.execute(f"DELETE FROM temp.{_STAGE}")
        self._next_id = self._db.execute("SELECT coalesce(max(id), 0) + 1 FROM units").fetchone()[0]
        self._staged = {}
        self._batch_started = self._clock()

    def _unlock(self) -> None:
        if self._locked:
            self._locked = False
            self._ctx.write_lock.release()

    def commit(self) -> None:
        """Commit the open batch; on failure its files are reported refused (nothing of them is kept)."""
        batch, self._batch = self._batch, []
        try:
            if self._db is not None and self._db.in_transaction:
                with translated_errors():
                    self._insert_staged()
                    self._db.execute("COMMIT")
        except BankError as exc:
            self._rollback()
            self._settle(batch, exc)
            return
        finally:
            if self._db is None or not self._db.in_transaction:
                self._unlock()
        self._settle(batch, None)

    def _insert_staged(self) -> None:
        """The batch's new units in one statement, in the quality index's rowid order (module doc)."""
        if self._staged:
            self._db.execute(
                f"INSERT INTO main.units ({_UNIT_COLUMNS}) SELECT {_UNIT_COLUMNS} FROM temp.{_STAGE} s"
                f" ORDER BY {rank_index.row_key('s')}"
            )
            self._db.execute(f"DELETE FROM temp.{_STAGE}")
            self._staged = {}

    def _rollback(self) -> None:
        try:
            if self._db is not None and self._db.in_transaction:
                self._db.execute("ROLLBACK")
        except sqlite3.Error:
            pass
        finally:
            self._unlock()

    def _settle(
        self, batch: list[tuple[str, list[ImportedDocument | SkippedDocument]]], error: BankError | None
    ) -> None:
        for path, results in batch:
            if error is not None:
                self._report.refused.append(RefusedFile(path, str(error)))
                continue
            for result in results:
                (self._report.imported if isinstance(result, ImportedDocument) else self._report.skipped).append(result)

    # ---- files ----

    def write(self, cut_file: CutFile) -> None:
        """Store one cut file in the open batch (a file refused by reading is only reported)."""
        path = str(cut_file.path)
        if cut_file.refused is not None:
            self._report.refused.append(RefusedFile(path, cut_file.refused))
            return
        db = self._db
        try:
            with translated_errors():
                if not db.in_transaction:
                    self._begin()
                db.execute("SAVEPOINT import_file")
                staged, next_id = dict(self._staged), self._next_id
                try:
                    results = [self._store_document(db, cut_file.path, cut) for cut in cut_file.documents]
                except BaseException:
                    self._staged, self._next_id = staged, next_id
                    if db.in_transaction:  # SQLite rolls the whole transaction back itself on some errors
                        db.execute("ROLLBACK TO import_file")
                        db.execute("RELEASE import_file")
                    raise
                db.execute("RELEASE import_file")
        except BankError as exc:
            self._report.refused.append(RefusedFile(path, str(exc)))
            if not db.in_transaction:  # the batch went with it (or never began)
                lost, self._batch = self._batch, []
                self._settle(lost, exc)
                self._unlock()
            return
        self._batch.append((path, results))
        if len(self._batch) >= BATCH_FILES or self._clock() - self._batch_started >= BATCH_SECONDS:
            self.commit()

    def _store_document(
        self, db: sqlite3.Connection, path: Path, cut: CutDocument
    ) -> ImportedDocument | SkippedDocument:
        doc, digest = cut.doc, cut.digest
        existing = db.execute("SELECT name FROM documents WHERE content_hash = ?", (digest,)).fetchone()
        if existing is not None:
            return SkippedDocument(str(path), doc.name, existing[0])
        now = _now()
        document_id = db.execute(
            "INSERT INTO documents (name, source_path, content_hash, speech_type, imported_at) VALUES (?, ?, ?, ?, ?)",
            (doc.name, doc.source_path or str(path), digest, cut.speech_type, now),
        ).lastrowid
        keyed = [(key, i) for i, key in enumerate(cut.keys) if key]
        wanted = list(dict.fromkeys(key for key, _ in keyed))
        ids = {key: self._staged[key] for key in wanted if key in self._staged}
        ids.update(_ids_by_key(db, [key for key in wanted if key not in ids]))
        new: dict[str, int] = {}
        for key, i in keyed:
            if key not in ids and key not in new:
                new[key] = i
        if new:
            rows = []
            for unit_id, (key, i) in enumerate(new.items(), start=self._next_id):
                unit = cut.units[i]
                tokens, keywords = cut.terms.get(i) or unit_terms(self._ctx.tokenizer, unit.text)
                rows.append(
                    (
                        unit_id,
                        unit.text,
                        unit.kind,
                        unit.speech_type,
                        key,
                        _json(keywords),
                        tokens,
                        unit.slots,
                        _json(list(unit.group) or None),
                        0,
                        0,
                        now,
                        now,
                    )
                )
                ids[key] = self._staged[key] = unit_id
            self._next_id += len(rows)
            db.executemany(f"INSERT INTO temp.{_STAGE} VALUES ({', '.join('?' * 13)})", rows)
        places = dict.fromkeys((ids[key], cut.units[i].paragraph) for key, i in keyed)
        db.executemany(
            "INSERT INTO unit_sources (unit_id, document_id, paragraph) VALUES (?, ?, ?)",
            [(unit_id, document_id, paragraph) for unit_id, paragraph in places],
        )
        return ImportedDocument(str(path), doc.name, len(new), len(keyed) - len(new))


def _ids_by_key(db: sqlite3.Connection, keys: list[str]) -> dict[str, int]:
    found: dict[str, int] = {}
    for start in range(0, len(keys), _KEY_CHUNK):
        chunk = keys[start : start + _KEY_CHUNK]
        query = f"SELECT dedup_key, id FROM units WHERE dedup_key IN ({', '.join('?' * len(chunk))})"
        found.update(db.execute(query, chunk).fetchall())
    return found
