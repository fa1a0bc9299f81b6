"""Cleaning text read from files or pasted in, into the paragraphs of a speech.

Real input carries web-page debris: paywall markers (##paidbegin##), newspaper metadata
(• 来源: …), site chrome (打印本页, 关闭窗口, breadcrumbs) and odd spaces (NBSP, U+3000,
zero-width). Cleaning drops the debris and normalises characters; it never rewrites words,
and Traditional characters stay as written.
"""

from __future__ import annotations

import re

from desktop.core.punctuation import drop_layout_spaces, to_full_width

_PAYWALL = re.compile(r"##\s*paid\s*(?:begin|end)\s*##", re.I)
_HTML_SPACES = re.compile(r"&(?:nbsp|ensp|emsp|#160|#12288);", re.I)
_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad\u200e\u200f]")
_SPACE_LIKE = re.compile("[\t\v\f\r\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]")
_CONTROLS = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")
_SPACES = re.compile(r" {2,}")

# Lines a web page wraps around the text. All are short; a long line is never dropped.
NOISE_MAX_CHARS = 80
_BULLET = r"^[•·●▪◆■◇□○\-*>\s]*"
_METADATA = re.compile(
    _BULLET + r"[【\[]?(?:来源|稿源|信息来源|文章来源|时间|发布时间|发表时间|更新时间|发布日期|日期|"
    r"编辑|责任编辑|编审|审核|校对|作者|撰稿|记者|通讯员|浏览次数|浏览量|点击数|点击量|阅读量|阅读次数)"
    r"[】\]]?\s*[:：]"
)
_CHROME_PIECE = re.compile(
    r"[【\[]?\s*(?:字体|字号)\s*[:：]?\s*(?:大\s*中\s*小|[大中小]\s*)[】\]]?"
    r"|[【\[]?\s*(?:打印本页|打印此页|打印文章|打印|关闭窗口|关闭本页|关闭|返回顶部|返回|"
    r"收藏本页|收藏|加入收藏|纠错|我要纠错|分享)\s*[】\]]?"
    r"|[|｜/\s]"
)
_CHROME_START = re.compile(
    r"^(?:分享到|扫一扫|扫描二维码|上一篇|下一篇|上一条|下一条|"
    r"(?:当前位置|您现在的位置|您的位置|你的位置|所在位置|现在位置)\s*[:：]|"
    r"首页\s*[>＞»›/])"
)
_ATTACHMENT_WORDS = ("相关文档", "附件下载", "相关附件")
_ATTACHMENT_MARKER = re.compile(r"^(?:相关文档|附件下载|相关附件)\s*[:：]?\s*(?P<rest>.*)$")


def normalize_text(s: str) -> str:
    """One paragraph: paywall markers, invisible and odd space characters out; half-width
    punctuation in Chinese text made full-width; layout spaces removed; trimmed."""
    s = _PAYWALL.sub("", s)
    s = _HTML_SPACES.sub(" ", s)
    s = _SPACE_LIKE.sub(" ", _INVISIBLE.sub("", s))
    s = _CONTROLS.sub("", s)
    s = _SPACES.sub(" ", s.replace("\n", " ")).strip()
    s = to_full_width(s)
    return drop_layout_spaces(s).strip()


def is_noise_line(text: str) -> bool:
    """A normalised line that is web-page debris, not part of the speech."""
    if len(text) > NOISE_MAX_CHARS:
        return False
    if _METADATA.match(text) or _CHROME_START.match(text):
        return True
    marker = _ATTACHMENT_MARKER.match(text)
    if marker and not marker.group("rest"):
        return True
    return not _CHROME_PIECE.sub("", text)


def clean_paragraphs(lines: list[str]) -> list[str]:
    """Lines as read or pasted → the speech's paragraphs, in order, debris and blanks dropped.

    A line may itself hold line breaks (pasted text); each part becomes its own paragraph.
    """
    return [text for _, text in clean_lines(lines)]


def clean_lines(lines: list[str]) -> list[tuple[int, str]]:
    """clean_paragraphs, with the index of the line each paragraph came from."""
    paragraphs = []
    value_next = False  # a metadata label alone on its line (来源：) has its value on the next one
    for source, line in enumerate(lines):
        for part in line.splitlines() or [line]:
            text = normalize_text(part)
            marker = _ATTACHMENT_MARKER.match(text)
            if marker:
                text = marker.group("rest")
            if not text:
                continue
            label_only = bool(_METADATA.match(text)) and not _METADATA.sub("", text).strip()
            if value_next and len(text) <= METADATA_VALUE_MAX_CHARS and not _ends_like_text(text):
                value_next = False
                continue
            value_next = label_only
            if not is_noise_line(text):
                paragraphs.append((source, text))
    return paragraphs


METADATA_VALUE_MAX_CHARS = 30


def _ends_like_text(text: str) -> bool:
    return text[-1] in "。！？；：，"


def split_attachment(lines: list[str]) -> tuple[list[str], list[str]]:
    """Split raw lines at the first 相关文档: / 附件下载: marker of a newspaper page.

    Returns (the page's own lines, the lines after the marker); the text on the marker's
    own line after the colon goes with the second part.
    """
    for i, line in enumerate(lines):
        if not any(word in line for word in _ATTACHMENT_WORDS):
            continue
        marker = _ATTACHMENT_MARKER.match(normalize_text(line))
        if marker:
            rest = [marker.group("rest")] if marker.group("rest") else []
            return lines[:i], rest + lines[i + 1 :]
    return lines, []
