"""Helpers the tests share, imported one way: `from tests.helpers.<module> import …`.

(pytest puts the repository on sys.path: pyproject.toml's pythonpath.)
"""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / "seeds"


def packaging_module(name: str) -> ModuleType:
    """packaging/<name>.py loaded by path: "packaging" is also PyPA's package, and "build" PyPA's build."""
    spec = importlib.util.spec_from_file_location(f"speechdraft_packaging_{name}", ROOT / "packaging" / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module
