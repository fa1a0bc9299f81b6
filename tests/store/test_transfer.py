"""Export to JSON, restore (replace) and merge, and malformed backups."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from desktop.store.bank import PhraseBank
from desktop.store.errors import BackupFormatError

DOC_A = {
    "key": "a" * 64,
    "name": "甲文档",
    "source_path": "/x/甲.txt",
    "speech_type": "研讨发言",
    "imported_at": "2024-03-01T08:00:00",
}
DOC_B = {
    "key": "b" * 64,
    "name": "乙文档",
    "source_path": None,
    "speech_type": None,
    "imported_at": "2024-03-02T08:00:00",
}


def _unit(text: str, **extra) -> dict:
    base = {
        "text": text,
        "kind": "论述",
        "speech_type": None,
        "keywords": [],
        "slots": 0,
        "group": [],
        "favourite": False,
        "uses": 0,
        "last_used_at": None,
        "deleted_at": None,
        "created_at": "2024-03-01T08:00:00",
        "updated_at": "2024-03-01T08:00:00",
        "tags": [],
        "sources": [],
    }
    base.update(extra)
    return base


def _backup(path: Path, documents: list[dict], units: list[dict]) -> Path:
    path.write_text(
        json.dumps(
            {"format": "speechdraft-phrasebank", "format_version": 1, "documents": documents, "units": units},
            ensure_ascii=False,
        ),
        encoding="utf-8",
    )
    return path


def _content(data: dict) -> dict:
    return {k: v for k, v in data.items() if k != "exported_at"}


def _fill(bank: PhraseBank, tmp_path: Path) -> None:
    _backup(
        tmp_path / "start.json",
        [DOC_A],
        [
            _unit(
                "推动乡村振兴取得新进展。",
                sources=[{"document": DOC_A["key"], "paragraph": 3}],
                uses=2,
                last_used_at="2024-03-05T09:00:00",
                keywords=["乡村振兴"],
            ),
            _unit(
                "一、提高政治站位",
                kind="一级标题",
                group=["一、提高政治站位", "二、强化责任担当"],
                sources=[{"document": DOC_A["key"], "paragraph": 5}],
                speech_type="研讨发言",
            ),
        ],
    )
    bank.restore_json(tmp_path / "start.json")
    fav = bank.add_unit("以学铸魂、以学增智、以学正风、以学促干", "排比/四字格", tags=["主题教育", "金句"])
    bank.set_favourite(fav.id)
    gone = bank.add_unit("这句话在回收站里。", "论述")
    bank.trash([gone.id])


def test_export_then_restore_gives_identical_content(bank, tmp_path):
    _fill(bank, tmp_path)
    first = tmp_path / "first.json"
    assert bank.export_json(first) == 4
    exported = json.loads(first.read_text(encoding="utf-8"))

    with PhraseBank.open(tmp_path / "other.sqlite3", tokenizer=bank.tokenizer) as other:
        other.add_unit("将被替换掉的句子。", "论述")
        report = other.restore_json(first)
        assert report.replaced and report.units_added == 4
        second = tmp_path / "second.json"
        other.export_json(second)
        assert _content(json.loads(second.read_text(encoding="utf-8"))) == _content(exported)
        assert [h.text for h in other.search("以学")] == ["以学铸魂、以学增智、以学正风、以学促干"]
        assert other.stats()["trash"] == 1
        assert other.integrity_check() == []
    assert not list(tmp_path.glob(".*.tmp"))


def test_merge_unions_sources_and_tags_keeps_max_uses_and_favourites(bank, tmp_path):
    _fill(bank, tmp_path)
    before = {h.text: h.unit_id for h in bank.search("", include_deleted=True, limit=100)}
    incoming = _backup(
        tmp_path / "in.json",
        [DOC_A, DOC_B],
        [
            _unit(
                "推动乡村振兴取得新进展！",
                uses=1,
                favourite=True,
                tags=["三农"],
                sources=[{"document": DOC_B["key"], "paragraph": 1}, {"document": DOC_A["key"], "paragraph": 3}],
            ),
            _unit("以学铸魂、以学增智、以学正风、以学促干", kind="排比/四字格", uses=7, tags=["金句", "新标签"]),
            _unit("这句话在回收站里。"),  # live in the backup: back from the trash
            _unit("一句全新的话，来自另一台电脑。", deleted_at=None),
        ],
    )
    report = bank.restore_json(incoming, merge=True)
    assert (report.units_added, report.units_merged, report.documents_added, report.replaced) == (1, 3, 1, False)

    rural = bank.get_unit(before["推动乡村振兴取得新进展。"])
    assert rural.text == "推动乡村振兴取得新进展。"  # the bank's own wording is kept
    assert rural.uses == 2 and rural.favourite and rural.tags == ("三农",)
    assert [(s.document_name, s.paragraph) for s in rural.sources] == [("甲文档", 3), ("乙文档", 1)]

    slogan = bank.get_unit(before["以学铸魂、以学增智、以学正风、以学促干"])
    assert slogan.uses == 7 and slogan.favourite and slogan.tags == ("主题教育", "新标签", "金句")
    assert not bank.get_unit(before["这句话在回收站里。"]).in_trash
    assert bank.stats()["units"] == 5 and bank.stats()["documents"] == 2
    assert bank.integrity_check() == []


_HEAD = '{"format": "speechdraft-phrasebank", "format_version": 1, "units": '
_GOOD = '"text": "好句子。", "kind": "论述"'
MALFORMED = [
    "{not json",
    "[]",
    '{"format": "something-else", "format_version": 1, "units": []}',
    '{"format": "speechdraft-phrasebank", "units": []}',
    '{"format": "speechdraft-phrasebank", "format_version": 99, "units": []}',
    _HEAD + "{}}",
    _HEAD + '[{"kind": "论述"}]}',
    _HEAD + '[{"text": "。。", "kind": "论述"}]}',
    _HEAD + "[{" + _GOOD + ', "uses": -1}]}',
    _HEAD + "[{" + _GOOD + ', "uses": "3"}]}',
    _HEAD + "[{" + _GOOD + ', "tags": [""]}]}',
    _HEAD + "[{" + _GOOD + ', "created_at": "昨天"}]}',
    _HEAD + "[{" + _GOOD + ', "sources": [{"document": "nope", "paragraph": 1}]}]}',
    _HEAD + "[{" + _GOOD + "}, 5]}",
]


@pytest.mark.parametrize("content", MALFORMED)
@pytest.mark.parametrize("merge", [False, True])
def test_malformed_backup_is_rejected_in_chinese_and_changes_nothing(bank, tmp_path, content, merge):
    _fill(bank, tmp_path)
    before = tmp_path / "before.json"
    bank.export_json(before)
    bad = tmp_path / "bad.json"
    bad.write_text(content, encoding="utf-8")
    with pytest.raises(BackupFormatError) as err:
        bank.restore_json(bad, merge=merge)
    assert "备份" in str(err.value)
    after = tmp_path / "after.json"
    bank.export_json(after)
    assert _content(json.loads(after.read_text(encoding="utf-8"))) == _content(
        json.loads(before.read_text(encoding="utf-8"))
    )


def test_missing_backup_file_says_so(bank, tmp_path):
    with pytest.raises(BackupFormatError, match="找不到备份文件"):
        bank.restore_json(tmp_path / "nope.json")


def test_export_to_a_missing_folder_fails_in_chinese_and_leaves_nothing(bank, tmp_path):
    from desktop.store.errors import BankError

    with pytest.raises(BankError, match="无法写入导出文件"):
        bank.export_json(tmp_path / "no" / "such" / "dir.json")
    assert not (tmp_path / "no").exists()
