"""The bank's ranking rules, each written once and used by every engine and every search path.

Score of a unit for a text query (larger is better):

    score = relevance × boost
    boost = (1 + FAVOURITE_BOOST·favourite) × (1 + USE_BOOST·uses / (uses + USE_HALF))

The use factor saturates (a unit used 5 times gets half of USE_BOOST, one used 100 times almost
all of it) so that a much-used unit rises among good matches but never buries a better match.
`boost_sql` is the one definition of the boost: the SQLite and PostgreSQL queries compute it
(their rows carry it to Python where relevance is computed there), and the SQLite quality index
(store.sqlite.rank_index) orders its rows by it.

Order of hits: RANKED_ORDER for text queries (score, then unit id), LISTING_ORDER for the empty
query (favourite, uses, most recently used or changed, newest id): the listing indexes of
store.models and every listing query are made from it. Both are specs of (expression,
direction) rendered to SQL by `order_sql`; RANKED_ORDER also to a Python sort key by
`sort_key`, for the paths that rank in Python.

Relevance of the quality-ordered paths: bm25 computed from a unit's own index terms with every
query term weighted alike (`token_relevance`): among units that contain every term the IDF only
weighs one term's repeats against another's, and leaving it out makes the figure the same on
both engines, whatever index each has.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

FAVOURITE_BOOST = 0.5
USE_BOOST = 0.5
USE_HALF = 5.0

CANDIDATES = 240  # what a quality-ordered path ranks exactly; overlap with full ranking measured in bench/
MAX_QUERY_TOKENS = 64  # beyond this a query is a pasted paragraph; more terms only cost time

# The expected cost's constants (expected_cost_sql).
BUCKET_SCALE, BUCKET_BASE, BUCKET_PER_TERM = 10000.0, 1.3, 0.9 / 32

BM25_K1 = 1.2
BM25_B = 0.75

OrderSpec = tuple[tuple[str, str], ...]

# Empty query: favourites, then the most used, then the most recently used or changed.
LISTING_ORDER: OrderSpec = (
    ("favourite", "DESC"),
    ("uses", "DESC"),
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
    return (
        f"((1 + {FAVOURITE_BOOST} * (CASE WHEN {p}favourite THEN 1 ELSE 0 END))"
        f" * (1 + {USE_BOOST} * {p}uses / ({p}uses + {USE_HALF})))"
    )


def expected_cost_sql(p: str = "") -> str:
    """SQL for a unit's expected cost (the lower, the better it is likely to rank), portable.

    BUCKET_SCALE · (BUCKET_BASE + BUCKET_PER_TERM · terms) / boost: bm25's length normalisation
    for the bank's short texts (a query term occurs about once in a unit that has it), so that
    ordering by it is ordering by the expected score. Each engine's quality-ordered index keeps
    its units in this order (store.sqlite.rank_index, store.postgres.schema); terms is the number
    of space-separated index terms of units.tokens."""
    q = f"{p}." if p else ""
    terms = f"(length({q}tokens) - length(replace({q}tokens, ' ', '')) + 1)"
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


def token_relevance(unit_tokens: str, lowered_terms: Sequence[tuple[str, bool]], average_terms: float) -> float:
    """bm25 of one unit for the (lower-cased) query terms, every term weighted alike (IDF left out).

    unit_tokens is the unit's index terms joined by single spaces (units.tokens); a term marked
    as a prefix counts every index term that begins with it.
    """
    spaced = " " + unit_tokens.lower()
    words: list[str] | None = None
    norm = BM25_K1 * (1 - BM25_B + BM25_B * spaced.count(" ") / (average_terms or 1.0))
    score = 0.0
    for term, prefix in lowered_terms:
        if prefix:  # terms are joined by single spaces: a space before the prefix starts a term
            tf = spaced.count(" " + term)
        else:
            words = words if words is not None else spaced.split()
            tf = words.count(term)
        score += tf * (BM25_K1 + 1) / (tf + norm)
    return score
