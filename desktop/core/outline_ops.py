"""Outline operations on a draft (add, delete, move, promote, demote, scheme, renumber).

Every operation edits the draft's paragraphs only; the outline it works from is always the
structure parser's reading of them. A section is a heading with everything under it
(`Speech.section_end`). After each operation numbering follows order: siblings of one scheme
under one parent are numbered 1…n. Each operation returns a `DraftChange` saying which
paragraphs changed, so a window can refresh only those. An operation whose result the parser
would read as a different outline than intended is refused and leaves the draft unchanged.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from enum import StrEnum

from desktop.core import document as doc
from desktop.core.document import Heading, Speech
from desktop.core.draft import Draft, DraftError
from desktop.core.numbering import LEVEL_SCHEME_CHOICES, SCHEMES, UNNUMBERED, renumber_marker, scheme
from desktop.core.phrases import SLOT_TEXT
from desktop.core.structure import parse

_HEADING_END = "。！？；：，、.!?;:,"
_PREAMBLE = (doc.TITLE, doc.SUBTITLE, doc.BYLINE, doc.SALUTATION, doc.BLANK)


class OutlineOp(StrEnum):
    """What an operation did to the outline."""

    ADD = "add"
    DELETE = "delete"
    MOVE = "move"  # to another place at the same level
    PROMOTE = "promote"
    DEMOTE = "demote"
    SCHEME = "scheme"  # a level's numbering scheme changed
    RENUMBER = "renumber"


@dataclass(frozen=True)
class DraftChange:
    """What an operation changed: paragraphs [start, end) of the new text differ from the
    old text (outside it only indices may have shifted), which paragraphs got a new number, and
    the heading the operation was about in the new outline (None when it was deleted)."""

    op: OutlineOp
    start: int
    end: int
    renumbered: tuple[int, ...]
    focus: int | None


# ---------------------------------------------------------------- outline helpers


def changed_span(old: list[str], new: list[str]) -> tuple[int, int]:
    """How many paragraphs at the start (head) and at the end (tail) the two versions share."""
    head = 0
    while head < min(len(old), len(new)) and old[head] == new[head]:
        head += 1
    tail = 0
    while tail < min(len(old), len(new)) - head and old[-1 - tail] == new[-1 - tail]:
        tail += 1
    return head, tail


def parents(speech: Speech) -> list[int | None]:
    return speech.parent_indices()


def children(speech: Speech, parent: int | None) -> list[int]:
    par = parents(speech)
    return [k for k, p in enumerate(par) if p == parent]


def _heading_name(h: Heading) -> str:
    """A heading as a place name: its number (二、 （一）), or its first words when unnumbered."""
    if h.marker:
        return h.marker
    words = h.text.rstrip(_HEADING_END)
    return f"“{words[:8]}…”" if len(words) > 8 else f"“{words}”"


def section_place(speech: Speech, paragraph: int) -> str:
    """Where a paragraph stands, as a writer names it: 二、（一） 第2段 (the second paragraph of
    section （一） under 二、), 二、 标题, 开头 第1段, 结尾 第1段; paragraphs counted without blank ones."""
    blocks = speech.blocks
    if not 0 <= paragraph < len(blocks):
        return f"第 {paragraph + 1} 段"
    role = blocks[paragraph].role
    if role in (doc.TITLE, doc.SUBTITLE):
        return "标题"
    if role == doc.SALUTATION:
        return "称呼"
    if role == doc.BYLINE:
        return "署名"

    def counted(start: int) -> int:
        return sum(1 for b in blocks[start : paragraph + 1] if b.text.strip())

    closing = next((b.index for b in blocks if b.role == doc.CLOSING), None)
    if closing is not None and paragraph >= closing:
        return f"结尾 第{counted(closing)}段"
    above = [k for k, h in enumerate(speech.headings) if h.paragraph <= paragraph]
    if not above:
        first = next((b.index for b in blocks if b.role not in _PREAMBLE and b.text.strip()), paragraph)
        return f"开头 第{counted(first)}段"
    k: int | None = above[-1]
    chain: list[Heading] = []
    par = parents(speech)
    while k is not None:
        chain.append(speech.headings[k])
        k = par[k]
    name = "".join(_heading_name(h) for h in reversed(chain))
    own = chain[0]
    if paragraph == own.paragraph:
        return f"{name} 标题"
    return f"{name} 第{counted(own.paragraph + 1)}段"


def _descendants(speech: Speech, k: int) -> list[int]:
    end = speech.section_end(k)
    return [j for j in range(k + 1, len(speech.headings)) if speech.headings[j].paragraph < end]


def _heading(speech: Speech, k: int) -> Heading:
    if not 0 <= k < len(speech.headings):
        raise DraftError(f"没有第 {k + 1} 个标题（稿子里共有 {len(speech.headings)} 个标题）。请刷新大纲后重试。")
    return speech.headings[k]


# ---------------------------------------------------------------- renumbering


def renumbered_paragraphs(paragraphs: list[str]) -> tuple[list[str], list[int]]:
    """Paragraphs with every numbered heading renumbered by its place among its siblings of the
    same scheme under the same parent; and the indices that changed."""
    paras = list(paragraphs)
    changed: set[int] = set()
    for _ in range(3):  # a new number can, rarely, change how the parser reads a paragraph
        speech = parse(paras)
        par = parents(speech)
        groups: dict[tuple[int | None, str], list[int]] = {}
        for k, h in enumerate(speech.headings):
            if h.scheme != UNNUMBERED.id:
                groups.setdefault((par[k], h.scheme), []).append(k)
        dirty = False
        for (_, sid), members in groups.items():
            sch = scheme(sid)
            for n, k in enumerate(members, start=1):
                h = speech.headings[k]
                want = sch.format(n, len(members))
                if h.marker != want:
                    paras[h.paragraph] = renumber_marker(paras[h.paragraph], want)
                    changed.add(h.paragraph)
                    dirty = True
        if not dirty:
            break
    return paras, sorted(changed)


def renumber(draft: Draft) -> DraftChange:
    """Renumber every heading so numbers follow order (1…n per parent and scheme)."""
    return _commit(draft, list(draft.paragraphs), OutlineOp.RENUMBER, focus_paragraph=None)


def _commit(
    draft: Draft,
    new_paras: list[str],
    op: OutlineOp,
    focus_paragraph: int | None,
    expect_level: int | None = None,
    expect_headings: int | None = None,
    expect_levels: list[int] | None = None,
) -> DraftChange:
    paras, renumbered = renumbered_paragraphs(new_paras)
    speech = parse(paras)
    focus = None
    if focus_paragraph is not None:
        focus = next((k for k, h in enumerate(speech.headings) if h.paragraph == focus_paragraph), None)
        if focus is None or (expect_level is not None and speech.headings[focus].level != expect_level):
            raise DraftError("这样调整后，标题会被读成正文或落到别的层级，操作已取消。请先调整上下级标题的编号方式。")
    if expect_headings is not None and len(speech.headings) != expect_headings:
        raise DraftError("这样调整后，有的标题会被读成正文，操作已取消。请先调整相关标题的编号方式。")
    if expect_levels is not None and [h.level for h in speech.headings] != expect_levels:
        raise DraftError("改用这种编号方式后，标题层级会被打乱，操作已取消。请先调整上下级的编号方式。")
    start, tail = changed_span(draft.paragraphs, paras)
    draft.paragraphs = paras
    draft.touch()
    return DraftChange(op, start, len(paras) - tail, tuple(renumbered), focus)


# ---------------------------------------------------------------- schemes per level


def level_scheme(
    draft: Draft, speech: Speech, level: int, parent: int | None, exclude: frozenset[int] | set[int] = frozenset()
) -> tuple[str, bool]:
    """The numbering scheme and run-in flag a heading at `level` under `parent` should take:
    its siblings' scheme if it has any; else the one most used at that level in the draft; else
    the draft's structure; else the usual scheme of that level. Always one the parser nests
    under the parent (a larger rank; run-in under a run-in parent)."""
    par = parents(speech)
    heads = speech.headings
    siblings = [k for k, p in enumerate(par) if p == parent and heads[k].level == level and k not in exclude]
    if siblings:
        sid, runin = heads[siblings[0]].scheme, heads[siblings[0]].runin
    else:
        same_level = [(h.scheme, h.runin) for k, h in enumerate(heads) if h.level == level and k not in exclude]
        if same_level:
            sid, runin = Counter(same_level).most_common(1)[0][0]
        elif len(draft.levels) >= level:
            sid = draft.levels[level - 1]
            runin = draft.runin[level - 1] if len(draft.runin) >= level else level > 1
        else:
            sid, runin = LEVEL_SCHEME_CHOICES[min(level, 4)][0], level > 1
    if parent is not None:
        up = heads[parent]
        if scheme(sid).rank <= scheme(up.scheme).rank:
            deeper = [s for lv in range(level, 5) for s in LEVEL_SCHEME_CHOICES[lv]]
            sid = next((s for s in deeper if scheme(s).rank > scheme(up.scheme).rank), "paren_arabic")
        runin = runin or up.runin
    if sid == UNNUMBERED.id:
        runin = False  # an unnumbered heading is only seen as a line of its own
    return sid, runin


def _remarked(heading: Heading, paragraph: str, sid: str, runin: bool | None) -> str:
    """One paragraph of a heading rewritten with a new scheme (number 1; renumbering follows)."""
    words = heading.title_text
    body = paragraph[len(heading.text) :] if heading.runin else ""
    marker = scheme(sid).format(1) if sid != UNNUMBERED.id else ""
    head = marker + words
    want_runin = heading.runin if runin is None else runin
    if want_runin and body:
        return head + body
    if want_runin:
        return _with_end(head) + body
    return head.rstrip("。") + ("\n" + body.strip() if body.strip() else "")


def _with_end(text: str) -> str:
    return text if text and text[-1] in _HEADING_END else text + "。"


def _rewrite_section(draft: Draft, speech: Speech, k: int, new_level: int, new_parent: int | None) -> list[str]:
    """Paragraphs of section k re-marked for `new_level` (descendants follow), keeping text."""
    start, end = speech.headings[k].paragraph, speech.section_end(k)
    own = {k, *_descendants(speech, k)}
    delta = new_level - speech.headings[k].level
    by_para = {speech.headings[j].paragraph: j for j in own}
    chosen: dict[int, tuple[str, bool]] = {}
    out: list[str] = []
    merge_next = False  # a heading turned run-in takes its first body paragraph into its line
    for i in range(start, end):
        j = by_para.get(i)
        if j is None:
            if merge_next and _is_body(speech, i):
                out[-1] = _with_end(out[-1]) + draft.paragraphs[i]
            else:
                out.append(draft.paragraphs[i])
            merge_next = False
            continue
        h = speech.headings[j]
        lv = h.level + delta
        if j == k:
            sid, runin = level_scheme(draft, speech, lv, new_parent, exclude=own)
        elif lv not in chosen:
            sid, runin = level_scheme(draft, speech, lv, None, exclude=own)
            parent_sid = chosen.get(lv - 1, (None, False))[0]
            if parent_sid is not None and scheme(sid).rank <= scheme(parent_sid).rank:
                deeper = [s for d in range(lv, 5) for s in LEVEL_SCHEME_CHOICES[min(d, 4)]]
                sid = next((s for s in deeper if scheme(s).rank > scheme(parent_sid).rank), "paren_arabic")
            runin = runin or chosen.get(lv - 1, (None, False))[1]
        else:
            sid, runin = chosen[lv]
        chosen.setdefault(lv, (sid, runin))
        out.extend(_remarked(h, draft.paragraphs[i], sid, runin).split("\n"))
        merge_next = runin and not h.runin
    return out


# ---------------------------------------------------------------- operations


def add_section(
    draft: Draft, after: int | None, level: int | None = None, title: str = SLOT_TEXT, body: str = SLOT_TEXT
) -> DraftChange:
    """A new section after section `after` (None: as the first top-level section). `level`
    defaults to that section's level; one deeper makes it the last subsection of `after`."""
    speech = draft.outline()
    heads = speech.headings
    par = parents(speech)
    if after is None:
        level = level or 1
        if level != 1:
            raise DraftError("放在最前面的新标题只能是一级标题。")
        parent = None
        top = [k for k, p in enumerate(par) if p is None]
        at = heads[top[0]].paragraph if top else _body_end(speech)
    else:
        h = _heading(speech, after)
        level = level or h.level
        if level > h.level + 1:
            raise DraftError(f"新标题最多比所在标题低一级（所在标题是 {h.level} 级）。")
        anchor = after
        while heads[anchor].level > level:
            anchor = par[anchor]  # type: ignore[assignment]
        parent = anchor if level > heads[anchor].level else par[anchor]
        at = speech.section_end(anchor)
    sid, runin = level_scheme(draft, speech, level, parent)
    marker = scheme(sid).format(1) if sid != UNNUMBERED.id else ""
    words = title.strip().rstrip("。") or SLOT_TEXT
    body = body.strip()
    if runin:
        new = [_with_end(marker + words) + body]
    else:
        if sid == UNNUMBERED.id and body:
            body = _with_end(body)  # an unnumbered heading is told by the sentence after it
        new = [marker + words] + ([body] if body else [])
    paras = draft.paragraphs[:at] + new + draft.paragraphs[at:]
    return _commit(draft, paras, OutlineOp.ADD, at, expect_level=level, expect_headings=len(heads) + 1)


def _body_end(speech: Speech) -> int:
    closing = [b.index for b in speech.blocks if b.role == "closing"]
    return closing[0] if closing else len(speech.paragraphs)


def delete_section(draft: Draft, k: int) -> DraftChange:
    """Remove section k with everything under it."""
    speech = draft.outline()
    h = _heading(speech, k)
    end = speech.section_end(k)
    paras = draft.paragraphs[: h.paragraph] + draft.paragraphs[end:]
    return _commit(draft, paras, OutlineOp.DELETE, None)


def _relocate(draft: Draft, k: int, dest: int, new_level: int, new_parent: int | None, op: OutlineOp) -> DraftChange:
    """Cut section k out, re-mark it for new_level, and insert it at paragraph `dest` (old index)."""
    speech = draft.outline()
    h = _heading(speech, k)
    start, end = h.paragraph, speech.section_end(k)
    if start < dest < end:
        raise DraftError("不能把一节移到它自己的下级中。")
    section = (
        draft.paragraphs[start:end]
        if new_level == h.level
        else _rewrite_section(draft, speech, k, new_level, new_parent)
    )
    rest = draft.paragraphs[:start] + draft.paragraphs[end:]
    at = dest if dest <= start else dest - (end - start)
    paras = rest[:at] + section + rest[at:]
    return _commit(draft, paras, op, at, expect_level=new_level, expect_headings=len(speech.headings))


def move_section(draft: Draft, k: int, position: int) -> DraftChange:
    """Move section k (with everything under it) to `position` (0-based) among its siblings."""
    speech = draft.outline()
    _heading(speech, k)
    return move_section_under(draft, k, parents(speech)[k], position)


def move_section_under(draft: Draft, k: int, parent: int | None, position: int) -> DraftChange:
    """Move section k under heading `parent` (None: the top level) at `position` among its
    children; a move to another level re-marks it and its subsections for that level."""
    speech = draft.outline()
    h = _heading(speech, k)
    if parent is not None:
        _heading(speech, parent)
        if parent == k or parent in _descendants(speech, k):
            raise DraftError("不能把一节移到它自己的下级中。")
    others = [j for j in children(speech, parent) if j != k]
    position = max(0, min(position, len(others)))
    if position < len(others):
        dest = speech.headings[others[position]].paragraph
    elif others:
        dest = speech.section_end(others[-1])
    elif parent is not None:
        dest = speech.section_end(parent)
    else:
        dest = _body_end(speech)
    level = 1 if parent is None else speech.headings[parent].level + 1
    op = OutlineOp.MOVE if level == h.level else (OutlineOp.PROMOTE if level < h.level else OutlineOp.DEMOTE)
    return _relocate(draft, k, dest, level, parent, op)


def move_up(draft: Draft, k: int) -> DraftChange:
    speech = draft.outline()
    _heading(speech, k)
    sibs = children(speech, parents(speech)[k])
    at = sibs.index(k)
    if at == 0:
        raise DraftError("这已经是同级中的第一节，不能再上移。")
    return move_section(draft, k, at - 1)


def move_down(draft: Draft, k: int) -> DraftChange:
    speech = draft.outline()
    _heading(speech, k)
    sibs = children(speech, parents(speech)[k])
    at = sibs.index(k)
    if at == len(sibs) - 1:
        raise DraftError("这已经是同级中的最后一节，不能再下移。")
    return move_section(draft, k, at + 1)


def promote(draft: Draft, k: int) -> DraftChange:
    """One level up: the section follows its former parent's section; subsections follow it."""
    speech = draft.outline()
    _heading(speech, k)
    par = parents(speech)
    if par[k] is None:
        raise DraftError("一级标题不能再升级。")
    up = par[k]
    assert up is not None
    position = children(speech, par[up]).index(up) + 1
    return move_section_under(draft, k, par[up], position)


def demote(draft: Draft, k: int) -> DraftChange:
    """One level down: the section becomes the last subsection of the sibling before it."""
    speech = draft.outline()
    _heading(speech, k)
    sibs = children(speech, parents(speech)[k])
    at = sibs.index(k)
    if at == 0:
        raise DraftError("同级中的第一节不能降级：它前面没有可以归入的标题。")
    prev = sibs[at - 1]
    return move_section_under(draft, k, prev, len(children(speech, prev)))


def set_level_scheme(draft: Draft, level: int, scheme_id: str, runin: bool | None = None) -> DraftChange:
    """Write every heading at `level` in another numbering scheme (一、 ↔ 第一， …), and, if
    `runin` is given, as lines of their own (False) or run into their first paragraph (True)."""
    if scheme_id != UNNUMBERED.id and scheme_id not in SCHEMES:
        raise DraftError(f"没有“{scheme_id}”这种编号方式。可选：{'、'.join(SCHEMES)}、plain。")
    if scheme_id == UNNUMBERED.id and runin:
        raise DraftError("不编号的标题只能单独成行，不能与正文连写。")
    speech = draft.outline()
    targets = {h.paragraph: h for h in speech.headings if h.level == level}
    if not targets:
        raise DraftError(f"稿子里没有 {level} 级标题。")
    if scheme_id == UNNUMBERED.id:
        runin = False
    paras: list[str] = []
    for i, p in enumerate(draft.paragraphs):
        h = targets.get(i)
        if h is None:
            if runin and i - 1 in targets and not targets[i - 1].runin and _is_body(speech, i) and paras:
                paras[-1] = _with_end(paras[-1]) + p  # run the heading into its first paragraph
                continue
            paras.append(p)
            continue
        paras.extend(_remarked(h, p, scheme_id, runin).split("\n"))
    change = _commit(draft, paras, OutlineOp.SCHEME, None, expect_levels=[h.level for h in speech.headings])
    while len(draft.levels) < level:
        draft.levels.append(LEVEL_SCHEME_CHOICES[min(len(draft.levels) + 1, 4)][0])
    while len(draft.runin) < len(draft.levels):
        draft.runin.append(len(draft.runin) > 0)
    draft.levels[level - 1] = scheme_id
    if runin is not None:
        draft.runin[level - 1] = runin
    return change


def _is_body(speech: Speech, i: int) -> bool:
    return speech.blocks[i].role == "body" and bool(speech.paragraphs[i])
