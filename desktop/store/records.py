"""Plain records the bank hands to its callers (never ORM objects), and the bank's clock.

The records of the phrase-source interface (SearchHit, UnitRecord, SourceRef) are core's
(core.phrase_source), since composition reads them too; the store's own (documents, import and
restore reports) are here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from desktop.core.phrase_source import SearchHit, SourceRef, UnitRecord

__all__ = [
    "DocumentRecord",
    "ImportReport",
    "ImportedDocument",
    "RefusedFile",
    "RestoreReport",
    "SearchHit",
    "SkippedDocument",
    "SourceRef",
    "UnitRecord",
    "utc_now",
]


def utc_now() -> datetime:
    """Naive UTC: every timestamp in a bank is UTC without a zone (SQLite has none; the team
    bank's columns are `timestamp without time zone` so that both engines hold the same values)."""
    return datetime.now(UTC).replace(tzinfo=None)


@dataclass(frozen=True)
class DocumentRecord:
    """An imported document."""

    id: int
    name: str
    source_path: str | None
    speech_type: str | None
    imported_at: datetime
    units: int


@dataclass(frozen=True)
class ImportedDocument:
    path: str
    name: str
    units_added: int  # new units
    units_merged: int  # already in the bank: this document was added as another source
    title: str | None = None  # as the structure parser read it
    speech_type: str | None = None  # inferred, or set by the writer at import
    debris: int = 0  # paragraphs left out as page debris (chrome, captions, notes, 版头 numbers)
    appendix: int = 0  # paragraphs left out as appendix (附件, 名词解释, 落款, 版记…)


@dataclass(frozen=True)
class SkippedDocument:
    path: str
    name: str
    duplicate_of: str  # name of the document already in the bank with the same content


@dataclass(frozen=True)
class RefusedFile:
    path: str
    reason: str  # Chinese, from ReadError or the bank


@dataclass
class ImportReport:
    """What an import did, file by file."""

    imported: list[ImportedDocument] = field(default_factory=list)
    skipped: list[SkippedDocument] = field(default_factory=list)
    refused: list[RefusedFile] = field(default_factory=list)
    cancelled: bool = False
    not_reached: list[str] = field(default_factory=list)  # files left when cancelled
    files_cut_by_worker: int = 0  # read and cut in a second process (store.importing.workers)

    @property
    def units_added(self) -> int:
        return sum(d.units_added for d in self.imported)

    @property
    def units_merged(self) -> int:
        return sum(d.units_merged for d in self.imported)

    def summary(self) -> str:
        parts = [
            f"导入 {len(self.imported)} 篇（新增 {self.units_added} 句，合并重复 {self.units_merged} 句）",
            f"跳过重复文档 {len(self.skipped)} 篇",
            f"无法读取 {len(self.refused)} 个文件",
        ]
        if self.cancelled:
            parts.append(f"已取消，{len(self.not_reached)} 个文件未处理")
        return "；".join(parts) + "。"


@dataclass(frozen=True)
class RestoreReport:
    """What a restore or merge from a JSON backup did."""

    units_added: int
    units_merged: int
    documents_added: int
    replaced: bool
    safety_copy: Path | None = None  # replacing: the copy of the bank made first
