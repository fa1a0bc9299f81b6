"""Manuscript → plain text (.txt) and Markdown (.md).

.txt is UTF-8 *with* a byte-order mark and CRLF line ends. Notepad before Windows 10 (1903)
reads a file without a BOM as the ANSI code page (GBK on Chinese Windows) and shows mojibake,
and such Notepads are still common on office intranets and classified computers; with the BOM
every Notepad, WPS and Word detect UTF-8. One paragraph a line, one blank line after the title
block, no indentation (the speech's own text, nothing added).

.md is UTF-8 without a BOM (Markdown tools do not expect one): title as `#`, headings one `#`
deeper than their outline level, run-in headings as a paragraph with the heading sentence in
bold. Characters Markdown would take as markup (the `*` of anonymised names, a leading `1.`)
are escaped so the text reads back as written.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TextIO

from desktop.export.manuscript import HEADING, SUBTITLE, TITLE, Manuscript

TXT_ENCODING = "utf-8-sig"
TXT_NEWLINE = "\r\n"
MD_ENCODING = "utf-8"
PROGRESS_EVERY = 50

_MD_INLINE = re.compile(r"([\\`*_\[\]<>|~])")
_MD_LINE_START = re.compile(r"^(\s*)([#>+\-=]|\d+[.)])")


def _progress(i: int) -> bool:
    return i % PROGRESS_EVERY == PROGRESS_EVERY - 1


def write_txt(ms: Manuscript, stream: TextIO) -> Iterator[int]:
    """Write to a text stream opened with TXT_ENCODING and newline=""; yields paragraphs done."""
    title_end = ms.title_block_end
    for i, p in enumerate(ms.paragraphs):
        stream.write(p.text + TXT_NEWLINE)
        if i == title_end - 1 and title_end < len(ms.paragraphs):
            stream.write(TXT_NEWLINE)
        if _progress(i):
            yield i + 1
    yield len(ms.paragraphs)


def md_escape(text: str) -> str:
    text = _MD_INLINE.sub(r"\\\1", text)
    return _MD_LINE_START.sub(lambda m: m.group(1) + _escape_marker(m.group(2)), text)


def _escape_marker(marker: str) -> str:
    if marker[0].isdigit():
        return marker[:-1] + "\\" + marker[-1]
    return "\\" + marker


def _md_bold(text: str) -> str:
    # An escaped * or _ inside **…** is valid Markdown, but simple readers (ours included) take
    # any asterisk inside a bold span for its end; <strong> has no such ambiguity.
    if "*" in text or "_" in text:
        return "<strong>" + md_escape(text) + "</strong>"
    return "**" + md_escape(text) + "**"


def write_md(ms: Manuscript, stream: TextIO) -> Iterator[int]:
    """Write to a text stream opened with MD_ENCODING and newline="\\n"; yields paragraphs done."""
    blocks: list[str] = []
    for i, p in enumerate(ms.paragraphs):
        if p.part == TITLE:
            blocks.append("# " + md_escape(p.text))
        elif p.part == SUBTITLE:
            blocks.append(_md_bold(p.text))
        elif p.part == HEADING and p.runin:
            blocks.append(_md_bold(p.heading_text) + md_escape(p.body_text))
        elif p.part == HEADING:
            blocks.append("#" * min(p.level + 1, 6) + " " + md_escape(p.text))
        else:
            blocks.append(md_escape(p.text))
        if _progress(i):
            yield i + 1
    stream.write("\n\n".join(blocks) + "\n")
    yield len(ms.paragraphs)
