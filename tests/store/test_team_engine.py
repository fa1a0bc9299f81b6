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
    assert "USING gin" in definitions["ix_units_search_0"]
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
        assert {"ix_units_listing", "ix_units_kind_listing", "ix_units_search_0"} <= names
        assert "ix_units_search" not in names
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


def test_a_version_8_team_bank_gets_its_tiers_without_rewriting_the_table(team_url, tokenizer):
    """Step 9 changes the search indexes only: the whole-table index goes, the tiers come, and the
    table's rows (a million on an office's server) are not written again."""
    from desktop.store.postgres import schema
    from desktop.store.postgres.bank import TeamBank

    file_node = "SELECT relfilenode FROM pg_class WHERE relname = 'units'"
    with TeamBank.open(team_url, tokenizer=tokenizer) as bank:
        unit = bank.add_unit("推动主题教育走深走实。", "论述")
        with bank._raw(write=True) as raw:
            schema.drop_search_indexes(raw)
            raw.execute("DELETE FROM meta WHERE key = 'search_tiers'")
            raw.execute("CREATE INDEX ix_units_search ON units USING gin (tsv)")
            raw.execute("UPDATE meta SET value = '8' WHERE key = 'schema_version'")
            before = raw.execute(file_node).fetchone()[0]
    with TeamBank.init(team_url, tokenizer=tokenizer) as bank:
        assert list(_search_indexes(bank)) == ["ix_units_search_0"]
        with bank._raw() as raw:
            assert raw.execute(file_node).fetchone()[0] == before
            assert schema.read_meta(raw, "schema_version") == str(9)
        assert [h.unit_id for h in bank.search("主题", kind="论述")] == [unit.id]
        assert bank.integrity_check() == []


def _search_indexes(bank) -> dict[str, str]:
    with bank._raw() as raw:
        return dict(
            raw.execute(
                "SELECT indexname, indexdef FROM pg_indexes"
                " WHERE tablename = 'units' AND indexname ~ '^ix_units_search'"
            ).fetchall()
        )


def _bulk_load_seeds(bank, team_bank) -> int:
    """The seeds imported into the personal bank, and its units bulk-loaded into the team bank."""
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
    with team_bank._raw(write=True) as raw:
        return bulk_load(raw, loaded, APPROVED)


@pytest.mark.parametrize("tier_rows", [None, (40, 160)])
def test_a_bulk_loaded_bank_ranks_from_its_disk_order_as_sqlite_does_from_its_rank_index(
    bank, team_bank, team_url, tokenizer, monkeypatch, tier_rows
):
    """Rows loaded in rank order and never changed since: the candidates come from the first
    matches on disk, tier by tier (not from the changed rows), and still give SQLite's hits."""
    from desktop.store.postgres import schema
    from desktop.store.postgres.bank import TeamBank

    if tier_rows:
        monkeypatch.setattr(schema, "TIER_ROWS", tier_rows)
    indexes = "SELECT indexname FROM pg_indexes WHERE tablename = 'units' ORDER BY 1"
    with team_bank._raw() as raw:
        before = {n for (n,) in raw.execute(indexes).fetchall()}
    assert _bulk_load_seeds(bank, team_bank) == bank.live_units() > 200
    with team_bank._raw() as raw:
        after = {n for (n,) in raw.execute(indexes).fetchall()}
    tiers = _search_indexes(team_bank)
    assert len(tiers) == (3 if tier_rows else 1)  # the seeds' few hundred units fill 40 + 120 + the rest
    assert after - set(tiers) == before - {"ix_units_search_0"}  # the others dropped for the load, built again
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
    reordered = _search_indexes(team_bank)
    assert len(reordered) == len(tiers)  # made again on the rows as they now lie
    TeamBank.init(team_url, tokenizer=tokenizer).close()  # again on a current bank: the tiers stand as they are
    assert _search_indexes(team_bank) == reordered
    assert team_bank.search("主题教育")[0].unit_id == moved.unit_id


def test_a_frequent_word_is_found_in_the_first_tier_and_a_rare_one_in_the_last(bank, team_bank, monkeypatch):
    """The search goes on through the tiers until it has its candidates: a run of the bank's longest
    unit, which lies in the last tier, is found with and without a filter as on SQLite, and
    frequent words, whose candidates the first tiers hold, rank as on SQLite."""
    from desktop.store.postgres import schema

    monkeypatch.setattr(schema, "TIER_ROWS", (10, 40))
    _bulk_load_seeds(bank, team_bank)
    assert len(_search_indexes(team_bank)) == 3
    with team_bank._raw() as raw:  # the last tier begins at row 40; its last row is the longest unit
        last_only = raw.execute("SELECT text, kind FROM units ORDER BY rank_key DESC LIMIT 1").fetchone()
    rare = last_only[0][-12:-4]  # some run of the longest unit's end
    found = bank.search(rare)
    assert found and _texts(team_bank.search(rare)) == _texts(found)
    assert _texts(team_bank.search(rare, kind=last_only[1])) == _texts(bank.search(rare, kind=last_only[1]))
    for query in ("发展", "党", "坚持"):  # frequent: their candidates fill from the first tiers
        assert _same_ranking(team_bank.search(query), bank.search(query)), query


def test_a_server_older_than_14_is_refused_with_a_clear_message(team_url, tokenizer, monkeypatch):
    """The team bank is built for PostgreSQL 14 and newer (store.postgres.schema.MIN_SERVER): on an
    older server init says what to do instead of making a bank whose searches were never planned there."""
    from desktop.store.errors import BankError
    from desktop.store.postgres import schema
    from desktop.store.postgres.bank import TeamBank

    monkeypatch.setattr(schema, "MIN_SERVER", 99_0000)  # this server as if it were older than needed
    with pytest.raises(BankError, match="PostgreSQL 14"):
        TeamBank.init(team_url, tokenizer=tokenizer)


def test_the_average_unit_length_is_the_whole_bank_s_and_not_its_best_ranked_rows(bank, team_bank, monkeypatch):
    """bm25's length normalisation divides by the bank's average number of grams (SQLite's index
    keeps it exactly). The team bank reads every row of a small bank and a sample of pages across
    the table of a big one: its first rows, the best-ranked, are no sample of the bank."""
    from desktop.store.postgres import roles
    from desktop.store.sqlite import rank_index

    loaded = _bulk_load_seeds(bank, team_bank)
    with bank._ctx.reading_connection() as con:
        truth = rank_index.average_terms(con)
    average = "SELECT team_average_terms()"
    with team_bank._raw() as raw:
        assert raw.execute(average).fetchone()[0] == pytest.approx(truth)  # every row read
    monkeypatch.setattr(roles, "AVERAGE_SAMPLE_ROWS", loaded // 3)  # a bank three times the sample
    try:
        with team_bank._raw(write=True) as raw:
            roles.install_functions(raw)
        with team_bank._raw() as raw:
            sampled = raw.execute(average).fetchone()[0]
            assert raw.execute(average).fetchone()[0] == sampled  # the same sample each time
    finally:
        monkeypatch.undo()
        with team_bank._raw(write=True) as raw:
            roles.install_functions(raw)
    assert sampled == pytest.approx(truth, rel=0.1)
