"""Store: PhraseBank, the one object the CLI and the GUI use to reach the bank.

Safe to call from worker threads: one engine per open bank, a session per call, writes
serialised by a lock. Every method returns plain records (store.records), never ORM objects.
"""
from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path
from types import TracebackType

from sqlalchemy import func, select

from desktop.store import importer, search as search_mod, sqlite_engine as db, transfer, units
from desktop.store.context import BankContext
from desktop.store.errors import BankOpenError
from desktop.store.migrations import prepare_schema
from desktop.store.models import Document, Unit, UnitSource
from desktop.store.records import DocumentRecord, ImportReport, RestoreReport, SearchHit, UnitRecord
from desktop.text.tokenizer import Tokenizer, default_tokenizer


class PhraseBank:
    """Store: an open phrase bank (facade over search, the writer's operations, import, backup)."""

    def __init__(self, ctx: BankContext, path: Path, backup: Path | None) -> None:
        self._ctx = ctx
        self.path = path
        self.upgrade_backup = backup  # the copy made before upgrading an older bank, if any

    @classmethod
    def open(cls, path: str | os.PathLike[str], *, tokenizer: Tokenizer | None = None, backups_dir: str | os.PathLike[str] | None = None) -> "PhraseBank":
        """Open (or create) the bank at path, upgrading an older one after backing it up."""
        path = Path(path)
        if not path.parent.is_dir():
            raise BankOpenError(f"素材库所在的文件夹不存在：{path.parent}。请先创建该文件夹或选择其他位置。")
        if path.exists() and not path.is_file():
            raise BankOpenError(f"素材库路径不是文件：{path}。请选择一个素材库文件。")
        engine = db.make_engine(path)
        try:
            backup = prepare_schema(engine, path, Path(backups_dir) if backups_dir else path.parent / "backups")
        except BaseException:
            engine.dispose()
            raise
        return cls(BankContext(engine, tokenizer or default_tokenizer()), path, backup)

    def close(self) -> None:
        try:
            db.checkpoint(self._ctx.engine)
        except Exception:  # closing must not fail; SQLite folds the WAL in on the last close anyway
            pass
        self._ctx.engine.dispose()

    def __enter__(self) -> "PhraseBank":
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        self.close()

    @property
    def tokenizer(self) -> Tokenizer:
        return self._ctx.tokenizer

    # ---- finding ----
    def search(
        self,
        query: str,
        *,
        kind: str | None = None,
        speech_type: str | None = None,
        tag: str | None = None,
        source: str | int | None = None,
        favourites_only: bool = False,
        include_deleted: bool = False,
        limit: int = 20,
    ) -> list[SearchHit]:
        return search_mod.search(
            self._ctx, query, kind=kind, speech_type=speech_type, tag=tag, source=source,
            favourites_only=favourites_only, include_deleted=include_deleted, limit=limit,
        )

    def get_unit(self, unit_id: int) -> UnitRecord:
        return units.get_unit(self._ctx, unit_id)

    def get_units(self, unit_ids: Iterable[int]) -> list[UnitRecord]:
        return units.get_units(self._ctx, unit_ids)

    def list_tags(self) -> list[tuple[str, int]]:
        return units.list_tags(self._ctx)

    def list_documents(self) -> list[DocumentRecord]:
        with self._ctx.reading() as session:
            rows = session.execute(
                select(Document, func.count(func.distinct(UnitSource.unit_id)))
                .outerjoin(UnitSource, UnitSource.document_id == Document.id)
                .group_by(Document.id)
                .order_by(Document.id)
            ).all()
            return [DocumentRecord(d.id, d.name, d.source_path, d.speech_type, d.imported_at, n) for d, n in rows]

    def live_units(self) -> int:
        """Units outside the trash: one plain count (stats() compiles six ORM queries on first use)."""
        with db.translated_errors(), self._ctx.engine.connect() as conn:
            return int(conn.exec_driver_sql("SELECT count(*) FROM units WHERE deleted_at IS NULL").scalar_one())

    def stats(self) -> dict:
        """{"units", "documents", "by_kind", "trash", "favourites", "tags"}; units and by_kind count live units."""
        with self._ctx.reading() as session:
            live = Unit.deleted_at.is_(None)
            by_kind = {k: n for k, n in session.execute(select(Unit.kind, func.count()).where(live).group_by(Unit.kind).order_by(Unit.kind))}
            return {
                "units": session.scalar(select(func.count()).select_from(Unit).where(live)),
                "documents": session.scalar(select(func.count()).select_from(Document)),
                "by_kind": by_kind,
                "trash": session.scalar(select(func.count()).select_from(Unit).where(Unit.deleted_at.is_not(None))),
                "favourites": session.scalar(select(func.count()).select_from(Unit).where(live, Unit.favourite.is_(True))),
                "tags": len(units.list_tags(self._ctx)),
            }

    def backup_to(self, dest: str | os.PathLike[str]) -> Path:
        """A consistent copy of the bank file at dest (written beside it, then renamed)."""
        dest = Path(dest)
        with db.translated_errors():
            db.backup_database(self._ctx.engine, dest)
        return dest

    def integrity_check(self) -> list[str]:
        """Problems found in the file and the search index; [] means all is well."""
        with self._ctx.write_lock, db.translated_errors(), self._ctx.engine.begin() as conn:
            return db.integrity_problems(conn)

    # ---- the writer's operations ----
    def add_unit(self, text: str, kind: str, *, tags: Iterable[str] = (), speech_type: str | None = None) -> UnitRecord:
        return units.add_unit(self._ctx, text, kind, tags=tags, speech_type=speech_type)

    def edit_unit(self, unit_id: int, *, text: str | None = None, kind: str | None = None,
                  speech_type: str | None = None, keywords: list[str] | None = None) -> UnitRecord:
        return units.edit_unit(self._ctx, unit_id, text=text, kind=kind, speech_type=speech_type, keywords=keywords)

    def trash(self, unit_ids: Iterable[int]) -> list[int]:
        return units.trash_units(self._ctx, unit_ids)

    def restore(self, unit_ids: Iterable[int]) -> list[int]:
        return units.restore_units(self._ctx, unit_ids)

    def purge_trash(self, unit_ids: Iterable[int] | None = None) -> list[int]:
        return units.purge_trash(self._ctx, unit_ids)

    def tag(self, unit_id: int, tag: str) -> UnitRecord:
        return units.tag_unit(self._ctx, unit_id, tag)

    def untag(self, unit_id: int, tag: str) -> UnitRecord:
        return units.untag_unit(self._ctx, unit_id, tag)

    def set_favourite(self, unit_id: int, favourite: bool = True) -> UnitRecord:
        return units.set_favourite(self._ctx, unit_id, favourite)

    def count_use(self, unit_id: int) -> UnitRecord:
        return units.count_use(self._ctx, unit_id)

    # ---- files ----
    def import_paths(self, paths: Iterable[str | os.PathLike[str]], *, progress: importer.Progress | None = None,
                     cancel: importer.Cancel | None = None) -> ImportReport:
        return importer.import_paths(self._ctx, paths, progress=progress, cancel=cancel)

    def export_json(self, dest: str | os.PathLike[str]) -> int:
        return transfer.export_json(self._ctx, dest)

    def restore_json(self, src: str | os.PathLike[str], *, merge: bool = False) -> RestoreReport:
        return transfer.restore_json(self._ctx, src, merge=merge)

