"""The speech type from the whole document (title, salutation, opening moves, outline), and
unknown rather than wrong when nothing points clearly to one type."""

from __future__ import annotations

import pytest

from desktop.core.speech_types import TypeEvidence, infer_type, type_names
from desktop.core.structure import parse

BODY = "这是一段正文，说明工作的具体安排和要求，内容较长，足以成为一个正文段落。"


@pytest.mark.parametrize(
    "paragraphs, expected",
    [
        # the longer title words win: 政府工作报告 is no 工作报告 and no 全会讲话
        (["2030年某某省政府工作报告", "——2030年1月9日在某某省人民代表大会上", "各位代表：", BODY], "政府工作报告"),
        (
            ["奋楫笃行——在教代会上的学校工作报告", "各位代表：", "现在，我代表校长室向大会作工作报告。", BODY],
            "工作报告",
        ),
        (["在全县经济工作会议上的讲话", "同志们：", BODY], "动员部署讲话"),
        (["在开学典礼上的讲话", "同学们：", BODY], "会议讲话"),
        (["二〇三〇年新年献词", "某某学校校长 张某", BODY], "致辞"),
        (["关于某项工作的情况报告", BODY], "工作汇报"),
        (["某某县委常委会2030年度述职报告", BODY], "述职报告"),
    ],
)
def test_types_from_their_titles(paragraphs, expected):
    assert parse(paragraphs).type == expected


def test_types_from_headings_opening_and_outline_shape_when_the_title_says_nothing():
    profile = parse(
        [
            "张某某：扎根讲台三十年",
            "人|物|名|片",
            "张某某，1970年3月出生，中共党员，现任某校教师。",
            "一心为了学生",
            BODY,
        ]
    )
    assert profile.type == "事迹材料"
    news = parse(["春风化雨润心田", "初心如磐志更坚", BODY, "实干笃行谱新篇", BODY, "担当作为显身手", BODY])
    assert news.type == "综述"  # unnumbered headings, no salutation


def test_a_document_nothing_points_to_stays_unknown():
    assert parse(["怎样读好一本书", "同学们：", BODY, BODY]).type is None
    assert parse([BODY, BODY]).type is None
    # two types equally likely: unknown rather than a guess
    assert infer_type(None, evidence=TypeEvidence(salutation="同志们：")) is None


def test_title_only_inference_still_works_for_callers_that_have_only_a_title():
    assert infer_type("党委书记学习研讨发言") == "研讨发言"
    assert infer_type("在某某全会第二次全体会议上的讲话") == "全会讲话"
    assert infer_type(None) is None


def test_the_new_types_are_data():
    assert {"政府工作报告", "工作报告", "工作汇报", "会议讲话", "事迹材料"} <= set(type_names())
