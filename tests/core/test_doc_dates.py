"""A document's date from its own text (core.doc_dates)."""

from __future__ import annotations

from datetime import date

from desktop.core.doc_dates import document_date, full_date

TODAY = date(2026, 12, 2)


def test_a_full_date_in_the_title_block_or_at_the_end_is_the_date():
    assert document_date(["在全县工作会议上的讲话", "（2024年7月18日）", "同志们："], today=TODAY) == 20240718
    assert document_date(["政府工作报告", "——二〇二六年一月二十七日在省人大会议上"], today=TODAY) == 20260127
    assert document_date(["新年献词", "正文。" * 40, "2021.12.31"], today=TODAY) == 20211231


def test_a_date_inside_the_body_is_an_event_not_the_documents_date():
    body = "会议指出，" + "要坚持问题导向，" * 12 + "确保2024年1月20日前完成整改。"
    assert document_date(["工作部署讲话", body, "谢谢大家。"], today=TODAY) == 20240101  # its year only


def test_a_year_in_the_title_or_the_name():
    assert document_date(["2022年新年献词", "同学们："], today=TODAY) == 20220101
    assert document_date(["开学典礼讲话"], name="kaixue-dianli-jianghua-2011", today=TODAY) == 20110101


def test_the_latest_year_named_never_a_future_goal():
    assert document_date(["讲话", "2019年以来，到2035年基本实现现代化，2023年我们……"], today=TODAY) == 20230101
    assert document_date(["关于“十五五”规划建议的说明", "今年1月，中央政治局决定……"], today=TODAY) == 20250101
    assert document_date(["深入学习贯彻党的二十大精神。"], today=TODAY) == 20220101
    assert document_date(["没有任何年份的讲话。"], today=TODAY) is None


def test_full_dates_are_real_past_dates():
    assert full_date("2023年2月30日", TODAY) is None
    assert full_date("2030年1月1日", TODAY) is None
    assert full_date("二〇二三年九月十四日", TODAY) == 20230914
