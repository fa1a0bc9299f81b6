"""Writing cut files into the bank, several files per transaction, on the DBAPI connection.

The import's hot path skips the ORM: the units rows are the models' columns
(store.sqlite.schema_ddl, generated from store.models) encoded as SQLAlchemy's SQLite types
store them (store.sqlite.codec). Per file:

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

import sqlite3
import time
from collections.abc import Callable
from pathlib import Path

from desktop.infra.paths import shown_path
from desktop.store.errors import BankError
from desktop.store.heading_groups import group_key
from desktop.store.importing.cutting import CutDocument, CutFile, unit_terms
from desktop.store.records import ImportedDocument, ImportReport, RefusedFile, SkippedDocument, utc_now
from desktop.store.sqlite import codec, rank_index
from desktop.store.sqlite.connection import translated_errors
from desktop.store.sqlite.context import BankContext

BATCH_SECONDS = 1.0
BATCH_FILES = 200
WAL_PAGES = 10_000
_KEY_CHUNK = 500

_UNIT_COLUMNS = ", ".join(codec.NAMES)
_STAGE = "import_stage"
# The staged rows' ids are given (INTEGER PRIMARY KEY); the other columns as the units table has them.
_STAGE_SCHEMA = f"CREATE TEMP TABLE IF NOT EXISTS {_STAGE} (id INTEGER PRIMARY KEY, {', '.join(codec.NAMES[1:])})"


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

    @property
    def _conn(self) -> sqlite3.Connection:
        if self._db is None:
            raise RuntimeError("ImportWriter used outside its with block")
        return self._db

    # ---- transactions ----

    def _begin(self) -> None:
        # The process's write lock only while a batch is open: the writer's own edits in the
        # window wait a second at most, not for the whole import.
        self._ctx.write_lock.acquire()
        self._locked = True
        self._conn.execute("BEGIN IMMEDIATE")
        # The batch's sources point at units staged until the commit: check them at the commit.
        self._conn.execute("PRAGMA defer_foreign_keys = ON")
        self._conn.execute(_STAGE_SCHEMA)
        self._conn.execute(f"DELETE FROM temp.{_STAGE}")
        self._next_id = self._conn.execute("SELECT coalesce(max(id), 0) + 1 FROM units").fetchone()[0]
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
            self._conn.execute(
                f"INSERT INTO main.units ({_UNIT_COLUMNS}) SELECT {_UNIT_COLUMNS} FROM temp.{_STAGE} s"
                f" ORDER BY {rank_index.row_key('s')}"
            )
            self._conn.execute(f"DELETE FROM temp.{_STAGE}")
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
                if isinstance(result, ImportedDocument):
                    self._report.imported.append(result)
                else:
                    self._report.skipped.append(result)

    # ---- files ----

    def write(self, cut_file: CutFile) -> None:
        """Store one cut file in the open batch (a file refused by reading is only reported)."""
        path = shown_path(cut_file.path)
        if cut_file.refused is not None:
            self._report.refused.append(RefusedFile(path, cut_file.refused))
            return
        db = self._conn
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
            return SkippedDocument(shown_path(path), doc.name, existing[0])
        now = utc_now()
        document_id = db.execute(
            "INSERT INTO documents (name, source_path, content_hash, speech_type, imported_at, dated)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            (
                doc.name,
                doc.source_path or shown_path(path),
                digest,
                cut.speech_type,
                codec.datetime_text(now),
                cut.dated,
            ),
        ).lastrowid
        keyed = [(key, i) for i, key in enumerate(cut.keys) if key]
        wanted = list(dict.fromkeys(key for key, _ in keyed))
        ids = {key: self._staged[key] for key in wanted if key in self._staged}
        ids.update(ids_by_key(db, [key for key in wanted if key not in ids]))
        new: dict[str, int] = {}
        for key, i in keyed:
            if key not in ids and key not in new:
                new[key] = i
        if new:
            rows = []
            groups: dict[int, int] = {}  # id() of a cut group (shared by its headings) -> its row
            for unit_id, (key, i) in enumerate(new.items(), start=self._next_id):
                unit = cut.units[i]
                tokens, unit_grams, keywords = cut.terms.get(i) or unit_terms(self._ctx.tokenizer, unit.text)
                rows.append(
                    codec.unit_row(
                        {
                            "id": unit_id,
                            "text": unit.text,
                            "kind": unit.kind,
                            "speech_type": unit.speech_type,
                            "dedup_key": key,
                            "keywords": keywords,
                            "tokens": tokens,
                            "grams": unit_grams,
                            "slots": unit.slots,
                            "group_id": _group_id(db, unit.group, groups) if unit.group else None,
                            "favourite": False,
                            "uses": 0,
                            "dated": cut.dated,
                            "created_at": now,
                            "updated_at": now,
                        }
                    )
                )
                ids[key] = self._staged[key] = unit_id
            self._next_id += len(rows)
            db.executemany(f"INSERT INTO temp.{_STAGE} VALUES ({', '.join('?' * len(codec.NAMES))})", rows)
        merged = [ids[key] for key in wanted if key not in new]
        if cut.dated is not None and merged:  # a unit keeps the date of its newest document
            for table in (f"temp.{_STAGE}", "main.units"):
                db.executemany(
                    f"UPDATE {table} SET dated = ? WHERE id = ? AND (dated IS NULL OR dated < ?)",
                    [(cut.dated, unit_id, cut.dated) for unit_id in merged],
                )
        places = dict.fromkeys((ids[key], cut.units[i].paragraph) for key, i in keyed)
        db.executemany(
            "INSERT INTO unit_sources (unit_id, document_id, paragraph) VALUES (?, ?, ?)",
            [(unit_id, document_id, paragraph) for unit_id, paragraph in places],
        )
        return ImportedDocument(
            shown_path(path),
            doc.name,
            len(new),
            len(keyed) - len(new),
            title=cut.title,
            speech_type=cut.speech_type,
            debris=cut.debris,
            appendix=cut.appendix,
        )


def _group_id(db: sqlite3.Connection, headings: tuple[str, ...], known: dict[int, int]) -> int:
    """The heading_groups row of a cut group, stored once (store.heading_groups); the units of one
    document share the group's tuple, so each group is looked up once per document."""
    found = known.get(id(headings))
    if found is None:
        key = group_key(headings)
        db.execute(
            "INSERT OR IGNORE INTO heading_groups (group_key, headings) VALUES (?, ?)",
            (key, codec.json_text(list(headings))),
        )
        found = known[id(headings)] = db.execute(
            "SELECT id FROM heading_groups WHERE group_key = ?", (key,)
        ).fetchone()[0]
    return found


def ids_by_key(db: sqlite3.Connection, keys: list[str]) -> dict[str, int]:
    found: dict[str, int] = {}
    for start in range(0, len(keys), _KEY_CHUNK):
        chunk = keys[start : start + _KEY_CHUNK]
        query = f"SELECT dedup_key, id FROM units WHERE dedup_key IN ({', '.join('?' * len(chunk))})"
        found.update(db.execute(query, chunk).fetchall())
    return found
