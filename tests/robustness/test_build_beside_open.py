"""Issue 13, defect 3: `bank build` beside an open window. Before, build renamed a new file over
the bank the window held open; the window's next add_unit reported success and the sentence was
in neither the new bank nor the backup. Now build refuses while another process has the bank
open, and killed at any point it leaves the old bank or the new one, whole."""

from __future__ import annotations

import shutil
import subprocess
import sys

from desktop.infra.paths import DataPaths
from desktop.store.bank import PhraseBank
from desktop.store.errors import BankError
from desktop.store.seed import build_default_bank
from tests.helpers import ROOT
from tests.helpers.robust_support import KILLS, assert_clear_chinese, bank_content, copy_bank, kill_loop

_HOLD = """
import sys, time
from desktop.store.bank import PhraseBank
bank = PhraseBank.open(sys.argv[1], backups_dir=sys.argv[2])
print("open", flush=True)
sys.stdin.readline()
bank.add_unit("重建素材库时另一个窗口写入的一句话，决不能丢。", "论述")
print("added", flush=True)
bank.close()
"""


def _seeds(tmp_path, seed_files):
    folder = tmp_path / "seeds"
    folder.mkdir()
    for path in list(seed_files.values())[:2]:
        shutil.copy(path, folder)
    return folder


def test_build_is_refused_while_another_process_has_the_bank_open(tmp_path, base_bank, seed_files, tokenizer):
    paths = DataPaths(tmp_path / "data")
    paths.ensure()
    copy_bank(base_bank, paths.bank)
    window = subprocess.Popen(
        [sys.executable, "-c", _HOLD, str(paths.bank), str(paths.backups)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        cwd=ROOT,
        env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"},
    )
    try:
        assert window.stdout.readline().strip() == "open"
        try:
            build_default_bank(paths, _seeds(tmp_path, seed_files), tokenizer=tokenizer, replace=True)
        except BankError as refused:
            assert "正被另一个" in str(refused)
            assert_clear_chinese(str(refused))
        else:
            raise AssertionError("build replaced a bank another process had open")
        window.stdin.write("\n")
        window.stdin.flush()
        assert window.stdout.readline().strip() == "added"
    finally:
        window.stdin.close()
        window.wait(timeout=60)
    with PhraseBank.open(paths.bank, tokenizer=tokenizer, backups_dir=paths.backups) as bank:
        assert bank.search("决不能丢")  # the window's sentence is in the bank it wrote to


def test_kill_during_build_leaves_the_old_bank_or_the_new_one(tmp_path, fork_server, base_bank, seed_files, tokenizer):
    seeds = _seeds(tmp_path, seed_files)
    old = bank_content(base_bank)
    fresh = DataPaths(tmp_path / "fresh")
    fresh.ensure()
    copy_bank(base_bank, fresh.bank)
    result, took = fork_server.run("build", root=str(fresh.root), seeds=str(seeds))
    assert result["code"] == 0
    new = bank_content(fresh.bank)
    assert new != old
    roots = {}

    def prepare(n: int) -> dict:
        roots[n] = DataPaths(tmp_path / f"killed-{n}")
        roots[n].ensure()
        copy_bank(base_bank, roots[n].bank)
        return {"root": str(roots[n].root), "seeds": str(seeds)}

    def check(n: int, outcome: dict) -> None:
        with PhraseBank.open(roots[n].bank, tokenizer=tokenizer, backups_dir=roots[n].backups) as bank:
            assert bank.integrity_check() == []
        got = bank_content(roots[n].bank)
        assert got in (old, new), f"run {n}: neither the old bank nor the new one"
        assert outcome["killed"] or got == new

    runs = kill_loop(fork_server, "build", result["calls"], "build", prepare, check)
    print(f"\nbuild: {KILLS} kills mid-run in {runs} runs (uninterrupted {took:.2f} s), old or new bank each time")
