"""Issue 13, defect 7: a -wal of another bank beside this one (a copy, an unzip) is not folded
in blindly: the bank is copied first, and if the WAL would damage it the copy comes back."""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
import sys
from contextlib import closing

import pytest

from desktop.store.bank import PhraseBank
from desktop.store.errors import BankOpenError
from desktop.store.sqlite import stray_wal
from tests.helpers import ROOT
from tests.helpers.robust_support import assert_clear_chinese, bank_content, copy_bank

# A second process writes to a bank and is killed with its WAL full of frames (never checkpointed).
_WRITE_AND_DIE = """
import os, signal, sqlite3, sys
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("PRAGMA journal_mode = WAL")
conn.execute("PRAGMA wal_autocheckpoint = 0")
for i in range(300):
    conn.execute("UPDATE units SET text = text || '改' WHERE id % 7 = ?", (i % 7,))
os.kill(os.getpid(), signal.SIGKILL)
"""


def _killed_writer(path) -> None:
    subprocess.run([sys.executable, "-c", _WRITE_AND_DIE, str(path)], cwd=ROOT, check=False)
    assert (path.parent / (path.name + "-wal")).stat().st_size > 32


def test_another_banks_wal_does_not_damage_this_one(tmp_path, base_bank, tokenizer):
    mine = copy_bank(base_bank, tmp_path / "phrasebank.sqlite3")
    before = bank_content(mine)
    other_dir = tmp_path / "other"
    other_dir.mkdir()
    other = copy_bank(base_bank, other_dir / "other.sqlite3")
    with closing(sqlite3.connect(other)) as raw:  # a different bank: its pages are not mine
        raw.execute("VACUUM")
        raw.execute("DELETE FROM unit_sources")
        raw.commit()
    _killed_writer(other)
    shutil.copy(f"{other}-wal", f"{mine}-wal")  # the stray WAL, without its -shm
    assert stray_wal.is_stray(mine)
    with pytest.raises(BankOpenError) as refused:
        PhraseBank.open(mine, tokenizer=tokenizer, backups_dir=tmp_path / "backups")
    assert_clear_chinese(str(refused.value))
    assert "不是它自己写下的日志文件" in str(refused.value)
    with PhraseBank.open(mine, tokenizer=tokenizer, backups_dir=tmp_path / "backups") as bank:
        assert bank.integrity_check() == []  # the next open: the bank as it was
    assert bank_content(mine) == before  # nothing of the other bank's WAL got in
    copies = list((tmp_path / "backups").glob("*stray-wal*"))
    assert copies and (copies[0] / "phrasebank.sqlite3-wal").exists()  # the WAL kept, not deleted


def test_a_banks_own_wal_after_a_crash_is_recovered_as_before(tmp_path, base_bank, tokenizer):
    mine = copy_bank(base_bank, tmp_path / "phrasebank.sqlite3")
    with PhraseBank.open(mine, tokenizer=tokenizer, backups_dir=tmp_path / "backups"):
        pass
    _killed_writer(mine)
    assert not stray_wal.is_stray(mine)  # its own -shm vouches for it
    with PhraseBank.open(mine, tokenizer=tokenizer, backups_dir=tmp_path / "backups") as bank:
        assert bank.integrity_check() == []
        assert any(t.endswith("改") for t, *_ in bank_content(mine)["units"])
    assert not list((tmp_path / "backups").glob("*stray-wal*"))


def test_a_wal_copied_without_its_shm_is_set_aside_whole_not_lost(tmp_path, base_bank, tokenizer):
    mine = copy_bank(base_bank, tmp_path / "phrasebank.sqlite3")
    _killed_writer(mine)
    wal = (tmp_path / "phrasebank.sqlite3-wal").read_bytes()
    (tmp_path / "phrasebank.sqlite3-shm").unlink()  # copied without its -shm: it cannot be told apart
    with pytest.raises(BankOpenError):
        PhraseBank.open(mine, tokenizer=tokenizer, backups_dir=tmp_path / "backups")
    (kept,) = (tmp_path / "backups").glob("*stray-wal*")
    assert (kept / "phrasebank.sqlite3-wal").read_bytes() == wal  # kept byte for byte, for a maintainer
