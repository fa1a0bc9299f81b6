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
    # The office's team bank (postgresql+psycopg://user@host:port/db), "" for none. Never with a
    # password: store.postgres.credentials strips it and keeps it in the platform's keyring.
    team_url: str = ""

    @classmethod
    def load(cls, path: Path) -> AppSettings:
        """Settings from path; defaults for anything missing or unreadable (never fails a start)."""
        try:
            raw = json.loads(Path(path).read_text(encoding="utf-8"))
        except FileNotFoundError:
            return cls()
        except (OSError, ValueError) as exc:
            log.warning("settings unreadable, using defaults: %s", exc)
            return cls()
        if not isinstance(raw, dict):
            return cls()
        known = {f.name: f for f in fields(cls)}
        settings = cls()
        for name, value in raw.items():
            if name in known and isinstance(value, type(getattr(settings, name))):
                setattr(settings, name, value)
            elif name in known and isinstance(getattr(settings, name), float) and isinstance(value, int):
                setattr(settings, name, float(value))
        return settings

    def save(self, path: Path) -> None:
        try:
            Path(path).parent.mkdir(parents=True, exist_ok=True)
            write_atomic(Path(path), json.dumps(asdict(self), ensure_ascii=False, indent=1).encode("utf-8"))
        except OSError as exc:
            raise SettingsError(
                f"设置没有保存（{os_reason(exc)}）。请检查数据文件夹“{Path(path).parent}”是否可写。"
            ) from exc

    def remember_draft(self, path: str) -> None:
        self.last_draft = path
        self.recent_drafts = [path] + [p for p in self.recent_drafts if p != path][:9]


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
