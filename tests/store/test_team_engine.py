"""The PostgreSQL engine against the SQLite one: the same hits for the same bank, the models'
PostgreSQL schema (a long dedup key, partial listing indexes), the migrations on both engines."""

from __future__ import annotations

import pytest

from desktop.store.errors import DuplicateUnitError
from tests.helpers import SEEDS

QUERIES = [
    "主题教育",
    "调查研究",
    "以学",
    "发展",
    "高质量发展",
    "党",
    "坚持",
    "全面从严治党",
    "乡村振兴",
    "干部",
    "改革",
    "安全",
    "经济",
    "问",
]


def _texts(hits):
    return [h.text for h in hits]


def test_both_engines_find_and_rank_the_same_hits_for_the_same_bank(bank, team_bank):
    bank.import_paths([SEEDS])
    report = team_bank.propose_paths([SEEDS], approved=True)
    assert team_bank.live_units() == bank.live_units() == report.units_added
    for query in QUERIES:
        assert _texts(team_bank.search(query)) == _texts(bank.search(query)), query
        for kind in ("论述", "结尾"):
            assert _texts(team_bank.search(query, kind=kind)) == _texts(bank.search(query, kind=kind)), (query, kind)
    assert _texts(team_bank.search("", limit=30)) == _texts(bank.search("", limit=30))
    source = bank.list_documents()[0].name
    assert sorted(_texts(team_bank.search("发展", source=source, limit=200))) == sorted(
        _texts(bank.search("发展", source=source, limit=200))
    )
    assert all(h.origin == "team" for h in team_bank.search("发展"))


def test_a_paragraph_longer_than_a_btree_row_is_one_unit_and_its_duplicate_refused(team_bank):
    text = "坚持以人民为中心的发展思想，推动高质量发展取得新成效。" * 120  # ~3,000 characters, > 2,700 bytes
    unit = team_bank.add_unit(text, "论述")
    with pytest.raises(DuplicateUnitError):
        team_bank.add_unit(text.replace("，", ","), "论述")  # the same dedup key
    assert [h.unit_id for h in team_bank.search("人民")] == [unit.id]


def test_the_listing_indexes_are_partial_on_postgresql(team_bank):
    with team_bank._raw() as raw:
        definitions = dict(
            raw.execute("SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'units'").fetchall()
        )
    assert "WHERE (deleted_at IS NULL)" in definitions["ix_units_listing"]
    assert "md5(dedup_key)" in definitions["uq_units_dedup_hash"]
    assert "USING rum" in definitions["ix_units_search"]
    assert team_bank.search_index == "rum" and team_bank.integrity_check() == []


def test_the_migration_steps_run_on_postgresql(team_url, tokenizer):
    """An older team bank (version 2: no listing indexes) is brought up by store.migrations' own steps."""
    from desktop.store.postgres.bank import TeamBank

    with TeamBank.open(team_url, tokenizer=tokenizer) as bank:
        bank.add_unit("推动主题教育走深走实。", "论述")
        with bank._raw(write=True) as raw:
            raw.execute("DROP INDEX ix_units_listing")
            raw.execute("DROP INDEX ix_units_kind_listing")
            raw.execute("UPDATE meta SET value = '2' WHERE key = 'schema_version'")
    with pytest.raises(Exception, match="格式较旧"):
        TeamBank.open(team_url, tokenizer=tokenizer)
    with TeamBank.init(team_url, tokenizer=tokenizer) as bank:
        with bank._raw() as raw:
            names = {n for (n,) in raw.execute("SELECT indexname FROM pg_indexes WHERE tablename = 'units'")}
        assert {"ix_units_listing", "ix_units_kind_listing", "ix_units_search"} <= names
        assert bank.integrity_check() == []
        assert [h.text for h in bank.search("主题")] == ["推动主题教育走深走实。"]
