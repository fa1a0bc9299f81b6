"""What the search index holds for a text, and what a query looks for: substrings, not words.

A writer searches for any piece of a sentence (总书记 in 习近平总书记, 总书记强调 across two words),
so a segmenter's tokens cannot be the index: jieba keeps 习近平总书记 whole and cuts 总书记强调 in
two. The index holds each unit's **grams** instead (units.grams, engine-neutral text):

- every run of Chinese characters as its overlapping two-character pieces (习近平总书记 → 习近
  近平 平总 总书 书记), a run of one character as that character;
- every run of Latin letters and digits as one lower-cased word (NFKC: full-width letters and
  digits as half-width);
- RUN_BREAK between runs, so that a run's last piece and the next run's first never read as one
  substring (a full-text engine drops it; `occurrences` reads it).

A query is cut into the same runs (`query_segments`): each Chinese run of two or more characters
is the phrase of its pieces, so that it matches exactly where the run stands in a unit's text; a
lone Chinese character matches the pieces that begin with it (a word being typed); a Latin or
digit run matches that word, the last one as a prefix. Every segment is required.

units.tokens keeps the segmenter's words (HMM off) for ranking only: a segment that stands in a
unit as whole words ranks above one found inside other words (学习 in 学习贯彻, not in 留学习惯).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from desktop.core.phrases import SLOT_RE

CJK_CLASS = "\u3007\u3400-\u9fff\uf900-\ufaff"
_RUN = re.compile(rf"[{CJK_CLASS}]+|[A-Za-z0-9\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]+")
_CJK_START = re.compile(rf"[{CJK_CLASS}]")
RUN_BREAK = "|"  # between runs in units.grams; not a token for a full-text engine
MAX_QUERY_PIECES = 64  # beyond this a query is a pasted paragraph; more pieces only cost time


def _runs(text: str) -> list[tuple[str, bool]]:
    """(run, is_chinese) of each run of Chinese characters or of Latin letters and digits."""
    out = []
    for m in _RUN.finditer(text):
        run = m.group(0)
        if _CJK_START.match(run):
            out.append((run, True))
        else:
            out.append((unicodedata.normalize("NFKC", run).lower(), False))
    return out


def pieces(run: str) -> list[str]:
    """The overlapping two-character pieces of a Chinese run (the run itself if one character)."""
    if len(run) < 2:
        return [run]
    return [run[i : i + 2] for i in range(len(run) - 1)]


def grams(text: str) -> str:
    """units.grams of a unit's text: its runs' grams joined by spaces, RUN_BREAK between runs.

    Fill-in slots (【数字】…) are not text of the unit."""
    parts = [" ".join(pieces(run)) if chinese else run for run, chinese in _runs(SLOT_RE.sub(" ", text))]
    return f" {RUN_BREAK} ".join(parts)


def gram_count(unit_grams: str) -> int:
    """The number of grams of a units.grams value (its length for ranking): its space-separated
    tokens less the RUN_BREAKs, counted without splitting where it is spaced as `grams` spaces it."""
    if not unit_grams or unit_grams[0] == " " or unit_grams[-1] == " " or "  " in unit_grams:
        return len(unit_grams.split()) - unit_grams.count(RUN_BREAK)
    return unit_grams.count(" ") + 1 - unit_grams.count(RUN_BREAK)


@dataclass(frozen=True)
class Segment:
    """One required part of a query."""

    text: str  # as the grams hold it (Latin lower-cased)
    grams: tuple[str, ...]  # a phrase of these grams, in order
    prefix: bool  # the last gram matches as a prefix (lone Chinese character, last Latin word)
    words: tuple[str, ...] = ()  # the segmenter's words of it, for ranking (store.ranking)


def query_segments(text: str) -> list[Segment]:
    """The query's segments, all required; [] when it holds no searchable character."""
    runs = _runs(text)
    segments = []
    budget = MAX_QUERY_PIECES
    for i, (run, chinese) in enumerate(runs):
        if budget <= 0:
            break
        if chinese:
            g = pieces(run)[:budget]
            run = run[: len(g) + 1] if len(run) > 1 else run
            segments.append(Segment(run, tuple(g), prefix=len(run) == 1))
        else:
            g = [run]
            segments.append(Segment(run, (run,), prefix=i == len(runs) - 1))
        budget -= len(g)
    return segments


def with_words(segments: list[Segment], cut: object) -> list[Segment]:
    """The segments with the segmenter's words of each (cut: str -> list of words)."""
    assert callable(cut)
    return [Segment(s.text, s.grams, s.prefix, tuple(cut(s.text))) for s in segments]


def occurrences(unit_grams: str, segment: Segment) -> int:
    """How often the segment stands in a unit, counted on its units.grams (a run never continues
    into the next: RUN_BREAK stands between them)."""
    spaced = f" {unit_grams} "
    needle = " " + " ".join(segment.grams)
    if segment.prefix:
        return spaced.count(needle)
    return spaced.count(needle + " ")


def word_share(unit_words: str, segment: Segment) -> float:
    """The share of the segment's words that are whole words of the unit (0 … 1); unit_words is
    its units.tokens with a space on either side (" 坚持 以学促干 … ")."""
    if not segment.words:
        return 0.0
    return sum(1 for w in segment.words if f" {w} " in unit_words) / len(segment.words)
