"""A document's date, read from its own text: what lets newer phrasing rank first (issue 12).

Speeches carry their date in a few fixed places; in this order the first found is the date:

1. a full date (2024年7月18日, 二〇二六年一月二十七日, 2021.12.31, 2023-09-14) on a short line of the
   title block (the first few paragraphs: a date line, a byline, a ——…在…会议上 line) or of the end
   (成文日期, a signature with its date);
2. a year in the title or the document's name (2022年新年献词, 2011学年开学典礼, 2026_…_政府工作报告);
3. the latest year the text names (…2023年…), or that a five-year plan or a party congress it
   names implies (“十五五” is drafted from 2025 on, 二十大 met in 2022), not later than the current
   year (a plan's 2035年 is a goal, not a date).

Only the year is known in 2 and 3: the date is 1 January of it. The result is an integer
yyyymmdd (store.ranking reads it in SQL alike on every engine); None when the text names no year.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date

HEAD_PARAGRAPHS, TAIL_PARAGRAPHS = 6, 4
DATE_LINE_MAX = 80  # a longer paragraph is body text, whose dates are events, not the document's
MIN_YEAR = 1949

_CN_DIGITS = {"〇": 0, "○": 0, "零": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_CN = "〇○零一二三四五六七八九十"
_FULL_DATES = (
    re.compile(r"((?:19|20)\d\d)\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日"),
    re.compile(r"(?<!\d)((?:19|20)\d\d)[.\-/](\d{1,2})[.\-/](\d{1,2})(?!\d)"),
    re.compile(rf"([{_CN[:-1]}]{{4}})\s*年\s*([{_CN}]{{1,3}})\s*月\s*([{_CN}]{{1,3}})\s*日"),
)
_TITLE_YEAR = re.compile(r"(?<!\d)((?:19|20)\d\d)(?=\s*(?:年|学年|届|年度|[_\-－—\s]|$))")
_NAMED_YEAR = re.compile(r"(?<!\d)((?:19|20)\d\d)\s*年")
_PLAN = re.compile(r"(十[一二三四五六七八九]|二十)五(?:规划|时期|期间|开局|末|初|[”’\"]|$)")
_CONGRESS = re.compile(r"(?<![一二三四五六七八九十])(十[二三四五六七八九]|二十[一二]?)(?:大|次全国代表大会)")


def _cn_number(text: str) -> int:
    """一 → 1, 十二 → 12, 二十七 → 27, 三十一 → 31."""
    if "十" not in text:
        return int("".join(str(_CN_DIGITS[c]) for c in text))
    tens, _, ones = text.partition("十")
    return (_CN_DIGITS[tens] if tens else 1) * 10 + (_CN_DIGITS[ones] if ones else 0)


def _valid(year: int, month: int, day: int, today: date) -> int | None:
    try:
        found = date(year, month, day)
    except ValueError:
        return None
    if year < MIN_YEAR or found > today:
        return None
    return year * 10000 + month * 100 + day


def full_date(text: str, today: date | None = None) -> int | None:
    """The first full date written in text, as yyyymmdd (None if none, or not a real past date)."""
    today = today or date.today()
    for i, pattern in enumerate(_FULL_DATES):
        for m in pattern.finditer(text):
            if i == 2:
                year = int("".join(str(_CN_DIGITS[c]) for c in m.group(1)))
                month, day = _cn_number(m.group(2)), _cn_number(m.group(3))
            else:
                year, month, day = int(m.group(1)), int(m.group(2)), int(m.group(3))
            value = _valid(year, month, day, today)
            if value is not None:
                return value
    return None


def document_date(paragraphs: Sequence[str], name: str = "", today: date | None = None) -> int | None:
    """The date of the document with these paragraphs and this name (module doc), as yyyymmdd."""
    today = today or date.today()
    head = list(paragraphs[:HEAD_PARAGRAPHS])
    tail = list(paragraphs[HEAD_PARAGRAPHS:][-TAIL_PARAGRAPHS:])
    for paragraph in head + tail[::-1]:
        if len(paragraph) <= DATE_LINE_MAX:
            found = full_date(paragraph, today)
            if found is not None:
                return found
    for text in (paragraphs[0] if paragraphs else "", name):
        for m in _TITLE_YEAR.finditer(text):
            year = int(m.group(1))
            if MIN_YEAR <= year <= today.year:
                return year * 10000 + 101
    years = [int(y) for p in paragraphs for y in _NAMED_YEAR.findall(p)]
    for p in paragraphs:
        years += [2006 + 5 * (_cn_number(n) - 11) - 1 for n in _PLAN.findall(p)]  # 十一五: 2006–2010
        years += [1982 + 5 * (_cn_number(n) - 12) for n in _CONGRESS.findall(p)]  # 十二大: 1982
    years = [y for y in years if MIN_YEAR <= y <= today.year]
    return max(years) * 10000 + 101 if years else None
