"""A SearchFilter as SQL: the one WHERE every search path of both engines puts on the units row.

The SQL is portable (SQLite ≥ 3.23 and PostgreSQL both know TRUE); only the parameter mark
differs between the drivers (sqlite3 `?`, psycopg `%s`), so the caller names it.
"""

from __future__ import annotations

from desktop.core.phrase_source import SearchFilter


def filter_sql(f: SearchFilter, p: str = "u", mark: str = "?") -> tuple[list[str], list[object]]:
    """(conditions, parameters) for the units row aliased p; the conditions are ANDed."""
    where: list[str] = []
    params: list[object] = []
    if f.kind:
        where.append(f"{p}.kind = {mark}")
        params.append(f.kind)
    if f.speech_type:
        where.append(f"{p}.speech_type = {mark}")
        params.append(f.speech_type)
    if f.tag:
        where.append(
            f"{p}.id IN (SELECT ut.unit_id FROM unit_tags ut JOIN tags t ON t.id = ut.tag_id WHERE t.name = {mark})"
        )
        params.append(f.tag)
    if f.source is not None:
        which = "d.id" if isinstance(f.source, int) else "d.name"
        where.append(
            f"{p}.id IN (SELECT s.unit_id FROM unit_sources s JOIN documents d ON d.id = s.document_id"
            f" WHERE {which} = {mark})"
        )
        params.append(f.source)
    if f.favourites_only:
        where.append(f"{p}.favourite = TRUE")
    if not f.include_deleted:
        where.append(f"{p}.deleted_at IS NULL")
    return where, params


def where_clause(f: SearchFilter, p: str = "u", mark: str = "?") -> tuple[str, list[object]]:
    """' WHERE …' (or '') and its parameters."""
    where, params = filter_sql(f, p, mark)
    return (" WHERE " + " AND ".join(where) if where else ""), params
