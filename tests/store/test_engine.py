"""The SQLite module: integrity check, error translation, pragmas, and no import-time work."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from contextlib import closing
from pathlib import Path

import pytest

from desktop.store.errors import BankBusyError, BankCorruptError, BankError, BankOpenError
from desktop.store.sqlite import connection as db


def test_integrity_check_is_clean_then_finds_an_index_out_of_step(bank, bank_path):
    unit = bank.add_unit("推动乡村振兴取得新进展。", "论述")
    assert bank.integrity_check() == []
    with closing(sqlite3.connect(bank_path)) as raw:  # change the text behind the index's back
        raw.execute("DROP TRIGGER units_fts_au")
        raw.execute("UPDATE units SET grams = '完全 不同 的 内容' WHERE id = ?", (unit.id,))
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
    ("message", "kind", "says"),
    [
        ("database is locked", BankBusyError, "正被其他程序占用"),
        ("database disk image is malformed", BankCorruptError, "已损坏"),
        ("file is not a database", BankCorruptError, "已损坏"),
        ("attempt to write a readonly database", BankOpenError, "只读"),
        ("disk I/O error", BankOpenError, "读写权限"),
        ("database or disk is full", BankError, "磁盘空间不足"),
        ('fts5: syntax error near "("', BankError, "搜索条件无法处理"),
        ("no such column: colour", BankError, "素材库操作失败：no such column: colour"),
    ],
)
def test_sqlite_errors_become_bank_errors_in_chinese(message, kind, says):
    with pytest.raises(BankError) as err, db.translated_errors():
        raise sqlite3.OperationalError(message)
    assert type(err.value) is kind  # the exact kind: the window and the CLI tell them apart
    assert says in str(err.value)
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
