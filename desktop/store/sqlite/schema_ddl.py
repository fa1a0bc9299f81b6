"""Generated from store.models by `python -m desktop.store.sqlite.schema`: do not edit.

The SQLite DDL of the bank's tables and indexes (store.sqlite.schema.create runs it), and
the units table's columns as (name, type, nullable) for the import writer.
"""

TABLES = (
    "CREATE TABLE documents ( id INTEGER NOT NULL, name VARCHAR(500) NOT NULL, source_path TEXT, content_hash VARCHAR(64) NOT NULL, speech_type VARCHAR(50), imported_at DATETIME NOT NULL, dated INTEGER, PRIMARY KEY (id), UNIQUE (content_hash) )",
    "CREATE TABLE heading_groups ( id INTEGER NOT NULL, group_key VARCHAR(64) NOT NULL, headings JSON NOT NULL, PRIMARY KEY (id), UNIQUE (group_key) )",
    'CREATE TABLE meta ( "key" VARCHAR(100) NOT NULL, value TEXT NOT NULL, PRIMARY KEY ("key") )',
    "CREATE TABLE tags ( id INTEGER NOT NULL, name VARCHAR(100) NOT NULL, PRIMARY KEY (id), UNIQUE (name) )",
    "CREATE TABLE units ( id INTEGER NOT NULL, text TEXT NOT NULL, kind VARCHAR(50) NOT NULL, speech_type VARCHAR(50), dedup_key TEXT NOT NULL, keywords JSON NOT NULL, tokens TEXT NOT NULL, grams TEXT NOT NULL, slots INTEGER NOT NULL, group_id INTEGER, favourite BOOLEAN NOT NULL, uses INTEGER NOT NULL, last_used_at DATETIME, dated INTEGER, deleted_at DATETIME, created_at DATETIME NOT NULL, updated_at DATETIME NOT NULL, PRIMARY KEY (id), UNIQUE (dedup_key), FOREIGN KEY(group_id) REFERENCES heading_groups (id) ON DELETE SET NULL )",
    "CREATE INDEX ix_units_deleted_at ON units (deleted_at)",
    "CREATE INDEX ix_units_kind ON units (kind)",
    "CREATE INDEX ix_units_kind_listing ON units (kind, favourite DESC, uses DESC, coalesce(dated, 0) DESC, coalesce(last_used_at, updated_at) DESC, id DESC) WHERE deleted_at IS NULL",
    "CREATE INDEX ix_units_listing ON units (favourite DESC, uses DESC, coalesce(dated, 0) DESC, coalesce(last_used_at, updated_at) DESC, id DESC) WHERE deleted_at IS NULL",
    "CREATE INDEX ix_units_speech_type ON units (speech_type)",
    "CREATE TABLE unit_sources ( id INTEGER NOT NULL, unit_id INTEGER NOT NULL, document_id INTEGER NOT NULL, paragraph INTEGER NOT NULL, PRIMARY KEY (id), UNIQUE (unit_id, document_id, paragraph), FOREIGN KEY(unit_id) REFERENCES units (id) ON DELETE CASCADE, FOREIGN KEY(document_id) REFERENCES documents (id) ON DELETE CASCADE )",
    "CREATE INDEX ix_unit_sources_document_id ON unit_sources (document_id)",
    "CREATE TABLE unit_tags ( unit_id INTEGER NOT NULL, tag_id INTEGER NOT NULL, PRIMARY KEY (unit_id, tag_id), FOREIGN KEY(unit_id) REFERENCES units (id) ON DELETE CASCADE, FOREIGN KEY(tag_id) REFERENCES tags (id) ON DELETE CASCADE )",
    "CREATE INDEX ix_unit_tags_tag ON unit_tags (tag_id)",
)

UNIT_COLUMNS = (
    ("id", "INTEGER", False),
    ("text", "TEXT", False),
    ("kind", "VARCHAR(50)", False),
    ("speech_type", "VARCHAR(50)", True),
    ("dedup_key", "TEXT", False),
    ("keywords", "JSON", False),
    ("tokens", "TEXT", False),
    ("grams", "TEXT", False),
    ("slots", "INTEGER", False),
    ("group_id", "INTEGER", True),
    ("favourite", "BOOLEAN", False),
    ("uses", "INTEGER", False),
    ("last_used_at", "DATETIME", True),
    ("dated", "INTEGER", True),
    ("deleted_at", "DATETIME", True),
    ("created_at", "DATETIME", False),
    ("updated_at", "DATETIME", False),
)
