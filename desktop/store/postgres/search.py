"""Search on the team bank (PostgreSQL), in plain SQL on the psycopg connection (no ORM).

The same three paths as store.sqlite.search, with the same terms (store.search.terms_of), the
same filter (store.filtering, inside the definer functions of store.postgres.roles) and the
same ranking (store.search.rank, store.ranking):

- a text query with only the panel's filters: the first CANDIDATES matches in disk order, which
  is rank_key order (the expected cost SQLite's quality index orders by; store.postgres.schema),
  tier by tier of that order, and every match changed since the rows were last put in order,
  ranked by store.search.rank;
- a text query with a tag, source or trash filter: every match (up to MAX_MATCHES), ranked the
  same way (SQLite ranks these by FTS5's bm25, whose IDF this engine does not compute: the same
  hits, a close order);
- the empty query: LISTING_ORDER (the listing indexes of store.models).

Segments become a tsquery of literal lexemes ('…' with quotes doubled): every gram of every
segment required, a prefix segment's as a prefix (`:*`). The tsvector has no positions, so this
is the FTS5 phrase query of store.sqlite.fts without the order of the grams: store.search.rank
drops the units that hold the grams but not the substring.
"""

from __future__ import annotations

from typing import Any

from desktop.core.phrase_source import TEAM, SearchFilter, SearchHit
from desktop.store.postgres.schema import PREFIX_MARK
from desktop.store.ranking import CANDIDATES
from desktop.store.search import Candidate, Terms, hit, rank

MAX_MATCHES = 20_000  # a tag/source/trash search ranks at most this many matches


def _literal(lexeme: str) -> str:
    """A tsquery operand for exactly this lexeme (the same quoting in SQL: store.postgres.roles._facet)."""
    return "'" + lexeme.replace("\\", "\\\\").replace("'", "''") + "'"


def tsquery(terms: Terms) -> str:
    """The segments as tsquery text of literal lexemes (what the writer typed is never syntax)."""
    parts = []
    for segment in terms:
        for gram in dict.fromkeys(segment.grams):
            lexeme = gram.lower()
            if segment.prefix and len(gram) == 1:  # a lone character: its own lexeme (store.postgres.schema)
                parts.append(_literal(lexeme + PREFIX_MARK))
            else:
                parts.append(_literal(lexeme) + (":*" if segment.prefix else ""))
    return " & ".join(parts)


def filter_arguments(f: SearchFilter) -> tuple[object, ...]:
    """The definer functions' filter parameters (store.postgres.roles) for f."""
    return (
        f.kind,
        f.speech_type,
        f.tag,
        f.source if isinstance(f.source, int) else None,
        f.source if isinstance(f.source, str) else None,
        f.favourites_only,
        f.include_deleted,
    )


_ARGS = "%s, %s, %s, %s, %s, %s, %s"


def search(conn: Any, terms: Terms, f: SearchFilter, limit: int, average_terms: float) -> list[SearchHit]:
    """Units matching the terms ([] = the listing) and the filter, best first (conn: psycopg)."""
    args = filter_arguments(f)
    if not terms:
        rows = conn.execute(f"SELECT * FROM team_listing({_ARGS}, %s)", (*args, limit)).fetchall()
        found = [_candidate(r) for r in rows]
        names = source_names(conn, [c.unit_id for c in found])
        return [hit(c, c.boost, names[c.unit_id], TEAM) for c in found]
    if f.plain:
        sql, n = f"SELECT * FROM team_candidates(%s::tsquery, {_ARGS}, %s)", max(CANDIDATES, 4 * limit)
    else:
        sql, n = f"SELECT * FROM team_matches(%s::tsquery, {_ARGS}, %s)", MAX_MATCHES
    rows = conn.execute(sql, (tsquery(terms), *args, n)).fetchall()
    unique = {r[0]: _candidate(r) for r in rows}  # a changed row may come from both parts of team_candidates
    best = rank(list(unique.values()), terms, average_terms, limit)
    names = source_names(conn, [c.unit_id for _, c in best])
    return [hit(c, score, names[c.unit_id], TEAM) for score, c in best]


def _candidate(r: tuple) -> Candidate:
    # id, tokens, grams, boost, favourite, uses, text, kind, speech_type, in_trash, status, added_by
    return Candidate(r[0], r[1], r[2], float(r[3]), bool(r[4]), r[5], r[6], r[7], r[8], bool(r[9]))


def source_names(conn: Any, ids: list[int]) -> dict[int, tuple[str, ...]]:
    """The documents each unit came from that the caller may see, by name, in import order."""
    names: dict[int, list[str]] = {i: [] for i in ids}
    if ids:
        for unit_id, name in conn.execute(
            "SELECT s.unit_id, d.name FROM unit_sources s JOIN documents d ON d.id = s.document_id"
            " WHERE s.unit_id = ANY(%s) ORDER BY d.id",
            (ids,),
        ):
            if name not in names[unit_id]:
                names[unit_id].append(name)
    return {i: tuple(n) for i, n in names.items()}
