"""Bench target 5: one-step draft (一键成稿) of 3,000 characters on a 100,000-phrase bank.

    python bench/bench_compose.py [--quick]

core.compose.compose over the generated bank (bench/generate.py), for several speech types and
topics, segmenter loaded beforehand (its load is start-up, as in `speechdraft draft`). Beside
it the same compositions on the default bank built from the seeds. Wall time is the figure; the
thread's CPU time and the load average stand beside it (the machine may be shared).
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import OUT, emit, log, percentile, quick_mode
from generate import ensure_bank

CASES = [
    ("研讨发言", ["主题教育"]),
    ("动员部署讲话", ["乡村振兴", "高质量发展"]),
    ("全会讲话", ["作风建设"]),
    ("交流发言", ["调查研究"]),
    ("心得体会", ["理论学习"]),
    ("党课讲稿", ["党的建设"]),
]


def _time(bank, rounds: int) -> tuple[list[float], list[int], list[float]]:
    from desktop.core.compose import compose

    times, lengths, cpu = [], [], []
    compose(bank, CASES[0][0], topic_words=CASES[0][1], target_chars=3000)  # warm-up
    for r in range(rounds):
        for speech_type, topics in CASES:
            t0, c0 = time.perf_counter(), time.thread_time()
            draft = compose(bank, speech_type, topic_words=topics, target_chars=3000, seed=r)
            times.append((time.perf_counter() - t0) * 1000)
            cpu.append((time.thread_time() - c0) * 1000)
            lengths.append(sum(len(p) for p in draft.paragraphs) if hasattr(draft, "paragraphs") else 0)
    return times, lengths, cpu


def main(argv: list[str]) -> None:
    from desktop.infra.paths import DataPaths
    from desktop.store.bank import PhraseBank
    from desktop.store.seed import build_default_bank
    from desktop.text.tokenizer import Tokenizer

    rounds = 2 if quick_mode(argv) else 4
    tokenizer = Tokenizer(cache_dir=OUT / "cache")
    tokenizer.load()
    with PhraseBank.open(ensure_bank(100_000), tokenizer=tokenizer) as bank:
        big, lengths, big_cpu = _time(bank, rounds)
    with tempfile.TemporaryDirectory(prefix="bench-compose-") as tmp:
        paths = DataPaths(Path(tmp))
        build_default_bank(paths, tokenizer=tokenizer)
        with PhraseBank.open(paths.bank, tokenizer=tokenizer) as bank:
            small, _, _ = _time(bank, rounds)
    log(f"draft lengths {lengths}")
    emit(
        "compose_3000_chars_100k_bank",
        statistics.median(big),
        "ms",
        "≤ 300 ms",
        {"seed_bank_median_ms": statistics.median(small), "seed_bank_max_ms": max(small)},
        p95_ms=round(percentile(big, 95), 1),
        max_ms=round(max(big), 1),
        compositions=len(big),
        cpu_median_ms=round(statistics.median(big_cpu), 1),
        load_avg_1min=round(os.getloadavg()[0], 2),
        median_draft_chars=statistics.median(lengths) if any(lengths) else None,
    )


if __name__ == "__main__":
    main(sys.argv[1:])
