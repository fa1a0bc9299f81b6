"""Turning the bytes of a plain-text file into text, guessing the encoding safely.

Chinese users' .txt files come in UTF-8 (with or without BOM), UTF-16 (Notepad's
"Unicode", sometimes without BOM), GBK/GB18030 (the Windows default in mainland China)
and occasionally Big5. Every candidate is decoded strictly and judged by how much of the
result is ordinary Chinese text; when no candidate is convincing, or two disagree and are
equally convincing, the file is refused rather than read wrongly.
"""

from __future__ import annotations

import codecs
import re
from collections import Counter
from dataclasses import dataclass

from desktop.core.cjk_chars import CJK_PUNCTUATION, common_han, is_han
from desktop.read.errors import ReadError

# Share of "ordinary" characters a guessed decoding must reach to be believed.
PLAUSIBLE = 0.85
# Two different readings closer than this are a coin toss: refuse instead of guessing.
AMBIGUOUS_MARGIN = 0.08
# Control characters (other than line breaks and tabs) beyond this share mean a binary file.
BINARY_CONTROL_SHARE = 0.01

# Control characters other than line breaks, tabs and the DOS end-of-file mark.
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x19\x1b-\x1f\x7f-\x9f]")
_LAYOUT_WHITESPACE = frozenset(" \t\r\n\u3000\u00a0")

MSG_EMPTY = "文件是空的，没有可导入的文字。请确认选择了正确的文件。"
MSG_BINARY = "这个文件不是文本文件（内容是二进制数据），可能是改了扩展名的其他格式。请选择 .txt、.md 或 .docx 文件。"
MSG_UNKNOWN_ENCODING = "无法识别这个文本文件的编码。请用记事本或 WPS 打开它，另存为“UTF-8”编码后再导入。"
MSG_AMBIGUOUS_ENCODING = (
    "无法确定这个文本文件的编码（{a} 和 {b} 都有可能），为避免读出乱码已停止导入。"
    "请用记事本打开它，另存为“UTF-8”编码后再导入。"
)


@dataclass(frozen=True)
class DecodedText:
    text: str
    encoding: str  # a Python codec name that reads the file back the same way


def decode_text(data: bytes) -> DecodedText:
    """Decode a text file's bytes; raise ReadError (Chinese message) when that is not safe."""
    if not data.strip(b" \t\r\n\x00"):
        raise ReadError(MSG_EMPTY)
    decoded = _decode_with_bom(data) or _decode_without_bom(data)
    if not decoded.text.strip():
        raise ReadError(MSG_EMPTY)
    if _control_share(decoded.text) > BINARY_CONTROL_SHARE:
        raise ReadError(MSG_BINARY)
    return decoded


def _decode_with_bom(data: bytes) -> DecodedText | None:
    # UTF-32 LE's BOM starts with UTF-16 LE's, so it is tested first.
    for bom, codec, name in (
        (codecs.BOM_UTF8, "utf-8", "utf-8-sig"),
        (codecs.BOM_UTF32_LE, "utf-32-le", "utf-32"),
        (codecs.BOM_UTF32_BE, "utf-32-be", "utf-32"),
        (codecs.BOM_UTF16_LE, "utf-16-le", "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16-be", "utf-16"),
    ):
        if data.startswith(bom):
            try:
                return DecodedText(data[len(bom) :].decode(codec), name)
            except UnicodeDecodeError:
                raise ReadError(MSG_UNKNOWN_ENCODING) from None
    return None


def _decode_without_bom(data: bytes) -> DecodedText:
    if b"\x00" in data:
        # Text in any 8-bit or multi-byte Chinese encoding never holds NUL bytes; UTF-16 does
        # (every ASCII character, and Han characters such as 一 U+4E00).
        candidates = _strict_candidates(data, (("utf-16-le",), ("utf-16-be",)))
        if not candidates:
            raise ReadError(MSG_BINARY)
        return _best(candidates, fallback_message=MSG_BINARY)
    try:
        return DecodedText(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass  # valid UTF-8 by accident is vanishingly rare for Chinese text, so this is decisive
    # GBK is tried before GB18030 so that the name reported is the narrower one that fits.
    groups: list[tuple[str, ...]] = [("gbk", "gb18030"), ("big5", "cp950")]
    if len(data) % 2 == 0:
        groups += [("utf-16-le",), ("utf-16-be",)]
    candidates = _strict_candidates(data, tuple(groups))
    if not candidates:
        raise ReadError(MSG_UNKNOWN_ENCODING)
    return _best(candidates, fallback_message=MSG_UNKNOWN_ENCODING)


def _strict_candidates(data: bytes, groups: tuple[tuple[str, ...], ...]) -> list[DecodedText]:
    """For each group of related codecs, the first that decodes the data without error."""
    found = []
    for group in groups:
        for codec in group:
            try:
                found.append(DecodedText(data.decode(codec), codec))
                break
            except UnicodeDecodeError:
                continue
    return found


def _best(candidates: list[DecodedText], fallback_message: str) -> DecodedText:
    scored = sorted(((plausibility(c.text), i, c) for i, c in enumerate(candidates)), key=lambda t: (-t[0], t[1]))
    best_score, _, best = scored[0]
    if best_score < PLAUSIBLE:
        raise ReadError(fallback_message)
    for score, _, other in scored[1:]:
        if best_score - score < AMBIGUOUS_MARGIN and other.text != best.text:
            raise ReadError(MSG_AMBIGUOUS_ENCODING.format(a=best.encoding, b=other.encoding))
    return best


def plausibility(text: str) -> float:
    """Share (0–1) of a text's visible characters that ordinary Chinese documents are made of.

    Common Han characters, ASCII and Chinese punctuation count fully; rare Han characters
    half; anything else (kana, Hangul, Yi, private-use, controls, stray symbols that wrong
    decodings produce) not at all.
    """
    common = common_han()
    total = 0
    good = 0.0
    # Judged per distinct character: a long text has only a few thousand of them.
    for ch, count in Counter(text).items():
        if ch in _LAYOUT_WHITESPACE:
            continue
        total += count
        if ch in common or " " < ch <= "~" or ch in CJK_PUNCTUATION:
            good += count
        elif is_han(ch):
            good += 0.5 * count
        elif _is_ordinary_symbol(ch):
            good += count
    return good / total if total else 0.0


def _is_ordinary_symbol(ch: str) -> bool:
    cp = ord(ch)
    return (
        0x2000 <= cp <= 0x206F  # general punctuation: • — … ‰ ※
        or 0x2460 <= cp <= 0x24FF  # ① ⑴ ⒈
        or 0x25A0 <= cp <= 0x25FF  # ■ ● ◆ △
        or 0x3000 <= cp <= 0x303F  # CJK symbols and punctuation
        or 0xFF01 <= cp <= 0xFF5E  # full-width forms
        or ch in "°±×÷·§№℃Ⅰ"
    )


def _control_share(text: str) -> float:
    return len(_CONTROL.findall(text)) / len(text)
