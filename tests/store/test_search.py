"""Search on both engines (SQLite and PostgreSQL): ranking, filters, prefix search and hostile queries."""

from __future__ import annotations

import pytest

from desktop.core.phrase_source import clean_query

HOSTILE = [
    '"',
    '""',
    "'",
    "AND",
    "OR",
    "NOT",
    "a AND b",
    "主题 OR 教育",
    "*",
    "主题*",
    "(",
    ")",
    "(主题",
    "NEAR(",
    "NEAR(主题 教育, 2)",
    "^",
    "^主题",
    ":",
    "tokens:主题",
    "units_fts",
    "-主题",
    "+",
    "😀",
    "😀主题🚀",
    "",
    "   ",
    "\u3000",
    "\x00",
    "主题\x00教育",
    "\ud800",
    "主题\udfff教育",
    "主题" * 500,
    "a" * 1000,
    "\\",
    "%",
    "_",
    "'; DROP TABLE units; --",
    "{主题}",
    "[",
    "]",
]


@pytest.fixture
def bank(engine_bank):
    """Every test here runs on both engines (tests/store/conftest.py)."""
    return engine_bank


def _ids(hits):
    return [h.unit_id for h in hits]


def test_a_favourite_and_a_used_unit_rise_above_equal_matches(bank):
    plain = bank.add_unit("坚持学思用贯通，推动主题教育走深走实。", "论述")
    used = bank.add_unit("持续巩固拓展主题教育成果，推动工作落实。", "论述")
    fav = bank.add_unit("以主题教育成效检验党员干部作风建设。", "论述")
    before = _ids(bank.search("主题教育"))
    assert sorted(before) == sorted([plain.id, used.id, fav.id])

    bank.set_favourite(fav.id)
    assert _ids(bank.search("主题教育"))[0] == fav.id

    for _ in range(3):
        bank.count_use(used.id)
    after = bank.search("主题教育")
    assert set(_ids(after)[:2]) == {fav.id, used.id}
    assert _ids(after)[-1] == plain.id
    scores = {h.unit_id: h.score for h in after}
    assert scores[used.id] > scores[plain.id] and scores[fav.id] > scores[plain.id]


def test_a_closer_match_ranks_first(bank):
    weak = bank.add_unit("深入开展调查研究，推动各项工作取得实效。", "论述")
    strong = bank.add_unit("调查研究是谋事之基、成事之道，要把调查研究贯穿始终。", "论述")
    hits = bank.search("调查研究")
    assert _ids(hits) == [strong.id, weak.id]
    assert hits[0].score > hits[1].score > 0


def test_use_boost_never_buries_a_better_match(bank):
    weak = bank.add_unit("深入开展调查研究，推动各项工作取得实效。", "论述")
    strong = bank.add_unit("调查研究是谋事之基、成事之道，要把调查研究贯穿始终。", "论述")
    bank.count_use(weak.id)
    assert _ids(bank.search("调查研究"))[0] == strong.id


def test_prefix_search_follows_typing(bank):
    unit = bank.add_unit("要坚定不移推进全面从严治党，持续深化主题教育成果。", "论述")
    for typed in ["坚", "坚定", "坚定不", "全面从严", "从严治", "主题教", "深化主题"]:
        assert _ids(bank.search(typed)) == [unit.id], typed


def test_parts_of_one_dictionary_word_are_found(bank):
    unit = bank.add_unit("以学铸魂、以学增智、以学正风、以学促干", "排比/四字格")
    for query in ["以学", "铸魂", "以学 增智", "学正风"]:
        assert _ids(bank.search(query)) == [unit.id], query


def test_all_terms_are_required(bank):
    a = bank.add_unit("坚持以人民为中心的发展思想。", "论述")
    bank.add_unit("坚持问题导向，推动高质量发展。", "论述")
    assert _ids(bank.search("人民 发展")) == [a.id]
    assert bank.search("人民 乡村振兴") == []


@pytest.mark.parametrize("query", HOSTILE)
def test_hostile_queries_are_literal_text(bank, query):
    """Quotes, operators, SQL and broken characters are text to find: the unit that holds the
    query's text is found, nothing raises, and the bank is untouched."""
    other = bank.add_unit("推动主题教育走深走实，AND 与 OR 都是英文单词。", "论述")
    text = clean_query(query)
    holder = bank.add_unit(f"关于{text}的说明。", "论述") if text else None
    hits = _ids(bank.search(query, limit=50))
    if not text:  # nothing typed: the listing
        assert hits == [other.id]
    elif not bank.tokenizer.cut(text):  # only symbols: nothing the index holds can match
        assert hits == []
    else:
        assert holder is not None and holder.id in hits
    filtered = bank.search(query, kind="论述", tag=query or None, source=query or None, speech_type=query or None)
    # No unit has that tag, source or speech type; a blank query is no filter at all.
    assert _ids(filtered) == ([] if text else [other.id])
    assert bank.live_units() == (2 if text else 1) and bank.integrity_check() == []


def test_operator_words_are_searched_as_text(bank):
    unit = bank.add_unit("会议用英文写作 AND 和 NEAR 两个词。", "论述")
    bank.add_unit("这句话没有那两个英文词。", "论述")
    assert _ids(bank.search("AND")) == [unit.id]
    assert _ids(bank.search("NEAR(")) == [unit.id]
    assert _ids(bank.search('"AND"')) == [unit.id]


def test_filter_by_kind_and_speech_type(bank):
    a = bank.add_unit("同志们，让我们更加紧密地团结起来，推动改革发展。", "结尾", speech_type="动员部署讲话")
    b = bank.add_unit("推动改革发展取得新成效。", "论述", speech_type="研讨发言")
    assert _ids(bank.search("改革发展", kind="结尾")) == [a.id]
    assert _ids(bank.search("改革发展", speech_type="研讨发言")) == [b.id]
    assert _ids(bank.search("", kind="论述")) == [b.id]
    assert bank.search("改革发展", kind="标题") == []


def test_filter_by_tag_and_favourites(bank):
    a = bank.add_unit("推动乡村振兴取得新进展。", "论述", tags=["乡村"])
    b = bank.add_unit("推动城市更新取得新进展。", "论述")
    bank.set_favourite(b.id)
    assert _ids(bank.search("推动", tag="乡村")) == [a.id]
    assert _ids(bank.search("推动", favourites_only=True)) == [b.id]
    assert bank.search("推动", tag="没有这个标签") == []


def test_empty_query_lists_favourites_then_uses_then_recency(bank):
    old = bank.add_unit("第一句较早加入的话。", "论述")
    used = bank.add_unit("第二句被用过的话。", "论述")
    fav = bank.add_unit("第三句收藏的话。", "论述")
    new = bank.add_unit("第四句最新加入的话。", "论述")
    bank.count_use(used.id)
    bank.set_favourite(fav.id)
    assert _ids(bank.search("")) == [fav.id, used.id, new.id, old.id]
    assert _ids(bank.search("   ", limit=2)) == [fav.id, used.id]


def test_trashed_units_are_hidden_unless_asked(bank):
    unit = bank.add_unit("推动主题教育走深走实。", "论述")
    bank.trash([unit.id])
    assert bank.search("主题教育") == []
    hits = bank.search("主题教育", include_deleted=True)
    assert _ids(hits) == [unit.id] and hits[0].in_trash


def test_limit_is_respected(bank):
    for i in range(5):
        bank.add_unit(f"推动第{'一二三四五'[i]}项工作落实见效。", "论述")
    assert len(bank.search("推动", limit=3)) == 3
    assert bank.search("推动", limit=0) == []
