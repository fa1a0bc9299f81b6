"""Values as SQLAlchemy's SQLite types store them, for code that writes rows without the ORM.

The import writer (store.sqlite.import_writer) writes units through the DBAPI connection; the
ORM reads them back. What it writes must be what SQLAlchemy's JSON and DateTime types would have
written (tests/store/test_schema_ddl.py compares these encoders with SQLAlchemy's own bind
processors), and the columns are the models' (store.sqlite.schema_ddl.UNIT_COLUMNS).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from datetime import datetime

from desktop.store.sqlite.schema_ddl import UNIT_COLUMNS

DATETIME_FORMAT = "%Y-%m-%d %H:%M:%S.%f"  # SQLAlchemy's SQLite DateTime storage format


def datetime_text(value: datetime | None) -> str | None:
    return None if value is None else value.strftime(DATETIME_FORMAT)


def json_text(value: object) -> str:
    """json.dumps with its defaults, as SQLAlchemy's JSON type (None is the JSON null, not SQL NULL)."""
    return json.dumps(value)


def _boolean(value: object) -> int:
    return int(bool(value))


def _as_is(value: object) -> object:
    return value


ENCODERS: dict[str, Callable[..., object]] = {"JSON": json_text, "DATETIME": datetime_text, "BOOLEAN": _boolean}
NAMES = tuple(name for name, _, _ in UNIT_COLUMNS)


def unit_row(values: Mapping[str, object]) -> tuple:
    """The units row for values (column → Python value) in UNIT_COLUMNS order, encoded.

    A nullable column left out is NULL; a required one left out is an error, so that a column
    added to the models cannot be forgotten here."""
    unknown = set(values) - set(NAMES)
    if unknown:
        raise KeyError(f"not columns of units: {sorted(unknown)}")
    row: list[object] = []
    for name, sql_type, nullable in UNIT_COLUMNS:
        if name not in values:
            if not nullable:
                raise KeyError(f"units.{name} is required")
            row.append(None)
            continue
        row.append(ENCODERS.get(sql_type, _as_is)(values[name]))
    return tuple(row)
