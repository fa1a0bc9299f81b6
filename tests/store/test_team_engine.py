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
    "坚",  # lone characters: the team bank's prefix lexemes (store.postgres.schema.PREFIX_MARK)
    "推",
    "化",
    "治理 现",
    "g",
]


def _texts(hits):
    return [h.text for h in hits]


def _same_ranking(ours, theirs) -> bool:
    """The same scores in the same order, and the same units at each score above the last one
    (ids differ between the banks, so equal scores may come in another order, and which of the
    units tied at the cut-off made it in may differ)."""
    if [round(h.score, 9) for h in ours] != [round(h.score, 9) for h in theirs]:
        return False
    last = round(ours[-1].score, 9) if ours else None
    groups = {}
    for side, hits in ((0, ours), (1, theirs)):
        for h in hits:
            if round(h.score, 9) != last:
                groups.setdefault(round(h.score, 9), (set(), set()))[side].add(h.text)
    return all(a == b for a, b in groups.values())


def test_both_engines_find_and_rank_the_same_hits_for_the_same_bank(bank, team_bank):
    bank.import_paths([SEEDS])
    report = team_bank.propose_paths([SEEDS], approved=True)
    assert team_bank.live_units() == bank.live_units() == report.units_added
    with bank._ctx.reading_connection() as con:
        speech_types = [
            t for (t,) in con.execute("SELECT DISTINCT speech_type FROM units WHERE speech_type IS NOT NULL")
        ]
    assert speech_types
    for query in QUERIES:
        assert _texts(team_bank.search(query)) == _texts(bank.search(query)), query
        for kind in ("论述", "结尾"):
            assert _texts(team_bank.search(query, kind=kind)) == _texts(bank.search(query, kind=kind)), (query, kind)
        for speech_type in speech_types:
            assert _texts(team_bank.search(query, speech_type=speech_type)) == _texts(
                bank.search(query, speech_type=speech_type)
            ), (query, speech_type)
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
    assert "USING gin" in definitions["ix_units_search"]
    assert team_bank.search_index == "gin" and team_bank.integrity_check() == []


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


def _lexemes(bank, unit_id: int) -> set[str]:
    with bank._raw() as raw:
        return {x for (x,) in raw.execute("SELECT unnest(tsvector_to_array(tsv)) FROM units WHERE id = %s", (unit_id,))}


def test_a_lone_character_and_the_filters_are_lexemes_of_the_team_index(team_bank):
    """A character being typed is the lexeme of the grams it begins (坚 → 坚*: one lookup, not a
    prefix match over every gram), and the kind and speech type are lexemes the index applies;
    the hits are the personal bank's (a character that only ends a run begins no gram there either)."""
    unit = team_bank.add_unit("坚持问题导向，推动AI赋能基层治理。", "论述", speech_type="研讨发言")
    other = team_bank.add_unit("推进全面从严治党。", "结尾")
    for text in ("加强学习。", "提高本领。", "改进作风。", "狠抓落实。"):  # 论述 and 研讨发言: most units'
        team_bank.add_unit(text, "论述", speech_type="研讨发言")
    assert {"坚*", "导*", "a*", "k:论述", "t:研讨发言"} <= _lexemes(team_bank, unit.id)
    assert "向*" not in _lexemes(team_bank, unit.id)
    for typed, found in [("导", [unit.id]), ("a", [unit.id]), ("推", [unit.id, other.id]), ("向", []), ("党", [])]:
        assert sorted(h.unit_id for h in team_bank.search(typed)) == sorted(found), typed
    for analysed in (False, True):  # without statistics every filter value is a lexeme of the match;
        if analysed:  # with them, one held by most units is checked on the rows instead
            with team_bank._raw(write=True) as raw:
                raw.execute("ANALYZE units")
        assert [h.unit_id for h in team_bank.search("推", kind="论述")] == [unit.id]
        assert [h.unit_id for h in team_bank.search("推", kind="结尾")] == [other.id]
        assert [h.unit_id for h in team_bank.search("推", speech_type="研讨发言")] == [unit.id]
        assert team_bank.search("推", kind="结尾", speech_type="研讨发言") == []
    with team_bank._raw(write=True) as raw:  # an edit of the kind moves its lexeme with it
        raw.execute("UPDATE units SET kind = '开头' WHERE id = %s", (unit.id,))
    assert [h.unit_id for h in team_bank.search("推", kind="开头")] == [unit.id]
    assert team_bank.search("推", kind="论述") == []


def test_a_version_7_team_bank_gets_the_prefix_and_filter_lexemes_on_upgrade(team_url, tokenizer):
    """Step 8: the search column made again in the new layout (its old one had grams only)."""
    from desktop.store.postgres.bank import TeamBank

    with TeamBank.open(team_url, tokenizer=tokenizer) as bank:
        unit = bank.add_unit("推动主题教育走深走实。", "论述")
        with bank._raw(write=True) as raw:
            raw.execute("ALTER TABLE units DROP COLUMN tsv")
            raw.execute(
                "ALTER TABLE units ADD COLUMN tsv tsvector GENERATED ALWAYS AS (array_to_tsvector("
                "array_remove(array_remove(string_to_array(grams, ' '), ''), '|'))) STORED"
            )
            raw.execute("CREATE INDEX ix_units_search ON units USING gin (tsv)")
            raw.execute("UPDATE meta SET value = '7' WHERE key = 'schema_version'")
        assert "推*" not in _lexemes(bank, unit.id)
    with TeamBank.init(team_url, tokenizer=tokenizer) as bank:
        assert {"推*", "主*", "k:论述"} <= _lexemes(bank, unit.id)
        assert [h.unit_id for h in bank.search("主", kind="论述")] == [unit.id]
        assert bank.integrity_check() == []


def test_a_bulk_loaded_bank_ranks_from_its_disk_order_as_sqlite_does_from_its_rank_index(bank, team_bank, monkeypatch):
    """Rows loaded in rank order and never changed since: the candidates come from the first
    matches on disk (not from the changed rows), and still give SQLite's hits."""
    from desktop.store.postgres.schema import APPROVED
    from desktop.store.postgres.writer import NewUnit, bulk_load

    bank.import_paths([SEEDS])
    units = bank.get_units(range(1, bank.live_units() + 1))
    with bank._ctx.reading_connection() as con:
        index = {i: (t, g) for i, t, g in con.execute("SELECT id, tokens, grams FROM units").fetchall()}
    loaded = [
        NewUnit(
            u.text,
            u.kind,
            u.speech_type,
            *index[u.id],
            keywords=list(u.keywords),
            slots=u.slots,
            group=list(u.group),
            dated=u.dated,
        )
        for u in units
    ]
    indexes = "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'units' ORDER BY 1"
    with team_bank._raw(write=True) as raw:
        before = raw.execute(indexes).fetchall()
        assert bulk_load(raw, loaded, APPROVED) == len(units)
        assert raw.execute(indexes).fetchall() == before  # dropped for the load, built again after
    with team_bank._raw() as raw:
        changed = raw.execute(
            "SELECT count(*) FROM units WHERE changed_at > (SELECT value::timestamp FROM meta WHERE key = 'ordered_at')"
        ).fetchone()[0]
    assert changed == 0
    for query in QUERIES:
        assert _same_ranking(team_bank.search(query), bank.search(query)), query
    # Fewer candidates than matches (on both engines): which are met first decides; on disk the
    # rows lie in the order of SQLite's rank index.
    monkeypatch.setattr("desktop.store.postgres.search.CANDIDATES", 20)
    monkeypatch.setattr("desktop.store.sqlite.search.CANDIDATES", 20)
    frequent = [q for q in QUERIES if len(bank.search(q, limit=200)) > 40]
    assert len(frequent) >= 3
    overlap = [
        len(set(_texts(team_bank.search(q, limit=5))) & set(_texts(bank.search(q, limit=5)))) / 5 for q in frequent
    ]
    assert sum(overlap) / len(overlap) >= 0.9, overlap
    moved = team_bank.search("主题教育")[-1]
    team_bank.set_favourite(moved.unit_id)  # changed since the load: ranked from the changed rows
    assert team_bank.search("主题教育")[0].unit_id == moved.unit_id
    team_bank.reorder()
    assert team_bank.search("主题教育")[0].unit_id == moved.unit_id


def test_a_server_older_than_14_is_refused_with_a_clear_message(team_url, tokenizer, monkeypatch):
    """The search reads the table's head by TID range (PostgreSQL 14): on an older server a plain
    scan would read the whole table, so init says what to do instead."""
    from desktop.store.errors import BankError
    from desktop.store.postgres import schema
    from desktop.store.postgres.bank import TeamBank

    monkeypatch.setattr(schema, "MIN_SERVER", 99_0000)  # this server as if it were older than needed
    with pytest.raises(BankError, match="PostgreSQL 14"):
        TeamBank.init(team_url, tokenizer=tokenizer)
