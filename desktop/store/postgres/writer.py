"""Writing units, documents and their sources into the team bank (psycopg, no ORM).

One function writes a document's units whatever they come from (a file a writer proposes, a
personal bank pushed, a bulk load): `write_document`. A unit whose dedup key is already in the
bank (md5 unique index, store.models) is not written again; the document becomes another
source of it when the caller can see it (an approved unit or their own proposal), and is
counted as merged either way.

`bulk_load` is for filling an empty or nearly empty bank (benchmarks, a first load by the
admin): the search index is dropped, the rows go in with COPY, and the index is built once
after (store.postgres.schema).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from desktop.core.phrases import dedup_key
from desktop.store.ranking import expected_cost_sql
from desktop.store.records import utc_now

_UNIT_COLUMNS = (
    "text, kind, speech_type, dedup_key, keywords, tokens, grams, slots, group_id, favourite, uses,"
    " last_used_at, created_at, updated_at, status, dated"
)
_INSERT_UNIT = (
    f"INSERT INTO units ({_UNIT_COLUMNS})"
    " VALUES (%s, %s, %s, %s, %s::json, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)"
    " ON CONFLICT ((md5(dedup_key))) DO NOTHING RETURNING id"
)


@dataclass
class NewUnit:
    """A unit to write: its text and what the index and the ranking need."""

    text: str
    kind: str
    speech_type: str | None
    tokens: str
    grams: str
    keywords: list[str]
    slots: int = 0
    group: list[str] = field(default_factory=list)
    paragraph: int | None = None  # its place in the document written with it, if any
    tags: tuple[str, ...] = ()
    favourite: bool = False
    uses: int = 0
    last_used_at: datetime | None = None
    dated: int | None = None  # its document's date, yyyymmdd (units.dated)

    @property
    def key(self) -> str:
        return dedup_key(self.text)


@dataclass(frozen=True)
class NewDocument:
    name: str
    source_path: str | None
    content_hash: str
    speech_type: str | None
    speech_date: date | None = None


@dataclass(frozen=True)
class Written:
    document_id: int | None  # None: the document was already in the bank (skipped)
    added: int
    merged: int
    unit_ids: tuple[int, ...] = ()  # of every unit written or merged that the caller can see


def group_ids(conn: Any, units: Iterable[NewUnit]) -> dict[int, int]:
    """id() of each unit's group list → its heading_groups row (stored once, store.heading_groups)."""
    from desktop.store.heading_groups import group_key

    found: dict[int, int] = {}
    by_key: dict[str, int] = {}
    for u in units:
        if u.group and id(u.group) not in found:
            key = group_key(u.group)
            if key not in by_key:
                h = json.dumps(list(u.group), ensure_ascii=False)
                by_key[key] = conn.execute("SELECT heading_group_id(%s, %s::json)", (key, h)).fetchone()[0]
            found[id(u.group)] = by_key[key]
    return found


def _row(u: NewUnit, key: str, now: datetime, status: str, groups: dict[int, int]) -> tuple:
    """The units row of u, in _UNIT_COLUMNS order (groups: from group_ids)."""
    return (
        u.text,
        u.kind,
        u.speech_type,
        key,
        json.dumps(u.keywords, ensure_ascii=False),
        u.tokens,
        u.grams,
        u.slots,
        groups[id(u.group)] if u.group else None,
        u.favourite,
        u.uses,
        u.last_used_at,
        now,
        now,
        status,
        u.dated,
    )


def ids_by_key(conn: Any, keys: Sequence[str]) -> dict[str, int]:
    """The ids of the units with these dedup keys that the caller can see."""
    if not keys:
        return {}
    rows = conn.execute(
        "SELECT k, u.id FROM unnest(%s::text[]) k JOIN units u ON md5(u.dedup_key) = md5(k) AND u.dedup_key = k",
        (list(keys),),
    ).fetchall()
    return {k: i for k, i in rows}


def write_document(conn: Any, document: NewDocument | None, units: Iterable[NewUnit], status: str) -> Written:
    """A document (or none: units typed in) and its units, in the caller's transaction."""
    document_id = None
    if document is not None:
        row = conn.execute(
            "INSERT INTO documents (name, source_path, content_hash, speech_type, imported_at, speech_date)"
            " VALUES (%s, %s, %s, %s, %s, %s) ON CONFLICT (content_hash) DO NOTHING RETURNING id",
            (
                document.name[:500],
                document.source_path,
                document.content_hash,
                document.speech_type,
                utc_now(),
                document.speech_date,
            ),
        ).fetchone()
        if row is None:
            return Written(None, 0, 0)
        document_id = row[0]
    by_key: dict[str, NewUnit] = {}
    places: list[tuple[str, int]] = []
    for unit in units:
        key = unit.key
        if not key:
            continue
        by_key.setdefault(key, unit)
        if unit.paragraph is not None:
            places.append((key, unit.paragraph))
    ids = ids_by_key(conn, list(by_key))
    new = [(key, unit) for key, unit in by_key.items() if key not in ids]
    now = utc_now()
    added = 0
    if new:
        groups = group_ids(conn, [u for _, u in new])
        with conn.cursor() as cur:
            cur.executemany(
                _INSERT_UNIT,
                [_row(u, key, now, status, groups) for key, u in new],
                returning=True,
            )
            returned = []
            while True:
                row = cur.fetchone()
                returned.append(row[0] if row else None)
                if not cur.nextset():
                    break
        for (key, _), unit_id in zip(new, returned, strict=True):
            if unit_id is not None:
                ids[key] = unit_id
                added += 1
    if document_id is not None:
        rows = list(dict.fromkeys((ids[key], document_id, p) for key, p in places if key in ids))
        if rows:
            with conn.cursor() as cur:
                cur.executemany(
                    "INSERT INTO unit_sources (unit_id, document_id, paragraph) VALUES (%s, %s, %s)"
                    " ON CONFLICT DO NOTHING",
                    rows,
                )
    tagged = [(ids[key], name) for key, u in by_key.items() if key in ids for name in u.tags]
    if tagged:
        tag_ids = _tag_ids(conn, sorted({name for _, name in tagged}))
        with conn.cursor() as cur:
            cur.executemany(
                "INSERT INTO unit_tags (unit_id, tag_id) VALUES (%s, %s) ON CONFLICT DO NOTHING",
                [(unit_id, tag_ids[name]) for unit_id, name in tagged],
            )
    return Written(document_id, added, len(by_key) - added, tuple(ids[k] for k in by_key if k in ids))


def _tag_ids(conn: Any, names: list[str]) -> dict[str, int]:
    conn.execute("INSERT INTO tags (name) SELECT n FROM unnest(%s::text[]) n ON CONFLICT (name) DO NOTHING", (names,))
    return dict(conn.execute("SELECT name, id FROM tags WHERE name = ANY(%s)", (names,)).fetchall())


_NOW = "(now() AT TIME ZONE 'utc')"


def bulk_load(conn: Any, units: Iterable[NewUnit], status: str) -> int:
    """COPY units into the bank without its search index, then build the index; returns rows written.

    Units whose key is already in the bank, or repeated in units, are left out (checked in a
    staging table, so the unique index is probed once per row, not the search index)."""
    from desktop.store.postgres import schema

    conn.execute(
        "CREATE TEMP TABLE bulk_units (text text, kind text, speech_type text, dedup_key text, keywords json,"
        " tokens text, grams text, slots integer, group_id integer, favourite boolean, uses integer,"
        " last_used_at timestamp, created_at timestamp, updated_at timestamp, status text, dated integer)"
        " ON COMMIT DROP"
    )
    now = utc_now()
    units = [u for u in units if u.key]
    groups = group_ids(conn, units)
    with conn.cursor().copy(f"COPY bulk_units ({_UNIT_COLUMNS}) FROM STDIN") as copy:
        for u in units:
            copy.write_row(_row(u, u.key, now, status, groups))
    schema.drop_search_indexes(conn)
    # Into an empty table, the other indexes go too and are built once after (the unique one
    # stays: ON CONFLICT names it); into a filled one they stay, as dropping them costs more.
    later: list[str] = []
    if not conn.execute("SELECT EXISTS (SELECT 1 FROM units)").fetchone()[0]:
        for name, definition in conn.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema() AND tablename = 'units'"
            " AND indexname NOT IN ('units_pkey', 'uq_units_dedup_hash')"
        ).fetchall():
            conn.execute(f'DROP INDEX "{name}"')
            later.append(definition)
    # In rank order, so that the rows lie on disk as the quality order wants them (store.postgres.schema);
    # in the order given within a bucket (ctid: COPY's order), and the first of repeated texts kept.
    written = conn.execute(
        f"INSERT INTO units ({_UNIT_COLUMNS}) SELECT {_UNIT_COLUMNS} FROM"
        f" (SELECT DISTINCT ON (md5(dedup_key)) *, ctid AS at FROM bulk_units ORDER BY md5(dedup_key), ctid) b"
        f" ORDER BY floor({expected_cost_sql('b')}), b.at ON CONFLICT ((md5(dedup_key))) DO NOTHING"
    ).rowcount
    for definition in later:
        conn.execute(definition)
    schema.create_search_indexes(conn)
    if not conn.execute(f"SELECT count(*) FROM units WHERE changed_at < {_NOW}").fetchone()[0]:
        schema.mark_ordered(conn)  # nothing older than this load: all of it lies in order
    conn.execute("ANALYZE units")
    return int(written)
