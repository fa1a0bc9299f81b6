"""Two windows on one data folder keep separate autosave copies; only a dead window's is offered."""

from __future__ import annotations

import subprocess
import sys
import textwrap

from desktop.core.draft import Draft
from desktop.infra.paths import DataPaths
from desktop.ui.autosave import Autosave


def test_two_windows_never_touch_each_others_copy(tmp_path):
    paths = DataPaths(tmp_path)
    a, b = Autosave(paths), Autosave(paths)
    a.write(Draft(["甲的讲稿", "甲的正文。"]), None)
    b.write(Draft(["乙的讲稿", "乙的正文。"]), None)
    assert a.draft_file != b.draft_file
    assert a.find() is None and b.find() is None  # each sees the other alive
    a.close()
    assert b.draft_file.exists()  # a clean close of one window leaves the other's copy
    b.close()
    assert list(tmp_path.joinpath("autosave").iterdir()) == []


def test_a_dead_windows_copy_is_offered_once(tmp_path):
    script = textwrap.dedent(f"""
        import os
        from pathlib import Path
        from desktop.core.draft import Draft
        from desktop.infra.paths import DataPaths
        from desktop.ui.autosave import Autosave
        Autosave(DataPaths(Path({str(tmp_path)!r}))).write(Draft(["崩溃前的讲稿", "还没保存的正文。"]), None)
        os._exit(9)  # no clean close: the lock dies with the process, the copy stays
    """)
    subprocess.run([sys.executable, "-c", script], check=False)
    survivor = Autosave(DataPaths(tmp_path))
    recovery = survivor.find()
    assert recovery is not None and recovery.draft.paragraphs == ["崩溃前的讲稿", "还没保存的正文。"]
    survivor.write(recovery.draft, None)
    survivor.discard(recovery)
    assert survivor.find() is None
    assert survivor.draft_file.exists()
