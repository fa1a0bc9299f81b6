"""Which of a layout's fonts are installed, and which approved fallback to offer if not.

讲稿助手 ships no fonts (方正小标宋简体, 仿宋_GB2312 and the like may not be redistributed), so the
export names the fonts the office expects and this module tells the writer which of them this
machine lacks. Family names are read from the fonts themselves (the OpenType `name` table, in
every language the font carries, so 仿宋_GB2312 is found whether its file is called simfang.ttf
or anything else), from the platform's font folders, plus `fc-list` where fontconfig exists.
Pure Python: no Qt, so the command line and the tests can use it too.
"""

from __future__ import annotations

import json
import os
import shutil
import struct
import subprocess
import sys
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from desktop.infra.paths import resource_path

FONT_SUFFIXES = frozenset({".ttf", ".otf", ".ttc", ".otc"})
_FAMILY_NAME_IDS = (1, 16)  # family, typographic family (what Word and fontconfig match on)
_MAC_ENCODINGS = {0: "mac_roman", 1: "shift_jis", 2: "big5", 3: "euc_kr", 25: "gb2312"}
_MAX_FILES = 20000  # a runaway font folder must not stall the settings dialog


@dataclass(frozen=True)
class FontCheck:
    """One font a layout names, whether it is installed, and the fallback to offer."""

    name: str
    installed: bool
    fallback: str | None  # first installed fallback when the font is missing; None otherwise
    candidates: tuple[str, ...]  # the approved fallbacks, best first, installed or not


@dataclass(frozen=True)
class FontTable:
    """The font names data (resources/font_fallbacks.json): aliases and fallback chains."""

    aliases: Mapping[str, tuple[str, ...]]
    fallbacks: Mapping[str, tuple[str, ...]]

    def names_of(self, font: str) -> tuple[str, ...]:
        return (font, *self.aliases.get(font, ()))


def load_font_table(path: Path | None = None) -> FontTable:
    source = path or resource_path("font_fallbacks.json")
    try:
        data = json.loads(Path(source).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        # Without the table every font is still checked by its own name; only fallbacks are lost.
        return FontTable({}, {})
    return FontTable(
        {k: tuple(v) for k, v in data.get("aliases", {}).items()},
        {k: tuple(v) for k, v in data.get("fallbacks", {}).items()},
    )


def normalise(name: str) -> str:
    """Compare family names the way font matchers do: case and spaces do not count."""
    return "".join(name.split()).casefold()


# ---------------------------------------------------------------- font folders
def default_font_dirs() -> list[Path]:
    home = Path.home()
    if sys.platform.startswith("win"):
        windir = Path(os.environ.get("WINDIR", r"C:\Windows"))
        dirs = [windir / "Fonts"]
        if os.environ.get("LOCALAPPDATA"):
            dirs.append(Path(os.environ["LOCALAPPDATA"]) / "Microsoft" / "Windows" / "Fonts")
        return dirs
    if sys.platform == "darwin":
        return [Path("/System/Library/Fonts"), Path("/Library/Fonts"), home / "Library" / "Fonts"]
    data_home = Path(os.environ.get("XDG_DATA_HOME") or home / ".local" / "share")
    data_dirs = (os.environ.get("XDG_DATA_DIRS") or "/usr/local/share:/usr/share").split(":")
    dirs = [data_home / "fonts", home / ".fonts", *(Path(d) / "fonts" for d in data_dirs if d)]
    return list(dict.fromkeys(dirs))


def _font_files(dirs: Iterable[Path]) -> Iterable[Path]:
    seen = 0
    for top in dirs:
        if not Path(top).is_dir():
            continue
        for root, _subdirs, files in os.walk(top, followlinks=True):
            for name in files:
                if Path(name).suffix.lower() in FONT_SUFFIXES:
                    seen += 1
                    if seen > _MAX_FILES:
                        return
                    yield Path(root) / name


# ---------------------------------------------------------------- the OpenType name table
def _decode(platform: int, encoding: int, raw: bytes) -> str | None:
    try:
        if platform == 0 or (platform == 3 and encoding in (0, 1, 10)):
            return raw.decode("utf-16-be")
        if platform == 3 and encoding in (3, 4):  # PRC / Big5 strings packed into 16-bit units
            packed = bytes(b for i, b in enumerate(raw) if not (i % 2 == 0 and b == 0))
            return packed.decode("gbk" if encoding == 3 else "big5")
        if platform == 1 and encoding in _MAC_ENCODINGS:
            return raw.decode(_MAC_ENCODINGS[encoding])
    except (UnicodeDecodeError, LookupError):
        return None
    return None


def _read(f: BinaryIO, offset: int, size: int) -> bytes:
    f.seek(offset)
    data = f.read(size)
    if len(data) < size:
        raise ValueError("truncated font file")
    return data


def _names_in_face(f: BinaryIO, face_offset: int) -> set[str]:
    num_tables = struct.unpack(">H", _read(f, face_offset + 4, 2))[0]
    directory = _read(f, face_offset + 12, 16 * num_tables)
    for i in range(num_tables):
        tag, _checksum, offset, length = struct.unpack_from(">4sIII", directory, 16 * i)
        if tag == b"name":
            break
    else:
        return set()
    table = _read(f, offset, length)  # only this table is read: CJK fonts run to tens of MB
    _fmt, count, strings = struct.unpack_from(">HHH", table, 0)
    names: set[str] = set()
    for i in range(count):
        platform, encoding, _lang, name_id, size, at = struct.unpack_from(">6H", table, 6 + 12 * i)
        if name_id not in _FAMILY_NAME_IDS:
            continue
        text = _decode(platform, encoding, table[strings + at : strings + at + size])
        if text and text.strip("\x00 "):
            names.add(text.strip("\x00 "))
    return names


def font_file_families(path: Path) -> set[str]:
    """Every family name a .ttf/.otf/.ttc file declares; empty for a file that is not a font."""
    try:
        with open(path, "rb") as f:
            if _read(f, 0, 4) == b"ttcf":
                count = min(struct.unpack(">I", _read(f, 8, 4))[0], 64)
                offsets = struct.unpack(f">{count}I", _read(f, 12, 4 * count))
            else:
                offsets = (0,)
            names: set[str] = set()
            for face in offsets:
                names |= _names_in_face(f, face)
            return names
    except (OSError, struct.error, IndexError, ValueError):
        return set()


def _fc_list_families() -> set[str]:
    exe = shutil.which("fc-list")
    if not exe:
        return set()
    try:
        out = subprocess.run(
            [exe, "--format", "%{family}\n"], capture_output=True, timeout=15, check=False
        ).stdout.decode("utf-8", "replace")
    except (OSError, subprocess.SubprocessError):
        return set()
    return {name.strip() for line in out.splitlines() for name in line.split(",") if name.strip()}


def installed_font_families(font_dirs: Iterable[Path] | None = None, *, use_fc_list: bool = True) -> frozenset[str]:
    """Family names installed on this machine (slow-ish: reads every font's name table; run off the GUI thread)."""
    names: set[str] = set()
    for path in _font_files(default_font_dirs() if font_dirs is None else font_dirs):
        names |= font_file_families(path)
    if use_fc_list:
        names |= _fc_list_families()
    return frozenset(names)


# ---------------------------------------------------------------- checking a layout
def layout_font_names(fonts: Mapping[str, str | Sequence[str]], extra: Iterable[str] = ()) -> list[str]:
    """The distinct font names of a layout's "fonts" mapping (values may be lists, as "headings" is)."""
    names: list[str] = []
    for value in [*fonts.values(), list(extra)]:
        for name in [value] if isinstance(value, str) else value:
            if name and name not in names:
                names.append(name)
    return names


def check_fonts(
    names: Iterable[str], installed: Iterable[str] | None = None, table: FontTable | None = None
) -> list[FontCheck]:
    """For each font name: installed or not, and if not the first installed approved fallback."""
    table = table or load_font_table()
    present = {normalise(n) for n in (installed_font_families() if installed is None else installed)}

    def is_installed(font: str) -> bool:
        return any(normalise(n) in present for n in table.names_of(font))

    checks = []
    for name in dict.fromkeys(names):
        candidates = table.fallbacks.get(name, ())
        ok = is_installed(name)
        fallback = None if ok else next((c for c in candidates if is_installed(c)), None)
        checks.append(FontCheck(name, ok, fallback, candidates))
    return checks


def fallback_map(checks: Iterable[FontCheck]) -> dict[str, str]:
    """Missing font → the fallback to use, for the fonts that have one installed."""
    return {c.name: c.fallback for c in checks if not c.installed and c.fallback}


def describe_font_checks(checks: Sequence[FontCheck]) -> str:
    """One message for the writer, in Chinese: what is missing and what to use instead."""
    missing = [c for c in checks if not c.installed]
    if not missing:
        return "版式所需字体均已安装。"
    parts = []
    for c in missing:
        if c.fallback:
            parts.append(f"{c.name}（可改用“{c.fallback}”）")
        else:
            parts.append(f"{c.name}（本机也没有可替代的字体）")
    return (
        "本机缺少以下字体：" + "；".join(parts) + "。导出的 Word 文件仍会写明原字体，在装有这些字体的电脑上显示正常；"
        "如需在本机按替代字体排版，请在“设置”中改用替代字体或“常用字体”版式，或请管理员安装字体。"
    )
