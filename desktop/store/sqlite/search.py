"""Search on a SQLite bank, in plain SQL on pooled sqlite3 connections (no ORM, no SQLAlchemy).

Three paths, chosen by the query and its SearchFilter:

- a text query with only the panel's filters (kind, speech type, favourites) over live units:
  the quality-ordered index (store.sqlite.rank_index) gives its first CANDIDATES matches (at
  least four times the limit), ranked by store.search.rank; the rest of the hits are longer or
  less used units that would rank below them;
- any other text query (tag, source, trash): the hits of the full index (store.sqlite.fts)
  that pass the filter, the CANDIDATES best by the rank index's expected score (its bucket,
  computed in SQL), ranked by store.search.rank;
- the empty query, with any filter: the listing (store.ranking.LISTING_ORDER), which the
  listing indexes of store.models answer directly.

At a million phrases the ORM, and even SQLAlchemy Core's row processing, cost more than these
queries themselves.
"""

from __future__ import annotations

import sqlite3

from desktop.core.phrase_source import PERSONAL, SearchFilter, SearchHit
from desktop.store.filtering import filter_sql, where_clause
from desktop.store.ranking import CANDIDATES, LISTING_ORDER, boost_sql, order_sql
from desktop.store.search import Candidate, Terms, hit, rank
from desktop.store.sqlite import fts, rank_index
from desktop.store.sqlite.context import BankContext

_HIT_COLUMNS = "u.id, u.text, u.kind, u.speech_type, u.favourite, u.uses, u.deleted_at IS NOT NULL"
_CANDIDATE_COLUMNS = rank_index.CANDIDATE_COLUMNS


def search(ctx: BankContext, terms: Terms, f: SearchFilter, limit: int) -> list[SearchHit]:
    """Units matching the terms ([] = the listing) and the filter, best first."""
    with ctx.reading_connection() as raw:
        if not terms:
            return listing(raw, f, limit)
        if f.plain:
            return ranked(raw, terms, f, limit)
        return full(raw, terms, f, limit)


def listing(raw: sqlite3.Connection, f: SearchFilter, limit: int) -> list[SearchHit]:
    """The units by LISTING_ORDER (score: the boost alone): what the panel shows before anything is typed."""
    where, params = where_clause(f)
    rows = raw.execute(
        f"SELECT {_HIT_COLUMNS}, {boost_sql('u')} FROM units u{where} ORDER BY {order_sql(LISTING_ORDER, 'u')} LIMIT ?",
        (*params, limit),
    ).fetchall()
    return _hits(raw, rows)


def full(raw: sqlite3.Connection, terms: Terms, f: SearchFilter, limit: int) -> list[SearchHit]:
    """The hits of the full index that pass the filter: the best by expected score, ranked."""
    conditions, params = filter_sql(f)
    where = " WHERE " + " AND ".join(conditions) if conditions else ""
    rows = raw.execute(
        f"SELECT {_CANDIDATE_COLUMNS} FROM ({fts.MATCHING}) m JOIN units u ON u.id = m.unit_id{where}"
        f" ORDER BY {rank_index.bucket_sql('u')}, u.id LIMIT ?",
        (fts.match_expression(terms), *params, max(CANDIDATES, 4 * limit)),
    ).fetchall()
    return _ranked_hits(raw, rows, terms, limit)


def ranked(raw: sqlite3.Connection, terms: Terms, f: SearchFilter, limit: int) -> list[SearchHit]:
    """The quality-ordered path: candidates from the rank index, ranked in Python."""
    rows = rank_index.candidates(
        raw,
        fts.match_expression(terms),
        kind=f.kind,
        speech_type=f.speech_type,
        favourites_only=f.favourites_only,
        limit=max(CANDIDATES, 4 * limit),
    )
    return _ranked_hits(raw, rows, terms, limit)


def _ranked_hits(raw: sqlite3.Connection, rows: list[tuple], terms: Terms, limit: int) -> list[SearchHit]:
    if not rows:
        return []
    found = [Candidate(r[0], r[1], r[2], float(r[3]), bool(r[4]), r[5], r[6], r[7], r[8], bool(r[9])) for r in rows]
    best = rank(found, terms, rank_index.average_terms(raw), limit)
    names = source_names(raw, [c.unit_id for _, c in best])
    return [hit(c, score, names[c.unit_id], PERSONAL) for score, c in best]


def _hits(raw: sqlite3.Connection, rows: list[tuple]) -> list[SearchHit]:
    names = source_names(raw, [r[0] for r in rows])
    return [
        SearchHit(
            unit_id=r[0],
            text=r[1],
            kind=r[2],
            speech_type=r[3],
            score=float(r[7]),
            favourite=bool(r[4]),
            uses=r[5],
            sources=names[r[0]],
            in_trash=bool(r[6]),
        )
        for r in rows
    ]


def source_names(raw: sqlite3.Connection, ids: list[int]) -> dict[int, tuple[str, ...]]:
    """The documents each unit came from, by name, in import order (each name once)."""
    names: dict[int, list[str]] = {i: [] for i in ids}
    if ids:
        marks = ",".join("?" * len(ids))
        for unit_id, name in raw.execute(
            "SELECT s.unit_id, d.name FROM unit_sources s JOIN documents d ON d.id = s.document_id"
            f" WHERE s.unit_id IN ({marks}) ORDER BY d.id",
            tuple(ids),
        ):
            if name not in names[unit_id]:
                names[unit_id].append(name)
    return {i: tuple(n) for i, n in names.items()}
