"""Proofreading checks: each finding points to its place."""

from __future__ import annotations

from desktop.core.checks import check, summarize
from desktop.core.draft import Draft

BASE = ["关于作风建设的研讨发言", "同志们：", "结合工作实际，我谈三点体会。"]


def codes(paras: list[str]) -> list[tuple[str, int, int, int]]:
    return [(f.code, f.paragraph, f.start, f.end) for f in check(paras)]


def test_clean_draft_has_no_findings() -> None:
    paras = BASE + [
        "一、着眼大局",
        "（一）坚持学习。学习是正文。",
        "（二）坚持实践。实践是正文。",
        "二、着力实干",
        "实干是正文。",
        "发言完毕，不当之处，请批评指正。",
    ]
    assert check(paras) == []
    assert check(Draft(paras)) == []


def test_numbering_gap_points_to_the_marker() -> None:
    paras = BASE + ["一、着眼大局", "正文一。", "三、着力实干", "正文三。"]
    found = check(paras)
    assert [(f.code, f.paragraph, f.start, f.end) for f in found] == [("numbering_gap", 5, 0, 2)]
    assert "二、" in found[0].message


def test_numbering_repeat() -> None:
    paras = BASE + ["一、着眼大局", "正文一。", "二、着力实干", "正文二。", "二、着重长效", "正文三。"]
    assert codes(paras) == [("numbering_repeat", 7, 0, 2)]


def test_numbering_is_checked_per_parent() -> None:
    paras = BASE + [
        "一、甲方面",
        "（一）子一。正文。",
        "（二）子二。正文。",
        "二、乙方面",
        "（一）子一。又一正文。",
        "（三）子三。正文。",
    ]
    assert codes(paras) == [("numbering_gap", 8, 0, 3)]


def test_mixed_schemes_among_siblings() -> None:
    paras = BASE + ["一、甲方面", "正文一。", "二、乙方面", "正文二。", "第三，丙方面", "正文三。"]
    found = [f for f in check(paras) if f.code == "numbering_mixed"]
    assert [(f.paragraph, f.start, f.end) for f in found] == [(7, 0, 3)]


def test_unfilled_slots() -> None:
    paras = BASE + ["全县共有【数字】所学校，【地名】县率先试点，由【待填】负责。××同志讲话。"]
    found = [(f.code, f.start, f.end) for f in check(paras)]
    text = paras[3]
    assert found == [
        ("slot", text.index("【数字】"), text.index("【数字】") + 4),
        ("slot", text.index("【地名】"), text.index("【地名】") + 4),
        ("slot", text.index("【待填】"), text.index("【待填】") + 4),
        ("slot", text.index("××"), text.index("××") + 2),
    ]


def test_halfwidth_punctuation_in_chinese_but_not_in_numbers() -> None:
    paras = BASE + ["今年增长了1,000亿元,比上年提高3.5个百分点;会议在15:30召开.", "他说(大意)如此。"]
    found = [(f.paragraph, f.start, f.end) for f in check(paras) if f.code == "halfwidth"]
    t = paras[3]
    assert found == [
        (3, t.index("元,") + 1, t.index("元,") + 2),
        (3, t.index(";"), t.index(";") + 1),
        (3, len(t) - 1, len(t)),
        (4, 2, 3),
        (4, 5, 6),
    ]


def test_unpaired_quotes_and_brackets_but_slots_are_fine() -> None:
    paras = BASE + ["习近平总书记指出：“要实干担当。", "学习《论党的建设】一书】。", "请填写【待填】和（【数字】）。"]
    found = [(f.code, f.paragraph, f.start) for f in check(paras) if f.code == "unpaired"]
    assert found == [("unpaired", 3, 9), ("unpaired", 4, 2), ("unpaired", 4, 8), ("unpaired", 4, 11)]


def test_repeated_sentence_points_to_second_place() -> None:
    s = "我们要坚持以人民为中心的发展思想。"
    paras = BASE + [f"开头一句。{s}", "中间的话。", f"{s.replace('。', '！')}结尾。", "谢谢大家！谢谢大家！"]
    found = [f for f in check(paras) if f.code == "repeat"]
    assert [(f.paragraph, f.start, f.end) for f in found] == [(5, 0, len(s))]
    assert "第 4 段" in found[0].message


def test_summary_counts_chars_time_and_slots() -> None:
    paras = ["标题", "甲" * 437 + "。", "【数字】个 ", ""]
    s = summarize(paras, speed=220)
    assert s.chars == 2 + 438 + 5
    assert s.minutes == round(445 / 220, 1)
    assert s.open_slots == 1
    assert s.findings == len(check(paras))
    assert summarize(paras, speed=100).minutes == 4.5
    assert "445 字" in s.line() and "220" in s.line()
