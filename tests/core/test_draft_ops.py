"""Outline operations on a draft: numbering follows order after every operation."""

from __future__ import annotations

import pytest

from desktop.core import outline_ops as ops
from desktop.core.draft import Draft, DraftError, draft_from_paragraphs
from desktop.core.numbering import scheme
from desktop.core.outline_ops import parents
from desktop.core.structure import parse

PARAS = [
    "关于加强作风建设的学习研讨发言",
    "同志们：",
    "按照安排，结合工作实际，我谈三点体会。",
    "一、着眼大局，把牢政治方向",
    "（一）坚持学习。学习是第一段的正文。",
    "（二）坚持实践。实践是第二段的正文。",
    "二、着力实干，推动工作落实",
    "实干是这一节的正文，写得比较长一些。",
    "三、着重长效，健全制度机制",
    "长效是这一节的正文。",
    "（一）完善制度。制度是正文。",
    "发言完毕，不当之处，请批评指正。",
]


def outline(d: Draft) -> list[tuple[int, str]]:
    return [(h.level, h.text) for h in parse(d.paragraphs).headings]


def assert_numbered_in_order(d: Draft) -> None:
    """Every group of siblings of one scheme is numbered 1…n, as the parser reads it."""
    speech = parse(d.paragraphs)
    par = parents(speech)
    groups: dict[tuple[int | None, str], list[int]] = {}
    for k, h in enumerate(speech.headings):
        if h.scheme != "plain":
            groups.setdefault((par[k], h.scheme), []).append(k)
    for (_, sid), members in groups.items():
        markers = [speech.headings[k].marker for k in members]
        assert markers == [scheme(sid).format(n, len(members)) for n in range(1, len(members) + 1)]


@pytest.fixture
def draft() -> Draft:
    return draft_from_paragraphs(PARAS)


def test_draft_from_paragraphs_reads_levels_from_outline(draft: Draft) -> None:
    assert draft.levels == ["cn_dun", "paren_cn"]
    assert draft.runin == [False, True]
    assert draft.title == PARAS[0]


def test_move_down_carries_subsections_and_renumbers(draft: Draft) -> None:
    change = ops.move_down(draft, 0)
    assert outline(draft)[:4] == [
        (1, "一、着力实干，推动工作落实"),
        (1, "二、着眼大局，把牢政治方向"),
        (2, "（一）坚持学习。"),
        (2, "（二）坚持实践。"),
    ]
    assert "学习是第一段的正文。" in draft.paragraphs[draft.paragraphs.index("（一）坚持学习。学习是第一段的正文。")]
    assert change.focus == 1 and change.op == "move"
    assert set(change.renumbered) == {3, 5}
    assert_numbered_in_order(draft)


def test_move_to_position_and_up(draft: Draft) -> None:
    ops.move_section(draft, 4, 0)  # 三、 to the front
    assert [t for lv, t in outline(draft) if lv == 1] == [
        "一、着重长效，健全制度机制",
        "二、着眼大局，把牢政治方向",
        "三、着力实干，推动工作落实",
    ]
    assert outline(draft)[1] == (2, "（一）完善制度。")
    ops.move_up(draft, 4)  # （二）坚持实践 above （一）坚持学习
    assert [t for lv, t in outline(draft) if lv == 2][1:] == ["（一）坚持实践。", "（二）坚持学习。"]
    assert_numbered_in_order(draft)
    with pytest.raises(DraftError):
        ops.move_up(draft, 0)


def test_move_under_another_parent(draft: Draft) -> None:
    ops.move_section_under(draft, 1, parent=3, position=0)  # （一）坚持学习 under 二、
    assert outline(draft)[:5] == [
        (1, "一、着眼大局，把牢政治方向"),
        (2, "（一）坚持实践。"),
        (1, "二、着力实干，推动工作落实"),
        (2, "（一）坚持学习。"),
        (1, "三、着重长效，健全制度机制"),
    ]
    assert_numbered_in_order(draft)


def test_add_section_at_each_level(draft: Draft) -> None:
    change = ops.add_section(draft, 0, title="着实担当，勇于攻坚克难", body="担当是新加的正文。")
    assert outline(draft)[3] == (1, "二、着实担当，勇于攻坚克难")
    assert change.focus == 3 and change.op == "add"
    assert [t for lv, t in outline(draft) if lv == 1][2:] == [
        "三、着力实干，推动工作落实",
        "四、着重长效，健全制度机制",
    ]
    ops.add_section(draft, 0, level=2, title="坚持创新")
    assert outline(draft)[3] == (2, "（三）坚持创新。")
    ops.add_section(draft, 5, level=2, title="敢于担当")  # under 三、 which has no subsections
    assert (2, "（一）敢于担当。") in outline(draft)
    ops.add_section(draft, None, title="着手问题")
    assert outline(draft)[0] == (1, "一、着手问题")
    assert_numbered_in_order(draft)
    with pytest.raises(DraftError):
        ops.add_section(draft, 0, level=3)


def test_delete_section_removes_everything_under_it(draft: Draft) -> None:
    ops.delete_section(draft, 0)
    assert outline(draft) == [
        (1, "一、着力实干，推动工作落实"),
        (1, "二、着重长效，健全制度机制"),
        (2, "（一）完善制度。"),
    ]
    assert not any("坚持学习" in p for p in draft.paragraphs)
    assert draft.paragraphs[-1] == PARAS[-1]
    assert_numbered_in_order(draft)


def test_demote_then_promote_changes_scheme_and_back(draft: Draft) -> None:
    change = ops.demote(draft, 3)  # 二、着力实干 → last subsection of 一、
    assert change.op == "demote"
    assert outline(draft)[:4] == [
        (1, "一、着眼大局，把牢政治方向"),
        (2, "（一）坚持学习。"),
        (2, "（二）坚持实践。"),
        (2, "（三）着力实干，推动工作落实。"),
    ]
    # Run in like its new siblings: its first paragraph joins its line.
    assert "（三）着力实干，推动工作落实。实干是这一节的正文，写得比较长一些。" in draft.paragraphs
    assert outline(draft)[4] == (1, "二、着重长效，健全制度机制")
    ops.promote(draft, 3)
    assert draft.paragraphs == PARAS
    assert_numbered_in_order(draft)


def test_demote_section_with_children_moves_children_a_level_down(draft: Draft) -> None:
    ops.demote(draft, 4)  # 三、 with its （一） under 二、
    levels = outline(draft)
    assert levels[3:] == [(1, "二、着力实干，推动工作落实"), (2, "（一）着重长效，健全制度机制。"), (3, "1.完善制度。")]
    assert_numbered_in_order(draft)


def test_promote_top_level_and_demote_first_are_refused(draft: Draft) -> None:
    before = list(draft.paragraphs)
    with pytest.raises(DraftError):
        ops.promote(draft, 0)
    with pytest.raises(DraftError):
        ops.demote(draft, 0)
    assert draft.paragraphs == before


def test_promote_middle_child_follows_former_parent(draft: Draft) -> None:
    ops.promote(draft, 1)  # （一）坚持学习 → a top-level section right after 一、
    assert outline(draft)[:4] == [
        (1, "一、着眼大局，把牢政治方向"),
        (2, "（一）坚持实践。"),
        (1, "二、坚持学习"),
        (1, "三、着力实干，推动工作落实"),
    ]
    assert "学习是第一段的正文。" in draft.paragraphs
    assert_numbered_in_order(draft)


def test_set_level_scheme_and_runin(draft: Draft) -> None:
    ops.set_level_scheme(draft, 1, "di_cn")
    assert [t for lv, t in outline(draft) if lv == 1] == [
        "第一，着眼大局，把牢政治方向",
        "第二，着力实干，推动工作落实",
        "第三，着重长效，健全制度机制",
    ]
    assert draft.levels[0] == "di_cn"
    ops.set_level_scheme(draft, 2, "cn_shi")
    assert [t for lv, t in outline(draft) if lv == 2] == ["一是坚持学习。", "二是坚持实践。", "一是完善制度。"]
    ops.set_level_scheme(draft, 2, "cn_shi", runin=False)
    assert "一是坚持学习" in draft.paragraphs and "学习是第一段的正文。" in draft.paragraphs
    ops.set_level_scheme(draft, 2, "paren_cn", runin=True)
    ops.set_level_scheme(draft, 1, "cn_dun")
    assert draft.paragraphs == PARAS
    assert_numbered_in_order(draft)


def test_set_level_scheme_refuses_what_breaks_nesting(draft: Draft) -> None:
    before = list(draft.paragraphs)
    with pytest.raises(DraftError):
        ops.set_level_scheme(draft, 1, "arabic_dot")  # 1. cannot stand above （一）
    with pytest.raises(DraftError):
        ops.set_level_scheme(draft, 1, "nonsense")
    assert draft.paragraphs == before


def test_renumber_fixes_gaps_and_repeats() -> None:
    d = Draft(["标题", "一、甲", "正文。", "三、乙", "正文。", "三、丙", "（二）丁。正文。", "正文。"])
    change = ops.renumber(d)
    assert [h.text for h in parse(d.paragraphs).headings] == ["一、甲", "二、乙", "三、丙", "（一）丁。"]
    assert change.renumbered == (3, 6)
    assert (change.start, change.end) == (3, 7)


def test_ordinal_words_renumber_with_last() -> None:
    d = Draft(["标题", "一、甲", "首先，要学。正文。", "最后，要干。正文。", "其次，要想。正文。"])
    ops.move_up(d, 3)
    assert [h.marker for h in parse(d.paragraphs).headings[1:]] == ["首先，", "其次，", "最后，"]
