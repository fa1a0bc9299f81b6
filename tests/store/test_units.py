"""The writer's operations: add, edit, trash/restore/purge, tag, favourite, uses."""

from __future__ import annotations

import pytest

from desktop.store.errors import BankError, DuplicateUnitError, EmptyTextError, UnitNotFoundError


def test_add_computes_keywords_tokens_and_slots(bank):
    unit = bank.add_unit("我们全县【数字】个乡镇全面推进主题教育，主题教育成效明显。", "数据", tags=["基层", "基层"])
    assert unit.keywords[0] == "主题教育"  # most frequent content word first
    assert "我们" not in unit.keywords and "乡镇" in unit.keywords
    assert unit.slots == 1
    assert unit.tags == ("基层",)
    assert [h.unit_id for h in bank.search("乡镇")] == [unit.id]


def test_add_refuses_duplicates_and_empty_text(bank):
    unit = bank.add_unit("推动主题教育走深走实。", "论述")
    with pytest.raises(DuplicateUnitError) as err:
        bank.add_unit("推动主题教育走深走实！", "论述")  # near-identical: same dedup key
    assert err.value.existing_id == unit.id
    assert "已有相同" in str(err.value)
    with pytest.raises(EmptyTextError):
        bank.add_unit("  。，  ", "论述")
    with pytest.raises(BankError, match="未知的句子类别"):
        bank.add_unit("一句新的话。", "不存在的类别")
    assert bank.stats()["units"] == 1


def test_edit_reindexes_the_text(bank):
    unit = bank.add_unit("推动乡村振兴取得新进展。", "论述")
    edited = bank.edit_unit(unit.id, text="推动城市更新取得新进展。", kind="数据")
    assert edited.text == "推动城市更新取得新进展。" and edited.kind == "数据"
    assert bank.search("乡村振兴") == []
    assert [h.unit_id for h in bank.search("城市更新")] == [unit.id]
    assert bank.integrity_check() == []


def test_edit_into_an_existing_text_is_refused_and_changes_nothing(bank):
    a = bank.add_unit("推动乡村振兴取得新进展。", "论述")
    b = bank.add_unit("推动城市更新取得新进展。", "论述")
    with pytest.raises(DuplicateUnitError):
        bank.edit_unit(b.id, text="推动乡村振兴取得新进展！")
    assert bank.get_unit(b.id).text == "推动城市更新取得新进展。"
    assert bank.get_unit(a.id).text == "推动乡村振兴取得新进展。"


def test_trash_restore_and_purge(bank):
    a = bank.add_unit("推动乡村振兴取得新进展。", "论述")
    b = bank.add_unit("推动城市更新取得新进展。", "论述")
    assert bank.trash([a.id, a.id]) == [a.id]
    assert bank.trash([a.id]) == []  # already in the trash: nothing changed
    assert bank.get_unit(a.id).in_trash
    assert bank.stats()["trash"] == 1 and bank.stats()["units"] == 1
    assert bank.live_units() == 1  # the window's status bar count leaves the trash out too

    assert bank.restore([a.id, b.id]) == [a.id]
    assert not bank.get_unit(a.id).in_trash
    assert [h.unit_id for h in bank.search("乡村振兴")] == [a.id]

    bank.trash([a.id])
    assert bank.purge_trash([b.id]) == []  # live units are never purged
    assert bank.purge_trash() == [a.id]
    with pytest.raises(UnitNotFoundError):
        bank.get_unit(a.id)
    assert bank.search("乡村振兴", include_deleted=True) == []
    assert bank.stats() == {"units": 1, "documents": 0, "by_kind": {"论述": 1}, "trash": 0, "favourites": 0, "tags": 0}
    assert bank.integrity_check() == []


def test_tag_and_untag(bank):
    unit = bank.add_unit("推动乡村振兴取得新进展。", "论述")
    assert bank.tag(unit.id, " 乡村  振兴 ").tags == ("乡村 振兴",)
    assert bank.tag(unit.id, "三农").tags == ("三农", "乡村 振兴")
    assert bank.tag(unit.id, "三农").tags == ("三农", "乡村 振兴")
    assert bank.list_tags() == [("三农", 1), ("乡村 振兴", 1)]
    assert bank.untag(unit.id, "三农").tags == ("乡村 振兴",)
    assert bank.list_tags() == [("乡村 振兴", 1)]  # a tag nobody carries is gone
    with pytest.raises(BankError, match="标签名为空"):
        bank.tag(unit.id, "  ")


def test_favourite_and_count_use(bank):
    unit = bank.add_unit("推动乡村振兴取得新进展。", "论述")
    assert bank.set_favourite(unit.id).favourite
    assert not bank.set_favourite(unit.id, False).favourite
    used = bank.count_use(bank.count_use(unit.id).id)
    assert used.uses == 2 and used.last_used_at is not None


def test_operations_on_a_missing_unit_say_so_in_chinese(bank):
    for call in (
        lambda: bank.get_unit(999),
        lambda: bank.tag(999, "x"),
        lambda: bank.count_use(999),
        lambda: bank.edit_unit(999, text="新的话。"),
    ):
        with pytest.raises(UnitNotFoundError, match="找不到编号为 999 的句子"):
            call()


def test_records_are_plain_and_usable_after_the_call(bank):
    unit = bank.add_unit("推动乡村振兴取得新进展。", "论述", tags=["三农"])
    record = bank.get_unit(unit.id)
    assert record.tags == ("三农",) and record.sources == ()
    assert type(record).__module__ == "desktop.core.phrase_source"  # a plain record, no ORM object


def test_calls_from_worker_threads(bank):
    import threading

    errors: list[BaseException] = []
    unit = bank.add_unit("推动乡村振兴取得新进展。", "论述")

    def work(n: int) -> None:
        try:
            for i in range(10):
                bank.count_use(unit.id)
                bank.search("乡村")
                bank.add_unit(f"线程{n}写入的第{i}句话，内容各不相同。", "论述")
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert bank.get_unit(unit.id).uses == 40
    assert bank.stats()["units"] == 41
