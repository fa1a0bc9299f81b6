"""Packaging helpers shared by speechdraft.spec and build.py (build time only, never shipped).

Kept out of the spec so the spec stays declarative: what goes into the bundle, what stays out.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGING = ROOT / "packaging"
APP_NAME = "speechdraft"

# Qt modules the app never imports: left out of the bundle to keep it lean. desktop/ui uses only
# QtCore, QtGui and QtWidgets (tests/test_layers.py keeps Qt inside desktop/ui).
UNUSED_QT = [
    "Qt3DAnimation",
    "Qt3DCore",
    "Qt3DExtras",
    "Qt3DInput",
    "Qt3DLogic",
    "Qt3DRender",
    "QtBluetooth",
    "QtCharts",
    "QtConcurrent",
    "QtDataVisualization",
    "QtDesigner",
    "QtGraphs",
    "QtHelp",
    "QtHttpServer",
    "QtLocation",
    "QtMultimedia",
    "QtMultimediaWidgets",
    "QtNetwork",
    "QtNetworkAuth",
    "QtNfc",
    "QtOpenGL",
    "QtOpenGLWidgets",
    "QtPdf",
    "QtPdfWidgets",
    "QtPositioning",
    "QtQml",
    "QtQuick",
    "QtQuick3D",
    "QtQuickControls2",
    "QtQuickWidgets",
    "QtRemoteObjects",
    "QtScxml",
    "QtSensors",
    "QtSerialBus",
    "QtSerialPort",
    "QtSpatialAudio",
    "QtSql",
    "QtStateMachine",
    "QtSvg",
    "QtSvgWidgets",
    "QtTest",
    "QtTextToSpeech",
    "QtUiTools",
    "QtWebChannel",
    "QtWebEngineCore",
    "QtWebEngineQuick",
    "QtWebEngineWidgets",
    "QtWebSockets",
    "QtWebView",
    "QtXml",
]
# Python packages the app does not need at run time (test and tooling dependencies, jieba's
# optional parts: we use only its tokenizer and dict.txt, see desktop/text/tokenizer.py.
# rjieba stays: it is the segmenter, with jieba as the fallback).
UNUSED_PYTHON = [
    "tkinter",
    "pytest",
    "hypothesis",
    "fitz",
    "pymupdf",
    "numpy",
    "PIL",
    "IPython",
    "matplotlib",
    "jieba.analyse",
    "jieba.posseg",
    "jieba.lac_small",
    "paddle",
    "PyInstaller",
    # jieba prefers pkg_resources to find dict.txt when it is importable (slow to import) and
    # falls back to its own folder, which is where the bundle puts dict.txt.
    "pkg_resources",
    "setuptools",
]
EXCLUDES = [f"PySide6.{m}" for m in UNUSED_QT] + UNUSED_PYTHON


def app_version() -> str:
    text = (ROOT / "desktop" / "__init__.py").read_text(encoding="utf-8")
    return re.search(r'__version__\s*=\s*"([^"]+)"', text).group(1)


def app_metadata() -> dict:
    return json.loads((ROOT / "resources" / "app_metadata.json").read_text(encoding="utf-8"))


def version_tuple(version: str) -> tuple[int, int, int, int]:
    numbers = [int(n) for n in re.findall(r"\d+", version)[:4]]
    return tuple(numbers + [0] * (4 - len(numbers)))  # type: ignore[return-value]


def write_version_info(dest: Path) -> Path:
    """The Windows version resource (PyInstaller's text form) from the template and the metadata."""
    meta, version = app_metadata(), app_version()
    text = (PACKAGING / "windows" / "version_info.txt.in").read_text(encoding="utf-8")
    values = {
        "VERSION_TUPLE": repr(version_tuple(version)),
        "VERSION": version,
        "NAME": meta["name"],
        "NAME_EN": meta["name_en"],
        "DESCRIPTION": meta["description"],
        "PUBLISHER": meta["publisher"],
        "COPYRIGHT": meta["copyright"],
        "EXE": APP_NAME,
    }
    for key, value in values.items():
        text = text.replace(f"@{key}@", value)
    dest.parent.mkdir(parents=True, exist_ok=True)
    dest.write_text(text, encoding="utf-8")
    return dest


def build_prebuilt_bank(workdir: Path) -> Path:
    """Build the default bank from seeds/ once, at packaging time, for the bundle's prebuilt/ folder."""
    import sys

    sys.path.insert(0, str(ROOT))
    from desktop.store.prebuilt import PREBUILT_BANK
    from desktop.store.prebuilt import build_prebuilt_bank as build
    from desktop.text.tokenizer import Tokenizer

    dest = workdir.joinpath(*PREBUILT_BANK)
    dest.unlink(missing_ok=True)
    report = build(dest, ROOT / "seeds", tokenizer=Tokenizer(cache_dir=workdir / "jieba-cache"))
    print(f"prebuilt bank: {report.summary()} -> {dest}")
    return dest


def folder_size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink())


def bundle_dir(dist: Path) -> Path:
    return dist / APP_NAME


def frozen_executable(dist: Path, *, console: bool = True) -> Path:
    """The bundle's program; on Windows the console one prints (the windowed one has no stdout)."""
    if os.name == "nt":
        return bundle_dir(dist) / (f"{APP_NAME}-cli.exe" if console else f"{APP_NAME}.exe")
    return bundle_dir(dist) / APP_NAME
