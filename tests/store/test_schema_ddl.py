"""A bank made without SQLAlchemy: the DDL text is generated from the models and is their schema;
rows written without the ORM are the rows the ORM writes; opening and closing need no engine."""

from __future__ import annotations

import re
import sqlite3
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import DateTime, create_engine, select
from sqlalchemy.dialects import sqlite as sqlite_dialect
from sqlalchemy.orm import Session
from sqlalchemy.types import JSON

from desktop.store.bank import PhraseBank
from desktop.store.models import Base, Unit
from desktop.store.sqlite import codec, schema
from desktop.store.sqlite.schema_ddl import TABLES, UNIT_COLUMNS


def _normalised(sql: str | None) -> str | None:
    return None if sql is None else re.sub(r"\s*([(),])\s*", r"\1", re.sub(r"\s+", " ", sql)).strip()


def _master(rows: list) -> list:
    return sorted((kind, name, table, _normalised(sql)) for kind, name, table, sql in rows)


def test_the_ddl_text_makes_the_models_schema() -> None:
    engine = create_engine("sqlite://")
    with engine.begin() as conn:
        Base.metadata.create_all(conn)
        from_models = conn.exec_driver_sql("SELECT type, name, tbl_name, sql FROM sqlite_master").all()
    plain = sqlite3.connect(":memory:")
    for statement in TABLES:
        plain.execute(statement)
    from_text = plain.execute("SELECT type, name, tbl_name, sql FROM sqlite_master").fetchall()
    assert len(from_models) > 15
    assert _master(from_text) == _master(from_models)


def test_the_ddl_module_is_what_the_models_generate() -> None:
    assert schema.GENERATED.read_text(encoding="utf-8") == schema.generated_source(), (
        "store.models changed: run `python -m desktop.store.sqlite.schema` to regenerate schema_ddl.py"
    )
    assert [name for name, _, _ in UNIT_COLUMNS] == [c.name for c in Unit.__table__.columns]


@pytest.mark.parametrize("value", [["主题教育", "调查研究"], [], None, ['引号"和\\斜杠'], ["emoji 😀"]])
def test_json_is_encoded_as_sqlalchemy_stores_it(value) -> None:
    dialect = sqlite_dialect.dialect()
    process = JSON().dialect_impl(dialect).bind_processor(dialect)
    assert codec.json_text(value) == process(value)


def test_datetimes_are_encoded_as_sqlalchemy_stores_them() -> None:
    dialect = sqlite_dialect.dialect()
    process = DateTime().dialect_impl(dialect).bind_processor(dialect)
    for value in (datetime(2024, 5, 1, 8, 0, 0), datetime(2024, 12, 31, 23, 59, 59, 123456)):
        assert codec.datetime_text(value) == process(value)
    assert codec.datetime_text(None) is None


def test_a_row_written_without_the_orm_reads_back_through_it(tmp_path: Path) -> None:
    engine = create_engine(f"sqlite:///{tmp_path / 'rows.sqlite3'}")
    Base.metadata.create_all(engine)
    now = datetime(2024, 5, 1, 8, 30, 15, 250000)
    values = {
        "id": 7,
        "text": "坚持以学铸魂。",
        "kind": "论述",
        "speech_type": None,
        "dedup_key": "坚持以学铸魂",
        "keywords": ["以学铸魂"],
        "tokens": "坚持 以 学 铸魂",
        "grams": "坚持 持以 以学 学铸 铸魂",
        "slots": 0,
        "group_id": None,
        "favourite": True,
        "uses": 2,
        "created_at": now,
        "updated_at": now,
    }
    with engine.begin() as conn:
        conn.exec_driver_sql(
            f"INSERT INTO units ({', '.join(codec.NAMES)}) VALUES ({', '.join('?' * len(codec.NAMES))})",
            codec.unit_row(values),
        )
    with Session(engine) as session:
        unit = session.scalars(select(Unit)).one()
        assert {name: getattr(unit, name) for name in values} == values
        assert unit.last_used_at is None and unit.deleted_at is None
    engine.dispose()
    with pytest.raises(KeyError):
        codec.unit_row({k: v for k, v in values.items() if k != "tokens"})  # a required column left out
    with pytest.raises(KeyError):
        codec.unit_row({**values, "colour": "red"})


def test_a_new_bank_has_the_schema_an_orm_bank_had(tmp_path: Path, tokenizer) -> None:
    with PhraseBank.open(tmp_path / "new.sqlite3", tokenizer=tokenizer) as bank:
        unit = bank.add_unit("同志们，今天我们召开全县工作会议。", "开头", tags=["会议"])
        assert bank.search("工作会议")[0].unit_id == unit.id
        assert bank.integrity_check() == []
    conn = sqlite3.connect(tmp_path / "new.sqlite3")
    tables = {name for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    conn.close()
    assert {"documents", "units", "unit_sources", "tags", "unit_tags", "meta", "units_fts", "units_rank"} <= tables


def test_creating_opening_counting_and_closing_load_no_sqlalchemy(tmp_path: Path) -> None:
    code = (
        "import sys\n"
        "from desktop.store.bank import PhraseBank\n"
        "from desktop.text.tokenizer import Tokenizer\n"
        f"path = {str(tmp_path / 'bank.sqlite3')!r}\n"
        "with PhraseBank.open(path, tokenizer=Tokenizer()) as bank:\n"
        "    assert bank.live_units() == 0\n"
        "with PhraseBank.open(path, tokenizer=Tokenizer()) as bank:\n"
        f"    bank.backup_to({str(tmp_path / 'copy.sqlite3')!r})\n"
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'sqlalchemy', 'rjieba', 'jieba'}))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
    assert (tmp_path / "copy.sqlite3").is_file()
