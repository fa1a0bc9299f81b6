"""Bench (issue 14): the team bank on PostgreSQL beside the personal SQLite bank, in one run.

    python bench/bench_team.py [--quick] [--url postgresql+psycopg://superuser@host/db] [--clients 8] [--seconds 20]
                               [--keep] [--no-import]

--keep (with --url: a server that outlives the run) reuses the team bank an earlier --keep run
loaded from the same generated bank (the 1M load takes ~10 minutes), upgraded by TeamBank.init
if this code's schema is newer; --no-import leaves out the import comparison.

Server: --url or $SPEECHDRAFT_BENCH_PG (a superuser's URL; a database bench_team_N is made on
it), else a throwaway server on loopback (tests/helpers/pg_server.py; fsync off, as in tests).

Bank: the generated bank of bench/generate.py (1M phrases; --quick: 100k), its rows copied into
the team bank by store.postgres.writer.bulk_load (COPY, then its tiers of GIN indexes built once),
all approved; the comparison's whole-table GIN index is built beside them. Queries: bench_search's
two sets (words, prefix2), a quarter with a kind filter and a
quarter with a speech-type filter, limit 60 as the panel asks.

Figures, each beside its comparison measured in the same run:
- team_search_p95 (one client): TeamBank.search as the window calls it (definer function: the
  first matches in disk order, which is rank order; ranking in Python) as the admin, whose
  connection is the same as a writer's here (the function applies the visibility rule for
  either); beside it GIN + ts_rank ORDER BY (the same GIN index over the same tsvector, every
  hit ranked by ts_rank, LIMIT 20);
- team_search_concurrent_p95: --clients processes searching at once for --seconds, p95 and
  queries per second, and the same for GIN + ts_rank;
- team_top20_overlap_with_sqlite: share of SQLite's top 20 (PhraseBank.search on the same
  generated bank) that the team bank's top 20 holds, by text; beside it each engine's overlap
  with the exact top 20 (every match ranked by the same rule: the team bank's full path);
- team_import_speed_vs_sqlite: bench_import's 10 MB folder (--quick: 2 MB) imported into a new
  team bank (TeamBank.propose_paths, approved) and into a new SQLite bank, MB/s of each.
"""

from __future__ import annotations

import multiprocessing
import os
import random
import sqlite3
import sys
import tempfile
import time
from contextlib import ExitStack
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_search import LIMIT, _queries
from common import OUT, emit, log, percentile, quick_mode
from generate import ensure_bank

GIN_INDEX = "ix_bench_gin"


def _arg(argv: list[str], name: str, default: str | None) -> str | None:
    return argv[argv.index(name) + 1] if name in argv else default


def _load(team_url: str, sqlite_path: Path, tokenizer) -> float:
    """Copy the generated bank's units into the team bank; returns seconds."""
    from desktop.store.postgres.bank import TeamBank
    from desktop.store.postgres.schema import APPROVED
    from desktop.store.postgres.writer import NewUnit, bulk_load

    con = sqlite3.connect(f"file:{sqlite_path}?mode=ro", uri=True)
    rows = con.execute(
        "SELECT text, kind, speech_type, tokens, grams, keywords, slots, favourite, uses, dated FROM units"
        " WHERE deleted_at IS NULL ORDER BY id"
    )

    def units():
        import json

        for text, kind, speech_type, tokens, grams, keywords, slots, favourite, uses, dated in rows:
            yield NewUnit(
                text,
                kind,
                speech_type,
                tokens,
                grams,
                json.loads(keywords or "[]"),
                slots,
                favourite=bool(favourite),
                uses=uses,
                dated=dated,
            )

    t0 = time.perf_counter()
    with TeamBank.open(team_url, tokenizer=tokenizer) as bank, bank._raw(write=True) as raw:
        written = bulk_load(raw, units(), APPROVED)
    seconds = time.perf_counter() - t0
    con.close()
    log(f"team bank: {written} units loaded and indexed in {seconds:.0f} s")
    return seconds


_LOADED_KEY = "bench_loaded_from"


def _kept(server: str, name: str, sqlite_path: Path, tokenizer) -> tuple[str, float] | None:
    """(url, load seconds) of a database an earlier --keep run loaded from this generated bank
    (same file name: same size and generator), brought up to this code's schema; None if none."""
    import psycopg
    from sqlalchemy.engine import make_url

    from desktop.store.postgres.bank import TeamBank

    url = make_url(server).set(database=name).render_as_string(hide_password=False)
    try:
        with psycopg.connect(url.replace("postgresql+psycopg://", "postgresql://")) as conn:
            row = conn.execute("SELECT value FROM meta WHERE key = %s", (_LOADED_KEY,)).fetchone()
    except psycopg.Error:
        return None
    if row is None or not row[0].startswith(sqlite_path.name + " "):
        return None
    TeamBank.init(
        url, tokenizer=tokenizer
    ).close()  # an upgrade step of this code, if any, runs here (the migration path)
    return url, float(row[0].split()[-1])


def _gin_index(url: str) -> None:
    """The comparison's GIN index over the whole of the team bank's tsvector (the team bank's own
    are partial, one per tier, which a query without a tier's rank_key range cannot use)."""
    import psycopg

    t0 = time.perf_counter()
    with psycopg.connect(url.replace("postgresql+psycopg://", "postgresql://")) as conn:
        conn.execute(f"CREATE INDEX IF NOT EXISTS {GIN_INDEX} ON units USING gin (tsv)")
        conn.execute("ANALYZE units")
    log(f"GIN index for the comparison ready in {time.perf_counter() - t0:.0f} s")


def _mark_loaded(url: str, sqlite_path: Path, seconds: float) -> None:
    import psycopg

    with psycopg.connect(url.replace("postgresql+psycopg://", "postgresql://")) as conn:
        conn.execute(
            "INSERT INTO meta (key, value) VALUES (%s, %s) ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value",
            (_LOADED_KEY, f"{sqlite_path.name} {seconds:.1f}"),
        )


def _ts_rank_sql() -> str:
    return (
        "SELECT id FROM units u WHERE u.tsv @@ %s::tsquery AND u.deleted_at IS NULL AND u.status = 'approved'"
        " AND (%s::text IS NULL OR u.kind = %s) AND (%s::text IS NULL OR u.speech_type = %s)"
        " ORDER BY ts_rank(u.tsv, %s::tsquery) DESC LIMIT 20"
    )


def _ts_rank_args(tokenizer, query: str, f: dict) -> tuple:
    from desktop.store.postgres.search import tsquery
    from desktop.store.search import terms_of

    q = tsquery(terms_of(tokenizer, query) or [])
    return (q, f.get("kind"), f.get("kind"), f.get("speech_type"), f.get("speech_type"), q)


def _client(url: str, queries: list, mode: str, seconds: float, out: multiprocessing.Queue) -> None:
    """One concurrent client: searches in a loop for seconds; puts its latencies (ms)."""
    from desktop.store.postgres.bank import TeamBank
    from desktop.text.tokenizer import Tokenizer

    tokenizer = Tokenizer(cache_dir=OUT / "cache")
    tokenizer.load()
    latencies: list[float] = []
    rng = random.Random(os.getpid())
    with TeamBank.open(url, tokenizer=tokenizer) as bank, bank._raw() as raw:
        stop = time.monotonic() + seconds
        while time.monotonic() < stop:
            q, f = rng.choice(queries)
            t0 = time.perf_counter()
            if mode == "team":
                bank.search(q, limit=LIMIT, **f)
            else:
                raw.execute(_ts_rank_sql(), _ts_rank_args(tokenizer, q, f)).fetchall()
            latencies.append((time.perf_counter() - t0) * 1000)
    out.put(latencies)


def _concurrent(url: str, queries: list, mode: str, clients: int, seconds: float) -> tuple[list[float], float]:
    ctx = multiprocessing.get_context("spawn")
    out: multiprocessing.Queue = ctx.Queue()
    procs = [ctx.Process(target=_client, args=(url, queries, mode, seconds, out)) for _ in range(clients)]
    for p in procs:
        p.start()
    latencies = [x for _ in procs for x in out.get(timeout=seconds + 300)]
    for p in procs:
        p.join()
    return latencies, len(latencies) / seconds


def _import_speeds(server: str, tokenizer, megabytes: int) -> tuple[float, float, float]:
    """(team MB/s, SQLite MB/s, MB) importing bench_import's folder into new banks."""
    from bench_import import corpus

    from desktop.read.files import read_documents
    from desktop.store.bank import PhraseBank
    from desktop.store.postgres.bank import TeamBank
    from tests.helpers.pg_server import create_database

    folder = corpus(megabytes)
    files = sorted(p for p in folder.iterdir() if p.suffix in (".txt", ".docx"))
    mb = sum(len("\n".join(d.paragraphs).encode("utf-8")) for p in files for d in read_documents(p)) / 1e6
    with (
        tempfile.TemporaryDirectory(prefix="bench-team-") as tmp,
        PhraseBank.open(Path(tmp) / "bank.sqlite3", tokenizer=tokenizer) as bank,
    ):
        t0 = time.perf_counter()
        bank.import_paths([folder])
        sqlite_s = time.perf_counter() - t0
    url = create_database(server, "bench_team_import")
    with TeamBank.init(url, tokenizer=tokenizer) as team:
        t0 = time.perf_counter()
        team.propose_paths([folder], approved=True)
        team_s = time.perf_counter() - t0
    return mb / team_s, mb / sqlite_s, mb


def main(argv: list[str]) -> None:
    from desktop.store.bank import PhraseBank
    from desktop.store.postgres.bank import TeamBank
    from desktop.text.tokenizer import Tokenizer
    from tests.helpers import pg_server

    quick = quick_mode(argv)
    n = 100_000 if quick else 1_000_000
    clients = int(_arg(argv, "--clients", "8") or 8)
    seconds = float(_arg(argv, "--seconds", "5" if quick else "20") or 20)
    label = f"{n // 1000}k" if n < 1_000_000 else f"{n // 1_000_000}M"
    with ExitStack() as stack:
        server = _arg(argv, "--url", os.environ.get("SPEECHDRAFT_BENCH_PG"))
        if server is None:
            reason = pg_server.unavailable_reason()
            if reason is not None:
                log(f"team bench skipped: {reason}")
                return
            server = stack.enter_context(pg_server.throwaway_server())
        tokenizer = Tokenizer(cache_dir=OUT / "cache")
        tokenizer.load()
        sqlite_path = ensure_bank(n)
        loaded = _kept(server, f"bench_team_{n}", sqlite_path, tokenizer) if "--keep" in argv else None
        if loaded is not None:
            url, load_s = loaded
            log(f"team bank: reusing bench_team_{n} (loaded in {load_s:.0f} s)")
        else:
            url = pg_server.create_database(server, f"bench_team_{n}")
            TeamBank.init(url, tokenizer=tokenizer).close()
            load_s = _load(url, sqlite_path, tokenizer)
            _mark_loaded(url, sqlite_path, load_s)
        _gin_index(url)
        raw = sqlite3.connect(f"file:{sqlite_path}?mode=ro", uri=True)
        sets = _queries(raw, tokenizer, n, random.Random(n))
        raw.close()
        with TeamBank.open(url, tokenizer=tokenizer) as team, PhraseBank.open(sqlite_path, tokenizer=tokenizer) as bank:
            emit(f"team_bulk_load_{label}", load_s, "s", None, index=team.search_index)
            with team._raw() as conn:
                for name, queries in sets.items():
                    for q, f in queries:  # warm both
                        team.search(q, limit=LIMIT, **f)
                        conn.execute(_ts_rank_sql(), _ts_rank_args(tokenizer, q, f)).fetchall()
                    ours, gin, overlaps, exact_team, exact_sqlite = [], [], [], [], []
                    for q, f in queries:
                        t0 = time.perf_counter()
                        hits = team.search(q, limit=LIMIT, **f)
                        ours.append((time.perf_counter() - t0) * 1000)
                        t0 = time.perf_counter()
                        conn.execute(_ts_rank_sql(), _ts_rank_args(tokenizer, q, f)).fetchall()
                        gin.append((time.perf_counter() - t0) * 1000)
                        theirs = [h.text for h in bank.search(q, limit=20, **f)]
                        if theirs:
                            overlaps.append(len(set(theirs) & {h.text for h in hits[:20]}) / len(theirs))
                        # Every match ranked by the same rule (the team bank's full path; no trash there).
                        exact = {h.text for h in team.search(q, limit=20, include_deleted=True, **f)}
                        if exact:
                            exact_team.append(len(exact & {h.text for h in hits[:20]}) / len(exact))
                            exact_sqlite.append(len(exact & set(theirs)) / len(exact))
                    emit(
                        f"team_search_{name}_p95_{label}",
                        percentile(ours, 95),
                        "ms",
                        "≤ 30 ms" if n >= 1_000_000 else None,
                        {"gin_ts_rank_p95_ms": percentile(gin, 95), "gin_ts_rank_p50_ms": percentile(gin, 50)},
                        p50_ms=round(percentile(ours, 50), 3),
                        queries=len(ours),
                        load_avg_1min=round(os.getloadavg()[0], 2),
                    )
                    emit(
                        f"team_top20_overlap_with_sqlite_{name}_{label}",
                        sum(overlaps) / len(overlaps) if overlaps else float("nan"),
                        "share",
                        None,
                        queries=len(overlaps),
                        team_vs_exact=round(sum(exact_team) / max(1, len(exact_team)), 4),
                        sqlite_vs_exact=round(sum(exact_sqlite) / max(1, len(exact_sqlite)), 4),
                    )
        everything = [x for queries in sets.values() for x in queries]
        lat, qps = _concurrent(url, everything, "team", clients, seconds)
        gin_lat, gin_qps = _concurrent(url, everything, "gin", clients, seconds)
        emit(
            f"team_search_{clients}_clients_p95_{label}",
            percentile(lat, 95),
            "ms",
            "≤ 60 ms" if n >= 1_000_000 and clients == 8 else None,
            {"gin_ts_rank_p95_ms": percentile(gin_lat, 95), "gin_ts_rank_qps": gin_qps},
            qps=round(qps, 1),
            p50_ms=round(percentile(lat, 50), 3),
            seconds=seconds,
            load_avg_1min=round(os.getloadavg()[0], 2),
        )
        if "--no-import" in argv:
            return
        team_speed, sqlite_speed, mb = _import_speeds(server, tokenizer, 2 if quick else 10)
        emit(
            "team_import_speed_vs_sqlite",
            team_speed / sqlite_speed * 100,
            "%",
            "≥ 50 %",
            {"sqlite_mb_per_s": sqlite_speed},
            team_mb_per_s=round(team_speed, 3),
            megabytes=round(mb, 2),
        )


if __name__ == "__main__":
    main(sys.argv[1:])
