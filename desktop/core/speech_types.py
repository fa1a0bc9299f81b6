"""Speech types, loaded from resources/speech_types.json (data a writer can edit).

Besides its default structure a type may name other structures to choose from, and carry
composition data (transitions, heading frames, opening and closing texts) in `extra`.
A structure can also be written as a spec of scheme labels: "第一，/一要", "一、/（一）/1.".
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from desktop.infra.paths import resource_path


@dataclass(frozen=True)
class Structure:
    levels: tuple[str, ...]  # numbering scheme id per level
    sections: int
    runin: tuple[bool, ...]  # per level: headings run in (True) or stand alone
    name: str = ""
    subsections: int = 3  # headings under each heading of the level above (levels 2…)

    @property
    def label(self) -> str:
        """How the writer sees it: 一、/（一）."""
        from desktop.core.numbering import scheme

        return "/".join(scheme(s).label for s in self.levels)


@dataclass(frozen=True)
class SpeechType:
    name: str
    title_patterns: tuple[str, ...]
    title_template: str
    salutation: str
    opening_moves: tuple[str, ...]
    closing_moves: tuple[str, ...]
    structure: Structure
    extra: dict = field(default_factory=dict, hash=False, compare=False)
    structures: tuple[Structure, ...] = ()  # named alternatives, the default first

    def structure_named(self, name: str | None) -> Structure:
        """The default structure, one named in the type's data, or one given as a spec of
        scheme labels or ids ("第一，/一要", "cn_dun/paren_cn"); KeyError if none fits."""
        if not name:
            return self.structure
        wanted = name.strip()
        for st in self.structures:
            if wanted in (st.name, st.label):
                return st
        return parse_structure_spec(wanted, self.structure.sections)

    def structure_names(self) -> list[str]:
        return [st.name for st in self.structures]


_SPEC_SPLIT = re.compile(r"\s*(?:/|→|->|>|\s)\s*")


def parse_structure_spec(spec: str, sections: int = 3) -> Structure:
    """ "一、/（一）" or "cn_dun/paren_cn" → a Structure (level 1 stands alone, deeper levels run in)."""
    from desktop.core.numbering import SCHEMES, UNNUMBERED

    by_label = {sch.label: sid for sid, sch in SCHEMES.items()}
    by_label.update(
        {
            "一，": "di_cn",
            "第一、": "di_cn",
            "一.": "arabic_dot",
            "1、": "arabic_dot",
            "(一)": "paren_cn",
            "(1)": "paren_arabic",
            "首先": "ordinal_word",
            UNNUMBERED.label: UNNUMBERED.id,
            "不编号": UNNUMBERED.id,
            UNNUMBERED.id: UNNUMBERED.id,
        }
    )
    levels = []
    for part in (p for p in _SPEC_SPLIT.split(spec.strip()) if p):
        sid = part if part in SCHEMES else by_label.get(part)
        if sid is None:
            raise KeyError(spec)
        levels.append(sid)
    if not levels:
        raise KeyError(spec)
    runin = tuple(i > 0 for i in range(len(levels)))
    return Structure(tuple(levels), sections, runin, name=Structure(tuple(levels), sections, runin).label)


MAX_SECTIONS = 99  # headings a level may have in a new draft (一 … 九十九)
_EVIDENCE_PATTERNS = ("title", "headings", "opening", "salutation", "closing")


def check_speech_types(data: object, text: str, path: Path) -> None:
    """Raise DataFileError (file, line, what is wrong) unless data is a usable speech type list."""
    from desktop.core.numbering import SCHEMES, UNNUMBERED
    from desktop.infra.data_files import data_error, line_of

    levels = {**SCHEMES, UNNUMBERED.id: UNNUMBERED}
    if not isinstance(data, dict) or not isinstance(data.get("types"), list) or not data["types"]:
        raise data_error(path, 1, '应为 {"types": [...]}，且至少有一种讲稿类型')
    seen: set[str] = set()
    for i, raw in enumerate(data["types"], 1):
        if not isinstance(raw, dict) or not isinstance(raw.get("name"), str) or not raw["name"].strip():
            raise data_error(path, 1, f"第 {i} 种讲稿类型应为对象，并有非空的 name")
        name = raw["name"]
        at = line_of(text, json.dumps(name, ensure_ascii=False))
        if name in seen:
            raise data_error(path, at, f"讲稿类型“{name}”重复")
        seen.add(name)
        for key in ("title_patterns", "opening_moves", "closing_moves"):
            value = raw.get(key, [])
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                raise data_error(path, line_of(text, f'"{key}"', at), f"“{name}”的 {key} 应为文字列表")
        for key in ("title_template", "salutation"):
            if not isinstance(raw.get(key, ""), str):
                raise data_error(path, line_of(text, f'"{key}"', at), f"“{name}”的 {key} 应为文字")
        evidence = raw.get("evidence", {})
        if not isinstance(evidence, dict):
            raise data_error(path, line_of(text, '"evidence"', at), f"“{name}”的 evidence 应为对象")
        patterns = list(raw.get("title_patterns", []))
        for key in _EVIDENCE_PATTERNS:
            value = evidence.get(key, [])
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                raise data_error(path, line_of(text, f'"{key}"', at), f"“{name}”的 evidence.{key} 应为文字列表")
            patterns += value
        for pattern in patterns:
            try:
                re.compile(pattern)
            except re.error as exc:
                where = line_of(text, json.dumps(pattern, ensure_ascii=False)[1:-1], at)
                raise data_error(path, where, f"“{name}”的正则表达式 {pattern} 不对（{exc.msg}）") from None
        structures = [raw.get("structure", {}), *(raw.get("structures") or [])]
        if not isinstance(raw.get("structures", []), list):
            raise data_error(path, line_of(text, '"structures"', at), f"“{name}”的 structures 应为列表")
        for st in structures:
            _check_structure(st, name, text, at, path, levels)


def _check_structure(st: object, name: str, text: str, at: int, path: Path, schemes: dict) -> None:
    from desktop.infra.data_files import data_error, line_of

    if not isinstance(st, dict):
        raise data_error(path, line_of(text, '"structure', at), f"“{name}”的结构应为对象")
    levels = st.get("levels", ["cn_dun"])
    if not isinstance(levels, list) or not levels:
        raise data_error(path, line_of(text, '"levels"', at), f"“{name}”的 levels 应为非空列表")
    for level in levels:
        if level not in schemes:
            known = "、".join(schemes)
            raise data_error(
                path,
                line_of(text, json.dumps(level, ensure_ascii=False), at),
                f"“{name}”的编号方式 {level} 不存在（可用：{known}）",
            )
    for key, low, high in (("sections", 1, MAX_SECTIONS), ("subsections", 1, MAX_SECTIONS)):
        value = st.get(key, 3)
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            raise data_error(path, line_of(text, f'"{key}"', at), f"“{name}”的 {key} 应为 {low} 到 {high} 之间的整数")
    runin = st.get("runin", [])
    if not isinstance(runin, list) or not all(isinstance(v, bool) for v in runin):
        raise data_error(path, line_of(text, '"runin"', at), f"“{name}”的 runin 应为 true/false 的列表")


def load_speech_types(path: Path | None = None) -> list[SpeechType]:
    from desktop.infra.data_files import load_json

    source = path or resource_path("speech_types.json")
    data, text = load_json(source)
    check_speech_types(data, text, source)
    types = []
    for raw in data["types"]:
        st = raw.get("structure", {})
        levels = tuple(st.get("levels", ["cn_dun"]))
        runin = tuple(st.get("runin", [False] * len(levels)))
        known = {
            "name",
            "title_patterns",
            "title_template",
            "salutation",
            "opening_moves",
            "closing_moves",
            "structure",
            "structures",
        }
        default = _structure(st, levels, runin)
        others = tuple(
            _structure(raw_st, tuple(raw_st.get("levels", ["cn_dun"])), tuple(raw_st.get("runin", [])))
            for raw_st in raw.get("structures", [])
        )
        types.append(
            SpeechType(
                name=raw["name"],
                title_patterns=tuple(raw.get("title_patterns", [])),
                title_template=raw.get("title_template", "{topic}"),
                salutation=raw.get("salutation", ""),
                opening_moves=tuple(raw.get("opening_moves", [])),
                closing_moves=tuple(raw.get("closing_moves", [])),
                structure=default,
                extra={k: v for k, v in raw.items() if k not in known},
                structures=(default, *(o for o in others if o.name != default.name)),
            )
        )
    return types


def _structure(raw: dict, levels: tuple[str, ...], runin: tuple[bool, ...]) -> Structure:
    runin = runin or (False,)
    runin = runin + (runin[-1:] * (len(levels) - len(runin)))
    st = Structure(
        levels, int(raw.get("sections", 3)), runin[: len(levels)], subsections=int(raw.get("subsections", 3))
    )
    return Structure(st.levels, st.sections, st.runin, raw.get("name") or st.label, st.subsections)


@lru_cache(maxsize=1)
def default_speech_types() -> tuple[SpeechType, ...]:
    return tuple(load_speech_types())


def type_names() -> list[str]:
    return [t.name for t in default_speech_types()]


def get_type(name: str) -> SpeechType:
    for t in default_speech_types():
        if t.name == name:
            return t
    raise KeyError(name)


# How much each kind of evidence counts towards a type (core.speech_types docs: the "evidence" data).
TITLE_WEIGHT = 4.0
HEADINGS_WEIGHT = 3.0
OPENING_WEIGHT = 2.0
SHAPE_WEIGHT = 2.0  # the outline's shape: all headings unnumbered
SALUTATION_WEIGHT = 1.0
CLOSING_WEIGHT = 1.0
NO_SALUTATION_WEIGHT = 1.0
MIN_TYPE_SCORE = 3.0  # below this the type stays unknown


@dataclass(frozen=True)
class TypeEvidence:
    """What a parsed document shows about its type, besides its title."""

    salutation: str | None = None
    opening: tuple[str, ...] = ()  # the first paragraphs of its text
    headings: tuple[str, ...] = ()
    unnumbered: bool = False  # two or more headings, none numbered
    closing: str | None = None


def _search(patterns: list[str] | tuple[str, ...], texts: tuple[str, ...] | list[str]) -> re.Match[str] | None:
    for p in patterns:
        for text in texts:
            m = re.search(p, text)
            if m:
                return m
    return None


def type_scores(
    title: str | None, evidence: TypeEvidence | None = None, types: tuple[SpeechType, ...] | None = None
) -> list[tuple[float, str]]:
    """Each type's score for a document, best first.

    A title pattern counts most (the longer the matched words, the more specific); then words of
    the type's own headings, its opening moves, the outline's shape, the salutation and the
    closing, each listed under the type's "evidence" in speech_types.json.
    """
    ev = evidence or TypeEvidence()
    chosen = types or default_speech_types()
    spans: dict[str, tuple[int, int]] = {}  # each type's longest title match
    for t in chosen:
        patterns = (*t.title_patterns, *t.extra.get("evidence", {}).get("title", []))
        hits = [m for p in patterns if (m := re.search(p, title or ""))] if title else []
        if hits:
            best = max(hits, key=lambda m: len(m.group(0)))
            spans[t.name] = best.span()
    scores = []
    for t in chosen:
        data = t.extra.get("evidence", {})
        score = 0.0
        span = spans.get(t.name)
        # A type whose title words lie inside another type's (工作报告 in 政府工作报告) does not count them.
        if span and not any(o != span and o[0] <= span[0] and span[1] <= o[1] for o in spans.values()):
            score += TITLE_WEIGHT + 0.01 * (span[1] - span[0])
        if ev.headings and _search(data.get("headings", []), ev.headings):
            score += HEADINGS_WEIGHT
        if ev.opening and _search(data.get("opening", []), ev.opening):
            score += OPENING_WEIGHT
        if ev.unnumbered and data.get("unnumbered"):
            score += SHAPE_WEIGHT
        if ev.salutation and _search(data.get("salutation", []), (ev.salutation,)):
            score += SALUTATION_WEIGHT
        if ev.closing and _search(data.get("closing", []), (ev.closing,)):
            score += CLOSING_WEIGHT
        if ev.salutation is None and data.get("no_salutation") and title:
            score += NO_SALUTATION_WEIGHT
        scores.append((score, t.name))
    return sorted(scores, key=lambda s: -s[0])


def infer_type(
    title: str | None, types: tuple[SpeechType, ...] | None = None, evidence: TypeEvidence | None = None
) -> str | None:
    """The type a document's title and evidence point to; None when nothing points clearly to one
    (a best score under MIN_TYPE_SCORE, or two types level): unknown rather than wrong."""
    if not title and evidence is None:
        return None
    scores = type_scores(title, evidence, types)
    if not scores or scores[0][0] < MIN_TYPE_SCORE:
        return None
    if len(scores) > 1 and scores[0][0] - scores[1][0] < 0.005:
        return None
    return scores[0][1]
