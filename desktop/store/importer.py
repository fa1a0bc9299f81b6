"""Store: importing files and folders into the bank.

Each file is read, parsed and cut outside any transaction, then written in one transaction
of its own, so a cancel or a failure keeps every file already done and nothing of a file
half done. A document whose content is already in the bank is skipped; a unit already in
the bank gains the new document as another source.
"""
from __future__ import annotations

import hashlib
import logging
import os
import threading
from collections.abc import Callable, Iterable
from pathlib import Path

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from desktop.core.document import SourceDocument
from desktop.core.phrases import PhraseUnit, dedup_key
from desktop.store.context import BankContext
from desktop.store.errors import BankError
from desktop.store.models import Document, Unit, UnitSource
from desktop.store.units import index_fields
from desktop.store.records import ImportedDocument, ImportReport, RefusedFile, SkippedDocument
from desktop.text.tokenizer import Tokenizer

log = logging.getLogger(__name__)

IMPORTABLE_SUFFIXES = (".txt", ".md", ".docx")

Progress = Callable[[int, int, str], None]
Cancel = Callable[[], bool] | threading.Event


def is_cancelled(cancel: Cancel | None) -> bool:
    if cancel is None:
        return False
    if isinstance(cancel, threading.Event):
        return cancel.is_set()
    return bool(cancel())


def content_hash(doc: SourceDocument) -> str:
    """Same speech, same hash, whatever its encoding, spacing or punctuation width."""
    keys = (dedup_key(p) for p in doc.paragraphs)
    return hashlib.sha256("\n".join(k for k in keys if k).encode("utf-8")).hexdigest()


def collect_files(paths: Iterable[str | os.PathLike[str]], report: ImportReport) -> list[Path]:
    """Files named, and the importable files inside folders named (recursively, sorted)."""
    files: dict[Path, None] = {}
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found = [
                p
                for p in path.rglob("*")
                if p.is_file()
                and p.suffix.lower() in IMPORTABLE_SUFFIXES
                and not any(part.startswith(".") for part in p.relative_to(path).parts)
                and not p.name.startswith("~$")  # Word's lock files
            ]
            for p in sorted(found, key=lambda p: p.relative_to(path).as_posix()):
                files.setdefault(p.resolve(), None)
        elif path.is_file():
            files.setdefault(path.resolve(), None)
        else:
            report.refused.append(RefusedFile(str(path), f"找不到文件或文件夹：{path}。请检查路径是否正确。"))
    return list(files)


def _cut_file(path: Path, tokenizer: Tokenizer) -> list[tuple[SourceDocument, str | None, list[PhraseUnit]]]:
    from desktop.core.phrases import cut
    from desktop.core.reading import read_documents
    from desktop.core.structure import parse

    cut_docs = []
    for doc in read_documents(path):
        speech = parse(doc.paragraphs, name=doc.name)
        cut_docs.append((doc, speech.type, cut(doc, speech, tokenizer)))
    return cut_docs


def _store_document(
    session: Session, ctx: BankContext, path: Path, doc: SourceDocument, speech_type: str | None, units: list[PhraseUnit]
) -> ImportedDocument | SkippedDocument:
    digest = content_hash(doc)
    existing = session.scalar(select(Document).where(Document.content_hash == digest))
    if existing is not None:
        return SkippedDocument(str(path), doc.name, existing.name)
    document = Document(name=doc.name, source_path=doc.source_path or str(path), content_hash=digest, speech_type=speech_type)
    session.add(document)
    session.flush()
    # In bulk: one lookup of the keys already in the bank, one INSERT … RETURNING for the new
    # units, one for the sources (a flush per unit made import 100× slower than segmentation).
    keyed = [(key, pu) for key, pu in ((dedup_key(pu.text), pu) for pu in units) if key]
    ids = _ids_by_key(session, list(dict.fromkeys(key for key, _ in keyed)))
    new: dict[str, PhraseUnit] = {}
    for key, pu in keyed:
        if key not in ids and key not in new:
            new[key] = pu
    added, merged = len(new), len(keyed) - len(new)
    if new:
        rows = []
        for key, pu in new.items():
            fields = index_fields(ctx.tokenizer, pu.text)
            rows.append({
                "text": pu.text, "kind": pu.kind, "speech_type": pu.speech_type, "dedup_key": key,
                "keywords": list(pu.keywords) or fields["keywords"], "tokens": fields["tokens"], "slots": pu.slots,
                "group_json": list(pu.group) or None,
            })
        for unit_id, key in session.execute(insert(Unit).returning(Unit.id, Unit.dedup_key), rows):
            ids[key] = unit_id
    places = dict.fromkeys((ids[key], pu.paragraph) for key, pu in keyed)
    if places:
        session.execute(insert(UnitSource), [
            {"unit_id": unit_id, "document_id": document.id, "paragraph": paragraph} for unit_id, paragraph in places
        ])
    return ImportedDocument(str(path), doc.name, added, merged)


def _ids_by_key(session: Session, keys: list[str], chunk: int = 500) -> dict[str, int]:
    found: dict[str, int] = {}
    for start in range(0, len(keys), chunk):
        query = select(Unit.dedup_key, Unit.id).where(Unit.dedup_key.in_(keys[start : start + chunk]))
        found.update((key, unit_id) for key, unit_id in session.execute(query))
    return found


def import_file(ctx: BankContext, path: Path, report: ImportReport) -> None:
    from desktop.core.read_errors import ReadError

    try:
        cut_docs = _cut_file(path, ctx.tokenizer)
    except ReadError as exc:
        report.refused.append(RefusedFile(str(path), str(exc)))
        return
    except Exception as exc:  # a bug in reading or cutting one file must not stop a folder import
        log.exception("cutting %s failed", path)
        report.refused.append(RefusedFile(str(path), f"无法分析这个文件（内部错误：{type(exc).__name__}），已跳过。请把文件发给维护人员。"))
        return
    try:
        with ctx.writing() as session:
            results = [_store_document(session, ctx, path, doc, st, units) for doc, st, units in cut_docs]
    except BankError as exc:
        report.refused.append(RefusedFile(str(path), str(exc)))
        return
    for result in results:
        (report.imported if isinstance(result, ImportedDocument) else report.skipped).append(result)


def import_paths(
    ctx: BankContext,
    paths: Iterable[str | os.PathLike[str]],
    *,
    progress: Progress | None = None,
    cancel: Cancel | None = None,
) -> ImportReport:
    """Import files and folders (.txt/.md/.docx inside folders); cancel is checked between files."""
    report = ImportReport()
    files = collect_files(paths, report)
    total = len(files)
    for done, path in enumerate(files):
        if is_cancelled(cancel):
            report.cancelled = True
            report.not_reached = [str(p) for p in files[done:]]
            break
        if progress is not None:
            progress(done, total, path.name)
        import_file(ctx, path, report)
    else:
        if progress is not None:
            progress(total, total, "")
    return report
