"""The terms the search index holds for a text, and the terms a query looks for.

jieba keeps the field's fixed terms whole (主题教育, 全面从严治党 are one token each) and
leaves what it does not know as single characters (以 学 铸魂), so plain tokens would miss
a search for 主题, 从严 or 以学. Two-character pieces bridge both:

- index: every token, then the two-character pieces of each Chinese token of three or more
  characters, and of each run of single Chinese characters;
- query: single characters in a run are searched as the same pieces; a lone single
  character, and the last term (the word being typed), match as prefixes.
"""

from __future__ import annotations

import re

_CJK = re.compile(r"^[\u3400-\u9fff\uf900-\ufaff]+$")


def _is_cjk(token: str) -> bool:
    return bool(_CJK.match(token))


def _pieces(chars: str) -> list[str]:
    return [chars[i : i + 2] for i in range(len(chars) - 1)]


def _single_runs(tokens: list[str]) -> list[tuple[int, int]]:
    """[start, end) of each run of two or more single Chinese characters."""
    runs, start = [], None
    for i, token in enumerate(tokens + [""]):
        single = len(token) == 1 and _is_cjk(token)
        if single and start is None:
            start = i
        elif not single and start is not None:
            if i - start >= 2:
                runs.append((start, i))
            start = None
    return runs


def index_terms(tokens: list[str]) -> list[str]:
    terms: list[str] = []
    run_end = {start: end for start, end in _single_runs(tokens)}
    for i, token in enumerate(tokens):
        terms.append(token)
        if len(token) >= 3 and _is_cjk(token):
            terms.extend(_pieces(token))
        if i in run_end:
            terms.extend(_pieces("".join(tokens[i : run_end[i]])))
    return terms


def query_terms(tokens: list[str]) -> list[tuple[str, bool]]:
    """(term, is_prefix) pairs, all of which a unit must contain."""
    terms: list[tuple[str, bool]] = []
    runs = {start: end for start, end in _single_runs(tokens)}
    i = 0
    while i < len(tokens):
        if i in runs:
            terms.extend((p, False) for p in _pieces("".join(tokens[i : runs[i]])))
            i = runs[i]
            continue
        token = tokens[i]
        terms.append((token, len(token) == 1 and _is_cjk(token)))
        i += 1
    if terms:
        terms[-1] = (terms[-1][0], True)
    return terms
