"""The team bank's schema on PostgreSQL: store.models' tables plus what only the team bank has.

store.models is the one definition of the tables both engines share; `create` makes them with
SQLAlchemy's PostgreSQL DDL (the dedup key's unique index is on its md5 there, see the model) and
then adds what is PostgreSQL's own:

- on units: `status` (proposed / approved / rejected), `added_by` (the PostgreSQL role that
  proposed it), `reviewed_by`, `reviewed_at`, `review_note`; on documents: `added_by` and
  `speech_date` (the day the speech was given, when the writer says so);
- the search columns, generated from units.grams so that every way of writing a row fills them:
  `tsv`, the grams of store.terms (two-character pieces of each Chinese run, Latin and digit
  words: the same grams the SQLite indexes hold) as a tsvector made by array_to_tsvector (no
  text-search parser, so the server's locale cannot glue or split Chinese; no positions, so a
  query needs every gram of a segment rather than their phrase, and store.search.rank drops
  the units that hold the grams but not the substring), and `rank_key`, the unit's expected cost
  under store.ranking (shorter and more boosted first; the bucket of store.sqlite.rank_index)
  with its id in the low 32 bits; `changed_at`, set on every insert and update;
- the search index over tsv: RUM (rum_tsvector_ops) where the extension is installed, else GIN;
  either answers `tsv @@ query` the same (`search_index_kind` says which a bank has);
- the quality order: the table's rows lie in rank_key order on disk (a bulk load inserts them
  so; `reorder` CLUSTERs on ix_units_rank and notes when in meta 'ordered_at'), so that the
  first K matches a scan meets are the K units most likely to rank best, as the SQLite rank
  index's rowid order gives them. Rows changed since (changed_at > ordered_at) are searched
  apart and always ranked (store.postgres.roles.team_candidates). Measured against the RUM
  walk in rank_key order (`ORDER BY rank_key <=> 0` over rum_tsvector_addon_ops): that sorts
  every hit inside the index, 6 ms for a word with 20,000 hits in a 100,000-phrase bank and
  21 ms as a prefix, growing with the hits; the first 240 in disk order took 1.5–3 ms;
- `unit_uses`: who used which unit in which draft, for which speaker, when (撞稿 warnings); a
  trigger keeps units.uses and last_used_at in step;
- the row-level security and the functions through which roles search (store.postgres.roles).

Bulk loads (`drop_search_indexes` / `create_search_indexes`) write rows first and index after:
updating one column of a million indexed rows ran past 15 minutes, building the index once
takes a minute.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from desktop.store.ranking import expected_cost_sql

if TYPE_CHECKING:
    from sqlalchemy import Connection

STATUSES = ("proposed", "approved", "rejected")
PROPOSED, APPROVED, REJECTED = STATUSES

# The unit's grams (already lower-cased as FTS5's unicode61 folds them), without the run breaks, as a tsvector.
TSV_SQL = "array_to_tsvector(array_remove(array_remove(string_to_array(grams, ' '), ''), '|'))"
# The unit's expected cost as store.sqlite.rank_index buckets it (floor: SQLite's CAST truncates),
# capped below 2^20 so that the key stays exact as the float8 RUM computes distances in; then the id.
MAX_BUCKET = (1 << 20) - 1
RANK_KEY_SQL = f"((least(floor({expected_cost_sql()}), {MAX_BUCKET}))::bigint << 32) | id::bigint"

SEARCH_INDEX = "ix_units_search"
RANK_INDEX = "ix_units_rank"  # btree on rank_key: what `reorder` CLUSTERs the table on

_TEAM_COLUMNS = (
    "ALTER TABLE units ADD COLUMN IF NOT EXISTS status text NOT NULL DEFAULT 'proposed'"
    f" CHECK (status IN {STATUSES!r})",
    "ALTER TABLE units ADD COLUMN IF NOT EXISTS added_by text NOT NULL DEFAULT current_user",
    "ALTER TABLE units ADD COLUMN IF NOT EXISTS reviewed_by text",
    "ALTER TABLE units ADD COLUMN IF NOT EXISTS reviewed_at timestamp",
    "ALTER TABLE units ADD COLUMN IF NOT EXISTS review_note text",
    f"ALTER TABLE units ADD COLUMN IF NOT EXISTS tsv tsvector GENERATED ALWAYS AS ({TSV_SQL}) STORED",
    f"ALTER TABLE units ADD COLUMN IF NOT EXISTS rank_key bigint GENERATED ALWAYS AS ({RANK_KEY_SQL}) STORED",
    "ALTER TABLE units ADD COLUMN IF NOT EXISTS changed_at timestamp NOT NULL DEFAULT (now() AT TIME ZONE 'utc')",
    "CREATE INDEX IF NOT EXISTS ix_units_status_added_by ON units (status, added_by)",
    f"CREATE INDEX IF NOT EXISTS {RANK_INDEX} ON units (rank_key)",
    "CREATE INDEX IF NOT EXISTS ix_units_changed ON units (changed_at)",
    "CREATE OR REPLACE FUNCTION unit_changed() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
    " NEW.changed_at := now() AT TIME ZONE 'utc'; RETURN NEW; END $$",
    "DROP TRIGGER IF EXISTS units_changed ON units",
    "CREATE TRIGGER units_changed BEFORE UPDATE ON units FOR EACH ROW EXECUTE FUNCTION unit_changed()",
    "ALTER TABLE documents ADD COLUMN IF NOT EXISTS added_by text NOT NULL DEFAULT current_user",
    "ALTER TABLE documents ADD COLUMN IF NOT EXISTS speech_date date",
    "CREATE TABLE IF NOT EXISTS unit_uses ("
    " id bigserial PRIMARY KEY,"
    " unit_id integer NOT NULL REFERENCES units(id) ON DELETE CASCADE,"
    " used_by text NOT NULL DEFAULT current_user,"
    " draft text NOT NULL,"
    " speaker text,"
    " used_at timestamp NOT NULL DEFAULT (now() AT TIME ZONE 'utc'))",
    "CREATE INDEX IF NOT EXISTS ix_unit_uses_unit ON unit_uses (unit_id, used_at)",
    # Runs as its owner: a writer records a use of an approved unit it may not update itself.
    "CREATE OR REPLACE FUNCTION unit_used() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER"
    " SET search_path = public, pg_temp AS $$ BEGIN"
    " UPDATE units SET uses = uses + 1, last_used_at = NEW.used_at WHERE id = NEW.unit_id;"
    " RETURN NEW; END $$",
    "DROP TRIGGER IF EXISTS unit_uses_count ON unit_uses",
    "CREATE TRIGGER unit_uses_count AFTER INSERT ON unit_uses FOR EACH ROW EXECUTE FUNCTION unit_used()",
)


def has_rum(raw: Any) -> bool:
    """Whether the rum extension is installed in this database (CREATE EXTENSION tried first)."""
    if raw.execute("SELECT count(*) FROM pg_extension WHERE extname = 'rum'").fetchone()[0]:
        return True
    if not raw.execute("SELECT count(*) FROM pg_available_extensions WHERE name = 'rum'").fetchone()[0]:
        return False
    try:
        with raw.transaction():  # a savepoint inside the caller's transaction
            raw.execute("CREATE EXTENSION IF NOT EXISTS rum")
    except Exception:  # noqa: BLE001 - not allowed to (not a superuser): GIN it is, and the caller says so
        return False
    return True


def create_search_indexes(raw: Any) -> str:
    """The search index (RUM, or GIN where rum is missing); returns 'rum' or 'gin'."""
    if has_rum(raw):
        raw.execute(f"CREATE INDEX IF NOT EXISTS {SEARCH_INDEX} ON units USING rum (tsv rum_tsvector_ops)")
        kind = "rum"
    else:
        raw.execute(f"CREATE INDEX IF NOT EXISTS {SEARCH_INDEX} ON units USING gin (tsv)")
        kind = "gin"
    write_meta(raw, "search_index", kind)
    return kind


def drop_search_indexes(raw: Any) -> None:
    raw.execute(f"DROP INDEX IF EXISTS {SEARCH_INDEX}")


def search_index_kind(raw: Any) -> str | None:
    """'rum', 'gin' or None (no search index: a bulk load is under way or failed)."""
    row = raw.execute(
        "SELECT am.amname FROM pg_class c JOIN pg_am am ON am.oid = c.relam WHERE c.relname = %s AND c.relkind = 'i'",
        (SEARCH_INDEX,),
    ).fetchone()
    return None if row is None else str(row[0])


def write_meta(raw: Any, key: str, value: str) -> None:
    raw.execute(
        "INSERT INTO meta (key, value) VALUES (%s, %s) ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value",
        (key, value),
    )


def read_meta(raw: Any, key: str) -> str | None:
    row = raw.execute("SELECT value FROM meta WHERE key = %s", (key,)).fetchone()
    return None if row is None else str(row[0])


def is_empty(raw: Any) -> bool:
    return not raw.execute(
        "SELECT count(*) FROM pg_tables WHERE schemaname = 'public' AND tablename = 'meta'"
    ).fetchone()[0]


def create(conn: Connection, version: int) -> str:
    """A new team bank's tables, team columns, search index and version, in the caller's
    transaction (a SQLAlchemy connection: the tables come from the models). Returns the search
    index made ('rum' or 'gin')."""
    from desktop.store.models import Base

    Base.metadata.create_all(conn)
    raw = conn.connection.driver_connection
    add_team_columns(raw)
    write_meta(raw, "schema_version", str(version))
    mark_ordered(raw)
    return create_search_indexes(raw)


def mark_ordered(raw: Any) -> None:
    """Note that every row now lies in rank_key order (after a bulk load or a reorder)."""
    raw.execute(
        "INSERT INTO meta (key, value) VALUES ('ordered_at', (now() AT TIME ZONE 'utc')::text)"
        " ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value"
    )


def reorder(raw: Any) -> None:
    """Lay the rows out in rank_key order again (CLUSTER: the table is locked while it runs)."""
    raw.execute(f"CLUSTER units USING {RANK_INDEX}")
    raw.execute("ANALYZE units")
    mark_ordered(raw)


def add_team_columns(raw: Any) -> None:
    """What the team bank has beyond store.models (repeatable: each statement is IF NOT EXISTS)."""
    for statement in _TEAM_COLUMNS:
        raw.execute(statement)


def install_search_indexes(raw: Any, *, rebuild: bool = False) -> str:
    """What ends every upgrade on this engine (as SQLite's rebuild of its FTS5 indexes does)."""
    add_team_columns(raw)
    if rebuild:
        drop_search_indexes(raw)
    return create_search_indexes(raw)
