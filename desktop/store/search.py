"""What every engine's search shares: the query's terms and the ranking of candidates in Python.

Whatever the writer types is cut into segments (store.terms.query_segments): each is searched as
literal text, anywhere in a unit, all of them required. An engine finds candidates its own way
(SQLite: store.sqlite.search; PostgreSQL: store.postgres.search) and hands them to `rank`, which
scores them by store.ranking's rule and drops those an index over-matched.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from desktop.core.phrase_source import SearchHit, clean_query
from desktop.store.ranking import RANKED_ORDER, relevance, sort_key
from desktop.store.terms import Segment, query_segments, with_words
from desktop.text.tokenizer import Tokenizer

Terms = list[Segment]


def terms_of(tokenizer: Tokenizer, query: str) -> Terms | None:
    """The query's segments, with their words for ranking; [] for an empty query (the listing),
    None when it holds nothing the index can hold (only punctuation or symbols: nothing can match)."""
    text = clean_query(query)
    if not text:
        return []
    segments = query_segments(text)
    return with_words(segments, tokenizer.cut) if segments else None


@dataclass(frozen=True)
class Candidate:
    """A unit a quality-ordered path found, with what ranking it and showing it need."""

    unit_id: int
    tokens: str  # its words joined by spaces (units.tokens)
    grams: str  # its index grams (units.grams)
    boost: float  # store.ranking.boost_sql, computed by the engine's query
    favourite: bool
    uses: int
    text: str
    kind: str
    speech_type: str | None
    in_trash: bool = False


def rank(
    candidates: Sequence[Candidate], terms: Terms, average_grams: float, limit: int
) -> list[tuple[float, Candidate]]:
    """The best `limit` candidates with their scores (relevance × boost), in RANKED_ORDER;
    a candidate that does not hold every segment is dropped."""
    scored = []
    for c in candidates:
        r = relevance(c.grams, c.tokens, terms, average_grams)
        if r > 0:
            scored.append((r * c.boost, c))
    order = sort_key(RANKED_ORDER)
    scored.sort(key=lambda sc: order({"score": sc[0], "id": sc[1].unit_id}))
    return scored[:limit]


def hit(c: Candidate, score: float, sources: tuple[str, ...], origin: str) -> SearchHit:
    return SearchHit(
        unit_id=c.unit_id,
        text=c.text,
        kind=c.kind,
        speech_type=c.speech_type,
        score=score,
        favourite=bool(c.favourite),
        uses=c.uses,
        sources=sources,
        in_trash=c.in_trash,
        origin=origin,
    )
