"""Newer documents rank above older at equal relevance, on every search path (issue 12)."""

from __future__ import annotations

from desktop.store.first_read import FirstReader


def _import(bank, folder, name: str, lines: list[str]) -> None:
    path = folder / f"{name}.txt"
    path.write_text("\n".join(lines), encoding="utf-8")
    report = bank.import_paths([path])
    assert report.imported, report.summary()


def _two_speeches(bank, tmp_path):
    """The 2023 speech imported first (lower ids: without dates it would rank first)."""
    _import(
        bank,
        tmp_path,
        "old",
        ["在全县工作会议上的讲话", "（2023年3月1日）", "同志们：", "要扎实推进乡村振兴各项工作。", "谢谢大家。"],
    )
    _import(
        bank,
        tmp_path,
        "new",
        ["在全县工作会议上的讲话", "（2026年1月20日）", "同志们：", "要扎实推进乡村振兴各项任务。", "谢谢大家！"],
    )
    hits = {h.text: h.unit_id for h in bank.search("乡村振兴", limit=50)}
    return hits["要扎实推进乡村振兴各项任务。"], hits["要扎实推进乡村振兴各项工作。"]


def test_the_newer_speechs_phrasing_ranks_first_on_every_path(bank, bank_path, tmp_path):
    new, old = _two_speeches(bank, tmp_path)
    assert new > old
    ranked = [h.unit_id for h in bank.search("乡村振兴")]
    assert ranked.index(new) < ranked.index(old)
    full = [h.unit_id for h in bank.search("乡村振兴", include_deleted=True)]  # the full index's path
    assert full.index(new) < full.index(old)
    listing = [h.unit_id for h in bank.search("", limit=100)]
    assert listing.index(new) < listing.index(old)
    reader = FirstReader.open(bank_path)
    assert reader is not None
    with reader:
        first = [h.unit_id for h in reader.search("", limit=100)]
    assert first == listing
    records = {u.id: u for u in bank.get_units([new, old])}
    assert records[new].dated == 20260120 and records[old].dated == 20230301


def test_a_unit_keeps_the_date_of_its_newest_document(bank, tmp_path):
    _import(bank, tmp_path, "a", ["讲话", "（2020年5月1日）", "坚持以人民为中心的发展思想。", "完毕。"])
    _import(bank, tmp_path, "b", ["讲话稿", "（2024年6月1日）", "坚持以人民为中心的发展思想。", "结束。"])
    _import(bank, tmp_path, "c", ["发言", "（2021年6月1日）", "坚持以人民为中心的发展思想。", "再见。"])
    (hit,) = [h for h in bank.search("以人民为中心") if "发展思想" in h.text]
    assert bank.get_unit(hit.unit_id).dated == 20240601


def test_a_unit_the_writer_types_in_is_of_today_and_survives_a_backup(bank, tmp_path):
    from desktop.store.units import today_dated

    unit = bank.add_unit("自己写的一句话。", "论述")
    assert unit.dated == today_dated()
    bank.export_json(tmp_path / "backup.json")
    bank.restore_json(tmp_path / "backup.json")
    (hit,) = bank.search("自己写的")
    assert bank.get_unit(hit.unit_id).dated == today_dated()
