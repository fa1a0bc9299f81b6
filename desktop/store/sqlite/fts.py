"""The full FTS5 index over every unit (units_fts), its MATCH syntax and its check.

An external-content table over units.tokens kept in step by triggers: unicode61 over the
space-joined index terms of store.terms, because trigram cannot match one- or two-character
words and SQLite 3.40 has no contentless_delete. Suggestions read the quality-ordered index
(store.sqlite.rank_index) first; this one answers the searches that index cannot (tag, source
and trash filters) with bm25.
"""

from __future__ import annotations

import sqlite3

TABLE = "units_fts"

SCHEMA = (
    # External content: the index stores no text of its own; rowid = units.id.
    f"CREATE VIRTUAL TABLE IF NOT EXISTS {TABLE} USING fts5("
    "tokens, content='units', content_rowid='id', tokenize='unicode61 remove_diacritics 2')",
    # An external-content index must be told the old tokens to delete a row, hence the
    # 'delete' command with old.tokens in the delete and update triggers.
    f"CREATE TRIGGER IF NOT EXISTS {TABLE}_ai AFTER INSERT ON units BEGIN "
    f"INSERT INTO {TABLE}(rowid, tokens) VALUES (new.id, new.tokens); END",
    f"CREATE TRIGGER IF NOT EXISTS {TABLE}_ad AFTER DELETE ON units BEGIN "
    f"INSERT INTO {TABLE}({TABLE}, rowid, tokens) VALUES ('delete', old.id, old.tokens); END",
    f"CREATE TRIGGER IF NOT EXISTS {TABLE}_au AFTER UPDATE OF tokens ON units BEGIN "
    f"INSERT INTO {TABLE}({TABLE}, rowid, tokens) VALUES ('delete', old.id, old.tokens); "
    f"INSERT INTO {TABLE}(rowid, tokens) VALUES (new.id, new.tokens); END",
)
_DROP = (
    f"DROP TRIGGER IF EXISTS {TABLE}_ai",
    f"DROP TRIGGER IF EXISTS {TABLE}_ad",
    f"DROP TRIGGER IF EXISTS {TABLE}_au",
    f"DROP TABLE IF EXISTS {TABLE}",
)
# Rows (unit_id, relevance) matching the parameter; relevance ≥ 0, larger is better (−bm25).
RELEVANCE = f"SELECT rowid AS unit_id, -bm25({TABLE}) AS relevance FROM {TABLE} WHERE {TABLE} MATCH ?"


def install(raw: sqlite3.Connection, *, rebuild: bool = False) -> None:
    """Create the index and its triggers (again, if rebuild: then refilled from units)."""
    if rebuild:
        for statement in _DROP:
            raw.execute(statement)
    for statement in SCHEMA:
        raw.execute(statement)
    if rebuild:
        raw.execute(f"INSERT INTO {TABLE}({TABLE}) VALUES ('rebuild')")


def match_expression(terms: list[tuple[str, bool]]) -> str:
    """An FTS5 query that searches every term as literal text, all of them required.

    Each term is an FTS5 string ("…" with " doubled), so AND, NEAR, *, ^, : and ( and quotes
    in what the writer typed are words, never syntax; (term, True) matches as a prefix.
    """
    return " ".join('"' + term.replace('"', '""') + '"' + ("*" if prefix else "") for term, prefix in terms)


def integrity_problem(raw: sqlite3.Connection) -> str | None:
    try:
        # rank = 1: also compare the index with the units table it indexes.
        raw.execute(f"INSERT INTO {TABLE}({TABLE}, rank) VALUES ('integrity-check', 1)")
    except sqlite3.DatabaseError as exc:
        return f"全文索引与内容不一致：{exc}"
    return None
