"""Seed 001 style pages carry a second whole document behind 相关文档/附件下载: it is read as
its own document and not stored a second time beside the same speech imported on its own."""

from __future__ import annotations

from desktop.store.bank import PhraseBank


def test_glued_attachment_is_its_own_document_and_not_stored_twice(tmp_path, seed_files, tokenizer):
    page = seed_files["001"].read_text(encoding="utf-8").rstrip()
    speech = seed_files["002"].read_text(encoding="utf-8")
    glued = tmp_path / "in" / "001_with_attachment.txt"
    glued.parent.mkdir()
    glued.write_text(page + "\n" + speech, encoding="utf-8")  # 001 ends with 相关文档:/附件下载:
    alone = tmp_path / "in" / "002.txt"
    alone.write_text(speech, encoding="utf-8")

    with PhraseBank.open(tmp_path / "a.sqlite3", tokenizer=tokenizer) as bank:
        report = bank.import_paths([glued, alone])
        glued_stats = bank.stats()
        texts = [h.text for h in bank.search("坚持以学促干", kind="一级标题", limit=5)]
        every_unit = [h.text for h in bank.search("", limit=100_000)]
    with PhraseBank.open(tmp_path / "b.sqlite3", tokenizer=tokenizer) as bank:
        bank.import_paths([seed_files["001"], seed_files["002"]])
        plain_stats = bank.stats()

    assert [d.name for d in report.imported][:2] == ["001_with_attachment", "001_with_attachment（附件）"]
    assert len(report.skipped) == 1  # 002 on its own is the attachment again
    assert glued_stats["units"] == plain_stats["units"]
    assert texts.count("一、坚持以学促干，在学思践悟中把牢方向。") == 1
    assert len(every_unit) == glued_stats["units"]
    for fragment in ("##paid", "来源:", "来源：", "附件下载", "相关文档"):
        assert not any(fragment in text for text in every_unit)
