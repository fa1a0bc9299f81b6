"""The SQLite module: integrity check, error translation, pragmas, and no import-time work."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from contextlib import closing
from pathlib import Path

import pytest

from desktop.store import sqlite_engine as db
from desktop.store.errors import BankBusyError, BankCorruptError, BankError


def test_integrity_check_is_clean_then_finds_an_index_out_of_step(bank, bank_path):
    unit = bank.add_unit("推动乡村振兴取得新进展。", "论述")
    assert bank.integrity_check() == []
    with closing(sqlite3.connect(bank_path)) as raw:  # change the text behind the index's back
        raw.execute("DROP TRIGGER units_fts_au")
        raw.execute("UPDATE units SET tokens = '完全 不同 的 内容' WHERE id = ?", (unit.id,))
        raw.commit()
    problems = bank.integrity_check()
    assert problems and "全文索引" in problems[0]


def test_pragmas_are_set_on_every_connection(bank):
    with bank._ctx.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == db.BUSY_TIMEOUT_MS
        assert conn.exec_driver_sql("PRAGMA mmap_size").scalar() > 0  # clamped to the build's maximum


@pytest.mark.parametrize(
    ("message", "kind"),
    [
        ("database is locked", BankBusyError),
        ("database disk image is malformed", BankCorruptError),
        ("file is not a database", BankCorruptError),
        ('fts5: syntax error near "("', BankError),
    ],
)
def test_sqlite_errors_become_bank_errors_in_chinese(message, kind):
    with pytest.raises(kind) as err, db.translated_errors():
        raise sqlite3.OperationalError(message)
    assert any("\u4e00" <= ch <= "\u9fff" for ch in str(err.value))
    assert isinstance(err.value.__cause__, sqlite3.OperationalError)


def test_importing_the_store_loads_no_jieba_qt_or_engine():
    code = (
        "import sys, desktop.store.bank, desktop.store.seed, gc;"
        "import sqlalchemy.engine as e;"
        "print('jieba' in sys.modules, 'PySide6' in sys.modules,"
        " any(isinstance(o, e.Engine) for o in gc.get_objects()))"
    )
    root = Path(__file__).resolve().parents[2]
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=root)
    assert out.stdout.split() == ["False", "False", "False"]
