"""The first look at a bank through plain sqlite3: the listing PhraseBank.search("") gives, or nothing."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from desktop.infra.paths import seeds_dir
from desktop.store.bank import PhraseBank
from desktop.store.first_read import FirstReader
from desktop.store.migrations import SCHEMA_VERSION
from desktop.store.records import UnitRecord


@pytest.fixture
def seeded(bank: PhraseBank) -> PhraseBank:
    """Two seed speeches, a few hand-added units, favourites, uses and a unit in the trash."""
    seeds = sorted(seeds_dir().glob("*.txt"))[:2]
    report = bank.import_paths(seeds)
    assert report.units_added > 50
    extra = [
        bank.add_unit(f"同志们，今天我们在这里召开第{n}次工作推进会。", "开头", speech_type="工作会议讲话")
        for n in range(1, 6)
    ]
    listed = bank.search("", limit=40)
    bank.set_favourite(listed[7].unit_id)
    bank.set_favourite(extra[2].id)
    for _ in range(3):
        bank.count_use(listed[12].unit_id)
    bank.count_use(extra[4].id)
    bank.trash([listed[3].unit_id, extra[0].id])
    # Equal uses, the older unit used last: recency, not the id, puts it first; an edit makes an
    # old unused unit the most recently changed of its peers.
    oldest, newer = sorted(h.unit_id for h in listed[20:30])[:2]
    bank.count_use(newer)
    bank.count_use(oldest)
    bank.edit_unit(sorted(h.unit_id for h in listed[30:])[0], keywords=["修改过"])
    return bank


def _all_units(bank: PhraseBank) -> list[UnitRecord]:
    with sqlite3.connect(bank.path) as raw:
        ids = [i for (i,) in raw.execute("SELECT id FROM units")]
    raw.close()
    return bank.get_units(ids)


def _expected_listing(units: list[UnitRecord], kind, speech_type, favourites_only, limit) -> list[int]:
    """The listing as the product defines it, worked out here from the records: live units that
    pass the filters, favourites first, then the most used, then those of the newest documents,
    then the most recently used or changed, then the newest."""
    chosen = [
        u
        for u in units
        if not u.in_trash
        and (kind is None or u.kind == kind)
        and (speech_type is None or u.speech_type == speech_type)
        and (u.favourite or not favourites_only)
    ]
    chosen.sort(key=lambda u: (u.favourite, u.uses, u.dated or 0, u.last_used_at or u.updated_at, u.id), reverse=True)
    return [u.id for u in chosen[:limit]]


def test_the_listing_is_the_one_the_product_defines_for_every_filter(seeded: PhraseBank) -> None:
    units = _all_units(seeded)
    kinds = [None, *sorted({u.kind for u in units})]
    types = [None, *sorted({u.speech_type for u in units if u.speech_type})]
    assert len(kinds) > 4 and len(types) > 1
    assert len({u.uses for u in units}) > 2 and any(u.favourite for u in units) and any(u.in_trash for u in units)
    compared = 0
    with FirstReader.open(seeded.path) as reader:
        for kind in kinds:
            for speech_type in types:
                for favourites_only in (False, True):
                    for limit in (1, 8, 30, 1000):
                        options = dict(kind=kind, speech_type=speech_type, favourites_only=favourites_only, limit=limit)
                        expected = _expected_listing(units, **options)
                        assert [h.unit_id for h in seeded.search("", **options)] == expected, options
                        assert reader.search("", **options) == seeded.search("", **options), options
                        compared += 1
        favourites = reader.search("", favourites_only=True, limit=100)
    assert compared > 100
    assert len(favourites) == 2 and all(h.favourite for h in favourites)


def test_the_reader_sees_what_the_bank_writes_after_it_opened(seeded: PhraseBank) -> None:
    with FirstReader.open(seeded.path) as reader:
        before = reader.search("", kind="结尾", limit=5)
        seeded.set_favourite(before[-1].unit_id)
        after = reader.search("", kind="结尾", limit=5)
        assert after[0].unit_id == before[-1].unit_id and after[0].favourite
        assert after == seeded.search("", kind="结尾", limit=5)


def test_text_queries_are_left_to_the_bank(seeded: PhraseBank) -> None:
    with FirstReader.open(seeded.path) as reader:
        with pytest.raises(ValueError):
            reader.search("主题教育")
        assert reader.search("  ", kind="开头", limit=0) == []


def test_it_declines_what_only_the_bank_can_open(tmp_path: Path, seeded: PhraseBank) -> None:
    assert FirstReader.open(tmp_path / "missing.sqlite3") is None
    assert FirstReader.open(tmp_path) is None  # a folder
    garbage = tmp_path / "garbage.sqlite3"
    garbage.write_bytes(b"this is not a database" * 100)
    assert FirstReader.open(garbage) is None
    empty = tmp_path / "empty.sqlite3"
    sqlite3.connect(empty).close()
    assert FirstReader.open(empty) is None
    older = tmp_path / "older.sqlite3"
    seeded.backup_to(older)
    with sqlite3.connect(older) as conn:
        conn.execute("UPDATE meta SET value = ? WHERE key = 'schema_version'", (str(SCHEMA_VERSION - 1),))
    conn.close()
    assert FirstReader.open(older) is None


def test_it_never_writes(seeded: PhraseBank) -> None:
    with FirstReader.open(seeded.path) as reader, pytest.raises(sqlite3.OperationalError):
        reader._conn.execute("DELETE FROM units")
    assert seeded.live_units() > 50


def test_reading_first_loads_neither_sqlalchemy_nor_the_segmenter(seeded: PhraseBank) -> None:
    code = (
        "import sys\n"
        "from desktop.store.first_read import FirstReader\n"
        f"reader = FirstReader.open({str(seeded.path)!r})\n"
        "assert reader.search('', kind='开头', limit=5)\n"
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'sqlalchemy', 'rjieba', 'jieba'}))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
