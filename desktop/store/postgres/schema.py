"""The team bank's schema on PostgreSQL: store.models' tables plus what only the team bank has.

store.models is the one definition of the tables both engines share; `create` makes them with
SQLAlchemy's PostgreSQL DDL (the dedup key's unique index is on its md5 there, see the model) and
then adds what is PostgreSQL's own:

- on units: `status` (proposed / approved / rejected), `added_by` (the PostgreSQL role that
  proposed it), `reviewed_by`, `reviewed_at`, `review_note`; on documents: `added_by` and
  `speech_date` (the day the speech was given, when the writer says so);
- the search columns, generated from units.grams (and kind, speech_type) so that every way of
  writing a row fills them: `tsv`, a tsvector made by array_to_tsvector (no text-search parser,
  so the server's locale cannot glue or split Chinese) of
    - the grams of store.terms (two-character pieces of each Chinese run, Latin and digit words:
      the same grams the SQLite indexes hold); no positions, so a query needs every gram of a
      segment rather than their phrase, and store.search.rank drops the units that hold the
      grams but not the substring;
    - "X*" for each character X that begins a gram (PREFIX_MARK): a lone character being typed
      (业, a) is one exact lexeme, where a prefix match (`业:*`) merged every gram it begins
      (650 ms at a million phrases); SQLite's one-character prefix index does the same;
    - "k:KIND" and "t:SPEECH TYPE" (KIND_MARK, TYPE_MARK): a kind or speech-type filter is part
      of the index's match (store.postgres.search.tsquery);
  `rank_key`, the unit's expected cost under store.ranking (shorter and more boosted first; the
  bucket of store.sqlite.rank_index) with its id in the low 32 bits; `changed_at`, set on every
  insert and update;
- the search indexes over tsv: GIN, one per tier of the quality order (TIER_ROWS: the best 4,000
  rows by rank_key, the next 12,000, then four times as many each time, the last tier holding
  the rest), each a partial index on its rank_key range. A frequent word's candidates all lie in
  the first tiers, so its search collects the few thousand hits of a small index instead of the
  100,000 of a whole one; a rare word goes on through the tiers, each holding few of its hits.
  The bounds are read off ix_units_rank when the indexes are made, and each tier's condition is
  kept in meta 'search_tiers' for the search functions; together they cover every rank_key, so a
  row added later lies in exactly one tier.
  (RUM was measured and left: its ordered walk sorts every hit inside the index, 6 ms for a word
  with 20,000 hits at 100,000 phrases and growing with them; collecting hits into a bitmap it
  took 95 ms for 40,000 hits at 1M, GIN 12 ms. A TID range scan of the table's first rows, the
  design before tiers, read rows the word was not in: p95 106 ms with 8 clients at 1M);
- `unit_uses`: who used which unit in which draft, for which speaker, when (撞稿 warnings); a
  trigger keeps units.uses and last_used_at in step;
- the row-level security and the functions through which roles search (store.postgres.roles).

Bulk loads (`drop_search_indexes` / `create_search_indexes`) write rows first and index after:
updating one column of a million indexed rows ran past 15 minutes, building the index once
takes a minute.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from desktop.store.ranking import expected_cost_sql

if TYPE_CHECKING:
    from sqlalchemy import Connection

STATUSES = ("proposed", "approved", "rejected")
PROPOSED, APPROVED, REJECTED = STATUSES

# A lexeme "X*": some gram of the unit begins with the character X (a lone character being typed,
# 业 or a, as one exact lexeme instead of a prefix match over every gram it begins: 650 ms → ~ms).
PREFIX_MARK = "*"  # never in a gram (store.terms: Chinese characters, Latin letters and digits)
_FIRST_CHARACTERS_SQL = f"regexp_replace(grams, '([^ |])[^ ]*', '\\1{PREFIX_MARK}', 'g')"
# The unit's grams (already lower-cased as FTS5's unicode61 folds them) and their first characters'
# prefix lexemes, without the run breaks, as a tsvector (array_to_tsvector drops repeats).
# A lexeme "k:X" / "t:X": the unit's kind / speech type is X, so that a filter on either is part
# of the index's match (store.postgres.search.tsquery) and never a scan that meets it late.
KIND_MARK, TYPE_MARK = "k:", "t:"
TSV_SQL = (
    f"array_to_tsvector(array_remove(array_remove(string_to_array(grams || ' ' || {_FIRST_CHARACTERS_SQL}, ' '),"
    f" ''), '|') || array_remove(ARRAY['{KIND_MARK}' || kind, '{TYPE_MARK}' || speech_type], NULL))"
)
# The unit's expected cost as store.sqlite.rank_index buckets it (floor: SQLite's CAST truncates),
# capped below 2^20 so that the key stays exact as the float8 RUM computes distances in; then the id.
MAX_BUCKET = (1 << 20) - 1
RANK_KEY_SQL = f"((least(floor({expected_cost_sql()}), {MAX_BUCKET}))::bigint << 32) | id::bigint"

SEARCH_INDEX = "ix_units_search"  # the whole-table GIN of a bank made before version 9; tiers are f"{SEARCH_INDEX}_{i}"
# Where the tiers of the quality order end, in rows (the last tier holds every row after the
# last bound the table reaches): the first small enough that a word in one unit of ten has its
# 240 candidates in a few thousand hits, each next four times as big.
TIER_ROWS = (4_000, 16_000, 64_000, 256_000, 1_024_000, 4_096_000)
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


# server_version_num: the oldest release the team bank is built and planned for (generated columns
# came with 12; 14 is the oldest the search's plans were checked on, 15 what CI runs).
MIN_SERVER = 140000


def check_server(raw: Any) -> None:
    """Refuse a server too old for the search (a clear message instead of searches reading the whole table)."""
    from desktop.store.errors import BankError

    version = int(raw.execute("SHOW server_version_num").fetchone()[0])
    if version < MIN_SERVER:
        raise BankError(
            f"团队服务器的 PostgreSQL 版本过旧（{version // 10000}），团队素材库需要 PostgreSQL 14 或更新的版本。"
            "请管理员升级服务器后再运行 speechdraft team init。"
        )


def create_search_indexes(raw: Any) -> str:
    """The search indexes (GIN over tsv, one per tier of rank_key), unless they stand already
    (their bounds are those in meta, which the search functions read); returns their kind, 'gin'."""
    if search_index_kind(raw) == "gin" and read_meta(raw, "search_tiers") is not None:
        return "gin"
    conditions = tier_conditions(_tier_bounds(raw))
    for i, condition in enumerate(conditions):
        raw.execute(f"CREATE INDEX IF NOT EXISTS {SEARCH_INDEX}_{i} ON units USING gin (tsv) WHERE {condition}")
    # The search functions read the conditions from here, word for word as the indexes hold them.
    write_meta(raw, "search_tiers", json.dumps(conditions))
    write_meta(raw, "search_index", "gin")
    return "gin"


def _tier_bounds(raw: Any) -> list[int]:
    """The rank_key at which each tier after the first begins (read through ix_units_rank)."""
    bounds = []
    for rows in TIER_ROWS:
        row = raw.execute("SELECT rank_key FROM units ORDER BY rank_key OFFSET %s LIMIT 1", (rows,)).fetchone()
        if row is None:  # the table ends in this tier
            break
        bounds.append(int(row[0]))
    return bounds


def tier_conditions(bounds: list[int]) -> list[str]:
    """Each tier's rank_key range as SQL with the bounds as literals (so that the planner can
    match the partial index to a query holding the same condition); together they cover all rows."""
    edges: list[int | None] = [None, *bounds, None]
    conditions = []
    for low, high in zip(edges, edges[1:], strict=False):
        parts = ([f"rank_key >= {low}"] if low is not None else []) + (
            [f"rank_key < {high}"] if high is not None else []
        )
        conditions.append(" AND ".join(parts) or "true")
    return conditions


def drop_search_indexes(raw: Any) -> None:
    names = [
        name
        for (name,) in raw.execute(
            "SELECT indexname FROM pg_indexes WHERE schemaname = current_schema() AND tablename = 'units'"
            " AND (indexname = %s OR indexname ~ %s)",
            (SEARCH_INDEX, f"^{SEARCH_INDEX}_[0-9]+$"),
        ).fetchall()
    ]
    for name in names:
        raw.execute(f"DROP INDEX IF EXISTS {name}")


def search_index_kind(raw: Any) -> str | None:
    """'gin' (or 'rum', in a bank made before version 8) or None (no search index: a bulk load is
    under way or failed)."""
    row = raw.execute(
        "SELECT am.amname FROM pg_class c JOIN pg_am am ON am.oid = c.relam"
        " WHERE c.relname IN (%s, %s) AND c.relkind = 'i' LIMIT 1",
        (f"{SEARCH_INDEX}_0", SEARCH_INDEX),
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
    """Lay the rows out in rank_key order again (CLUSTER: the table is locked while it runs), and
    the tiers again on the rows as they now are (CLUSTER would rebuild the old ones anyway)."""
    drop_search_indexes(raw)
    raw.execute(f"CLUSTER units USING {RANK_INDEX}")
    create_search_indexes(raw)
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
