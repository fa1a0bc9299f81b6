"""Topic vocabulary: the terms that belong to a topic (安全生产: 隐患排查, 应急管理, 安全责任 …).

Two sources, one answer:

- the writer-editable file resources/topics.txt, one topic a line
  (``主题[/别名]：相关词、相关词``), checked on load: an error names the file and the line;
- the bank itself: terms that stand in units with the topic, across two or more documents,
  far more often than in the bank at large (`bank_terms`).

Search widens a query with `related` when its own hits are few, the phrase panel and
composition read `terms`/`topic_terms` to tell a sentence on the topic from one that is not.
Core imports no store: the bank is a `PhraseSource`.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from desktop.core.phrase_source import PhraseSource
from desktop.infra.data_files import line_error, read_text
from desktop.infra.errors import UserError
from desktop.infra.paths import resource_path

FILE_NAME = "topics.txt"
MAX_FILE_BYTES = 1_000_000
MAX_LINES = 20_000
MIN_TERM, MAX_TERM = 2, 16
_NAME_SPLIT = re.compile(r"\s*[/／|｜]\s*")
_TERM_SPLIT = re.compile(r"\s*[、，,；;]\s*|\s+")
_TERM_OK = re.compile(r"^[\u3400-\u9fffA-Za-z0-9·]+$")
_COLON = re.compile(r"[：:]")

# Words that stand beside every topic: never a topic's term from the bank.
GENERIC_TERMS = frozenset(
    " ".join(
        (
            "工作 推进 推动 加强 深入 全面 扎实 坚持 提高 落实 任务 各项 强化",
            "提升 持续 切实 着力 努力 不断 进一步 建设 发展 重点 突出 认识 理解",
            "把握 要求 实践 方法 保障 组织 机制 责任 开展 确保 坚决 始终 更加",
            "高度 大力 主要 问题 我们 同志 大家 今天 一年 方面 能力 干部 思想",
            "政治 作用 重要 积极 群众 人民 全县 全市 全省 我县 我市 单位 部门",
            "领导 会议 精神 习近平 总书记 党中央 中央 国家 社会 经济 体系 水平",
            "质量 情况 一是 二是 三是 形成 取得 进行 实现 做好 抓好 抓实 统筹",
            "健全 完善 构建 聚焦 围绕 服务 管理 党委 政府 县委 市委 政策 目标",
            "全力 工作者 实施 打造 加快 引领 深化 巩固 拓展 行动 贯彻 学习 重大",
            "牢记 即将 迎接 全体 美好 未来 时刻 彼此 成果 优化 一流 深度 融合",
            "中心 纳入 常态 全党 深入开展 广大 开局 起步 同比 增长 下降 完成 达到",
            "其中 累计 目前 当前 近年来 新时代 奋进 奋力 谱写 新篇章 各级 各地",
            "各部门 有力 有效 显著 明显 加大 力度 成效 紧紧 牢牢",
        )
    ).split()
)


class TopicFileError(UserError):
    """The topic file cannot be used as written; the message names the file and the line."""


@dataclass(frozen=True)
class Topic:
    """One line of the topic file."""

    name: str
    aliases: tuple[str, ...]
    related: tuple[str, ...]
    line: int = 0

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)


@dataclass(frozen=True)
class TopicVocabulary:
    """The topics of one topic file, found by any of their names."""

    topics: tuple[Topic, ...] = ()
    source: str = ""
    _by_name: dict[str, Topic] = field(default_factory=dict, compare=False, repr=False)
    _by_term: dict[str, tuple[Topic, ...]] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        by_term: dict[str, list[Topic]] = {}
        for t in self.topics:
            for n in t.names:
                self._by_name.setdefault(n, t)
            for r in t.related:
                by_term.setdefault(r, []).append(t)
        self._by_term.update({k: tuple(v) for k, v in by_term.items()})

    def topic(self, word: str) -> Topic | None:
        """The topic named `word` (or an alias); else the longest topic name `word` contains
        (安全生产工作 → 安全生产)."""
        w = word.strip()
        if w in self._by_name:
            return self._by_name[w]
        inside = [n for n in self._by_name if len(n) >= 2 and n in w]
        return self._by_name[max(inside, key=len)] if inside else None

    def related(self, word: str) -> tuple[str, ...]:
        """Terms that widen `word`: a topic's related terms; for a related term that is no topic
        of its own (三农), the topics that list it (乡村振兴) and their other terms. Never `word`."""
        w = word.strip()
        out: list[str] = []
        t = self.topic(w)
        if t is not None:
            out += [n for n in t.names if n != w] + list(t.related)
        if w not in self._by_name:  # a topic of its own (调查研究) is not widened to the topics that list it
            for owner in self._by_term.get(w, ()):
                out += [*owner.names, *owner.related]
        return tuple(x for x in dict.fromkeys(out) if x != w)

    def terms(self, word: str) -> tuple[str, ...]:
        """`word` and the terms that belong with it (what a sentence on that topic may contain)."""
        return (word.strip(), *self.related(word))

    def __len__(self) -> int:
        return len(self.topics)


# ---------------------------------------------------------------- the file


def parse_topics(text: str, source: str = FILE_NAME) -> TopicVocabulary:
    """The vocabulary written in `text`; TopicFileError naming `source` and the line otherwise."""
    lines = text.splitlines()
    if len(lines) > MAX_LINES:
        raise TopicFileError(f"主题词表 {source} 有 {len(lines)} 行，超过上限 {MAX_LINES} 行。请删去不用的主题后重试。")
    topics: list[Topic] = []
    seen: dict[str, int] = {}
    for number, raw in enumerate(lines, start=1):
        line = raw.strip().lstrip("\ufeff")
        if not line or line.startswith("#"):
            continue

        def bad(what: str, number: int = number, raw: str = raw) -> UserError:
            return line_error(TopicFileError, "主题词表", source, number, raw, what, "“主题：相关词、相关词”的格式")

        parts = _COLON.split(line, maxsplit=1)
        if len(parts) != 2:
            raise bad("缺少冒号“：”，分不出主题和相关词")
        head, tail = parts[0].strip(), parts[1].strip()
        names = [n for n in _NAME_SPLIT.split(head) if n]
        if not names:
            raise bad("冒号前没有主题")
        related = [t for t in _TERM_SPLIT.split(tail) if t]
        if not related:
            raise bad("冒号后没有相关词")
        for word in (*names, *related):
            if _COLON.search(word):
                raise bad(f"“{word}”里多了一个冒号，一行只写一个主题")
            if not MIN_TERM <= len(word) <= MAX_TERM:
                raise bad(f"“{word}”有 {len(word)} 个字，每个词应为 {MIN_TERM} 到 {MAX_TERM} 个字")
            if not _TERM_OK.match(word):
                raise bad(f"“{word}”里有标点或符号，词与词之间请用顿号“、”隔开")
        for n in names:
            if n in seen:
                raise bad(f"主题“{n}”在第 {seen[n]} 行已经写过，请合并成一行")
            seen[n] = number
        topics.append(Topic(names[0], tuple(names[1:]), tuple(dict.fromkeys(related)), number))
    return TopicVocabulary(tuple(topics), source)


def load_topics(path: Path | None = None) -> TopicVocabulary:
    """The topic file at `path` (default resources/topics.txt); an absent default file is an
    empty vocabulary, an unreadable or malformed one a TopicFileError."""
    file = path or resource_path(FILE_NAME)
    if path is None and not file.exists():
        return TopicVocabulary((), str(file))
    text = read_text(file, what="主题词表", max_bytes=MAX_FILE_BYTES, error=TopicFileError)
    return parse_topics(text, str(file))


@lru_cache(maxsize=1)
def default_topics() -> TopicVocabulary:
    """resources/topics.txt, read once."""
    return load_topics()


# ---------------------------------------------------------------- the bank


def bank_terms(
    bank: PhraseSource,
    topic: str,
    *,
    limit: int = 12,
    hits: int = 200,
    background: int = 800,
    min_documents: int = 2,
) -> list[str]:
    """Terms that co-occur with `topic` in the bank: keywords of the units the topic finds,
    standing in units of at least `min_documents` documents and at least three times as often
    among them as in the bank at large; best (most units × strongest lift) first."""
    topic = topic.strip()
    if not topic:
        return []
    found = [h for h in bank.search(topic, limit=hits, widen=False) if topic in h.text]
    if len(found) < 2:
        return []
    rest = [h for h in bank.search("", limit=background) if topic not in h.text]
    return cooccurring(
        topic,
        [(h.text, h.sources) for h in found],
        [h.text for h in rest],
        bank.keywords,
        limit=limit,
        min_documents=min_documents,
    )


def cooccurring(
    topic: str,
    with_topic: Sequence[tuple[str, Sequence[str]]],
    others: Sequence[str],
    keywords: Callable[[str, int], list[str]],
    *,
    limit: int = 12,
    min_documents: int = 2,
    min_lift: float = 3.0,
) -> list[str]:
    """The ranking of `bank_terms` on given texts: (text, its documents) with the topic, and
    texts without it."""
    units: Counter[str] = Counter()
    docs: dict[str, set[str]] = {}
    for text, sources in with_topic:
        for w in set(keywords(text, 10)):
            if _candidate(w, topic):
                units[w] += 1
                docs.setdefault(w, set()).update(sources or (text,))
    base: Counter[str] = Counter()
    for text in others:
        base.update(set(keywords(text, 10)))
    n_with, n_base = max(1, len(with_topic)), max(1, len(others))
    scored = []
    for w, n in units.items():
        if n < 2 or len(docs[w]) < min_documents:
            continue
        lift = (n / n_with) / ((base[w] + 0.5) / n_base)
        if lift >= min_lift:
            scored.append((-(n * math.log(lift)), w))
    return [w for _, w in sorted(scored)[:limit]]


def _candidate(word: str, topic: str) -> bool:
    return (
        len(word) >= 2
        and word not in GENERIC_TERMS
        and word not in topic
        and topic not in word
        and bool(_TERM_OK.match(word))
        and not word.isdigit()
        and "【" not in word
    )


def topic_terms(topic: str, bank: PhraseSource | None = None, vocabulary: TopicVocabulary | None = None) -> list[str]:
    """The topic, its file terms, then the bank's co-occurring terms not already listed."""
    vocab = vocabulary if vocabulary is not None else default_topics()
    out = list(vocab.terms(topic))
    if bank is not None:
        out += bank_terms(bank, topic)
    return list(dict.fromkeys(t for t in out if t))


def widen(words: Iterable[str], vocabulary: TopicVocabulary | None = None) -> list[str]:
    """Every related term of the words, each once, the words themselves left out."""
    vocab = vocabulary if vocabulary is not None else default_topics()
    given = [w.strip() for w in words if w.strip()]
    out = [r for w in given for r in vocab.related(w)]
    return [x for x in dict.fromkeys(out) if x not in given]
