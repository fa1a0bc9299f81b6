"""Bench target 1: suggestion latency of the phrase panel's search over generated banks.

    python bench/bench_search.py [--quick] [--rounds N]

The query is the one the panel runs while the writer types: PhraseBank.search(text, kind=…,
speech_type=…, favourites_only=False, limit=60) (desktop/ui/phrase_context.find_phrases with
PhraseQuery's limit), with a kind filter on a quarter of the queries and a speech-type filter
on another quarter. Two sets of queries, drawn from the bank's own phrases:
  words     1–3 consecutive words of a phrase, typed as one string (中国式现代化, 坚持 以学促干 …)
  prefix2   the first two characters of a word, drawn by how often words occur (发展, 推进, 全面 …)
Beside it, on its own connection, the plain query the issue measures:
  SELECT rowid FROM units_fts WHERE units_fts MATCH ? ORDER BY bm25(units_fts) LIMIT 20.

Wall time is the figure; the thread's CPU time (cpu_p95_ms) and the load average are printed
beside it because the machine is shared and wall time under load includes waiting for a core.

Quality: for each query, the exact ranking (the bank's own rule, store.search.rank: relevance
× the favourite, use and date boosts, same filters, every hit of the full index ranked, near
duplicates of a higher hit moved below the first places as the product places them,
core.similar.distinct) gives a top 20; overlap is the share of the search's top 20 whose exact
score is at least the exact 20th score (ties count as equal) and that the placing did not move
down, averaged over the queries. The same is reported against that relevance without boosts.
"""

from __future__ import annotations

import os
import random
import sqlite3
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import OUT, emit, log, percentile, quick_mode
from generate import ensure_bank

LIMIT = 60  # PhraseQuery.limit: what the panel asks for
QUERIES_PER_SET = 200
QUALITY_QUERIES = 120


def _queries(con: sqlite3.Connection, tokenizer, n_units: int, rng: random.Random) -> dict[str, list[tuple[str, dict]]]:
    words_set: list[tuple[str, dict]] = []
    counts: dict[str, int] = {}
    filters_of: dict[str, dict] = {}
    while len(words_set) < QUERIES_PER_SET:
        uid = rng.randint(1, n_units)
        row = con.execute("SELECT text, kind, speech_type FROM units WHERE id = ?", (uid,)).fetchone()
        if row is None:
            continue
        text, kind, speech_type = row
        tokens = tokenizer.cut(text)
        if not tokens:
            continue
        r = rng.random()
        filters = {"kind": kind} if r < 0.25 else {"speech_type": speech_type} if r < 0.5 else {}
        for t in tokens:
            if len(t) >= 2:
                counts[t] = counts.get(t, 0) + 1
                filters_of.setdefault(t, filters)
        start = rng.randrange(len(tokens))
        words_set.append(("".join(tokens[start : start + rng.randint(1, 3)]), filters))
    words = sorted(counts)
    weights = [counts[w] for w in words]
    prefixes = [(w[:2], filters_of[w]) for w in rng.choices(words, weights=weights, k=QUERIES_PER_SET)]
    return {"words": words_set, "prefix2": prefixes}


def _where(filters: dict) -> tuple[str, list]:
    sql, args = " AND u.deleted_at IS NULL", []
    for column in ("kind", "speech_type"):
        if filters.get(column):
            sql += f" AND u.{column} = ?"
            args.append(filters[column])
    return sql, args


def _exact_top(
    con: sqlite3.Connection, match: str, segments, filters: dict, boosted: bool
) -> tuple[list[tuple[int, float]], set[int]]:
    """Every hit of the full index, ranked by the bank's own rule (store.search.rank: relevance ×
    boost) or, unboosted, by that relevance alone, in the product's placing of near duplicates
    (a near duplicate of a higher hit moves below the first places); and the hits so moved."""
    from desktop.store.search import Candidate, rank
    from desktop.store.sqlite import rank_index

    where, args = _where(filters)
    rows = con.execute(
        f"SELECT {rank_index.CANDIDATE_COLUMNS} FROM units_fts m JOIN units u ON u.id = m.rowid"
        f" WHERE units_fts MATCH ?{where}",
        [match, *args],
    ).fetchall()
    found = [
        Candidate(r[0], r[1], r[2], float(r[3]) if boosted else 1.0, bool(r[4]), r[5], r[6], r[7], r[8], bool(r[9]))
        for r in rows
    ]
    ranked = rank(found, segments, rank_index.average_terms(con), len(found))
    order = _distinct([c.text for _, c in ranked])
    placed = set(order[:20])
    moved = {ranked[i][1].unit_id for i in range(max(placed, default=-1) + 1) if i not in placed}
    return [(ranked[i][1].unit_id, ranked[i][0]) for i in order], moved


def _distinct(texts: list[str]) -> list[int]:
    """The product's placing of near duplicates (core.similar.distinct, store.search.DISTINCT_FIRST);
    the order as ranked where the code measured has none."""
    try:
        from desktop.core.similar import distinct
        from desktop.store.search import DISTINCT_FIRST
    except ImportError:
        return list(range(len(texts)))
    return distinct(texts, DISTINCT_FIRST)


def overlap(exact: tuple[list[tuple[int, float]], set[int]], got: list[int]) -> float | None:
    ranked, moved = exact
    top = ranked[:20]
    if not top:
        return None if not got else 0.0
    floor = top[-1][1] - 1e-9
    scores = dict(ranked)
    good = sum(1 for i in got[:20] if i not in moved and scores.get(i, float("-inf")) >= floor)
    return good / len(top)


def run_size(n: int, rounds: int) -> None:
    from desktop.store.bank import PhraseBank
    from desktop.store.search import terms_of
    from desktop.store.sqlite import fts
    from desktop.text.tokenizer import Tokenizer

    path = ensure_bank(n)
    tokenizer = Tokenizer(cache_dir=OUT / "cache")
    tokenizer.load()
    raw = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    sets = _queries(raw, tokenizer, n, random.Random(n))
    with PhraseBank.open(path, tokenizer=tokenizer) as bank:
        for name, queries in sets.items():
            segments = [terms_of(tokenizer, q) or [] for q, _ in queries]
            matches = [fts.match_expression(seg) for seg in segments]
            for (q, f), m in zip(queries, matches, strict=True):  # warm the page cache for both
                bank.search(q, limit=LIMIT, **f)
                raw.execute(
                    "SELECT rowid FROM units_fts WHERE units_fts MATCH ? ORDER BY bm25(units_fts) LIMIT 20", (m,)
                ).fetchall()
            real: list[float] = []
            cpu: list[float] = []
            plain: list[float] = []
            hits_seen: list[list[int]] = []
            for r in range(rounds):
                for (q, f), m in zip(queries, matches, strict=True):
                    t0, c0 = time.perf_counter(), time.thread_time()
                    hits = bank.search(q, limit=LIMIT, **f)
                    real.append((time.perf_counter() - t0) * 1000)
                    cpu.append((time.thread_time() - c0) * 1000)
                    t0 = time.perf_counter()
                    raw.execute(
                        "SELECT rowid FROM units_fts WHERE units_fts MATCH ? ORDER BY bm25(units_fts) LIMIT 20", (m,)
                    ).fetchall()
                    plain.append((time.perf_counter() - t0) * 1000)
                    if r == 0:
                        hits_seen.append([h.unit_id for h in hits])
            exact, vs_bm25 = [], []
            for (_q, f), m, seg, got in list(zip(queries, matches, segments, hits_seen, strict=False))[
                :QUALITY_QUERIES
            ]:
                exact.append(overlap(_exact_top(raw, m, seg, f, True), got))
                vs_bm25.append(overlap(_exact_top(raw, m, seg, f, False), got))
            exact = [x for x in exact if x is not None]
            vs_bm25 = [x for x in vs_bm25 if x is not None]
            target = ("≤ 10 ms" if name == "words" else "≤ 20 ms") if n >= 1_000_000 else None
            label = f"{n // 1000}k" if n < 1_000_000 else f"{n // 1_000_000}M"
            emit(
                f"search_{name}_p95_{label}",
                percentile(real, 95),
                "ms",
                target,
                {
                    "plain_bm25_limit20_p95_ms": percentile(plain, 95),
                    "plain_bm25_p50_ms": percentile(plain, 50),
                    "ratio_to_plain": percentile(real, 95) / max(percentile(plain, 95), 1e-9),
                },
                p50_ms=round(percentile(real, 50), 3),
                max_ms=round(max(real), 3),
                queries=len(real),
                cpu_p95_ms=round(percentile(cpu, 95), 3),
                load_avg_1min=round(os.getloadavg()[0], 2),
                top20_overlap_exact=round(sum(exact) / len(exact), 4) if exact else None,
                top20_overlap_plain_bm25=round(sum(vs_bm25) / len(vs_bm25), 4) if vs_bm25 else None,
                examples=[q for q, _ in queries[:6]],
            )
            log(f"{label} {name}: done")
    raw.close()


def main(argv: list[str]) -> None:
    rounds = int(argv[argv.index("--rounds") + 1]) if "--rounds" in argv else 3
    sizes = [100_000] if quick_mode(argv) else [100_000, 1_000_000]
    for n in sizes:
        run_size(n, rounds)


if __name__ == "__main__":
    main(sys.argv[1:])
