"""Reading one file (.txt, .md, .docx) into cleaned source documents.

Anything that goes wrong comes out as ReadError with a message in Simplified Chinese; the
writer's file is only ever read. A newspaper page saved as text may carry a second document
glued on after its 相关文档: / 附件下载: lines; that one comes back as a document of its own.
"""

from __future__ import annotations

from pathlib import Path

from desktop.core.cjk_chars import han_count
from desktop.core.cleaning import clean_lines, clean_paragraphs, split_attachment
from desktop.core.document import ParagraphHints, SourceDocument
from desktop.infra.errors import os_reason
from desktop.infra.paths import shown_path
from desktop.read.decoding import MSG_EMPTY, decode_text
from desktop.read.docx_text import read_docx_marked
from desktop.read.errors import ReadError
from desktop.read.markdown_text import markdown_lines

__all__ = ["ReadError", "read_documents", "MAX_FILE_BYTES", "SUPPORTED_SUFFIXES"]

MAX_FILE_BYTES = 50 * 1024 * 1024
TEXT_SUFFIXES = frozenset({".txt", ".text"})
MARKDOWN_SUFFIXES = frozenset({".md", ".markdown"})
DOCX_SUFFIXES = frozenset({".docx"})
SUPPORTED_SUFFIXES = TEXT_SUFFIXES | MARKDOWN_SUFFIXES | DOCX_SUFFIXES
LEGACY_WORD_SUFFIXES = frozenset({".doc", ".wps", ".dot", ".wpt"})
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # old binary Word and WPS files
_ZIP_MAGIC = b"PK\x03\x04"

# What follows 附件下载: counts as a document when it has this much running text; a few
# link titles or file names do not.
ATTACHMENT_MIN_HAN = 100
ATTACHMENT_SUFFIX = "（附件）"

MSG_NOT_FOUND = "找不到文件“{name}”。它可能已被移动或删除，请重新选择。"
MSG_IS_FOLDER = "“{name}”是一个文件夹，不是文件。请选择要导入的文件。"
MSG_NO_PERMISSION = "没有权限读取文件“{name}”。请检查文件是否被其他程序占用，或复制到“文档”文件夹后再导入。"
MSG_OS_ERROR = "读取文件“{name}”时出错（{reason}）。请确认文件可以正常打开后再试。"
MSG_TOO_LARGE = "文件太大（{size:.1f} MB），超过了 {limit} MB 的上限。请把它拆分成几个较小的文件后再导入。"
MSG_LEGACY = "无法读取 {suffix} 格式，请在 Word 或 WPS 中另存为 .docx 后再导入。"
MSG_LEGACY_DISGUISED = (
    "这个文件实际上是旧版 Word/WPS 文档（.doc/.wps 格式），无法读取。请在 Word 或 WPS 中另存为 .docx 后再导入。"
)
MSG_UNSUPPORTED = (
    "不支持 {suffix} 格式的文件。目前可以导入 .txt、.md 和 .docx；其他格式请先在 Word 或 WPS 中另存为 .docx。"
)
MSG_NO_TEXT = "文件里没有可导入的正文（只有空行或网页信息）。请确认选择了正确的文件。"
MSG_NO_CHINESE = "文件里没有中文文字，无法作为讲稿素材导入。请确认选择了正确的文件。"


def read_documents(path: Path) -> list[SourceDocument]:
    """Read one file into its cleaned document, plus a document glued on behind it if any."""
    path = Path(path)
    size = _checked_size(path)
    suffix = path.suffix.lower()
    head = _read(path, 8)
    if suffix in LEGACY_WORD_SUFFIXES:
        raise ReadError(MSG_LEGACY.format(suffix=suffix), str(path))
    if head.startswith(_OLE_MAGIC):
        raise ReadError(MSG_LEGACY_DISGUISED, str(path))
    if suffix not in SUPPORTED_SUFFIXES:
        raise ReadError(MSG_UNSUPPORTED.format(suffix=suffix or "无扩展名"), str(path))
    if size == 0:
        raise ReadError(MSG_EMPTY, str(path))

    encoding: str | None = None
    marked: list[ParagraphHints] | None = None
    if suffix in DOCX_SUFFIXES or head.startswith(_ZIP_MAGIC):
        # A .docx renamed to .txt is still read as what it is.
        lines_marked = read_docx_marked(path)
        lines = [text for text, _ in lines_marked]
        marked = [ParagraphHints(m.outline, m.list_level, m.title) for _, m in lines_marked]
    else:
        decoded = decode_text(_read(path))
        encoding = decoded.encoding
        if suffix in MARKDOWN_SUFFIXES:
            lines = markdown_lines(decoded.text)
        else:
            lines = decoded.text.splitlines()

    own_lines, glued_lines = split_attachment(lines)
    cleaned = clean_lines(own_lines)
    paragraphs = [text for _, text in cleaned]
    if not paragraphs:
        raise ReadError(MSG_NO_TEXT, str(path))
    if not any(han_count(p) for p in paragraphs):
        raise ReadError(MSG_NO_CHINESE, str(path))
    hints = [marked[source] for source, _ in cleaned] if marked is not None else None
    name, where = shown_path(path.stem), shown_path(path)  # a name the platform could not decode, made text
    documents = [SourceDocument(name, paragraphs, where, part=0, encoding=encoding, marks=hints)]
    glued = clean_paragraphs(glued_lines)
    if is_substantial(glued):
        documents.append(SourceDocument(name + ATTACHMENT_SUFFIX, glued, where, part=1, encoding=encoding))
    return documents


def is_substantial(paragraphs: list[str]) -> bool:
    """Running text, not a list of links: enough Han characters and at least one sentence."""
    return sum(han_count(p) for p in paragraphs) >= ATTACHMENT_MIN_HAN and any("。" in p for p in paragraphs)


def _checked_size(path: Path) -> int:
    try:
        if path.is_dir():
            raise ReadError(MSG_IS_FOLDER.format(name=path.name), str(path))
        size = path.stat().st_size
    except OSError as exc:
        raise _os_error(path, exc) from exc
    if size > MAX_FILE_BYTES:
        raise ReadError(MSG_TOO_LARGE.format(size=size / 1024 / 1024, limit=MAX_FILE_BYTES // (1024 * 1024)), str(path))
    return size


def _read(path: Path, limit: int = -1) -> bytes:
    try:
        with open(path, "rb") as f:
            return f.read(limit)
    except OSError as exc:
        raise _os_error(path, exc) from exc


def _os_error(path: Path, exc: OSError) -> ReadError:
    name = path.name
    if isinstance(exc, FileNotFoundError):
        return ReadError(MSG_NOT_FOUND.format(name=name), str(path))
    if isinstance(exc, IsADirectoryError):
        return ReadError(MSG_IS_FOLDER.format(name=name), str(path))
    if isinstance(exc, PermissionError):
        return ReadError(MSG_NO_PERMISSION.format(name=name), str(path))
    return ReadError(MSG_OS_ERROR.format(name=name, reason=os_reason(exc)), str(path))
