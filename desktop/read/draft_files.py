"""Any file the writer opens as a draft: a .sdraft as saved, a .docx/.txt/.md speech as its text."""

from __future__ import annotations

from pathlib import Path

from desktop.core.draft import DRAFT_SUFFIX, TEXT_SUFFIXES, Draft, DraftError, draft_from_paragraphs, load_draft
from desktop.read.errors import ReadError
from desktop.read.files import LEGACY_WORD_SUFFIXES, read_documents


def open_draft(path: Path) -> Draft:
    """Open a draft: a .sdraft file, or a .docx/.txt/.md speech read as the writer's text."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == DRAFT_SUFFIX:
        return load_draft(path)
    # .doc/.wps go to the reader, whose message says how to convert them.
    if suffix not in TEXT_SUFFIXES and suffix not in LEGACY_WORD_SUFFIXES:
        raise DraftError(
            f"无法把“{path.name}”作为草稿打开：只支持 {DRAFT_SUFFIX}、.docx、.txt 和 .md 文件，请另选一个文件。"
        )

    try:
        docs = read_documents(path)
    except ReadError as exc:
        raise DraftError(str(exc)) from exc
    if not docs or not any(p.strip() for p in docs[0].paragraphs):
        raise DraftError(f"“{path.name}”中没有文字，无法作为草稿打开。")
    return draft_from_paragraphs(docs[0].paragraphs)
