"""Proofreading checks (校对) on a draft's paragraphs, each finding pointing to its place.

Checks: numbering gaps, repeats and mixed schemes among sibling headings (from the structure
parser's outline); fill-in slots still open; half-width punctuation in Chinese text; unpaired
quotes and brackets; sentences said twice or nearly (core.similar); places, units and people
that are not the writer's own (settings: core.writer.Writer), left over from another document;
doubled punctuation (。。) and accidentally doubled characters (要要); paragraphs without end
punctuation; 规范表述 (core.formulations: miswritten and outdated formulations, ended plan
periods). Each finding says where and what the right form is; at most MAX_FINDINGS are listed,
then one finding counts the rest. `summarize` gives length, speaking time and what is left to write.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass
from functools import lru_cache
from typing import Any

from desktop.core import document as doc
from desktop.core.document import Speech
from desktop.core.formulations import Formulation, default_formulations, ended_plans
from desktop.core.numbering import UNNUMBERED, scheme
from desktop.core.outline_ops import parents
from desktop.core.phrases import dedup_key
from desktop.core.punctuation import to_full_width
from desktop.core.sentences import split_sentences
from desktop.core.similar import char_pairs, near_duplicate
from desktop.core.slots import SLOT_PERSON, SLOT_PLACE, SLOT_UNIT, Slotter, Tagger, hinted_chars
from desktop.core.structure import parse
from desktop.core.writer import Writer
from desktop.infra.lazy_re import LazyPattern

DEFAULT_SPEED = 220  # 字/分钟, a steady pace for a speech read from the page
MIN_REPEAT_KEY = 8  # shorter sentences (谢谢大家！) may well be said twice
MAX_FINDINGS = 300  # listed; the rest are counted in one last finding
_END_MARKS = "。！？…”’；：）】》!?"
# Characters a writer almost never doubles on purpose (常常, 天天, 扎扎实实 stay): 要要, 的的 are slips.
_NEVER_DOUBLED = "的了是要在和与对把将及并为从向们也就都还而以被让使这那其之于我各该"
_DOUBLED = LazyPattern(rf"([{_NEVER_DOUBLED}])\1|([。，、；：！？])\2+")
# Words such a character stands in, so that 重要要求 (重要 + 要求) or 目的的 is no slip.
_WORDS_OF_DOUBLED = frozenset(
    " ".join(
        (
            "重要 主要 需要 只要 想要 必要 紧要 纪要 提要 概要 摘要 首要 将要 要求 要素",
            "要点 要害 要务 要义 要领 要件 要闻 要地 的确 目的 有的 别的 就是 总是 还是",
            "但是 于是 可是 只是 正是 是否 是非 凡是 要是 现在 正在 存在 实在 在于 所在",
            "内在 外在 自在 和平 和谐 和美 温和 共和 总和 参与 与会 面对 针对 反对 相对",
            "对于 对象 对比 对接 绝对 把握 把关 将来 即将 以及 及时 普及 涉及 及早 并且",
            "合并 并非 兼并 作为 认为 因为 为了 行为 成为 为民 为主 以为 为止 为人 从而",
            "从事 服从 从严 从未 自从 从来 从中 方向 导向 向上 向前 取向 倾向 面向 走向",
            "一向 我们 他们 人们 你们 也许 成就 就业 就地 造就 早就 首都 都市 大都 还有",
            "归还 而且 而是 因而 然而 进而 反而 可以 所以 以来 以上 以下 以后 以前 难以",
            "予以 加以 以便 足以 用以 被动 被迫 转让 出让 使用 使命 即使 促使 致使 使得",
            "这些 这样 这个 那些 那样 那么 其他 其中 其实 尤其 及其 极其 其次 与其 其余",
            "其间 之一 之后 之前 之间 总之 之际 之下 对于 由于 关于 属于 等于 至于 终于",
            "善于 勇于 敢于 基于 用于 自我 我国 我县 我市 各自 各种 各级 各地 各类 各项",
            "应该 该项 了解 为了 除了 罢了 完了 了结 了不起 受了 为此",
        )
    ).split()
)
_SPECIFIC_SLOTS = {SLOT_PLACE: "地名", SLOT_UNIT: "单位名称", SLOT_PERSON: "人名"}

# 【数字】【地名】【待填】 and any other short 【…】 a writer uses as a placeholder, plus the
# anonymised spots the bank turns into slots when they come in unmarked (××, XX, ***).
SLOT_PATTERN = re.compile(
    r"【待填[：:][^【】]{1,80}】|【[^【】\s，。；：！？]{1,8}】|[×Ｘ]{2,3}|(?<![A-Za-z])XX(?![A-Za-z])|\*{2,4}"
)
SLOT_ONLY = re.compile(r"\s*【[^【】]{1,80}】[。！？；]?\s*")
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


def check(
    source: Sequence[str] | Any,
    speed: int = DEFAULT_SPEED,
    *,
    writer: Writer | None = None,
    tag: Tagger | None = None,
    formulations: Sequence[Formulation] | None = None,
    year: int | None = None,
) -> list[Finding]:
    """Every finding in the paragraphs (or a Draft/Speech with .paragraphs), in text order, at
    most MAX_FINDINGS of them and then one that counts the rest. `writer` is the writer's own
    place and unit (never reported), `tag` a part-of-speech tagger for people's names,
    `formulations` the 规范表述 rules (default resources/formulations.txt), `year` today's."""
    del speed  # the summary uses it; kept so both take the same arguments
    paras = _paragraphs(source)
    speech = parse(paras)
    findings = [
        *check_numbering(speech),
        *check_slots(paras),
        *check_halfwidth(paras),
        *check_pairs(paras),
        *check_repeats(paras),
        *check_near_repeats(paras),
        *check_doubled(paras),
        *check_end_marks(speech),
        *check_specifics(speech, writer or Writer(), tag),
        *check_formulations(paras, default_formulations() if formulations is None else formulations, year),
    ]
    found = sorted(findings, key=lambda f: (f.paragraph, f.start, f.code))
    if len(found) > MAX_FINDINGS:
        rest = len(found) - MAX_FINDINGS
        last = found[MAX_FINDINGS - 1]
        found = found[:MAX_FINDINGS] + [
            Finding(
                "more",
                f"另有 {rest} 处问题未列出（共 {rest + MAX_FINDINGS} 处）。请先改正以上各处，再检查一次。",
                last.paragraph,
                last.start,
                last.end,
            )
        ]
    return found


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


def _sentences(paras: list[str]) -> Iterator[tuple[int, int, str]]:
    """(paragraph, offset, sentence) of every sentence, in text order."""
    for i, p in enumerate(paras):
        pos = 0
        for sentence in split_sentences(p):
            at = p.find(sentence, pos)
            at = pos if at < 0 else at
            pos = at + len(sentence)
            yield i, at, sentence


def check_repeats(paras: list[str]) -> list[Finding]:
    """A sentence said a second time anywhere in the draft (punctuation and width ignored)."""
    out: list[Finding] = []
    seen: dict[str, int] = {}
    for i, at, sentence in _sentences(paras):
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


def check_near_repeats(paras: list[str]) -> list[Finding]:
    """A sentence that nearly repeats an earlier one (a clause added or a few words changed); the
    same sentence again is check_repeats'."""
    out: list[Finding] = []
    seen: list[tuple[frozenset[str], str, int]] = []
    for i, at, sentence in _sentences(paras):
        key = dedup_key(sentence)
        if SLOT_ONLY.fullmatch(sentence):
            continue  # a slot to fill is no sentence said twice
        pairs = char_pairs(sentence)
        twin = next((s for s in seen if s[1] != key and near_duplicate(pairs, s[0])), None)
        if twin is not None:
            out.append(
                Finding(
                    "near_repeat",
                    f"这句话与第 {twin[2] + 1} 段中的一句意思几乎相同。请删去或改写其中一处。",
                    i,
                    at,
                    at + len(sentence),
                )
            )
        elif len(pairs) >= MIN_REPEAT_KEY:
            seen.append((pairs, key, i))
    return out


def check_doubled(paras: list[str]) -> list[Finding]:
    """。。 and ，， typed twice; 要要, 的的 and the like, doubled by a slip of the keyboard."""
    out: list[Finding] = []
    for i, p in enumerate(paras):
        for m in _DOUBLED.finditer(p):
            ch = m.group(0)[0]
            if m.group(1) and (
                p[m.start() - 1 : m.start() + 1] in _WORDS_OF_DOUBLED
                or p[m.end() - 1 : m.end() + 1] in _WORDS_OF_DOUBLED
            ):
                continue  # 重要要求: each of the two stands in a word of its own
            if m.group(2):
                message = f"标点“{ch}”连用了 {len(m.group(0))} 次，应为一个“{ch}”。"
            else:
                message = f"“{m.group(0)}”多打了一个字，应为“{ch}”。"
            out.append(Finding("doubled", message, i, m.start(), m.end()))
    return out


def check_end_marks(speech: Speech) -> list[Finding]:
    """Paragraphs of running text (opening, body, closing) that stop without end punctuation."""
    out: list[Finding] = []
    for b in speech.blocks:
        text = b.text.rstrip()
        if b.role not in (doc.OPENING, doc.BODY, doc.CLOSING) or not text or not _HAN.search(text):
            continue
        if text[-1] not in _END_MARKS:
            out.append(
                Finding(
                    "no_end_mark",
                    "这一段末尾没有标点。请补上句号（或问号、叹号）；如果这是标题，请加上编号或单独成行。",
                    b.index,
                    len(text) - 1,
                    len(text),
                )
            )
    return out


def check_specifics(speech: Speech, writer: Writer, tag: Tagger | None = None) -> list[Finding]:
    """Places, organisations and people that are not the writer's own: left over from the
    document a sentence came from (the title, salutation and byline are not checked)."""
    slotter = Slotter(tag=tag)
    own = [n for n in writer.names if n]
    stems = [n[:-1] for n in own if len(n) >= 3]
    out: list[Finding] = []
    for b in speech.blocks:
        if b.role in (doc.TITLE, doc.SUBTITLE, doc.SALUTATION, doc.BYLINE):
            continue
        pos = 0
        for slot, original in slotter(b.text).fills:
            if slot not in _SPECIFIC_SLOTS:
                continue
            at = b.text.find(original, pos)
            if at < 0:
                continue
            pos = at + len(original)
            if any(original in n or n in original for n in own) or any(original.startswith(s) for s in stems):
                continue
            kind = _SPECIFIC_SLOTS[slot]
            out.append(
                Finding(
                    "specific",
                    f"“{original}”像是别处文稿里的{kind}，不是设置中本人的地方和单位。"
                    f"请改成本地实际，或换成空位{slot}待填。",
                    b.index,
                    at,
                    at + len(original),
                )
            )
    return out


def check_formulations(paras: list[str], rules: Sequence[Formulation], year: int | None = None) -> list[Finding]:
    """规范表述: miswritten fixed formulations and outdated ones, each with the right form, and
    ended five-year plans named as if current (确保“十四五”目标任务 … in a later year)."""
    import datetime

    out: list[Finding] = []
    for i, p in enumerate(paras):
        for r in rules:
            start = 0
            while (at := p.find(r.wrong, start)) >= 0:
                start = at + len(r.wrong)
                if r.right and p.startswith(r.right, max(0, at - len(r.right) + len(r.wrong))) and r.wrong in r.right:
                    continue  # the wrong form is part of the right one written out
                if r.right:
                    message = f"规范表述应为“{r.right}”，这里写成了“{r.wrong}”。"
                else:
                    message = f"“{r.wrong}”是过时表述：{r.note}。"
                out.append(Finding("formulation", message, i, at, at + len(r.wrong)))
        for name, first, last, current in ended_plans(year or datetime.date.today().year):
            for m in _plan_pattern(name).finditer(p):
                group = "a" if m.group("a") else "b"
                out.append(
                    Finding(
                        "formulation",
                        f"“{name}”时期（{first}—{last}年）已经结束；写当前任务应为“{current}”。",
                        i,
                        m.start(group),
                        m.end(group),
                    )
                )
    return out


@lru_cache(maxsize=64)
def _plan_pattern(name: str) -> re.Pattern[str]:
    """An ended plan named as if current: 确保“十四五”… or “十四五”开局/目标任务 …"""
    return re.compile(
        rf"(?:确保|推动|谋划|编制|实现|迈好|开好|决胜|完成)[^。，；]{{0,6}}“?(?P<a>{name})”?"
        rf"|“?(?P<b>{name})”?(?:时期|期间)?[^。，；]{{0,8}}?(?:开局|起步|收官之年|冲刺|目标任务|规划纲要要求)"
    )
