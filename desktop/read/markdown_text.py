"""Markdown source → the lines a reader sees, markup removed.

Only markup is removed: heading #'s, emphasis, list bullets, quotes, links, tables and
fences. Visible numbering (一、 / （一） / 1.) stays. Asterisks are also how Chinese
documents anonymise names (中国共产党*县第*届, **县**镇), so an asterisk pair is taken
for emphasis only where that reading is clear: bold around two or more
characters, or italics set off by spaces or punctuation.
"""

from __future__ import annotations

import re

_FENCE = re.compile(r"^\s{0,3}(```|~~~)")
_RULE = re.compile(r"^\s{0,3}([-*_=])(?:\s*\1){2,}\s*$")
_HEADING = re.compile(r"^\s{0,3}#{1,6}(?:\s+|$)")
_HEADING_CLOSE = re.compile(r"\s+#+\s*$")
_QUOTE = re.compile(r"^\s{0,3}(?:>\s?)+")
_BULLET = re.compile(r"^\s*[-*+]\s+(?:\[[ xX]\]\s+)?")
_ORDERED = re.compile(r"^\s*(\d{1,3}[.)])\s+")
_TABLE_SEPARATOR = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)*\|?\s*$")
_IMAGE = re.compile(r"!\[[^\]]*\]\([^)]*\)")
_LINK = re.compile(r"\[([^\]]+)\]\([^)]*\)")
_HTML_TAG = re.compile(r"</?[A-Za-z][^<>]*>")
_CODE = re.compile(r"`([^`]+)`")
# A pair around one character (在**县**镇) is an anonymised name: matched so that it is
# consumed and kept, and its closing mark cannot open a pair with a later one.
_STRONG = re.compile(r"(\*\*|__)(?:(?P<slot>[^*_\n]?)|(?=\S)(?P<bold>[^*_\n]{2,}?)(?<=\S))\1")
_STRIKE = re.compile(r"~~(?=\S)(.+?)(?<=\S)~~")
# Single-mark emphasis only when the marks stand between spaces or punctuation.
_OUTSIDE = "\\s，。、；：？！“”‘’（）《》,.;:?!()\"'"
_EMPHASIS = re.compile(rf"(?<![^{_OUTSIDE}])([*_])(?=\S)([^*_\n]{{2,}}?)(?<=\S)\1(?![^{_OUTSIDE}])")
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|>~])")


def markdown_lines(source: str) -> list[str]:
    """The visible text of a Markdown document, one entry per source line."""
    lines: list[str] = []
    in_fence = False
    for line in source.splitlines():
        if _FENCE.match(line):
            in_fence = not in_fence
            continue
        if in_fence:
            lines.append(line)
            continue
        if _RULE.match(line) or _TABLE_SEPARATOR.match(line):
            continue
        lines.append(_inline(_block(line)))
    return lines


def _block(line: str) -> str:
    line = _QUOTE.sub("", line)
    if _HEADING.match(line):
        return _HEADING_CLOSE.sub("", _HEADING.sub("", line))
    line = _BULLET.sub("", line)
    line = _ORDERED.sub(r"\1", line)
    stripped = line.strip()
    if stripped.startswith("|") and stripped.endswith("|"):
        return " ".join(cell.strip() for cell in stripped.strip("|").split("|"))
    return line


def _inline(line: str) -> str:
    line = _IMAGE.sub("", line)
    line = _LINK.sub(r"\1", line)
    line = _HTML_TAG.sub("", line)
    line = _CODE.sub(r"\1", line)
    line = _STRONG.sub(lambda m: m.group(0) if m.group("bold") is None else m.group("bold"), line)
    line = _STRIKE.sub(r"\1", line)
    line = _EMPHASIS.sub(r"\2", line)
    return _ESCAPE.sub(r"\1", line)
