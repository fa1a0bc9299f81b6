"""The structure parser on the real seeds and on each numbering scheme and trap."""

from __future__ import annotations

import pytest

from desktop.core.structure import parse
from desktop.read.files import read_documents


def outline(paragraphs: list[str]) -> list[tuple[int, str]]:
    return [(h.level, h.text) for h in parse(paragraphs).headings]


@pytest.fixture(scope="module")
def seeds(seed_files):
    return {k: read_documents(p)[0] for k, p in seed_files.items()}


def test_seed_000_three_standalone_headings_and_inline_enumerations(seeds):
    sp = parse(seeds["000"].paragraphs)
    assert [(h.level, h.marker, h.runin) for h in sp.headings] == [
        (1, "一、", False),
        (1, "二、", False),
        (1, "三、", False),
    ]
    assert sp.headings[0].text == "一、着眼学在深处，抓实学习武装头脑"
    assert sp.type == "研讨发言"
    # 一是…二是… in the middle of paragraphs are enumerations, not headings
    assert any(e.items[0].startswith("一是在与时俱进上下功夫") for e in sp.enumerations)
    assert sp.closing.startswith("下一步，我将继续用心体悟")


def test_seed_001_news_summary_unnumbered_headings(seeds):
    sp = parse(seeds["001"].paragraphs)
    assert sp.title.startswith("凝心铸魂强本领") and "——" in sp.title
    assert sp.type == "综述"
    assert [h.text for h in sp.headings] == [
        "身体力行示范，深学笃用党的创新理论",
        "聚焦两件大事，奋力书写中国式现代化内蒙古新篇章",
        "抓实以学正风，把担当作为的形象立起来",
    ]
    assert {h.level for h in sp.headings} == {1}


def test_seed_002_run_in_headings_salutation_closing(seeds):
    sp = parse(seeds["002"].paragraphs)
    assert sp.salutation == "同志们："
    assert [h.text for h in sp.headings] == [
        "一、坚持以学促干，在学思践悟中把牢方向。",
        "二、坚持埋头苦干，在履职尽责中展现作为。",
        "三、坚持真抓实干，在转变作风中锤炼党性。",
    ]
    assert all(h.runin and h.level == 1 for h in sp.headings)
    assert sp.closing == "发言完毕，不当之处，请同志们批评指正，谢谢大家！"


def test_seed_003_review_then_nine_sections_with_run_ins(seeds):
    sp = parse(seeds["003"].paragraphs)
    assert sp.salutation == "各位委员，同志们："
    hs = sp.headings
    review = [h for h in hs[:6]]
    assert [h.marker for h in review] == ["一是", "二是", "三是", "四是", "五是", "六是"]
    assert all(h.level == 1 and h.runin for h in review)
    tops = [h for h in hs if h.scheme == "di_cn"]
    assert [h.number for h in tops] == list(range(1, 10))
    assert all(h.level == 1 and not h.runin for h in tops)
    # children per 第X section, in order
    counts = []
    for k, top in enumerate(tops):
        end = tops[k + 1].paragraph if k + 1 < len(tops) else len(sp.paragraphs)
        kids = [h for h in hs if top.paragraph < h.paragraph < end]
        assert all(h.level == 2 and h.runin for h in kids)
        assert [h.number for h in kids] == list(range(1, len(kids) + 1))
        counts.append(len(kids))
    assert counts == [3, 3, 5, 3, 3, 3, 4, 4, 5]
    assert len(hs) == 6 + 9 + sum(counts)
    assert sp.closing == "同志们，乘势而上千帆竞，策马扬鞭正当时。"


def test_seed_004_sections_with_run_in_subheadings_and_the_yihuier_trap(seeds):
    sp = parse(seeds["004"].paragraphs)
    tops = [h for h in sp.headings if h.level == 1]
    assert [h.marker for h in tops] == ["一、", "二、", "三、"]
    subs = [h for h in sp.headings if h.level == 2]
    assert all(h.marker.startswith("（") and h.runin for h in subs)
    assert len(subs) == 4 + 5 + 4
    assert subs[0].text == "（一）“学思想”，切实增强入脑入心笃信笃行的思想境界。"
    assert not any(h.text.startswith("一会儿") for h in sp.headings)
    assert sp.closing == "同志们，开展主题教育责任重大、使命光荣。"


@pytest.mark.parametrize(
    "marker_lines, expected_levels",
    [
        (["一、总体要求", "（一）指导思想。正文。", "1.坚持目标导向。正文。", "（1）细化任务。正文。"], [1, 2, 3, 4]),
        (["第一，抓好学习", "一要学深。正文。", "二要悟透。正文。", "第二，抓好落实"], [1, 2, 2, 1]),
        (["一抓班子。正文正文。", "二抓队伍。正文正文。"], [1, 1]),
        (
            [
                "一、总体要求",
                "（一）主要目标。正文。",
                "一是稳增长。正文。",
                "二是调结构。正文。",
                "（二）重点任务。正文。",
            ],
            [1, 2, 3, 3, 2],
        ),
    ],
)
def test_levels_are_depth_in_the_documents_own_outline(marker_lines, expected_levels):
    paras = ["在全县工作会议上的讲话", "同志们："] + [
        x for line in marker_lines for x in (line, "这是正文内容，说明具体要求。")
    ]
    assert [lvl for lvl, _ in outline(paras)] == expected_levels


def test_yishi_is_level_one_where_nothing_stands_above_it():
    paras = ["表态发言", "一是提高站位。我们将认真贯彻。", "二是压实责任。我们将认真落实。"]
    assert outline(paras) == [(1, "一是提高站位。"), (1, "二是压实责任。")]


def test_ordinal_words_need_a_sequence():
    seq = [
        "标题",
        "首先，要提高认识。正文内容在此。",
        "其次，要压实责任。正文内容在此。",
        "最后，要强化督导。正文内容在此。",
    ]
    assert [t for _, t in outline(seq)] == ["首先，要提高认识。", "其次，要压实责任。", "最后，要强化督导。"]
    lone = ["标题", "首先，要提高认识，这是正文的一句话而已，后面还有。再说一句。", "另一段正文。"]
    assert outline(lone) == []


@pytest.mark.parametrize(
    "paragraph",
    [
        "一会儿，省委督导组同志还将做重要讲话，我们要认真领会。",
        "一方面，要加强学习；另一方面，要狠抓落实。",
        "一段时间以来，各级各部门认真落实。",
        "一是保持定力。二是加强统筹。三是狠抓落实。",  # an inline list, not a heading
        "第一，要学习；第二，要落实。",
        "我们要做到三点：1.学习；2.落实。",
    ],
)
def test_traps_are_body_text(paragraph):
    paras = ["在全县工作会议上的讲话", "同志们：", "开场白正文。", paragraph, "正文结束。"]
    sp = parse(paras)
    assert sp.headings == []
    assert sp.blocks[3].role in ("opening", "body")


def test_inline_enumeration_items():
    sp = parse(["标题", "一、加强领导", "要抓好三件事。一是保持定力，稳住基本盘。二是加强统筹。三是狠抓落实。"])
    assert sp.enumerations[0].items == ["一是保持定力，稳住基本盘。", "二是加强统筹。", "三是狠抓落实。"]


def test_multiline_title_bylines_and_closing():
    sp = parse(
        [
            "凝心聚力谋发展",
            "——在全县经济工作会议上的讲话",
            "县委书记 张三",
            "（2023年9月14日）",
            "同志们：",
            "今天召开会议，主要任务是部署工作。",
            "一、认清形势",
            "形势正文。",
            "同志们，让我们团结一心，奋勇争先。谢谢大家！",
        ]
    )
    assert sp.title == "凝心聚力谋发展——在全县经济工作会议上的讲话"
    assert sp.subtitle == "——在全县经济工作会议上的讲话"
    assert sp.bylines == ["县委书记 张三", "（2023年9月14日）"]
    assert sp.salutation == "同志们："
    assert [b.role for b in sp.blocks] == [
        "title",
        "subtitle",
        "byline",
        "byline",
        "salutation",
        "opening",
        "heading",
        "body",
        "closing",
    ]
    assert sp.closing == "同志们，让我们团结一心，奋勇争先。"
    assert sp.type == "动员部署讲话"


def test_section_end_covers_subsections():
    sp = parse(["标题", "一、甲", "（一）子一。正文。", "正文。", "二、乙", "正文。"])
    assert sp.section_end(0) == 4
    assert sp.section_end(1) == 4
    assert sp.section_end(2) == 6


def test_outline_json_shape(seeds):
    data = parse(seeds["002"].paragraphs).outline_json()
    assert set(data) == {"title", "type", "salutation", "headings", "closing", "paragraphs"}
    assert data["paragraphs"] == len(seeds["002"].paragraphs)
    assert data["headings"][0] == {"level": 1, "text": "一、坚持以学促干，在学思践悟中把牢方向。"}
