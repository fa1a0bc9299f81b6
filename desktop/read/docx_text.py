"""The text lines of a .docx, in reading order, with Word's list numbers put back.

The package is checked before python-docx opens it: a .docx is a zip of XML parts, so a
damaged, truncated or hostile file (a zip bomb, XML with entity declarations) is refused
with a message instead of being parsed. python-docx's own parser also has entity
resolution off and never touches the network.
"""

from __future__ import annotations

import zipfile
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from desktop.read.docx_numbering import ListNumbering, W
from desktop.read.docx_outline import ParagraphMarks, WordOutline
from desktop.read.errors import ReadError

if TYPE_CHECKING:
    from docx.document import Document as DocxDocument
    from lxml.etree import _Element as XmlElement

# Legitimate documents stay far below these; a zip bomb does not.
MAX_UNCOMPRESSED_BYTES = 256 * 1024 * 1024  # every part, images included (python-docx holds them all)
# The XML parts together, whatever their names: python-docx parses every one of them into lxml
# trees of some twenty times their size (31 headers of 7.98 MB took 5.4 GB before this limit).
MAX_PARSED_BYTES = 32 * 1024 * 1024
MAX_COMPRESSION_RATIO = 100  # for a part above BIG_PART_BYTES, and for the package as a whole
BIG_PART_BYTES = 8 * 1024 * 1024
MAX_PARTS = 5000
_SCAN_CHUNK = 64 * 1024
# Matched in lower case with NUL bytes dropped, so that neither case nor UTF-16/32 hides them.
_FORBIDDEN_XML = (b"<!doctype", b"<!entity")
_BOMS = (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")

NO_MARKS = ParagraphMarks()
_MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
# Subtrees whose text is not part of the paragraph as read: deleted revisions, field codes,
# text boxes (and their legacy duplicates), paragraph and run properties.
_SKIPPED = {W + "del", W + "delText", W + "instrText", W + "txbxContent", W + "pPr", W + "rPr", _MC_FALLBACK}
_CONTAINERS = {W + "tbl", W + "tr", W + "tc", W + "sdt", W + "sdtContent", W + "customXml", W + "smartTag", W + "ins"}

MSG_NOT_DOCX = (
    "这个文件不是有效的 .docx 文档（可能已损坏，或是改了扩展名的其他文件）。"
    "请在 Word 或 WPS 中打开并另存为 .docx 后再导入。"
)
MSG_TRUNCATED = "这个 .docx 文件不完整或已损坏，无法读取。请在 Word 或 WPS 中打开它，另存为新的 .docx 后再导入。"
MSG_NOT_WORD = "这个文件是压缩包，但不是 Word 文档（缺少正文部分）。请选择 Word 保存的 .docx 文件。"
MSG_BOMB = (
    "这个 .docx 文件解压后过大（{size}），可能是恶意构造的文件，已拒绝读取。"
    "如果是正常文档，请删除其中的大图片后另存再导入。"
)
MSG_TOO_MANY_PARTS = (
    "这个 .docx 文件包含 {count} 个部件（正常文档不超过 {limit} 个），可能是恶意构造的文件，已拒绝读取。"
    "请在 Word 或 WPS 中打开并另存为新的 .docx 后再导入。"
)
MSG_TOO_MUCH_XML = (
    "这个 .docx 文件的文字和格式部分解压后共 {size}，超过可以安全读取的 {limit}，可能是恶意构造的文件，"
    "已拒绝读取。如果是正常文档，请把它拆成几个较小的文件后再导入。"
)
MSG_UNSAFE_XML = (
    "这个 .docx 文件含有不安全的 XML 声明（DOCTYPE/实体），Word 不会生成这样的内容，已拒绝读取。"
    "请在 Word 或 WPS 中另存为新的 .docx 后再导入。"
)


def read_docx_lines(path: Path) -> list[str]:
    """The visible text of a .docx body, one entry per line, numbering labels included."""
    return [text for text, _ in read_docx_marked(path)]


def read_docx_marked(path: Path) -> list[tuple[str, ParagraphMarks]]:
    """Each line of a .docx body with what Word's markup says of its paragraph (heading style,
    outline level, list level, Title style); a paragraph's later lines (after a w:br) get none."""
    check_package(path)
    import docx  # deferred: keeps python-docx (and lxml) out of the import of core

    try:
        document = docx.Document(str(path))
        styles = _related_xml(document, "styles")
        numbering = ListNumbering(_related_xml(document, "numbering"), styles)
        outline = WordOutline(styles)
        lines: list[tuple[str, ParagraphMarks]] = []
        for paragraph in _paragraphs(document.element.body):
            text = numbering.label(paragraph) + paragraph_text(paragraph)
            first, *rest = text.split("\n")
            lines.append((first, outline.marks(paragraph)))
            lines.extend((line, NO_MARKS) for line in rest)
        return lines
    except ReadError:
        raise
    except Exception as exc:  # python-docx and lxml raise many kinds on malformed parts
        raise ReadError(MSG_TRUNCATED, str(path)) from exc


def check_package(path: Path) -> None:
    """Refuse anything that is not a sane .docx zip, before any XML is parsed."""
    try:
        with zipfile.ZipFile(path) as package:
            parts = package.infolist()
            _check_sizes(parts)
            names = {info.filename for info in parts}
            if "[Content_Types].xml" not in names or not any(n.startswith("word/") for n in names):
                raise ReadError(MSG_NOT_WORD, str(path))
            parsed = 0
            for info in parts:  # every part, whatever its name: python-docx goes by content type
                if _check_xml_part(package, info, path):
                    parsed += info.file_size
                    if parsed > MAX_PARSED_BYTES:
                        raise ReadError(
                            MSG_TOO_MUCH_XML.format(size=_human_size(parsed), limit=_human_size(MAX_PARSED_BYTES)),
                            str(path),
                        )
    except ReadError:
        raise
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError, NotImplementedError, RuntimeError) as exc:
        # RuntimeError: encrypted entries; NotImplementedError: unknown compression.
        message = MSG_NOT_DOCX if isinstance(exc, zipfile.BadZipFile) and not _looks_like_zip(path) else MSG_TRUNCATED
        raise ReadError(message, str(path)) from exc


def _check_sizes(parts: list[zipfile.ZipInfo]) -> None:
    # zipfile never inflates an entry beyond its declared file_size, so the declared sizes
    # bound what python-docx will hold in memory.
    if len(parts) > MAX_PARTS:
        raise ReadError(MSG_TOO_MANY_PARTS.format(count=len(parts), limit=MAX_PARTS))
    total = sum(info.file_size for info in parts)
    compressed = sum(info.compress_size for info in parts)
    too_big = (
        total > MAX_UNCOMPRESSED_BYTES
        or (total > BIG_PART_BYTES and total > MAX_COMPRESSION_RATIO * max(compressed, 1))
        or any(
            info.file_size > BIG_PART_BYTES and info.file_size > MAX_COMPRESSION_RATIO * max(info.compress_size, 1)
            for info in parts
        )
    )
    if too_big:
        raise ReadError(MSG_BOMB.format(size=_human_size(total)))


def _check_xml_part(package: zipfile.ZipFile, info: zipfile.ZipInfo, path: Path) -> bool:
    """Whether the part is XML (then scanned whole for DOCTYPE/ENTITY); judged by its content,
    not its name: after a byte-order mark and white space, in any of UTF-8/16/32, it opens with <."""
    tail = b""
    opened = False  # whether the first character that is not white space has been seen
    with package.open(info) as stream:
        while chunk := stream.read(_SCAN_CHUNK):
            window = tail + chunk.replace(b"\x00", b"").lower()
            if not opened:
                head = window
                for bom in _BOMS:
                    head = head.removeprefix(bom)
                head = head.lstrip(b" \t\r\n")
                if not head:
                    continue  # only white space so far
                if not head.startswith(b"<"):
                    return False  # an image or other binary part: python-docx keeps it as bytes
                opened = True
            if any(token in window for token in _FORBIDDEN_XML):
                raise ReadError(MSG_UNSAFE_XML, str(path))
            tail = window[-16:]
    return True


def _looks_like_zip(path: Path) -> bool:
    with open(path, "rb") as f:
        return f.read(4) == b"PK\x03\x04"


def _human_size(n: int) -> str:
    return f"{n / 1024 / 1024:.1f} MB" if n >= 1024 * 1024 else f"{n / 1024:.1f} KB"


def _related_xml(document: DocxDocument, kind: str) -> XmlElement | None:
    """The root element of the document's numbering or styles part, or None if it has none."""
    from docx.opc.constants import RELATIONSHIP_TYPE as RT

    reltype = RT.NUMBERING if kind == "numbering" else RT.STYLES
    try:
        return document.part.part_related_by(reltype).element  # type: ignore[attr-defined]  # XmlPart
    except (KeyError, AttributeError, ValueError):  # ValueError: a link to an external file (never followed)
        return None


def _paragraphs(container: XmlElement) -> Iterator[XmlElement]:
    """Every w:p in reading order, descending into tables and content controls."""
    for child in container.iterchildren():
        if child.tag == W + "p":
            yield child
        elif child.tag in _CONTAINERS:
            yield from _paragraphs(child)


def paragraph_text(paragraph: XmlElement) -> str:
    """The text a reader sees in one w:p: runs, hyperlinks, insertions and field results;
    w:tab as a tab, w:br as a line break; hidden, deleted and text-box text left out."""
    parts: list[str] = []
    _collect(paragraph, parts)
    return "".join(parts)


def _collect(element: XmlElement, parts: list[str]) -> None:
    for child in element.iterchildren():
        tag = child.tag
        if not isinstance(tag, str) or tag in _SKIPPED:
            continue  # comments and processing instructions have no str tag
        if tag == W + "t":
            parts.append(child.text or "")
        elif tag == W + "tab":
            parts.append("\t")
        elif tag in (W + "br", W + "cr"):
            parts.append("\n")
        elif tag == W + "noBreakHyphen":
            parts.append("-")
        elif tag == W + "r" and _is_hidden(child):
            continue
        else:
            _collect(child, parts)


def _is_hidden(run: XmlElement) -> bool:
    vanish = run.find(f"{W}rPr/{W}vanish")
    return vanish is not None and vanish.get(W + "val") not in ("0", "false", "off")
