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
from tests.helpers import ROOT

WORKERS = ROOT / "tests" / "robustness" / "workers"

# CI-sized by default; SPEECHDRAFT_KILL_LOOPS / SPEECHDRAFT_HYPOTHESIS_EXAMPLES for long runs.
KILLS = int(os.environ.get("SPEECHDRAFT_KILL_LOOPS", "12"))
# Loops whose runs take a few milliseconds (a draft save, an export) afford three times as many.
CHEAP_KILLS = int(os.environ.get("SPEECHDRAFT_CHEAP_KILL_LOOPS", str(3 * KILLS)))
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

    def start(self, op: str, kill_at_call: int | None = None, **args: object) -> int:
        job = {"op": op, "args": args, "kill_at_call": kill_at_call}
        self.proc.stdin.write(json.dumps(job, ensure_ascii=False) + "\n")
        self.proc.stdin.flush()
        return json.loads(self.proc.stdout.readline())["pid"]

    def wait(self) -> dict:
        """{"pid", "code", "killed", "calls"} of the job started last, once it has ended."""
        line = self.proc.stdout.readline()
        if not line:
            raise RuntimeError("fork server ended")
        return json.loads(line)

    def run(self, op: str, **args: object) -> tuple[dict, float]:
        """Run a job to its end; returns its result (with the calls it made) and how long it took."""
        began = time.monotonic()
        self.start(op, **args)
        result = self.wait()
        return result, time.monotonic() - began

    def run_killed_at(self, op: str, call: int, **args: object) -> dict:
        """Run a job that SIGKILLs itself at its call number `call` (unless it ends before)."""
        self.start(op, kill_at_call=call, **args)
        return self.wait()

    def run_killed(self, op: str, delay: float, **args: object) -> dict:
        """Start a job and SIGKILL it after `delay` seconds: for jobs paced by time (typing)."""
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
    calls: int,
    seed: str,
    prepare: Callable[[int], dict],
    check: Callable[[int, dict], None],
    kills: int = KILLS,
) -> int:
    """Run `op` until `kills` runs have been SIGKILLed mid-way; returns how many runs that took.

    Each run gets its arguments from prepare(n) and is checked by check(n, outcome), whether it
    was killed or finished first. The kill point is drawn uniformly from the file and database
    calls an uninterrupted run makes (`calls`, ForkServer.run's result["calls"]; see
    workers/forkserver.py): a point in the job's own work, the same on a fast or a busy machine.
    A run that finishes first (one may make a few calls less: batches cut by time) lowers the
    bound to its own count.
    """
    assert calls > 0, "the uninterrupted run counted no calls"
    rng = random.Random(f"{KILL_SEED}-{seed}")
    high = calls
    killed = runs = 0
    while killed < kills:
        assert runs < 2 * kills, f"{op}: only {killed} of {runs} runs were killed mid-way"
        outcome = server.run_killed_at(op, rng.randint(1, high), **prepare(runs))
        check(runs, outcome)
        runs += 1
        if outcome["killed"]:
            killed += 1
        else:
            assert outcome["code"] == 0, f"{op} failed on its own (see stderr)"
            high = max(1, min(high, outcome["calls"] or 1) - 1)
    return runs


def timed_kill_loop(
    server: ForkServer,
    op: str,
    seconds: float,
    seed: str,
    prepare: Callable[[int], dict],
    check: Callable[[int, dict], None],
) -> None:
    """KILLS runs of a job that never ends by itself and is paced by time (typing with pauses),
    each killed after a delay drawn from 0.05 s to `seconds`."""
    rng = random.Random(f"{KILL_SEED}-{seed}")
    for n in range(KILLS):
        outcome = server.run_killed(op, rng.uniform(0.05, seconds), **prepare(n))
        assert outcome["killed"], f"{op} ended by itself"
        check(n, outcome)
