"""Architecture rules that a test can prove: only desktop/ui imports Qt, nothing heavy at import."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "desktop"


def test_importing_every_non_ui_module_loads_no_qt_and_no_jieba():
    modules = sorted(
        ".".join(p.relative_to(PACKAGE.parent).with_suffix("").parts)
        for p in PACKAGE.rglob("*.py")
        if "ui" not in p.relative_to(PACKAGE).parts[:1] and p.name != "__main__.py"
    )
    code = (
        "import importlib, sys\n"
        f"for m in {modules!r}: importlib.import_module(m)\n"
        "heavy = ('PySide6', 'shiboken6', 'jieba', 'docx', 'sqlalchemy')\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in heavy)\n"
        "print(','.join(sorted({b.split('.')[0] for b in bad})))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    loaded = set(filter(None, out.split(",")))
    assert "PySide6" not in loaded and "shiboken6" not in loaded
    assert "jieba" not in loaded  # the dictionary loads on first use, never at import
    assert len(modules) > 20


def test_only_the_ui_package_names_qt():
    offenders = []
    for path in PACKAGE.rglob("*.py"):
        if path.relative_to(PACKAGE).parts[0] == "ui":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            if any(n.split(".")[0] in ("PySide6", "shiboken6") or n.startswith("desktop.ui") for n in names):
                offenders.append(str(path.relative_to(PACKAGE)))
    # app.py is the composition root: it alone reaches the window
    assert sorted(set(offenders)) == ["app.py"]


# What each inner layer may import, beside itself: dependencies point one way,
# ui → export/store/read → text → core → infra.
ALLOWED = {
    "infra": ("desktop.infra",),
    "core": ("desktop.infra", "desktop.core"),
    "read": ("desktop.infra", "desktop.core", "desktop.read"),
}


def test_inner_layers_do_not_depend_on_outer_ones():
    for layer, allowed in ALLOWED.items():
        for path in (PACKAGE / layer).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("desktop"):
                    assert node.module.startswith(allowed), f"{layer}/{path.name} imports {node.module}"
