"""Two app instances on one data folder. The store's choice (desktop/store/sqlite_engine.py) is
that both work: WAL lets one read while the other writes, and a busy timeout makes a writer
wait for the other's transaction instead of failing. This proves it with two real processes
importing overlapping files and editing the same units at the same time.
"""

from __future__ import annotations

import json
import shutil

import pytest

from desktop.store.bank import PhraseBank
from tests.helpers.robust_support import ForkServer, bank_content, copy_bank, orphan_units, units_by_document

pytestmark = pytest.mark.slow


def test_two_instances_import_and_edit_one_bank_at_once(
    tmp_path, fork_server, jieba_cache, base_bank, seed_files, tokenizer
):
    bank = copy_bank(base_bank, tmp_path / "phrasebank.sqlite3")
    first, second = tmp_path / "甲", tmp_path / "乙"
    first.mkdir()
    second.mkdir()
    for key in ("001", "002", "003"):
        shutil.copy(seed_files[key], first / seed_files[key].name)
    for key in ("003", "004"):  # 003 in both: the same document must end up once
        shutil.copy(seed_files[key], second / seed_files[key].name)
    common = {"bank": str(bank), "backups": str(tmp_path / "backups"), "rounds": 30, "query": "发展"}
    other = ForkServer(jieba_cache)
    try:
        fork_server.start("instance", paths=[str(first)], tag="甲", result=str(tmp_path / "甲.json"), **common)
        other.start("instance", paths=[str(second)], tag="乙", result=str(tmp_path / "乙.json"), **common)
        results = [fork_server.wait(), other.wait()]
    finally:
        other.close()
    assert [r["code"] for r in results] == [0, 0], "an instance failed (its traceback is on stderr)"
    done = {who: json.loads((tmp_path / f"{who}.json").read_text(encoding="utf-8")) for who in ("甲", "乙")}
    for who, report in done.items():
        assert report["refused"] == [], f"instance {who} refused files: {report['refused']}"
    assert done["甲"]["imported"] + done["乙"]["imported"] == 4  # 003 once, by whichever came first

    with PhraseBank.open(bank, tokenizer=tokenizer, backups_dir=tmp_path / "backups") as opened:
        assert opened.integrity_check() == []
        tags = dict(opened.list_tags())
        assert {"甲0", "乙0"} <= set(tags)
        added = [h for h in opened.search("轮新增的一句话", limit=100)]
        assert len(added) == 60  # every unit each instance added, none lost to the other
    by_doc = units_by_document(bank)
    assert {seed_files[k].stem for k in ("001", "002", "003", "004")} <= set(by_doc)
    assert orphan_units(bank) == orphan_units(base_bank) + 60
    assert bank_content(base_bank)["documents"] <= bank_content(bank)["documents"]
