"""What every engine's search shares: the query's terms and the ranking of candidates in Python.

Whatever the writer types is cut by the same Tokenizer that indexed the units and turned into
terms (store.terms); every term is searched as literal text, all terms required, the last one
as a prefix so that results follow the typing. An engine finds candidates its own way (SQLite:
store.sqlite.search; PostgreSQL: store.postgres.search) and, for the quality-ordered paths,
hands them to `rank`, which scores them by store.ranking's rule.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from desktop.core.phrase_source import SearchHit, clean_query
from desktop.store.ranking import MAX_QUERY_TOKENS, RANKED_ORDER, sort_key, token_relevance
from desktop.store.terms import query_terms
from desktop.text.tokenizer import Tokenizer

Terms = list[tuple[str, bool]]


def terms_of(tokenizer: Tokenizer, query: str) -> Terms | None:
    """The query's (term, is_prefix) pairs; [] for an empty query (the listing), None when it
    holds nothing the index can hold (only punctuation or symbols: nothing can match)."""
    text = clean_query(query)
    if not text:
        return []
    tokens = tokenizer.cut(text)[:MAX_QUERY_TOKENS]
    return query_terms(tokens) if tokens else None


@dataclass(frozen=True)
class Candidate:
    """A unit a quality-ordered path found, with what ranking it and showing it need."""

    unit_id: int
    tokens: str  # its index terms joined by spaces (units.tokens)
    boost: float  # store.ranking.boost_sql, computed by the engine's query
    favourite: bool
    uses: int
    text: str
    kind: str
    speech_type: str | None
    in_trash: bool = False


def rank(
    candidates: Sequence[Candidate], terms: Terms, average_terms: float, limit: int
) -> list[tuple[float, Candidate]]:
    """The best `limit` candidates with their scores (relevance × boost), in RANKED_ORDER."""
    lowered = [(term.lower(), prefix) for term, prefix in terms]
    scored = [(token_relevance(c.tokens, lowered, average_terms) * c.boost, c) for c in candidates]
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
