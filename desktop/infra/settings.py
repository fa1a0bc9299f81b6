"""The writer's settings, kept as JSON in the data folder (DataPaths.settings), never pickled.

The window edits them in 设置; window geometry alone lives in a QSettings ini beside them.
"""

from __future__ import annotations

import json
import logging
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path

from desktop.infra.atomic import write_atomic
from desktop.infra.errors import UserError, os_reason

log = logging.getLogger(__name__)


class SettingsError(UserError):
    """The settings file could not be written."""


DEFAULT_SPEAKING_SPEED = 220  # characters a minute: a measured official speech pace


@dataclass
class AppSettings:
    """What the writer chose in 设置, and what the app remembers between starts."""

    editor_font: str = ""  # "" → the first installed of the default Chinese fonts
    editor_font_size: float = 15.0
    speaking_speed: int = DEFAULT_SPEAKING_SPEED
    export_layout: str = "gbt9704"
    autosave_seconds: int = 5
    last_draft: str = ""
    last_paragraph: int = 0
    last_export_folder: str = ""
    recent_drafts: list[str] = field(default_factory=list)
    new_draft_type: str = ""  # 新建讲稿 starts from the type and topic chosen last time
    new_draft_topics: str = ""
    # The office's team bank (postgresql+psycopg://user@host:port/db), "" for none. Never with a
    # password: store.postgres.credentials strips it and keeps it in the platform's keyring.
    team_url: str = ""
    own_place: str = ""  # the writer's own place (青山县): drafts may name it, checks never report it
    own_unit: str = ""  # the writer's own unit (青山县应急管理局)
    # Not saved: what load() had to put right, for the window to tell the writer.
    notes: list[str] = field(default_factory=list, compare=False, repr=False)

    @classmethod
    def load(cls, path: Path) -> AppSettings:
        """Settings from path; defaults for anything missing or unreadable (never fails a start).

        A value of the wrong type or out of its range (speaking_speed 0, autosave_seconds 1e12)
        falls back to its default alone; `notes` says which, in Chinese, for the window to show."""
        settings = cls()
        try:
            raw = json.loads(Path(path).read_text(encoding="utf-8"))
        except FileNotFoundError:
            return settings
        except (OSError, ValueError, RecursionError) as exc:
            log.warning("settings unreadable, using defaults: %s", exc)
            settings.notes.append(f"设置文件无法读取，已全部使用默认设置。请在“设置”中重新选择并保存。（{path}）")
            return settings
        if not isinstance(raw, dict):
            settings.notes.append(f"设置文件的内容不对，已全部使用默认设置。请在“设置”中重新选择并保存。（{path}）")
            return settings
        known = {f.name for f in fields(cls)} - {"notes"}
        for name, value in raw.items():
            if name not in known:
                continue
            default = getattr(settings, name)
            checked = _checked(name, value, default)
            if checked is _BAD:
                log.warning("setting %s = %r is not valid, using %r", name, value, default)
                settings.notes.append(f"设置项 {name} 的值 {_shown(value)} 无效，已改用默认值 {default!r}。")
            else:
                setattr(settings, name, checked)
        return settings

    def save(self, path: Path) -> None:
        try:
            Path(path).parent.mkdir(parents=True, exist_ok=True)
            data = {k: v for k, v in asdict(self).items() if k != "notes"}
            write_atomic(Path(path), json.dumps(data, ensure_ascii=False, indent=1).encode("utf-8"))
        except OSError as exc:
            raise SettingsError(
                f"设置没有保存（{os_reason(exc)}）。请检查数据文件夹“{Path(path).parent}”是否可写。"
            ) from exc

    def remember_draft(self, path: str) -> None:
        self.last_draft = path
        self.recent_drafts = [path] + [p for p in self.recent_drafts if p != path][:9]


_BAD = object()
# The ranges a value must lie in; outside them the window would not start or not work.
_RANGES: dict[str, tuple[float, float]] = {
    "editor_font_size": (6.0, 96.0),
    "speaking_speed": (60, 600),
    "autosave_seconds": (1, 3600),
    "last_paragraph": (0, 10_000_000),
}
_MAX_TEXT = 4096


def _checked(name: str, value: object, default: object) -> object:
    """value as the setting's type if it is valid, else _BAD."""
    if isinstance(value, bool) or value is None:
        return value if isinstance(default, bool) else _BAD
    if isinstance(default, float) and isinstance(value, int):
        value = float(value)
    if not isinstance(value, type(default)):
        return _BAD
    if name in _RANGES:
        low, high = _RANGES[name]
        if not low <= value <= high:  # type: ignore[operator]  # int or float here; NaN fails too
            return _BAD
    if isinstance(value, str) and (len(value) > _MAX_TEXT or "\x00" in value):
        return _BAD
    if isinstance(value, list):
        if not all(isinstance(v, str) and len(v) <= _MAX_TEXT and "\x00" not in v for v in value):
            return _BAD
        value = value[:10]
    return value


def _shown(value: object) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 40 else text[:40] + "…"


LOCATION_FILE = "data_location.json"  # in the default data folder: where the writer moved their data


def read_data_location(default_root: Path) -> Path | None:
    """The data folder the writer chose in 设置, if they moved it away from the default."""
    try:
        raw = json.loads((Path(default_root) / LOCATION_FILE).read_text(encoding="utf-8"))
        chosen = Path(raw["data_dir"])
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return chosen if chosen.is_dir() else None


def write_data_location(default_root: Path, chosen: Path) -> None:
    Path(default_root).mkdir(parents=True, exist_ok=True)
    payload = json.dumps({"data_dir": str(chosen)}, ensure_ascii=False).encode("utf-8")
    write_atomic(Path(default_root) / LOCATION_FILE, payload)
