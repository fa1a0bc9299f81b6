"""The Qt binding must not take references from None that it never gives back.

On CPython < 3.12 None is an ordinary object: a binding that drops one reference too many per call
(PySide6-Essentials 6.12.0 does, on calls that return nothing) brings its count to zero after enough
edits, and CPython aborts with "none_dealloc: deallocating None" wherever the program happens to
be. This is the guard behind the PySide6 constraint in pyproject.toml: the window's own widgets are
driven thousands of times (refcount_probe.py, in a child process so that a faulty binding fails
this test rather than aborting the run) and the count of None must stay level.
On CPython ≥ 3.12 None is immortal and its count cannot fall, so there is nothing to measure.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(sys.version_info >= (3, 12), reason="None is immortal on CPython ≥ 3.12")

ROOT = Path(__file__).resolve().parents[2]
CALLS = 2000
# Items and caches may keep a few new references to None; a faulty binding loses at least one per
# call, thousands over a run.
TOLERATED_DROP = 20


def test_none_keeps_its_references_through_thousands_of_widget_calls() -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, str(Path(__file__).with_name("refcount_probe.py")), str(CALLS)],
        capture_output=True,
        text=True,
        env=env,
        timeout=240,
    )
    assert done.returncode == 0, f"the probe died ({done.returncode}): {done.stderr[-2000:]}"
    drops = json.loads(done.stdout.strip().splitlines()[-1])
    assert set(drops) == {"typing", "outline", "lists"}
    assert all(d <= TOLERATED_DROP for d in drops.values()), f"None lost references over {CALLS} calls: {drops}"
