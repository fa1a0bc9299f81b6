"""Any substring of two or more characters finds the units that hold it (issue 12)."""

from __future__ import annotations

import random
import re

import pytest

from desktop.core.phrases import SLOT_RE
from desktop.store.terms import grams, query_segments


@pytest.fixture(scope="module")
def seed_bank(tmp_path_factory: pytest.TempPathFactory, tokenizer):
    from desktop.infra.paths import data_paths
    from desktop.store.bank import PhraseBank
    from desktop.store.seed import build_default_bank

    paths = data_paths(tmp_path_factory.mktemp("bank"))
    build_default_bank(paths, tokenizer=tokenizer)
    with PhraseBank.open(paths.bank, tokenizer=tokenizer, backups_dir=paths.backups) as bank:
        yield bank


def _live_texts(bank) -> dict[int, str]:
    return {h.unit_id: h.text for h in bank.search("", limit=100_000)}


def _holding(texts: dict[int, str], part: str) -> set[int]:
    return {i for i, t in texts.items() if part in SLOT_RE.sub(" ", t)}


def test_a_word_inside_a_longer_dictionary_word_finds_every_unit_that_holds_it(seed_bank):
    texts = _live_texts(seed_bank)
    inside = _holding(texts, "习近平总书记")
    holders = _holding(texts, "总书记")
    assert len(inside) >= 40 and inside <= holders
    found = {h.unit_id for h in seed_bank.search("总书记", limit=1000)}
    assert found == holders


def test_a_phrase_across_two_words_finds_the_units_that_hold_it(seed_bank):
    texts = _live_texts(seed_bank)
    holders = _holding(texts, "总书记强调")
    assert len(holders) == 3
    assert {h.unit_id for h in seed_bank.search("总书记强调", limit=100)} == holders


def test_random_substrings_of_the_seed_units_find_exactly_their_holders(seed_bank):
    """Two to seven consecutive Chinese characters drawn from the units' own text."""
    texts = _live_texts(seed_bank)
    rng = random.Random(12)
    runs = [r for t in texts.values() for r in re.findall(r"[\u4e00-\u9fff]{2,}", SLOT_RE.sub(" ", t))]
    for _ in range(150):
        run = rng.choice(runs)
        size = rng.randint(2, min(7, len(run)))
        start = rng.randrange(len(run) - size + 1)
        part = run[start : start + size]
        holders = _holding(texts, part)
        found = [h.unit_id for h in seed_bank.search(part, limit=1000)]
        # its own hits first; related terms may widen a query with few (store.search.find)
        assert set(found[: len(holders)]) == holders, part


def test_a_substring_never_matches_across_punctuation(engine_bank):
    across = engine_bank.add_unit("这是总书，书记同志的讲话。", "论述")
    holder = engine_bank.add_unit("总书记强调要抓落实。", "论述")
    assert [h.unit_id for h in engine_bank.search("总书记")] == [holder.id]
    assert {h.unit_id for h in engine_bank.search("书记")} == {holder.id, across.id}


def test_a_single_character_finds_the_words_it_begins(engine_bank):
    starts = engine_bank.add_unit("学习贯彻会议精神。", "论述")
    ends = engine_bank.add_unit("办好人民满意的教育，发展大学。", "论述")
    engine_bank.add_unit("推动高质量发展。", "论述")
    assert [h.unit_id for h in engine_bank.search("学")] == [starts.id]
    assert ends.id not in {h.unit_id for h in engine_bank.search("学")}


def test_whole_words_rank_above_a_match_inside_other_words(engine_bank):
    inside = engine_bank.add_unit("他曾留学习惯了那里的生活方式。", "论述")
    whole = engine_bank.add_unit("我坚持学习贯彻那里的工作方式。", "论述")
    assert len(grams(inside.text).split()) == len(grams(whole.text).split())
    assert [h.unit_id for h in engine_bank.search("学习")] == [whole.id, inside.id]


def test_latin_words_and_numbers_are_found_case_and_width_aside(engine_bank):
    unit = engine_bank.add_unit("加快5G基站建设，发展AI产业。", "论述")
    for query in ["5g", "５Ｇ", "ai", "AI产业", "5G基站"]:
        assert [h.unit_id for h in engine_bank.search(query)] == [unit.id], query


def test_query_segments_are_phrases_of_pieces():
    (segment,) = query_segments("总书记强调")
    assert segment.grams == ("总书", "书记", "记强", "强调") and not segment.prefix
    (single,) = query_segments("学")
    assert single.grams == ("学",) and single.prefix
    assert [s.text for s in query_segments("2024年，工作")] == ["2024", "年", "工作"]
    assert query_segments("，。！") == []
