"""The writer corrects an imported document's speech type after the import; its units follow, so
searches filtered by type (the suggestion index and the full index alike) and drafts of that type
use them at once."""

from __future__ import annotations

import json

import pytest

from desktop.cli import run_cli
from desktop.store.bank import PhraseBank
from desktop.store.errors import BankError

TALK = (
    "在全县安全生产工作会议上的讲话\n同志们：\n今天我们召开全县安全生产工作会议，研究部署下一阶段工作。\n"
    "一、提高认识\n安全生产责任重于泰山，我们必须时刻绷紧安全这根弦，坚决守牢底线。\n"
    "二、压实责任\n要严格落实安全生产责任制，层层传导压力，确保责任到人。\n"
    "同志们，让我们共同努力，推动全县安全生产形势持续稳定向好！"
)


def _imported(bank: PhraseBank, tmp_path) -> int:
    talk = tmp_path / "讲话.txt"
    talk.write_text(TALK, encoding="utf-8")
    bank.import_paths([talk], speech_type="动员部署讲话")
    (doc,) = [d for d in bank.list_documents() if d.name == "讲话"]
    return doc.id


def test_units_follow_the_corrected_type(bank: PhraseBank, tmp_path) -> None:
    doc_id = _imported(bank, tmp_path)
    assert bank.search("绷紧", speech_type="动员部署讲话")
    assert not bank.search("绷紧", speech_type="会议讲话")

    changed = bank.set_document_type(doc_id, "会议讲话")

    (doc,) = [d for d in bank.list_documents() if d.id == doc_id]
    assert doc.speech_type == "会议讲话"
    assert changed == doc.units > 0
    assert [h.text for h in bank.search("绷紧", speech_type="会议讲话")] == [
        "安全生产责任重于泰山，我们必须时刻绷紧安全这根弦，坚决守牢底线。"
    ]
    assert not bank.search("绷紧", speech_type="动员部署讲话")
    # The empty query (the listing) filters the same way.
    listed = {h.text for h in bank.search("", speech_type="会议讲话", limit=100)}
    assert len(listed) == changed

    assert bank.set_document_type(doc_id, "会议讲话") == 0, "nothing left to change"
    assert bank.set_document_type(doc_id, None) == changed
    assert not bank.search("", speech_type="会议讲话", limit=100)


def test_an_unknown_document_or_type_is_refused_and_nothing_changes(bank: PhraseBank, tmp_path) -> None:
    doc_id = _imported(bank, tmp_path)
    with pytest.raises(BankError, match="没有编号为 9999 的来源文稿"):
        bank.set_document_type(9999, "会议讲话")
    with pytest.raises(BankError, match="没有“没有这种类型”这个讲话类型"):
        bank.set_document_type(doc_id, "没有这种类型")
    (doc,) = [d for d in bank.list_documents() if d.id == doc_id]
    assert doc.speech_type == "动员部署讲话"
    assert bank.search("绷紧", speech_type="动员部署讲话")


def test_the_command_line_lists_documents_and_sets_a_type(capsys, tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("SPEECHDRAFT_DATA_DIR", str(tmp_path / "data"))
    talk = tmp_path / "讲话.txt"
    talk.write_text(TALK, encoding="utf-8")
    assert run_cli(["bank", "import", str(talk), "--type", "表态发言"]) == 0
    capsys.readouterr()
    assert run_cli(["bank", "documents", "--json"]) == 0
    (row,) = [r for r in json.loads(capsys.readouterr().out) if r["name"] == "讲话"]
    assert row["type"] == "表态发言"

    assert run_cli(["bank", "set-type", str(row["id"]), "会议讲话"]) == 0
    assert f"已把第 {row['id']} 篇来源文稿的类型改为“会议讲话”" in capsys.readouterr().out
    assert run_cli(["bank", "search", "绷紧", "--type", "会议讲话", "--json"]) == 0
    hits = json.loads(capsys.readouterr().out)
    assert [h["type"] for h in hits] == ["会议讲话"]

    assert run_cli(["bank", "set-type", str(row["id"]), "未识别"]) == 0
    capsys.readouterr()
    assert run_cli(["bank", "documents", "--json"]) == 0
    (row,) = [r for r in json.loads(capsys.readouterr().out) if r["name"] == "讲话"]
    assert row["type"] is None
