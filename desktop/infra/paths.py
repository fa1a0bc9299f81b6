"""Where the app finds what it ships and where it keeps the user's data.

Shipped files (resources/, seeds/) sit beside the package in a checkout or an editable
install, and under sys._MEIPASS in a PyInstaller bundle. User data lives in the platform's
user data folder; SPEECHDRAFT_DATA_DIR overrides it (tests set it per test).
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path

APP_NAME = "speechdraft"
APP_AUTHOR = "speechdraft"


def shown_path(path: str | os.PathLike[str]) -> str:
    """A path as text the bank, reports and the window can hold.

    A file name the platform could not decode (on Linux: bytes that are not UTF-8, such as the
    GBK names unzipping a Windows archive leaves) comes from os.fsdecode with its undecodable
    bytes as lone surrogates, which no UTF-8 text can carry. Such a name is read as GB18030 when
    that decodes it whole (the usual case), else shown by its bytes (\\xc4\\xe3…)."""
    text = os.fspath(path)
    if isinstance(text, bytes):
        text = os.fsdecode(text)
    try:
        text.encode("utf-8")
        return text
    except UnicodeEncodeError:
        pass
    raw = os.fsencode(text)
    try:
        return raw.decode("gb18030")
    except UnicodeDecodeError:
        return raw.decode("utf-8", "backslashreplace")


def install_root() -> Path:
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        return Path(frozen)
    return Path(__file__).resolve().parents[2]


def resource_dir() -> Path:
    return install_root() / "resources"


def resource_path(*parts: str) -> Path:
    return resource_dir().joinpath(*parts)


def seeds_dir() -> Path:
    return install_root() / "seeds"


@dataclass(frozen=True)
class DataPaths:
    """Every file the app writes for the user, derived from one root folder."""

    root: Path

    @property
    def bank(self) -> Path:
        return self.root / "phrasebank.sqlite3"

    @property
    def drafts(self) -> Path:
        return self.root / "drafts"

    @property
    def autosave(self) -> Path:
        return self.root / "autosave"

    @property
    def backups(self) -> Path:
        return self.root / "backups"

    @property
    def settings(self) -> Path:
        return self.root / "settings.json"

    @property
    def cache(self) -> Path:
        return self.root / "cache"

    def ensure(self) -> DataPaths:
        for folder in (self.root, self.drafts, self.autosave, self.backups, self.cache):
            folder.mkdir(parents=True, exist_ok=True)
        return self


def default_data_dir() -> Path:
    override = os.environ.get("SPEECHDRAFT_DATA_DIR")
    if override:
        return Path(override).expanduser()
    from platformdirs import user_data_dir

    return Path(user_data_dir(APP_NAME, APP_AUTHOR))


def data_paths(root: Path | None = None) -> DataPaths:
    return DataPaths(Path(root) if root is not None else default_data_dir())
