"""Bench: run every target's benchmark and print one JSON object per figure.

    python bench/run.py [--quick] [--only search,start,import,import_floor,export,compose,outline,hygiene,
                                         draft_quality,team]

Each benchmark runs in a process of its own (start time and peak memory need fresh ones; no
benchmark warms another's caches); their figures pass through on stdout, progress on stderr.
--quick: the 100,000-phrase bank only, a 2 MB import folder, fewer rounds.
outline, hygiene: the structure parser against the corpus's gold outlines, and what importing the
corpus puts into the bank ($SPEECHDRAFT_CORPUS, else ../shared/corpus beside the repository);
skipped with a note when there is no corpus.
team: the team bank on PostgreSQL (bench_team.py), when $SPEECHDRAFT_BENCH_PG names a server or
with --only team (a throwaway server on this machine).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
CORPUS = Path(os.environ.get("SPEECHDRAFT_CORPUS") or HERE.parent.parent / "shared" / "corpus")
SCRIPTS = {
    "search": "bench_search.py",  # target 1
    "start": "bench_start.py",  # target 2
    "import": "bench_import.py",  # target 3
    "import_floor": "bench_import_floor.py",  # beside target 3: SQLite's own share of an import
    "export": "bench_export.py",  # target 4
    "compose": "bench_compose.py",  # target 5
    "outline": "outline_quality.py",  # issue 11: the parser against the gold outlines
    "hygiene": "bank_hygiene.py",  # issue 11: the corpus imported: units by kind, junk, types
    "draft_quality": "draft_quality.py",  # issue 12: drafts and suggestions that fit the topic
    "team": "bench_team.py",  # issue 14: the team bank on PostgreSQL beside SQLite
}
ARGUMENTS = {"outline": [str(CORPUS), str(CORPUS / "gold")], "hygiene": [str(CORPUS)]}
NEEDS_CORPUS = {"outline", "hygiene"}
# Needs a PostgreSQL server: $SPEECHDRAFT_BENCH_PG (a superuser's URL), or `--only team` to let
# bench_team.py start a throwaway one on this machine.
NEEDS_SERVER = {"team"}


def main(argv: list[str]) -> int:
    only = argv[argv.index("--only") + 1].split(",") if "--only" in argv else list(SCRIPTS)
    passed = [a for a in argv if a == "--quick"]
    failed = []
    for name in only:
        if name in NEEDS_CORPUS and not (CORPUS / "gold").is_dir():
            print(f"{name}: skipped, no corpus at {CORPUS} (set SPEECHDRAFT_CORPUS)", file=sys.stderr)
            continue
        if name in NEEDS_SERVER and "--only" not in argv and not os.environ.get("SPEECHDRAFT_BENCH_PG"):
            print(f"{name}: skipped, no server (set SPEECHDRAFT_BENCH_PG or run --only {name})", file=sys.stderr)
            continue
        command = [sys.executable, str(HERE / SCRIPTS[name]), *ARGUMENTS.get(name, []), *passed]
        result = subprocess.run(command, stdout=sys.stdout, stderr=sys.stderr)
        if result.returncode:
            failed.append(name)
    if failed:
        print(f"failed: {', '.join(failed)}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
