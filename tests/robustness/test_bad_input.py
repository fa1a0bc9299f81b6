"""Every bad file a writer may hand the app, through the reader, the bank import and opening a
draft: a clear Chinese message and no change to the bank or the draft; files that are merely in
another encoding or have awkward names read as their clean UTF-8 original.
"""

from __future__ import annotations

import os
import tracemalloc
from pathlib import Path

import pytest

from desktop.core.draft import Draft, DraftError, save_draft
from desktop.read.draft_files import open_draft
from desktop.read.files import ReadError, read_documents
from desktop.store.bank import PhraseBank
from tests.helpers.bad_corpus import CASES, HUGE_BYTES, Case, build_big_folder, build_corpus
from tests.helpers.robust_support import assert_clear_chinese, bank_content, copy_bank

REFUSED = [c for c in CASES if c.expect]
READ = [c for c in CASES if c.same_as]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("bad-corpus")
    build_corpus(folder)
    return folder


@pytest.fixture
def bank(tmp_path, base_bank, tokenizer):
    path = copy_bank(base_bank, tmp_path / "phrasebank.sqlite3")
    with PhraseBank.open(path, tokenizer=tokenizer, backups_dir=tmp_path / "backups") as opened:
        yield opened


@pytest.fixture
def open_draft_file(tmp_path) -> Path:
    """The draft the writer has open while trying the bad file."""
    path = tmp_path / "正在写的讲稿.sdraft"
    save_draft(Draft(["在全县工作会议上的讲话", "同志们：", "今天的会议很重要。"]), path)
    return path


@pytest.mark.parametrize("case", REFUSED, ids=[c.name for c in REFUSED])
def test_bad_file_is_refused_with_a_chinese_message_and_nothing_changes(case: Case, corpus, bank, open_draft_file):
    path = corpus / case.file
    with pytest.raises(ReadError) as read:
        read_documents(path)
    message = str(read.value)
    assert case.expect in message
    assert_clear_chinese(message)

    before, draft_bytes = bank_content(bank.path), open_draft_file.read_bytes()
    report = bank.import_paths([path])
    assert report.imported == [] and report.skipped == []
    assert [(r.path, r.reason) for r in report.refused] == [(str(path.resolve()), message)]
    with pytest.raises(DraftError) as opened:
        open_draft(path)
    assert_clear_chinese(str(opened.value))
    assert bank.integrity_check() == []
    assert bank_content(bank.path) == before
    assert open_draft_file.read_bytes() == draft_bytes


def test_200_mb_file_is_refused_without_being_loaded(corpus, bank):
    path = corpus / "huge-200MB.txt"
    assert path.stat().st_size == HUGE_BYTES
    tracemalloc.start()
    try:
        with pytest.raises(ReadError):
            read_documents(path)
        report = bank.import_paths([path])
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert "200.0 MB" in report.refused[0].reason
    assert peak < 4 * 1024 * 1024, f"{peak / 1e6:.1f} MB held while refusing a 200 MB file"


@pytest.mark.parametrize("case", READ, ids=[c.name for c in READ])
def test_other_encodings_and_awkward_names_read_as_the_utf8_original(case: Case, corpus, tmp_path, bank):
    path = corpus / case.file
    clean = tmp_path / "clean.txt"
    clean.write_text(case.same_as, encoding="utf-8")
    want = read_documents(clean)[0].paragraphs
    docs = read_documents(path)
    assert [d.paragraphs for d in docs] == [want]
    assert docs[0].name == path.stem and docs[0].source_path == str(path)

    report = bank.import_paths([path])
    assert report.refused == [] and [d.name for d in report.imported] == [path.stem]
    assert {d.name: d.source_path for d in bank.list_documents()}[path.stem] == str(path)
    assert open_draft(path).paragraphs == want
    assert bank.integrity_check() == []


def test_a_folder_of_thousands_of_files_imports_the_good_and_explains_each_bad(tmp_path, bank):
    folder = tmp_path / "多年 材料"
    good, bad = build_big_folder(folder, count=2000, good=60)
    before = {d.name for d in bank.list_documents()}
    report = bank.import_paths([folder])
    assert {Path(d.path).name for d in report.imported} == good
    assert {Path(r.path).name for r in report.refused} == bad
    for refused in report.refused:
        assert_clear_chinese(refused.reason)
    assert {d.name for d in bank.list_documents()} == before | {Path(n).stem for n in good}
    assert bank.integrity_check() == []
    if os.geteuid() != 0:
        assert any("没有权限" in r.reason for r in report.refused)
