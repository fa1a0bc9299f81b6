"""The structure parser. One for everything that reads a speech.

From a document's paragraphs it finds the title (with a ——subtitle), bylines, salutation,
opening, headings with their level as nesting depth in the document's own outline, body
paragraphs, inline enumerations (一是…二是… inside a paragraph) and the closing.

How a heading is told from body text:
- it starts with a numbering marker (core.numbering) and either stands alone as a short line,
  or runs in: its first sentence, through its 。, is short and followed by body text;
- a paragraph whose marker is followed, later in the same paragraph, by the next number of the
  same scheme (一是…。二是…) is a body paragraph with an inline enumeration, not a heading;
- a short line with no end punctuation between body paragraphs is an unnumbered heading
  (news summaries), but only once the opening is over.

How its level is found: a stack of the schemes open above the current heading. A scheme already
on the stack closes everything below it (a sibling); a new scheme nests under the stack's top
unless the top cannot hold it (a scheme of the same or lower rank, or a run-in heading above a
standalone one), in which case the stack is unwound first.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from desktop.core import document as doc
from desktop.core.document import Block, Enumeration, Heading, Speech
from desktop.core.numbering import MarkerMatch, find_inline_markers, match_marker, scheme
from desktop.core.sentences import first_sentence
from desktop.core.speech_types import infer_type

MAX_TITLE_CHARS = 80
MAX_HEADING_CHARS = 80  # a first sentence longer than this is body text, whatever its number
MAX_PLAIN_HEADING_CHARS = 30
MAX_SALUTATION_CHARS = 40
_END_PUNCT = "。！？；!?;…：:，,、"

SALUTATION_RE = re.compile(r"(同志们|各位|尊敬的|朋友们|女士们|先生们|代表们|来宾|老师们|同学们|委员)")
BYLINE_RE = re.compile(
    r"(^[（(].{2,40}[）)]$)|(\d{4}\s*年\s*\d{1,2}\s*月(\s*\d{1,2}\s*日)?)|(〇|○|二〇)[一二三四五六七八九〇○]{2}年"
)
BYLINE_PERSON_RE = re.compile(r"(书记|县长|市长|省长|主任|部长|局长|厅长|主席|同志|委员|处长|科长)\s*\S{0,4}$")
# Where the closing part begins: its first paragraph starts with one of these.
CLOSING_CUES = (
    r"同志们[，,！!]",
    r"发言完毕",
    r"以上(发言|汇报|报告|是我)",
    r"谢谢(大家|各位)",
    r"下一步，?我(将|们将|会|要)",
    r"最后，?(让我们|预祝|祝)",
    r"让我们",
    r"再次(感谢|祝)",
)
_CLOSING_RE = re.compile("^(" + "|".join(CLOSING_CUES) + ")")
CLOSING_LOOKBACK = 3  # the closing is among the last few paragraphs


@dataclass
class _Candidate:
    index: int
    text: str  # heading text as written
    marker: str
    scheme_id: str
    rank: int
    number: int | None
    runin: bool


def parse(paragraphs: list[str], name: str | None = None) -> Speech:
    """Parse a speech given as paragraphs (cleaned text, one string per paragraph)."""
    paras = [p.strip() for p in paragraphs]
    roles: list[str | None] = [doc.BLANK if not p else None for p in paras]
    speech = Speech(paragraphs=paras, blocks=[])

    cursor = _parse_preamble(paras, roles, speech)
    closing_start = _find_closing(paras, roles, cursor)
    candidates = _heading_candidates(paras, roles, cursor, closing_start)
    speech.headings = _assign_levels(candidates)
    by_index = {h.paragraph: h for h in speech.headings}

    first_heading = speech.headings[0].paragraph if speech.headings else None
    for i in range(len(paras)):
        if roles[i] is not None:
            continue
        if i in by_index:
            roles[i] = doc.HEADING
        elif closing_start is not None and i >= closing_start:
            roles[i] = doc.CLOSING
        elif first_heading is None or i < first_heading:
            roles[i] = doc.OPENING
        else:
            roles[i] = doc.BODY

    if closing_start is not None:
        speech.closing = first_sentence(paras[closing_start])
    speech.blocks = [Block(i, roles[i] or doc.BODY, p, by_index.get(i)) for i, p in enumerate(paras)]
    speech.enumerations = _inline_enumerations(speech.blocks)
    speech.type = infer_type(speech.title)
    return speech


def _ends_sentence(text: str) -> bool:
    return bool(text) and text[-1] in _END_PUNCT


def _parse_preamble(paras: list[str], roles: list[str | None], speech: Speech) -> int:
    """Title, subtitle, bylines and salutation at the top; returns the first index after them."""
    i = _next_filled(paras, 0)
    if i is None:
        return len(paras)
    first = paras[i]
    if _looks_like_title(first):
        roles[i] = doc.TITLE
        speech.title = first
        i = _next_filled(paras, i + 1)
        if i is not None and paras[i].startswith(("——", "—", "--")) and len(paras[i]) <= MAX_TITLE_CHARS:
            roles[i] = doc.SUBTITLE
            speech.subtitle = paras[i]
            speech.title = f"{speech.title}{paras[i] if paras[i].startswith('——') else '——' + paras[i].lstrip('—-')}"
            i = _next_filled(paras, i + 1)
        while i is not None and _looks_like_byline(paras[i]):
            roles[i] = doc.BYLINE
            speech.bylines.append(paras[i])
            i = _next_filled(paras, i + 1)
    if i is not None and _looks_like_salutation(paras[i]):
        roles[i] = doc.SALUTATION
        speech.salutation = paras[i]
        i = _next_filled(paras, i + 1)
    return len(paras) if i is None else i


def _next_filled(paras: list[str], start: int) -> int | None:
    for j in range(start, len(paras)):
        if paras[j]:
            return j
    return None


def _looks_like_title(text: str) -> bool:
    return (
        len(text) <= MAX_TITLE_CHARS
        and not text.endswith(("。", "！", "？", "；", "：", ":"))
        and match_marker(text) is None
        and not _looks_like_salutation(text)
    )


def _looks_like_byline(text: str) -> bool:
    if len(text) > 40 or text.endswith(("。", "！", "？", "；", "：")):
        return False
    return bool(BYLINE_RE.search(text) or BYLINE_PERSON_RE.search(text))


def _looks_like_salutation(text: str) -> bool:
    return len(text) <= MAX_SALUTATION_CHARS and text.endswith(("：", ":")) and bool(SALUTATION_RE.search(text))


def starts_closing(text: str) -> bool:
    """Whether a paragraph opens with a closing move (同志们，… / 发言完毕… / 让我们…)."""
    return bool(_CLOSING_RE.match(text)) and match_marker(text) is None


def _find_closing(paras: list[str], roles: list[str | None], start: int) -> int | None:
    tail = [i for i in range(start, len(paras)) if roles[i] is None][-CLOSING_LOOKBACK:]
    for i in tail:
        if starts_closing(paras[i]):
            return i
    return None


def _heading_candidates(
    paras: list[str], roles: list[str | None], start: int, closing_start: int | None
) -> list[_Candidate]:
    end = closing_start if closing_start is not None else len(paras)
    found: list[_Candidate] = []
    ordinal_paras = 0
    for i in range(start, end):
        if roles[i] is not None:
            continue
        cand = _numbered_candidate(i, paras[i])
        if cand is None:
            cand = _plain_candidate(i, paras, roles, end, seen_numbered=bool(found))
        if cand is not None:
            found.append(cand)
            ordinal_paras += cand.scheme_id == "ordinal_word"
    if ordinal_paras < 2:  # a lone 首先，… is a sentence, not a heading sequence
        found = [c for c in found if c.scheme_id != "ordinal_word"]
    return found


def _numbered_candidate(index: int, text: str) -> _Candidate | None:
    mm = match_marker(text)
    if mm is None:
        return None
    head = first_sentence(text)
    if len(head) > MAX_HEADING_CHARS:
        return None
    runin = len(head) < len(text.rstrip())
    if _continues_inline(mm, text[mm.end :]):
        return None
    return _Candidate(index, head if runin else text, mm.marker, mm.scheme.id, mm.scheme.rank, mm.number, runin)


def _continues_inline(mm: MarkerMatch, rest: str) -> bool:
    """True when the rest of the paragraph carries on the same numbering (一是…。二是…)."""
    if mm.number is None or mm.scheme.words:
        return False
    following = mm.scheme.format(mm.number + 1)
    at = rest.find(following)
    if at < 0:
        return False
    # The body may hold its own 一是…二是… sub-list; only a continuation with no fresh 一 counts.
    fresh = mm.scheme.format(1)
    return fresh not in rest[:at]


def _plain_candidate(
    index: int, paras: list[str], roles: list[str | None], end: int, seen_numbered: bool
) -> _Candidate | None:
    text = paras[index]
    if not (4 <= len(text) <= MAX_PLAIN_HEADING_CHARS) or _ends_sentence(text):
        return None
    if text.startswith(("——", "—", "“", "《", "（", "(")):
        return None
    nxt = _next_filled(paras, index + 1)
    if nxt is None or nxt >= end:
        return None
    following = paras[nxt]
    # A heading is followed by body text, not by another short line.
    if len(following) <= MAX_PLAIN_HEADING_CHARS and not _ends_sentence(following):
        return None
    return _Candidate(index, text, "", "plain", scheme("plain").rank, None, False)


def _assign_levels(candidates: list[_Candidate]) -> list[Heading]:
    stack: list[_Candidate] = []
    headings: list[Heading] = []
    for c in candidates:
        same = next((k for k, s in enumerate(stack) if s.scheme_id == c.scheme_id), None)
        if same is not None:
            del stack[same:]
        else:
            while stack and not _can_hold(stack[-1], c):
                stack.pop()
        stack.append(c)
        headings.append(Heading(len(stack), c.text, c.marker, c.scheme_id, c.number, c.runin, c.index))
    return headings


def _can_hold(parent: _Candidate, child: _Candidate) -> bool:
    if parent.rank >= child.rank:
        return False
    # A run-in heading cannot hold a standalone one.
    return not (parent.runin and not child.runin)


def _inline_enumerations(blocks: list[Block]) -> list[Enumeration]:
    found: list[Enumeration] = []
    for b in blocks:
        if b.role not in (doc.BODY, doc.OPENING, doc.HEADING, doc.CLOSING):
            continue
        text = b.body_text
        marks = find_inline_markers(text)
        by_scheme: dict[str, list[int]] = {}
        for start, _number, sid in marks:
            by_scheme.setdefault(sid, []).append(start)
        for sid, starts in by_scheme.items():
            bounds = starts[1:] + [len(text)]
            items = [text[s:e].strip() for s, e in zip(starts, bounds, strict=True)]
            found.append(Enumeration(b.index, sid, items))
    return found
