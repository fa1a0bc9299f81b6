"""Phrase units, the pieces the bank holds, cut from a parsed speech."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING

# The slot markers are defined with the rules that make them (core.slots); imported here for callers.
from desktop.core.slots import SLOT_MARKERS, SLOT_NUMBER, SLOT_PLACE, SLOT_RE, SLOT_TEXT, Tagger
from desktop.infra.lazy_re import LazyPattern
from desktop.infra.paths import resource_path

if TYPE_CHECKING:
    from desktop.core.document import Speech


@lru_cache(maxsize=1)
def phrase_kinds() -> tuple[str, ...]:
    from desktop.infra.data_files import data_error, load_json

    path = resource_path("phrase_kinds.json")
    data, _ = load_json(path)
    kinds = data.get("kinds") if isinstance(data, dict) else None
    if not isinstance(kinds, list) or not all(isinstance(k, dict) and isinstance(k.get("id"), str) for k in kinds):
        raise data_error(path, 1, '应为 {"kinds": [{"id": "…"}, …]}')
    return tuple(k["id"] for k in kinds)


@dataclass
class PhraseUnit:
    """One unit for the bank, before it is stored."""

    text: str  # fill-in slots already written as 【数字】/【地名】/【待填】
    kind: str
    speech_type: str | None
    source_name: str
    paragraph: int  # index of the paragraph it came from in its source document
    keywords: list[str] = field(default_factory=list)
    # headings: the sibling headings it stood with; one tuple shared by the whole group (not a copy each)
    group: tuple[str, ...] = ()
    slots: int = 0
    original: str = ""  # the wording before its specifics became slots (core.slots), when it differs

    @property
    def key(self) -> str:
        return dedup_key(self.text)


_KEY_DROP = LazyPattern(r"[^\u3400-\u9fff\uf900-\ufaffA-Za-z0-9【】]")


def dedup_key(text: str) -> str:
    """Units whose keys match are the same unit: punctuation, spaces and width don't count."""
    import unicodedata

    return _KEY_DROP.sub("", unicodedata.normalize("NFKC", text)).lower()


# ---------------------------------------------------------------- fill-in slots

__all__ = ["SLOT_MARKERS", "SLOT_NUMBER", "SLOT_PLACE", "SLOT_RE", "SLOT_TEXT"]

# Anonymised spots in source documents: *, **, ***, ××, XX, 某某.
_ANON_RE = re.compile(r"\*{1,4}|[×xXＸｘ]{2,3}|某某")
_MEASURE = "所个家亿万元%％人次项年月日届批名期处条座户名台辆批场周岁倍亩吨"
_PLACE = "县市省区州盟旗镇乡村街道"


def slot_for(before: str, after: str) -> str:
    """The kind of slot an anonymised spot is, from the characters around it."""
    if after[:1] and after[0] in _MEASURE or before.endswith("第"):
        return SLOT_NUMBER
    if after[:1] and after[0] in _PLACE:
        return SLOT_PLACE
    return SLOT_TEXT


def mark_slots(text: str) -> tuple[str, int]:
    """Replace anonymised spots by typed slot markers; returns the text and the slot count."""
    count = 0

    def repl(m: re.Match[str]) -> str:
        nonlocal count
        count += 1
        return slot_for(text[: m.start()], text[m.end() :])

    return _ANON_RE.sub(repl, text), count


# ---------------------------------------------------------------- cutting

# 引语: a leader (or 总书记) as the subject, then a verb of saying and the quoted words.
_QUOTE_RE = LazyPattern(
    r"(习近平总书记|总书记|习近平同志|习近平|[\u4e00-\u9fff*×]{1,3}书记|[\u4e00-\u9fff]{2,4}同志"
    r"|党的[\u4e00-\u9fff]{2,4}报告|《[^》]{1,30}》)"
    r"(在[^。；]{0,40}?)?(深刻|反复|多次|明确|特别|一再|进一步)?(指出|强调|说|要求|嘱咐|嘱托|告诫)[：:，,“「]"
)
_DATA_RE = re.compile(r"\d+(\.\d+)?\s*(%|％|亿元|万元|元|个|项|次|人次|家|所|万人|名|期|场次|倍|公里|亩|吨|户|人)")
_TRANSITION_RE = re.compile(
    r"^(下面，|接下来，|现联系|现结合|总的来看|综上|总之，)|谈(以下|几点|三点|两点).{0,4}(体会|认识|思考)|讲(三|几|两)(个)?(方面|点)意见|重点要把握好以下"
)
_CLAUSE_SPLIT = re.compile(r"[，；、,;“”‘’「」《》：:]")
MIN_UNIT_CHARS = 8
MAX_SENTENCE_CHARS = 260
MAX_PARAGRAPH_UNIT_CHARS = 500


def parallel_runs(sentence: str) -> list[str]:
    """排比/四字格: three or more clauses of one shape in a row.

    Either items of equal length 3–4 joined by 、/， (以学铸魂、以学增智、以学正风、以学促干), or
    clauses that open with the same two characters (看清楚过去…，看清楚现在…，看清楚未来…).
    """
    clauses = [c for c in _CLAUSE_SPLIT.split(sentence.strip("。！？”“")) if c]
    runs: list[str] = []
    i = 0
    while i < len(clauses):
        j = i + 1
        same_len = 3 <= len(clauses[i]) <= 4
        while j < len(clauses) and (
            (same_len and len(clauses[j]) == len(clauses[i]))
            or (not same_len and clauses[j][:2] == clauses[i][:2] and len(clauses[j]) >= 4)
        ):
            j += 1
        if j - i >= 3 and (same_len or len(clauses[i]) >= 4):
            sep = "、" if same_len else "，"
            runs.append(sep.join(clauses[i:j]))
            i = j
        else:
            i += 1
    return runs


def classify_sentence(sentence: str) -> str:
    if _TRANSITION_RE.search(sentence):
        return "过渡"
    if _QUOTE_RE.search(sentence):
        return "引语"
    if _DATA_RE.search(sentence):
        return "数据"
    return "论述"


def cut(doc, speech, tokenizer=None, tag: Tagger | None = None) -> list[PhraseUnit]:  # noqa: ANN001 - core must not import text/
    """Cut one parsed document into phrase units, each unit once per document.

    `doc` is the SourceDocument (its name is the unit's source), `speech` what
    core.structure.parse made of it, `tokenizer` anything with `keywords(text) -> list[str]`,
    `tag` a part-of-speech tagger for the slots of people's and short place names (core.slots).
    """
    from desktop.core import document as d
    from desktop.core.backmatter import is_not_speech
    from desktop.core.sentences import split_sentences
    from desktop.core.slots import for_document

    generalize = for_document(doc.paragraphs, tag)

    units: list[PhraseUnit] = []
    seen: set[str] = set()

    def add(text: str, kind: str, paragraph: int, group: tuple[str, ...] = ()) -> None:
        text = text.strip()
        if len(text) < (2 if kind in ("称呼", "标题") else MIN_UNIT_CHARS) and kind not in ("称呼",):
            return
        if is_not_speech(text, kind):
            return  # page debris or a document's metadata, whatever role the parser gave it
        marked, slots = mark_slots(text)
        slotted = generalize(marked)
        marked, slots = slotted.text, slots + slotted.count
        if is_not_speech(marked, kind):
            return  # nothing but slots left
        key = dedup_key(marked)
        if not key or key in seen:
            return
        seen.add(key)
        keywords = tokenizer.keywords(SLOT_RE.sub("", marked)) if tokenizer is not None else []
        original = text if marked != text else ""
        units.append(PhraseUnit(marked, kind, speech.type, doc.name, paragraph, keywords, group, slots, original))

    if speech.title:
        add(speech.title, "标题", 0)
    if speech.salutation:
        sal = next(b.index for b in speech.blocks if b.role == d.SALUTATION)
        add(speech.salutation, "称呼", sal)

    siblings = _sibling_groups(speech, lambda heading: generalize(heading).text)
    leads = _enumeration_leads(speech, lambda lead: generalize(lead).text)
    for b in speech.blocks:
        for lead, group in leads.get(b.index, ()):
            add(lead, "二级标题", b.index, group)  # 一是…。二是…。 inside a paragraph: run-in points
        if b.role == d.HEADING and b.heading is not None:
            kind = "一级标题" if b.heading.level == 1 else "二级标题"
            add(b.heading.text, kind, b.index, siblings.get(b.index, ()))
        if b.role == d.OPENING and len(b.text) <= MAX_PARAGRAPH_UNIT_CHARS and b is _first(speech, d.OPENING):
            add(b.text, "开头", b.index)
        if b.role == d.CLOSING:
            add(b.text if len(b.text) <= MAX_PARAGRAPH_UNIT_CHARS else split_sentences(b.text)[0], "结尾", b.index)
            continue
        if b.role not in (d.OPENING, d.BODY, d.HEADING):
            continue
        for sentence in split_sentences(b.body_text):
            for run in parallel_runs(sentence):
                add(run, "排比/四字格", b.index)
            if len(sentence) <= MAX_SENTENCE_CHARS:
                add(sentence, classify_sentence(sentence), b.index)
    return units


MAX_LEAD_CHARS = 40  # an enumerated item's first sentence up to this long is its run-in heading


def _enumeration_leads(
    speech: Speech, generalize: Callable[[str], str]
) -> dict[int, list[tuple[str, tuple[str, ...]]]]:
    """For each paragraph with an inline enumeration (…。一是坚持民生至上。…二是…), the items' lead
    sentences, each with the group of its enumeration's leads: these are stored as headings."""
    from desktop.core.sentences import first_sentence

    found: dict[int, list[tuple[str, tuple[str, ...]]]] = {}
    for e in speech.enumerations:
        heads = [first_sentence(item).strip() for item in e.items]
        if not all(h.endswith(("。", "；", "！")) and len(h) <= MAX_LEAD_CHARS for h in heads):
            continue  # one long item: a list of statements, not of points
        group = tuple(generalize(h) for h in heads)
        found.setdefault(e.paragraph, []).extend((h, group) for h in heads)
    return found


def _first(speech, role: str):  # noqa: ANN001, ANN202
    return next((b for b in speech.blocks if b.role == role), None)


def _sibling_groups(speech, generalize: Callable[[str], str]) -> dict[int, tuple[str, ...]]:  # noqa: ANN001
    """For each heading paragraph, the (generalized) texts of the headings under the same parent.

    One tuple per parent, shared by its headings: N siblings cost N texts, not N² (issue 13)."""
    parent_of = speech.parent_indices()
    members: dict[int | None, list[str]] = {}
    for k, h in enumerate(speech.headings):
        members.setdefault(parent_of[k], []).append(generalize(h.text))
    groups = {parent: tuple(texts) for parent, texts in members.items()}
    return {h.paragraph: groups[parent_of[k]] for k, h in enumerate(speech.headings)}
