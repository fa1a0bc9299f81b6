"""The import's work that needs no database: reading, parsing, cutting and segmenting one file.

Kept apart from the writer (and free of SQLAlchemy) so that a second process can do it for a
large import while the first one writes (store.import_workers); everything it returns pickles.

Each distinct unit is segmented once: the tokens the index needs and the keywords are computed
together (unit_terms), and only for the first occurrence of a dedup key in this
import, since a later one merges into that unit and is never written. The writer computes them
for any new unit that still lacks them (its first occurrence was in a file that failed).
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass, field
from pathlib import Path

from desktop.core.doc_dates import document_date
from desktop.core.document import SourceDocument
from desktop.core.phrases import SLOT_RE, PhraseUnit, dedup_key
from desktop.store.terms import grams
from desktop.text.tokenizer import Tokenizer, keywords_from_tokens

log = logging.getLogger(__name__)


def content_hash(doc: SourceDocument) -> str:
    """Same speech, same hash, whatever its encoding, spacing or punctuation width."""
    keys = (dedup_key(p) for p in doc.paragraphs)
    return hashlib.sha256("\n".join(k for k in keys if k).encode("utf-8")).hexdigest()


# (words joined by spaces, index grams, keywords) of a unit's text.
Terms = tuple[str, str, list[str]]


def unit_terms(tokenizer: Tokenizer, text: str) -> Terms:
    """A cut unit's words, index grams and keywords, from one segmentation when it has no slots.

    The same as the two the import used to make: core.phrases.cut's keywords (the text with
    its slots taken out) and, when those are empty, store.units.index_fields' (slots as spaces).
    """
    spaced = tokenizer.cut(SLOT_RE.sub(" ", text))
    keywords = keywords_from_tokens(spaced)
    if SLOT_RE.search(text):
        keywords = tokenizer.keywords(SLOT_RE.sub("", text)) or keywords
    return " ".join(spaced), grams(text), keywords


@dataclass
class CutDocument:
    """One document of a file, cut into units, ready for the writer."""

    doc: SourceDocument
    speech_type: str | None
    units: list[PhraseUnit]
    keys: list[str]  # dedup_key of each unit ("" for a unit with no key: not stored)
    digest: str  # content_hash(doc)
    terms: dict[int, Terms] = field(default_factory=dict)  # unit index -> terms, first occurrences only
    title: str | None = None
    debris: int = 0  # paragraphs the parser left out as page debris
    appendix: int = 0  # and as appendix
    dated: int | None = None  # the document's own date, yyyymmdd (core.doc_dates)


@dataclass
class CutFile:
    """What reading and cutting one file gave: its documents, or why it was refused."""

    path: Path
    documents: list[CutDocument] = field(default_factory=list)
    refused: str | None = None  # Chinese, for the report


class FileCutter:
    """Reads and cuts files one by one, remembering the dedup keys it has segmented."""

    def __init__(self, tokenizer: Tokenizer, speech_type: str | None = None) -> None:
        self.tokenizer = tokenizer
        self.speech_type = speech_type  # the writer's choice for every document, else inferred
        self._segmented: set[str] = set()

    def cut_file(self, path: Path) -> CutFile:
        from desktop.read.errors import ReadError

        try:
            return CutFile(path, self._cut_documents(path))
        except ReadError as exc:
            return CutFile(path, refused=str(exc))
        except Exception as exc:  # a bug in reading or cutting one file must not stop a folder import
            log.exception("cutting %s failed", path)
            return CutFile(
                path, refused=f"无法分析这个文件（内部错误：{type(exc).__name__}），已跳过。请把文件发给维护人员。"
            )

    def _cut_documents(self, path: Path) -> list[CutDocument]:
        from desktop.core.phrases import cut
        from desktop.core.structure import parse
        from desktop.read.files import read_documents

        documents = []
        for doc in read_documents(path):
            speech = parse(doc.paragraphs, name=doc.name, finished=True, marks=doc.marks)
            if self.speech_type:
                speech.type = self.speech_type  # the units follow the type the writer set
            # No tokenizer: keywords come with the index tokens below, from one segmentation.
            units = cut(doc, speech, None, self.tokenizer.tag)
            keys = [dedup_key(u.text) for u in units]
            terms = {}
            for i, (unit, key) in enumerate(zip(units, keys, strict=True)):
                if key and key not in self._segmented:
                    self._segmented.add(key)
                    terms[i] = unit_terms(self.tokenizer, unit.text)
            left_out = speech.left_out
            documents.append(
                CutDocument(
                    doc,
                    speech.type,
                    units,
                    keys,
                    content_hash(doc),
                    terms,
                    speech.title,
                    left_out["debris"],
                    left_out["appendix"],
                    document_date(doc.paragraphs, doc.name),
                )
            )
        return documents
