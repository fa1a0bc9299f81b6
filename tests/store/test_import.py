"""Importing files and folders: dedup, the report, cancel, and the default bank from the seeds."""

from __future__ import annotations

import shutil
import threading
from pathlib import Path

import pytest

from desktop.infra.paths import DataPaths
from desktop.store.bank import PhraseBank
from desktop.store.errors import BankError
from desktop.store.seed import build_default_bank

SHARED = "要坚持农业农村优先发展，推动乡村产业、人才、文化、生态、组织全面振兴。"

SPEECH_A = f"""在全县乡村振兴工作会议上的讲话

同志们：
今天召开全县乡村振兴工作会议，主要任务是总结去年工作成绩，部署今年重点任务。
一、提高政治站位，扛牢乡村振兴政治责任
{SHARED}全县上下要切实增强责任感和紧迫感，把乡村振兴摆在更加突出的位置。
二、突出工作重点，推动各项任务落地见效
要持续深化农村改革，不断激发乡村发展活力，让广大农民群众共享改革发展成果。
同志们，让我们更加紧密地团结起来，为全面推进乡村振兴努力奋斗！
"""

SPEECH_B = f"""在乡村振兴专题研讨交流会上的发言

同志们：
按照会议安排，结合分管工作实际，我谈三点体会，不当之处请批评指正。
一、深化思想认识，增强推进乡村振兴的使命担当
{SHARED}各级干部要把思想和行动统一到中央决策部署上来。
二、聚焦产业发展，夯实乡村振兴的物质基础
要因地制宜发展特色产业，延长产业链条，带动农民持续增收致富。
发言完毕，不当之处，请同志们批评指正，谢谢大家！
"""


def _write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode(encoding))
    return path


def test_a_unit_from_two_documents_is_stored_once_with_both_sources(bank, tmp_path):
    a = _write(tmp_path / "in" / "a.txt", SPEECH_A)
    b = _write(tmp_path / "in" / "b.txt", SPEECH_B)
    report = bank.import_paths([a, b])
    assert [d.name for d in report.imported] == ["a", "b"]
    assert report.imported[1].units_merged >= 1
    hits = [h for h in bank.search("农业农村优先发展", limit=50) if h.text.startswith("要坚持农业农村优先发展")]
    assert len(hits) == 1
    assert hits[0].sources == ("a", "b")
    unit = bank.get_unit(hits[0].unit_id)
    assert {s.document_name for s in unit.sources} == {"a", "b"}
    assert bank.stats()["documents"] == 2
    assert bank.integrity_check() == []


def test_the_report_lists_imported_duplicate_and_refused_files(bank, tmp_path):
    folder = tmp_path / "in"
    _write(folder / "a.txt", SPEECH_A)
    _write(folder / "sub" / "a-gbk.txt", SPEECH_A.replace("，", ","), encoding="gb18030")  # same speech, other encoding
    _write(folder / "b.md", SPEECH_B)
    _write(folder / "empty.txt", "")
    _write(folder / "old.docx", "这不是一个 docx 文件")
    _write(folder / "notes.pdf", "ignored: not an importable suffix")
    _write(folder / ".hidden" / "c.txt", SPEECH_B)
    seen: list[tuple[int, int, str]] = []
    report = bank.import_paths([folder, tmp_path / "missing.txt"], progress=lambda *a: seen.append(a))

    assert sorted(d.name for d in report.imported) == ["a", "b"]
    assert [(Path(s.path).name, s.duplicate_of) for s in report.skipped] == [("a-gbk.txt", "a")]
    refused = {Path(r.path).name: r.reason for r in report.refused}
    assert set(refused) == {"missing.txt", "empty.txt", "old.docx"}
    assert all(any("\u4e00" <= ch <= "\u9fff" for ch in reason) for reason in refused.values())
    assert "找不到" in refused["missing.txt"]
    assert not report.cancelled
    assert seen[0] == (0, 5, "a.txt") and seen[-1] == (5, 5, "")
    assert "导入 2 篇" in report.summary()

    again = bank.import_paths([folder / "a.txt"])
    assert again.imported == [] and len(again.skipped) == 1


def test_cancel_mid_folder_keeps_whole_files_only(bank, tmp_path, seed_files, tokenizer):
    folder = tmp_path / "seeds"
    folder.mkdir()
    for path in seed_files.values():
        shutil.copy(path, folder)
    cancel = threading.Event()

    def progress(done: int, total: int, name: str) -> None:
        if done == 2:
            cancel.set()  # while the third file is being imported

    report = bank.import_paths([folder], progress=progress, cancel=cancel)
    assert report.cancelled
    assert [Path(p).name[:3] for p in report.not_reached] == ["003", "004"]
    assert {Path(d.path).name[:3] for d in [*report.imported, *report.skipped]} == {"000", "001", "002"}

    with PhraseBank.open(tmp_path / "full.sqlite3", tokenizer=tokenizer) as full:
        full.import_paths([folder / p.name for p in sorted(folder.iterdir())[:3]])
        expected = {d.name: d.units for d in full.list_documents()}
    assert {d.name: d.units for d in bank.list_documents()} == expected
    assert bank.integrity_check() == []


def test_search_by_source_document(bank, tmp_path):
    bank.import_paths([_write(tmp_path / "a.txt", SPEECH_A), _write(tmp_path / "b.txt", SPEECH_B)])
    only_b = bank.search("乡村", source="b", limit=100)
    assert only_b and all("b" in h.sources for h in only_b)
    from_a = bank.search("乡村", source="a", limit=100)
    assert {h.unit_id for h in only_b} != {h.unit_id for h in from_a}
    doc_id = next(d.id for d in bank.list_documents() if d.name == "b")
    assert [h.unit_id for h in bank.search("乡村", source=doc_id, limit=100)] == [h.unit_id for h in only_b]
    assert bank.search("乡村", source="没有这个文档") == []


def test_default_bank_is_built_from_the_seeds_into_place(tmp_path, seed_files, tokenizer):
    paths = DataPaths(tmp_path / "data")
    report = build_default_bank(paths, seed_files["000"].parent, tokenizer=tokenizer)
    assert len(report.imported) + len(report.skipped) >= 5 and not report.refused
    assert sorted(p.name for p in paths.root.iterdir() if p.is_file()) == ["phrasebank.sqlite3"]
    with PhraseBank.open(paths.bank, tokenizer=tokenizer) as bank:
        stats = bank.stats()
        assert stats["documents"] >= 5 and stats["units"] > 100
        assert bank.integrity_check() == []
        units_before = stats["units"]
    with pytest.raises(BankError, match="素材库已存在"):
        build_default_bank(paths, seed_files["000"].parent, tokenizer=tokenizer)
    build_default_bank(paths, seed_files["000"].parent, tokenizer=tokenizer, replace=True)
    assert len(list(paths.backups.iterdir())) == 1
    with PhraseBank.open(paths.bank, tokenizer=tokenizer) as bank:
        assert bank.stats()["units"] == units_before


def test_a_cancelled_default_build_leaves_no_bank(tmp_path, seed_files, tokenizer):
    paths = DataPaths(tmp_path / "data")
    calls = []

    def cancel() -> bool:
        calls.append(1)
        return len(calls) > 2

    report = build_default_bank(paths, seed_files["000"].parent, cancel=cancel, tokenizer=tokenizer)
    assert report.cancelled
    assert [p.name for p in paths.root.iterdir() if p.is_file()] == []
