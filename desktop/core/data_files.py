"""The writer-editable data files' one way of being read and of naming a bad line."""

from __future__ import annotations

from pathlib import Path

from desktop.infra.errors import UserError, os_reason


def read_data_file(file: Path, what: str, max_bytes: int, error: type[UserError]) -> str:
    """The text of a UTF-8 data file (a BOM is allowed); `error` with a Chinese message naming
    `what` and the file when it is too big, not UTF-8 or cannot be read."""
    try:
        size = file.stat().st_size
        if size > max_bytes:
            raise error(
                f"{what} {file} 有 {size // 1024} KB，超过上限 {max_bytes // 1000} KB。请删去不用的条目后重试。"
            )
        return file.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError:
        raise error(f"{what} {file} 不是 UTF-8 编码的文本。请用记事本“另存为”UTF-8 编码后重试。") from None
    except OSError as exc:
        raise error(f"读不了{what} {file}：{os_reason(exc)}。请检查文件后重试。") from None


def line_error(
    error: type[UserError], what: str, source: str, number: int, raw: str, problem: str, form: str
) -> UserError:
    """`error` for line `number` of a data file: the file, the line (shortened), the problem and
    the form a line should have."""
    shown = raw.strip()
    shown = shown if len(shown) <= 30 else shown[:30] + "…"
    return error(f"{what} {source} 第 {number} 行（{shown}）：{problem}。请按{form}改正，或在行首加 # 把这一行注释掉。")
