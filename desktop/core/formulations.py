"""规范表述: fixed formulations, their common miswritings and outdated ones, for the checks.

The writer-editable file resources/formulations.txt holds one rule a line:

    正确形式 <= 误写、误写        a miswriting, and the form it should have
    过时表述 => 提示              an outdated formulation, and what to write today

Five-year plan periods (“十四五” …) are judged by today's year (`ended_plans`), not listed.
The file is checked on load: an error names the file and the line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from desktop.infra.data_files import line_error, read_text
from desktop.infra.errors import UserError
from desktop.infra.paths import resource_path

FILE_NAME = "formulations.txt"
MAX_FILE_BYTES = 1_000_000
MAX_RULES = 5_000
MAX_PHRASE = 40
_SPLIT = re.compile(r"\s*[、，,；;]\s*")
_FIRST_PLAN = 2001  # 十五 (2001—2005); the 十一五 is 2006—2010, the 十四五 2021—2025
_CN_DIGITS = "〇一二三四五六七八九"


class FormulationFileError(UserError):
    """The formulations file cannot be used as written; the message names the file and the line."""


@dataclass(frozen=True)
class Formulation:
    """One rule: `wrong` found in a text is reported with `right` (a miswriting) or `note` (outdated)."""

    wrong: str
    right: str = ""
    note: str = ""
    line: int = 0


def parse_formulations(text: str, source: str = FILE_NAME) -> tuple[Formulation, ...]:
    rules: list[Formulation] = []
    seen: dict[str, int] = {}
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip().lstrip("\ufeff")
        if not line or line.startswith("#"):
            continue

        def bad(what: str, number: int = number, raw: str = raw) -> UserError:
            form = "“正确形式 <= 误写、误写”或“过时表述 => 提示”"
            return line_error(FormulationFileError, "规范表述文件", source, number, raw, what, form)

        if "<=" in line:
            right, _, wrongs = (p.strip() for p in line.partition("<="))
            found = [w for w in _SPLIT.split(wrongs) if w]
            if not right:
                raise bad("“<=”前没有正确形式")
            if not found:
                raise bad("“<=”后没有误写")
            new = [Formulation(w, right=right, line=number) for w in found]
        elif "=>" in line:
            wrong, _, note = (p.strip() for p in line.partition("=>"))
            if not wrong or not note:
                raise bad("“=>”两边都要有内容")
            new = [Formulation(wrong, note=note, line=number)]
        else:
            raise bad("缺少“<=”或“=>”")
        for f in new:
            if len(f.wrong) > MAX_PHRASE or len(f.wrong) < 2:
                raise bad(f"“{f.wrong}”应为 2 到 {MAX_PHRASE} 个字")
            if f.right and f.wrong == f.right:
                raise bad(f"误写“{f.wrong}”与正确形式相同")
            if f.wrong in seen:
                raise bad(f"“{f.wrong}”在第 {seen[f.wrong]} 行已经写过")
            seen[f.wrong] = number
        rules += new
        if len(rules) > MAX_RULES:
            raise FormulationFileError(f"规范表述文件 {source} 超过 {MAX_RULES} 条。请删去不用的条目后重试。")
    return tuple(rules)


def load_formulations(path: Path | None = None) -> tuple[Formulation, ...]:
    file = path or resource_path(FILE_NAME)
    if path is None and not file.exists():
        return ()
    text = read_text(file, what="规范表述文件", max_bytes=MAX_FILE_BYTES, error=FormulationFileError)
    return parse_formulations(text, str(file))


@lru_cache(maxsize=1)
def default_formulations() -> tuple[Formulation, ...]:
    return load_formulations()


def plan_name(n: int) -> str:
    """The n-th five-year plan's short name: 14 → 十四五."""
    tens, ones = divmod(n, 10)
    head = ("" if tens == 1 else _CN_DIGITS[tens]) + "十" if tens else ""
    return head + (_CN_DIGITS[ones] if ones else "") + "五"


def plan_years(n: int) -> tuple[int, int]:
    start = _FIRST_PLAN + (n - 10) * 5
    return start, start + 4


def ended_plans(year: int) -> list[tuple[str, int, int, str]]:
    """(name, first year, last year, the current plan's name) of the plans ended before `year`,
    from the 十一五 on, newest first."""
    current = next(n for n in range(11, 40) if plan_years(n)[1] >= year)
    return [(plan_name(n), *plan_years(n), plan_name(current)) for n in range(current - 1, 10, -1)]
