"""The bank work the window hands to the runner. Pure functions, no Qt, run on pool threads."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from desktop.core.compose import heading_words, propose_siblings
from desktop.infra.paths import DataPaths
from desktop.ui.phrase_context import PhraseQuery, find_phrases

if TYPE_CHECKING:  # the store loads inside open_bank: first_look must not wait for SQLAlchemy
    from desktop.store.bank import PhraseBank
    from desktop.store.combined import CombinedSource
    from desktop.store.first_read import FirstReader
    from desktop.store.prebuilt import BankSetup

SIBLINGS_OFFERED = 3  # parallel headings proposed for the cursor's heading group


@dataclass
class OpenedBank:
    """The bank, opened, with what the status bar shows."""

    bank: PhraseBank
    units: int
    setup: BankSetup | None = None  # how the bank came to be there (prebuilt copy, seeds, existing)


@dataclass
class PhraseResults:
    hits: list
    siblings: list[str] = field(default_factory=list)
    collisions: dict[int, str] = field(default_factory=dict)  # team unit id → 撞稿 note (store.combined)
    labelled: bool = False  # a team bank is set: each hit shows its origin (个人 / 团队)


def first_look(paths: DataPaths) -> FirstReader | None:
    """A plain-sqlite3 reader for the panel's first listing, when the writer's bank is there and current."""
    from desktop.store.first_read import FirstReader

    return FirstReader.open(paths.bank)


def first_look_answers(query: PhraseQuery) -> bool:
    """Whether a FirstReader gives this query the bank's own results: listings only (no typed
    text, no topic words to segment, no heading whose siblings come from the bank's groups)."""
    return not query.text.strip() and not query.context.topic and not query.context.heading


def open_bank(paths: DataPaths, progress=None, cancel: threading.Event | None = None) -> OpenedBank:  # noqa: ANN001
    """Open the writer's bank (a bundle's prebuilt copy, or built from the seeds, on first start)."""
    from desktop.store.bank import PhraseBank
    from desktop.store.errors import BankError
    from desktop.store.prebuilt import ensure_default_bank
    from desktop.text.tokenizer import default_tokenizer

    paths.ensure()
    tokenizer = default_tokenizer(cache_dir=paths.cache)
    setup = ensure_default_bank(paths, progress=progress, cancel=cancel, tokenizer=tokenizer)
    if setup.report is not None and setup.report.cancelled:
        # Opening now would create an empty bank that later starts take for the writer's own.
        raise BankError("已取消建立默认素材库。下次启动时会重新建立；也可在“素材库”窗口中导入文件。")
    bank = PhraseBank.open(paths.bank, tokenizer=tokenizer, backups_dir=paths.backups)
    tokenizer.load()  # the first search must not wait for the segmenter's dictionary
    import desktop.store.search  # noqa: F401 - nor for the search module (its suggestions need no SQLAlchemy)

    return OpenedBank(bank, bank.live_units(), setup)


def phrase_results(bank: PhraseBank | FirstReader | CombinedSource, query: PhraseQuery) -> PhraseResults:
    hits = find_phrases(bank, query)
    siblings: list[str] = []
    if query.context.heading and not query.text:
        present = {heading_words(s) for s in query.context.siblings}
        proposed = propose_siblings(query.context.heading, SIBLINGS_OFFERED, bank=bank)
        siblings = [s for s in proposed if s not in present]
    from desktop.store.combined import CombinedSource, collision_note  # light: no SQLAlchemy

    if not isinstance(bank, CombinedSource):
        return PhraseResults(hits, siblings)
    uses = bank.team_uses(hits)
    return PhraseResults(hits, siblings, {i: collision_note(u) for i, u in uses.items()}, labelled=True)
