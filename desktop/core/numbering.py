"""Numbering schemes of Chinese official writing, and renumbering.

A scheme is a way of writing a heading's number (一、 / 第一， / （一） / 一是 / 1. / （1）).
Its rank says how high it usually stands: a heading never nests under one of the same or a
lower rank. The level a heading actually gets is decided by the structure parser from the
document's own outline, not from the rank alone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

CN_DIGITS = "零一二三四五六七八九"
CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
_CN_NUM = "[一二三四五六七八九十百零〇两]{1,4}"


def cn_number(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 20 → 二十, 105 → 一百零五, 1000 → 一千, 1010 → 一千零一十, 10001 → 一万零一."""
    if n <= 0:
        raise ValueError(n)
    if n < 10:
        return CN_DIGITS[n]
    if n < 20:
        return "十" + (CN_DIGITS[n - 10] if n > 10 else "")
    if n < 100:
        tens, ones = divmod(n, 10)
        return CN_DIGITS[tens] + "十" + (CN_DIGITS[ones] if ones else "")
    if n < 1000:
        return _cn_place(n, 100, "百")
    if n < 10_000:
        return _cn_place(n, 1000, "千")
    return _cn_place(n, 10_000, "万")


def _cn_place(n: int, unit: int, name: str) -> str:
    """n ≥ unit written as its leading part, the unit's name and the rest (零 for a gap)."""
    head, rest = divmod(n, unit)
    text = cn_number(head) + name
    if rest == 0:
        return text
    tail = cn_number(rest)
    if 10 <= rest < 20:
        tail = "一" + tail  # 一百一十, 一千零一十
    return text + ("零" if rest < unit // 10 else "") + tail


def parse_cn_number(text: str) -> int | None:
    """Inverse of cn_number for the forms headings use; None for anything else."""
    digits = {c: i for i, c in enumerate(CN_DIGITS)}
    digits.update({"〇": 0, "两": 2})
    if not text:
        return None
    total, current = 0, 0
    for ch in text:
        if ch in digits:
            current = digits[ch]
        elif ch == "十":
            total += (current or 1) * 10
            current = 0
        elif ch == "百":
            total += (current or 1) * 100
            current = 0
        else:
            return None
    total += current
    return total or None


@dataclass(frozen=True)
class Scheme:
    """One numbering scheme: how to recognise its marker and how to write number n."""

    id: str
    label: str  # shown to the writer
    rank: int  # 1 highest; nesting only goes to a larger rank
    pattern: re.Pattern[str]  # matches the marker at the start of a paragraph
    template: str  # "{cn}、", "{n}." …
    words: tuple[str, ...] = ()  # for word sequences (首先/其次/最后)

    def format(self, n: int, total: int | None = None) -> str:
        if self.words:
            if total is not None and n == total and n > 1 and "最后" in self.words:
                return "最后，"
            ordinal = self.words[min(n, len(self.words) - 1) - 1] if n <= len(self.words) - 1 else "再次"
            return ordinal + "，"
        circled = CIRCLED[n - 1] if n <= len(CIRCLED) else f"({n})"
        return self.template.format(cn=cn_number(n), n=n, c=circled)

    def number_of(self, match: re.Match[str]) -> int | None:
        raw = match.group("num")
        if self.words:
            if raw == "最后":
                return None  # its number is its position
            return self.words.index(raw) + 1 if raw in self.words else None
        if raw in CIRCLED:
            return CIRCLED.index(raw) + 1
        if raw.isdecimal():
            return int(raw)
        return parse_cn_number(raw)


def _p(body: str) -> re.Pattern[str]:
    return re.compile(r"^\s*" + body)


# A trailing lookahead keeps 一是 from matching 一是非 and 第一 from 第一次/第一批.
SCHEMES: dict[str, Scheme] = {
    s.id: s
    for s in (
        Scheme("cn_dun", "一、", 1, _p(rf"(?P<marker>(?P<num>{_CN_NUM})(?:、|[．.](?![0-9])))"), "{cn}、"),
        Scheme("di_cn", "第一，", 1, _p(rf"(?P<marker>第(?P<num>{_CN_NUM})点?[，,、：:])"), "第{cn}，"),
        Scheme("paren_cn", "（一）", 2, _p(rf"(?P<marker>[（(](?P<num>{_CN_NUM})[）)])"), "（{cn}）"),
        Scheme("cn_shi", "一是", 3, _p(rf"(?P<marker>(?P<num>{_CN_NUM})是)(?![非否])"), "{cn}是"),
        Scheme("cn_yao", "一要", 3, _p(rf"(?P<marker>(?P<num>{_CN_NUM})要)(?![求素点件])"), "{cn}要"),
        Scheme("cn_zhua", "一抓", 3, _p(rf"(?P<marker>(?P<num>{_CN_NUM})抓)"), "{cn}抓"),
        Scheme(
            "ordinal_word",
            "首先/其次/最后",
            3,
            # with a comma, or run straight into 是/要 (首先是…，其次是…)
            _p(r"(?P<marker>(?P<num>首先|其次|再次|最后)(?:[，,]|(?=[是要])))"),
            "",
            words=("首先", "其次", "再次", "最后"),
        ),
        Scheme("arabic_dot", "1.", 4, _p(r"(?P<marker>(?P<num>\d{1,2})[.．、：:](?![0-9０-９]))"), "{n}."),
        Scheme("paren_arabic", "（1）", 5, _p(r"(?P<marker>[（(](?P<num>\d{1,2})[）)])"), "（{n}）"),
        Scheme("circled", "①", 6, _p(rf"(?P<marker>(?P<num>[{CIRCLED}]))"), "{c}"),
        # A labelled series: 场景一： / 方面二： (a word of two characters, a number, a colon).
        Scheme("label_cn", "场景一：", 6, _p(rf"(?P<marker>[\u4e00-\u9fff]{{2}}(?P<num>{_CN_NUM})[：:])"), "{cn}："),
    )
}
# Headings with no number at all (news summaries): ranked with the top schemes.
UNNUMBERED = Scheme("plain", "无编号", 1, re.compile(r"(?!)"), "")

LEVEL_SCHEME_CHOICES: dict[int, tuple[str, ...]] = {
    1: ("cn_dun", "di_cn", "plain"),
    2: ("paren_cn", "cn_shi", "cn_yao", "ordinal_word"),
    3: ("arabic_dot", "cn_shi"),
    4: ("paren_arabic",),
}


def scheme(scheme_id: str) -> Scheme:
    if scheme_id == UNNUMBERED.id:
        return UNNUMBERED
    return SCHEMES[scheme_id]


@dataclass(frozen=True)
class MarkerMatch:
    scheme: Scheme
    marker: str  # exactly as written, e.g. "（一）"
    number: int | None
    end: int  # index in the paragraph just after the marker (and any space after it)


def match_marker(paragraph: str) -> MarkerMatch | None:
    """The numbering marker a paragraph starts with, if any."""
    for sch in SCHEMES.values():
        m = sch.pattern.match(paragraph)
        if not m:
            continue
        end = m.end()
        while end < len(paragraph) and paragraph[end] in " \u3000\t":
            end += 1
        if end >= len(paragraph):
            continue  # a bare marker is not a heading
        return MarkerMatch(sch, m.group("marker"), sch.number_of(m), end)
    return None


INLINE_WORDS = {"cn_shi": "是", "cn_yao": "要", "cn_zhua": "抓"}


def find_inline_markers(
    text: str, scheme_ids: tuple[str, ...] = ("cn_shi", "cn_yao", "cn_zhua")
) -> list[tuple[int, int, str]]:
    """Positions of 一是/二是… sequences inside running text: (start, number, scheme id).

    Only sequences that start at 一 and count up without a gap are returned, so that words
    such as 一是非 or a stray 三是 inside a sentence are not taken for an enumeration.
    """
    found: list[tuple[int, int, str]] = []
    for sid in scheme_ids:
        word = INLINE_WORDS[sid]
        expected, pos, run = 1, 0, []
        while True:
            needle = cn_number(expected) + word
            at = text.find(needle, pos)
            if at < 0:
                break
            before = text[at - 1] if at > 0 else "。"
            if before in "。；;！？：:，,\n”" or at == 0:
                run.append((at, expected, sid))
                expected += 1
            pos = at + len(needle)
        if len(run) >= 2:
            found.extend(run)
    return sorted(found)


def renumber_marker(paragraph: str, new_marker: str) -> str:
    """Replace the marker a paragraph starts with (keeping its leading space)."""
    mm = match_marker(paragraph)
    if mm is None:
        return paragraph
    start = paragraph.index(mm.marker)
    return paragraph[:start] + new_marker + paragraph[start + len(mm.marker) :]
