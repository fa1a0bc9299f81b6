"""Specifics of a unit become typed slots; the field's fixed names stay as written."""

from __future__ import annotations

import pytest

from desktop.core.document import SourceDocument
from desktop.core.phrases import cut
from desktop.core.slots import (
    SLOT_DATE,
    SLOT_MEETING,
    SLOT_NUMBER,
    SLOT_PERSON,
    SLOT_PLACE,
    SLOT_RE,
    SLOT_UNIT,
    Slotter,
    document_places,
    for_document,
    hinted_chars,
    hinted_slot,
)
from desktop.core.structure import parse


@pytest.fixture(scope="module")
def slotter(tokenizer) -> Slotter:
    return Slotter(tag=tokenizer.tag)


@pytest.mark.parametrize(
    "text, expected",
    [
        # places: full names, the provinces' short names, the suffix before 委/政府/长 kept outside
        ("浙江省杭州市全力打造营商环境最优市。", f"{SLOT_PLACE}{SLOT_PLACE}全力打造营商环境最优市。"),
        ("奋力谱写中国式现代化浙江新篇章。", f"奋力谱写中国式现代化{SLOT_PLACE}新篇章。"),
        ("在德清县委、县政府的坚强领导下。", f"在{SLOT_PLACE}县委、县政府的坚强领导下。"),
        ("杭州亚运会顺利举办。", f"{SLOT_PLACE}亚运会顺利举办。"),
        # a province's other name, its one-character name in a slogan, a city's name before its zone
        ("让江淮大地成为创业兴业福地。", f"让{SLOT_PLACE}大地成为创业兴业福地。"),
        ("大力实施人才兴皖工程，推进科教强鲁。", f"大力实施人才兴{SLOT_PLACE}工程，推进科教强{SLOT_PLACE}。"),
        ("支持金昌经开区、绍兴高新区建设。", f"支持{SLOT_PLACE}经开区、{SLOT_PLACE}高新区建设。"),
        # an organisation named after a place
        ("杭州一中的老师们辛勤耕耘。", f"{SLOT_UNIT}的老师们辛勤耕耘。"),
        # figures keep their measure word; dates and years become one slot
        ("全年新增市场主体1.2万户，增长8.5%。", f"全年新增市场主体{SLOT_NUMBER}万户，增长{SLOT_NUMBER}%。"),
        ("总投资三千万元。", f"总投资{SLOT_NUMBER}万元。"),
        ("确保2024年6月底前全部完工。", f"确保{SLOT_DATE}前全部完工。"),
        ("3月15日，全省召开动员大会。", f"{SLOT_DATE}，全省召开动员大会。"),
        # a meeting named with its own words ties the sentence to one event
        ("今天我们召开全县安全生产工作会议。", f"今天我们召开{SLOT_MEETING}。"),
        ("县委十五届四次全会作出部署。", f"{SLOT_MEETING}作出部署。"),
        # people next to a title
        ("李明辉同志任县委书记以来。", f"{SLOT_PERSON}同志任县委书记以来。"),
        ("刚才，王书记作了很好的讲话。", f"刚才，{SLOT_PERSON}书记作了很好的讲话。"),
    ],
)
def test_specifics_become_typed_slots(slotter, text, expected):
    got = slotter(text)
    assert got.text == expected
    assert got.count == len(SLOT_RE.findall(expected))


@pytest.mark.parametrize(
    "text",
    [
        "习近平总书记强调，要坚持以人民为中心的发展思想。",
        "坚决维护党中央权威和集中统一领导，认真落实国务院部署。",
        "深入学习贯彻党的二十大和二十届三中全会精神，贯彻中央经济工作会议部署。",
        "到2035年基本实现社会主义现代化，力争2030年前实现碳达峰。",
        "坚持和发展新时代“枫桥经验”，大力弘扬延安精神。",
        "全县上下要坚定拥护“两个确立”、坚决做到“两个维护”。",
        "我们要开好这次会议，在全县形成抓落实的浓厚氛围。",
        "推动城乡融合发展，全面推进乡村振兴，保障人民健康长寿。",
        # 千万/百万 before a noun is a word, no figure; a one-character name outside a slogan stays
        "学习运用千万工程经验，千万不能松懈，凝聚百万雄师过大江的气势。",
        "科教兴国，复苏经济，增强新动能，建设国家级高新区和生态文明示范区。",
        # words the dictionary tags as places that name no place (resources/place_names.txt keeps them out)
        "党员干部要一日三省，常思贪欲之害。",
        "深入无人区开展巡护，守好中心区和繁华区的安全底线。",
        "降半旗志哀，五星红旗不是三色旗。",
    ],
)
def test_fixed_names_and_generic_words_stay(slotter, text):
    assert slotter(text).text == text


def test_a_document_short_place_names_are_slotted_there_too(tokenizer):
    paragraphs = ["在全县经济工作会议上的讲话", "乌兰县委、县政府高度重视。", "为建设新时代新乌兰而奋斗！"]
    assert "乌兰" in document_places(paragraphs)
    slot = for_document(paragraphs, tokenizer.tag)
    assert slot("为建设新时代新乌兰而奋斗！").text == f"为建设新时代新{SLOT_PLACE}而奋斗！"
    assert Slotter()("为建设新时代新乌兰而奋斗！").text == "为建设新时代新乌兰而奋斗！"  # another document's


def test_fills_keep_the_original_wording(slotter):
    got = slotter("江山市2023年完成投资45亿元。")
    assert got.fills == ((SLOT_PLACE, "江山市"), (SLOT_DATE, "2023年"), (SLOT_NUMBER, "45"))


def test_cut_slots_units_and_keeps_their_original(tokenizer):
    paras = [
        "在全县营商环境工作会议上的讲话",
        "同志们：",
        "一、提高站位",
        "今年以来，江山市新增市场主体1200户，营商环境持续优化。",
        "要坚持问题导向，持续深化“放管服”改革。",
    ]
    units = cut(SourceDocument("t", paras), parse(paras), tokenizer, tokenizer.tag)
    data = next(u for u in units if "市场主体" in u.text)
    assert data.kind == "数据"  # classified on its own wording, figures and all
    assert data.text == f"今年以来，{SLOT_PLACE}新增市场主体{SLOT_NUMBER}户，营商环境持续优化。"
    assert data.original == "今年以来，江山市新增市场主体1200户，营商环境持续优化。"
    assert data.slots == 2
    plain = next(u for u in units if "放管服" in u.text)
    assert plain.original == "" and plain.slots == 0
    title = next(u for u in units if u.kind == "标题")
    assert title.text == f"在{SLOT_MEETING}上的讲话"


def test_hinted_slots_say_what_and_how_much():
    slot = hinted_slot("隐患排查台账、安全责任清单", 200)
    assert slot == "【待填：隐患排查台账、安全责任清单，约200字】"
    assert SLOT_RE.fullmatch(slot)
    assert hinted_chars(f"一是压实责任。{slot}二是{hinted_slot('应急演练')}") == (2, 200)
