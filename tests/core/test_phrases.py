"""Cutting speeches into phrase units, slot typing, parallel runs."""

from __future__ import annotations

from collections import Counter

import pytest

from desktop.core.document import SourceDocument
from desktop.core.phrases import (
    SLOT_NUMBER,
    SLOT_PLACE,
    SLOT_TEXT,
    classify_sentence,
    cut,
    dedup_key,
    mark_slots,
    parallel_runs,
    phrase_kinds,
)
from desktop.core.structure import parse


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("建设*个医保服务站", f"建设{SLOT_NUMBER}个医保服务站"),
        ("新建中小学**所", f"新建中小学{SLOT_NUMBER}所"),
        ("中国共产党*县第*届委员会", f"中国共产党{SLOT_PLACE}县第{SLOT_NUMBER}届委员会"),
        ("完成率达到**%", f"完成率达到{SLOT_NUMBER}%"),
        ("投资××亿元", f"投资{SLOT_NUMBER}亿元"),
        ("XX市委", f"{SLOT_PLACE}市委"),
        ("*书记强调", f"{SLOT_TEXT}书记强调"),
        ("某某同志", f"{SLOT_TEXT}同志"),
        ("打造“***”品牌", f"打造“{SLOT_TEXT}”品牌"),
    ],
)
def test_anonymised_spots_become_typed_slots(raw, expected):
    text, count = mark_slots(raw)
    assert text == expected
    assert count == expected.count("【")


def test_parallel_runs():
    assert parallel_runs("围绕“以学铸魂、以学增智、以学正风、以学促干”提出明确要求。") == [
        "以学铸魂、以学增智、以学正风、以学促干"
    ]
    assert parallel_runs("看清楚过去的优势，看清楚现在的任务，看清楚未来的方向。") == [
        "看清楚过去的优势，看清楚现在的任务，看清楚未来的方向"
    ]
    assert parallel_runs("我们要认真学习，深刻领会精神，切实抓好落实。") == []


@pytest.mark.parametrize(
    "sentence, kind",
    [
        ("习近平总书记指出，领导干部加强学习，根本目的是增强工作本领。", "引语"),
        ("党的二十大报告指出，推进健康中国建设，把保障人民健康放在优先发展的战略位置。", "引语"),
        ("*书记反复强调，资源丰富，但是没有一点儿是多余的。", "引语"),
        ("为此，年初我们提出了“三个转变”，今天仍然强调这点。", "论述"),
        ("下面，我讲三方面意见。", "过渡"),
        ("现联系自身和业务工作实际，谈以下三点体会。", "过渡"),
        ("全年实施重大项目42个，总投资199.16亿元。", "数据"),
        ("全县民生支出占财政总支出57.6％。", "数据"),
        ("学习贯彻习近平新时代中国特色社会主义思想是根本要求。", "论述"),
    ],
)
def test_sentence_kinds(sentence, kind):
    assert classify_sentence(sentence) == kind


def test_dedup_key_ignores_punctuation_width_and_space():
    assert dedup_key("坚持以学促干，在学思践悟中把牢方向。") == dedup_key("坚持以学促干,在学思践悟中 把牢方向")
    assert dedup_key("ＡＢＣ１２３") == dedup_key("abc123")


@pytest.fixture(scope="module")
def seed_units(seed_files, tokenizer):
    from desktop.read.files import read_documents

    out = {}
    for key, path in seed_files.items():
        doc = read_documents(path)[0]
        out[key] = cut(doc, parse(doc.paragraphs), tokenizer)
    return out


def test_every_kind_is_known_and_seen_in_the_seeds(seed_units):
    kinds = Counter(u.kind for units in seed_units.values() for u in units)
    assert set(kinds) <= set(phrase_kinds())
    assert set(kinds) == set(phrase_kinds())  # the seeds carry every kind at least once


def test_headings_carry_their_sibling_group(seed_units):
    heads = [u for u in seed_units["004"] if u.kind == "二级标题"]
    first = heads[0]
    assert first.text.startswith("（一）“学思想”")
    assert len(first.group) == 4 and first.text in first.group
    assert all(u.speech_type == "动员部署讲话" for u in seed_units["004"])


def test_units_have_keywords_sources_and_no_leftovers(seed_units):
    for units in seed_units.values():
        keys = [u.key for u in units]
        assert len(keys) == len(set(keys))
        for u in units:
            assert "##paid" not in u.text and "来源" not in u.text[:4] and "附件下载" not in u.text
            assert "*" not in u.text
            assert u.source_name
    quote = next(u for u in seed_units["002"] if u.kind == "引语" and u.text.startswith("习近平总书记指出"))
    assert "习近平总书记" in quote.keywords
    assert "数字" not in {k for units in seed_units.values() for u in units for k in u.keywords}


def test_a_unit_with_slots_counts_them(seed_units):
    slotted = [u for u in seed_units["003"] if u.slots]
    assert slotted and all(u.text.count("【") == u.slots for u in slotted)


def test_fixed_terms_stay_one_word(tokenizer):
    assert "两个确立" in tokenizer.cut("坚定拥护“两个确立”、坚决做到“两个维护”")
    assert "主题教育" in tokenizer.cut("深入开展主题教育")


def test_cut_without_tokenizer_has_no_keywords():
    paras = ["研讨发言", "一、加强学习", "要坚持读原著、学原文、悟原理，做到学深悟透。"]
    units = cut(SourceDocument("t", paras), parse(paras))
    assert units and all(u.keywords == [] for u in units)
