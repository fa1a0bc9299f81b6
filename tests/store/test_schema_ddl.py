"""A bank made without SQLAlchemy: the DDL text is the models' schema; opening and closing need no engine."""

from __future__ import annotations

import re
import sqlite3
import subprocess
import sys
from pathlib import Path

from sqlalchemy import create_engine

from desktop.store.bank import PhraseBank
from desktop.store.models import Base
from desktop.store.schema_ddl import TABLES


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
