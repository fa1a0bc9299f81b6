"""Measure search latency on the seed bank (a tool, not a test: speed is never asserted).

    python bench/bench_latency.py [--seeds DIR] [--rounds N]

Builds the seed bank in a temporary folder, then times searches as a writer types them:
every prefix of a set of queries taken from the bank's own keywords, with and without
filters, plus empty-query listings. Prints p50 / p95 / max in milliseconds.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from desktop.infra.paths import DataPaths, seeds_dir
from desktop.store.bank import PhraseBank
from desktop.store.seed import build_default_bank
from desktop.text.tokenizer import Tokenizer


def _queries(bank: PhraseBank, count: int = 40) -> list[tuple[str, dict]]:
    hits = bank.search("", limit=10_000)
    words: list[str] = []
    for hit in hits:
        for word in bank.get_unit(hit.unit_id).keywords[:1]:
            if word not in words:
                words.append(word)
    step = max(1, len(words) // count)
    picked = words[::step][:count]
    typed = [w[:i] for w in picked for i in range(1, len(w) + 1)]
    kinds = sorted(bank.stats()["by_kind"])
    queries: list[tuple[str, dict]] = [(q, {}) for q in typed]
    queries += [(q, {"kind": kinds[i % len(kinds)]}) for i, q in enumerate(picked)]
    queries += [("", {"kind": k}) for k in kinds] + [("", {})]
    return queries


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=Path, default=seeds_dir())
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        paths = DataPaths(Path(tmp))
        tokenizer = Tokenizer(cache_dir=paths.cache)
        started = time.perf_counter()
        build_default_bank(paths, args.seeds, tokenizer=tokenizer)
        build_s = time.perf_counter() - started
        with PhraseBank.open(paths.bank, tokenizer=tokenizer) as bank:
            queries = _queries(bank)
            timings: list[float] = []
            for _ in range(args.rounds):
                for query, filters in queries:
                    t0 = time.perf_counter()
                    bank.search(query, limit=20, **filters)
                    timings.append((time.perf_counter() - t0) * 1000)
            stats = bank.stats()
    timings.sort()
    p95 = timings[min(len(timings) - 1, int(len(timings) * 0.95))]
    print(
        f"seed bank: {stats['units']} units, {stats['documents']} documents"
        f" (built in {build_s:.1f} s, jieba load included)"
    )
    print(f"{len(timings)} searches ({len(queries)} queries × {args.rounds} rounds, limit 20)")
    print(f"p50 {statistics.median(timings):.2f} ms   p95 {p95:.2f} ms   max {timings[-1]:.2f} ms")


if __name__ == "__main__":
    main()
