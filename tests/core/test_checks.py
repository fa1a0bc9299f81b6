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


# ---------------------------------------------------------------- what a reviewer checks


def _found(paras: list[str], code: str, **options) -> list:
    return [f for f in check(paras, **options) if f.code == code]


def test_near_repeated_sentences_are_found_with_their_twin() -> None:
    paras = BASE + [
        "一、着眼大局",
        "要扎实开展隐患排查，对重点行业领域逐一过筛，做到排查不留死角。",
        "二、着力实干",
        "要扎实开展隐患排查，对重点行业领域逐一过筛，做到排查不留任何死角。",
    ]
    found = _found(paras, "near_repeat")
    assert [(f.paragraph, f.start) for f in found] == [(6, 0)] and "第 5 段" in found[0].message
    assert _found(paras[:5], "near_repeat") == []


def test_doubled_marks_and_characters_with_the_right_form() -> None:
    paras = BASE + [
        "我们要要坚持问题导向。。",
        "这是重要要求，常常讲、天天讲，扎扎实实抓落实。",
        "的的确确，我们将将继续努力。",
    ]
    found = _found(paras, "doubled")
    got = [(f.paragraph, paras[f.paragraph][f.start : f.end]) for f in found]
    assert got == [(3, "要要"), (3, "。。"), (5, "将将")]  # 重要要求, 常常, 扎扎实实 and 的的确确 stay
    assert "应为“要”" in found[0].message and "应为一个“。”" in found[1].message


def test_paragraphs_without_end_punctuation() -> None:
    missing = "这一段讲了作风建设的要求，也讲了抓落实的办法，但是最后忘了打句号"
    paras = BASE + ["一、着眼大局", "正文一。", missing, "这一段有句号。", "发言完毕，请批评指正。"]
    found = _found(paras, "no_end_mark")
    end = len(missing)
    assert [(f.paragraph, f.start, f.end) for f in found] == [(5, end - 1, end)] and "句号" in found[0].message


def test_specifics_not_the_writer_own_are_found() -> None:
    from desktop.core.writer import Writer

    paras = BASE + ["德清县坚持把安全生产摆在首位，湖州市也要学习借鉴。", "这是湖州市应急管理局的经验。"]
    found = _found(paras, "specific", writer=Writer("湖州市", "湖州市应急管理局"))
    texts = [paras[f.paragraph][f.start : f.end] for f in found]
    assert texts == ["德清县"] and "【地名】" in found[0].message
    assert len(_found(paras, "specific")) >= 2  # without settings every place is someone else's


def test_formulations_miswritten_and_outdated_with_the_right_form(tmp_path) -> None:
    paras = BASE + [
        "坚定拥护“两个确定”，深入学习习近平新时代中国特色社会主义理论。",
        "紧密团结在以习近平总书记为核心的党中央周围，决胜全面建成小康社会。",
        "确保“十四五”目标任务圆满完成，谋划好“十五五”发展。",
        "“十四五”时期，全县经济总量稳步增长。",
    ]
    found = _found(paras, "formulation", year=2026)
    by_para = {(f.paragraph, paras[f.paragraph][f.start : f.end]): f.message for f in found}
    assert "两个确立" in by_para[(3, "两个确定")]
    assert "习近平新时代中国特色社会主义思想" in by_para[(3, "习近平新时代中国特色社会主义理论")]
    assert "以习近平同志为核心的党中央" in by_para[(4, "以习近平总书记为核心的党中央")]
    assert "全面建设社会主义现代化国家" in by_para[(4, "决胜全面建成小康社会")]
    assert "“十五五”" in by_para[(5, "十四五")] and "2021—2025" in by_para[(5, "十四五")]
    assert not any(p == 6 for p, _ in by_para)  # a review of the ended plan is no mistake
    assert _found(paras, "formulation", year=2024, formulations=()) == []  # 十四五 is current then


def test_formulations_file_is_checked_line_by_line(tmp_path) -> None:
    import pytest

    from desktop.core.formulations import FormulationFileError, load_formulations, parse_formulations

    rules = parse_formulations("# 注释\n两个维护 <= 两个拥护、两个坚决维护\n旧提法 => 请用新提法\n")
    assert [(r.wrong, r.right, r.note, r.line) for r in rules] == [
        ("两个拥护", "两个维护", "", 2),
        ("两个坚决维护", "两个维护", "", 2),
        ("旧提法", "", "请用新提法", 3),
    ]
    for text, says in [
        ("两个维护 两个拥护\n", "缺少“<=”或“=>”"),
        (" <= 两个拥护\n", "没有正确形式"),
        ("甲乙 <= 丙丁\n甲乙 <= 丙丁\n", "已经写过"),
    ]:
        with pytest.raises(FormulationFileError) as err:
            parse_formulations(text, "规范.txt")
        assert "规范.txt 第" in str(err.value) and says in str(err.value)
    bad = tmp_path / "f.txt"
    bad.write_bytes("两个维护 <= 两个拥护\n".encode("gbk"))
    with pytest.raises(FormulationFileError, match="UTF-8"):
        load_formulations(bad)


def test_findings_are_capped_and_the_rest_counted() -> None:
    from desktop.core.checks import MAX_FINDINGS

    paras = BASE + ["要要，，" * 200]
    found = check(paras)
    assert len(found) == MAX_FINDINGS + 1 and found[-1].code == "more"
    import re

    m = re.search(r"另有 (\d+) 处问题未列出（共 (\d+) 处）", found[-1].message)
    assert m and int(m.group(2)) - int(m.group(1)) == MAX_FINDINGS and int(m.group(1)) > 90
