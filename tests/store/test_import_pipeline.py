"""The import's fast path stores exactly what cutting the files the obvious way gives.

The expected bank is computed here from core.phrases.cut with the tokenizer (keywords) and
store.units.index_fields (tokens), unit by unit, as the importer did before it segmented each
unit once, wrote through the DBAPI connection and cut files in a worker process.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import docx
import pytest

from desktop.core.phrases import cut, dedup_key
from desktop.core.structure import parse
from desktop.read.files import read_documents
from desktop.store.importing import importer, workers
from desktop.store.importing.cutting import content_hash
from desktop.store.sqlite import import_writer
from desktop.store.units import index_fields

# Anonymised spots become slots (数字/地名/待填); a literal 【待填】 and a duplicate sentence too.
SLOTS = """在**县创建工作推进会上的讲话

同志们：
今年全县共投入资金***万元，建成示范村××个，带动**镇群众增收。
要把【待填】摆在突出位置，持续深化农村改革，不断激发乡村发展活力。
要坚持农业农村优先发展，推动乡村产业、人才、文化、生态、组织全面振兴。
"""


def _folder(tmp_path: Path, seed_files: dict[str, Path]) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    for path in seed_files.values():
        shutil.copy(path, folder)
    (folder / "slots.txt").write_text(SLOTS, encoding="utf-8")
    (folder / "again.txt").write_bytes(SLOTS.replace("，", ",").encode("gb18030"))  # the same speech: skipped
    document = docx.Document()
    for line in SLOTS.replace("今年", "去年").splitlines():  # mostly units already seen: merged
        document.add_paragraph(line)
    document.save(folder / "word.docx")
    return folder


def _expected(files: list[Path], tokenizer) -> tuple[list[tuple], list[tuple]]:
    units: dict[str, tuple] = {}
    sources: dict[tuple, None] = {}
    hashes: set[str] = set()
    for path in files:
        for doc in read_documents(path):
            if content_hash(doc) in hashes:
                continue
            hashes.add(content_hash(doc))
            for pu in cut(doc, parse(doc.paragraphs, name=doc.name), tokenizer, tokenizer.tag):
                key = dedup_key(pu.text)
                if not key:
                    continue
                if key not in units:
                    fields = index_fields(tokenizer, pu.text)
                    units[key] = (
                        pu.text,
                        pu.kind,
                        pu.speech_type,
                        key,
                        list(pu.keywords) or fields["keywords"],
                        fields["tokens"],
                        pu.slots,
                        list(pu.group) or None,
                    )
                sources[(key, doc.name, pu.paragraph)] = None
    return list(units.values()), list(sources)


def _stored(path: Path) -> tuple[list[tuple], list[tuple]]:
    with sqlite3.connect(path) as db:
        units = [
            (text, kind, st, key, json.loads(kw), tokens, slots, json.loads(group) if group else None)
            for text, kind, st, key, kw, tokens, slots, group in db.execute(
                "SELECT text, kind, speech_type, dedup_key, keywords, tokens, slots, g.headings FROM units"
                " LEFT JOIN heading_groups g ON g.id = units.group_id ORDER BY units.id"
            )
        ]
        sources = db.execute(
            "SELECT u.dedup_key, d.name, s.paragraph FROM unit_sources s JOIN units u ON u.id = s.unit_id"
            " JOIN documents d ON d.id = s.document_id ORDER BY s.id"
        ).fetchall()
    return units, sources


@pytest.mark.parametrize("worker", [False, True], ids=["in-process", "worker-process"])
def test_the_bank_holds_what_cutting_each_file_gives(
    bank, bank_path, tmp_path, seed_files, tokenizer, worker, monkeypatch
):
    folder = _folder(tmp_path, seed_files)
    files = importer.collect_files([folder], importer.ImportReport())
    if worker:
        # The importing thread claims no file itself, so the worker process must cut every one
        # (which files it gets otherwise depends on timing).
        monkeypatch.setattr(workers._Pipeline, "_claim", lambda _self, _index: None)
    report = importer.import_paths(bank._ctx, [folder], worker=worker)
    assert report.files_cut_by_worker == (len(files) if worker else 0)
    units, sources = _expected(files, tokenizer)
    assert any(u[6] for u in units) and len(report.skipped) == 1 and not report.refused
    assert _stored(bank_path) == (units, sources)
    assert sum(d.units_added for d in report.imported) == len(units)
    assert bank.integrity_check() == []
    slot_units = [h for h in bank.search("示范村", limit=10) if "【数字】" in h.text]
    assert slot_units, "a unit with slots is found by its words"


def test_a_file_that_fails_in_a_batch_is_rolled_back_alone(bank, bank_path, tmp_path, seed_files):
    folder = tmp_path / "in"
    folder.mkdir()
    for path in seed_files.values():
        shutil.copy(path, folder)
    failing = sorted(folder.iterdir())[2]
    # A real SQLite failure in the middle of that file's writes, after its document row.
    with sqlite3.connect(bank_path) as db:
        db.execute(
            f"CREATE TRIGGER fail_one BEFORE INSERT ON unit_sources WHEN (SELECT name FROM documents"
            f" WHERE id = new.document_id) = '{failing.stem}' BEGIN SELECT RAISE(ABORT, 'disk I/O error'); END"
        )
    report = importer.import_paths(bank._ctx, [folder], worker=False)
    assert [Path(r.path).name for r in report.refused] == [failing.name]
    assert "无法打开素材库文件" in report.refused[0].reason
    assert len(report.imported) + len(report.skipped) == len(seed_files) - 1
    stored = {d.name for d in bank.list_documents()}
    assert failing.stem not in stored and len(stored) == len(report.imported)
    with sqlite3.connect(bank_path) as db:
        orphans = db.execute(
            "SELECT count(*) FROM units WHERE id NOT IN (SELECT unit_id FROM unit_sources)"
        ).fetchone()[0]
    assert orphans == 0, "nothing of the failed file is left"
    assert bank.integrity_check() == []


def test_several_files_share_a_transaction_and_a_cancel_commits_them(bank, tmp_path, seed_files, monkeypatch):
    commits = []
    original = import_writer.ImportWriter.commit

    def counting(self):
        commits.append(len(self._batch))
        original(self)

    monkeypatch.setattr(import_writer.ImportWriter, "commit", counting)
    files = [seed_files[k] for k in sorted(seed_files)]
    calls = []

    def cancel() -> bool:
        calls.append(1)
        return len(calls) > 3  # three files, then cancel

    report = importer.import_paths(bank._ctx, files, cancel=cancel, worker=False)
    assert report.cancelled and len(report.imported) + len(report.skipped) == 3
    assert [n for n in commits if n] == [3], "the three files went in one transaction, committed on cancel"
    assert len(bank.list_documents()) == len(report.imported)


def test_a_small_import_does_not_start_a_worker(seed_files):
    from desktop.store.importing.workers import worth_a_worker

    assert not worth_a_worker(list(seed_files.values()))
