"""Arbitrary Unicode into the structure parser, the search box and the checks: nothing escapes,
and the parser's output keeps the invariants everything downstream relies on.

SPEECHDRAFT_HYPOTHESIS_EXAMPLES sets the examples per test (150 in CI).
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop.core import document as doc
from desktop.core.checks import check, summarize
from desktop.core.cjk_chars import han_count
from desktop.core.structure import parse
from desktop.store.bank import PhraseBank
from desktop.store.errors import BankError
from tests.helpers.robust_support import HYPOTHESIS_EXAMPLES, copy_bank

# Pieces real speeches are made of, so that the parser's interesting paths are reached often.
FRAGMENTS = [
    "一、",
    "二、",
    "三、",
    "（一）",
    "（二）",
    "（三）",
    "1.",
    "2.",
    "1、",
    "（1）",
    "①",
    "第一，",
    "第二，",
    "一是",
    "二是",
    "三是",
    "首先，",
    "其次，",
    "同志们：",
    "同志们，",
    "各位领导：",
    "谢谢大家！",
    "发言完毕。",
    "——在全县大会上的讲话",
    "2024年3月1日",
    "县委书记 张三",
    "在全县经济工作会议上的讲话",
    "提高政治站位",
    "强化责任担当",
    "推动高质量发展。",
    "坚持稳中求进，",
    "【数字】",
    "××",
    "“",
    "”",
    "《",
    "》",
    "（",
    "）",
    "。",
    "；",
    "：",
    "！",
    "？",
    ",",
    ".",
    " ",
    "\u3000",
    "\u00a0",
    "\t",
    "…",
    "—",
]
paragraph = st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=8)), max_size=8).map("".join)
paragraphs = st.lists(st.one_of(paragraph, st.text(max_size=40)), max_size=25)
quick = settings(
    max_examples=HYPOTHESIS_EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@quick
@given(paragraphs)
def test_parse_never_fails_and_keeps_its_invariants(paras):
    speech = parse(paras)
    stripped = [p.strip() for p in paras]
    assert speech.paragraphs == stripped
    assert [(b.index, b.text) for b in speech.blocks] == list(enumerate(stripped))
    previous = None
    for h in speech.headings:
        text = stripped[h.paragraph]
        assert text.startswith(h.text) and h.text.startswith(h.marker) and h.text
        assert h.runin or h.text == text
        assert speech.blocks[h.paragraph].role == doc.HEADING and speech.blocks[h.paragraph].heading is h
        if previous is None:
            assert h.level == 1
        else:
            assert h.paragraph > previous.paragraph  # in paragraph order, one per paragraph
            assert 1 <= h.level <= previous.level + 1  # nesting deepens one level at a time
        previous = h
    headed = {h.paragraph for h in speech.headings}
    assert {b.index for b in speech.blocks if b.role == doc.HEADING} == headed
    assert all(b.role == doc.BLANK for b in speech.blocks if not b.text)
    if speech.title is not None:
        titles = speech.blocks_with_role(doc.TITLE)
        assert len(titles) == 1 and speech.title.startswith(titles[0].text)
    if speech.salutation is not None:
        assert [b.text for b in speech.blocks_with_role(doc.SALUTATION)] == [speech.salutation]
    if speech.closing is not None:
        closing = speech.blocks_with_role(doc.CLOSING)
        assert closing and closing[0].text.startswith(speech.closing)
    for e in speech.enumerations:
        assert all(item in stripped[e.paragraph] for item in e.items)
    for k in range(len(speech.headings)):  # sections nest inside the document
        assert speech.headings[k].paragraph < speech.section_end(k) <= len(stripped)


@quick
@given(paragraphs)
def test_checks_never_fail_and_point_inside_the_text(paras):
    findings = check(paras)
    for f in findings:
        assert 0 <= f.paragraph < len(paras)
        assert 0 <= f.start <= f.end <= len(paras[f.paragraph]), f
        assert han_count(f.message) >= 4, f.message
    summary = summarize(paras, findings=findings)
    assert summary.findings == len(findings) and summary.chars >= 0
    assert han_count(summary.line()) > 0


@pytest.fixture(scope="module")
def search_bank(tmp_path_factory, base_bank, tokenizer):
    folder = tmp_path_factory.mktemp("search-bank")
    with PhraseBank.open(
        copy_bank(base_bank, folder / "bank.sqlite3"), tokenizer=tokenizer, backups_dir=folder / "backups"
    ) as bank:
        yield bank


typed = st.one_of(
    st.text(max_size=30),
    st.lists(
        st.sampled_from(
            FRAGMENTS
            + [
                '"',
                "*",
                "AND",
                "OR",
                "NOT",
                "NEAR(",
                "^",
                ":",
                "-",
                "\x00",
                "\ud800",
                "\udfff",
                "发展",
                "工作",
                "'",
                "%",
                "_",
                "\\",
            ]
        ),
        max_size=10,
    ).map("".join),
)


@quick
# source is a document id (from list_documents) or a name; ids are SQLite integers.
@given(
    query=typed, tag=st.one_of(st.none(), typed), source=st.one_of(st.none(), typed, st.integers(-(2**63), 2**63 - 1))
)
def test_search_box_takes_anything(search_bank, query, tag, source):
    try:
        hits = search_bank.search(query, tag=tag, source=source, limit=10)
    except BankError as exc:  # allowed only as a message the writer can read
        pytest.fail(f"search refused {query!r}: {exc}")
    assert len(hits) <= 10
    assert len({h.unit_id for h in hits}) == len(hits)
