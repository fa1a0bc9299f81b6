"""Plain records the bank hands to its callers (never ORM objects)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


@dataclass(frozen=True)
class SourceRef:
    """One place a unit came from."""

    document_id: int
    document_name: str
    paragraph: int


@dataclass(frozen=True)
class UnitRecord:
    """A unit as the writer sees it."""

    id: int
    text: str
    kind: str
    speech_type: str | None
    keywords: tuple[str, ...]
    slots: int
    group: tuple[str, ...]
    favourite: bool
    uses: int
    tags: tuple[str, ...]
    sources: tuple[SourceRef, ...]
    deleted_at: datetime | None
    created_at: datetime
    updated_at: datetime
    last_used_at: datetime | None = None

    @property
    def in_trash(self) -> bool:
        return self.deleted_at is not None


@dataclass(frozen=True)
class SearchHit:
    """One search result, best first."""

    unit_id: int
    text: str
    kind: str
    speech_type: str | None
    score: float
    favourite: bool
    uses: int
    sources: tuple[str, ...]  # document names, each once
    in_trash: bool = False


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
