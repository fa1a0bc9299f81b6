"""The SQLite engine: the writer's personal bank in one file.

Owns everything that is SQLite's alone: connection set-up and errors (connection), the DDL as
text generated from store.models (schema, schema_ddl), the value formats the ORM stores
(codec), the FTS5 indexes (fts, rank_index), search in plain SQL (search), the import writer
(import_writer) and the open bank's shared state (context). The ranking, the filters and the
schema come from the shared modules above; nothing here redefines them.
"""
