"""Write a Speech to .docx, .txt or .md, atomically.

The writer is chosen by the file's suffix. It writes into a temporary file in the target folder,
which is flushed and then renamed over the target (os.replace), so a failed export never leaves
a half-written file and never touches the old one.
"""

from __future__ import annotations

import errno
import io
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import BinaryIO

from desktop.core.document import Speech
from desktop.export.docx_writer import write_docx
from desktop.export.layout import Layout, load_layout
from desktop.export.manuscript import Manuscript, manuscript_from_speech
from desktop.export.text_writers import MD_ENCODING, TXT_ENCODING, write_md, write_txt
from desktop.infra.atomic import atomic_writer
from desktop.infra.errors import UserError, os_reason

Progress = Callable[[int, int], None]  # (paragraphs done, paragraphs in all)
SUFFIXES = (".docx", ".txt", ".md")
_DISK_FULL = {errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)}


class ExportError(UserError):
    """The file could not be written; the message says why and what to do, in Chinese."""


def export_speech(speech: Speech, out: Path, *, layout: Layout | None = None, progress: Progress | None = None) -> Path:
    """Write `speech` to `out` (.docx / .txt / .md by suffix) and return the path written."""
    return export_manuscript(manuscript_from_speech(speech), out, layout=layout, progress=progress)


def export_manuscript(
    ms: Manuscript, out: Path, *, layout: Layout | None = None, progress: Progress | None = None
) -> Path:
    out = Path(out)
    suffix = out.suffix.lower()
    if suffix not in SUFFIXES:
        raise ExportError(f"不支持导出为“{out.suffix or '无扩展名'}”格式。请把文件名改为以 .docx、.txt 或 .md 结尾。")
    folder = out.parent if str(out.parent) else Path(".")
    if not folder.is_dir():
        raise ExportError(f"保存位置“{folder}”不存在。请先建好这个文件夹，或另选保存位置。")
    if out.is_dir():
        raise ExportError(f"“{out}”是一个文件夹，不能作为导出文件名。请换一个文件名。")
    if suffix == ".docx" and layout is None:
        layout = load_layout()
    total = len(ms.paragraphs)
    try:
        with atomic_writer(out) as raw:
            for done in _write(ms, raw, suffix, layout):
                if progress is not None:
                    progress(min(done, total), total)
    except OSError as exc:
        raise _error(exc, out, stage=getattr(exc, "atomic_stage", "write")) from exc
    return out


def _write(ms: Manuscript, raw: BinaryIO, suffix: str, layout: Layout | None) -> Iterator[int]:
    if suffix == ".docx":
        assert layout is not None
        yield from write_docx(ms, raw, layout)
        return
    encoding, newline = (TXT_ENCODING, "") if suffix == ".txt" else (MD_ENCODING, "\n")
    text = io.TextIOWrapper(raw, encoding=encoding, newline=newline, write_through=True)
    try:
        yield from (write_txt if suffix == ".txt" else write_md)(ms, text)
        text.flush()
    finally:
        text.detach()


def _error(exc: OSError, out: Path, *, stage: str) -> ExportError:
    name = out.name
    if exc.errno in _DISK_FULL:
        return ExportError(f"磁盘空间不足，无法保存“{name}”。原有文件没有改动。请清理磁盘空间或另选保存位置后重试。")
    if isinstance(exc, PermissionError) and stage in ("create", "write"):
        return ExportError(f"没有权限在文件夹“{out.parent}”中保存文件。请另选一个可以写入的保存位置。")
    if isinstance(exc, PermissionError):
        return ExportError(
            f"无法覆盖“{name}”：文件可能正在 Word 或 WPS 中打开，或被设为只读。"
            "请先关闭该文件再导出，或换一个文件名。原有文件没有改动。"
        )
    detail = os_reason(exc)
    return ExportError(f"保存“{name}”时出错（{detail}）。原有文件没有改动。请检查保存位置后重试。")
