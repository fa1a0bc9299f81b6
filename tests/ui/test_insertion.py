"""Where a phrase goes into a paragraph (ui/insertion.py, no Qt)."""

from __future__ import annotations

from desktop.core.structure import parse
from desktop.ui.insertion import heading_words, insert_phrase, replace_heading


def put(paragraph: str, at: int, phrase: str) -> str:
    return insert_phrase(paragraph, at, phrase).text


def test_a_sentence_put_inside_a_sentence_goes_after_it():
    assert (
        put("要坚持问题导向，把工作抓实抓细。下一句。", 3, "要敢于担当。")
        == "要坚持问题导向，把工作抓实抓细。要敢于担当。下一句。"
    )


def test_an_unfinished_sentence_is_closed_before_the_inserted_one():
    assert put("理想信念是共产党人的精神之钙", 4, "要常补常新。") == "理想信念是共产党人的精神之钙。要常补常新。"


def test_at_a_boundary_the_phrase_goes_where_the_cursor_is():
    assert put("第一句。第二句。", 4, "插入句。") == "第一句。插入句。第二句。"
    assert put("各位委员，", 5, "同志们：") == "各位委员，同志们："
    assert put("", 0, "同志们：") == "同志们："


def test_a_sentence_before_following_text_gets_its_end():
    assert put("第二句。", 0, "第一句") == "第一句。第二句。"


def test_a_fragment_inside_a_sentence_stays_where_the_cursor_is():
    assert put("要坚持，把工作抓实。", 3, "问题导向") == "要坚持问题导向，把工作抓实。"


def test_the_inserted_span_is_reported():
    done = insert_phrase("理想信念是共产党人的精神之钙", 2, "要常补常新。")
    assert done.text[done.start : done.end] == "要常补常新。"


def test_a_suggested_heading_replaces_the_words_and_keeps_the_number():
    paras = [
        "关于作风建设的讲话",
        "同志们：",
        "一、坚定理想信念",
        "理想信念是精神之钙。",
        "二、勇于担当作为",
        "要担当。",
    ]
    heading = parse(paras).headings[1]
    done = replace_heading(paras[4], heading, "第八，更好统筹发展与安全")
    assert done.text == "二、更好统筹发展与安全"
    assert done.text[done.start : done.end] == "更好统筹发展与安全"


def test_a_run_in_heading_keeps_its_number_its_end_and_its_body():
    paras = ["关于作风建设的讲话", "同志们：", "一、坚定理想信念", "（一）把握正确方向。要把方向摆在首位。", "要担当。"]
    heading = parse(paras).headings[1]
    assert heading.runin
    done = replace_heading(paras[3], heading, "（三）强化责任落实")
    assert done.text == "（一）强化责任落实。要把方向摆在首位。"


def test_heading_words_drop_any_number():
    assert heading_words("第八，更好统筹发展与安全") == "更好统筹发展与安全"
    assert heading_words("（二）压实工作责任。") == "压实工作责任。"
    assert heading_words("坚持问题导向") == "坚持问题导向"
