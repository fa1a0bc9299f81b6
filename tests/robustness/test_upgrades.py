"""Upgrading a large bank of the first schema version: every unit, tag and favourite kept, a backup
made first, and a SIGKILL at any moment of the upgrade leaves a bank that opens and finishes it.

The version 1 layout is the one the store's own migration test writes by hand
(tests/store/test_migrations.py: V1_SCHEMA); this file fills it with thousands of units.
"""

from __future__ import annotations

import importlib.util
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from desktop.store.bank import PhraseBank
from desktop.store.migrations import SCHEMA_VERSION
from tests.helpers.robust_support import KILLS, ROOT, bank_content, kill_loop

pytestmark = pytest.mark.slow
EXTRA_UNITS = 1000


def _v1_schema() -> str:
    spec = importlib.util.spec_from_file_location("store_migration_tests", ROOT / "tests/store/test_migrations.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.V1_SCHEMA


def make_big_v1(path: Path) -> Path:
    with closing(sqlite3.connect(path)) as conn:
        conn.executescript(_v1_schema())
        stamp = "2024-01-02 09:00:00.000000"
        for i in range(3, EXTRA_UNITS + 3):
            text = f"第{i}条：坚持稳中求进，推动第{i}项工作落地见效。"
            conn.execute(
                "INSERT INTO units VALUES"
                " (?, ?, '论述', '研讨发言', ?, '稳中求进 落地见效', ?, 0, NULL, ?, ?, NULL, ?, ?)",
                (i, text, text.rstrip("。"), f"坚持 稳中求进 推动 第{i}项 工作", i % 7 == 0, i % 5, stamp, stamp),
            )
            conn.execute("INSERT INTO unit_sources (unit_id, document_id, paragraph) VALUES (?, 1, ?)", (i, i))
            if i % 3 == 0:
                conn.execute("INSERT INTO unit_tags VALUES (?, ?)", (i, 1 + i % 2))
        conn.commit()
    return path


def _version(path: Path) -> str:
    with closing(sqlite3.connect(path)) as conn:
        return conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()[0]


@pytest.fixture(scope="module")
def v1_bank(tmp_path_factory) -> tuple[Path, dict]:
    path = make_big_v1(tmp_path_factory.mktemp("v1") / "phrasebank.sqlite3")
    return path, bank_content(path)


def test_a_big_version_1_bank_upgrades_in_place_keeping_everything(tmp_path, v1_bank, tokenizer):
    original, before = v1_bank
    path = tmp_path / "phrasebank.sqlite3"
    path.write_bytes(original.read_bytes())
    assert len(before["units"]) == EXTRA_UNITS + 2
    with PhraseBank.open(path, tokenizer=tokenizer, backups_dir=tmp_path / "backups") as bank:
        assert bank.upgrade_backup is not None
        assert bank.integrity_check() == []
        assert len(bank.search("稳中求进", limit=5000)) == EXTRA_UNITS
        stats = bank.stats()
    assert _version(path) == str(SCHEMA_VERSION)
    assert bank_content(path) == before
    assert stats["favourites"] == sum(1 for u in before["units"] if u[3] and not u[5])
    assert _version(bank.upgrade_backup) == "1" and bank_content(bank.upgrade_backup) == before


def test_kill_during_the_upgrade_leaves_a_bank_that_finishes_it(tmp_path, v1_bank, fork_server, tokenizer):
    original, before = v1_bank
    probe = tmp_path / "probe.sqlite3"
    probe.write_bytes(original.read_bytes())
    result, took = fork_server.run("open_bank", bank=str(probe), backups=str(tmp_path / "probe-backups"))
    assert result["code"] == 0 and _version(probe) == str(SCHEMA_VERSION)
    banks = {}
    versions = {"1": 0, str(SCHEMA_VERSION): 0}

    def prepare(n: int) -> dict:
        banks[n] = tmp_path / f"killed-{n}" / "phrasebank.sqlite3"
        banks[n].parent.mkdir()
        banks[n].write_bytes(original.read_bytes())
        return {"bank": str(banks[n]), "backups": str(banks[n].parent / "backups")}

    def check(n: int, outcome: dict) -> None:
        path = banks[n]
        version = _version(path)  # readable, and one version or the other: never in between
        versions[version] += 1
        assert bank_content(path) == before, f"run {n}: units, tags or favourites changed"
        with PhraseBank.open(path, tokenizer=tokenizer, backups_dir=path.parent / "backups") as bank:
            assert bank.integrity_check() == []
            assert len(bank.search("稳中求进", limit=5000)) == EXTRA_UNITS
        assert _version(path) == str(SCHEMA_VERSION) and bank_content(path) == before
        backups = [p for p in (path.parent / "backups").iterdir() if p.suffix == ".sqlite3"]
        assert backups and all(bank_content(b) == before for b in backups)

    runs = kill_loop(fork_server, "open_bank", result["calls"], "upgrade", prepare, check)
    print(
        f"\nupgrade: {KILLS} kills mid-upgrade in {runs} runs (uninterrupted {took:.2f} s); "
        f"left at v1 {versions['1']}, at v{SCHEMA_VERSION} {versions[str(SCHEMA_VERSION)]}; all finished on reopening"
    )
