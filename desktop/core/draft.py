"""A draft is the writer's text (paragraphs) plus what it was made from; saved as .sdraft.

The outline of a draft is never stored: it is always `structure.parse(paragraphs)`, the same
parser that reads the bank, so what the writer sees and what the app edits cannot disagree.

The .sdraft file is UTF-8 JSON:

    {"format": "speechdraft-draft", "version": 1,
     "meta": {"speech_type": …, "structure": …, "levels": […], "runin": […], "topic": […],
              "created": ISO time, "modified": ISO time},
     "paragraphs": ["标题", "同志们：", …]}

Writes go to a temporary file in the target folder that is renamed over the target.
"""

from __future__ import annotations

import errno
import json
import re
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from desktop.core.document import Speech
from desktop.infra import atomic
from desktop.infra.errors import UserError, os_reason

DRAFT_SUFFIX = ".sdraft"
FORMAT_ID = "speechdraft-draft"
FORMAT_VERSION = 1
TEXT_SUFFIXES = (".txt", ".docx", ".md")


class DraftError(UserError):
    """A draft could not be opened, saved or changed; the message says why, in Chinese."""


def _now() -> str:
    return datetime.now().astimezone().isoformat(timespec="seconds")


@dataclass
class Draft:
    """A speech being written: its paragraphs and the choices it was made from."""

    paragraphs: list[str]
    speech_type: str | None = None
    structure: str | None = None  # name of the structure chosen (speech_types.json), if any
    levels: list[str] = field(default_factory=list)  # numbering scheme id per outline level
    runin: list[bool] = field(default_factory=list)  # per level: headings run in
    topic: list[str] = field(default_factory=list)
    created: str = field(default_factory=_now)
    modified: str = field(default_factory=_now)
    _parsed: tuple[tuple[str, ...], Speech] | None = field(default=None, repr=False, compare=False)

    def outline(self) -> Speech:
        """The parsed structure of the current paragraphs (cached until they change)."""
        key = tuple(self.paragraphs)
        if self._parsed is None or self._parsed[0] != key:
            from desktop.core.structure import parse

            self._parsed = (key, parse(list(key)))
        return self._parsed[1]

    @property
    def title(self) -> str | None:
        return self.outline().title

    def text(self) -> str:
        return "\n".join(self.paragraphs)

    def touch(self) -> None:
        self.modified = _now()

    def to_json(self) -> dict[str, Any]:
        return {
            "format": FORMAT_ID,
            "version": FORMAT_VERSION,
            "meta": {
                "speech_type": self.speech_type,
                "structure": self.structure,
                "levels": list(self.levels),
                "runin": list(self.runin),
                "topic": list(self.topic),
                "created": self.created,
                "modified": self.modified,
            },
            "paragraphs": list(self.paragraphs),
        }

    @classmethod
    def from_json(cls, data: Any, name: str = "草稿") -> Draft:
        bad = DraftError(
            f"“{name}”不是有效的讲稿草稿文件（内容已损坏或不是本软件保存的）。请换一个文件，或从备份中恢复。"
        )
        if not isinstance(data, dict) or data.get("format") != FORMAT_ID:
            raise bad
        version = data.get("version")
        if not isinstance(version, int):
            raise bad
        if version > FORMAT_VERSION:
            shown = version if version < 10**6 else "未知"
            raise DraftError(f"“{name}”由更新版本的讲稿助手保存（格式版本 {shown}），请升级软件后再打开。")
        meta = data.get("meta") or {}
        paras = data.get("paragraphs")
        if not isinstance(meta, dict) or not isinstance(paras, list) or not all(isinstance(p, str) for p in paras):
            raise bad
        try:
            return cls(
                paragraphs=[_whole(p) for p in paras],
                speech_type=_opt_str(meta.get("speech_type")),
                structure=_opt_str(meta.get("structure")),
                levels=[str(x) for x in meta.get("levels") or []],
                runin=[bool(x) for x in meta.get("runin") or []],
                topic=[str(x) for x in meta.get("topic") or []],
                created=str(meta.get("created") or _now()),
                modified=str(meta.get("modified") or _now()),
            )
        except (TypeError, ValueError) as exc:
            raise bad from exc


def _opt_str(value: Any) -> str | None:
    return None if value is None else _whole(str(value))


def _whole(text: str) -> str:
    """Text without lone surrogates (half a character, which no file can be saved with): each
    becomes U+FFFD, the replacement character, so the rest of the paragraph is kept."""
    return _LONE_SURROGATE.sub("\ufffd", text)


_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def draft_from_paragraphs(paragraphs: list[str], topic: list[str] | None = None) -> Draft:
    """A draft of existing text: its type and level schemes read from its own outline."""
    from desktop.core.structure import parse

    paras = [p.strip() for p in paragraphs]
    speech = parse(paras)
    levels: list[str] = []
    runin: list[bool] = []
    for h in speech.headings:
        while len(levels) < h.level:
            levels.append(h.scheme)
            runin.append(h.runin)
    return Draft(paras, speech_type=speech.type, levels=levels, runin=runin, topic=list(topic or []))


# ---------------------------------------------------------------- files


def save_draft(draft: Draft, path: Path) -> Path:
    """Write the draft to `path` atomically; the old file stays untouched if anything fails."""
    path = Path(path)
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise DraftError(f"保存位置“{folder}”不存在。请先建好这个文件夹，或另选保存位置。")
    if path.is_dir():
        raise DraftError(f"“{path}”是一个文件夹，不能作为草稿文件名。请换一个文件名。")
    draft.touch()
    payload = json.dumps(draft.to_json(), ensure_ascii=False, indent=1).encode("utf-8")
    write_atomic(path, payload)
    return path


def write_atomic(path: Path, payload: bytes) -> None:
    """Save atomically (core.atomic); failures become a DraftError that says the old file is kept."""
    path = Path(path)
    try:
        atomic.write_atomic(path, payload)
    except OSError as exc:
        if getattr(exc, "atomic_stage", "") == "create":
            folder = path.parent if str(path.parent) else Path(".")
            raise DraftError(f"无法在“{folder}”中保存文件（{os_reason(exc)}）。请另选一个可以写入的位置。") from exc
        if exc.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)):
            raise DraftError(
                f"磁盘空间不足，无法保存“{path.name}”。原有文件没有改动。请清理磁盘空间或另选保存位置后重试。"
            ) from exc
        raise DraftError(
            f"保存“{path.name}”失败（{os_reason(exc)}），原有文件没有改动。请检查磁盘空间和权限后重试。"
        ) from exc


def load_draft(path: Path) -> Draft:
    """Open a .sdraft file."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError as exc:
        raise DraftError(f"找不到文件“{path}”。请检查路径是否正确。") from exc
    except OSError as exc:
        raise DraftError(f"无法读取“{path.name}”（{os_reason(exc)}）。请检查文件权限。") from exc
    try:
        data = json.loads(raw.decode("utf-8-sig"))
    except (ValueError, RecursionError) as exc:  # also numbers of over 4,300 digits, nesting too deep
        raise DraftError(
            f"“{path.name}”不是有效的讲稿草稿文件（内容已损坏或不是本软件保存的）。请换一个文件，或从备份中恢复。"
        ) from exc
    return Draft.from_json(data, name=path.name)
