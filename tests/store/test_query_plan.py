"""A kind's name as a query lists that kind; related terms widen a query with few hits (issue 12)."""

from __future__ import annotations

from desktop.core.topics import widen
from desktop.store.first_read import FirstReader
from desktop.store.search import plan


def _ids(hits):
    return [h.unit_id for h in hits]


def test_a_kind_name_as_the_query_lists_that_kind(engine_bank):
    closing = engine_bank.add_unit("同志们，让我们撸起袖子加油干，奋力谱写新篇章！", "结尾")
    opening = engine_bank.add_unit("今天召开会议，主要任务是部署安全生产工作。", "开头")
    engine_bank.add_unit("这是一个结尾很好的故事。", "论述")
    assert _ids(engine_bank.search("结尾")) == [closing.id]
    assert _ids(engine_bank.search("开头")) == [opening.id]
    assert {h.kind for h in engine_bank.search("排比")} <= {"排比/四字格"}


def test_a_kind_name_beside_words_filters_them_and_falls_back_to_text(engine_bank):
    rural = engine_bank.add_unit("同志们，让我们为乡村振兴贡献力量！", "结尾")
    engine_bank.add_unit("让我们为安全生产贡献力量！", "结尾")
    engine_bank.add_unit("乡村振兴是一篇大文章。", "论述")
    assert _ids(engine_bank.search("结尾 乡村振兴")) == [rural.id]
    story = engine_bank.add_unit("这个故事的开头引人入胜。", "论述")
    assert _ids(engine_bank.search("开头 故事")) == [story.id]  # no opening holds 故事: the text itself


def test_an_explicit_kind_filter_keeps_the_query_as_text():
    assert plan("结尾", "论述").text == "结尾"
    assert plan("结尾", None).kind == "结尾" and plan("结尾", None).text == ""
    assert plan("安全生产", None).kind is None


def test_the_first_look_answers_a_kind_name_before_the_bank_opens(bank, bank_path):
    closing = bank.add_unit("发言完毕，不当之处，请批评指正。", "结尾")
    bank.add_unit("推动高质量发展。", "论述")
    reader = FirstReader.open(bank_path)
    assert reader is not None
    with reader:
        assert _ids(reader.search("结尾")) == [closing.id]


def test_related_terms_widen_a_query_with_few_hits(engine_bank):
    own = engine_bank.add_unit("全面推进乡村振兴，建设宜居宜业和美乡村。", "论述")
    sannong = engine_bank.add_unit("坚持把解决好三农问题作为全党工作重中之重。", "论述")
    qianwan = engine_bank.add_unit("深入学习运用千万工程经验。", "论述")
    engine_bank.add_unit("推动高质量发展。", "论述")
    hits = engine_bank.search("乡村振兴", limit=10)
    assert _ids(hits)[0] == own.id and set(_ids(hits)) == {own.id, sannong.id, qianwan.id}
    assert hits[0].score > max(h.score for h in hits[1:])
    assert _ids(engine_bank.search("乡村振兴", limit=1)) == [own.id]  # enough of its own: not widened
    assert own.id in _ids(engine_bank.search("三农", limit=10))  # and back from a related term
    # composition searches the related terms itself: its own searches are not widened
    assert _ids(engine_bank.search("乡村振兴", limit=10, widen=False)) == [own.id]


def test_the_seed_bank_finds_rural_units_for_rural_revitalisation(tmp_path, tokenizer):
    from desktop.infra.paths import data_paths
    from desktop.store.bank import PhraseBank
    from desktop.store.seed import build_default_bank

    paths = data_paths(tmp_path)
    build_default_bank(paths, tokenizer=tokenizer)
    with PhraseBank.open(paths.bank, tokenizer=tokenizer, backups_dir=paths.backups) as bank:
        own = [h for h in bank.search("乡村振兴", limit=100) if "乡村振兴" in h.text]
        hits = bank.search("乡村振兴", limit=10)
    assert len(own) == 1 and len(hits) > 3
    related = widen(["乡村振兴"])
    assert all(any(t in h.text for t in ("乡村振兴", *related)) for h in hits)


def test_near_duplicates_of_a_higher_hit_move_down_and_the_next_moves_up(engine_bank):
    first = engine_bank.add_unit("坚持以学促干，在推动高质量发展上取得新成效。", "论述")
    near = [
        engine_bank.add_unit("坚持以学促干，在推动高质量发展上取得更大成效。", "论述"),
        engine_bank.add_unit("我们要坚持以学促干，在推动高质量发展上取得新成效。", "论述"),
        engine_bank.add_unit("坚持以学促干，在推动经济高质量发展上取得新成效！", "论述"),
    ]
    others = [
        engine_bank.add_unit("以学促干，关键在干，要把学习成果转化为工作实效。", "论述"),
        engine_bank.add_unit("以学促干要落到为群众办实事上。", "论述"),
        engine_bank.add_unit("各级党组织要把以学促干贯穿主题教育全过程，抓好检视整改。", "论述"),
        engine_bank.add_unit("以学促干，锤炼敢于斗争、善于斗争的过硬本领。", "论述"),
    ]
    hits = engine_bank.search("以学促干", limit=5)
    got = _ids(hits)
    assert len(got) == 5 and set(got) == {first.id, *(u.id for u in others)}, [h.text for h in hits]
    everything = _ids(engine_bank.search("以学促干", limit=20))  # the near duplicates follow: none is lost
    assert everything[:5] == got and set(everything[5:]) == {u.id for u in near}


def test_distinct_gives_the_first_places_to_the_higher_of_near_duplicates():
    from desktop.core.similar import distinct

    texts = [
        "坚持以学促干，在推动高质量发展上取得新成效。",
        "坚持以学促干，在推动高质量发展上取得更大成效。",
        "以学促干要落到为群众办实事上。",
        "我们要坚持以学促干，在推动高质量发展上取得新成效。",
    ]
    assert distinct(texts, 10) == [0, 2, 1, 3]  # the near duplicates follow, in their order
    assert distinct(texts, 1) == [0, 1, 2, 3]  # past the first places the list stands as it is
