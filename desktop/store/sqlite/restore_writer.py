"""Writing a checked backup (store.transfer.read_backup) into a SQLite bank at import speed.

The ORM restore made a query and a segmentation per unit (66,000 units: 89 s, 28 times the import
of the same units). Here the words of every new unit are segmented first, outside the write lock,
then one transaction on the DBAPI connection writes the rows in bulk, as the import writer does:

- replace: the search indexes are dropped, every table emptied and filled, and the indexes rebuilt
  once from the new rows (as an upgrade does), instead of one index change per row deleted and added;
- merge: units the bank lacks go in through a staging table in the quality index's rowid order
  (store.sqlite.import_writer explains why); units it has get their uses, favourite, last use and
  trash state merged, their tags and sources added.

Either way the transaction is all or nothing: a failure leaves the bank as it was.
"""

from __future__ import annotations

import sqlite3

from desktop.store.heading_groups import group_key
from desktop.store.importing.cutting import unit_terms
from desktop.store.records import utc_now
from desktop.store.sqlite import codec, fts, rank_index, schema
from desktop.store.sqlite.context import BankContext
from desktop.store.sqlite.import_writer import ids_by_key

_STAGE = "restore_stage"


def write_backup(ctx: BankContext, backup: dict, *, merge: bool) -> tuple[int, int, int]:
    """(units added, units merged, documents added)."""
    units = backup["units"]
    with ctx.reading_connection() as raw:
        present = ids_by_key(raw, [u["key"] for u in units]) if merge else {}
    terms: dict[str, tuple[str, str, list[str]]] = {}
    for u in units:  # segmentation, the slow part, before the write lock is taken
        if u["key"] not in present and u["key"] not in terms:
            terms[u["key"]] = unit_terms(ctx.tokenizer, u["text"])
    with ctx.plain_writing() as raw:
        if not merge:
            fts.drop(raw)
            rank_index.drop(raw)
            for table in ("unit_tags", "unit_sources", "units", "heading_groups", "tags", "documents"):
                raw.execute(f"DELETE FROM {table}")
        result = _write(raw, backup, terms, merge)
        if not merge:
            schema.install_search_indexes(raw, rebuild=True)
    return result


def _write(
    raw: sqlite3.Connection, backup: dict, terms: dict[str, tuple[str, str, list[str]]], merge: bool
) -> tuple[int, int, int]:
    now = utc_now()
    doc_ids = dict(raw.execute("SELECT content_hash, id FROM documents").fetchall())
    docs_added = 0
    for key, d in backup["documents"].items():
        if key not in doc_ids:
            doc_ids[key] = raw.execute(
                "INSERT INTO documents (name, source_path, content_hash, speech_type, imported_at, dated)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                (
                    d["name"],
                    d["source_path"],
                    key,
                    d["speech_type"],
                    codec.datetime_text(d["imported_at"] or now),
                    d.get("dated"),
                ),
            ).lastrowid
            docs_added += 1
    ids = ids_by_key(raw, [u["key"] for u in backup["units"]])
    group_ids: dict[str, int] = {}
    next_id = raw.execute("SELECT coalesce(max(id), 0) + 1 FROM units").fetchone()[0]
    rows: list[tuple] = []
    merged_rows: list[tuple] = []
    added = merged = 0
    for u in backup["units"]:
        key = u["key"]
        if key in ids:
            if ids[key] < next_id:  # a unit the bank had before: merge what the backup knows of it
                last_used = codec.datetime_text(u["last_used_at"])
                merged_rows.append(
                    (u["uses"], int(u["favourite"]), last_used, u.get("dated"), u["deleted_at"] is None, ids[key])
                )
                merged += 1
            continue
        tokens, grams, keywords = terms[key]
        ids[key] = next_id
        rows.append(
            codec.unit_row(
                {
                    "id": next_id,
                    "text": u["text"],
                    "kind": u["kind"],
                    "speech_type": u["speech_type"],
                    "dedup_key": key,
                    "keywords": u["keywords"] or keywords,
                    "tokens": tokens,
                    "grams": grams,
                    "slots": u["slots"],
                    "group_id": _group_id(raw, u["group"], group_ids) if u["group"] else None,
                    "favourite": u["favourite"],
                    "uses": u["uses"],
                    "last_used_at": u["last_used_at"],
                    "dated": u.get("dated"),
                    "deleted_at": u["deleted_at"],
                    "created_at": u["created_at"] or now,
                    "updated_at": u["updated_at"] or now,
                }
            )
        )
        next_id += 1
        added += 1
    _insert_units(raw, rows, ordered=merge)
    raw.executemany(
        "UPDATE units SET uses = max(uses, ?), favourite = (favourite OR ?),"
        " last_used_at = CASE WHEN ?3 IS NOT NULL AND (last_used_at IS NULL OR ?3 > last_used_at)"
        " THEN ?3 ELSE last_used_at END,"
        " dated = CASE WHEN ?4 IS NOT NULL AND (dated IS NULL OR ?4 > dated) THEN ?4 ELSE dated END,"
        " deleted_at = CASE WHEN ?5 THEN NULL ELSE deleted_at END WHERE id = ?6",
        merged_rows,
    )
    raw.executemany(
        "INSERT OR IGNORE INTO unit_sources (unit_id, document_id, paragraph) VALUES (?, ?, ?)",
        [(ids[u["key"]], doc_ids[d], p) for u in backup["units"] for d, p in u["sources"]],
    )
    names = sorted({t for u in backup["units"] for t in u["tags"]})
    raw.executemany("INSERT OR IGNORE INTO tags (name) VALUES (?)", [(n,) for n in names])
    tag_ids = dict(raw.execute("SELECT name, id FROM tags").fetchall())
    raw.executemany(
        "INSERT OR IGNORE INTO unit_tags (unit_id, tag_id) VALUES (?, ?)",
        [(ids[u["key"]], tag_ids[t]) for u in backup["units"] for t in u["tags"]],
    )
    return added, merged, docs_added


def _insert_units(raw: sqlite3.Connection, rows: list[tuple], *, ordered: bool) -> None:
    placeholders = ", ".join("?" * len(codec.NAMES))
    if not ordered:  # replace: no index to keep in step, it is rebuilt afterwards
        raw.executemany(f"INSERT INTO units ({', '.join(codec.NAMES)}) VALUES ({placeholders})", rows)
        return
    columns = ", ".join(codec.NAMES)
    raw.execute(f"CREATE TEMP TABLE IF NOT EXISTS {_STAGE} (id INTEGER PRIMARY KEY, {', '.join(codec.NAMES[1:])})")
    raw.execute(f"DELETE FROM temp.{_STAGE}")
    raw.executemany(f"INSERT INTO temp.{_STAGE} VALUES ({placeholders})", rows)
    raw.execute(
        f"INSERT INTO main.units ({columns}) SELECT {columns} FROM temp.{_STAGE} s ORDER BY {rank_index.row_key('s')}"
    )
    raw.execute(f"DELETE FROM temp.{_STAGE}")


def _group_id(raw: sqlite3.Connection, headings: list[str], known: dict[str, int]) -> int:
    key = group_key(headings)
    if key not in known:
        raw.execute(
            "INSERT OR IGNORE INTO heading_groups (group_key, headings) VALUES (?, ?)", (key, codec.json_text(headings))
        )
        known[key] = raw.execute("SELECT id FROM heading_groups WHERE group_key = ?", (key,)).fetchone()[0]
    return known[key]
