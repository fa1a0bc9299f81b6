"""Bench target 3: import speed against raw segmentation speed, and the seed-bank build.

    python bench/bench_import.py [--quick]

The corpus (bench/out/corpus-10mb, made once): the seed speeches again and again, each copy
with its sentences' clauses reshuffled and partly swapped with clauses of the same speech, so
that no document and few phrases repeat; headings and short lines stay as they are. Every
third file is .docx (python-docx), every fifth .txt is GB18030, the rest UTF-8 .txt, until
the folder holds 10 MB (--quick: 2 MB).

Figures, in one run: the raw segmentation speed of the segmenter in use (Tokenizer.raw_cut
over the documents' text, already read), the import speed of PhraseBank.import_paths on the
folder into a new bank (reading, parsing, cutting, segmenting, storing), both in MB of UTF-8
text per second, with the CPU time of this process and of the import's worker process beside
the wall time, and the same import kept in one process (worker=False) for comparison; and
`speechdraft bank build` as a whole process (the default bank from seeds), beside
build_default_bank in-process with the segmenter already loaded. A full run also imports the
folder with jieba as the segmenter, against jieba's own raw speed.
"""

from __future__ import annotations

import os
import random
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import OUT, PYTHON, REPO, emit, log, quick_mode

_SENTENCE = re.compile(r"(?<=[。！？；])")
_CLAUSE = re.compile(r"(?<=[，、：])")


def _variant(paragraphs: list[str], rng: random.Random) -> list[str]:
    pool = [c for p in paragraphs for c in _CLAUSE.split(p) if len(c) > 3]
    out = []
    for p in paragraphs:
        if len(p) <= 40:
            out.append(p)
            continue
        sentences = []
        for s in _SENTENCE.split(p):
            clauses = _CLAUSE.split(s)
            if len(clauses) > 1:
                body = [rng.choice(pool) if rng.random() < 0.4 else c for c in clauses[:-1]]
                rng.shuffle(body)
                clauses = body + clauses[-1:]
            sentences.append("".join(clauses))
        out.append("".join(sentences))
    return out


def corpus(megabytes: int) -> Path:
    folder = OUT / f"corpus-{megabytes}mb"
    if folder.is_dir() and (folder / ".complete").exists():
        return folder
    import docx

    from desktop.infra.paths import seeds_dir
    from desktop.read.files import read_documents

    folder.mkdir(parents=True, exist_ok=True)
    seeds = [doc.paragraphs for path in sorted(seeds_dir().iterdir()) for doc in read_documents(path)]
    rng = random.Random(megabytes)
    size, i = 0, 0
    while size < megabytes * 1_000_000:
        paragraphs = _variant(seeds[i % len(seeds)], rng)
        paragraphs[0] = f"{paragraphs[0]}（第{i + 1}稿）"  # a distinct title
        path = folder / f"speech-{i:04d}.{'docx' if i % 3 == 2 else 'txt'}"
        if path.suffix == ".docx":
            document = docx.Document()
            for p in paragraphs:
                document.add_paragraph(p)
            document.save(path)
        else:
            path.write_bytes("\n".join(paragraphs).encode("gb18030" if i % 5 == 4 else "utf-8"))
        size += path.stat().st_size
        i += 1
    (folder / ".complete").write_text(str(i))
    log(f"corpus: {i} files, {size / 1e6:.1f} MB in {folder}")
    return folder


def _timed_import(folder: Path, tokenizer, worker: bool | None) -> tuple:
    """(report, live units, wall s, this process's CPU s, worker processes' CPU s) of one import into a new bank."""
    from desktop.store.bank import PhraseBank
    from desktop.store.importing import importer

    with (
        tempfile.TemporaryDirectory(prefix="bench-import-") as tmp,
        PhraseBank.open(Path(tmp) / "bank.sqlite3", tokenizer=tokenizer) as bank,
    ):
        children = resource.getrusage(resource.RUSAGE_CHILDREN)
        t0, c0 = time.perf_counter(), time.process_time()
        report = importer.import_paths(bank._ctx, [folder], worker=worker)
        wall, cpu = time.perf_counter() - t0, time.process_time() - c0
        after = resource.getrusage(resource.RUSAGE_CHILDREN)  # the worker has been joined
        worker_cpu = (after.ru_utime + after.ru_stime) - (children.ru_utime + children.ru_stime)
        return report, bank.live_units(), wall, cpu, worker_cpu


def main(argv: list[str]) -> None:
    from desktop.read.files import read_documents
    from desktop.text.tokenizer import Tokenizer

    megabytes = 2 if quick_mode(argv) else 10
    folder = corpus(megabytes)
    files = sorted(p for p in folder.iterdir() if p.suffix in (".txt", ".docx"))
    texts = ["\n".join(doc.paragraphs) for p in files for doc in read_documents(p)]
    text_mb = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    tokenizer = Tokenizer(cache_dir=OUT / "cache")
    engines = [tokenizer] if quick_mode(argv) else [tokenizer, Tokenizer(cache_dir=OUT / "cache", engine="jieba")]
    for tk in engines:
        tk.load()
        t0, c0 = time.perf_counter(), time.process_time()
        for text in texts:
            tk.raw_cut(text)
        seg_s, seg_cpu = time.perf_counter() - t0, time.process_time() - c0
        timed = {mode: _timed_import(folder, tk, worker) for mode, worker in (("default", None), ("in_process", False))}
        report, units, import_s, import_cpu, worker_cpu = timed["default"]
        seg_speed, import_speed = text_mb / seg_s, text_mb / import_s
        emit(
            "import_speed_vs_segmentation" + ("" if tk is tokenizer else "_jieba"),
            import_speed / seg_speed * 100,
            "%",
            "≥ 70 %" if tk is tokenizer else None,
            {
                "raw_segmentation_mb_s": seg_speed,
                "import_mb_s": import_speed,
                "segmenter": tk.segmenter,
                "in_process_import_mb_s": text_mb / timed["in_process"][2],
            },
            folder_mb=megabytes,
            text_mb=round(text_mb, 2),
            files=len(files),
            documents=len(report.imported),
            units=units,
            import_s=round(import_s, 2),
            import_cpu_s=round(import_cpu, 2),
            worker_cpu_s=round(worker_cpu, 2),
            raw_segmentation_s=round(seg_s, 3),
            raw_segmentation_cpu_s=round(seg_cpu, 3),
            in_process_import_s=round(timed["in_process"][2], 2),
            in_process_import_cpu_s=round(timed["in_process"][3], 2),
            refused=len(report.refused),
            files_cut_by_worker=report.files_cut_by_worker,
            load_average=round(os.getloadavg()[0], 2),
        )

    with tempfile.TemporaryDirectory(prefix="bench-seedbank-") as tmp:
        t0 = time.perf_counter()
        subprocess.run(
            [PYTHON, "-m", "desktop", "--data-dir", str(Path(tmp) / "cli"), "bank", "build"],
            cwd=REPO,
            check=True,
            capture_output=True,
        )
        cli_s = time.perf_counter() - t0
        from desktop.infra.paths import DataPaths
        from desktop.store.seed import build_default_bank

        t0 = time.perf_counter()
        build_default_bank(DataPaths(Path(tmp) / "inproc"), tokenizer=tokenizer)
        inproc_s = time.perf_counter() - t0
        t0 = time.perf_counter()
        subprocess.run([PYTHON, "-c", "import desktop.cli.bank, desktop.store.seed"], cwd=REPO, check=True)
        python_s = time.perf_counter() - t0
    emit(
        "seed_bank_build",
        cli_s,
        "s",
        "≤ 1 s",
        {"in_process_segmenter_loaded_s": inproc_s, "python_start_and_store_imports_s": python_s},
        command="speechdraft bank build",
    )


if __name__ == "__main__":
    main(sys.argv[1:])
