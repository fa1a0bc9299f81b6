"""SIGKILL at random (seeded) moments during a bank import, a bank restore, a draft save, an
export and autosave: nothing half-written survives and nothing already kept is lost.

Each operation runs in a real child process (forked from workers/forkserver.py) that is killed
at a moment drawn uniformly from its uninterrupted running time. SPEECHDRAFT_KILL_LOOPS sets
the number of kills per operation (12 in CI); SPEECHDRAFT_KILL_SEED the seed.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import docx
import pytest

from desktop.core.draft import Draft, load_draft, save_draft
from desktop.core.structure import parse
from desktop.export.exporter import export_speech
from desktop.infra.paths import DataPaths
from desktop.read.files import read_documents
from desktop.store.bank import PhraseBank
from desktop.ui.autosave import Autosave
from tests.helpers.robust_support import (
    CHEAP_KILLS,
    KILLS,
    bank_content,
    copy_bank,
    kill_loop,
    orphan_units,
    timed_kill_loop,
    units_by_document,
)

pytestmark = pytest.mark.slow
FILES_TO_IMPORT = 10


def _check_bank(path: Path, tokenizer) -> None:
    with PhraseBank.open(path, tokenizer=tokenizer, backups_dir=path.parent / "backups") as bank:
        assert bank.integrity_check() == []


@pytest.fixture(scope="module")
def import_folder(tmp_path_factory, seed_files) -> Path:
    """Many small speech files cut from the seeds (some sharing sentences, one a duplicate)."""
    folder = tmp_path_factory.mktemp("to-import")
    made = 0
    for key in ("001", "002", "003", "004"):
        paras = read_documents(seed_files[key])[0].paragraphs
        for start in range(0, len(paras), 5):
            if made == FILES_TO_IMPORT - 1:
                break
            chunk = paras[start : start + 6]  # overlapping: a sentence in two files is merged, not doubled
            text = f"片段{made:02d}：{paras[0]}\n" + "\n".join(chunk)
            (folder / f"片段 {made:02d}.txt").write_text(text, encoding="utf-8")
            made += 1
    shutil.copy(folder / "片段 03.txt", folder / "片段 99 重复.txt")  # same content: skipped, not doubled
    return folder


def test_kill_during_import_keeps_whole_files_and_a_rerun_finishes(
    tmp_path, fork_server, base_bank, import_folder, tokenizer
):
    reference = copy_bank(base_bank, tmp_path / "reference.sqlite3")
    args = {"backups": str(tmp_path / "backups"), "paths": [str(import_folder)]}
    result, took = fork_server.run("import", bank=str(reference), **args)
    assert result["code"] == 0
    want = bank_content(reference)
    want_by_doc = units_by_document(reference)
    order = [p.stem for p in sorted(import_folder.glob("*.txt"), key=lambda p: p.name)]
    assert len(want_by_doc) == 1 + len(order) - 1  # the seed, every file but the duplicate
    base_docs = set(units_by_document(base_bank))
    hand_added = orphan_units(base_bank)  # the writer's own units have no source document
    banks = {}

    def prepare(n: int) -> dict:
        banks[n] = copy_bank(base_bank, tmp_path / f"killed-{n}.sqlite3")
        return dict(args, bank=str(banks[n]))

    def check(n: int, outcome: dict) -> None:
        bank = banks[n]
        _check_bank(bank, tokenizer)
        assert orphan_units(bank) == hand_added, f"run {n}: a unit without its file"
        got = units_by_document(bank)
        assert base_docs <= set(got)
        for name, pairs in got.items():
            assert pairs == want_by_doc[name], f"run {n}: {name} is incomplete"
        done = [stem for stem in order if stem in got]
        assert done == order[: len(done)], f"run {n}: files kept out of order"
        rerun, _ = fork_server.run("import", bank=str(bank), **args)
        assert rerun["code"] == 0
        assert bank_content(bank) == want, f"run {n}: the rerun did not finish the job"
        _check_bank(bank, tokenizer)

    runs = kill_loop(fork_server, "import", result["calls"], "import", prepare, check)
    print(
        f"\nimport: {KILLS} kills mid-run in {runs} runs (uninterrupted {took:.2f} s), all files whole, reruns complete"
    )


@pytest.mark.parametrize("merge", [False, True], ids=["replace", "merge"])
def test_kill_during_restore_leaves_the_old_bank_or_the_whole_backup(
    tmp_path, fork_server, base_bank, import_folder, tokenizer, merge
):
    source = copy_bank(base_bank, tmp_path / "source.sqlite3")
    with PhraseBank.open(source, tokenizer=tokenizer, backups_dir=tmp_path / "backups") as bank:
        bank.import_paths(sorted(import_folder.glob("*.txt"))[:4])
        for i, hit in enumerate(bank.search("发展", limit=12)):
            bank.tag(hit.unit_id, f"标签{i % 3}")
            bank.set_favourite(hit.unit_id, i % 2 == 0)
        bank.export_json(tmp_path / "backup.json")
    old = bank_content(base_bank)
    args = {"backups": str(tmp_path / "backups"), "src": str(tmp_path / "backup.json"), "merge": merge}
    restored = copy_bank(base_bank, tmp_path / "restored.sqlite3")
    result, took = fork_server.run("restore", bank=str(restored), **args)
    assert result["code"] == 0
    new = bank_content(restored)
    assert new != old
    if not merge:
        assert new == bank_content(source)
    else:  # the source bank is the base bank and more: merged in, the base has every text of both
        texts = {u[0] for u in bank_content(source)["units"]} | {u[0] for u in old["units"]}
        assert {u[0] for u in new["units"]} == texts
    banks = {}

    def prepare(n: int) -> dict:
        banks[n] = copy_bank(base_bank, tmp_path / f"killed-{n}.sqlite3")
        return dict(args, bank=str(banks[n]))

    def check(n: int, outcome: dict) -> None:
        _check_bank(banks[n], tokenizer)
        got = bank_content(banks[n])
        assert got in (old, new), f"run {n}: a mix of the old bank and the backup"
        assert outcome["killed"] or got == new

    runs = kill_loop(fork_server, "restore", result["calls"], "restore", prepare, check)
    print(
        f"\nrestore ({'merge' if merge else 'replace'}): {KILLS} kills mid-run in {runs} runs"
        f" (uninterrupted {took:.2f} s), old bank or whole backup each time"
    )


def test_kill_during_draft_save_leaves_the_old_or_the_new_draft(tmp_path, fork_server):
    path = tmp_path / "讲稿 草稿.sdraft"
    old = [f"旧稿第{i}段：认真贯彻落实会议精神。" for i in range(2000)]
    new = [f"新稿第{i}段：坚持稳中求进工作总基调，推动高质量发展。" * 3 for i in range(40000)]
    probe = tmp_path / "probe.sdraft"
    result, took = fork_server.run("save_draft", path=str(probe), paragraphs=new)
    assert result["code"] == 0 and load_draft(probe).paragraphs == new
    probe.unlink()
    seen = {"old": 0, "new": 0}

    def prepare(n: int) -> dict:
        save_draft(Draft(old), path)
        return {"path": str(path), "paragraphs": new}

    def check(n: int, outcome: dict) -> None:
        got = load_draft(path).paragraphs  # raises if the file is half-written
        assert got in (old, new), f"run {n}: the draft is a mix"
        assert outcome["killed"] or got == new
        seen["old" if got == old else "new"] += 1

    runs = kill_loop(fork_server, "save_draft", result["calls"], "draft", prepare, check, kills=CHEAP_KILLS)
    left = [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")]
    print(
        f"\ndraft save: {CHEAP_KILLS} kills mid-run in {runs} runs (uninterrupted {took:.2f} s): "
        f"{seen['old']} old, {seen['new']} new, never a mix; {len(left)} temp files left behind"
    )


def _docx_text(path: Path) -> list[str]:
    return [p.text for p in docx.Document(str(path)).paragraphs]


def test_kill_during_export_leaves_the_old_file_or_the_whole_new_one(tmp_path, fork_server):
    out = tmp_path / "导出 讲稿.docx"
    old_paras = ["在旧会议上的讲话", "同志们：", "这是上一次导出的内容。"]
    export_speech(parse(old_paras), out)
    old_bytes = out.read_bytes()
    new_paras = ["在全县经济工作会议上的讲话", "同志们："]
    for i in range(1, 301):
        new_paras += [f"{i}、第{i}项重点工作", f"全县上下要围绕第{i}项任务，压实责任，狠抓落实，确保取得实效。" * 2]
    reference = tmp_path / "reference.docx"
    result, took = fork_server.run("export", out=str(reference), paragraphs=new_paras)
    assert result["code"] == 0
    want = _docx_text(reference)
    assert want != _docx_text(out)
    seen = {"old": 0, "new": 0}

    def prepare(n: int) -> dict:
        out.write_bytes(old_bytes)
        return {"out": str(out), "paragraphs": new_paras}

    def check(n: int, outcome: dict) -> None:
        if out.read_bytes() == old_bytes:
            assert outcome["killed"], f"run {n}: finished but the old file is still there"
            seen["old"] += 1
        else:
            assert _docx_text(out) == want, f"run {n}: a half-written export replaced the old file"
            seen["new"] += 1

    runs = kill_loop(fork_server, "export", result["calls"], "export", prepare, check, kills=CHEAP_KILLS)
    print(
        f"\nexport: {CHEAP_KILLS} kills mid-run in {runs} runs (uninterrupted {took:.2f} s): "
        f"{seen['old']} old file intact, {seen['new']} whole new file"
    )


def test_kill_while_typing_autosave_offers_back_all_but_the_last_seconds(tmp_path, fork_server):
    from tests.robustness.workers.jobs import typed_paragraphs

    save_every, pause = 10, 0.01  # an autosave every ~0.1 s of typing; the window's is every 5 s
    lost_most = 0
    runs = {}

    def prepare(n: int) -> dict:
        data = tmp_path / f"data-{n}"
        runs[n] = (data, tmp_path / f"typing-{n}.log", data / "drafts" / "讲稿.sdraft")
        return {
            "data_dir": str(data),
            "original": str(runs[n][2]),
            "log": str(runs[n][1]),
            "save_every": save_every,
            "pause": pause,
        }

    def check(n: int, outcome: dict) -> None:
        nonlocal lost_most
        data, log, original = runs[n]
        words = log.read_text(encoding="utf-8").split()
        typed = max((int(k) for tag, k in zip(words[::2], words[1::2], strict=False) if tag == "t"), default=0)
        saved = max((int(k) for tag, k in zip(words[::2], words[1::2], strict=False) if tag == "s"), default=0)
        recovery = Autosave(DataPaths(data)).find()
        if recovery is None:
            assert saved == 0, f"run {n}: autosave {saved} was lost"
            return
        got = len(recovery.draft.paragraphs) - 2
        assert recovery.draft.paragraphs == typed_paragraphs(got)
        assert saved <= got <= typed and got % save_every == 0
        assert typed - got <= save_every, f"run {n}: more than one autosave interval lost"
        assert recovery.original in (original, None)
        lost_most = max(lost_most, typed - got)

    # The typing job never ends by itself and is paced by its pauses: every run is killed, at 0.05–1 s.
    timed_kill_loop(fork_server, "autosave", 1.0, "autosave", prepare, check)
    print(f"\nautosave: {KILLS} kills while typing, at most {lost_most} keystrokes lost (one autosave = {save_every})")
