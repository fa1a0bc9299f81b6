"""Reading the data files a writer may edit (resources/*.json, *.txt): a mistake in one is told
in Chinese with the file and the line, never a traceback (issue 13, defect 13)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from desktop.infra.errors import UserError, os_reason


class DataFileError(UserError):
    """A data file the app cannot use as it is."""


def data_error(path: Path, line: int, what: str) -> DataFileError:
    return DataFileError(f"数据文件 {path} 第 {line} 行有错误：{what}。请改正后保存再试，或换回安装包里的原文件。")


def line_of(text: str, needle: str, start_line: int = 1) -> int:
    """The line (from 1) where needle first appears at or after start_line; start_line if nowhere."""
    lines = text.splitlines()
    for n in range(max(start_line, 1), len(lines) + 1):
        if needle in lines[n - 1]:
            return n
    return start_line


MAX_DATA_FILE_BYTES = 8 * 1024 * 1024  # far above any data file a writer keeps by hand


def read_text(
    path: Path,
    *,
    what: str = "数据文件",
    max_bytes: int = MAX_DATA_FILE_BYTES,
    error: type[UserError] = DataFileError,
) -> str:
    """A data file's text (UTF-8, a BOM allowed). `error` (a UserError class) with a Chinese message
    naming `what` and the file when it is too big, unreadable or not UTF-8 (with the line)."""
    try:
        size = Path(path).stat().st_size
        if size > max_bytes:
            raise error(
                f"{what} {path} 有 {size // 1024} KB，超过上限 {max_bytes // 1024} KB。请删去不用的条目后重试。"
            )
        data = Path(path).read_bytes()
    except OSError as exc:
        raise error(f"读不了{what} {path}：{os_reason(exc)}。请检查文件或安装是否完整。") from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise error(f"{what} {path} 第 {line} 行不是 UTF-8 编码的文字。请用记事本“另存为”UTF-8 编码后重试。") from None


def line_error(
    error: type[UserError], what: str, source: str, number: int, raw: str, problem: str, form: str
) -> UserError:
    """`error` for line `number` of a line-based data file: the file, the line (shortened), the
    problem and the form a line should have."""
    shown = raw.strip()
    shown = shown if len(shown) <= 30 else shown[:30] + "…"
    return error(f"{what} {source} 第 {number} 行（{shown}）：{problem}。请按{form}改正，或在行首加 # 把这一行注释掉。")


def load_json(path: Path) -> tuple[Any, str]:
    """A JSON data file's value and its text (for finding lines)."""
    text = read_text(path)
    try:
        return json.loads(text), text
    except json.JSONDecodeError as exc:
        raise data_error(path, exc.lineno, f"JSON 格式不对（第 {exc.colno} 列：{_json_problem(exc.msg)}）") from None
    except (ValueError, RecursionError):
        raise data_error(path, 1, "JSON 中有位数过多的数字或嵌套过深的内容") from None


def _json_problem(msg: str) -> str:
    known = {
        "Expecting value": "缺少值",
        "Expecting ',' delimiter": "缺少逗号",
        "Expecting ':' delimiter": "缺少冒号",
        "Expecting property name enclosed in double quotes": "键名应放在双引号中",
        "Unterminated string starting at": "引号没有闭合",
        "Extra data": "结尾有多余内容",
        "Invalid control character at": "文字中有控制字符",
        "Invalid \\escape": "反斜杠转义不对",
    }
    for english, chinese in known.items():
        if msg.startswith(english):
            return chinese
    return "格式错误"
