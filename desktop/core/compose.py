"""One-step first draft (一键成稿) from the phrase bank, and parallel sibling headings.

A draft is laid out from the speech type's data (resources/speech_types.json): title from its
template, salutation, an opening from the bank's 开头 units with the type's transition ("下面，
我讲三方面意见。" with the real count), parallel headings (a sibling group from the bank that
fits the topic, else one of the type's heading frames filled with the topic words), body
paragraphs of bank units (论述/引语/数据) found with each heading's keywords and the topic words,
and a closing. Fill-in slots (【数字】…) stay as they are; no unit is used twice; the same
inputs and seed give the same draft.

The bank is a core.phrase_source.PhraseSource (search, get_units for the heading groups,
keywords); core imports no store.
"""

from __future__ import annotations

import json
import random
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from desktop.core.document import BODY, HEADING
from desktop.core.draft import Draft, DraftError
from desktop.core.numbering import INLINE_WORDS, UNNUMBERED, cn_number, match_marker, scheme
from desktop.core.outline_ops import renumbered_paragraphs
from desktop.core.phrase_source import PhraseSource, SearchHit, UnitRecord
from desktop.core.phrases import SLOT_TEXT, classify_sentence, dedup_key
from desktop.core.sentences import split_sentences
from desktop.core.speech_types import SpeechType, Structure, get_type, type_names
from desktop.core.structure import starts_closing
from desktop.infra.paths import resource_path

DEFAULT_TARGET_CHARS = 3000
CHARS_PER_MINUTE = 220
BODY_KINDS = ("论述", "引语", "数据")
PARAGRAPH_CHARS = 320  # a body paragraph is cut after about this many characters
SEARCH_LIMIT = 40
_END = "。！？”’"
_SEP = re.compile(r"[，、；：,;:]")


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
    body: list[str] = field(default_factory=list)  # unit texts


def target_length(target_chars: int | None = None, minutes: float | None = None) -> int:
    if target_chars is not None and minutes is not None:
        raise DraftError("字数和时长只能指定一个。")
    if minutes is not None:
        if minutes <= 0:
            raise DraftError("讲话时长必须大于 0 分钟。")
        return round(minutes * CHARS_PER_MINUTE)
    if target_chars is not None and target_chars <= 0:
        raise DraftError("目标字数必须大于 0。")
    return target_chars or DEFAULT_TARGET_CHARS


def compose(
    bank: PhraseSource,
    speech_type: str,
    structure: str | None = None,
    topic_words: Sequence[str] = (),
    target_chars: int | None = None,
    minutes: float | None = None,
    seed: int = 0,
) -> Draft:
    """A complete first draft of `speech_type` about `topic_words`, close to the target length."""
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
    topics = [w.strip() for w in topic_words if w and w.strip()]
    if not topics:
        raise DraftError('请至少给出一个主题词，例如 --topic "作风建设"。')
    target = target_length(target_chars, minutes)
    rng = random.Random(f"{seed}|{speech_type}|{shape.name}|{'/'.join(topics)}|{target}")
    return _Composer(bank, st, shape, topics, target, rng).draft()


class _Composer:
    """The state of one composition (what is used, what the bank answered)."""

    def __init__(
        self, bank: PhraseSource, st: SpeechType, shape: Structure, topics: list[str], target: int, rng: random.Random
    ) -> None:
        self.bank, self.st, self.shape, self.topics, self.target, self.rng = bank, st, shape, topics, target, rng
        self.used_ids: set[int] = set()
        self.used_keys: set[str] = set()
        self.used_headings: set[str] = set()
        self._cache: dict[tuple[str, str | None, str | None], list[_Unit]] = {}
        self._fallback: list[_Unit] | None = None
        self._candidates: list[_Unit] | None = None
        self._groups: dict[str, list[list[str]]] = {}
        self._usable: dict[str, bool] = {}
        self.keywords: Callable[[str], list[str]] = bank.keywords

    # ---- the bank
    def search(
        self, query: str, kind: str | None = None, speech_type: str | None = None, limit: int = SEARCH_LIMIT
    ) -> list[_Unit]:
        key = (query, kind, speech_type)
        if key not in self._cache:
            hits = self.bank.search(query, kind=kind, speech_type=speech_type, limit=limit)
            self._cache[key] = [_Unit(h.unit_id, h.text, h.kind, h.speech_type) for h in hits]
        return self._cache[key]

    def free(self, u: _Unit) -> bool:
        return u.id not in self.used_ids and dedup_key(u.text) not in self.used_keys

    def take(self, text: str, unit_id: int | None = None) -> None:
        if unit_id is not None:
            self.used_ids.add(unit_id)
        self.used_keys.add(dedup_key(text))
        for s in split_sentences(text):
            self.used_keys.add(dedup_key(s))

    # ---- the draft
    def draft(self) -> Draft:
        n = self.shape.sections
        paras = [self.title()]
        if self.st.salutation:
            paras.append(self.st.salutation)
        sections = self.sections(n)
        leaves = _leaves(sections)
        opening = self.opening(n)
        closing = self.closing()
        fixed = len(paras[0]) + len(self.st.salutation) + len(opening) + len(closing)
        fixed += sum(len(s.words) + 4 for s in _walk(sections))
        per_leaf = max(60, (self.target - fixed) // max(1, len(leaves)))
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

    def title(self) -> str:
        topic = "和".join(self.topics[:2])
        return self.st.title_template.replace("{topic}", topic)

    def opening(self, n: int) -> str:
        topic = self.topics[0]
        # Openings belong to their type (a 致辞 does not open like a 动员讲话): this type's only.
        units = [u for t in self.topics for u in self.search(t, kind="开头", speech_type=self.st.name)]
        units += self.search("", kind="开头", speech_type=self.st.name)
        budget = max(120, self.target // 8)
        text = ""
        for u in units:
            if not self.free(u) or starts_closing(u.text):
                continue
            kept: list[str] = []
            for s in split_sentences(u.text):
                if classify_sentence(s) == "过渡":
                    break  # the type's own transition follows, with the right count
                if kept and len("".join(kept)) + len(s) > budget:
                    break
                kept.append(s)
            if kept:
                text = "".join(kept)
                self.take(u.text, u.id)
                break
        if not text:
            templates = self.st.extra.get("opening_texts") or ["{topic}是当前的一项重要工作。"]
            text = self.rng.choice(templates).replace("{topic}", topic)
        transitions = self.st.extra.get("transitions") or []
        if transitions:
            text += self.rng.choice(transitions).replace("{n}", cn_number(n)).replace("{topic}", topic)
        self.take(text)
        return text

    def closing(self) -> str:
        for u in self.search("", kind="结尾", speech_type=self.st.name):
            if self.free(u) and starts_closing(u.text):
                self.take(u.text, u.id)
                return u.text
        templates = self.st.extra.get("closing_texts") or [
            "同志们，让我们真抓实干、奋勇争先，把{topic}各项工作抓紧抓实抓好！"
        ]
        text = self.rng.choice(templates).replace("{topic}", self.topics[0])
        self.take(text)
        return text

    # ---- headings
    def sections(self, n: int) -> list[_Section]:
        words = self.headings(1, n, self.topics, self.st.extra.get("heading_frames") or [])
        out = [_Section(1, w) for w in words]
        for depth in range(2, len(self.shape.levels) + 1):
            for parent in (s for s in _walk(out) if s.level == depth - 1):
                terms = self.keywords(parent.words)[:3]
                kids = self.headings(
                    depth, self.shape.subsections, terms, self.st.extra.get("subheading_frames") or ["二级要点"]
                )
                parent.children = [_Section(depth, w) for w in kids]
        return out

    def headings(self, level: int, n: int, terms: list[str], frames: list[str]) -> list[str]:
        group = self.bank_group(level, n, terms)
        if group is None:
            group = self.frame_headings(frames, n, level)
        for h in group:
            self.used_headings.add(h)
            self.take(h)
        return group

    def bank_group(self, level: int, n: int, terms: list[str]) -> list[str] | None:
        """A sibling group from the bank, parallel in shape, that names one of the terms."""
        if not terms:
            return None
        best: tuple[float, list[str]] | None = None
        for group in self.heading_groups("一级标题" if level == 1 else "二级标题"):
            items = group[:n]
            if len(items) < n or len({_signature(i) for i in items}) != 1:
                continue
            if any(i in self.used_headings or dedup_key(i) in self.used_keys for i in items):
                continue
            if level == 1 and self.scheme_id(1) == UNNUMBERED.id and any(len(i) > 30 for i in items):
                continue
            if any(_repeats_marker_verb(self.scheme_id(level), i) for i in items):
                continue
            hits = sum(1 for t in terms if any(t in i for i in items))
            score = hits + self.rng.random() * 0.5
            if hits and (best is None or score > best[0]):
                best = (score, items)
        return best[1] if best else None

    def heading_groups(self, kind: str) -> list[list[str]]:
        """The sibling groups the bank's headings of this kind stood in (asked for once)."""
        if kind not in self._groups:
            groups: list[list[str]] = []
            hits = [u for t in self.topics for u in self.search(t, kind=kind, limit=100)]
            hits += self.search("", kind=kind, limit=400)
            ids = list(dict.fromkeys(u.id for u in hits))
            seen: set[tuple[str, ...]] = set()
            for rec in self.bank.get_units(ids):
                group = tuple(heading_words(g) for g in rec.group)
                if group and group not in seen:
                    seen.add(group)
                    groups.append(list(group))
            self._groups[kind] = groups
        return self._groups[kind]

    def frame_headings(self, frames: list[str], n: int, level: int) -> list[str]:
        library = frame_library()
        names = [f for f in frames if f in library] or ["二级要点"]
        fits = [f for f in names if frame_capacity(library[f]) >= n] or names
        frame = library[self.rng.choice(fits)]
        topics = self.topics if level == 1 else [self.topics[0]]
        out: list[str] = []
        for text in fill_frame(frame, n + 8, topics, self.rng):
            if text not in self.used_headings and text not in out:
                out.append(text)
            if len(out) == n:
                break
        while len(out) < n:  # a frame too small for the count asked: number the rest plainly
            out.append(f"{self.topics[len(out) % len(self.topics)]}重点任务{cn_number(len(out) + 1)}")
        return out

    def scheme_id(self, level: int) -> str:
        return self.shape.levels[min(level, len(self.shape.levels)) - 1]

    # ---- body
    def body_for(self, section: _Section, budget: int) -> list[str]:
        # Terms are matched as text within one candidate pool (what the topic words find, plus
        # the type's and the bank's units), so that a section costs no extra query.
        terms = list(dict.fromkeys([*self.topics, *self.keywords(section.words)[:4]]))
        scores: dict[int, _Unit] = {}
        for u in self.candidates():
            score = sum(
                (3.0 if t in self.topics else 1.0 + 1.0 / (rank + 1)) for rank, t in enumerate(terms) if t in u.text
            )
            if score:
                scores[u.id] = _Unit(u.id, u.text, u.kind, u.speech_type, score)
        ranked = sorted(
            scores.values(),
            key=lambda u: (-(u.score + (u.speech_type == self.st.name) * 0.5 + self.rng.random() * 0.3), str(u.id)),
        )
        chosen: list[_Unit] = []
        length = 0
        for pool in (ranked, self.fallback()):
            for u in pool:
                if length >= budget - 30:
                    break
                if not self.free(u) or len(u.text) > budget - length + 60:
                    continue
                if u.kind == "引语" and any(c.kind == "引语" for c in chosen):
                    continue
                chosen.append(u)
                self.take(u.text, u.id)
                length += len(u.text)
        chosen.sort(key=lambda u: u.kind != "引语")  # a quotation leads its section
        return [u.text for u in chosen]

    def fallback(self) -> list[_Unit]:
        """Units of any topic, this type's first, in a seed-dependent order (made once)."""
        if self._fallback is None:
            pool = self.search("", speech_type=self.st.name, limit=300) + self.search("", limit=600)
            pool = [u for u in pool if u.kind in BODY_KINDS and self.usable(u.text)]
            head, tail = pool[: len(pool) // 2], pool[len(pool) // 2 :]
            self.rng.shuffle(head)
            self._fallback = head + tail
        return self._fallback

    def candidates(self) -> list[_Unit]:
        """Body units the topic words find in the bank, then the fallback pool (made once)."""
        if self._candidates is None:
            found = [u for t in self.topics for u in self.search(t, limit=120)]
            seen: set[int] = set()
            self._candidates = []
            for u in found + self.fallback():
                if u.id not in seen and u.kind in BODY_KINDS and self.usable(u.text):
                    seen.add(u.id)
                    self._candidates.append(u)
        return self._candidates

    def usable(self, text: str) -> bool:
        if text not in self._usable:
            self._usable[text] = _usable(text)
        return self._usable[text]

    # ---- text
    def render(self, s: _Section) -> list[str]:
        sid = self.scheme_id(s.level)
        runin = self.shape.runin[min(s.level, len(self.shape.runin)) - 1]
        marker = scheme(sid).format(1) if sid != UNNUMBERED.id else ""
        body = _paragraphs(s.body)
        out: list[str] = []
        if sid == UNNUMBERED.id and runin:
            lead = _with_end(s.words)  # 致辞: no headings, each part opens with its lead sentence
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
        len(t) >= 12
        and t[-1] in _END
        and match_marker(t) is None
        and not starts_closing(t)
        and classify_sentence(t) != "过渡"
    )


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
    return out


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
    data = json.loads(resource_path("speech_types.json").read_text(encoding="utf-8"))
    return data.get("heading_frames", {})


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
        composer = _Composer(bank, get_type(type_names()[0]), get_type(type_names()[0]).structure, [words], 0, rng)
        terms = composer.keywords(words)[:4] or [words[:2]]
        ids = [u.id for t in terms for kind in ("一级标题", "二级标题") for u in composer.search(t, kind=kind)]
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
    ) -> list[SearchHit]:
        return []

    def get_units(self, unit_ids: Iterable[int]) -> list[UnitRecord]:
        return []

    def keywords(self, text: str, limit: int = 6) -> list[str]:
        return []


def skeleton(speech_type: str, structure: str | None, topics: list[str], target_chars: int) -> Draft:
    """The draft's shape without bank text: every heading that has no body gets a 【待填】 slot."""
    draft = compose(_NoBank(), speech_type, structure, topics or ["【待填】"], target_chars=target_chars)
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
