from __future__ import annotations

import pytest

from desktop.core.numbering import SCHEMES, cn_number, match_marker, parse_cn_number, renumber_marker


@pytest.mark.parametrize(
    "n, text", [(1, "一"), (10, "十"), (11, "十一"), (20, "二十"), (99, "九十九"), (105, "一百零五"), (110, "一百一十")]
)
def test_chinese_numbers_both_ways(n, text):
    assert cn_number(n) == text
    assert parse_cn_number(text) == n


@pytest.mark.parametrize(
    "text, scheme_id, marker, number",
    [
        ("一、着眼学在深处", "cn_dun", "一、", 1),
        ("十二、其他", "cn_dun", "十二、", 12),
        ("第三，必须把工作做实", "di_cn", "第三，", 3),
        ("（四）营造良好氛围。", "paren_cn", "（四）", 4),
        ("(二)半角括号", "paren_cn", "(二)", 2),
        ("五是着力维护社会和谐稳定。", "cn_shi", "五是", 5),
        ("二要抓紧抓实。", "cn_yao", "二要", 2),
        ("三抓作风。", "cn_zhua", "三抓", 3),
        ("其次，要压实责任。", "ordinal_word", "其次，", 2),
        ("3.加强督导", "arabic_dot", "3.", 3),
        ("（2）细化任务", "paren_arabic", "（2）", 2),
    ],
)
def test_each_scheme_is_recognised(text, scheme_id, marker, number):
    mm = match_marker(text)
    assert (mm.scheme.id, mm.marker, mm.number) == (scheme_id, marker, number)


@pytest.mark.parametrize(
    "text",
    ["一会儿，省委", "一方面，要", "一段时间以来", "第一次会议", "一是非常重要", "12.5%的增长", "一要素", "一、"],
)
def test_words_that_begin_with_a_numeral_are_not_markers(text):
    assert match_marker(text) is None


def test_format_and_renumber_marker():
    assert SCHEMES["paren_cn"].format(3) == "（三）"
    assert SCHEMES["di_cn"].format(10) == "第十，"
    assert SCHEMES["ordinal_word"].format(3, total=3) == "最后，"
    assert renumber_marker("三、从严从实", "二、") == "二、从严从实"
