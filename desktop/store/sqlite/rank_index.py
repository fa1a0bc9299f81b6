"""The quality-ordered search index that suggestions read first (SQLite FTS5).

Ranking every hit of a frequent word by bm25 costs tens to hundreds of milliseconds in a
million-phrase bank. For the short texts the bank holds, a term occurs once in nearly every
unit that has it, so bm25 orders hits by length (shorter is better) and the boosts multiply
that. This index stores each live unit under a rowid that sorts by that expected score:

    rowid = bucket << 43 | kind << 38 | type << 33 | favourite << 32 | units.id    (RankKey)
    bucket = ⌊10000 · (1.3 + 0.9 · n / 40) / boost⌋

with n the unit's number of grams (store.terms) and boost the favourite/use factor (store.ranking.boost_sql).
The layout is an on-disk format: tests/store/test_rank_index.py pins the keys of sample rows
for each SCHEMA_VERSION, so a change of it (or of the boost) fails there until the version moves
and a migration rebuilds the index.

FTS5 walks a match in rowid order and stops at LIMIT, so the first K rows are the K units
most likely to rank best, found without touching the other hits; store.sqlite.search ranks those K
by bm25 computed from their grams and words and the boosts (store.ranking.relevance).

The filters are bits of the rowid, tested on each walked row without reading anything else:
kind and speech type as 5-bit codes from the rank_facets table, favourite as one bit.
(They were facet tokens ANDed into the MATCH; at a million phrases FTS5's AND of a rare
text term with a facet held by two thirds of the bank cost 5–10 ms, the rowid test ~1.)
Codes are given when the index is built or rebuilt: the known kinds and speech types and
those in the bank, 31 at most per facet. A value without a code (a kind first seen after the
build, or beyond 31) is code 0; a filter on it walks the code-0 rows and the candidate query
checks the value itself, so results stay right, only fewer may be found.

A prefix index of one character makes a lone character the writer is typing (学, or the first
letter of a Latin word) one doclist instead of a merge of every gram it begins.

Contentless (content=''): units in the trash are not in it (include_deleted searches use the
full index), and a row is deleted by giving its old values, which the triggers have.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from desktop.store.ranking import boost_sql, expected_cost_sql

TABLE = "units_rank"
FACETS = "rank_facets"
BUCKET_SHIFT, KIND_SHIFT, TYPE_SHIFT, FAVOURITE_SHIFT = 43, 38, 33, 32
ID_MASK = (1 << FAVOURITE_SHIFT) - 1
CODE_MASK = (1 << (KIND_SHIFT - TYPE_SHIFT)) - 1  # 5 bits per facet code; 0 = no code
MAX_BUCKET = (1 << (63 - BUCKET_SHIFT)) - 1  # keeps the rowid positive (a unit of ~37,000 terms reaches it)


@dataclass(frozen=True)
class RankKey:
    """The fields of one index rowid (the layout in the module docstring)."""

    bucket: int
    kind: int  # facet code of the unit's kind, 0 if it has none
    speech_type: int  # facet code of its speech type, 0 if none
    favourite: bool
    unit_id: int

    def encode(self) -> int:
        if not (0 <= self.bucket <= MAX_BUCKET and 0 <= self.unit_id <= ID_MASK):
            raise ValueError(f"out of the rowid layout: {self}")
        if not (0 <= self.kind <= CODE_MASK and 0 <= self.speech_type <= CODE_MASK):
            raise ValueError(f"facet code out of range: {self}")
        return (
            self.bucket << BUCKET_SHIFT
            | self.kind << KIND_SHIFT
            | self.speech_type << TYPE_SHIFT
            | int(self.favourite) << FAVOURITE_SHIFT
            | self.unit_id
        )

    @classmethod
    def decode(cls, rowid: int) -> RankKey:
        return cls(
            bucket=rowid >> BUCKET_SHIFT,
            kind=(rowid >> KIND_SHIFT) & CODE_MASK,
            speech_type=(rowid >> TYPE_SHIFT) & CODE_MASK,
            favourite=bool((rowid >> FAVOURITE_SHIFT) & 1),
            unit_id=rowid & ID_MASK,
        )


def bucket_sql(p: str) -> str:
    """SQL for the bucket of the units row aliased p: smaller is a better expected score."""
    return f"min(CAST({expected_cost_sql(p)} AS INTEGER), {MAX_BUCKET})"


def row_key(p: str) -> str:
    """SQL for RankKey(...).encode() of the units row (or row alike) aliased p, as the triggers insert it."""
    bucket = bucket_sql(p)

    def code(facet: str, column: str) -> str:
        return f"coalesce((SELECT code FROM {FACETS} WHERE facet = '{facet}' AND value = {p}.{column}), 0)"

    return (
        f"(({bucket} << {BUCKET_SHIFT}) | ({code('k', 'kind')} << {KIND_SHIFT})"
        f" | ({code('t', 'speech_type')} << {TYPE_SHIFT}) | (({p}.favourite != 0) << {FAVOURITE_SHIFT}) | {p}.id)"
    )


def _row(p: str) -> str:
    return f"{row_key(p)}, {p}.grams"


_WATCHED = "grams, kind, speech_type, favourite, uses, dated, deleted_at"
SCHEMA = (
    f"CREATE TABLE IF NOT EXISTS {FACETS} (facet TEXT NOT NULL, value TEXT NOT NULL,"
    " code INTEGER NOT NULL, PRIMARY KEY (facet, value)) WITHOUT ROWID",
    f"CREATE VIRTUAL TABLE IF NOT EXISTS {TABLE} USING fts5(grams, content='', prefix='1',"
    " tokenize='unicode61 remove_diacritics 2')",
    f"CREATE TRIGGER IF NOT EXISTS {TABLE}_ai AFTER INSERT ON units WHEN new.deleted_at IS NULL BEGIN "
    f"INSERT INTO {TABLE}(rowid, grams) SELECT {_row('new')}; END",
    f"CREATE TRIGGER IF NOT EXISTS {TABLE}_ad AFTER DELETE ON units WHEN old.deleted_at IS NULL BEGIN "
    f"INSERT INTO {TABLE}({TABLE}, rowid, grams) SELECT 'delete', {_row('old')}; END",
    # One trigger, the old row out before the new one in: their rowids may be equal.
    f"CREATE TRIGGER IF NOT EXISTS {TABLE}_au AFTER UPDATE OF {_WATCHED} ON units BEGIN "
    f"INSERT INTO {TABLE}({TABLE}, rowid, grams) SELECT 'delete', {_row('old')} WHERE old.deleted_at IS NULL; "
    f"INSERT INTO {TABLE}(rowid, grams) SELECT {_row('new')} WHERE new.deleted_at IS NULL; END",
)
_DROP = (
    f"DROP TRIGGER IF EXISTS {TABLE}_ai",
    f"DROP TRIGGER IF EXISTS {TABLE}_ad",
    f"DROP TRIGGER IF EXISTS {TABLE}_au",
    f"DROP TABLE IF EXISTS {TABLE}",
    f"DROP TABLE IF EXISTS {FACETS}",
)


def drop(raw: sqlite3.Connection) -> None:
    """The index and its triggers, gone (install makes them again)."""
    for statement in _DROP:
        raw.execute(statement)


def install(raw: sqlite3.Connection, *, rebuild: bool = False) -> None:
    """Create the index and its triggers; give the facet codes and fill it when new or rebuilt.

    The codes change only here, together with every rowid that holds them."""
    exists = raw.execute(f"SELECT count(*) FROM sqlite_master WHERE name = '{TABLE}'").fetchone()[0] > 0
    if rebuild:
        drop(raw)
    for statement in SCHEMA:
        raw.execute(statement)
    if rebuild or not exists:
        for facet, column, known in (("k", "kind", _known_kinds()), ("t", "speech_type", _known_types())):
            in_bank = [
                v
                for (v,) in raw.execute(
                    f"SELECT {column} FROM units WHERE {column} IS NOT NULL"
                    f" GROUP BY {column} ORDER BY count(*) DESC, {column}"
                )
            ]
            values = list(dict.fromkeys([*known, *in_bank]))[:CODE_MASK]
            raw.executemany(
                f"INSERT INTO {FACETS} (facet, value, code) VALUES (?, ?, ?)",
                [(facet, value, code) for code, value in enumerate(values, start=1)],
            )
        # In rowid order: FTS5 flushes its buffer whenever a rowid is not larger than the last.
        raw.execute(
            f"INSERT INTO {TABLE}(rowid, grams) SELECT {_row('u')} FROM units u WHERE u.deleted_at IS NULL ORDER BY 1"
        )


def _known_kinds() -> tuple[str, ...]:
    from desktop.core.phrases import phrase_kinds

    return phrase_kinds()


def _known_types() -> list[str]:
    from desktop.core.speech_types import type_names

    return type_names()


# A candidate's columns (store.search.Candidate's fields, in order) from the units row aliased u.
CANDIDATE_COLUMNS = (
    f"u.id, u.tokens, u.grams, {boost_sql('u')}, u.favourite, u.uses, u.text, u.kind, u.speech_type,"
    " u.deleted_at IS NOT NULL"
)
_CANDIDATES = (
    f"SELECT {CANDIDATE_COLUMNS}"
    f" FROM (SELECT rowid & {ID_MASK} AS unit_id FROM {TABLE} WHERE {TABLE} MATCH ?{{inner}} ORDER BY rowid LIMIT ?) c"
    " JOIN units u ON u.id = c.unit_id{outer}"
)
# The filter value's code, looked up once per query (a subquery that does not depend on the row).
_CODE_OF = f"coalesce((SELECT code FROM {FACETS} WHERE facet = ? AND value = ?), 0)"


def candidates(
    raw: sqlite3.Connection,
    text_match: str,
    *,
    kind: str | None,
    speech_type: str | None,
    favourites_only: bool,
    limit: int,
) -> list[tuple]:
    """The first `limit` live units matching text_match (store.sqlite.fts.match_expression) and
    the filters, in rowid order. No bm25() here: it counts every hit of every phrase for its IDF,
    which is the very cost this index avoids; store.sqlite.search ranks the candidates
    (store.search.rank).

    The unit row is checked against the filter values too: it is read anyway, and it keeps a
    value without a code (code 0, shared) from letting another value's units through."""
    inner: list[str] = []
    inner_args: list[object] = []
    outer: list[str] = []
    outer_args: list[object] = []
    for facet, column, value, shift in (("k", "kind", kind, KIND_SHIFT), ("t", "speech_type", speech_type, TYPE_SHIFT)):
        if value:
            inner.append(f" AND (rowid >> {shift}) & {CODE_MASK} = {_CODE_OF}")
            inner_args += [facet, value]
            outer.append(f"u.{column} = ?")
            outer_args.append(value)
    if favourites_only:
        inner.append(f" AND (rowid >> {FAVOURITE_SHIFT}) & 1")
    sql = _CANDIDATES.format(inner="".join(inner), outer=" WHERE " + " AND ".join(outer) if outer else "")
    return raw.execute(sql, (text_match, *inner_args, limit, *outer_args)).fetchall()


def average_terms(raw: sqlite3.Connection) -> float:
    """Average number of index terms of a unit, from the index's own 'averages' record (no scan)."""
    row = raw.execute(f"SELECT block FROM {TABLE}_data WHERE id = 1").fetchone()
    if row is None or not row[0]:
        return 0.0
    values: list[int] = []
    blob, i = bytes(row[0]), 0
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


def integrity_problem(raw: sqlite3.Connection) -> str | None:
    try:
        raw.execute(f"INSERT INTO {TABLE}({TABLE}) VALUES ('integrity-check')")
    except sqlite3.DatabaseError as exc:
        return f"快速检索索引损坏：{exc}"
    return None
