"""Cleaning rules, on the real seeds and on the small cases each rule is about."""

from __future__ import annotations

import re

import pytest

from desktop.core.cleaning import clean_paragraphs, normalize_text, split_attachment
from desktop.read.markdown_text import markdown_lines


def seed_lines(seed_files, key: str) -> list[str]:
    return seed_files[key].read_text(encoding="utf-8").splitlines()


@pytest.fixture(scope="module")
def cleaned(seed_files) -> dict[str, list[str]]:
    return {k: clean_paragraphs(split_attachment(seed_lines(seed_files, k))[0]) for k in seed_files}


# --- the seeds -------------------------------------------------------------------------


def test_no_seed_paragraph_keeps_debris(cleaned):
    assert set(cleaned) == {"000", "001", "002", "003", "004"}
    for key, paragraphs in cleaned.items():
        for p in paragraphs:
            for debris in ("##paid", "来源:", "来源：", "时间:", "附件下载", "相关文档", "\u00a0", "\u3000"):
                assert debris not in p, (key, debris, p[:40])
            assert p == p.strip() and p, (key, p[:40])
            assert "  " not in p


def test_seed_000_paywall_markers_removed_and_text_kept(seed_files, cleaned):
    raw = seed_lines(seed_files, "000")
    paid_line = next(line for line in raw if line.startswith("##paidbegin##"))
    assert paid_line[len("##paidbegin##") :] in cleaned["000"]
    assert cleaned["000"][0] == "党委书记学习研讨发言"  # leading blank line dropped
    assert cleaned["000"][-1].startswith("下一步，我将继续")  # the ##paidend## line is gone


def test_seed_001_commas_made_full_width_numbers_kept(cleaned):
    paragraphs = cleaned["001"]
    body = "\n".join(paragraphs)
    assert not re.search(r"[\u4e00-\u9fff],|,[\u4e00-\u9fff]", body)
    assert "开局之年、仲春时节，一场理论大学习" in body
    assert "全区161家参学单位，1.49万名县处级以上领导干部，聚焦" in body
    assert "同比增长7.3%，全区经济" in body
    assert "征集就业岗位4.4万个；坚持" in body
    assert "养老服务中心（站）1685个" in body
    # metadata lines gone, title kept with its meaningful space
    assert paragraphs[0] == "凝心铸魂强本领 实干担当谱新篇——内蒙古第一批主题教育综述"
    assert paragraphs[1].startswith("开局之年")
    assert not any(p == "内蒙古日报" or p.startswith("•") for p in paragraphs)


def test_seed_003_and_004_salutations_clean(cleaned):
    assert cleaned["003"][1] == "各位委员，同志们："
    assert cleaned["004"][1] == "同志们："


def test_seeds_without_debris_pass_through_unchanged(seed_files, cleaned):
    # 002 and 004 are already clean running text apart from 004's NBSP: nothing reworded.
    raw = [line.strip().replace("\u00a0", "") for line in seed_lines(seed_files, "004") if line.strip()]
    assert cleaned["004"] == raw
    raw002 = [line for line in seed_lines(seed_files, "002") if line.strip()]
    assert cleaned["002"] == raw002


# --- normalize_text ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("前文##paidbegin##后文##paidend##", "前文后文"),
        ("\u00a0\u3000 同志们：\t", "同志们："),
        ("加强\u200b党的\ufeff领导", "加强党的领导"),
        ("我们  要 加强   领导，2023 年", "我们要加强领导，2023年"),
        ("仲春时节,一场理论学习;全面展开!是否落实?", "仲春时节，一场理论学习；全面展开！是否落实？"),
        ("来源: 内蒙古日报", "来源：内蒙古日报"),
        ("共1,000人", "共1,000人"),
        ("时间：15:36", "时间：15:36"),
        ("网址:https://www.gov.cn/a?b=1,2;c=3", "网址：https://www.gov.cn/a?b=1,2;c=3"),
        ('他强调"要实干担当"。', "他强调“要实干担当”。"),
        ("胸怀'国之大者'", "胸怀‘国之大者’"),
        ('He said "yes", OK', 'He said "yes", OK'),
        ("中心(站)1685个", "中心（站）1685个"),
        ("(一)提高站位", "（一）提高站位"),
        ("f(x) = 1", "f(x) = 1"),
        ("PM2.5,臭氧", "PM2.5,臭氧"),
        ("增长7.3%,全区", "增长7.3%，全区"),
        ("同志们 ，大家好 。", "同志们，大家好。"),
        ("凝心铸魂强本领\u3000实干担当谱新篇", "凝心铸魂强本领 实干担当谱新篇"),
        ("不忘初心 牢记使命", "不忘初心 牢记使命"),
        ("同 志 们", "同志们"),
        ("一是 狠抓 落实", "一是狠抓落实"),
        ("發展穩中有進,人民生活持續改善", "發展穩中有進，人民生活持續改善"),
    ],
)
def test_normalize_text(raw, expected):
    assert normalize_text(raw) == expected


def test_normalize_is_idempotent_on_seeds(cleaned):
    for paragraphs in cleaned.values():
        for p in paragraphs:
            assert normalize_text(p) == p


# --- clean_paragraphs: debris lines ---------------------------------------------------------


@pytest.mark.parametrize(
    "line",
    [
        "  • 来源: 内蒙古日报",
        "• 时间: 2023-09-14 15:36",
        "责任编辑：张三",
        "编辑: 李四",
        "作者：王五  发布时间：2023-09-14  浏览次数：1234",
        "发布时间：2023年09月14日",
        "浏览次数：88",
        "打印本页",
        "【打印本页】 【关闭窗口】",
        "【字体：大 中 小】",
        "字体：大 中 小 | 打印 | 关闭",
        "分享到：微信 微博 QQ空间",
        "扫一扫在手机打开当前页",
        "上一篇：关于做好2023年工作的通知",
        "下一篇: 无",
        "首页 > 新闻中心 > 正文",
        "当前位置：首页 > 要闻",
        "相关文档:",
        "附件下载：",
        "##paidbegin##",
        "\u00a0\u3000",
    ],
)
def test_debris_line_dropped(line):
    assert clean_paragraphs(["正文第一段。", line, "正文第二段。"]) == ["正文第一段。", "正文第二段。"]


@pytest.mark.parametrize(
    "line",
    [
        "时间就是生命，效率就是金钱。",
        "关闭落后产能是一项重要任务，必须抓紧抓实。",
        "首页内容要及时更新。",
        "来源于群众的意见要认真办理。",
        "编辑部全体同志：",
    ],
)
def test_body_lines_that_look_like_debris_are_kept(line):
    assert clean_paragraphs([line]) == [line]


def test_clean_paragraphs_splits_pasted_line_breaks():
    pasted = "同志们：\r\n今天开会。\n\n一、提高站位\u2028二、狠抓落实"
    assert clean_paragraphs([pasted]) == ["同志们：", "今天开会。", "一、提高站位", "二、狠抓落实"]


def test_traditional_characters_stay():
    assert clean_paragraphs(["各位委員，同志們：", "經濟發展穩中有進。"]) == [
        "各位委員，同志們：",
        "經濟發展穩中有進。",
    ]


# --- split_attachment --------------------------------------------------------------------


def test_split_attachment_at_first_marker_and_glued_text():
    lines = ["正文。", "相关文档:", "附件下载:另一篇讲话的标题", "同志们："]
    own, glued = split_attachment(lines)
    assert own == ["正文。"]
    assert clean_paragraphs(glued) == ["另一篇讲话的标题", "同志们："]
    assert split_attachment(["正文。"]) == (["正文。"], [])


# --- markdown ------------------------------------------------------------------------------


def test_markdown_markup_removed_numbering_and_slots_kept():
    source = "\n".join(
        [
            "# 在全县工作会议上的讲话 #",
            "## 一、提高政治站位",
            "### （一）深化理论学习",
            "这是**重点内容**，中国共产党*县第*届委员会，在**县**镇。",
            "- 一是加强领导",
            "* 二是 _狠抓_ 落实",
            "1. 第一项工作",
            "> 习近平总书记指出：",
            "[全文链接](http://example.cn) ![图片](a.png)",
            "---",
            r"\*\*县",
        ]
    )
    assert clean_paragraphs(markdown_lines(source)) == [
        "在全县工作会议上的讲话",
        "一、提高政治站位",
        "（一）深化理论学习",
        "这是重点内容，中国共产党*县第*届委员会，在**县**镇。",
        "一是加强领导",
        "二是狠抓落实",
        "1.第一项工作",
        "习近平总书记指出：",
        "全文链接",
        "**县",
    ]
