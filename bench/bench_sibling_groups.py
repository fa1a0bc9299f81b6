"""Bench: a document of many sibling headings (5,000 distinct `（一）标题…工作` lines, ~130 KB) imported with the CLI.

Prints the bank's size, the import's time and its peak memory (the child's max RSS). Before
issue 13 each heading stored every sibling (N²: a 930 MB bank); now a group is stored once.

    .venv/bin/python bench/bench_sibling_groups.py [--lines N]
"""

from __future__ import annotations

import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import PYTHON, REPO, emit, log

# Characters that are neither numbers nor slot triggers: each heading's text stays distinct.
_CHARS = "春夏秋冬山水风云松竹梅兰江河湖海日月星辰金木火土花草树林桥路田园城乡书画琴棋诗词歌赋"


def heading(i: int) -> str:
    """The i-th distinct heading, 8 characters after its marker (the shortest the bank keeps)."""
    a, b, c = i // (len(_CHARS) ** 2), i // len(_CHARS) % len(_CHARS), i % len(_CHARS)
    return f"（一）标题{_CHARS[a]}{_CHARS[b]}{_CHARS[c]}工作"


def sibling_text(lines: int) -> str:
    body = "".join(heading(i) + "\n" for i in range(lines))
    return "关于加强基层治理工作的讲话\n同志们：\n" + body


def main(argv: list[str]) -> None:
    lines = int(argv[argv.index("--lines") + 1]) if "--lines" in argv else 5000
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "siblings.txt"
        src.write_text(sibling_text(lines), encoding="utf-8")
        data = Path(tmp) / "data"
        log(f"{src.stat().st_size / 1024:.0f} KB, {lines} headings")
        cmd = [PYTHON, "-m", "desktop", "--data-dir", str(data), "bank", "import", str(src)]
        began = time.perf_counter()
        done = subprocess.run(cmd, cwd=REPO, capture_output=True, text=True)
        seconds = time.perf_counter() - began
        if done.returncode != 0:
            sys.exit(done.stderr)
        peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        bank_mb = sum(p.stat().st_size for p in data.rglob("*.sqlite*")) / 1e6
        emit("sibling_groups_import_seconds", seconds, "s", None, lines=lines)
        emit("sibling_groups_peak_rss", peak_mb, "MB", None, lines=lines)
        emit("sibling_groups_bank_size", bank_mb, "MB", None, lines=lines)


if __name__ == "__main__":
    main(sys.argv[1:])
