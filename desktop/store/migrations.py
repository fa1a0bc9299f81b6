"""The bank's schema version and the steps that bring an older bank up to date (the driver).

A new bank is created at SCHEMA_VERSION from the models (store.sqlite.schema). An older bank is first copied into
the backups folder, then every step from its version up runs in ONE transaction, the search
index is rebuilt and the version recorded; if anything fails the bank is left as it was.

History:
  1  first layout: units.keywords as space-separated text; no units.last_used_at
  2  units.keywords as a JSON list; units.last_used_at (recency ranking)
  3  the quality-ordered suggestion index (store.sqlite.rank_index), built by the index rebuild
     that ends every upgrade; indexes for the empty-query listing order
  4  the suggestion index holds the kind, speech type and favourite filters in its rowids
     (store.sqlite.rank_index, with its rank_facets codes), rebuilt by the same index rebuild
  5  sibling headings as one heading_groups row per group (units.group_id) instead of the whole
     list in every heading's units.group_json (N² for N siblings)
  6  units.grams (store.terms): both search indexes over it, so that any substring of two or
     more characters finds its units; units.tokens holds the segmenter's words only, for ranking
  7  documents.dated and units.dated (core.doc_dates; unknown, NULL, for what was imported
     before); the listing indexes in the new listing order (newest documents first)
  8  the team bank's search column (store.postgres.schema.TSV_SQL) also holds a lexeme for each
     first character of a gram, so that a lone character being typed is one lexeme; nothing in
     the shared tables changes (a personal bank's step is its index rebuild only)
  9  the team bank's search index is one partial GIN index per tier of the quality order
     (store.postgres.schema.TIER_ROWS); only the team bank's indexes change
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from desktop.store.errors import BankError, BankOpenError, MigrationError
from desktop.store.sqlite import connection as db
from desktop.store.sqlite import schema

if TYPE_CHECKING:  # creating or checking a bank loads no SQLAlchemy; only the upgrade steps use it
    from sqlalchemy import Connection

    from desktop.store.sqlite.context import BankContext
    from desktop.text.tokenizer import Tokenizer

SCHEMA_VERSION = 9
_BATCH = 5_000


def _v2_keywords_json_and_last_used(conn: Connection, _tokenizer: Tokenizer) -> None:
    from sqlalchemy import text

    conn.execute(text("ALTER TABLE units ADD COLUMN last_used_at TIMESTAMP"))
    rows = conn.execute(text("SELECT id, keywords FROM units")).all()
    for unit_id, words in rows:
        as_list = (words or "").split()
        conn.execute(
            text("UPDATE units SET keywords = :k WHERE id = :i"),
            {"k": json.dumps(as_list, ensure_ascii=False), "i": unit_id},
        )


def _v3_rank_index_and_listing(conn: Connection, _tokenizer: Tokenizer) -> None:
    """The listing indexes of models.Unit; the rebuild after the steps installs store.sqlite.rank_index.

    Nothing to do today: step 7 makes the listing indexes in the current LISTING_ORDER (whose
    date column an older bank has only from step 7 on)."""


def _v4_rank_index_filters_in_rowid(conn: Connection, _tokenizer: Tokenizer) -> None:
    """Nothing to change in the tables: the index rebuild after the steps lays out the new rowids."""


def _v5_heading_groups(conn: Connection, _tokenizer: Tokenizer) -> None:
    """Each distinct group_json becomes one heading_groups row; units point at it by group_id."""
    from sqlalchemy import insert, inspect, text
    from sqlalchemy.schema import CreateTable

    from desktop.store.heading_groups import group_key
    from desktop.store.models import Base

    conn.execute(CreateTable(Base.metadata.tables["heading_groups"], if_not_exists=True))
    columns = {c["name"] for c in inspect(conn).get_columns("units")}
    if "group_id" not in columns:
        conn.execute(
            text("ALTER TABLE units ADD COLUMN group_id INTEGER REFERENCES heading_groups (id) ON DELETE SET NULL")
        )
    if "group_json" not in columns:
        return
    ids: dict[str, int] = {}
    rows = conn.execute(text("SELECT id, group_json FROM units WHERE group_json IS NOT NULL")).all()
    for unit_id, raw in rows:
        try:
            headings = json.loads(raw)
        except (TypeError, ValueError):
            headings = None
        if not isinstance(headings, list) or not headings or not all(isinstance(h, str) for h in headings):
            continue  # JSON null, [] or a damaged value: no group
        key = group_key(headings)
        if key not in ids:
            table = Base.metadata.tables["heading_groups"]  # its JSON type encodes the list on either engine
            added = insert(table).values(group_key=key, headings=headings).returning(table.c.id)
            ids[key] = conn.execute(added).scalar_one()
        conn.execute(text("UPDATE units SET group_id = :g WHERE id = :i"), {"g": ids[key], "i": unit_id})
    conn.execute(text("ALTER TABLE units DROP COLUMN group_json"))


def _v6_grams(conn: Connection, tokenizer: Tokenizer) -> None:
    """units.grams, and units.tokens as words only, computed again from every unit's text
    (portable SQL: both engines run it; each drops its search indexes before the steps and
    builds them again after)."""
    from sqlalchemy import inspect, text

    from desktop.core.phrases import SLOT_RE
    from desktop.store.terms import grams

    if "grams" not in {c["name"] for c in inspect(conn).get_columns("units")}:
        conn.execute(text("ALTER TABLE units ADD COLUMN grams TEXT NOT NULL DEFAULT ''"))
    last = 0
    select = text("SELECT id, text FROM units WHERE id > :last ORDER BY id LIMIT :n")
    update = text("UPDATE units SET tokens = :tokens, grams = :grams WHERE id = :id")
    while rows := conn.execute(select, {"last": last, "n": _BATCH}).all():
        conn.execute(
            update,
            [
                {"tokens": " ".join(tokenizer.cut(SLOT_RE.sub(" ", t))), "grams": grams(t), "id": unit_id}
                for unit_id, t in rows
            ],
        )
        last = rows[-1][0]


def _v7_dates(conn: Connection, _tokenizer: Tokenizer) -> None:
    """The date columns (NULL: the documents were imported without one) and the listing indexes
    in LISTING_ORDER, which now holds the date (portable: both engines run it)."""
    from sqlalchemy import inspect, text
    from sqlalchemy.schema import CreateIndex

    from desktop.store.models import Base

    for table in ("documents", "units"):
        if "dated" not in {c["name"] for c in inspect(conn).get_columns(table)}:
            conn.execute(text(f"ALTER TABLE {table} ADD COLUMN dated INTEGER"))
    for index in Base.metadata.tables["units"].indexes:
        if index.name in ("ix_units_listing", "ix_units_kind_listing"):
            conn.execute(text(f"DROP INDEX IF EXISTS {index.name}"))
            conn.execute(CreateIndex(index))


def _v8_team_prefix_lexemes(conn: Connection, _tokenizer: Tokenizer) -> None:
    """Nothing to change in the shared tables: the team bank's search columns, generated from
    units.grams, are made again after the steps (store.postgres.bank.migrate), in the new layout."""


def _v9_team_search_tiers(conn: Connection, _tokenizer: Tokenizer) -> None:
    """Nothing to change in the shared tables: the team bank's search indexes are made again
    after the steps (store.postgres.bank.migrate), one per tier."""


# Steps that change nothing in a personal (SQLite) bank: a bank short of only these is brought
# up to date by writing its version, with no backup and no index rebuild (at 1M phrases that
# rebuild takes minutes of a writer's time for nothing).
TEAM_ONLY_STEPS = frozenset({8, 9})

# MIGRATIONS[n] turns a version n-1 bank into version n (on the upgrade's connection, with the
# bank's tokenizer for steps that index text again).
MIGRATIONS: dict[int, Callable[[Connection, Tokenizer], None]] = {
    2: _v2_keywords_json_and_last_used,
    3: _v3_rank_index_and_listing,
    4: _v4_rank_index_filters_in_rowid,
    5: _v5_heading_groups,
    6: _v6_grams,
    7: _v7_dates,
    8: _v8_team_prefix_lexemes,
    9: _v9_team_search_tiers,
}


def read_version(raw: sqlite3.Connection) -> int | None:
    """The bank's schema version; None for an empty file. Raises if it is not a bank."""
    if schema.is_empty(raw):
        return None
    if not schema.has_table(raw, "meta"):
        raise BankOpenError("这个文件不是讲稿助手的素材库。请选择正确的素材库文件，或新建一个素材库。")
    stored = schema.stored_version(raw)
    try:
        return int(stored or "")
    except ValueError:
        raise BankOpenError("素材库缺少版本信息，无法确认能否安全打开。请从备份恢复素材库。") from None


def backup_path(bank: Path, backups_dir: Path, version: int) -> Path:
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    return backups_dir / f"{bank.stem}-v{version}-{stamp}{bank.suffix}"


def prepare_schema(ctx: BankContext, backups_dir: Path) -> Path | None:
    """Create or upgrade the schema. Returns the backup made before an upgrade, if any.

    Creating a new bank and checking a current one run on a plain sqlite3 connection; only an
    upgrade, whose steps are written for SQLAlchemy, makes the engine.
    """
    # Checking a current bank only reads: a bank another process is writing (a long restore or
    # import) opens at once for searching; only creating or upgrading waits for the write lock.
    with ctx.reading_connection() as raw:
        version = read_version(raw)
    if version is None:
        with ctx.plain_writing() as raw:
            version = read_version(raw)  # again under the lock: another process may have made it
            if version is None:
                schema.create(raw, SCHEMA_VERSION)
                return None
    with db.translated_errors():
        if version > SCHEMA_VERSION:
            raise BankOpenError(
                f"这个素材库由更新版本的讲稿助手创建（格式版本 {version}），"
                f"当前程序只支持到版本 {SCHEMA_VERSION}。请升级讲稿助手后再打开。"
            )
        if version == SCHEMA_VERSION:
            return None
    if all(step in TEAM_ONLY_STEPS for step in range(version + 1, SCHEMA_VERSION + 1)):
        with ctx.plain_writing() as raw:
            if read_version(raw) == version:  # another process may have upgraded it meanwhile
                schema.write_version(raw, SCHEMA_VERSION)
        return None
    with db.translated_errors():
        backup = backup_path(ctx.path, backups_dir, version)
        db.backup_database(ctx.path, backup)
    try:
        with ctx.write_lock, db.writer(ctx.engine).begin() as conn:
            # The same transaction, on the connection under SQLAlchemy's (the index DDL is sqlite3's).
            dbapi = conn.connection.dbapi_connection
            assert isinstance(dbapi, sqlite3.Connection)
            # The indexes go first: a step that rewrites indexed columns would feed their
            # triggers every row; the rebuild below makes them again from the upgraded rows.
            schema.drop_search_indexes(dbapi)
            for step in range(version + 1, SCHEMA_VERSION + 1):
                MIGRATIONS[step](conn, ctx.tokenizer)
            schema.install_search_indexes(dbapi, rebuild=True)
            schema.write_version(dbapi, SCHEMA_VERSION)
    except Exception as exc:  # any failure: the transaction rolled back, the backup stays
        detail = str(exc) if isinstance(exc, BankError) else type(exc).__name__
        raise MigrationError(
            f"升级素材库（版本 {version} → {SCHEMA_VERSION}）失败（{detail}），素材库未作改动。升级前的备份在：{backup}"
        ) from exc
    return backup
