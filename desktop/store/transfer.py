"""The whole bank to a JSON file and back (restore replaces, merge adds).

Format (FORMAT_VERSION 2):
    {"format": "speechdraft-phrasebank", "format_version": 2, "exported_at": iso,
     "documents": [{"key": content_hash, "name", "source_path", "speech_type", "imported_at", "dated"}],
     "groups": [[heading, …], …],
     "units": [{"text", "kind", "speech_type", "keywords", "slots", "group", "favourite", "uses",
                "last_used_at", "deleted_at", "created_at", "updated_at", "tags": [name],
                "sources": [{"document": key, "paragraph": n}]}]}
A heading's "group" is the index of its sibling group in "groups" (null for none), so that a
group is written once, not once per heading (version 1 wrote the whole list in each heading,
N² for N siblings; version 1 files are still read).
Documents are referred to by content hash, so that a merge recognises the same document in
another bank. Tokens are not exported: they are recomputed with this install's tokenizer.
The whole file is checked before anything is written; a malformed file changes nothing.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from desktop.core.phrases import dedup_key
from desktop.infra.atomic import write_atomic
from desktop.infra.errors import os_reason
from desktop.store.errors import BackupFormatError, BankError
from desktop.store.heading_groups import headings_by_id
from desktop.store.models import Document, Unit
from desktop.store.records import RestoreReport, utc_now
from desktop.store.sqlite.context import BankContext
from desktop.store.units import clean_tag

FORMAT = "speechdraft-phrasebank"
FORMAT_VERSION = 2


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def export_dict(ctx: BankContext) -> dict:
    with ctx.reading() as session:
        documents = session.scalars(select(Document).order_by(Document.id)).all()
        units = session.scalars(
            select(Unit).order_by(Unit.id).options(selectinload(Unit.tags), selectinload(Unit.sources))
        ).all()
        key_of = {d.id: d.content_hash for d in documents}
        group_ids = sorted({u.group_id for u in units if u.group_id})
        headings = headings_by_id(session, group_ids)
        index_of = {gid: i for i, gid in enumerate(group_ids)}
        return {
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            "exported_at": utc_now().isoformat(),
            "documents": [
                {
                    "key": d.content_hash,
                    "name": d.name,
                    "source_path": d.source_path,
                    "speech_type": d.speech_type,
                    "imported_at": _iso(d.imported_at),
                    "dated": d.dated,
                }
                for d in documents
            ],
            "groups": [list(headings.get(gid, ())) for gid in group_ids],
            "units": [
                {
                    "text": u.text,
                    "kind": u.kind,
                    "speech_type": u.speech_type,
                    "keywords": list(u.keywords or []),
                    "slots": u.slots,
                    "group": index_of.get(u.group_id) if u.group_id else None,
                    "favourite": bool(u.favourite),
                    "uses": u.uses,
                    "last_used_at": _iso(u.last_used_at),
                    "dated": u.dated,
                    "deleted_at": _iso(u.deleted_at),
                    "created_at": _iso(u.created_at),
                    "updated_at": _iso(u.updated_at),
                    "tags": sorted(t.name for t in u.tags),
                    "sources": [
                        {"document": key_of[s.document_id], "paragraph": s.paragraph}
                        for s in sorted(u.sources, key=lambda s: (s.document_id, s.paragraph))
                    ],
                }
                for u in units
            ],
        }


def export_json(ctx: BankContext, dest: str | os.PathLike[str]) -> int:
    """Write the whole bank to dest atomically; returns the number of units written."""
    data = export_dict(ctx)
    dest = Path(dest)
    try:
        write_atomic(dest, json.dumps(data, ensure_ascii=False, indent=1).encode("utf-8"))
    except OSError as exc:
        raise BankError(f"无法写入导出文件 {dest}（{os_reason(exc)}）。请检查文件夹是否存在、是否有写入权限。") from exc
    return len(data["units"])


# ---- reading a backup: check everything first ----


def _bad(where: str, what: str) -> BackupFormatError:
    return BackupFormatError(
        f"备份文件格式不对：{where}{what}。素材库没有任何改动；请选择由讲稿助手导出的 JSON 备份文件。"
    )


@dataclass
class _Field:
    where: str
    raw: dict

    def text(self, name: str, *, required: bool = True) -> str | None:
        value = self.raw.get(name)
        if value is None and not required:
            return None
        if not isinstance(value, str) or (required and not value.strip()):
            raise _bad(self.where, f"的 {name} 应为非空文字")
        return _storable(value, self.where, name)

    def integer(self, name: str, default: int = 0) -> int:
        value = self.raw.get(name, default)
        if value is None:
            return default
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_INTEGER:
            raise _bad(self.where, f"的 {name} 应为不超过 {MAX_INTEGER} 的非负整数")
        return value

    def boolean(self, name: str) -> bool:
        value = self.raw.get(name, False)
        if not isinstance(value, bool):
            raise _bad(self.where, f"的 {name} 应为 true 或 false")
        return value

    def tags(self) -> list[str]:
        try:
            return [clean_tag(t) for t in self.strings("tags")]
        except BackupFormatError:
            raise
        except BankError:
            raise _bad(self.where, "有空白或过长的标签") from None

    def strings(self, name: str) -> list[str]:
        value = self.raw.get(name) or []
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise _bad(self.where, f"的 {name} 应为文字列表")
        return [_storable(v, self.where, name) for v in value]

    def time(self, name: str) -> datetime | None:
        value = self.raw.get(name)
        if value is None:
            return None
        try:
            parsed = datetime.fromisoformat(value)
            return parsed if parsed.tzinfo is None else parsed.astimezone(UTC).replace(tzinfo=None)
        except (TypeError, ValueError, OverflowError):  # OverflowError: 0001-01-01T00:00+01:00 is before year 1 in UTC
            raise _bad(self.where, f"的 {name} 不是有效的时间") from None


MAX_INTEGER = 2**63 - 1  # what SQLite's INTEGER holds
MAX_BACKUP_BYTES = 512 * 1024 * 1024  # a backup of a million units is ~400 MB; reading takes ~8× in memory


def _json_reason(exc: BaseException) -> str:
    if isinstance(exc, json.JSONDecodeError):
        return f"第 {exc.lineno} 行第 {exc.colno} 列有语法错误"
    if isinstance(exc, UnicodeDecodeError):
        return "不是 UTF-8 编码的文字"
    if isinstance(exc, RecursionError):
        return "嵌套层数过多"
    if isinstance(exc, OSError):
        return os_reason(exc)
    return "含有位数过多的数字"  # the ValueError json raises beyond 4,300 digits


def _storable(text: str, where: str, name: str) -> str:
    """Text the bank can store: a lone surrogate (half of a character) cannot be written as UTF-8."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise _bad(where, f"的 {name} 含有残缺的字符（单独的代理码位）") from None
    return text


def _group(f: _Field, groups: list[list[str]]) -> list[str]:
    """A unit's sibling headings: an index into the file's groups, or (format 1) the list itself."""
    value = f.raw.get("group")
    if isinstance(value, int) and not isinstance(value, bool):
        if not 0 <= value < len(groups):
            raise _bad(f.where, "的 group 指向不存在的标题组")
        return groups[value]
    return f.strings("group")


def read_backup(src: str | os.PathLike[str]) -> dict:
    """Load and check a backup file; returns it with times parsed. Raises BackupFormatError."""
    try:
        size = Path(src).stat().st_size
        if size > MAX_BACKUP_BYTES:
            raise BackupFormatError(
                f"备份文件 {src} 太大（{size / 1024 / 1024:.0f} MB，上限 {MAX_BACKUP_BYTES // 1024 // 1024} MB），"
                "可能不是讲稿助手导出的备份。素材库没有任何改动。请检查文件是否正确。"
            )
        raw = json.loads(Path(src).read_text(encoding="utf-8-sig"))
    except FileNotFoundError:
        raise BackupFormatError(f"找不到备份文件：{src}。请检查路径是否正确。") from None
    except (OSError, UnicodeDecodeError, ValueError, RecursionError) as exc:
        # ValueError: also a number of more than 4,300 digits, which Python refuses to convert
        raise BackupFormatError(
            f"无法读取备份文件 {src}：不是有效的 JSON 文件（{_json_reason(exc)}）。素材库没有任何改动。"
            "请选择由讲稿助手导出的 JSON 备份文件。"
        ) from None
    if not isinstance(raw, dict) or raw.get("format") != FORMAT:
        raise _bad("", "这不是讲稿助手素材库的备份（缺少 format 标记）")
    version = raw.get("format_version")
    if not isinstance(version, int) or isinstance(version, bool):
        raise _bad("", "缺少 format_version")
    if version > FORMAT_VERSION:
        raise BackupFormatError(
            f"这个备份由更新版本的讲稿助手导出（格式版本 {version}），请升级讲稿助手后再恢复。素材库没有任何改动。"
        )
    docs_raw, units_raw, groups_raw = raw.get("documents", []), raw.get("units"), raw.get("groups") or []
    if not isinstance(docs_raw, list) or not isinstance(units_raw, list) or not isinstance(groups_raw, list):
        raise _bad("", "documents、groups 和 units 应为列表")
    groups = [_Field(f"第 {i} 组标题", {"group": g}).strings("group") for i, g in enumerate(groups_raw, 1)]
    documents = {}
    for i, d in enumerate(docs_raw, 1):
        if not isinstance(d, dict):
            raise _bad(f"第 {i} 个文档", "不是对象")
        f = _Field(f"第 {i} 个文档", d)
        documents[f.text("key")] = {
            "name": f.text("name"),
            "source_path": f.text("source_path", required=False),
            "speech_type": f.text("speech_type", required=False),
            "imported_at": f.time("imported_at"),
            "dated": f.integer("dated") or None,
        }
    units = []
    for i, u in enumerate(units_raw, 1):
        if not isinstance(u, dict):
            raise _bad(f"第 {i} 个句子", "不是对象")
        f = _Field(f"第 {i} 个句子", u)
        text = f.text("text") or ""
        if not dedup_key(text):
            raise _bad(f.where, "的 text 没有文字内容")
        sources = u.get("sources") or []
        if not isinstance(sources, list):
            raise _bad(f.where, "的 sources 应为列表")
        refs = []
        for s in sources:
            if not isinstance(s, dict) or s.get("document") not in documents:
                raise _bad(f.where, "的来源指向不存在的文档")
            refs.append((s["document"], _Field(f.where, s).integer("paragraph")))
        units.append(
            {
                "key": dedup_key(text),
                "text": text,
                "kind": f.text("kind"),
                "speech_type": f.text("speech_type", required=False),
                "keywords": f.strings("keywords"),
                "slots": f.integer("slots"),
                "group": _group(f, groups),
                "favourite": f.boolean("favourite"),
                "uses": f.integer("uses"),
                "last_used_at": f.time("last_used_at"),
                "dated": f.integer("dated") or None,
                "deleted_at": f.time("deleted_at"),
                "created_at": f.time("created_at"),
                "updated_at": f.time("updated_at"),
                "tags": f.tags(),
                "sources": refs,
            }
        )
    return {"documents": documents, "units": units}


# ---- writing it in ----


def restore_json(
    ctx: BankContext,
    src: str | os.PathLike[str],
    *,
    merge: bool = False,
    backups_dir: Path | None = None,
    allow_empty: bool = False,
) -> RestoreReport:
    """Replace the bank with a backup (merge=False) or add what it has that the bank lacks.

    Replacing first copies the bank into backups_dir (the report's safety_copy), and refuses a
    backup without a single unit unless allow_empty: a file of `"units": []` must not wipe a bank."""
    from desktop.store.sqlite import connection as db
    from desktop.store.sqlite.restore_writer import write_backup

    backup = read_backup(src)
    safety = None
    if not merge:
        if not backup["units"] and not allow_empty:
            raise BackupFormatError(
                f"备份文件 {src} 里没有任何句子，用它恢复会清空整个素材库，已停止，素材库没有任何改动。"
                "如果确实要清空，请加上 --allow-empty 再运行；要把备份加入现有素材库，请用 --merge。"
            )
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S-%f")
        folder = backups_dir or ctx.path.parent / "backups"
        safety = folder / f"{ctx.path.stem}-before-restore-{stamp}{ctx.path.suffix}"
        try:
            with db.translated_errors():
                db.backup_database(ctx.path, safety)
        except BankError as exc:
            raise BankError(
                f"恢复前无法先备份现有素材库（{exc}），已停止，素材库没有任何改动。请检查磁盘空间后再试。"
            ) from exc
    added, merged, docs_added = write_backup(ctx, backup, merge=merge)
    return RestoreReport(
        units_added=added, units_merged=merged, documents_added=docs_added, replaced=not merge, safety_copy=safety
    )
