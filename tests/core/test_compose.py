"""One-step first draft from the seed bank, and sibling headings of the same pattern."""

from __future__ import annotations

import pytest

from desktop.core.checks import check
from desktop.core.compose import compose, heading_words, propose_siblings
from desktop.core.draft import DraftError
from desktop.core.numbering import scheme
from desktop.core.phrases import SLOT_RE, dedup_key
from desktop.core.sentences import split_sentences
from desktop.core.speech_types import get_type, type_names
from desktop.core.structure import parse


@pytest.fixture(scope="module")
def seed_bank(tmp_path_factory: pytest.TempPathFactory, tokenizer):
    from desktop.infra.paths import data_paths
    from desktop.store.bank import PhraseBank
    from desktop.store.seed import build_default_bank

    paths = data_paths(tmp_path_factory.mktemp("bank"))
    build_default_bank(paths, tokenizer=tokenizer)
    bank = PhraseBank.open(paths.bank, tokenizer=tokenizer, backups_dir=paths.backups)
    yield bank
    bank.close()


def bank_texts(bank) -> dict[str, str]:
    return {dedup_key(h.text): h.kind for h in bank.search("", limit=10000)}


@pytest.mark.parametrize("name", type_names())
def test_each_type_gets_its_structure(seed_bank, name: str) -> None:
    st = get_type(name)
    shape = st.structure
    d = compose(seed_bank, name, topic_words=["作风建设"], seed=1)
    speech = parse(d.paragraphs)
    assert speech.title == d.paragraphs[0] and "作风建设" in speech.title
    assert (speech.salutation or "") == st.salutation
    assert speech.closing, "the closing is recognised as such"
    top = [h for h in speech.headings if h.level == 1]
    if shape.levels[0] == "plain" and shape.runin[0]:
        assert speech.headings == []  # 致辞: parts are paragraphs, no headings
    else:
        assert len(top) == shape.sections
        assert {h.scheme for h in top} == {shape.levels[0]}
        assert all(h.runin == shape.runin[0] for h in top) or shape.levels[0] == "plain"
        for depth in range(2, len(shape.levels) + 1):
            level = [h for h in speech.headings if h.level == depth]
            assert {h.scheme for h in level} == {shape.levels[depth - 1]}
            assert len(level) == shape.sections * shape.subsections ** (depth - 1)
    # numbering follows order and nothing is repeated or left half-paired
    assert [f for f in check(d) if f.code not in ("slot", "halfwidth")] == []
    assert (d.speech_type, d.structure, tuple(d.levels)) == (name, shape.name, shape.levels)


def test_opening_transition_counts_the_sections(seed_bank) -> None:
    d = compose(seed_bank, "动员部署讲话", structure="一、/一是", topic_words=["安全生产"], seed=0)
    opening = [b.text for b in parse(d.paragraphs).blocks if b.role == "opening"]
    assert opening and opening[-1].endswith("下面，我讲三方面意见。")
    d4 = compose(seed_bank, "全会讲话", topic_words=["安全生产"], seed=0)
    assert "讲五方面意见" in "".join(d4.paragraphs)  # 全会讲话 has five sections by default


def test_structure_by_name_or_spec(seed_bank) -> None:
    d = compose(seed_bank, "动员部署讲话", structure="一、/（一）/1.", topic_words=["安全生产"], seed=2)
    levels = {(h.level, h.scheme) for h in parse(d.paragraphs).headings}
    assert levels == {(1, "cn_dun"), (2, "paren_cn"), (3, "arabic_dot")}
    d2 = compose(seed_bank, "研讨发言", structure="第一，/一要", topic_words=["安全生产"], seed=2)
    assert [h.scheme for h in parse(d2.paragraphs).headings][:2] == ["di_cn", "cn_yao"]
    with pytest.raises(DraftError):
        compose(seed_bank, "研讨发言", structure="不存在的结构", topic_words=["安全生产"])
    with pytest.raises(DraftError):
        compose(seed_bank, "不存在的类型", topic_words=["安全生产"])
    with pytest.raises(DraftError):
        compose(seed_bank, "研讨发言", topic_words=[])


def test_no_unit_used_twice_and_slots_kept(seed_bank) -> None:
    known = bank_texts(seed_bank)
    d = compose(seed_bank, "全会讲话", topic_words=["营商环境", "招商引资"], target_chars=5000, seed=4)
    sentences = [dedup_key(s) for p in d.paragraphs for s in split_sentences(p)]
    from_bank = [s for s in sentences if s in known]
    assert len(from_bank) > 20
    assert len(from_bank) == len(set(from_bank))
    assert any(SLOT_RE.search(p) for p in d.paragraphs)  # 【数字】… come through untouched


def test_topic_words_are_covered(seed_bank) -> None:
    words = ["乡村振兴", "人居环境", "集体经济"]
    d = compose(seed_bank, "交流发言", topic_words=words, seed=5)
    text = "".join(d.paragraphs)
    assert all(w in text for w in words)
    heads = " ".join(h.text for h in parse(d.paragraphs).headings)
    assert all(w in heads for w in words)  # three sections, one topic word each


def test_reproducible_with_seed(seed_bank) -> None:
    a = compose(seed_bank, "研讨发言", topic_words=["作风建设"], seed=7)
    b = compose(seed_bank, "研讨发言", topic_words=["作风建设"], seed=7)
    c = compose(seed_bank, "研讨发言", topic_words=["作风建设"], seed=8)
    assert a.paragraphs == b.paragraphs
    assert a.paragraphs != c.paragraphs


@pytest.mark.parametrize("target", [1500, 3000, 6000])
def test_length_close_to_target(seed_bank, target: int) -> None:
    d = compose(seed_bank, "动员部署讲话", topic_words=["作风建设"], target_chars=target, seed=1)
    chars = sum(len(p) for p in d.paragraphs)
    assert abs(chars - target) <= target * 0.2
    m = compose(seed_bank, "动员部署讲话", topic_words=["作风建设"], minutes=10, seed=1)
    assert abs(sum(len(p) for p in m.paragraphs) - 2200) <= 2200 * 0.2


def test_propose_siblings_from_frames() -> None:
    got = propose_siblings("一、着眼大局，把牢政治方向", 3)
    assert len(got) == 3 and all(g.startswith(("着力", "着重", "着手", "着实")) for g in got)
    assert len({g[:2] for g in got}) == 3
    got = propose_siblings("深刻把握作风建设的重大意义", 2)
    assert got == ["准确理解作风建设的核心要义", "自觉践行作风建设的实践要求"]
    got = propose_siblings("坚持以学促干，在学思践悟中把牢方向", 3, topic="基层治理")
    assert all(g.startswith("坚持") and "，在" in g and g.endswith(tuple("向为性局怀")) for g in got)
    assert "坚持以学促干，在学思践悟中把牢方向" not in got


def test_propose_siblings_from_the_bank(seed_bank) -> None:
    got = propose_siblings("二、坚持埋头苦干，在履职尽责中展现作为。", 2, bank=seed_bank)
    assert got == ["坚持以学促干，在学思践悟中把牢方向", "坚持真抓实干，在转变作风中锤炼党性"]
    assert heading_words("（一）压紧压实责任。") == "压紧压实责任"
    assert scheme("cn_dun").format(2) == "二、"


def test_marker_verbs_are_not_repeated_in_composed_headings():
    from desktop.core.compose import _repeats_marker_verb

    assert _repeats_marker_verb("cn_yao", "理论学习要深学细悟、学懂弄通")
    assert not _repeats_marker_verb("paren_cn", "理论学习要深学细悟、学懂弄通")
    assert not _repeats_marker_verb("cn_yao", "加强督促检查")


def test_skeleton_has_the_shape_and_slots_but_no_bank_text():
    from desktop.core.compose import skeleton
    from desktop.core.phrases import SLOT_TEXT

    draft = skeleton("动员部署讲话", None, ["安全生产"], 3000)
    speech = draft.outline()
    tops = [h for h in speech.headings if h.level == 1]
    assert [h.marker for h in tops] == ["一、", "二、", "三、"]
    assert all(h.marker.startswith("（") for h in speech.headings if h.level == 2)
    leaves = [b for b in speech.blocks if b.role == "heading" and b.heading.runin]
    assert leaves and all(b.text.endswith(SLOT_TEXT) for b in leaves)
    assert speech.salutation == "同志们：" and speech.closing
