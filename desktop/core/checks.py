"""Proofreading checks (校对) on a draft's paragraphs, each finding pointing to its place.

Checks: numbering gaps, repeats and mixed schemes among sibling headings (from the structure
parser's outline); fill-in slots still open; half-width punctuation in Chinese text; unpaired
quotes and brackets; sentences said twice. `summarize` gives length and speaking time.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import Any

from desktop.core.document import Speech
from desktop.core.numbering import UNNUMBERED, scheme
from desktop.core.outline_ops import parents
from desktop.core.phrases import dedup_key
from desktop.core.punctuation import to_full_width
from desktop.core.sentences import split_sentences
from desktop.core.slots import hinted_chars
from desktop.core.structure import parse
from desktop.infra.lazy_re import LazyPattern

DEFAULT_SPEED = 220  # 字/分钟, a steady pace for a speech read from the page
MIN_REPEAT_KEY = 8  # shorter sentences (谢谢大家！) may well be said twice

# 【数字】【地名】【待填】 and any other short 【…】 a writer uses as a placeholder, plus the
# anonymised spots the bank turns into slots when they come in unmarked (××, XX, ***).
SLOT_PATTERN = re.compile(
    r"【待填[：:][^【】]{1,80}】|【[^【】\s，。；：！？]{1,8}】|[×Ｘ]{2,3}|(?<![A-Za-z])XX(?![A-Za-z])|\*{2,4}"
)
_PAIRS = {"“": "”", "‘": "’", "（": "）", "《": "》", "【": "】"}
_CLOSERS = {v: k for k, v in _PAIRS.items()}
_HAN = LazyPattern(r"[\u3400-\u4dbf\u4e00-\u9fff]")


@dataclass(frozen=True)
class Finding:
    """One thing the checker found: where (paragraph, start/end offsets in it) and what."""

    code: str  # numbering_gap, numbering_repeat, numbering_mixed, slot, halfwidth, unpaired, repeat
    message: str  # Chinese, says what is wrong and what to do
    paragraph: int
    start: int
    end: int

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class Summary:
    """The draft's length, speaking time and open slots."""

    chars: int
    minutes: float
    speed: int
    open_slots: int
    findings: int
    hinted: int = 0  # 【待填：…】 slots where the writer's own text is needed
    to_write: int = 0  # characters those slots ask for (their 约N字)

    def line(self) -> str:
        left = f"其中 {self.hinted} 处需自己撰写，约 {self.to_write} 字；" if self.hinted else ""
        return (
            f"共 {self.chars} 字，按每分钟 {self.speed} 字约讲 {self.minutes:.1f} 分钟；"
            f"待填空位 {self.open_slots} 处；{left}校对发现 {self.findings} 处问题。"
        )

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


def _paragraphs(source: Any) -> list[str]:
    paras = getattr(source, "paragraphs", source)
    return [str(p) for p in paras]


def check(source: Sequence[str] | Any, speed: int = DEFAULT_SPEED) -> list[Finding]:
    """Every finding in the paragraphs (or a Draft/Speech with .paragraphs), in text order."""
    del speed  # the summary uses it; kept so both take the same arguments
    paras = _paragraphs(source)
    speech = parse(paras)
    findings = [
        *check_numbering(speech),
        *check_slots(paras),
        *check_halfwidth(paras),
        *check_pairs(paras),
        *check_repeats(paras),
    ]
    return sorted(findings, key=lambda f: (f.paragraph, f.start, f.code))


def summarize(
    source: Sequence[str] | Any, speed: int = DEFAULT_SPEED, findings: list[Finding] | None = None
) -> Summary:
    if speed <= 0:
        raise ValueError("speed must be positive")
    paras = _paragraphs(source)
    chars = sum(len("".join(p.split())) for p in paras)
    slots = sum(len(SLOT_PATTERN.findall(p)) for p in paras)
    found = check(paras) if findings is None else findings
    hinted = [hinted_chars(p) for p in paras]
    return Summary(
        chars, round(chars / speed, 1), speed, slots, len(found), sum(h for h, _ in hinted), sum(n for _, n in hinted)
    )


# ---------------------------------------------------------------- numbering


def check_numbering(speech: Speech) -> list[Finding]:
    out: list[Finding] = []
    par = parents(speech)
    heads = speech.headings
    by_parent: dict[int | None, list[int]] = {}
    for k, p in enumerate(par):
        by_parent.setdefault(p, []).append(k)
    for members in by_parent.values():
        schemes = [heads[k].scheme for k in members]
        main = max(dict.fromkeys(schemes), key=schemes.count)
        for k in members:
            h = heads[k]
            if h.scheme != main:
                out.append(
                    Finding(
                        "numbering_mixed",
                        f"同级标题编号方式不一致：这里用“{scheme(h.scheme).label}”，其他同级标题用“{scheme(main).label}”。"
                        "请统一编号方式（如属有意区分的两部分，可忽略）。",
                        h.paragraph,
                        0,
                        len(h.marker) or len(h.text),
                    )
                )
        for sid in dict.fromkeys(schemes):
            if sid == UNNUMBERED.id:
                continue
            expected = 1
            for k in (k for k in members if heads[k].scheme == sid):
                h = heads[k]
                n = h.number
                if n is None:  # 最后， stands for the last one, whatever its position
                    expected += 1
                    continue
                span = (h.paragraph, 0, len(h.marker))
                if n < expected:
                    out.append(
                        Finding(
                            "numbering_repeat",
                            f"编号“{h.marker}”重复或倒序：按顺序这里应是第 {expected} 个。请重新编号。",
                            *span,
                        )
                    )
                elif n > expected:
                    missing = scheme(sid).format(expected)
                    out.append(
                        Finding("numbering_gap", f"编号跳号：“{h.marker}”之前缺少“{missing}”。请重新编号。", *span)
                    )
                expected = n + 1
    return out


# ---------------------------------------------------------------- text checks


def check_slots(paras: list[str]) -> list[Finding]:
    return [
        Finding("slot", f"待填空位“{m.group(0)}”尚未填写。请填入实际内容。", i, m.start(), m.end())
        for i, p in enumerate(paras)
        for m in SLOT_PATTERN.finditer(p)
    ]


def check_halfwidth(paras: list[str]) -> list[Finding]:
    """Half-width , ; : ? ! ( ) " ' . where a neighbour is Chinese text."""
    out: list[Finding] = []
    for i, p in enumerate(paras):
        full = to_full_width(p)
        for j, (a, b) in enumerate(zip(p, full, strict=False)):
            if a != b:
                out.append(Finding("halfwidth", f"中文里用了半角标点“{a}”，应为全角“{b}”。", i, j, j + 1))
        for m in re.finditer(r"(?<=[\u4e00-\u9fff])\.(?!\d)", p):
            out.append(Finding("halfwidth", "中文里用了半角句点“.”，应为句号“。”。", i, m.start(), m.end()))
    return out


def check_pairs(paras: list[str]) -> list[Finding]:
    """Quotes and brackets opened and not closed (or closed and not opened) within a paragraph."""
    out: list[Finding] = []
    for i, p in enumerate(paras):
        stack: list[tuple[str, int]] = []
        for j, ch in enumerate(p):
            if ch in _PAIRS:
                stack.append((ch, j))
            elif ch in _CLOSERS:
                if stack and stack[-1][0] == _CLOSERS[ch]:
                    stack.pop()
                elif any(o == _CLOSERS[ch] for o, _ in stack):
                    while stack[-1][0] != _CLOSERS[ch]:
                        o, at = stack.pop()
                        out.append(_unclosed(i, o, at))
                    stack.pop()
                else:
                    out.append(
                        Finding(
                            "unpaired", f"「{ch}」前面缺少与之配对的「{_CLOSERS[ch]}」。请补上或删去。", i, j, j + 1
                        )
                    )
        out.extend(_unclosed(i, o, at) for o, at in stack)
    return out


def _unclosed(i: int, opener: str, at: int) -> Finding:
    return Finding("unpaired", f"「{opener}」没有配对的「{_PAIRS[opener]}」。请补上或删去。", i, at, at + 1)


def check_repeats(paras: list[str]) -> list[Finding]:
    """A sentence said a second time anywhere in the draft (punctuation and width ignored)."""
    out: list[Finding] = []
    seen: dict[str, int] = {}
    for i, p in enumerate(paras):
        pos = 0
        for sentence in split_sentences(p):
            at = p.find(sentence, pos)
            at = pos if at < 0 else at
            pos = at + len(sentence)
            key = dedup_key(sentence)
            if len(key) < MIN_REPEAT_KEY or not _HAN.search(key):
                continue
            if key in seen:
                out.append(
                    Finding(
                        "repeat",
                        f"这句话与第 {seen[key] + 1} 段中的一句重复。请删去或改写其中一处。",
                        i,
                        at,
                        at + len(sentence),
                    )
                )
            else:
                seen[key] = i
    return out
