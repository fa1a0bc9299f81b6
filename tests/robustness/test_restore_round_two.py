"""Issue 13, defects 5, 8 (backup files) and 11: restoring takes a safety copy first and never
wipes a bank by accident, refuses every malformed backup in Chinese, and does not keep the
bank from being read while it runs."""

from __future__ import annotations

import json
import sqlite3
from contextlib import closing

import pytest

from desktop.store import transfer
from desktop.store.bank import PhraseBank
from desktop.store.errors import BackupFormatError
from tests.helpers.robust_support import assert_clear_chinese, bank_content, copy_bank


@pytest.fixture
def bank(tmp_path, base_bank, tokenizer):
    path = copy_bank(base_bank, tmp_path / "phrasebank.sqlite3")
    with PhraseBank.open(path, tokenizer=tokenizer, backups_dir=tmp_path / "backups") as opened:
        yield opened


def _backup(tmp_path, units, documents=()):
    path = tmp_path / "backup.json"
    data = {"format": "speechdraft-phrasebank", "format_version": 2, "documents": list(documents), "units": units}
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def test_replacing_with_an_empty_backup_is_refused_unless_asked(tmp_path, bank):
    before = bank_content(bank.path)
    empty = _backup(tmp_path, [])
    with pytest.raises(BackupFormatError) as refused:
        bank.restore_json(empty)
    assert_clear_chinese(str(refused.value))
    assert "--allow-empty" in str(refused.value)
    assert bank_content(bank.path) == before
    report = bank.restore_json(empty, allow_empty=True)
    assert bank.stats()["units"] == 0
    assert report.safety_copy is not None and bank_content(report.safety_copy) == before


def test_replacing_takes_a_safety_copy_first(tmp_path, bank):
    before = bank_content(bank.path)
    export = tmp_path / "export.json"
    bank.export_json(export)
    bank.add_unit("导出之后才加入的一句话，恢复会替换掉它。", "论述")
    with_new = bank_content(bank.path)
    report = bank.restore_json(export)
    assert report.replaced and report.safety_copy.parent == tmp_path / "backups"
    assert bank_content(report.safety_copy) == with_new  # what the restore replaced, kept
    assert bank_content(bank.path) == before
    assert bank.integrity_check() == []


def test_merge_adds_and_merges_like_the_old_restore(tmp_path, bank):
    export = tmp_path / "export.json"
    bank.export_json(export)
    other = tmp_path / "other.sqlite3"
    with PhraseBank.open(other, tokenizer=bank.tokenizer, backups_dir=tmp_path / "b2") as second:
        second.add_unit("另一个素材库里独有的一句话，合并后应当出现。", "论述", tags=["合并"])
        report = second.restore_json(export, merge=True)
        assert report.units_added == bank.stats()["units"] and report.safety_copy is None
        hits = second.search("独有的一句话")
        assert hits and second.get_units([hits[0].unit_id])[0].tags == ("合并",)
        assert second.integrity_check() == []
        again = second.restore_json(export, merge=True)
        assert again.units_added == 0 and again.units_merged == report.units_added
    assert bank_content(other)["units"] >= bank_content(bank.path)["units"]


_HEAD = '{"format": "speechdraft-phrasebank", "format_version": 2, "units": '
_UNIT = {"text": "坚持以人民为中心的发展思想，不断增进民生福祉。", "kind": "论述"}


@pytest.mark.parametrize(
    "raw",
    [
        json.dumps({"format": "speechdraft-phrasebank", "format_version": 2, "units": [{**_UNIT, "uses": 2**63}]}),
        '{"format": "speechdraft-phrasebank", "format_version": 2, "units": [{"text": "坚持以人民为中心", '
        '"kind": "论述", "uses": ' + "9" * 4301 + "}]}",
        '{"format": "speechdraft-phrasebank", "format_version": ' + "1" * 4301 + ', "units": []}',
        json.dumps(
            {
                "format": "speechdraft-phrasebank",
                "format_version": 2,
                "units": [{**_UNIT, "created_at": "0001-01-01T00:00+01:00"}],
            }
        ),
        json.dumps({"format": "speechdraft-phrasebank", "format_version": 2, "units": [[_UNIT]]}),
        json.dumps({"format": "speechdraft-phrasebank", "format_version": 2, "documents": [["x"]], "units": []}),
        json.dumps({"format": "speechdraft-phrasebank", "format_version": 2, "units": [{**_UNIT, "tags": {"a": 1}}]}),
        _HEAD + '[{"text": "坚持\\ud800以人民为中心的思想", "kind": "论述"}]}',
        _HEAD + '[{"text": "坚持以人民为中心的思想", "kind": "论述", "tags": ["\\udfff"]}]}',
        _HEAD.replace('"units"', '"groups": [["a"]], "units"')
        + '[{"text": "坚持以人民为中心的思想", "kind": "一级标题", "group": 7}]}',
    ],
    ids=[
        "int-2**63",
        "int-4301-digits",
        "version-4301-digits",
        "date-before-year-1",
        "list-for-unit",
        "list-for-document",
        "object-for-tags",
        "lone-surrogate-text",
        "lone-surrogate-tag",
        "group-out-of-range",
    ],
)
@pytest.mark.parametrize("merge", [False, True], ids=["replace", "merge"])
def test_a_malformed_backup_is_refused_in_chinese_and_nothing_changes(tmp_path, bank, raw, merge):
    path = tmp_path / "bad.json"
    path.write_text(raw, encoding="utf-8")
    before = bank_content(bank.path)
    with pytest.raises(BackupFormatError) as refused:
        bank.restore_json(path, merge=merge)
    assert_clear_chinese(str(refused.value))
    assert bank_content(bank.path) == before
    assert not list((tmp_path / "backups").glob("*before-restore*"))  # refused before any copy


def test_a_backup_over_the_size_limit_is_refused_unread(tmp_path, bank, monkeypatch):
    export = tmp_path / "export.json"
    bank.export_json(export)
    monkeypatch.setattr(transfer, "MAX_BACKUP_BYTES", export.stat().st_size - 1)
    with pytest.raises(BackupFormatError) as refused:
        bank.restore_json(export)
    assert "太大" in str(refused.value)
    assert_clear_chinese(str(refused.value))


def test_a_bank_opens_and_answers_searches_while_another_process_writes(tmp_path, base_bank, tokenizer):
    path = copy_bank(base_bank, tmp_path / "phrasebank.sqlite3")
    with PhraseBank.open(path, tokenizer=tokenizer, backups_dir=tmp_path / "backups"):
        pass  # made current (WAL mode) first
    with closing(sqlite3.connect(path, isolation_level=None)) as writer:
        writer.execute("BEGIN IMMEDIATE")  # as a long restore or import holds the write lock
        writer.execute("UPDATE units SET uses = uses + 1 WHERE id = (SELECT min(id) FROM units)")
        with PhraseBank.open(path, tokenizer=tokenizer, backups_dir=tmp_path / "backups") as reader:
            assert reader.search("", limit=3)
            assert reader.stats()["units"] > 0
        writer.execute("ROLLBACK")
