"""One-step first draft (一键成稿) that fits the topic or leaves an honest gap; parallel sibling headings.

A draft is laid out from the speech type's data (resources/speech_types.json), section by section:

- title, opening and closing from the type's own texts, with the meeting's name (`meeting`, e.g.
  全县安全生产工作会议) and the topic filled in; a 致辞 takes its occasion's (节日: 新年致辞, 典礼: 在开学
  典礼上的致辞); no bank unit of another meeting's opening or closing is used;
- headings: a parallel sibling group from the bank whose every heading names the topic or one of its
  terms, else one of the type's heading frames; each heading has a role (意义, 任务, 保障 …) and its
  sub-headings follow that role and the topic, a 任务 heading taking the topic's next related term
  (扎实推进隐患排查);
- each leaf's body: bank sentences on the topic (its name or a term of core.topics: the writer's file
  and the bank's co-occurring terms) scored by the terms of the heading and its parent, kept above a
  threshold, in the type's voice (表态发言: 我们将…), each of a unit's sentences on the topic or its
  heading (else the unit is left out whole); none that names a meeting, carries unslotted
  specifics, speaks of another administrative level's own area (全省 in a county's draft, by the
  writer's own place) or repeats a sentence already used, even nearly (core.similar). Where the bank has too
  little that fits, a hinted slot says what to write and about how much (【待填：隐患排查的具体举措，约200字】).

The length is the type's (表态发言 about 1,000 characters) unless given. The same inputs and seed give
the same draft. The bank is a core.phrase_source.PhraseSource; core imports no store.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from desktop.core.document import BODY, HEADING
from desktop.core.draft import Draft, DraftError
from desktop.core.kinds import BODY_KINDS, HEADING_KINDS, Kind, heading_kind
from desktop.core.numbering import INLINE_WORDS, UNNUMBERED, cn_number, match_marker, scheme
from desktop.core.outline_ops import renumbered_paragraphs
from desktop.core.phrase_source import PhraseSource, SearchHit, UnitRecord
from desktop.core.phrases import SLOT_TEXT, classify_sentence, dedup_key
from desktop.core.sentences import leans_back, split_sentences
from desktop.core.similar import char_pairs, near_duplicate
from desktop.core.slots import SLOT_RE, SLOT_UNIT, Slotter, default_lexicon, hinted_slot
from desktop.core.speech_types import SpeechType, Structure, get_type, type_names
from desktop.core.structure import starts_closing
from desktop.core.topics import GENERIC_TERMS, TopicVocabulary, bank_terms, default_topics
from desktop.core.writer import Writer
from desktop.infra.data_files import load_json
from desktop.infra.paths import resource_path

DEFAULT_TARGET_CHARS = 3000
CHARS_PER_MINUTE = 220
PARAGRAPH_CHARS = 320  # a body paragraph is cut after about this many characters
SEARCH_LIMIT = 40
TOPIC_POOL = 240  # units the topic's own search gives every section to choose from
MIN_SCORE = 2.5  # a sentence's relevance to its section (see _Composer.score) below this is not used
MIN_FILLED = 0.6  # a section filled less than this share of its length gets a hinted slot for the rest
FEW_FILE_TERMS = 6  # a topic with fewer related terms in the writer's file also takes the bank's
MAX_SLOTS = 2  # a sentence with more open slots than this leaves too much to fill
_END = "。！？”’"
_SEP = re.compile(r"[，、；：,;:]")
# A sentence that speaks of its own meeting or speaker (这次会议, 刚才, 我讲三点意见), or of its own
# document's period (这五年, 今年以来): never in a body.
_OCCASION_BOUND = re.compile(
    r"这[一二三四五]年|过去[一二三四五]年|今年以来|去年以来|召开|这次|本次|此次|今天|刚才|会议的主要任务|同志们|我讲|下面|谈几点|谈[一二三四五六七八九十]点|讲[一二三四五六七八九十]点|"
    r"【会议名称】|【人名】|大会上|会上|致辞|发言|报告如下|我代表|在座|各位|(?<![其利吉])[他她](?![人国乡])"
)
# A result another document reports (事故起数实现“双下降”, 全年未发生重大事故, 超额完成目标任务,
# 得到通报表扬, 形势持续向好): a fact of that place and year, not phrasing for another writer's draft.
# A clause that aims at such a result (推动…持续向好, 确保不发生…) is no report of one, and a change
# (持续下降, 稳步提升) is a result only after its subject: at the clause's head it is a task (持续提升…水平).
_RESULT = re.compile(
    r"双下降|双提升|未发生|没有发生|(超额|提前)完成|通报表扬|获[^，。；]{0,12}(表扬|表彰|肯定)|走在(全国|全省)?前列|"
    r"成功应对|(稳定|持续)向好|(保持|总体)平稳|"
    r"取得(了)?(新|明显|显著|积极|重大|阶段性)(的)?(成效|进展|突破|成绩)|连续(【数字】|\d+)年"
)
_CHANGE = re.compile(r"(持续|分别|同比|均|大幅|明显|稳步)(下降|增长|提升|提高|增强|改善)")
_AIMS = re.compile(r"推动|推进|确保|力争|促进|保持|努力|要|将|坚决|防止|避免|守住|力求|争取|不断")


def reports_result(text: str) -> bool:
    """The text states a result achieved (see _RESULT, _CHANGE) in a clause that does not aim at it."""
    for rx, after_subject in ((_RESULT, False), (_CHANGE, True)):
        for m in rx.finditer(text):
            lead = text[max(text.rfind(c, 0, m.start()) for c in "，。；：！？、") + 1 : m.start()]
            if (lead or not after_subject) and not _AIMS.search(lead):
                return True
    return False


# Greetings and wishes belong to the opening and closing of a 致辞, not to its parts.
_GREETING = re.compile(r"祝|新年好|问候|致以|我谨|代表|感谢|谢谢")
# Problems and shortfalls: no pledge or report of one's own deeds.
_SHORTFALL = re.compile(r"仍需|仍有|还有待|有待|不足|差距|短板|弱项|问题")
# An organisation named by a proper name (福州大学, 某某集团): another writer's.
_NAMED_ORG = re.compile(r"[\u4e00-\u9fff]{2,6}(?:大学|学院|中学|小学|公司|集团|医院|银行|研究院|研究所)")
_DIGIT = re.compile(r"[0-9０-９]")
_PLEDGE = re.compile(r"^[^，。；：！？]{0,14}?(?:要|必须|务必)(?![求素害点务案闻件])")
# What a section of each role asks the writer to write where the bank has too little.
_HINTS: dict[str, tuple[str, ...]] = {
    "意义": ("方面的本地形势", "对本地发展的意义", "面临的现实挑战", "工作的紧迫性"),
    "任务": ("的具体做法", "的工作目标和措施", "的重点任务和时限", "的推进路径"),
    "保障": ("的责任分工", "的制度安排", "的督查考核办法", "的队伍力量", "的经费和要素保障"),
    "学习": ("的学习收获", "带来的思想触动"),
    "能力": ("方面的能力短板和提升办法",),
    "实践": ("的实践事例", "的工作打算"),
    "作风": ("方面的作风表现", "方面的改进打算"),
    "德": ("本人政治思想和理想信念方面的表现",),
    "能": ("本人学习和履职能力的提升",),
    "勤": ("本人勤勉履职的具体事例",),
    "绩": ("本人分管工作的主要成效和数据",),
    "廉": ("本人落实廉洁自律规定的情况",),
    "不足": ("对照职责查找的具体不足",),
    "打算": ("下一步的努力方向和措施",),
}
# Sentences that open with one of these are deeds a speaker can pledge (我们将…) or report (我始终…).
_ACTION_START = re.compile(
    r"^(坚持|深化|推进|强化|加强|落实|健全|完善|抓好|扎实|深入|全面|持续|加快|着力|严格|压实|压紧|聚焦|围绕|推动|开展|狠抓|"
    r"切实|大力|积极|不断|进一步|始终|坚决|统筹|构建|提升|优化|打造|实施|建立|牢固树立|树牢|把|以|用心|主动|认真)"
)
_PERSONAL_ROLES = ("德", "能", "勤", "绩", "廉", "不足", "打算")
_TERM_FALLBACKS = ("{topic}重点任务", "{topic}基础工作", "{topic}薄弱环节", "{topic}长效机制", "{topic}协同联动")


@dataclass
class _Unit:
    id: int
    text: str
    kind: str
    speech_type: str | None
    score: float = 0.0


@dataclass
class _Section:
    level: int
    words: str  # heading words without number or end mark
    children: list[_Section] = field(default_factory=list)
    body: list[str] = field(default_factory=list)  # sentences, hinted slots
    role: str = "任务"
    term: str = ""  # the topic term the section is about, if any
    parent: _Section | None = None


def target_length(target_chars: int | None = None, minutes: float | None = None, default: int | None = None) -> int:
    if target_chars is not None and minutes is not None:
        raise DraftError("字数和时长只能指定一个。")
    if minutes is not None:
        if minutes <= 0:
            raise DraftError("讲话时长必须大于 0 分钟。")
        return round(minutes * CHARS_PER_MINUTE)
    if target_chars is not None and target_chars <= 0:
        raise DraftError("目标字数必须大于 0。")
    return target_chars or default or DEFAULT_TARGET_CHARS


def compose(
    bank: PhraseSource,
    speech_type: str,
    structure: str | None = None,
    topic_words: Sequence[str] = (),
    target_chars: int | None = None,
    minutes: float | None = None,
    seed: int = 0,
    writer: Writer | Mapping[str, str] | None = None,
    vocabulary: TopicVocabulary | None = None,
    hints: bool = True,
) -> Draft:
    """A complete first draft of `speech_type` about `topic_words`, close to the target length
    (the type's own without one); `writer` is the writer's own place and unit (设置)."""
    try:
        st = get_type(speech_type)
    except KeyError:
        raise DraftError(f"没有“{speech_type}”这种讲话类型。可选：{'、'.join(type_names())}。") from None
    try:
        shape = st.structure_named(structure)
    except KeyError:
        names = "、".join(st.structure_names())
        raise DraftError(
            f"“{speech_type}”没有名为“{structure}”的结构。可选：{names}；也可以写编号方式，如“一、/（一）”。"
        ) from None
    topics = list(dict.fromkeys(w.strip() for w in topic_words if w and w.strip()))
    if not topics:
        raise DraftError('请至少给出一个主题词，例如 --topic "作风建设"。')
    target = target_length(target_chars, minutes, st.extra.get("target_chars"))
    rng = random.Random(f"{seed}|{speech_type}|{shape.name}|{'/'.join(topics)}|{target}")
    vocab = vocabulary if vocabulary is not None else default_topics()
    return _Composer(bank, st, shape, topics, target, rng, Writer.of(writer), vocab, hints).draft()


@dataclass
class _Said:
    """A text's sentences (key, character pairs), and how many of the draft's sentences it was
    compared with."""

    sentences: list[tuple[str, frozenset[str]]]
    runs: frozenset[str] = frozenset()
    checked: int = 0
    said: bool = False


# A run of this many characters that already stands in WORN_TIMES of the draft's sentences wears
# the phrase out: a third sentence carrying it reads as the draft repeating itself (安全生产治本攻坚
# 三年行动 stood in 15 sentences of one corpus draft, each sentence otherwise new). The field's fixed
# names (the slotter's lexicon: 习近平新时代中国特色社会主义思想 …) may recur and are left out of the runs.
WORN_RUN, WORN_TIMES = 10, 2
_NOT_IN_RUN = re.compile(r"[^\u4e00-\u9fffA-Za-z0-9]")


def _runs(text: str) -> frozenset[str]:
    """The text's runs of WORN_RUN characters (no punctuation, slots or fixed names inside)."""
    for name in _fixed_names():
        text = text.replace(name, "|")
    text = SLOT_RE.sub("|", text)
    pieces = [p for p in _NOT_IN_RUN.split(text) if len(p) >= WORN_RUN]
    return frozenset(p[i : i + WORN_RUN] for p in pieces for i in range(len(p) - WORN_RUN + 1))


@lru_cache(maxsize=1)
def _fixed_names() -> tuple[str, ...]:
    """The field's fixed names (the slotter's lexicon) long enough to hold a run, longest first."""
    return tuple(sorted((n for n in default_lexicon().fixed if len(n) >= WORN_RUN), key=len, reverse=True))


class _Composer:
    """The state of one composition (what is used, what the bank answered)."""

    def __init__(
        self,
        bank: PhraseSource,
        st: SpeechType,
        shape: Structure,
        topics: list[str],
        target: int,
        rng: random.Random,
        writer: Writer | None = None,
        vocab: TopicVocabulary | None = None,
        hints: bool = True,
    ) -> None:
        self.bank, self.st, self.shape, self.topics, self.target, self.rng = bank, st, shape, topics, target, rng
        self.writer = writer or Writer()
        self.vocab = vocab if vocab is not None else default_topics()
        self.hints = hints
        self.topic = topics[0]
        self.file_terms: list[str] = []
        self.bank_only: list[str] = []
        self.used_ids: set[int] = set()
        self.used_keys: set[str] = set()
        self.used_pairs: list[frozenset[str]] = []
        self.worn: dict[str, int] = {}  # run → how many of the draft's sentences hold it
        self.used_headings: set[str] = set()
        self.hinted = 0
        self.fallbacks = 0
        self._cache: dict[tuple[str, str | None, str | None, int, bool], list[_Unit]] = {}
        self._groups: dict[str, list[list[str]]] = {}
        self._usable: dict[str, bool] = {}
        self._said: dict[str, _Said] = {}
        self.keywords: Callable[[str], list[str]] = bank.keywords
        self.occasion = self._occasion()
        self.topic_terms = self._topic_terms()
        self.term_queue = self._term_queue()

    # ---- the bank
    def search(
        self,
        query: str,
        kind: str | None = None,
        speech_type: str | None = None,
        limit: int = SEARCH_LIMIT,
        widen: bool = False,
    ) -> list[_Unit]:
        """The bank's hits, asked once. Only the topic pool is widened by the bank's related terms:
        a heading's or a term's own search would find that same family of terms again each time."""
        key = (query, kind, speech_type, limit, widen)
        if key not in self._cache:
            hits = self.bank.search(query, kind=kind, speech_type=speech_type, limit=limit, widen=widen)
            self._cache[key] = [_Unit(h.unit_id, h.text, h.kind, h.speech_type) for h in hits]
        return self._cache[key]

    def free(self, u: _Unit) -> bool:
        return u.id not in self.used_ids and dedup_key(u.text) not in self.used_keys

    def said(self, text: str) -> bool:
        """The text, or one of its sentences, is already in the draft, or nearly. The draft only
        grows: a text is compared with each sentence taken once, however often it is asked about."""
        seen = self._said.get(text)
        if seen is None:
            sentences = split_sentences(text) or [text]
            seen = self._said[text] = _Said([(dedup_key(s), char_pairs(s)) for s in sentences], _runs(text))
        if seen.said:
            return True
        if any(self.worn.get(run, 0) >= WORN_TIMES for run in seen.runs):
            seen.said = True
            return True
        new = self.used_pairs[seen.checked :]
        seen.checked = len(self.used_pairs)
        for key, pairs in seen.sentences:
            if key in self.used_keys or any(near_duplicate(pairs, p) for p in new):
                seen.said = True
                return True
        return False

    def take(self, text: str, unit_id: int | None = None, *, wears: bool = True) -> None:
        """The text is in the draft now (wears=False: another wording of what was just taken,
        whose phrases the draft does not say a second time)."""
        if unit_id is not None:
            self.used_ids.add(unit_id)
        self.used_keys.add(dedup_key(text))
        for s in split_sentences(text):
            self.used_keys.add(dedup_key(s))
            self.used_pairs.append(char_pairs(s))
            for run in _runs(s) if wears else ():
                self.worn[run] = self.worn.get(run, 0) + 1

    # ---- the topic
    def _topic_terms(self) -> list[str]:
        """The topics and their terms in the writer's file (what makes a sentence on the topic),
        then the bank's co-occurring terms (`bank_only`: they rank, they do not admit)."""
        out = list(self.topics)
        for t in self.topics:
            out += self.vocab.related(t)
        self.file_terms = [x for x in dict.fromkeys(out) if len(x) >= 2]
        # The bank's own terms where the file knows the topic little (they cost a wide search).
        few = len(self.file_terms) < len(self.topics) + FEW_FILE_TERMS
        extra = [b for t in self.topics for b in bank_terms(self.bank, t, limit=8)] if few else []
        self.bank_only = [x for x in dict.fromkeys(extra) if x not in self.file_terms]
        return [*self.file_terms, *self.bank_only]

    def _term_queue(self) -> list[str]:
        """Related terms for 任务 headings: those the bank has most to say about first (ties in the
        file's order), the topics themselves left out."""
        related: list[str] = []
        for t in self.topic_terms:  # one of 为基层减负 and 基层减负, never both (they would head two sections alike)
            if not any(t in x or x in t for x in [*self.topics, *related]):
                related.append(t)
        related = related[:16]
        pool = self.topic_pool()
        found = {t: sum(1 for u in pool if t in u.text) for t in related}
        return sorted(related, key=lambda t: (-min(found[t], 6), related.index(t)))

    def next_term(self) -> str:
        if self.term_queue:
            return self.term_queue.pop(0)
        self.fallbacks += 1
        k = (self.fallbacks - 1) % len(_TERM_FALLBACKS)
        return _TERM_FALLBACKS[k].replace("{topic}", self.core_topic)

    @property
    def core_topic(self) -> str:
        t = self.topic
        return t[:-2] if t.endswith("工作") and len(t) > 3 else t

    def fill(self, template: str, n: int = 0) -> str:
        """A type text with its meeting, topic, count and the writer's place and unit filled in."""
        topic = "和".join(self.topics[:2]) if len(self.topics) > 1 else self.core_topic
        text = template.replace("{meeting}", self.meeting())
        text = text.replace("{topic}工作", topic + "工作").replace("{topic}", topic)
        text = text.replace("{n}", cn_number(n)) if n > 0 else text
        if self.writer.unit:  # 我代表【单位】 … : the writer's own unit (设置) where they gave it
            text = text.replace(SLOT_UNIT, self.writer.unit)
        return text.replace("{place}", self.writer.place or DEFAULT_PLACE)

    def meeting(self) -> str:
        template = (self.occasion or {}).get("meeting") or self.st.extra.get("meeting") or "{topic}工作会议"
        topic = "和".join(self.topics[:2]) if len(self.topics) > 1 else self.core_topic
        return template.replace("{topic}", topic).replace("{place}", self.writer.place or DEFAULT_PLACE)

    def _occasion(self) -> dict | None:
        """A 致辞's occasion: a festival (新年), a ceremony (开学典礼), else an event of its topic."""
        occasions = self.st.extra.get("occasions") or {}
        if not occasions:
            return None
        for name, o in occasions.items():
            if any(self.topic == n or self.topic.startswith(n) for n in o.get("names", ())):
                return {"name": name, **o}
            if any(self.topic.endswith(e) for e in o.get("ends", ())):
                return {"name": name, **o}
        last = list(occasions)[-1]
        return {"name": last, **occasions[last]}

    def type_text(self, key: str) -> list[str]:
        own = (self.occasion or {}).get(key)
        return list(own if own is not None else self.st.extra.get(key) or [])

    # ---- the draft
    def draft(self) -> Draft:
        n = self.shape.sections
        paras = [self.title()]
        salutation = (self.occasion or {}).get("salutation", self.st.salutation)
        if salutation:
            paras.append(salutation)
        opening = self.opening(n)
        closing = self.closing()
        sections = self.sections(n)
        leaves = _leaves(sections)
        fixed = len(paras[0]) + len(salutation) + len(opening) + len(closing)
        fixed += sum(len(s.words) + 4 for s in _walk(sections) if not self.parts)
        per_leaf = max(80, (self.target - fixed) // max(1, len(leaves)))
        for leaf in leaves:
            leaf.body = self.body_for(leaf, per_leaf)
        paras.append(opening)
        for s in sections:
            paras.extend(self.render(s))
        paras.append(closing)
        paras, _ = renumbered_paragraphs(paras)
        return Draft(
            paras,
            speech_type=self.st.name,
            structure=self.shape.name,
            levels=list(self.shape.levels),
            runin=list(self.shape.runin),
            topic=list(self.topics),
        )

    @property
    def parts(self) -> bool:
        """Unnumbered run-in parts (致辞): the heading words are no text of their own."""
        return self.scheme_id(1) == UNNUMBERED.id and self.shape.runin[0] and bool(self.st.extra.get("occasions"))

    def title(self) -> str:
        template = (self.occasion or {}).get("title_template") or self.st.title_template
        text = self.fill(template)
        self.take(text)
        return text

    def opening(self, n: int) -> str:
        templates = self.type_text("opening_texts") or ["{topic}是当前的一项重要工作。"]
        text = self.fill(self.rng.choice(templates), n)
        transitions = self.type_text("transitions")
        if transitions:
            move = self.fill(self.rng.choice(transitions), n)
            if not near_duplicate(move, text) and move not in text:
                text += move
        self.take(text)
        return text

    def closing(self) -> str:
        templates = self.type_text("closing_texts") or [
            "同志们，让我们真抓实干、奋勇争先，把{topic}各项工作抓紧抓实抓好！"
        ]
        text = self.fill(self.rng.choice(templates))
        self.take(text)
        return text

    # ---- headings
    def sections(self, n: int) -> list[_Section]:
        out = self.top_sections(n)
        for depth in range(2, len(self.shape.levels) + 1):
            for parent in [s for s in _walk(out) if s.level == depth - 1]:
                parent.children = self.sub_sections(parent, depth)
        return out

    def top_sections(self, n: int) -> list[_Section]:
        group = None if self.parts else self.bank_group(1, n)
        if group is not None:
            sections = [_Section(1, w, role=_role_of(w), term=self.term_in(w)) for w in group]
        else:
            sections = self.frame_sections(self.st.extra.get("heading_frames") or [], n)
        for sec in sections:
            self.used_headings.add(sec.words)
            self.take(sec.words)
        return sections

    def term_in(self, words: str) -> str:
        return next((t for t in self.topic_terms if t in words), "")

    def sub_sections(self, parent: _Section, depth: int) -> list[_Section]:
        table = subheading_table()
        templates = list(table.get(parent.role) or table.get("任务") or ["扎实推进{term}"])
        out: list[_Section] = []
        for i in range(self.shape.subsections):
            # the role's next wording that says nothing the parent or a sibling already says
            fresh = [t for t in templates[i:] + templates[:i] if "{term}" in t or not self.said(self.fill(t))]
            template = fresh[0] if fresh else "统筹做好{term}"
            term = self.next_term() if "{term}" in template else ""
            words = self.fill(template.replace("{term}", term))
            if words in self.used_headings or self.said(words):
                term = self.next_term()
                words = self.fill("统筹做好{term}".replace("{term}", term))
            sec = _Section(depth, words, role="任务" if term else parent.role, term=term, parent=parent)
            self.used_headings.add(words)
            self.take(words)
            out.append(sec)
        return out

    def frame_sections(self, frames: list[str], n: int) -> list[_Section]:
        library = frame_library()
        names = [f for f in frames if f in library] or ["二级要点"]
        fits = [f for f in names if frame_capacity(library[f]) >= n] or names
        frame = library[self.rng.choice(fits)]
        roles = list(frame.get("roles") or [])
        out: list[_Section] = []
        for i, text in enumerate(fill_frame(frame, n, self.topics, self.rng)):
            role = roles[i] if i < len(roles) else "任务"
            term = self.next_term() if "{term}" in text else ""
            words = text.replace("{term}", term)
            words = self.fill(words) if "{" in words else words
            if not self.parts and self.core_topic != self.topic:
                words = words.replace(self.topic + "工作", self.topic)
            out.append(_Section(1, words, role=role, term=term))
        while len(out) < n:  # a frame too small for the count asked: the topic's next terms
            term = self.next_term()
            out.append(_Section(1, f"扎实推进{term}", role="任务", term=term))
        return out

    def bank_group(self, level: int, n: int) -> list[str] | None:
        """A sibling group from the bank, parallel in shape, each of whose headings names the topic
        or one of its terms and nothing of another meeting or place."""
        best: tuple[float, list[str]] | None = None
        for group in self.heading_groups(heading_kind(level)):
            items = group[:n]
            if len(items) < n or len({_signature(i) for i in items}) != 1:
                continue
            if any(i in self.used_headings or dedup_key(i) in self.used_keys for i in items):
                continue
            if self.scheme_id(level) == UNNUMBERED.id and any(len(i) > 30 for i in items):
                continue
            if any(_repeats_marker_verb(self.scheme_id(level), i) for i in items):
                continue
            if any(SLOT_RE.search(i) or _DIGIT.search(i) or _OCCASION_BOUND.search(i) for i in items):
                continue
            if not all(self.term_in(i) for i in items):
                continue
            named = sum(1 for i in items if any(t in i for t in self.topics))
            score = named + self.rng.random() * 0.5
            if best is None or score > best[0]:
                best = (score, items)
        return best[1] if best else None

    def heading_groups(self, kind: str) -> list[list[str]]:
        """The sibling groups the bank's headings of this kind stood in (asked for once)."""
        if kind not in self._groups:
            groups: list[list[str]] = []
            hits = [u for t in self.topic_terms[:8] for u in self.search(t, kind=kind, limit=60)]
            ids = list(dict.fromkeys(u.id for u in hits))
            seen: set[tuple[str, ...]] = set()
            for rec in self.bank.get_units(ids):
                group = tuple(heading_words(g) for g in rec.group)
                if group and group not in seen:
                    seen.add(group)
                    groups.append(list(group))
            self._groups[kind] = groups
        return self._groups[kind]

    def scheme_id(self, level: int) -> str:
        return self.shape.levels[min(level, len(self.shape.levels)) - 1]

    # ---- body
    def section_terms(self, section: _Section) -> tuple[list[str], list[str]]:
        """The content words of the section's heading (and its term), and of its parent's."""

        def words(sec: _Section | None) -> list[str]:
            if sec is None or self.parts:
                return [sec.term] if sec is not None and sec.term else []
            found = [sec.term] if sec.term else []
            found += [w for w in self.keywords(sec.words) if _content_word(w) and w not in self.topics]
            return list(dict.fromkeys(found))

        own = words(section)
        return own, [w for w in words(section.parent) if w not in own]

    def score(self, text: str, own: Sequence[str], parent: Sequence[str]) -> float:
        """Relevance to the section: 2 for each word of its heading the text holds, 1 for each of
        its parent's, 1.5 for naming the topic, 1 for holding one of its terms (the writer's file) and
        0.5 for each of up to two the bank's co-occurring terms; a text that
        holds neither the topic nor one of its terms scores 0 (it is about something else)."""
        names = any(t in text for t in self.topics)
        related = any(t in text for t in self.file_terms if t not in self.topics)
        if not (names or related):
            return 0.0
        cooccurring = 0.5 * min(2, sum(t in text for t in self.bank_only))
        return 2.0 * sum(w in text for w in own) + sum(w in text for w in parent) + 1.5 * names + related + cooccurring

    def every_sentence_on(self, text: str, own: Sequence[str], parent: Sequence[str]) -> bool:
        """Each sentence of the unit names the topic, one of its terms (the writer's file) or a word
        of its section's heading or parent's: a unit of several sentences is placed whole or not at
        all, since a sentence after the first leans on it (包括…, 也要…) and cannot stand alone."""
        words = [*self.file_terms, *own, *parent]
        return all(any(w in s for w in words) for s in split_sentences(text) or [text])

    def candidates(self, own: Sequence[str], parent: Sequence[str]) -> list[_Unit]:
        """Body units the section's own term and its parent's find, then the topic's pool (shared by
        every section; heading words rank, they do not search)."""
        seen: set[int] = set()
        out: list[_Unit] = []
        for u in [*(u for q in dict.fromkeys([*own[:1], *parent[:1]]) for u in self.search(q)), *self.topic_pool()]:
            if u.id not in seen and u.kind in BODY_KINDS and self.usable(u.text):
                seen.add(u.id)
                out.append(u)
        return out

    def topic_pool(self) -> list[_Unit]:
        """What the topics find, their related terms' hits after their own (the bank widens a
        query with the topic vocabulary), asked once for the whole draft."""
        return [u for t in self.topics for u in self.search(t, limit=TOPIC_POOL, widen=True)]

    def body_for(self, section: _Section, budget: int) -> list[str]:
        own, parent = self.section_terms(section)
        if self.parts:
            return self.part_body(section, budget, own)
        ranked = []
        for u in self.candidates(own, parent):
            text = self.voiced(u.text)
            if text is None or not self.every_sentence_on(text, own, parent):
                continue
            score = self.score(text, own, parent) - 0.4 * len(SLOT_RE.findall(text))
            if score >= MIN_SCORE:
                ranked.append(
                    (-(score + (u.speech_type == self.st.name) * 0.3 + self.rng.random() * 0.4), u.id, u, text)
                )
        ranked.sort(key=lambda r: (r[0], r[1]))
        heading = char_pairs(section.words)
        chosen: list[tuple[_Unit, str]] = []
        length = 0
        for _, _, u, text in ranked:
            if length >= budget - 30:
                break
            if len(text) > budget - length + 60 or not self.free(u) or self.said(text):
                continue
            if heading and (heading <= char_pairs(text) or near_duplicate(heading, text)):
                continue  # says its heading over again
            if u.kind == Kind.QUOTE and any(c.kind == Kind.QUOTE for c, _ in chosen):
                continue
            chosen.append((u, text))
            self.take(text, u.id)
            self.take(u.text, wears=False)
            length += len(text)
        chosen.sort(key=lambda c: c[0].kind != Kind.QUOTE)  # a quotation leads its section
        body = [t for _, t in chosen]
        if self.hints and length < budget * MIN_FILLED:
            body.append(hinted_slot(self.hint(section, own), _round_chars(budget - length)))
        return body

    def part_body(self, section: _Section, budget: int, own: Sequence[str]) -> list[str]:
        """A 致辞's part: its occasion's lead, bank sentences on the occasion, a hint for the rest."""
        parts = (self.occasion or {}).get("parts", {})
        leads = [self.fill(t) for t in parts.get(section.role, [])]
        body = [t for t in leads if not self.said(t)][:2]
        for t in body:
            self.take(t)
        length = sum(map(len, body))
        if section.role == "展望":  # the review and thanks are the writer's own facts: hinted, not borrowed
            for u in self.candidates(own, []):
                if length >= budget - 40 or len(body) >= 4:
                    break
                if not self.every_sentence_on(u.text, self.topic_terms, []) or len(u.text) > budget - length + 40:
                    continue
                if _GREETING.search(u.text):
                    continue
                if self.free(u) and not self.said(u.text):
                    body.append(u.text)
                    self.take(u.text, u.id)
                    length += len(u.text)
        hint = (self.occasion or {}).get("hints", {}).get(section.role)
        if self.hints and hint and length < budget * MIN_FILLED:
            body.append(hinted_slot(self.fill(hint), _round_chars(budget - length)))
        return body

    def voiced(self, text: str) -> str | None:
        """The sentence in the type's voice: a 表态发言 pledges (要… → 我们将…), a 述职报告 reports
        (要… → 我始终…); None when it cannot be said so."""
        voice = self.st.extra.get("voice")
        if not voice:
            return text
        if _SHORTFALL.search(text):
            return None
        if text.startswith(("我们", "我将", "我始终")):
            return text
        m = _PLEDGE.match(text)
        if m is not None:
            rest = text[m.end() :].lstrip("，")
        elif _ACTION_START.match(text):
            rest = text
        else:
            return None
        lead = "我们将" if voice == "我们将" else "我始终"
        return lead + rest if len(rest) >= 10 and not rest.startswith(("我们", "我")) else None

    def hint(self, section: _Section, own: Sequence[str]) -> str:
        """What the writer is asked to write for the section: its term (else the topic; never the
        heading again) and what that kind of section holds, worded in turn so that no two hints
        read alike."""
        focus = "" if section.role in _PERSONAL_ROLES else section.term or self.core_topic
        wordings = _HINTS.get(section.role) or _HINTS["任务"]
        self.hinted += 1
        return f"{focus}{wordings[self.hinted % len(wordings)]}"

    def usable(self, text: str) -> bool:
        if text not in self._usable:
            self._usable[text] = _usable(text) and _reusable(text, self.writer)
        return self._usable[text]

    # ---- text
    def render(self, s: _Section) -> list[str]:
        sid = self.scheme_id(s.level)
        runin = self.shape.runin[min(s.level, len(self.shape.runin)) - 1]
        marker = scheme(sid).format(1) if sid != UNNUMBERED.id else ""
        body = _paragraphs(s.body)
        out: list[str] = []
        if self.parts:
            out = body  # 致辞: no headings, each part is its paragraphs
        elif sid == UNNUMBERED.id and runin:
            lead = _with_end(s.words)
            out = [lead + (body[0] if body else "")] + body[1:]
        elif runin:
            head = _with_end(marker + s.words)
            out = [head + (body[0] if body else "")] + body[1:]
        else:
            out = [marker + s.words.rstrip("。")] + body
        for child in s.children:
            out.extend(self.render(child))
        return out


# ---------------------------------------------------------------- helpers


def _repeats_marker_verb(scheme_id: str, words: str) -> bool:
    """一要 + “理论学习要深学细悟” reads 一要理论学习要…: skip headings that repeat the marker's verb."""
    verb = INLINE_WORDS.get(scheme_id)
    return verb is not None and verb in words[:8]


def _walk(sections: list[_Section]) -> list[_Section]:
    out: list[_Section] = []
    for s in sections:
        out.append(s)
        out.extend(_walk(s.children))
    return out


def _leaves(sections: list[_Section]) -> list[_Section]:
    return [s for s in _walk(sections) if not s.children]


def _usable(text: str) -> bool:
    """A unit that can stand in a body paragraph without being read as a heading or closing."""
    t = text.strip()
    return (
        12 <= len(t) <= 160
        and t[-1] in _END
        and match_marker(t) is None
        and not starts_closing(t)
        and classify_sentence(t) != Kind.TRANSITION
        # 因此… 这些… 也要… read as fragments away from the sentence they lean on.
        and not leans_back(t)
    )


def _reusable(text: str, writer: Writer) -> bool:
    """A sentence that speaks for any writer: of no meeting, no figure left unslotted, no place,
    unit or date the slotter would still take out (the writer's own aside), few slots to fill."""
    if _OCCASION_BOUND.search(text) or len(SLOT_RE.findall(text)) > MAX_SLOTS or reports_result(text):
        return False
    bare = SLOT_RE.sub("", text)
    for own in writer.names:
        bare = bare.replace(own, "")
    if _DIGIT.search(bare) or _NAMED_ORG.search(bare) or _short_places().search(bare):
        return False
    if _other_level(bare, writer):
        return False
    return _slotter()(bare).count == 0


# Administrative levels by the suffix of a place's name, and the words by which a document speaks of
# its own area at that level (全省, 我市, 本县): in a sentence from another level's document they are
# that document's area, not the writer's.
_LEVEL_SUFFIXES = (("自治区", "省"), ("省", "省"), ("市", "市"), ("州", "市"), ("盟", "市"), ("县", "县"), ("旗", "县"))
_NOT_WHOLE = r"(?<![健完齐安保周成顾])"  # 健全市场, 完全市场化: no 全市
# A writer who gave no place in 设置 speaks as a county: the draft's titles and moves say 全县.
DEFAULT_PLACE = "县"
# 全区 / 我区: a district's or an autonomous region's own area, another's in a county's or a city's
# draft (a district's writer gives 某某区, whose level the name does not tell: no rule then).
_DISTRICT_DEICTIC = re.compile(_NOT_WHOLE + r"[全我本]区(?![域间级内外])")
_LEVEL_DEICTICS = {
    "省": re.compile(_NOT_WHOLE + r"[全我本]省(?!级)|自治区"),
    "市": re.compile(_NOT_WHOLE + r"[全我本][市州盟](?![场级])"),
    "县": re.compile(_NOT_WHOLE + r"[全我本][县旗](?!级)"),
}


def place_level(place: str) -> str | None:
    """The administrative level of a place by its name's suffix (青山县 → 县, 某某自治区 → 省); None
    when the name does not tell (青山区 may be a city's district or a county-level one)."""
    return next((level for suffix, level in _LEVEL_SUFFIXES if place.endswith(suffix)), None)


def _other_level(text: str, writer: Writer) -> bool:
    """The text speaks of its own area at a level other than the writer's (全省 in a county's draft)."""
    own = place_level(writer.place or DEFAULT_PLACE)
    if own is None:
        return False
    if own in ("县", "市") and _DISTRICT_DEICTIC.search(text):
        return True
    return any(rx.search(text) for level, rx in _LEVEL_DEICTICS.items() if level != own)


@lru_cache(maxsize=1)
def _short_places() -> re.Pattern[str]:
    """The provinces' and the lexicon's short place names, wherever they stand (安徽样板 too: the
    slotter keeps a place before 样板/经验 as a model's name, but in another writer's speech it is
    still that place's)."""
    names = sorted(default_lexicon().short_places, key=len, reverse=True)
    return re.compile("|".join(map(re.escape, names)) or "(?!)")


@lru_cache(maxsize=1)
def _slotter() -> Slotter:
    return Slotter()


def _content_word(word: str) -> bool:
    return len(word) >= 2 and word not in GENERIC_TERMS and not re.search(r"[\d【】]", word)


_ROLE_WORDS = (
    ("意义", ("意义", "认识", "站位", "形势", "重要性", "思想")),
    ("保障", ("保障", "责任", "组织", "领导", "机制", "队伍", "督")),
)


def _role_of(words: str) -> str:
    """What a bank heading does, read from its words: 意义, 保障, else 任务."""
    return next((role for role, marks in _ROLE_WORDS if any(m in words for m in marks)), "任务")


def _round_chars(n: int) -> int:
    return max(50, round(n / 50) * 50)


def _paragraphs(units: list[str]) -> list[str]:
    out: list[str] = []
    current = ""
    for u in units:
        if current and len(current) + len(u) > PARAGRAPH_CHARS:
            out.append(current)
            current = ""
        current += u
    if current:
        out.append(current)
    # A paragraph that ends in a hinted slot still ends as a sentence does (the parser reads a
    # paragraph without end punctuation as a heading).
    return [p + "。" if p.endswith("】") else p for p in out]


def _with_end(text: str) -> str:
    return text if text and text[-1] in "。！？；" else text + "。"


def heading_words(text: str) -> str:
    """A heading's words: its number and end mark taken off."""
    t = text.strip()
    mm = match_marker(t)
    if mm is not None:
        t = t[mm.end :]
    return t.rstrip("。；;.").strip()


def _signature(words: str) -> tuple[str, int]:
    """Headings of one parallel group share where their clauses break and their first clause's
    length (着眼学在深处，… / 着力补齐短板，…)."""
    seps = "".join(_SEP.findall(words))
    first = _SEP.split(words)[0]
    return seps, len(first)


# ---------------------------------------------------------------- heading frames


@lru_cache(maxsize=1)
def frame_library() -> dict[str, dict]:
    """The heading frames of resources/speech_types.json, by name."""
    data = load_json(resource_path("speech_types.json"))[0]
    return data.get("heading_frames", {})


@lru_cache(maxsize=1)
def subheading_table() -> dict[str, list[str]]:
    """The sub-headings of resources/speech_types.json by their parent's role."""
    data = load_json(resource_path("speech_types.json"))[0]
    return data.get("subheadings", {})


def frame_capacity(frame: dict) -> int:
    sizes = [len(v) for v in frame.get("slots", {}).values()]
    if frame.get("series"):
        sizes.append(len(frame["series"]))
    return min(sizes) if sizes else 0


def fill_frame(frame: dict, n: int, topics: Sequence[str], rng: random.Random) -> list[str]:
    """Up to n headings from a frame: {lead} takes the series in order, ordered slots their pool
    in order, other slots a shuffled pool, {topic} the topic words in turn."""
    slots = frame.get("slots", {})
    ordered = set(frame.get("ordered", []))
    pools = {k: (list(v) if k in ordered else rng.sample(list(v), len(v))) for k, v in slots.items()}
    series = frame.get("series") or []
    count = min([n, *(len(p) for p in pools.values()), *([len(series)] if series else [])])
    out = []
    for i in range(count):
        text = frame["template"]
        if series:
            text = text.replace("{lead}", series[i])
        for k, pool in pools.items():
            text = text.replace("{" + k + "}", pool[i])
        out.append(text.replace("{topic}", topics[i % len(topics)] if topics else "这项工作"))
    return out


def propose_siblings(
    heading_text: str, n: int, bank: PhraseSource | None = None, topic: str | None = None, seed: int = 0
) -> list[str]:
    """n headings of the same pattern as the given one (排比/对仗), none equal to it: siblings it
    stands with in the bank when one of its groups matches, else from the heading frame it fits."""
    words = heading_words(heading_text)
    if n <= 0 or not words:
        return []
    rng = random.Random(f"{seed}|{words}")
    out: list[str] = []

    def add(candidate: str) -> None:
        c = heading_words(candidate)
        if c and c != words and c not in out and len(out) < n:
            out.append(c)

    if bank is not None:
        sig = _signature(words)
        terms = bank.keywords(words)[:4] or [words[:2]]
        ids = [
            h.unit_id for t in terms for kind in HEADING_KINDS for h in bank.search(t, kind=kind, limit=SEARCH_LIMIT)
        ]
        for rec in bank.get_units(list(dict.fromkeys(ids))):
            group = [heading_words(g) for g in rec.group]
            if words in group or any(_signature(g) == sig and g[:1] == words[:1] for g in group):
                for g in group:
                    if _signature(g) == sig:
                        add(g)
    for frame in frame_library().values():
        found = _match_frame(frame, words)
        if found is None:
            continue
        series = frame.get("series") or []
        own_lead = next((w for w in series if words.startswith(w)), None)
        for text in fill_frame(frame, frame_capacity(frame), [topic or found or "这项工作"], rng):
            if own_lead is None or not text.startswith(own_lead):
                add(text)
    if len(out) < n:
        pool = frame_library().get("二级要点", {}).get("slots", {}).get("X", [])
        same_len = [p for p in pool if len(p) == len(words)] + [p for p in pool if len(p) != len(words)]
        for p in same_len:
            add(p)
    return out[:n]


def _match_frame(frame: dict, words: str) -> str | None:
    """None when the heading does not fit the frame; else the topic found in it ("" if none).

    It fits when it starts with one of the frame's series words (着眼/着力…), or matches the
    template where the template has words of its own (坚持…，在…中…), or where one of its parts
    is one of the frame's pool entries."""
    series = frame.get("series") or []
    slots = frame.get("slots", {})
    pattern = re.escape(frame["template"])
    pattern = pattern.replace(re.escape("{lead}"), "(?:" + "|".join(map(re.escape, series)) + ")" if series else "")
    literal = re.sub(r"\{\w+\}|[，、；：。]", "", frame["template"])
    free = bool(series) or len(literal) >= 2
    for k, pool in slots.items():
        # A series word or the template's own words carry the pattern and the parts are free;
        # otherwise the parts must be the frame's own entries.
        alts = (
            ".+?"
            if free
            else "|".join(
                re.escape(e).replace(re.escape("{topic}"), ".+?") for e in sorted(pool, key=len, reverse=True)
            )
        )
        pattern = pattern.replace(re.escape("{" + k + "}"), f"(?P<{k}>{alts})", 1)
    pattern = pattern.replace(re.escape("{topic}"), "(?P<topic>.+?)")
    m = re.fullmatch(pattern, words)
    if m is None:
        return None
    topic: str | None = m.groupdict().get("topic")
    pool_hit = False
    for k, value in m.groupdict().items():
        for entry in slots.get(k, []):
            em = re.fullmatch(re.escape(entry).replace(re.escape("{topic}"), "(.+)"), value or "")
            if em:
                pool_hit = True
                topic = topic or (em.group(1) if em.groups() else None)
    if not (free or pool_hit):
        return None
    return topic or ""


class _NoBank:
    """Nothing found: compose then lays out only the type's own frames, opening and closing."""

    def search(
        self,
        query: str,
        *,
        kind: str | None = None,
        speech_type: str | None = None,
        favourites_only: bool = False,
        limit: int = 20,
        widen: bool = True,
    ) -> list[SearchHit]:
        return []

    def get_units(self, unit_ids: Iterable[int]) -> list[UnitRecord]:
        return []

    def keywords(self, text: str, limit: int = 6) -> list[str]:
        return []


def skeleton(speech_type: str, structure: str | None, topics: list[str], target_chars: int) -> Draft:
    """The draft's shape without bank text: every heading that has no body gets a 【待填】 slot."""
    draft = compose(_NoBank(), speech_type, structure, topics or ["【待填】"], target_chars=target_chars, hints=False)
    speech = draft.outline()
    out: list[str] = []
    for block in speech.blocks:
        out.append(block.text)
        following = speech.blocks[block.index + 1] if block.index + 1 < len(speech.blocks) else None
        leaf = block.role == HEADING and (following is None or following.role != BODY)
        if leaf and block.heading is not None:
            level = block.heading.level
            runs_in = draft.runin[level - 1] if level <= len(draft.runin) else block.heading.runin
            if runs_in:
                out[-1] = block.text + SLOT_TEXT
            elif following is None or following.heading is None or following.heading.level <= block.heading.level:
                out.append(SLOT_TEXT)
    draft.paragraphs = out
    return draft
