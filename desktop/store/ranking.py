"""The bank's ranking rules, each written once and used by every engine and every search path.

Score of a unit for a text query (larger is better):

    score = relevance × boost
    boost = (1 + FAVOURITE_BOOST·favourite) × (1 + USE_BOOST·uses / (uses + USE_HALF)) × (1 + DATE_BOOST·age)
    age   = (dated − DATE_FROM) / (DATE_TO − DATE_FROM), clamped to 0 … 1; 0 for a unit of no known date

The use factor saturates (a unit used 5 times gets half of USE_BOOST, one used 100 times almost
all of it) so that a much-used unit rises among good matches but never buries a better match.
The date factor (units.dated, its newest document's date as yyyymmdd, core.doc_dates) puts
newer phrasing above older at equal relevance: three years apart make 0.6 %, a tie-break that
never outweighs a better match.
`boost_sql` is the one definition of the boost: the SQLite and PostgreSQL queries compute it
(their rows carry it to Python where relevance is computed there), and the SQLite quality index
(store.sqlite.rank_index) orders its rows by it.

Order of hits: RANKED_ORDER for text queries (score, then unit id), LISTING_ORDER for the empty
query (favourite, uses, most recently used or changed, newest id): the listing indexes of
store.models and every listing query are made from it. Both are specs of (expression,
direction) rendered to SQL by `order_sql`; RANKED_ORDER also to a Python sort key by
`sort_key`, for the paths that rank in Python.

Relevance (`relevance`): bm25 over a unit's grams (store.terms), every query segment weighted
alike (no IDF: among units that contain every segment the IDF only weighs one segment's repeats
against another's, and leaving it out makes the figure the same on every engine, whatever index
each has), each segment's part raised by WORD_BONUS where it stands in the unit as whole words
of the segmenter. Every path ranks its candidates with it (store.search.rank), so a query's order
is the same whichever index found them.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from desktop.store.terms import Segment, gram_count, occurrences, word_share

FAVOURITE_BOOST = 0.5
USE_BOOST = 0.5
USE_HALF = 5.0
DATE_BOOST = 0.1
DATE_FROM, DATE_TO = 20000101, 20500101  # yyyymmdd: monotonic in the date, which is all the order needs

CANDIDATES = 240  # what a quality-ordered path ranks exactly; overlap with full ranking measured in bench/
WORD_BONUS = 0.5  # a segment found as the unit's whole words counts this much more than one inside words

# The expected cost's constants (expected_cost_sql).
BUCKET_SCALE, BUCKET_BASE, BUCKET_PER_TERM = 10000.0, 1.3, 0.9 / 40  # 40: a unit's average grams

BM25_K1 = 1.2
BM25_B = 0.75

OrderSpec = tuple[tuple[str, str], ...]

# Empty query: favourites, then the most used, then the newest documents' units, then the most
# recently used or changed (coalesce: NULL sorts last on SQLite, first on PostgreSQL).
LISTING_ORDER: OrderSpec = (
    ("favourite", "DESC"),
    ("uses", "DESC"),
    ("coalesce({p}dated, 0)", "DESC"),
    ("coalesce({p}last_used_at, {p}updated_at)", "DESC"),
    ("id", "DESC"),
)
# Text query: best score first; equal scores by unit id, oldest first.
RANKED_ORDER: OrderSpec = (("score", "DESC"), ("id", "ASC"))


def boost_sql(p: str = "") -> str:
    """SQL for the favourite/use boost of the units row aliased p (portable: SQLite and PostgreSQL).

    `CASE WHEN favourite` reads SQLite's 0/1 and PostgreSQL's boolean alike; 5.0 keeps the
    division real on both."""
    p = f"{p}." if p else ""
    age = (
        f"(CASE WHEN {p}dated IS NULL OR {p}dated <= {DATE_FROM} THEN 0 WHEN {p}dated >= {DATE_TO} THEN 1"
        f" ELSE ({p}dated - {DATE_FROM}) / {float(DATE_TO - DATE_FROM)} END)"
    )
    return (
        f"((1 + {FAVOURITE_BOOST} * (CASE WHEN {p}favourite THEN 1 ELSE 0 END))"
        f" * (1 + {USE_BOOST} * {p}uses / ({p}uses + {USE_HALF}))"
        f" * (1 + {DATE_BOOST} * {age}))"
    )


def expected_cost_sql(p: str = "") -> str:
    """SQL for a unit's expected cost (the lower, the better it is likely to rank), portable.

    BUCKET_SCALE · (BUCKET_BASE + BUCKET_PER_TERM · terms) / boost: bm25's length normalisation
    for the bank's short texts (a query term occurs about once in a unit that has it), so that
    ordering by it is ordering by the expected score. Each engine's quality-ordered index keeps
    its units in this order (store.sqlite.rank_index, store.postgres.schema); terms is the number
    of space-separated grams of units.grams (store.terms)."""
    q = f"{p}." if p else ""
    terms = f"(length({q}grams) - length(replace({q}grams, ' ', '')) + 1)"
    return f"{BUCKET_SCALE} * ({BUCKET_BASE} + {BUCKET_PER_TERM} * {terms}) / {boost_sql(p)}"


def order_sql(spec: OrderSpec, p: str = "") -> str:
    """An ORDER BY list (or index column list) for spec over the row aliased p."""
    prefix = f"{p}." if p else ""
    return ", ".join(f"{_qualified(expr, prefix)} {direction}" for expr, direction in spec)


def order_terms(spec: OrderSpec) -> list[str]:
    """The spec's terms without alias, one string each (an index's elements)."""
    return [f"{_qualified(expr, '')} {direction}" for expr, direction in spec]


def _qualified(expr: str, prefix: str) -> str:
    return expr.format(p=prefix) if "{p}" in expr else f"{prefix}{expr}"


def sort_key(spec: OrderSpec) -> Callable[[Mapping[str, Any]], tuple]:
    """A Python sort key for rows (mappings of the spec's plain column names) in spec's order."""
    for expr, _ in spec:
        if "{p}" in expr:
            raise ValueError(f"{expr}: only plain columns sort in Python")

    def key(row: Mapping[str, Any]) -> tuple:
        return tuple(-row[expr] if direction == "DESC" else row[expr] for expr, direction in spec)

    return key


def tuple_key(spec: OrderSpec, columns: Sequence[str]) -> Callable[[Sequence[Any]], tuple]:
    """sort_key for rows given as tuples of `columns` in that order: no mapping is made per row
    (ranking sorts every candidate of every keystroke by it)."""
    sort_key(spec)  # the same check: plain columns only
    at = [(columns.index(expr), direction == "DESC") for expr, direction in spec]
    if len(at) == 2:
        (i, i_desc), (j, j_desc) = at
        return lambda row: (-row[i] if i_desc else row[i], -row[j] if j_desc else row[j])
    return lambda row: tuple(-row[k] if desc else row[k] for k, desc in at)


def relevance(unit_grams: str, unit_words: str, segments: Sequence[Segment], average_grams: float) -> float:
    """bm25 of one unit for the query's segments, every segment weighted alike (IDF left out).

    unit_grams and unit_words are the unit's units.grams and units.tokens. 0.0 when a segment
    does not stand in the unit (an index may over-match: it cannot see where a run ends)."""
    norm = BM25_K1 * (1 - BM25_B + BM25_B * gram_count(unit_grams) / (average_grams or 1.0))
    words = f" {unit_words} "
    score = 0.0
    for segment in segments:
        tf = occurrences(unit_grams, segment)
        if not tf:
            return 0.0
        share = word_share(words, segment) if segment.words else 0.0
        score += tf * (BM25_K1 + 1) / (tf + norm) * (1 + WORD_BONUS * share)
    return score
