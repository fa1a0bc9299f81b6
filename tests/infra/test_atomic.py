from __future__ import annotations

import os
import time

import pytest

from desktop.infra.atomic import STALE_AFTER_SECONDS, write_atomic


def test_replaces_whole_and_keeps_the_old_mode(tmp_path):
    target = tmp_path / "讲稿 1.txt"
    target.write_bytes(b"old")
    os.chmod(target, 0o640)
    write_atomic(target, "新内容".encode())
    assert target.read_text(encoding="utf-8") == "新内容"
    assert target.stat().st_mode & 0o777 == 0o640
    assert [p.name for p in tmp_path.iterdir()] == ["讲稿 1.txt"]


def test_a_failed_write_leaves_the_old_file_and_no_temp(tmp_path, monkeypatch):
    target = tmp_path / "a.sdraft"
    target.write_bytes(b"old")
    monkeypatch.setattr("desktop.infra.atomic.os.replace", lambda *_: (_ for _ in ()).throw(OSError(28, "full")))
    with pytest.raises(OSError) as err:
        write_atomic(target, b"new")
    assert err.value.atomic_stage == "replace"
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["a.sdraft"]


def test_leftovers_of_a_killed_save_are_swept_but_fresh_ones_kept(tmp_path):
    target = tmp_path / "稿[1].sdraft"
    old = tmp_path / ".~稿[1].abc123.tmp"
    fresh = tmp_path / ".~稿[1].def456.tmp"
    other = tmp_path / ".~别的.xyz.tmp"
    for p in (old, fresh, other):
        p.write_bytes(b"partial")
    long_ago = time.time() - STALE_AFTER_SECONDS - 60
    os.utime(old, (long_ago, long_ago))
    os.utime(other, (long_ago, long_ago))
    write_atomic(target, b"new")
    assert not old.exists()
    assert fresh.exists() and other.exists()  # a save under way now, and another file's leftover
