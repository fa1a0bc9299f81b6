"""Store: the quality-ordered search index that suggestions read first (SQLite FTS5 specifics).

Ranking every hit of a frequent word by bm25 costs tens to hundreds of milliseconds in a
million-phrase bank. For the short texts the bank holds, a term occurs once in nearly every
unit that has it, so bm25 orders hits by length (shorter is better) and the boosts multiply
that. This index stores each live unit under a rowid that sorts by that expected score:

    rowid = bucket << 32 | units.id,   bucket = ⌊10000 · (1.3 + 0.9 · n / 32) / boost⌋

with n the unit's number of index terms and boost the favourite/use factor of store.search.
FTS5 walks a match in rowid order and stops at LIMIT, so the first K rows are the K units
most likely to rank best, found without touching the other hits; store.search ranks those K
by bm25 computed from their tokens and the boosts. The facets column holds kind, speech type and favourite as tokens, so
filters are part of the MATCH. Prefix indexes of one and two characters make the prefix the
writer is typing one doclist instead of a merge of every word it begins.

Contentless (content=''): units in the trash are not in it (include_deleted searches use the
full index), and a row is deleted by giving its old values, which the triggers have.
"""
from __future__ import annotations

import sqlite3

from sqlalchemy import Connection

TABLE = "units_rank"
ID_MASK = 0xFFFFFFFF

_BOOST = "((1 + 0.5 * ({p}.favourite != 0)) * (1 + 0.5 * {p}.uses / ({p}.uses + 5.0)))"
_TERMS = "(length({p}.tokens) - length(replace({p}.tokens, ' ', '')) + 1)"
_KEY = f"((CAST(10000.0 * (1.3 + 0.028125 * {_TERMS}) / {_BOOST} AS INTEGER) << 32) | {{p}}.id)"
_FACETS = ("('k' || hex({p}.kind) || ' t' || hex(coalesce({p}.speech_type, ''))"
           " || CASE WHEN {p}.favourite THEN ' fav' ELSE '' END)")
_WATCHED = "tokens, kind, speech_type, favourite, uses, deleted_at"


def row_key(p: str) -> str:
    """SQL for the index rowid of the units row (or row alike) aliased p, as the triggers insert it."""
    return _KEY.format(p=p)


def _row(p: str) -> str:
    return f"{_KEY.format(p=p)}, {p}.tokens, {_FACETS.format(p=p)}"


_SCHEMA = (
    f"CREATE VIRTUAL TABLE IF NOT EXISTS {TABLE} USING fts5(tokens, facets, content='', prefix='1 2',"
    " tokenize='unicode61 remove_diacritics 2')",
    f"CREATE TRIGGER IF NOT EXISTS {TABLE}_ai AFTER INSERT ON units WHEN new.deleted_at IS NULL BEGIN "
    f"INSERT INTO {TABLE}(rowid, tokens, facets) SELECT {_row('new')}; END",
    f"CREATE TRIGGER IF NOT EXISTS {TABLE}_ad AFTER DELETE ON units WHEN old.deleted_at IS NULL BEGIN "
    f"INSERT INTO {TABLE}({TABLE}, rowid, tokens, facets) SELECT 'delete', {_row('old')}; END",
    # One trigger, the old row out before the new one in: their rowids may be equal.
    f"CREATE TRIGGER IF NOT EXISTS {TABLE}_au AFTER UPDATE OF {_WATCHED} ON units BEGIN "
    f"INSERT INTO {TABLE}({TABLE}, rowid, tokens, facets) SELECT 'delete', {_row('old')} WHERE old.deleted_at IS NULL; "
    f"INSERT INTO {TABLE}(rowid, tokens, facets) SELECT {_row('new')} WHERE new.deleted_at IS NULL; END",
)
_DROP = (f"DROP TRIGGER IF EXISTS {TABLE}_ai", f"DROP TRIGGER IF EXISTS {TABLE}_ad",
         f"DROP TRIGGER IF EXISTS {TABLE}_au", f"DROP TABLE IF EXISTS {TABLE}")


def install(conn: Connection, *, rebuild: bool = False) -> None:
    """Create the index and its triggers; fill it from the live units when new or rebuilt."""
    exists = conn.exec_driver_sql(f"SELECT count(*) FROM sqlite_master WHERE name = '{TABLE}'").scalar_one() > 0
    if rebuild:
        for statement in _DROP:
            conn.exec_driver_sql(statement)
    for statement in _SCHEMA:
        conn.exec_driver_sql(statement)
    if rebuild or not exists:
        # In rowid order: FTS5 flushes its buffer whenever a rowid is not larger than the last.
        conn.exec_driver_sql(
            f"INSERT INTO {TABLE}(rowid, tokens, facets) SELECT {_row('u')} FROM units u WHERE u.deleted_at IS NULL ORDER BY 1"
        )


def facet(prefix: str, value: str) -> str:
    """The token a facet value is indexed as (SQLite's hex() of UTF-8, lower-cased by unicode61)."""
    return prefix + value.encode("utf-8").hex()


def match_expression(text_match: str, *, kind: str | None, speech_type: str | None, favourites_only: bool) -> str:
    """The MATCH for text terms (store.sqlite_engine.match_expression) with the filters as facets."""
    parts = ["{tokens} : (" + text_match + ")"]
    if kind:
        parts.append('facets : "' + facet("k", kind) + '"')
    if speech_type:
        parts.append('facets : "' + facet("t", speech_type) + '"')
    if favourites_only:
        parts.append('facets : "fav"')
    return " AND ".join(parts)


# Parameters (match, limit). No bm25() here: it counts every hit of every phrase for its IDF,
# which is the very cost this index avoids; store.search ranks the candidates from their tokens.
# Columns: id, tokens, favourite, uses (for the ranking), text, kind, speech_type, in trash (for the hit).
CANDIDATES_SQL = (
    f"SELECT u.id, u.tokens, u.favourite, u.uses, u.text, u.kind, u.speech_type, u.deleted_at IS NOT NULL FROM (SELECT rowid & {ID_MASK} AS unit_id FROM {TABLE}"
    f" WHERE {TABLE} MATCH ? ORDER BY rowid LIMIT ?) c JOIN units u ON u.id = c.unit_id"
)


def average_terms(raw: sqlite3.Connection) -> float:
    """Average number of index terms of a unit, from the index's own 'averages' record (no scan)."""
    row = raw.execute(f"SELECT block FROM {TABLE}_data WHERE id = 1").fetchone()
    if row is None or not row[0]:
        return 0.0
    values, blob, i = [], bytes(row[0]), 0
    while i < len(blob) and len(values) < 2:  # SQLite varints: total rows, then tokens of column 0
        value = 0
        for n in range(9):
            byte = blob[i]
            i += 1
            if n == 8:
                value = (value << 8) | byte
                break
            value = (value << 7) | (byte & 0x7F)
            if not byte & 0x80:
                break
        values.append(value)
    return values[1] / values[0] if len(values) == 2 and values[0] else 0.0


def integrity_problem(conn: Connection) -> str | None:
    try:
        conn.exec_driver_sql(f"INSERT INTO {TABLE}({TABLE}) VALUES ('integrity-check')")
    except Exception as exc:  # noqa: BLE001 - any failure of the check is the finding
        return f"快速检索索引损坏：{getattr(exc, 'orig', exc)}"
    return None
