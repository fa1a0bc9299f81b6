"""What the build feeds PyInstaller and the installers, checked without building anything."""

from __future__ import annotations

import ast
import re
import struct
from pathlib import Path

from desktop import __version__
from tests.helpers import ROOT, packaging_module

build_support = packaging_module("build_support")
build = packaging_module("build")
EXCLUDES = build_support.EXCLUDES
app_metadata, app_version = build_support.app_metadata, build_support.app_version
version_tuple, write_version_info = build_support.version_tuple, build_support.write_version_info


def test_the_app_imports_no_module_by_name() -> None:
    """PyInstaller bundles what import statements name (the spec lists no hidden imports): a
    module imported by a computed name (importlib.import_module, __import__) would be left out."""
    by_name = []
    for path in (ROOT / "desktop").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call):
                func = node.func
                name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
                if name in ("import_module", "__import__"):
                    by_name.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert by_name == []


def test_no_qt_module_the_window_imports_is_excluded() -> None:
    used = set()
    for path in (ROOT / "desktop").rglob("*.py"):
        used |= set(re.findall(r"PySide6\.(Qt\w+)", path.read_text(encoding="utf-8")))
    assert used, "the window imports Qt modules"
    assert not {f"PySide6.{m}" for m in used} & set(EXCLUDES)


def test_windows_version_information_is_filled_from_the_metadata(tmp_path: Path) -> None:
    text = write_version_info(tmp_path / "version_info.txt").read_text(encoding="utf-8")
    assert not re.findall(r"@[A-Z_]+@", text)
    tree = ast.parse(text, mode="eval")  # PyInstaller evaluates this text as one expression
    assert isinstance(tree.body, ast.Call) and tree.body.func.id == "VSVersionInfo"
    assert app_version() == __version__
    assert str(version_tuple(__version__)) in text and f"StringStruct('ProductVersion', '{__version__}')" in text
    assert app_metadata()["name"] in text
    assert version_tuple("1.2") == (1, 2, 0, 0) and version_tuple("0.1.0rc3") == (0, 1, 0, 3)


def test_linux_desktop_entry_is_complete() -> None:
    entry = build.desktop_entry(app_metadata(), exec_path="/opt/speechdraft/speechdraft")
    assert not re.findall(r"@[A-Z_]+@", entry)
    fields = dict(line.split("=", 1) for line in entry.splitlines() if "=" in line)
    assert entry.startswith("[Desktop Entry]") and fields["Type"] == "Application"
    assert fields["Name[zh_CN]"] == "讲稿助手" and fields["Exec"] == "/opt/speechdraft/speechdraft %f"
    assert fields["Categories"].endswith(";") and fields["Icon"] == "speechdraft"


def test_the_ico_holds_every_size_windows_asks_for() -> None:
    data = (ROOT / "resources" / "icons" / "speechdraft.ico").read_bytes()
    _reserved, kind, count = struct.unpack_from("<HHH", data)
    assert kind == 1 and count >= 5
    sizes = set()
    for i in range(count):
        width, height, _c, _r, _planes, bpp, length, offset = struct.unpack_from("<BBBBHHII", data, 6 + 16 * i)
        image = data[offset : offset + length]
        assert image.startswith(b"\x89PNG\r\n\x1a\n") and bpp == 32
        png_w, png_h = struct.unpack_from(">II", image, 16)
        assert (png_w, png_h) == (width or 256, height or 256)
        sizes.add(png_w)
    assert {16, 32, 48, 256} <= sizes
