"""The SQLite bank's schema: tables and indexes from store.models, its two search indexes, its version.

store.models is the one definition of the tables. A new bank is created from their SQLite DDL
as text (store.sqlite.schema_ddl), so that creating it does not load SQLAlchemy (0.4 s of a
one-second `bank build`); that module is generated from the models by

    python -m desktop.store.sqlite.schema

and tests/store/test_schema_ddl.py fails when it is not what the models give. It also holds
the units table's columns, which the import writer (store.sqlite.import_writer) fills.

Everything here runs on a plain sqlite3 connection, inside the caller's transaction.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING

from desktop.store.sqlite import fts, rank_index, schema_ddl

if TYPE_CHECKING:
    from sqlalchemy import Index, Table

GENERATED = Path(__file__).with_name("schema_ddl.py")


def create(raw: sqlite3.Connection, version: int) -> None:
    """A new bank's tables, search indexes and version record in the empty database."""
    for statement in schema_ddl.TABLES:
        raw.execute(statement)
    install_search_indexes(raw)
    write_version(raw, version)


def install_search_indexes(raw: sqlite3.Connection, *, rebuild: bool = False) -> None:
    """The full index (store.sqlite.fts) and the quality-ordered one (store.sqlite.rank_index)."""
    fts.install(raw, rebuild=rebuild)
    rank_index.install(raw, rebuild=rebuild)


def drop_search_indexes(raw: sqlite3.Connection) -> None:
    """Both search indexes and their triggers, for an upgrade that rewrites what they index."""
    fts.drop(raw)
    rank_index.drop(raw)


def is_empty(raw: sqlite3.Connection) -> bool:
    return raw.execute("SELECT count(*) FROM sqlite_master WHERE type = 'table'").fetchone()[0] == 0


def has_table(raw: sqlite3.Connection, name: str) -> bool:
    return (
        raw.execute("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = ?", (name,)).fetchone()[0] > 0
    )


def stored_version(raw: sqlite3.Connection) -> str | None:
    row = raw.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
    return None if row is None else row[0]


def write_version(raw: sqlite3.Connection, version: int) -> None:
    raw.execute("DELETE FROM meta WHERE key = 'schema_version'")
    raw.execute("INSERT INTO meta (key, value) VALUES ('schema_version', ?)", (str(version),))


def integrity_problems(raw: sqlite3.Connection) -> list[str]:
    """What SQLite's integrity check and the two index checks report; [] when all is well."""
    problems = [r for (r,) in raw.execute("PRAGMA integrity_check") if r != "ok"]
    problems += [f"外键错误：{row[0]} 表第 {row[1]} 行" for row in raw.execute("PRAGMA foreign_key_check")]
    for problem in (fts.integrity_problem(raw), rank_index.integrity_problem(raw)):
        if problem:
            problems.append(problem)
    return problems


# ---- generating schema_ddl from the models (loads SQLAlchemy; not used at run time) ----


def ddl_from_models() -> tuple[str, ...]:
    """The models' CREATE TABLE and CREATE INDEX statements for SQLite, one line each."""
    from sqlalchemy.dialects import sqlite
    from sqlalchemy.schema import CreateIndex, CreateTable

    from desktop.store.models import Base

    dialect = sqlite.dialect()
    statements = []
    for table in Base.metadata.sorted_tables:
        statements.append(CreateTable(table).compile(dialect=dialect))
        indexes = sorted(sqlite_indexes(table), key=lambda i: str(i.name))
        statements += [CreateIndex(i).compile(dialect=dialect) for i in indexes]
    return tuple(" ".join(str(s).split()) for s in statements)


def sqlite_indexes(table: Table) -> list[Index]:
    """The table's indexes SQLite has: not those the models make for another dialect only
    (`Index(...).ddl_if(dialect="postgresql")`)."""
    return [i for i in table.indexes if getattr(getattr(i, "_ddl_if", None), "dialect", None) in (None, "sqlite")]


def unit_columns_from_models() -> tuple[tuple[str, str, bool], ...]:
    """(name, SQLite type, nullable) of each column of units, in table order."""
    from sqlalchemy.dialects import sqlite

    from desktop.store.models import Unit

    dialect = sqlite.dialect()
    return tuple((c.name, c.type.compile(dialect=dialect), bool(c.nullable)) for c in Unit.__table__.columns)


def _literal(value: object) -> str:
    """A Python literal as ruff format writes it (double quotes unless the text holds one)."""
    if isinstance(value, tuple):
        return "(" + ", ".join(_literal(v) for v in value) + ")"
    if isinstance(value, str) and ('"' not in value or "'" in value):
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return repr(value)


def generated_source() -> str:
    lines = [
        '"""Generated from store.models by `python -m desktop.store.sqlite.schema`: do not edit.',
        "",
        "The SQLite DDL of the bank's tables and indexes (store.sqlite.schema.create runs it), and",
        "the units table's columns as (name, type, nullable) for the import writer.",
        '"""',
        "",
        "TABLES = (",
        *(f"    {_literal(statement)}," for statement in ddl_from_models()),
        ")",
        "",
        "UNIT_COLUMNS = (",
        *(f"    {_literal(column)}," for column in unit_columns_from_models()),
        ")",
        "",
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    GENERATED.write_text(generated_source(), encoding="utf-8")
    print(f"wrote {GENERATED}")
