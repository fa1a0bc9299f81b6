"""How a phrase from the bank goes into a paragraph, as a writer expects from an office program.

A sentence (a phrase ending in 。！？；) goes in at a sentence boundary: put the cursor inside a
sentence and it lands after that sentence, with a 。 closing an unfinished one before it. A
fragment goes in where the cursor is; before following text, one that starts a sentence gets a 。
of its own. A heading phrase put on a heading replaces the heading's words and keeps its number
(一、 stays 一、 whatever the suggestion was numbered): the outline's numbering is the draft's.
No Qt: the editor applies the result as one undoable edit.
"""

from __future__ import annotations

from dataclasses import dataclass

from desktop.core.document import Heading
from desktop.core.numbering import match_marker

SENTENCE_ENDS = "。！？；!?;…"
CLAUSE_ENDS = "，、：,:"
CLOSERS = "”’）》」』】)"
HEADING_KINDS = frozenset({"一级标题", "二级标题"})
SIBLING_KIND = "并列标题"  # the phrase panel's headings proposed for the cursor's heading group


@dataclass(frozen=True)
class Insertion:
    """A paragraph's new text and where the inserted words stand in it."""

    text: str
    start: int
    end: int


def _ends_sentence(text: str) -> bool:
    stripped = text.rstrip().rstrip(CLOSERS)
    return not stripped or stripped[-1] in SENTENCE_ENDS


def _at_boundary(text: str) -> bool:
    """Whether a sentence may start right after `text` (or a clause: after ，、：)."""
    stripped = text.rstrip().rstrip(CLOSERS)
    return not stripped or stripped[-1] in SENTENCE_ENDS + CLAUSE_ENDS


def _sentence_end(text: str) -> int:
    """Index just past the first sentence end in `text` (closing quotes included), or len(text)."""
    for i, ch in enumerate(text):
        if ch in SENTENCE_ENDS:
            j = i + 1
            while j < len(text) and (text[j] in CLOSERS or text[j] in SENTENCE_ENDS):
                j += 1
            return j
    return len(text)


def insert_phrase(paragraph: str, position: int, phrase: str) -> Insertion:
    """Put `phrase` into `paragraph` at `position` (a cursor offset), respecting sentences."""
    phrase = phrase.strip()
    position = max(0, min(position, len(paragraph)))
    before, after = paragraph[:position], paragraph[position:]
    sentence = _ends_sentence(phrase) and bool(phrase)
    if sentence and not _at_boundary(before):
        cut = _sentence_end(after)
        before, after = before + after[:cut], after[cut:]
    joint = "。" if sentence and before.strip() and not _at_boundary(before) else ""
    punctuation = SENTENCE_ENDS + CLAUSE_ENDS + CLOSERS
    text_follows = bool(after.strip()) and after.lstrip()[0] not in punctuation
    if text_follows and _ends_sentence(before) and phrase and phrase[-1] not in punctuation:
        phrase += "。"  # a phrase that starts a sentence ends it before the text that follows
    start = len(before) + len(joint)
    return Insertion(before + joint + phrase + after, start, start + len(phrase))


def heading_words(phrase: str) -> str:
    """A suggested heading without its own number: 第八，更好统筹发展与安全 → 更好统筹发展与安全."""
    phrase = phrase.strip()
    marker = match_marker(phrase)
    return phrase[marker.end :].strip() if marker is not None else phrase


def replace_heading(paragraph: str, heading: Heading, phrase: str) -> Insertion:
    """The heading's words replaced by the phrase's, its number (and a run-in heading's body) kept."""
    words = heading_words(phrase).rstrip(SENTENCE_ENDS)
    head = heading.text
    end_mark = head[-1] if head and head[-1] in SENTENCE_ENDS else ""
    body = paragraph[len(head) :] if paragraph.startswith(head) else ""
    new_head = heading.marker + words + end_mark
    start = len(heading.marker)
    return Insertion(new_head + body, start, start + len(words))
