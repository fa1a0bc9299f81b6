"""Importing files and folders into the bank.

Each file is read, parsed and cut outside any transaction (store.import_cutting), then written
by store.import_writer: a savepoint per file inside transactions of several files, so a
failure keeps nothing of the file that failed, and a cancel commits every file already done.
A crash (or the process being killed) loses at most the open batch, of about a second's work,
and always whole files. A document whose content is already in the bank is skipped; a unit
already in the bank gains the new document as another source.
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Callable, Iterable
from pathlib import Path

from desktop.store.importing.cutting import content_hash
from desktop.store.importing.workers import cut_in_order
from desktop.store.records import ImportReport, RefusedFile
from desktop.store.sqlite.context import BankContext
from desktop.store.sqlite.import_writer import ImportWriter

__all__ = ["IMPORTABLE_SUFFIXES", "collect_files", "content_hash", "import_paths", "is_cancelled"]

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


def import_paths(
    ctx: BankContext,
    paths: Iterable[str | os.PathLike[str]],
    *,
    progress: Progress | None = None,
    cancel: Cancel | None = None,
    worker: bool | None = None,
    speech_type: str | None = None,
) -> ImportReport:
    """Import files and folders (.txt/.md/.docx inside folders); cancel is checked between files.

    worker: cut files in a second process (True), in this one (False), or as the import's size
    makes worth it (None; see store.import_workers). speech_type: the type every document and its
    units get, instead of the one the parser infers.
    """
    report = ImportReport()
    files = collect_files(paths, report)
    total = len(files)
    with (
        cut_in_order(files, ctx.tokenizer, worker=worker, speech_type=speech_type) as cut_files,
        ImportWriter(ctx, report) as writer,
    ):
        for done, path in enumerate(files):
            if is_cancelled(cancel):
                report.cancelled = True
                report.not_reached = [str(p) for p in files[done:]]
                break
            if progress is not None:
                progress(done, total, path.name)
            writer.write(cut_files.get(done))
        else:
            writer.commit()
            if progress is not None:
                progress(total, total, "")
        report.files_cut_by_worker = cut_files.from_worker
    return report
