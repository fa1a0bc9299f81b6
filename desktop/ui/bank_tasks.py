"""GUI: the bank work the window hands to the runner. Pure functions, no Qt, run on pool threads."""
from __future__ import annotations

import threading
from dataclasses import dataclass, field

from desktop.core.paths import DataPaths
from desktop.store.bank import PhraseBank
from desktop.store.records import ImportReport
from desktop.store.seed import build_default_bank
from desktop.text.tokenizer import default_tokenizer
from desktop.ui.phrase_context import PhraseQuery, find_phrases


@dataclass
class OpenedBank:
    """GUI: the bank, opened, with what the status bar shows."""

    bank: PhraseBank
    units: int
    built: ImportReport | None = None  # the first-start build from the seeds, if it ran now


@dataclass
class PhraseResults:
    hits: list
    siblings: list[str] = field(default_factory=list)


def open_bank(paths: DataPaths, progress=None, cancel: threading.Event | None = None) -> OpenedBank:  # noqa: ANN001
    """Open the writer's bank, building it from the seeds first if there is none; warm jieba."""
    paths.ensure()
    tokenizer = default_tokenizer(cache_dir=paths.cache)
    built = None
    if not paths.bank.exists():
        built = build_default_bank(paths, progress=progress, cancel=cancel, tokenizer=tokenizer)
    bank = PhraseBank.open(paths.bank, tokenizer=tokenizer, backups_dir=paths.backups)
    tokenizer.load()  # the first search must not wait for jieba's dictionary
    return OpenedBank(bank, int(bank.stats()["units"] or 0), built)


def phrase_results(bank: PhraseBank, query: PhraseQuery) -> PhraseResults:
    hits = find_phrases(bank, query)
    siblings: list[str] = []
    if query.context.siblings and not query.text:
        siblings = proposed_siblings(bank, query)
    return PhraseResults(hits, siblings)


def proposed_siblings(bank: PhraseBank, query: PhraseQuery) -> list[str]:
    """Headings parallel to the cursor's heading group (core.compose), when drafting offers it."""
    try:
        from desktop.core import compose
    except ImportError:
        return []
    propose = getattr(compose, "propose_siblings", None)
    if propose is None:
        return []
    try:
        return list(propose(list(query.context.siblings), bank=bank))[:6]
    except TypeError:
        return list(propose(list(query.context.siblings)))[:6]
