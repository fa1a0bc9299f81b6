"""Topic vocabulary: the writer's file (checked line by line) and terms co-occurring in the bank."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from desktop.core.phrase_source import SearchHit
from desktop.core.topics import (
    TopicFileError,
    bank_terms,
    default_topics,
    load_topics,
    parse_topics,
    topic_terms,
    widen,
)


def test_shipped_file_names_the_common_topics_and_their_terms() -> None:
    vocab = default_topics()
    assert len(vocab) >= 40
    for topic, term in [
        ("安全生产", "隐患排查"),
        ("安全生产", "应急管理"),
        ("安全生产", "安全责任"),
        ("乡村振兴", "三农"),
        ("乡村振兴", "和美乡村"),
        ("乡村振兴", "千万工程"),
        ("营商环境", "市场主体"),
        ("作风建设", "形式主义"),
    ]:
        assert term in vocab.related(topic), (topic, term)


def test_a_related_term_widens_to_its_topic_and_siblings() -> None:
    vocab = default_topics()
    assert "乡村振兴" in vocab.related("三农") and "千万工程" in vocab.related("三农")
    assert "三农" not in vocab.related("三农")
    assert "主题教育" not in vocab.related("调查研究")  # a topic of its own keeps to its own terms
    assert vocab.topic("安全生产工作").name == "安全生产"  # the longest topic name the word holds
    assert vocab.topic("不相干的词") is None and vocab.related("不相干的词") == ()
    assert vocab.terms("乡村振兴")[0] == "乡村振兴"
    widened = widen(["乡村振兴", "三农"])
    assert "千万工程" in widened and "乡村振兴" not in widened and "三农" not in widened


def test_aliases_and_separators() -> None:
    vocab = parse_topics("# 注释\n\n生态环境保护/生态文明建设：绿色发展、污染防治，双碳；河湖长制 美丽中国\n")
    t = vocab.topic("生态文明建设")
    assert t is not None and t.name == "生态环境保护" and t.line == 3
    assert t.related == ("绿色发展", "污染防治", "双碳", "河湖长制", "美丽中国")
    assert "生态文明建设" in vocab.related("生态环境保护")


@pytest.mark.parametrize(
    ("text", "line", "says"),
    [
        ("安全生产：隐患排查\n乡村振兴 三农\n", 2, "缺少冒号"),
        ("安全生产：\n", 1, "冒号后没有相关词"),
        ("：隐患排查\n", 1, "冒号前没有主题"),
        ("安全生产：隐患排查：应急\n", 1, "多了一个冒号"),
        ("安全生产：隐患排查\n\n安全生产：应急管理\n", 3, "在第 1 行已经写过"),
        ("安全生产：隐患。排查\n", 1, "标点"),
        ("安全生产：查\n", 1, "每个词应为 2 到 16 个字"),
    ],
)
def test_a_malformed_line_is_named_with_file_and_line(text: str, line: int, says: str) -> None:
    with pytest.raises(TopicFileError) as err:
        parse_topics(text, "我的主题词表.txt")
    message = str(err.value)
    assert f"我的主题词表.txt 第 {line} 行" in message and says in message


def test_file_errors_are_chinese_and_name_the_file(tmp_path: Path) -> None:
    bad = tmp_path / "topics.txt"
    bad.write_bytes("安全生产：隐患排查\n".encode("gbk"))
    with pytest.raises(TopicFileError, match="UTF-8"):
        load_topics(bad)
    with pytest.raises(TopicFileError, match="读不了主题词表"):
        load_topics(tmp_path / "没有这个文件.txt")
    good = tmp_path / "ok.txt"
    good.write_text("\ufeff安全生产：隐患排查、应急管理\n", encoding="utf-8")
    assert load_topics(good).related("安全生产") == ("隐患排查", "应急管理")


@dataclass
class _Bank:
    """A PhraseSource over (text, document) pairs; keywords are the listed words in the text."""

    units: list[tuple[str, str]]
    words: tuple[str, ...]

    def search(self, query: str, *, kind=None, speech_type=None, favourites_only=False, limit: int = 20, widen=True):
        found = [(t, d) for t, d in self.units if query in t]
        return [SearchHit(i, t, "论述", None, 1.0, False, 0, (d,)) for i, (t, d) in enumerate(found[:limit])]

    def get_units(self, unit_ids):
        return []

    def keywords(self, text: str, limit: int = 6) -> list[str]:
        return [w for w in self.words if w in text][:limit]


def _bank() -> _Bank:
    units = [
        ("抓安全生产要盯紧危化品和隐患台账。", "甲"),
        ("安全生产的关键是隐患台账闭环。", "乙"),
        ("安全生产工作中危化品企业要自查。", "乙"),
        ("安全生产只在一篇文稿里谈到燃气管网和燃气管网。", "甲"),
        ("安全生产要落实燃气管网巡查。", "甲"),
    ]
    units += [(f"第{i}句讲的是工作作风和群众路线。", "丙") for i in range(30)]
    units += [("隐患台账以外的事。", "丙")]
    return _Bank(units, ("危化品", "隐患台账", "燃气管网", "群众路线", "工作"))


def test_bank_terms_cooccur_across_documents_and_stand_out() -> None:
    terms = bank_terms(_bank(), "安全生产")
    assert "危化品" in terms and "隐患台账" in terms  # with the topic in two documents each
    assert "燃气管网" not in terms  # only ever in one document
    assert "群众路线" not in terms and "工作" not in terms  # never with the topic / generic
    assert bank_terms(_bank(), "乡村振兴") == [] and bank_terms(_bank(), " ") == []


def test_topic_terms_join_file_and_bank() -> None:
    terms = topic_terms("安全生产", _bank())
    assert terms[0] == "安全生产" and "隐患排查" in terms and "危化品" in terms
    assert len(terms) == len(set(terms))
