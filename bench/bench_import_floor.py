"""Bench, beside target 3: what SQLite alone costs to store an import's rows.

    python bench/bench_import_floor.py [--quick]

Imports the bench corpus (bench_import.corpus: 10 MB, --quick 2 MB) into a bank once, then
copies that bank's units into a fresh bank in ONE `INSERT … SELECT` across an ATTACH, in the
rank index's rowid order as the importer writes them: no Python per row, no reading, parsing
or segmenting. Timed with every trigger, then with the FTS5 triggers dropped one or both at a
time. The figure is the text speed this leaves (MB of the corpus's text per second), the
ceiling of any import that keeps the two search indexes, beside the segmenter's raw speed.
"""

from __future__ import annotations

import sqlite3
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_import import corpus
from common import OUT, emit, log, quick_mode


def _copy_units(source: Path, target: Path, drop: tuple[str, ...]) -> float:
    from desktop.store.bank import PhraseBank
    from desktop.store.sqlite import rank_index

    with PhraseBank.open(target):
        pass
    con = sqlite3.connect(target, isolation_level=None)
    try:
        con.execute("PRAGMA journal_mode = WAL")
        con.execute("PRAGMA synchronous = NORMAL")
        con.execute("ATTACH ? AS s", (str(source),))
        columns = ", ".join(row[1] for row in con.execute("PRAGMA s.table_info(units)"))
        for trigger in drop:
            con.execute(f"DROP TRIGGER {trigger}")
        t0 = time.perf_counter()
        con.execute("BEGIN")
        con.execute(
            f"INSERT INTO main.units ({columns}) SELECT {columns} FROM s.units s ORDER BY {rank_index.row_key('s')}"
        )
        con.execute("COMMIT")
        return time.perf_counter() - t0
    finally:
        con.close()


def main(argv: list[str]) -> None:
    from desktop.read.files import read_documents
    from desktop.store.bank import PhraseBank
    from desktop.text.tokenizer import Tokenizer

    folder = corpus(2 if quick_mode(argv) else 10)
    files = sorted(p for p in folder.iterdir() if p.suffix in (".txt", ".docx"))
    texts = ["\n".join(d.paragraphs) for p in files for d in read_documents(p)]
    text_mb = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    tokenizer = Tokenizer(cache_dir=OUT / "cache")
    tokenizer.load()
    t0 = time.perf_counter()
    for text in texts:  # as bench_import measures it
        tokenizer.raw_cut(text)
    seg_mb_s = text_mb / (time.perf_counter() - t0)
    with tempfile.TemporaryDirectory(prefix="bench-floor-") as tmp:
        source = Path(tmp) / "imported.sqlite3"
        with PhraseBank.open(source, tokenizer=tokenizer) as bank:
            bank.import_paths([folder])
        times = {}
        for label, drop in (
            ("all", ()),
            ("no_rank_index", ("units_rank_ai",)),
            ("no_full_index", ("units_fts_ai",)),
            ("units_only", ("units_fts_ai", "units_rank_ai")),
        ):
            times[label] = _copy_units(source, Path(tmp) / f"copy-{label}.sqlite3", drop)
            log(f"{label}: {times[label]:.2f} s")
    emit(
        "import_sqlite_floor",
        text_mb / times["all"],
        "MB/s",
        None,
        {"raw_segmentation_mb_s": seg_mb_s, "share_of_segmentation_pct": text_mb / times["all"] / seg_mb_s * 100},
        text_mb=round(text_mb, 2),
        seconds={k: round(v, 2) for k, v in times.items()},
    )


if __name__ == "__main__":
    main(sys.argv[1:])
