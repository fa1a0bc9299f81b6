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

from desktop.core import backmatter as bm
from desktop.core import document as doc
from desktop.core import frontmatter as fm
from desktop.core.document import Block, Enumeration, Heading, ParagraphHints, Speech
from desktop.core.numbering import MarkerMatch, find_inline_markers, match_marker, scheme
from desktop.core.sentences import carries_on, first_sentence, split_sentences
from desktop.core.speech_types import TypeEvidence, infer_type

NO_HINTS = ParagraphHints()
MAX_TITLE_CHARS = fm.MAX_TITLE_CHARS
MAX_HEADING_CHARS = 80  # a first sentence longer than this is body text, unless its series says otherwise
MAX_LONG_HEADING_CHARS = 240  # a long lead sentence kept in its series (1 and 3 short, 2 long)
MAX_PLAIN_HEADING_CHARS = 30
MAX_SALUTATION_CHARS = fm.MAX_SALUTATION_CHARS
_END_PUNCT = "。！？；!?;…：:，,、"
_INNER_PUNCT = "，,、；;：:！!？?（(“”《"

# Kept for callers: the words a salutation names.
SALUTATION_RE = re.compile(r"(同志们|各位|尊敬的|朋友们|女士们|先生们|代表们|来宾|老师们|同学们|委员)")
_VOCATIVE = (
    r"(?:(?:各位|亲爱的|尊敬的)?[\u4e00-\u9fff]{0,6}(?:同志们|代表们|委员们|老师们|同学们|朋友们|青年们|团员们|家长们"
    r"|来宾们|校友们|员工们|职工们)|各位代表|各位委员|各位领导|各位同志|各位家长|各位老师|各位同学|各位嘉宾)"
)
_VOCATIVE_ONLY = re.compile(rf"^{_VOCATIVE}(?:[、，,和]{_VOCATIVE})*[！!。，,]?$")
# Where the closing part begins: its first paragraph starts with one of these.
CLOSING_CUES = (
    rf"{_VOCATIVE}(?:[、，,和]{_VOCATIVE})*[，,！!]",
    r"发言完毕",
    r"以上(发言|汇报|报告|是我)",
    r"谢谢(大家|各位)",
    r"下一步，?我(将|们将|会|要)",
    r"最后，?(让我们|预祝|祝|希望)",
    r"让我们",
    r"再次(感谢|祝)",
    r"特此(通知|通报|报告|函告|公告|批复)",
)
_CLOSING_RE = re.compile("^(" + "|".join(CLOSING_CUES) + ")")
CLOSING_LOOKBACK = 3  # in a draft, the closing is among the last few paragraphs
_FAMILY = {"cn_shi": "cn_word", "cn_yao": "cn_word", "cn_zhua": "cn_word"}
STRAY_NUMBER = 2  # a marker alone in its scheme is a heading only up to this number
PLAIN_PARENT_RANK = 2  # the lowest rank of numbered heading an unnumbered one may stand under
_SERIES_ONLY = ("label_cn", "circled")  # markers that only count in a series of two or more


@dataclass
class _Candidate:
    index: int
    text: str  # heading text as written
    marker: str
    scheme_id: str
    rank: int
    number: int | None
    runin: bool
    long: bool = False  # a lead sentence over MAX_HEADING_CHARS: kept only inside its series
    outline: int | None = None  # the heading depth the file's markup gives (a Word heading style)
    list_level: int | None = None  # the depth of a Word numbered-list item
    sentence: bool = False  # an unnumbered heading ending in 。: kept only beside others like it


def parse(
    paragraphs: list[str],
    name: str | None = None,
    *,
    finished: bool | None = None,
    marks: list[ParagraphHints] | None = None,
) -> Speech:
    """Parse a speech given as paragraphs (cleaned text, one string per paragraph).

    `finished`: the paragraphs are a whole document (an import, not a draft being written), so its
    last paragraph of text is its closing even without a closing cue. By default a document with a
    `name` (one read from a file) is finished and a draft (no name) is not. `marks`: per paragraph,
    what the file's markup says (SourceDocument.marks: Word heading styles, outline and list levels).
    """
    hints = marks if marks is not None and len(marks) == len(paragraphs) else [NO_HINTS] * len(paragraphs)
    if finished is None:
        finished = name is not None
    paras = [p.strip() for p in paragraphs]
    roles: list[doc.Role | None] = [doc.BLANK if not p else None for p in paras]
    speech = Speech(paragraphs=paras, blocks=[])

    cursor = _parse_front(paras, roles, speech, hints)
    for i in range(cursor, len(paras)):
        if roles[i] is None and fm.is_debris(paras[i]):
            roles[i] = doc.DEBRIS
    end, appendix, trailers = bm.read_back(paras, [r is not None for r in roles], cursor)
    for i in appendix:
        roles[i] = doc.APPENDIX
    for i in trailers:
        roles[i] = doc.DEBRIS if fm.is_debris(paras[i]) else doc.APPENDIX
    for i in range(cursor, end):
        if roles[i] is None and bm.is_label(paras[i]) and bm.is_appendix_start(paras[i]):
            roles[i] = doc.APPENDIX  # 附：… inside the text: the label of something attached
    body = [i for i in range(cursor, end) if roles[i] is None]

    candidates = _heading_candidates(paras, body, hints)
    heading_at = {c.index for c in candidates}
    closing_start, closing_at = _find_closing(paras, body, heading_at, finished)
    if closing_at is not None:
        candidates = [c for c in candidates if c.index != closing_at]
    # A vocative on a line of its own (同学们、老师们！) opens a new movement: the outline starts over.
    resets = [i for i in body if _VOCATIVE_ONLY.match(paras[i])]
    if closing_start is not None:
        resets.append(closing_start)
    speech.headings = _assign_levels(candidates, sorted(resets))
    by_index = {h.paragraph: h for h in speech.headings}

    first_heading = speech.headings[0].paragraph if speech.headings else None
    for i in body:
        if i in by_index:
            roles[i] = doc.HEADING
        elif closing_start is not None and i >= closing_start:
            roles[i] = doc.CLOSING
        elif first_heading is None or i < first_heading:
            roles[i] = doc.OPENING
        else:
            roles[i] = doc.BODY

    if closing_at is not None:
        speech.closing = closing_sentence(paras[closing_at])
    speech.blocks = [Block(i, roles[i] or doc.BODY, p, by_index.get(i)) for i, p in enumerate(paras)]
    speech.enumerations = _inline_enumerations(speech.blocks)
    speech.type = infer_type(speech.title, evidence=_type_evidence(speech))
    return speech


TYPE_OPENING_PARAGRAPHS = 3  # the paragraphs whose opening moves tell the type


def _type_evidence(speech: Speech) -> TypeEvidence:
    text = [b.text for b in speech.blocks if b.role in (doc.OPENING, doc.BODY, doc.HEADING)]
    return TypeEvidence(
        salutation=speech.salutation,
        opening=tuple(text[:TYPE_OPENING_PARAGRAPHS]),
        headings=tuple(h.text for h in speech.headings),
        unnumbered=len(speech.headings) >= 2 and all(h.scheme == "plain" for h in speech.headings),
        closing=speech.closing,
    )


_QUOTE_END = re.compile(r"[。！？!?][”’」』]")


def closing_sentence(text: str) -> str:
    """The first sentence of a closing paragraph: a leading vocative (各位代表！) stays attached, and
    a quotation that ends with its own end mark (…直下看山河。”) ends the sentence."""
    parts = split_sentences(text)
    if not parts:
        return ""
    head = parts[0]
    if _VOCATIVE_ONLY.match(head) and len(parts) > 1:
        head += parts[1]
    quoted = _QUOTE_END.search(head)
    if quoted and quoted.end() < len(head):
        head = head[: quoted.end()]
    return head


def _ends_sentence(text: str) -> bool:
    return bool(text) and text[-1] in _END_PUNCT


def _parse_front(paras: list[str], roles: list[doc.Role | None], speech: Speech, hints: list[ParagraphHints]) -> int:
    """Title block, bylines, salutation and the debris around them; returns the first index after them.

    A paragraph the file marks as a heading (after its first line) ends the front matter."""
    filled = [i for i, p in enumerate(paras) if p]
    # Word's Title style names the title: what stands above it (a 版头, a note) is not the speech.
    titled = next((i for i in filled[: fm.FRONT_SCAN] if hints[i].title), None)
    above = set(filled[: filled.index(titled)]) if titled is not None else set()
    styled = next((i for i in filled[1:] if hints[i].outline is not None and i not in above), None)
    limit = styled if styled is not None else len(paras)
    taken = [r is not None or i >= limit or i in above for i, r in enumerate(roles)]
    front = fm.read_front(paras, taken)
    front.end = min(front.end, limit)
    front.debris = sorted({*front.debris, *above})
    for i in front.debris:
        roles[i] = doc.DEBRIS
    for i in front.title_lines:
        roles[i] = doc.TITLE
    for i in front.subtitle_lines:
        roles[i] = doc.SUBTITLE
    for i in front.byline_lines:
        roles[i] = doc.BYLINE
    if front.salutation_line is not None:
        roles[front.salutation_line] = doc.SALUTATION
    speech.title, speech.subtitle, speech.salutation = front.title, front.subtitle, front.salutation
    speech.bylines = list(front.bylines)
    return front.end


def _next_filled(paras: list[str], start: int) -> int | None:
    for j in range(start, len(paras)):
        if paras[j]:
            return j
    return None


def _looks_like_title(text: str) -> bool:
    return fm.is_title_like(text)


def _looks_like_salutation(text: str) -> bool:
    return fm.is_salutation(text)


def starts_closing(text: str) -> bool:
    """Whether a paragraph opens with a closing move (同志们，… / 发言完毕… / 让我们…)."""
    return bool(_CLOSING_RE.match(text)) and match_marker(text) is None


def _find_closing(
    paras: list[str], body: list[int], heading_at: set[int], finished: bool
) -> tuple[int | None, int | None]:
    """(where the closing part starts, the closing paragraph) among the body paragraphs."""
    text_lines = [i for i in body if not bm.is_thanks(paras[i])]
    if finished and text_lines:
        last = text_lines[-1]
        if last in heading_at:
            # The text ends on a heading: a closing only when a closing move opens the headings
            # that end it (同志们，… then 一是要…二是要… hopes).
            k = len(text_lines) - 1
            while k > 0 and text_lines[k] in heading_at:
                k -= 1
            cue = text_lines[k]
            if cue not in heading_at and starts_closing(paras[cue]):
                return cue, cue
            return None, None
        # A last paragraph that only carries on the one before it is no closing (此外，沈老师…).
        if carries_on(paras[last]) or _VOCATIVE_ONLY.match(paras[last]):
            return None, None
        start = last
        before = [i for i in text_lines if i < last]
        if before and _VOCATIVE_ONLY.match(paras[before[-1]]):
            start = before[-1]
        return start, last
    last_heading = max(heading_at, default=-1)
    tail = [i for i in body if i > last_heading][-CLOSING_LOOKBACK:]
    for i in tail:
        if starts_closing(paras[i]):
            return i, i
    return None, None


def _heading_candidates(paras: list[str], body: list[int], hints: list[ParagraphHints]) -> list[_Candidate]:
    found: list[_Candidate] = []
    for k, i in enumerate(body):
        hint = hints[i]
        if hint.outline is not None and len(paras[i]) <= MAX_TITLE_CHARS:
            # Word says it is a heading: its number (if any) names its series, its style its depth
            styled = _numbered_candidate(i, paras[i]) or _Candidate(
                i, paras[i], "", "plain", scheme("plain").rank, None, False
            )
            styled.outline, styled.list_level, styled.long = hint.outline, hint.list_level, False
            found.append(styled)
            continue
        cand = _numbered_candidate(i, paras[i])
        if cand is not None:
            cand.list_level = hint.list_level
        if cand is None:
            nxt = body[k + 1] if k + 1 < len(body) else None
            prev = body[k - 1] if k else None
            cand = _plain_candidate(i, paras, nxt, any(c.scheme_id != "plain" for c in found), prev)
        if cand is not None:
            found.append(cand)
    return _series_checked(found)


def _series_checked(found: list[_Candidate]) -> list[_Candidate]:
    """Drop candidates that only count inside a series when their series is not there.

    Linear in the candidates: each looks up its scheme's numbers (and labels) in sets."""
    numbers: dict[str, dict[int, int]] = {}  # scheme → number → how many candidates carry it
    short_numbers: dict[str, set[int]] = {}  # scheme → numbers of candidates that are not long
    labelled: set[tuple[str, int]] = set()  # (label, number) of 场景一： markers
    sentences = sum(c.sentence for c in found)
    for c in found:
        if c.number is None:
            continue
        counted = numbers.setdefault(c.scheme_id, {})
        counted[c.number] = counted.get(c.number, 0) + 1
        if not c.long:
            short_numbers.setdefault(c.scheme_id, set()).add(c.number)
        if c.scheme_id == "label_cn":
            labelled.add((_label(c), c.number))
    in_series = _ordinal_series(found)
    keep = []
    for k, c in enumerate(found):
        if c.outline is not None:
            keep.append(c)  # the file's markup says it is a heading
            continue
        n = c.number
        if c.long and not (n is not None and {n - 1, n + 1} & short_numbers.get(c.scheme_id, set())):
            continue  # a long lead sentence stays only when its neighbours in the series are headings
        if c.scheme_id == "ordinal_word" and k not in in_series:
            continue
        if c.scheme_id == "label_cn" and not (n is not None and {(_label(c), n - 1), (_label(c), n + 1)} & labelled):
            continue
        if c.scheme_id == "circled" and not (n is not None and {n - 1, n + 1} & set(numbers.get("circled", {}))):
            continue
        if c.sentence and sentences < 2:
            continue
        alone = n is not None and sum(numbers.get(c.scheme_id, {}).values()) == 1
        if alone and n is not None and n > STRAY_NUMBER and (found[k - 1].number if k else None) != n - 1:
            continue  # a lone 第三，… with no 第一 or 第二 before it: a number in passing, not a series
        keep.append(c)
    return keep


def _label(c: _Candidate) -> str:
    """场景 of 场景二：."""
    return c.marker.rstrip("：:")[:2]


def _ordinal_series(found: list[_Candidate]) -> set[int]:
    """The ordinal candidates in a real series: 首先 … 其次 (… 再次 … 最后); a lone 首先，… or
    最后，… (or the two alone) is a sentence, not a heading."""
    runs: list[list[int]] = []  # each 首先 opens a run; 其次/再次/最后 join the open run
    for j, c in enumerate(found):
        if c.scheme_id != "ordinal_word":
            continue
        if c.marker.startswith("首先"):
            runs.append([j])
        elif runs:
            runs[-1].append(j)
    kept: set[int] = set()
    for run in runs:
        words = [found[j].marker[:2] for j in run]
        if "其次" in words or len(words) >= 3:
            kept.update(run)
    return kept


def _numbered_candidate(index: int, text: str) -> _Candidate | None:
    mm = match_marker(text)
    if mm is None:
        return None
    head = first_sentence(text)
    if len(head) > MAX_LONG_HEADING_CHARS:
        return None
    runin = len(head) < len(text.rstrip())
    if _continues_inline(mm, text[mm.end :]):
        return None
    return _Candidate(
        index,
        head if runin else text,
        mm.marker,
        mm.scheme.id,
        mm.scheme.rank,
        mm.number,
        runin,
        long=len(head) > MAX_HEADING_CHARS,
    )


_CLAUSE_END = "。；;！？：:，,\n”"


def _continues_inline(mm: MarkerMatch, rest: str) -> bool:
    """True when the rest of the paragraph carries on the same numbering (一是…。二是…)."""
    if mm.number is None or mm.scheme.words:
        return False
    following = mm.scheme.format(mm.number + 1)
    if mm.scheme.id == "label_cn":
        following = mm.marker.rstrip("：:")[:-1]
    # The body may hold its own 一是…二是… sub-list; only a continuation with no fresh 一 counts.
    fresh = mm.scheme.format(1)
    pos = 0
    while True:
        at = rest.find(following, pos)
        if at < 0:
            return False
        pos = at + 1
        before = rest[at - 1] if at > 0 else "。"
        after = rest[at + len(following) : at + len(following) + 1]
        if before not in _CLAUSE_END:
            continue  # inside a word or a number (…第二十届, 12.8)
        if mm.scheme.id == "arabic_dot" and (not after or after.isdigit()):
            continue  # 2.8cm, 3.5%
        return fresh not in rest[:at]


_FRAGMENT_NEXT = set("，。、；：,.;:是的和与及")


def _broken_off(text: str) -> bool:
    """A long line that stops in mid-sentence (no end mark): the next line carries it on."""
    return len(text) > MAX_PLAIN_HEADING_CHARS and not _ends_sentence(text) and text[-1] not in "”）)》】"


def _plain_candidate(
    index: int, paras: list[str], nxt: int | None, seen_numbered: bool, prev: int | None = None
) -> _Candidate | None:
    text = paras[index]
    label = text.startswith("【") and text.endswith("】") and 3 <= len(text) <= 12
    sentence = False
    if not label:
        if not (4 <= len(text) <= MAX_PLAIN_HEADING_CHARS):
            return None
        if text.endswith("。") and seen_numbered and not any(c in text[:-1] for c in _INNER_PUNCT + "。"):
            sentence = True  # 生态底色更加亮丽。 — a summary line of its own
        elif _ends_sentence(text):
            return None
        if text.startswith(("——", "—", "《", "（", "(", "【")) or _VOCATIVE_ONLY.match(text):
            return None
        if text.startswith("“") and "”" not in text[1:]:
            return None
    if nxt is None:
        return None
    following = paras[nxt]
    if following[:1] in _FRAGMENT_NEXT or (prev is not None and _broken_off(paras[prev])):
        return None  # a piece of a sentence the page broke apart (…发展的 / 主要目标 / 是：…)
    if sentence and match_marker(following) is not None:
        return None  # 主要做了以下工作。 then 一是…: a lead-in to the points, not a heading
    # A heading is followed by body text, not by another short line.
    if len(following) <= MAX_PLAIN_HEADING_CHARS and not _ends_sentence(following):
        return None
    return _Candidate(index, text, "", "plain", scheme("plain").rank, None, False, sentence=sentence)


def _assign_levels(candidates: list[_Candidate], resets: list[int] | None = None) -> list[Heading]:
    """Levels as depth in the document's own outline; at each paragraph in `resets` (a vocative
    line, the start of the closing remarks) the outline starts again at the top."""
    stack: list[_Candidate] = []
    headings: list[Heading] = []
    pending = list(resets or [])
    for c in candidates:
        if pending and c.index > pending[0]:
            stack = []
            while pending and c.index > pending[0]:
                pending.pop(0)
        same = next((k for k, s in enumerate(stack) if s.scheme_id == c.scheme_id and s.outline == c.outline), None)
        if same is None:
            same = next((k for k, s in reversed(list(enumerate(stack))) if _continues_series(s, c)), None)
        if same is not None:
            del stack[same:]
        else:
            while stack and not _can_hold(stack[-1], c):
                stack.pop()
        stack.append(c)
        headings.append(Heading(len(stack), c.text, c.marker, c.scheme_id, c.number, c.runin, c.index))
    return headings


def _continues_series(prev: _Candidate, c: _Candidate) -> bool:
    """一要… then 二是要…: one series written with two words of one family."""
    family = _FAMILY.get(c.scheme_id)
    return (
        family is not None
        and _FAMILY.get(prev.scheme_id) == family
        and prev.number is not None
        and c.number == prev.number + 1
    )


def _can_hold(parent: _Candidate, child: _Candidate) -> bool:
    if parent.outline is not None and child.outline is not None:
        return parent.outline < child.outline  # Word's own heading levels
    if parent.list_level is not None and child.list_level is not None and parent.scheme_id != child.scheme_id:
        return parent.list_level < child.list_level  # levels of one Word list
    if child.scheme_id == "plain":
        # an unnumbered heading stands under a section heading above it (一、 / （一）), not under a point
        return parent.scheme_id != "plain" and not parent.runin and parent.rank <= PLAIN_PARENT_RANK
    if parent.scheme_id == "plain":
        return child.rank > 1  # 一、 beside an unnumbered part title, 一是 / （一） under it
    if parent.rank > child.rank or _FAMILY.get(parent.scheme_id, parent.scheme_id) == _FAMILY.get(child.scheme_id):
        return False
    if parent.rank == child.rank and child.number not in (None, 1):
        return False  # 一、 二、 第三，: a sibling written another way, not a new series under 二、
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
