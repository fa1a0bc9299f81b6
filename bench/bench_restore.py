"""Bench (issue 13, defect 11): `bank restore` of a big backup against importing the same units,
and whether read-only commands keep working while the restore runs.

    python bench/bench_restore.py [--megabytes N] [--repo PATH]

Imports bench_import's generated corpus (N MB, default 20: some 66,000 units) into a new data folder with the CLI,
exports it, then restores the export with the CLI into new data folders: replacing (the
bank the app starts with) and merging (into an empty bank). While the replace runs, `bank
search` runs again and again in another process; its figures are how many searches ended
well and the slowest. --repo runs another checkout's CLI (the figures before a change).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_import import corpus
from common import PYTHON, REPO, emit, log


def _cli(repo: Path, data: Path, *args: str) -> tuple[float, subprocess.CompletedProcess[str]]:
    env = dict(os.environ, PYTHONPATH=str(repo))
    began = time.perf_counter()
    done = subprocess.run(
        [PYTHON, "-m", "desktop", "--data-dir", str(data), *args], cwd=repo, env=env, capture_output=True, text=True
    )
    return time.perf_counter() - began, done


def _searches_while(repo: Path, data: Path, busy: threading.Event, out: list[tuple[float, int]]) -> None:
    while not busy.is_set():
        seconds, done = _cli(repo, data, "bank", "search", "发展", "--limit", "3")
        out.append((seconds, done.returncode))
        if done.returncode:
            log(f"a search failed after {seconds:.1f} s: {done.stderr.strip()[-300:]}")


def main(argv: list[str]) -> None:
    megabytes = int(argv[argv.index("--megabytes") + 1]) if "--megabytes" in argv else 20
    repo = Path(argv[argv.index("--repo") + 1]).resolve() if "--repo" in argv else REPO
    folder = corpus(megabytes)
    with tempfile.TemporaryDirectory(prefix="bench-restore-") as tmp:
        source = Path(tmp) / "source"
        seconds_import, done = _cli(repo, source, "bank", "import", "--json", str(folder))
        if done.returncode:
            sys.exit(done.stderr)
        backup = Path(tmp) / "backup.json"
        _, done = _cli(repo, source, "bank", "export", str(backup))
        units = len(json.loads(backup.read_text(encoding="utf-8"))["units"])
        log(f"imported and exported {units} units ({backup.stat().st_size / 1e6:.1f} MB backup)")

        replace = Path(tmp) / "replace"
        _cli(repo, replace, "bank", "stats")  # the app's first start: the default bank
        searches: list[tuple[float, int]] = []
        busy = threading.Event()
        watcher = threading.Thread(target=_searches_while, args=(repo, replace, busy, searches))
        watcher.start()
        seconds_replace, done = _cli(repo, replace, "bank", "restore", str(backup))
        busy.set()
        watcher.join()
        if done.returncode:
            sys.exit(done.stderr)
        merge = Path(tmp) / "merge"
        seconds_merge, done = _cli(repo, merge, "bank", "restore", "--merge", str(backup))
        if done.returncode:
            sys.exit(done.stderr)
    comparison = {"import_seconds": seconds_import, "units": units}
    emit("restore_replace_seconds", seconds_replace, "s", "≤ import of the same units", comparison, repo=str(repo))
    emit("restore_merge_seconds", seconds_merge, "s", "≤ import of the same units", comparison, repo=str(repo))
    ok = [s for s, code in searches if code == 0]
    emit(
        "searches_during_restore",
        len(ok),
        "ended well",
        "all",
        {"tried": len(searches), "slowest_seconds": max((s for s, _ in searches), default=0.0)},
    )


if __name__ == "__main__":
    main(sys.argv[1:])
