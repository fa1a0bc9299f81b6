"""What a phrase bank offers to the window, the command line and composition: `PhraseSource`.

The protocol and the records it speaks in live here, in core, because composition (core.compose)
uses a bank and core imports nothing outward. The store implements it: `store.bank.PhraseBank`
(the writer's personal SQLite bank), `store.first_read.FirstReader` (the panel's first listing,
read before the bank is open) and the team bank (PostgreSQL) all satisfy it; mypy checks that
at the bottom of each of those modules.

A source hands out plain frozen records, never database rows. `SearchFilter` is the one
description of a search's filters: every search entry builds it once from its arguments and
every engine reads it (store.filtering turns it into SQL).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

PERSONAL = "personal"  # SearchHit.origin of a unit in the writer's own bank
TEAM = "team"  # SearchHit.origin of an approved unit of the office's shared bank

# Lone surrogates cannot be encoded for a database; control characters are never text to find.
_UNSEARCHABLE = re.compile(r"[\ud800-\udfff\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def clean_query(query: str | None) -> str:
    """What the writer typed, without characters no bank can hold, trimmed."""
    return _UNSEARCHABLE.sub(" ", query or "").strip()


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
    dated: int | None = None  # its newest document's date as yyyymmdd (None: unknown)

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
    origin: str = PERSONAL  # PERSONAL or TEAM: which bank the unit is in (unit ids are per bank)


@dataclass(frozen=True)
class SearchFilter:
    """The filters of one search, cleaned: what every search path of every engine reads.

    kind, speech_type and tag are compared as given after cleaning; source is a document id
    (int) or name (str); favourites_only keeps favourites; include_deleted searches the trash too.
    """

    kind: str | None = None
    speech_type: str | None = None
    tag: str | None = None
    source: str | int | None = None
    favourites_only: bool = False
    include_deleted: bool = False

    @classmethod
    def of(
        cls,
        *,
        kind: str | None = None,
        speech_type: str | None = None,
        tag: str | None = None,
        source: str | int | None = None,
        favourites_only: bool = False,
        include_deleted: bool = False,
    ) -> SearchFilter:
        """The filter from a search's arguments: blank values are no filter; text is cleaned."""
        if isinstance(source, str):
            source = clean_query(source) or None
        return cls(
            kind=clean_query(kind) or None,
            speech_type=clean_query(speech_type) or None,
            tag=clean_query(tag) or None,
            source=source,
            favourites_only=bool(favourites_only),
            include_deleted=bool(include_deleted),
        )

    @property
    def plain(self) -> bool:
        """Only the phrase panel's filters (kind, speech type, favourites), live units only."""
        return self.tag is None and self.source is None and not self.include_deleted


class PhraseSource(Protocol):
    """What the window's phrase panel, the command line and composition ask of a bank."""

    def search(
        self,
        query: str,
        *,
        kind: str | None = None,
        speech_type: str | None = None,
        favourites_only: bool = False,
        limit: int = 20,
        widen: bool = True,
    ) -> list[SearchHit]:
        """Units matching the query and filters, best first; an empty query lists units by
        favourite, uses and recency. A query with few hits is widened by its related terms
        (core.topics) unless `widen` is False (composition, which searches those terms itself).
        Never raises on what the writer typed."""
        ...

    def get_units(self, unit_ids: Iterable[int]) -> Sequence[UnitRecord]:
        """The units with these ids that exist, in the order asked."""
        ...

    def keywords(self, text: str, limit: int = 6) -> list[str]:
        """Content words of a text, most frequent first ([] where no segmenter is loaded)."""
        ...
