"""PhraseBank, the writer's personal bank (SQLite), the one object the CLI and the GUI use to reach it.

It is a core.phrase_source.PhraseSource (checked by mypy at the bottom), with the writer's own
operations, import and backup besides. Safe to call from worker threads: one engine per open
bank, a session per call, writes serialised by a lock. Every method returns plain records
(store.records), never ORM objects.

The ORM operations (store.units, store.transfer, store.convert) are imported by the methods
that use them: opening, searching, closing and importing need no SQLAlchemy
(store.sqlite.context), and neither `bank build` nor the window's first search should pay for it.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

from desktop.core.phrase_source import SearchFilter
from desktop.infra.errors import os_reason
from desktop.store.errors import BankOpenError
from desktop.store.migrations import prepare_schema
from desktop.store.records import DocumentRecord, ImportReport, RestoreReport, SearchHit, UnitRecord
from desktop.store.search import find
from desktop.store.sqlite import connection as db
from desktop.store.sqlite import schema, stray_wal
from desktop.store.sqlite import search as sqlite_search
from desktop.store.sqlite.context import BankContext
from desktop.text.tokenizer import Tokenizer, default_tokenizer

if TYPE_CHECKING:
    from desktop.core.phrase_source import PhraseSource
    from desktop.store.importing.importer import Cancel, Progress


def _check_bank_path(path: Path) -> None:
    """Refuse a path that cannot be a bank before SQLite makes one of it."""
    try:
        if not path.parent.is_dir():
            raise BankOpenError(f"素材库所在的文件夹不存在：{path.parent}。请先创建该文件夹或选择其他位置。")
        if path.exists() and not path.is_file():
            raise BankOpenError(f"素材库路径不是文件：{path}。请选择一个素材库文件。")
        size = path.stat().st_size if path.exists() else None
        wal = Path(f"{path}-wal")
        wal_size = wal.stat().st_size if wal.exists() else 0
    except OSError as exc:
        raise BankOpenError(f"无法访问素材库 {path}（{os_reason(exc)}）。请检查文件夹的权限，或选择其他位置。") from exc
    if size == 0 and wal_size == 0:
        # SQLite would take an empty file for a new bank and the writer would find an empty bank,
        # without the seeds, as if nothing had happened: an emptied bank must be noticed.
        raise BankOpenError(
            f"素材库文件是空的（0 字节）：{path}。它可能在写入时被中断，或被其他程序清空。"
            "请用“bank restore”从 backups 文件夹中的备份恢复，或删除这个空文件后重新打开，以新建素材库。"
        )


class PhraseBank:
    """An open phrase bank (facade over search, the writer's operations, import, backup)."""

    def __init__(self, ctx: BankContext, path: Path, backup: Path | None) -> None:
        self._ctx = ctx
        self.path = path
        self.upgrade_backup = backup  # the copy made before upgrading an older bank, if any
        self.backups_dir = path.parent / "backups"

    @classmethod
    def open(
        cls,
        path: str | os.PathLike[str],
        *,
        tokenizer: Tokenizer | None = None,
        backups_dir: str | os.PathLike[str] | None = None,
    ) -> PhraseBank:
        """Open (or create) the bank at path, upgrading an older one after backing it up."""
        path = Path(path)
        _check_bank_path(path)
        backups = Path(backups_dir) if backups_dir else path.parent / "backups"
        if stray_wal.is_stray(path):  # another bank's WAL would be folded in: set it aside, say so
            raise stray_wal.refuse(path, stray_wal.set_aside(path, backups))
        with db.translated_errors():
            ctx = BankContext(path, tokenizer or default_tokenizer())
        try:
            backup = prepare_schema(ctx, backups)
        except BaseException:
            ctx.dispose()
            raise
        bank = cls(ctx, path, backup)
        if backups_dir:
            bank.backups_dir = Path(backups_dir)
        return bank

    def close(self) -> None:
        self._ctx.dispose()
        try:
            db.checkpoint(self.path)
        except Exception:  # noqa: BLE001 - closing must not fail; SQLite folds the WAL in on the last close anyway
            pass

    def __enter__(self) -> PhraseBank:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    @property
    def tokenizer(self) -> Tokenizer:
        return self._ctx.tokenizer

    def keywords(self, text: str, limit: int = 6) -> list[str]:
        return self._ctx.tokenizer.keywords(text, limit)

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
        widen: bool = True,
    ) -> list[SearchHit]:
        """Units matching the query and filters, best first (store.search.find: a kind's name lists
        that kind, related terms widen a query with few hits unless `widen` is False). Never raises on
        what the writer typed."""
        if limit <= 0:
            return []
        f = SearchFilter.of(
            kind=kind,
            speech_type=speech_type,
            tag=tag,
            source=source,
            favourites_only=favourites_only,
            include_deleted=include_deleted,
        )
        return find(
            self._ctx.tokenizer, query, f, limit, lambda t, g, n: sqlite_search.search(self._ctx, t, g, n), widen
        )

    def get_unit(self, unit_id: int) -> UnitRecord:
        from desktop.store import units

        return units.get_unit(self._ctx, unit_id)

    def get_units(self, unit_ids: Iterable[int]) -> list[UnitRecord]:
        from desktop.store import units

        return units.get_units(self._ctx, unit_ids)

    def list_tags(self) -> list[tuple[str, int]]:
        from desktop.store import units

        return units.list_tags(self._ctx)

    def list_documents(self) -> list[DocumentRecord]:
        from sqlalchemy import func, select

        from desktop.store.models import Document, UnitSource

        with self._ctx.reading() as session:
            rows = session.execute(
                select(Document, func.count(func.distinct(UnitSource.unit_id)))
                .outerjoin(UnitSource, UnitSource.document_id == Document.id)
                .group_by(Document.id)
                .order_by(Document.id)
            ).all()
            return [DocumentRecord(d.id, d.name, d.source_path, d.speech_type, d.imported_at, n) for d, n in rows]

    def set_document_type(self, document_id: int, speech_type: str | None) -> int:
        """Correct an imported document's speech type; its units follow. Returns units changed."""
        from desktop.store import units

        return units.set_document_type(self._ctx, document_id, speech_type)

    def live_units(self) -> int:
        """Units outside the trash: one plain count (stats() compiles six ORM queries on first use)."""
        with db.translated_errors():
            conn = self._ctx.connect()
            try:
                return int(conn.execute("SELECT count(*) FROM units WHERE deleted_at IS NULL").fetchone()[0])
            finally:
                conn.close()

    def stats(self) -> dict:
        """{"units", "documents", "by_kind", "trash", "favourites", "tags"}; units and by_kind count live units."""
        from sqlalchemy import func, select

        from desktop.store import units
        from desktop.store.models import Document, Unit

        with self._ctx.reading() as session:
            live = Unit.deleted_at.is_(None)
            by_kind = {
                k: n
                for k, n in session.execute(
                    select(Unit.kind, func.count()).where(live).group_by(Unit.kind).order_by(Unit.kind)
                )
            }
            return {
                "units": session.scalar(select(func.count()).select_from(Unit).where(live)),
                "documents": session.scalar(select(func.count()).select_from(Document)),
                "by_kind": by_kind,
                "trash": session.scalar(select(func.count()).select_from(Unit).where(Unit.deleted_at.is_not(None))),
                "favourites": session.scalar(
                    select(func.count()).select_from(Unit).where(live, Unit.favourite.is_(True))
                ),
                "tags": len(units.list_tags(self._ctx)),
            }

    def backup_to(self, dest: str | os.PathLike[str]) -> Path:
        """A consistent copy of the bank file at dest (written beside it, then renamed)."""
        dest = Path(dest)
        with db.translated_errors():
            db.backup_database(self.path, dest)
        return dest

    def integrity_check(self) -> list[str]:
        """Problems found in the file and the search index; [] means all is well."""
        with self._ctx.plain_writing() as raw:
            return schema.integrity_problems(raw)

    # ---- the writer's operations ----
    def add_unit(self, text: str, kind: str, *, tags: Iterable[str] = (), speech_type: str | None = None) -> UnitRecord:
        from desktop.store import units

        return units.add_unit(self._ctx, text, kind, tags=tags, speech_type=speech_type)

    def edit_unit(
        self,
        unit_id: int,
        *,
        text: str | None = None,
        kind: str | None = None,
        speech_type: str | None = None,
        keywords: list[str] | None = None,
    ) -> UnitRecord:
        from desktop.store import units

        return units.edit_unit(self._ctx, unit_id, text=text, kind=kind, speech_type=speech_type, keywords=keywords)

    def trash(self, unit_ids: Iterable[int]) -> list[int]:
        from desktop.store import units

        return units.trash_units(self._ctx, unit_ids)

    def restore(self, unit_ids: Iterable[int]) -> list[int]:
        from desktop.store import units

        return units.restore_units(self._ctx, unit_ids)

    def purge_trash(self, unit_ids: Iterable[int] | None = None) -> list[int]:
        from desktop.store import units

        return units.purge_trash(self._ctx, unit_ids)

    def tag(self, unit_id: int, tag: str) -> UnitRecord:
        from desktop.store import units

        return units.tag_unit(self._ctx, unit_id, tag)

    def untag(self, unit_id: int, tag: str) -> UnitRecord:
        from desktop.store import units

        return units.untag_unit(self._ctx, unit_id, tag)

    def set_favourite(self, unit_id: int, favourite: bool = True) -> UnitRecord:
        from desktop.store import units

        return units.set_favourite(self._ctx, unit_id, favourite)

    def count_use(self, unit_id: int) -> UnitRecord:
        from desktop.store import units

        return units.count_use(self._ctx, unit_id)

    # ---- files ----
    def import_paths(
        self,
        paths: Iterable[str | os.PathLike[str]],
        *,
        progress: Progress | None = None,
        cancel: Cancel | None = None,
        speech_type: str | None = None,
    ) -> ImportReport:
        """speech_type: the type the writer sets for every document imported (else inferred)."""
        from desktop.store.importing import importer

        return importer.import_paths(self._ctx, paths, progress=progress, cancel=cancel, speech_type=speech_type)

    def export_json(self, dest: str | os.PathLike[str]) -> int:
        from desktop.store import transfer

        return transfer.export_json(self._ctx, dest)

    def restore_json(
        self, src: str | os.PathLike[str], *, merge: bool = False, allow_empty: bool = False
    ) -> RestoreReport:
        """Replace the bank with a backup (after copying it into backups/) or merge the backup in."""
        from desktop.store import transfer

        return transfer.restore_json(self._ctx, src, merge=merge, backups_dir=self.backups_dir, allow_empty=allow_empty)


if TYPE_CHECKING:

    def _is_a_phrase_source(bank: PhraseBank) -> PhraseSource:
        return bank  # mypy checks that PhraseBank satisfies the protocol
