"""The structure parser on the shapes real documents take (issue 11), on small made-up texts.

Each test builds its own document in the way pages saved from a web site, Word 公文 and school
speeches lay theirs out; none of the wording is taken from any real document.
"""

from __future__ import annotations

import pytest

from desktop.core import document as doc
from desktop.core.structure import parse

BODY = "这是一段正文，说明工作的具体安排和要求，内容较长，足以成为一个正文段落。"


def roles(sp) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for b in sp.blocks:
        out.setdefault(b.role, []).append(b.text)
    return out


def levels(sp) -> list[tuple[int, str]]:
    return [(h.level, h.text) for h in sp.headings]


# ---------------------------------------------------------------- front matter


def test_page_chrome_title_with_date_meeting_line_byline_and_caption():
    sp = parse(
        [
            "下载",
            "打印",
            "全屏",
            "【字号：",
            "加大",
            "减小",
            "】",
            "2030年某某市政府工作报告",
            "——2030年1月9日在某某市第九届人民代表大会第二次会议上",
            "某某市市长 钱某某",
            "钱某某作政府工作报告。本报记者 孙某摄",
            "各位代表：",
            "现在，我代表市人民政府，向大会报告工作，请予审议。",
            "一、过去一年的工作",
            BODY,
            "各位代表！前程似锦，奋斗正当时。让我们携手前行。",
            "相关报道：",
            "某某市召开人民代表大会",
        ],
        finished=True,
    )
    assert sp.title == "2030年某某市政府工作报告——2030年1月9日在某某市第九届人民代表大会第二次会议上"
    assert sp.bylines == ["某某市市长 钱某某"]
    assert sp.salutation == "各位代表："
    assert levels(sp) == [(1, "一、过去一年的工作")]
    assert sp.closing == "各位代表！前程似锦，奋斗正当时。"
    r = roles(sp)
    assert "下载" in r[doc.DEBRIS] and "钱某某作政府工作报告。本报记者 孙某摄" in r[doc.DEBRIS]
    assert r[doc.APPENDIX] == ["相关报道：", "某某市召开人民代表大会"]
    assert sp.left_out == {"debris": 8, "appendix": 2}


def test_title_block_repeated_by_the_page_takes_the_one_next_to_the_text():
    sp = parse(
        [
            "分享：",
            "某某省2030年政府工作报告",
            "2030年1月9日在某某省第九届人民代表大会第二次会议上",
            "首页",
            ">",
            "政务公开",
            "某某省2030年政府工作报告",
            "2030年1月9日在某某省第九届人民代表大会第二次会议上 某某省省长 周某",
            "2030-01-10 09:20",
            "各位代表：",
            BODY,
        ]
    )
    assert sp.title == "某某省2030年政府工作报告\n2030年1月9日在某某省第九届人民代表大会第二次会议上"
    assert sp.bylines == ["某某省省长 周某"]
    assert [b.role for b in sp.blocks[:6]] == [doc.DEBRIS] * 6


def test_three_line_title_and_bracketed_date_meeting_line():
    three = parse(
        ["工作报告", "——2030年1月9日在某某县第九届", "人民代表大会第二次会议上", "县长 吴某某", "各位代表：", BODY]
    )
    assert three.title == "工作报告——2030年1月9日在某某县第九届\n人民代表大会第二次会议上"
    bracketed = parse(
        ["工作报告", "（2030年1月9日在某某县第九届人民代表大会第二次会议上）", "县长 吴某某", "各位代表：", BODY]
    )
    assert bracketed.title == "工作报告\n（2030年1月9日在某某县第九届人民代表大会第二次会议上）"
    assert bracketed.bylines == ["县长 吴某某"]


@pytest.mark.parametrize(
    "lines, title, bylines",
    [
        (
            ["在某某会议上的讲话", "（2030年3月1日）", "李某某", "同志们："],
            "在某某会议上的讲话",
            ["（2030年3月1日）", "李某某"],
        ),
        (
            ["扬帆起航", "——在开学典礼上的讲话", "王某 2030.9.1", "同学们："],
            "扬帆起航——在开学典礼上的讲话",
            ["王某2030.9.1"],
        ),
        (["勇毅前行", "——在成人礼上的致辞王某某", "亲爱的同学们，大家好！"], "勇毅前行——在成人礼上的致辞", ["王某某"]),
        (
            ["新年献词", "某某学校党委书记、校长 张某", "2030.12.31", BODY],
            "新年献词",
            ["某某学校党委书记、校长张某", "2030.12.31"],
        ),
        (["在座谈会上的讲话提纲", "（2030年3月1日）", "同志们："], "在座谈会上的讲话提纲", ["（2030年3月1日）"]),
        (["走 向 远 方", "——在毕业典礼上的讲话", "同学们："], "走 向 远 方——在毕业典礼上的讲话", []),
        (
            ["在教代会上的讲话", "（3月1日下午3点，行政楼第二会议室）", "各位代表："],
            "在教代会上的讲话",
            ["（3月1日下午3点，行政楼第二会议室）"],
        ),
    ],
)
def test_bylines_dates_and_venue_lines_are_the_speaker_not_the_title(lines, title, bylines):
    sp = parse([*lines, BODY])
    assert sp.title.replace(" ", "") == title.replace(" ", "")
    assert [b.replace(" ", "") for b in sp.bylines] == [b.replace(" ", "") for b in bylines]
    assert all(b.role != doc.HEADING for b in sp.blocks[: len(lines)])


def test_editors_note_and_news_lead_before_the_title_are_left_out():
    sp = parse(
        [
            "现摘录某局长的讲话，请全体同志认真学习！",
            "在全市工作会议上的讲话",
            "同志们：",
            BODY,
        ]
    )
    assert sp.title == "在全市工作会议上的讲话"
    assert sp.blocks[0].role == doc.DEBRIS


@pytest.mark.parametrize(
    "salutation",
    [
        "各位代表：",
        "各位领导、同仁，大家下午好！",
        "尊敬的各位领导，亲爱的老师们、同学们：早上好！",
        "亲爱的同学们，大家晚上好！",
        "各位家长大家好！",
        "老师们、同学们，新学期好！",
        "同志们，朋友们：",
        "各县（市、区）人民政府，市政府各部门：",
    ],
)
def test_salutations_of_every_usual_form(salutation):
    sp = parse(["在某某大会上的讲话", "某某", "（2030年5月1日）", salutation, BODY, "一、认清形势", BODY])
    assert sp.salutation == salutation


def test_a_greeting_on_its_own_line_and_a_self_introduction_are_no_salutation():
    sp = parse(["在某某大会上的发言", "大家好，我叫某某，是某某学校的一名学生，今天很荣幸在这里发言。", BODY])
    assert sp.salutation is None
    greeting = parse(["讲话", "各位老师、同学们：", "早上好！", BODY])
    assert greeting.salutation == "各位老师、同学们："


# ---------------------------------------------------------------- back matter and closing


def test_gongwen_front_and_back_matter():
    sp = parse(
        [
            "000123",
            "机密★1年",
            "某某市人民政府文件",
            "某政发〔2030〕5号",
            "关于做好年度安全生产工作的通知",
            "各县（市、区）人民政府，市政府各部门：",
            "为做好今年的安全生产工作，现将有关事项通知如下。",
            "一、压实责任",
            BODY,
            "二、加强检查",
            BODY,
            "特此通知。",
            "附件：1．安全生产检查表",
            "2．联系人名单",
            "某某市人民政府",
            "2030年3月1日",
            "抄送：市委办公室，市人大常委会办公室。",
            "某某市人民政府办公室 2030年3月2日印发",
        ],
        finished=True,
    )
    assert sp.title == "关于做好年度安全生产工作的通知"
    assert sp.salutation == "各县（市、区）人民政府，市政府各部门："
    assert levels(sp) == [(1, "一、压实责任"), (1, "二、加强检查")]
    assert sp.closing == "特此通知。"
    r = roles(sp)
    assert r[doc.DEBRIS][:4] == ["000123", "机密★1年", "某某市人民政府文件", "某政发〔2030〕5号"]
    assert r[doc.APPENDIX][0] == "附件：1．安全生产检查表" and r[doc.APPENDIX][-1].endswith("印发")
    assert sp.left_out == {"debris": 4, "appendix": 6}


def test_signature_date_and_attachment_note_of_a_report_are_appendix():
    sp = parse(
        ["关于某项工作的情况报告", BODY, "一、基本情况", BODY, "附：某某工作清单", "中共某某学校委员会", "2030年1月18"],
        finished=True,
    )
    assert [b.role for b in sp.blocks[-3:]] == [doc.APPENDIX] * 3
    assert sp.closing == BODY  # the last paragraph of the text, above its appendix
    assert sp.headings[-1].text == "一、基本情况"


@pytest.mark.parametrize(
    "tail, closing",
    [
        (["最后，预祝本次活动圆满成功。", "谢谢大家！"], "最后，预祝本次活动圆满成功。"),
        (
            ["同志们、朋友们！", "前进的道路不会平坦，但我们充满信心。让我们携手向前。"],
            "前进的道路不会平坦，但我们充满信心。",
        ),
        (["祝大家新年快乐，万事如意！"], "祝大家新年快乐，万事如意！"),
        (["我的发言到此结束，谢谢大家！"], "我的发言到此结束，谢谢大家！"),
        (["他说过：“路虽远，行则将至。”我们一定能够做到。"], "他说过：“路虽远，行则将至。”"),
        (["2030年，我们一起出发！心怀梦想，勇敢前行。", "2030.12.31", "（来源：某某报）"], "2030年，我们一起出发！"),
    ],
)
def test_the_closing_is_the_last_paragraph_of_the_text(tail, closing):
    sp = parse(["在某某典礼上的讲话", "同学们：", BODY, "一、要学习", BODY, *tail], finished=True)
    assert sp.closing == closing
    assert sp.blocks[-1].role != doc.BODY


def test_a_text_ending_on_a_point_has_no_closing_but_closing_hopes_are_headings():
    ends_on_point = parse(["讲话", "同志们：", BODY, "一、总体要求", BODY, "第二，抓好落实。" + BODY], finished=True)
    assert ends_on_point.closing is None
    hopes = parse(
        [
            "讲话",
            "同志们：",
            "一、总体要求",
            BODY,
            "（一）认清形势",
            BODY,
            "同志们，任务光荣而艰巨。我提三点希望。",
            "一是要树立大局意识。" + BODY,
            "二是要树立责任意识。" + BODY,
        ],
        finished=True,
    )
    assert hopes.closing == "同志们，任务光荣而艰巨。"
    assert levels(hopes)[-2:] == [(1, "一是要树立大局意识。"), (1, "二是要树立责任意识。")]


def test_a_draft_keeps_its_closing_to_closing_moves():
    draft = parse(["讲话", "同志们：", "一、总体要求", BODY, BODY])
    assert draft.closing is None
    assert parse(["讲话", "同志们：", "一、总体要求", BODY, BODY], finished=True).closing is not None


def test_captions_and_source_notes_anywhere_are_not_paragraphs():
    sp = parse(["讲话", "同志们：", BODY, "图为会议现场。记者 赵某 摄", BODY, "（来源：某某日报）", "编辑：某某"])
    assert [b.role for b in sp.blocks[3:4]] == [doc.DEBRIS]
    assert sp.blocks[5].role == doc.DEBRIS


# ---------------------------------------------------------------- headings


@pytest.mark.parametrize(
    "first, second",
    [
        ("一．加强学习", "二．狠抓落实"),
        ("1：加强学习", "2：狠抓落实"),
        ("1、加强学习", "2、狠抓落实"),
        ("1．加强学习", "2．狠抓落实"),
        ("①加强学习", "②狠抓落实"),
        ("第一点，加强学习", "第二点，狠抓落实"),
        ("首先是加强学习", "其次是狠抓落实"),
        ("场景一：加强学习", "场景二：狠抓落实"),
        ("一抓学习", "二抓落实"),
    ],
)
def test_every_marker_form_writers_use(first, second):
    sp = parse(["讲话", "同志们：", BODY, first, BODY, second, BODY])
    assert [t for _, t in levels(sp)] == [first, second]


def test_a_lone_labelled_or_circled_marker_is_no_heading():
    sp = parse(["讲话", "同志们：", BODY, "场景一：加强学习", BODY, "①狠抓落实", BODY])
    assert sp.headings == []


def test_a_long_lead_sentence_stays_in_its_series():
    long_lead = "二是坚持" + "统筹推进各项工作并且在各个方面持续用力" * 5 + "。"
    sp = parse(["讲话", "同志们：", BODY, "一是坚持民生至上。" + BODY, long_lead + BODY, "三是坚持改革创新。" + BODY])
    assert [h.number for h in sp.headings] == [1, 2, 3]
    alone = parse(["讲话", "同志们：", BODY, long_lead + BODY, BODY])
    assert alone.headings == []


def test_numbers_in_measurements_and_decimals_are_no_markers():
    sp = parse(
        ["讲话", "同志们：", BODY, "1.加强设备管理。屏幕宽度不小于2.8cm，误差小于0.5%。", BODY, "2.做好检查。" + BODY]
    )
    assert [h.text for h in sp.headings] == ["1.加强设备管理。", "2.做好检查。"]


def test_unnumbered_headings_are_ranked_by_what_stands_above_them():
    sp = parse(
        [
            "工作报告",
            "各位代表：",
            "一、过去五年的工作",
            BODY,
            "经济实力稳步提升。",
            BODY,
            "民生福祉持续增进。",
            BODY,
            "二、今年的重点任务",
            "（一）扩大有效需求",
            BODY,
            "加力扩大投资。",
            BODY,
            "着力提振消费。",
            BODY,
            "（二）建设现代化产业体系",
            BODY,
        ]
    )
    assert levels(sp) == [
        (1, "一、过去五年的工作"),
        (2, "经济实力稳步提升。"),
        (2, "民生福祉持续增进。"),
        (1, "二、今年的重点任务"),
        (2, "（一）扩大有效需求"),
        (3, "加力扩大投资。"),
        (3, "着力提振消费。"),
        (2, "（二）建设现代化产业体系"),
    ]


def test_unnumbered_part_titles_hold_numbered_points_and_labels_stand_beside_sections():
    parts = parse(
        ["工作报告", "各位代表：", "过去五年工作回顾", BODY, "今后五年的目标任务", "一是经济实力明显提升。" + BODY]
    )
    assert levels(parts) == [(1, "过去五年工作回顾"), (1, "今后五年的目标任务"), (2, "一是经济实力明显提升。")]
    labels = parse(["优秀教师事迹材料", "【人物速写】", BODY, "一、热爱教育事业", BODY, "二、关爱每个学生", BODY])
    assert levels(labels) == [(1, "【人物速写】"), (1, "一、热爱教育事业"), (1, "二、关爱每个学生")]


def test_sub_series_nest_under_a_top_series_of_the_same_rank_and_words_of_one_family_continue():
    sp = parse(
        ["讲话", "同志们：", "一、深入学习", "第一，把握主题。" + BODY, "第二，把握原则。" + BODY, "二、抓好落实", BODY]
    )
    assert [lvl for lvl, _ in levels(sp)] == [1, 2, 2, 1]
    mixed = parse(
        ["讲话", "同学们：", BODY, "一要锚定目标。" + BODY, "二是要力学笃行。" + BODY, "三是要品德高尚。" + BODY]
    )
    assert [lvl for lvl, _ in levels(mixed)] == [1, 1, 1]


def test_a_vocative_line_starts_the_outline_again_and_is_no_heading():
    sp = parse(
        [
            "讲话",
            "同学们，老师们：",
            "第一，办学方向。" + BODY,
            "第二，教师队伍。" + BODY,
            "同学们、老师们！",
            BODY,
            "一是要爱国。" + BODY,
            "二是要励志。" + BODY,
        ]
    )
    assert [lvl for lvl, _ in levels(sp)] == [1, 1, 1, 1]


def test_a_line_the_page_broke_off_is_no_heading():
    sp = parse(
        [
            "工作报告",
            "各位代表：",
            "一、目标",
            "今后五年经济社会发展的",
            "主要目标",
            "是：经济稳定增长，民生不断改善。",
            BODY,
        ]
    )
    assert levels(sp) == [(1, "一、目标")]


def test_a_lead_in_sentence_before_the_points_is_no_heading():
    sp = parse(
        [
            "工作报告",
            "各位代表：",
            "一、过去一年的工作",
            BODY,
            "主要做了以下工作。",
            "一是稳住经济大盘。" + BODY,
            "二是办好民生实事。" + BODY,
            "经济实力稳步提升。",
            BODY,
            "民生福祉持续增进。",
            BODY,
        ]
    )
    assert "主要做了以下工作。" not in [h.text for h in sp.headings]
    assert [lvl for lvl, _ in levels(sp)] == [1, 2, 2, 2, 2]


def test_a_lone_high_number_is_no_heading_but_a_sibling_written_another_way_is():
    lone = parse(["怎样读书", "同学们：", BODY, "第三，精读，还要读出思考。" + BODY, BODY])
    assert lone.headings == []
    mixed = parse(["讲话", "同志们：", "一、甲方面", BODY, "二、乙方面", BODY, "第三，丙方面", BODY])
    assert [(h.level, h.marker) for h in mixed.headings] == [(1, "一、"), (1, "二、"), (1, "第三，")]


@pytest.mark.parametrize(
    "lines",
    [
        [
            "某某县人民政府文件",
            "某政发〔2030〕5号",
            "关于进一步加强",
            "安全生产工作的通知",
            "各乡镇人民政府，县政府各部门：",
        ],
        ["关于进一步加强", "安全生产工作的通知", "各乡镇人民政府："],
        ["关于进一步加强", "安全生产工作的通知"],
    ],
)
def test_a_title_set_on_two_lines_is_one_title(lines):
    sp = parse([*lines, BODY, "一、压实责任", BODY], finished=True)
    assert sp.title == "关于进一步加强\n安全生产工作的通知"
    assert sp.subtitle is None


def test_a_breadcrumb_above_a_title_is_not_part_of_it():
    sp = parse(["政务公开", "关于做好安全生产工作的通知", "各乡镇人民政府：", BODY])
    assert sp.title == "关于做好安全生产工作的通知"
