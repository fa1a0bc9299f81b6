"""The quality-ordered suggestion index: its rowid layout pinned, kept in step with units, filters as
facets, same hits as full ranking."""

from __future__ import annotations

import sqlite3
from contextlib import closing

import pytest

from desktop.store.migrations import SCHEMA_VERSION
from desktop.store.sqlite import rank_index
from desktop.store.sqlite import search as sqlite_search
from desktop.store.sqlite.rank_index import RankKey

TEXTS = [
    ("推动主题教育走深走实。", "论述", "研讨发言"),
    ("以主题教育成效检验党员干部作风建设，推动各项工作落地见效。", "论述", "动员部署讲话"),
    ("主题教育要坚持学思用贯通、知信行统一。", "引语", "研讨发言"),
    ("全县主题教育共开展专题调研【数字】次。", "数据", "全会讲话"),
    ("坚持以学铸魂，在主题教育中把牢方向。", "一级标题", "研讨发言"),
]


def _ids(hits):
    return [h.unit_id for h in hits]


def _rank_rows(bank_path) -> int:
    with closing(sqlite3.connect(bank_path)) as raw:
        return raw.execute(
            f"SELECT count(*) FROM {rank_index.TABLE} WHERE {rank_index.TABLE} MATCH ?", ('grams : "主题 题教 教育"',)
        ).fetchone()[0]


# Rows of every kind of layout field: few and many terms, favourite, used, coded and uncoded
# kinds and speech types, the largest unit id.
SAMPLE_FACETS = [("k", "论述", 1), ("k", "引语", 7), ("t", "研讨发言", 2), ("t", "致辞", 31)]
SAMPLE_ROWS = [
    (1, "主题 题教 教育", "论述", "研讨发言", 0, 0, None),
    (2, " ".join(["词语"] * 30), "引语", None, 1, 0, 20230915),
    (3, "推动 | 发展 | 推动", "新类别", "致辞", 0, 3, 20260127),
    (4, "单", "论述", "致辞", 1, 100, 19980101),
    (0xFFFFFFFF, " ".join(["长长"] * 200), None, None, 0, 7, 20600101),
]
# The rowids those rows get, by the schema version that introduced their layout (a later version
# that leaves the index alone, as 5 did, keeps the layout of the entry before it). History: an entry is
# never edited. A change of the layout, of the bucket formula or of the boost (store.ranking)
# changes these keys: it needs SCHEMA_VERSION + 1, a migration step (whose index rebuild lays
# out the new rowids in every bank) and the new keys added here under the new version.
LAYOUTS = {
    4: [119292905624961025, 125706893820690434, 102536322647851011, 52750715315027972, 471576143401582591],
    6: [120286864136470529, 115811289170706434, 104620996694114307, 52530812989472772, 394970969271173119],
    7: [120286864136470529, 110700759124803586, 99448893997056003, 52530812989472772, 359065317554520063],
}


def _sample_keys() -> list[int]:
    with closing(sqlite3.connect(":memory:")) as raw:
        raw.execute("CREATE TABLE units (id INTEGER PRIMARY KEY, grams, kind, speech_type, favourite, uses, dated)")
        raw.execute(f"CREATE TABLE {rank_index.FACETS} (facet, value, code, PRIMARY KEY (facet, value)) WITHOUT ROWID")
        raw.executemany(f"INSERT INTO {rank_index.FACETS} VALUES (?, ?, ?)", SAMPLE_FACETS)
        raw.executemany("INSERT INTO units VALUES (?, ?, ?, ?, ?, ?, ?)", SAMPLE_ROWS)
        return [key for (key,) in raw.execute(f"SELECT {rank_index.row_key('u')} FROM units u ORDER BY id")]


def test_the_rowid_layout_moves_only_with_the_schema_version():
    keys = _sample_keys()
    current = max(v for v in LAYOUTS if v <= SCHEMA_VERSION)
    assert keys == LAYOUTS[current], (
        "the rank index's rowids changed: raise SCHEMA_VERSION, add a migration step and the new keys to LAYOUTS"
    )
    older = [v for v in LAYOUTS if v < current]
    assert all(LAYOUTS[v] != keys for v in older), "a new layout must differ from every older one"


def test_rank_key_encodes_and_decodes_the_pinned_layout():
    expected = [
        RankKey(bucket=13562, kind=1, speech_type=2, favourite=False, unit_id=1),
        RankKey(bucket=14291, kind=7, speech_type=0, favourite=True, unit_id=2),
        RankKey(bucket=11657, kind=0, speech_type=31, favourite=False, unit_id=3),
        RankKey(bucket=5997, kind=1, speech_type=31, favourite=True, unit_id=4),
        RankKey(bucket=53612, kind=0, speech_type=0, favourite=False, unit_id=0xFFFFFFFF),
    ]
    assert [RankKey.decode(k) for k in LAYOUTS[4]] == expected
    assert [k.encode() for k in expected] == LAYOUTS[4]
    current = max(v for v in LAYOUTS if v <= SCHEMA_VERSION)
    assert [RankKey.decode(k) for k in _sample_keys()] == [RankKey.decode(k) for k in LAYOUTS[current]]
    with pytest.raises(ValueError):
        RankKey(bucket=0, kind=32, speech_type=0, favourite=False, unit_id=1).encode()
    with pytest.raises(ValueError):
        RankKey(bucket=0, kind=0, speech_type=0, favourite=False, unit_id=1 << 32).encode()


def test_ranked_path_finds_what_full_ranking_finds(bank):
    units = [bank.add_unit(t, k, speech_type=s) for t, k, s in TEXTS]
    ranked = bank.search("主题教育")
    full = bank.search("主题教育", include_deleted=True)  # ranks every hit through units_fts
    assert sorted(_ids(ranked)) == sorted(_ids(full)) == sorted(u.id for u in units)
    assert ranked[0].unit_id == units[0].id  # the shortest unit with the term ranks first


def test_filters_are_facets_of_the_match(bank):
    units = [bank.add_unit(t, k, speech_type=s) for t, k, s in TEXTS]
    assert _ids(bank.search("主题", kind="引语")) == [units[2].id]
    assert sorted(_ids(bank.search("主题", speech_type="研讨发言"))) == sorted([units[0].id, units[2].id, units[4].id])
    assert bank.search("主题", kind="排比/四字格") == []
    bank.set_favourite(units[3].id)
    assert _ids(bank.search("主题", favourites_only=True)) == [units[3].id]
    bank.set_favourite(units[3].id, False)
    assert bank.search("主题", favourites_only=True) == []


def test_trash_edit_and_purge_keep_the_index_in_step(bank, bank_path):
    units = [bank.add_unit(t, k, speech_type=s) for t, k, s in TEXTS]
    assert _rank_rows(bank_path) == len(units)
    bank.trash([units[1].id])
    assert units[1].id not in _ids(bank.search("主题教育"))
    assert _rank_rows(bank_path) == len(units) - 1
    bank.restore([units[1].id])
    assert units[1].id in _ids(bank.search("主题教育"))
    bank.edit_unit(units[0].id, text="推动乡村振兴取得新进展。")
    assert units[0].id not in _ids(bank.search("主题教育"))
    assert _ids(bank.search("乡村振兴")) == [units[0].id]
    bank.edit_unit(units[2].id, kind="论述")
    assert bank.search("主题", kind="引语") == []
    bank.count_use(units[4].id)
    bank.trash([units[4].id])
    bank.purge_trash()
    assert _rank_rows(bank_path) == len(units) - 2  # the edited unit and the purged one
    assert bank.integrity_check() == []


def test_only_the_best_candidates_are_ranked_and_they_are_the_shortest(bank, monkeypatch):
    short = bank.add_unit("主题教育见实效。", "论述")
    for i in range(12):
        bank.add_unit(
            f"第{i}条：深入扎实开展主题教育，推动理论学习、调查研究、推动发展、检视整改各项任务落实{i}。", "论述"
        )
    monkeypatch.setattr(sqlite_search, "CANDIDATES", 3)
    hits = bank.search("主题教育", limit=1)
    assert _ids(hits) == [short.id]


def test_a_filter_value_without_a_code_still_finds_only_its_units(bank):
    # Speech types outside speech_types.json get code 0 in the rowid: the candidate query
    # must check the value itself, or a filter on one would show the other's units.
    coded = bank.add_unit("主题教育要抓实抓细。", "论述", speech_type="研讨发言")
    first = bank.add_unit("主题教育读书班要学深悟透。", "论述", speech_type="读书班交流")
    second = bank.add_unit("主题教育座谈会要畅所欲言。", "论述", speech_type="青年座谈")
    assert _ids(bank.search("主题教育", speech_type="读书班交流")) == [first.id]
    assert _ids(bank.search("主题教育", speech_type="青年座谈")) == [second.id]
    assert _ids(bank.search("主题教育", speech_type="研讨发言")) == [coded.id]
    assert bank.search("主题教育", speech_type="没有这种讲话") == []


def test_codes_are_given_to_the_values_in_the_bank_when_the_index_is_rebuilt(bank, bank_path):
    unit = bank.add_unit("主题教育读书班要学深悟透。", "论述", speech_type="读书班交流")
    with closing(sqlite3.connect(bank_path)) as raw:
        assert raw.execute(f"SELECT code FROM {rank_index.FACETS} WHERE value = '读书班交流'").fetchone() is None
        # An older bank: version 3, whose index had no codes table. Opening it upgrades it.
        raw.execute(f"DROP TABLE {rank_index.FACETS}")
        raw.execute("UPDATE meta SET value = '3' WHERE key = 'schema_version'")
        raw.commit()
    bank.close()
    with type(bank).open(bank_path, tokenizer=bank.tokenizer, backups_dir=bank_path.parent / "backups") as reopened:
        with closing(sqlite3.connect(bank_path)) as raw:
            (code,) = raw.execute(f"SELECT code FROM {rank_index.FACETS} WHERE value = '读书班交流'").fetchone()
            (rowid,) = raw.execute(
                f"SELECT rowid FROM {rank_index.TABLE} WHERE {rank_index.TABLE} MATCH ?", ('"读书 书班"',)
            ).fetchone()
        assert code > 0 and (rowid >> rank_index.TYPE_SHIFT) & rank_index.CODE_MASK == code
        assert rowid & rank_index.ID_MASK == unit.id
        assert _ids(reopened.search("主题教育", speech_type="读书班交流")) == [unit.id]
        assert reopened.integrity_check() == []
