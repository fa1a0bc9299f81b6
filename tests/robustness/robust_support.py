"""Helpers for the robustness tests: loop counts, message checks, what a bank holds, the fork server."""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from contextlib import closing
from pathlib import Path

from desktop.core.cjk_chars import han_count

ROOT = Path(__file__).resolve().parents[2]
WORKERS = Path(__file__).resolve().parent / "workers"

# CI-sized by default; SPEECHDRAFT_KILL_LOOPS / SPEECHDRAFT_HYPOTHESIS_EXAMPLES for long runs.
KILLS = int(os.environ.get("SPEECHDRAFT_KILL_LOOPS", "12"))
HYPOTHESIS_EXAMPLES = int(os.environ.get("SPEECHDRAFT_HYPOTHESIS_EXAMPLES", "150"))
KILL_SEED = int(os.environ.get("SPEECHDRAFT_KILL_SEED", "6"))


def assert_clear_chinese(message: str) -> None:
    """A sentence in Simplified Chinese that says what to do, not a code or a traceback."""
    assert han_count(message) >= 8, message
    assert "请" in message, message
    assert "Traceback" not in message and "Error" not in message, message


# ---- what a bank holds, compared by content (ids and import times differ between runs) ----


def _rows(conn: sqlite3.Connection, sql: str) -> list[tuple]:
    return conn.execute(sql).fetchall()


def bank_content(path: Path) -> dict:
    """Documents, units (with tags, favourite, uses, trash and sources) of the bank at path."""
    with closing(sqlite3.connect(path)) as conn:
        docs = {i: (h, n) for i, h, n in _rows(conn, "SELECT id, content_hash, name FROM documents")}
        tags: dict[int, list[str]] = {}
        for unit_id, name in _rows(conn, "SELECT ut.unit_id, t.name FROM unit_tags ut JOIN tags t ON t.id = ut.tag_id"):
            tags.setdefault(unit_id, []).append(name)
        sources: dict[int, list[tuple]] = {}
        for unit_id, doc_id, paragraph in _rows(conn, "SELECT unit_id, document_id, paragraph FROM unit_sources"):
            sources.setdefault(unit_id, []).append((docs[doc_id][0], paragraph))
        units = set()
        for uid, text, kind, st, fav, uses, deleted in _rows(
            conn, "SELECT id, text, kind, speech_type, favourite, uses, deleted_at IS NOT NULL FROM units"
        ):
            units.add(
                (
                    text,
                    kind,
                    st,
                    bool(fav),
                    uses,
                    bool(deleted),
                    tuple(sorted(tags.get(uid, []))),
                    tuple(sorted(sources.get(uid, []))),
                )
            )
        return {"documents": set(docs.values()), "units": units}


def units_by_document(path: Path) -> dict[str, set[tuple[str, int]]]:
    """For each document name: the (unit text, paragraph) pairs it is the source of."""
    with closing(sqlite3.connect(path)) as conn:
        out: dict[str, set[tuple[str, int]]] = {name: set() for (name,) in _rows(conn, "SELECT name FROM documents")}
        for name, text, paragraph in _rows(
            conn,
            "SELECT d.name, u.text, s.paragraph FROM unit_sources s "
            "JOIN documents d ON d.id = s.document_id JOIN units u ON u.id = s.unit_id",
        ):
            out[name].add((text, paragraph))
        return out


def orphan_units(path: Path) -> int:
    """Units no document is the source of (an import never leaves one)."""
    with closing(sqlite3.connect(path)) as conn:
        return conn.execute("SELECT count(*) FROM units WHERE id NOT IN (SELECT unit_id FROM unit_sources)").fetchone()[
            0
        ]


def copy_bank(src: Path, dest: Path) -> Path:
    """A self-contained copy of a closed bank (its WAL already folded in)."""
    for suffix in ("", "-wal", "-shm"):
        Path(str(dest) + suffix).unlink(missing_ok=True)
    with closing(sqlite3.connect(src)) as a, closing(sqlite3.connect(dest)) as b:
        a.backup(b)
    return dest


# ---- the fork server: the app's heavy parts loaded once, one forked child per job ----


class ForkServer:
    """A worker process (workers/forkserver.py) that forks a child for each job it is sent.

    Loading jieba and SQLAlchemy takes seconds; paying that once lets a kill loop afford
    many kills. Each job is a real process, killed with a real SIGKILL.
    """

    def __init__(self, jieba_cache: Path) -> None:
        env = dict(os.environ, PYTHONPATH=str(ROOT))
        self.proc = subprocess.Popen(
            [sys.executable, str(WORKERS / "forkserver.py"), str(jieba_cache)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            env=env,
            cwd=ROOT,
        )
        line = self.proc.stdout.readline()
        if line.strip() != "ready":
            raise RuntimeError(f"fork server did not start: {line!r}")

    def start(self, op: str, **args: object) -> int:
        self.proc.stdin.write(json.dumps({"op": op, "args": args}, ensure_ascii=False) + "\n")
        self.proc.stdin.flush()
        return json.loads(self.proc.stdout.readline())["pid"]

    def wait(self) -> dict:
        """{"pid", "code", "killed"} of the job started last, once it has ended."""
        line = self.proc.stdout.readline()
        if not line:
            raise RuntimeError("fork server ended")
        return json.loads(line)

    def run(self, op: str, **args: object) -> tuple[dict, float]:
        """Run a job to its end; returns its result and how long it took."""
        began = time.monotonic()
        self.start(op, **args)
        result = self.wait()
        return result, time.monotonic() - began

    def run_killed(self, op: str, delay: float, **args: object) -> dict:
        """Start a job and SIGKILL it after `delay` seconds (unless it has ended by then)."""
        pid = self.start(op, **args)
        time.sleep(delay)
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass  # already ended and reaped
        return self.wait()

    def close(self) -> None:
        self.proc.stdin.close()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


def kill_loop(
    server: ForkServer,
    op: str,
    took: float,
    seed: str,
    prepare: Callable[[int], dict],
    check: Callable[[int, dict], None],
) -> int:
    """Run `op` until KILLS runs have been SIGKILLed mid-way; returns how many runs that took.

    Each run gets its arguments from prepare(n) and is checked by check(n, outcome), whether it
    was killed or finished first. The kill moment is drawn uniformly from the uninterrupted
    running time `took`, which shrinks when a run finishes first (the machine got faster).
    """
    rng = random.Random(f"{KILL_SEED}-{seed}")
    high = took * 1.05
    killed = runs = 0
    while killed < KILLS:
        assert runs < 3 * KILLS, f"{op}: only {killed} of {runs} runs were killed mid-way"
        outcome = server.run_killed(op, rng.uniform(0, high), **prepare(runs))
        check(runs, outcome)
        runs += 1
        if outcome["killed"]:
            killed += 1
        else:
            assert outcome["code"] == 0, f"{op} failed on its own (see stderr)"
            high *= 0.8
    return runs
