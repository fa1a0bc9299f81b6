"""What the phrase panel offers where the cursor stands, and the search it runs for that.

`context_at` reads the parsed draft (no Qt); `find_phrases` runs on a pool thread through the
runner and only calls the bank's own search.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from desktop.core import document as doc
from desktop.core.compose import heading_words
from desktop.core.document import Speech
from desktop.core.kinds import BODY_KINDS


@dataclass(frozen=True)
class PhraseContext:
    """The part of the speech the cursor is in, as the phrase panel sees it."""

    label: str  # shown to the writer: 开头 / 一级标题 / 正文：… / 结尾
    kinds: tuple[str, ...]
    topic: str = ""  # words of the section's heading, for body paragraphs
    siblings: tuple[str, ...] = ()  # heading group the cursor's heading stands in
    heading_level: int = 0
    heading: str = ""  # the cursor's heading, as written


@dataclass(frozen=True)
class PhraseQuery:
    """One search the phrase panel asks for."""

    text: str
    kind: str | None
    speech_type: str | None
    favourites_only: bool
    context: PhraseContext = field(default_factory=lambda: PhraseContext("", ()))
    limit: int = 60


def context_at(speech: Speech, paragraph: int, column: int = 0) -> PhraseContext:
    """The phrase context at a place in the parsed draft (past a run-in heading is its body)."""
    if not speech.blocks or paragraph >= len(speech.blocks):
        return PhraseContext("开头", ("开头", "称呼"))
    block = speech.blocks[paragraph]
    if block.role in (doc.TITLE, doc.SUBTITLE):
        return PhraseContext("标题", ("标题",))
    if block.role in (doc.SALUTATION, doc.BYLINE):
        return PhraseContext("称呼", ("称呼",))
    if block.role == doc.OPENING or (block.role == doc.BLANK and not _after_first_heading(speech, paragraph)):
        return PhraseContext("开头", ("开头", "过渡"))
    if block.role == doc.CLOSING or (speech.closing and block.role == doc.BLANK and _in_closing(speech, paragraph)):
        return PhraseContext("结尾", ("结尾",))
    if block.heading is not None and not (block.heading.runin and column > len(block.heading.text)):
        h = block.heading
        kind = "一级标题" if h.level == 1 else "二级标题"
        return PhraseContext(
            kind, (kind,), heading_words(h.text), _siblings(speech, speech.headings.index(h)), h.level, h.text
        )
    owner = _section_heading(speech, paragraph)
    topic = heading_words(owner.text) if owner is not None else (speech.title or "")
    return PhraseContext(f"正文：{topic[:16]}" if topic else "正文", BODY_KINDS, topic)


def _after_first_heading(speech: Speech, paragraph: int) -> bool:
    return bool(speech.headings) and paragraph > speech.headings[0].paragraph


def _in_closing(speech: Speech, paragraph: int) -> bool:
    closing = [b.index for b in speech.blocks if b.role == doc.CLOSING]
    return bool(closing) and paragraph > closing[0]


def _section_heading(speech: Speech, paragraph: int):  # noqa: ANN202
    owner = None
    for h in speech.headings:
        if h.paragraph <= paragraph:
            owner = h
    return owner


def _siblings(speech: Speech, k: int) -> tuple[str, ...]:
    h = speech.headings[k]
    start = k
    while start > 0 and speech.headings[start - 1].level >= h.level:
        start -= 1
    end = k
    while end + 1 < len(speech.headings) and speech.headings[end + 1].level >= h.level:
        end += 1
    return tuple(o.text for o in speech.headings[start : end + 1] if o.level == h.level)


def find_phrases(bank, query: PhraseQuery, topic_words: list[str] | None = None) -> list:  # noqa: ANN001
    """Search hits for the panel, best first, each unit once. Runs on a pool thread."""
    if query.text.strip():
        return bank.search(
            query.text,
            kind=query.kind,
            speech_type=query.speech_type,
            favourites_only=query.favourites_only,
            limit=query.limit,
        )
    kinds = (query.kind,) if query.kind else query.context.kinds or (None,)
    per = max(8, query.limit // max(1, len(kinds)))
    hits: dict[int, object] = {}
    words = (
        topic_words
        if topic_words is not None
        else (bank.tokenizer.keywords(query.context.topic, limit=3) if query.context.topic else [])
    )
    for kind in kinds:
        found = []
        for word in words:  # one search per topic word: the bank requires all words of a query
            found.extend(
                bank.search(
                    word, kind=kind, speech_type=query.speech_type, favourites_only=query.favourites_only, limit=per
                )
            )
        found.sort(key=lambda h: -h.score)
        if len(found) < per:
            found.extend(
                bank.search(
                    "", kind=kind, speech_type=query.speech_type, favourites_only=query.favourites_only, limit=per
                )
            )
        for hit in found:
            hits.setdefault(hit.unit_id, hit)
    return list(hits.values())[: query.limit]
