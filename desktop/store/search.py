"""What every engine's search shares: the query's terms and the ranking of candidates in Python.

Whatever the writer types is cut into segments (store.terms.query_segments): each is searched as
literal text, anywhere in a unit, all of them required. An engine finds candidates its own way
(SQLite: store.sqlite.search; PostgreSQL: store.postgres.search) and hands them to `rank`, which
scores them by store.ranking's rule and drops those an index over-matched. `find` is what every
engine's search entry runs around its own search: a kind's name as the query, the related terms
that widen a query with few hits.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache

from desktop.core.phrase_source import SearchFilter, SearchHit, clean_query
from desktop.core.similar import distinct
from desktop.store.ranking import CANDIDATES, RANKED_ORDER, relevance, sort_key, tuple_key
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
            scored.append((r * c.boost, c.unit_id, c))
    scored.sort(key=_RANKED_KEY)
    return [(score, c) for score, _, c in scored[:limit]]


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


# ---- what a query asks for: a kind by its name, its own hits, then related terms ----

_RANKED_KEY = tuple_key(RANKED_ORDER, ("score", "id"))

RELATED_WEIGHT = 0.5  # a hit found through the first related term scores this share of its own score
RELATED_DECAY = 0.85  # and through each later one (a looser relation) this share of the one before
MAX_RELATED = 24  # related terms searched at most, in the vocabulary's order
DISTINCT_FIRST = 20  # the first places of a hit list hold no near duplicates (core.similar.distinct)


@lru_cache(maxsize=1)
def _kind_names() -> dict[str, str]:
    """Every name a phrase kind goes by: its id (结尾) and each of the names it is written with
    (排比/四字格: 排比, 四字格)."""
    from desktop.core.phrases import phrase_kinds

    names: dict[str, str] = {}
    for kind in phrase_kinds():
        names[kind] = kind
        for part in re.split(r"[/／、]", kind):
            names.setdefault(part.strip(), kind)
    names.pop("", None)
    return names


def named_kind(word: str) -> str | None:
    """The phrase kind a word names (结尾, 开头, 引语, 排比 …), None if it names none."""
    return _kind_names().get(word.strip())


@dataclass(frozen=True)
class Plan:
    """What a search asks for once a kind's name in the query is read as that kind."""

    text: str  # the text left to search ("": the kind's listing)
    kind: str | None  # the kind filter, given or named
    named: bool = False  # the kind came from the query's words (a search without it is the fallback)


def plan(query: str, kind: str | None) -> Plan:
    """A query that is a kind's name lists that kind (结尾 → the closings); a kind's name beside
    other words filters them by it (结尾 乡村振兴). Only where no kind filter is given."""
    text = clean_query(query)
    if kind or not text:
        return Plan(text, kind)
    whole = named_kind(text)
    if whole is not None:
        return Plan("", whole, True)
    words = text.split()
    named = [w for w in words if named_kind(w)]
    if len(words) > 1 and len(named) == 1:
        return Plan(" ".join(w for w in words if w != named[0]), named_kind(named[0]), True)
    return Plan(text, None)


Run = Callable[[Terms, SearchFilter, int], list[SearchHit]]


def find(
    tokenizer: Tokenizer, query: str, f: SearchFilter, limit: int, run: Run, widen: bool = True
) -> list[SearchHit]:
    """A search as every engine answers it; `run` is the engine's search for terms and a filter.

    - a kind's name in the query is read by `plan` (and when that finds nothing, the query is
      searched as plain text after all: 数据 is also a word);
    - when the query's own hits are fewer than `limit`, the related terms of the topic vocabulary
      (core.topics: 乡村振兴 → 三农, 千万工程 …) widen it: their hits follow the query's own, each
      unit once, scored by the sum of its scores for the related terms it holds, the first term's
      weighed RELATED_WEIGHT and each later (looser) one RELATED_DECAY of the one before; not
      when `widen` is False (composition searches the related terms itself);
    - among a text query's hits, one that is a near duplicate of a higher one (core.similar)
      moves below the first DISTINCT_FIRST places and the next one moves up; up to twice `limit`
      hits are asked for, as many as the quality-ordered path ranks anyway (CANDIDATES // 4),
      to fill the places. The listing keeps its own order."""
    p = plan(query, f.kind)
    if not p.text:  # the listing: its own order (LISTING_ORDER), as the first reader gives it too
        return _own_and_related(tokenizer, p.text, replace(f, kind=p.kind), limit, run, widen)
    fetch = max(limit, min(2 * limit, CANDIDATES // 4))
    hits = _own_and_related(tokenizer, p.text, replace(f, kind=p.kind), fetch, run, widen)
    if p.named and not hits:
        hits = _own_and_related(tokenizer, clean_query(query), f, fetch, run, widen)
    return [hits[i] for i in distinct([h.text for h in hits], DISTINCT_FIRST)][:limit]


def _own_and_related(
    tokenizer: Tokenizer, text: str, f: SearchFilter, limit: int, run: Run, widen: bool = True
) -> list[SearchHit]:
    terms = terms_of(tokenizer, text)
    if terms is None:
        return []  # only punctuation or symbols: nothing the index holds can match
    hits = run(terms, f, limit)
    if widen and terms and len(hits) < limit:
        hits += _related_hits(tokenizer, text, f, limit - len(hits), {h.unit_id for h in hits}, run)
    return hits


def _related_hits(
    tokenizer: Tokenizer, text: str, f: SearchFilter, wanted: int, seen: set[int], run: Run
) -> list[SearchHit]:
    from desktop.core.topics import widen

    found: dict[int, SearchHit] = {}
    scores: dict[int, float] = {}
    weight = RELATED_WEIGHT
    for term in widen([text])[:MAX_RELATED]:
        terms = terms_of(tokenizer, term)
        if terms:
            for h in run(terms, f, wanted + len(seen)):
                if h.unit_id not in seen:
                    found.setdefault(h.unit_id, h)
                    scores[h.unit_id] = scores.get(h.unit_id, 0.0) + weight * h.score
        weight *= RELATED_DECAY
    order = sort_key(RANKED_ORDER)
    ranked = sorted(scores, key=lambda i: order({"score": scores[i], "id": i}))[:wanted]
    return [replace(found[i], score=scores[i]) for i in ranked]
