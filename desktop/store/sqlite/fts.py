"""The full FTS5 index over every unit (units_fts), its MATCH syntax and its check.

An external-content table over units.grams kept in step by triggers: unicode61 over the
space-joined grams of store.terms (two-character pieces of each Chinese run, Latin and digit
words), searched as phrases, because the trigram tokenizer cannot match a two-character
substring and SQLite 3.40 has no contentless_delete. Suggestions read the quality-ordered index
(store.sqlite.rank_index) first; this one finds the hits of the searches that index cannot
(tag, source and trash filters), and store.search ranks them by the same rule.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence

from desktop.store.terms import Segment

TABLE = "units_fts"

SCHEMA = (
    # External content: the index stores no text of its own; rowid = units.id.
    f"CREATE VIRTUAL TABLE IF NOT EXISTS {TABLE} USING fts5("
    "grams, content='units', content_rowid='id', tokenize='unicode61 remove_diacritics 2')",
    # An external-content index must be told the old grams to delete a row, hence the
    # 'delete' command with old.grams in the delete and update triggers.
    f"CREATE TRIGGER IF NOT EXISTS {TABLE}_ai AFTER INSERT ON units BEGIN "
    f"INSERT INTO {TABLE}(rowid, grams) VALUES (new.id, new.grams); END",
    f"CREATE TRIGGER IF NOT EXISTS {TABLE}_ad AFTER DELETE ON units BEGIN "
    f"INSERT INTO {TABLE}({TABLE}, rowid, grams) VALUES ('delete', old.id, old.grams); END",
    f"CREATE TRIGGER IF NOT EXISTS {TABLE}_au AFTER UPDATE OF grams ON units BEGIN "
    f"INSERT INTO {TABLE}({TABLE}, rowid, grams) VALUES ('delete', old.id, old.grams); "
    f"INSERT INTO {TABLE}(rowid, grams) VALUES (new.id, new.grams); END",
)
_DROP = (
    f"DROP TRIGGER IF EXISTS {TABLE}_ai",
    f"DROP TRIGGER IF EXISTS {TABLE}_ad",
    f"DROP TRIGGER IF EXISTS {TABLE}_au",
    f"DROP TABLE IF EXISTS {TABLE}",
)
# The ids of the units matching the parameter (a match_expression).
MATCHING = f"SELECT rowid AS unit_id FROM {TABLE} WHERE {TABLE} MATCH ?"


def drop(raw: sqlite3.Connection) -> None:
    """The index and its triggers, gone (install makes them again)."""
    for statement in _DROP:
        raw.execute(statement)


def install(raw: sqlite3.Connection, *, rebuild: bool = False) -> None:
    """Create the index and its triggers (again, if rebuild: then refilled from units)."""
    if rebuild:
        drop(raw)
    for statement in SCHEMA:
        raw.execute(statement)
    if rebuild:
        raw.execute(f"INSERT INTO {TABLE}({TABLE}) VALUES ('rebuild')")


def match_expression(segments: Sequence[Segment]) -> str:
    """An FTS5 query that searches every segment (store.terms) as literal text, all required.

    Each segment is an FTS5 string ("…" with " doubled), the phrase of its grams, so AND, NEAR,
    *, ^, : and ( and quotes in what the writer typed are words, never syntax; a prefix segment
    ends in *."""
    return " ".join(_phrase(s) for s in segments)


def any_expression(alternatives: Sequence[Sequence[Segment]]) -> str:
    """An FTS5 query matching any of the alternatives (each a match_expression's segments)."""
    return " OR ".join("(" + match_expression(a) + ")" for a in alternatives if a)


def _phrase(segment: Segment) -> str:
    text = " ".join(segment.grams)
    return '"' + text.replace('"', '""') + '"' + ("*" if segment.prefix else "")


def integrity_problem(raw: sqlite3.Connection) -> str | None:
    try:
        # rank = 1: also compare the index with the units table it indexes.
        raw.execute(f"INSERT INTO {TABLE}({TABLE}, rank) VALUES ('integrity-check', 1)")
    except sqlite3.DatabaseError as exc:
        return f"全文索引与内容不一致：{exc}"
    return None
