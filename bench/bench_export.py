"""Bench target 4: export of a draft to .docx, in-process, beside pandoc on the same text.

    python bench/bench_export.py [--quick]

The drafts are real speech text: the seeds' paragraphs, parsed by core.structure, taken in
turn until 10,000 and 100,000 characters. export_speech writes the .docx (GB/T 9704 layout,
temp file, fsync, rename) in this process, timed as the median of several runs after one
warm-up. pandoc converts the same draft, written as Markdown by our own .md writer, to .docx
as a whole process (that is how it would be used); absent pandoc is reported as such.
"""

from __future__ import annotations

import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import emit, quick_mode


def draft_paragraphs(chars: int) -> list[str]:
    from desktop.infra.paths import seeds_dir
    from desktop.read.files import read_documents

    docs = [doc.paragraphs for path in sorted(seeds_dir().iterdir()) for doc in read_documents(path)]
    out, total, i = [], 0, 0
    while total < chars:
        body = docs[i % len(docs)][1:] if out else docs[0]  # one title, then the speeches' bodies
        for p in body:
            out.append(p)
            total += len(p)
            if total >= chars:
                break
        i += 1
    return out


def main(argv: list[str]) -> None:
    from desktop.core.structure import parse
    from desktop.export.exporter import export_speech

    runs = 3 if quick_mode(argv) else 7
    pandoc = shutil.which("pandoc")
    with tempfile.TemporaryDirectory(prefix="bench-export-") as tmp:
        for chars, target in ((10_000, "≤ 100 ms"), (100_000, "≤ 500 ms")):
            speech = parse(draft_paragraphs(chars), name="bench")
            out = Path(tmp) / f"draft-{chars}.docx"
            export_speech(speech, out)  # warm-up: imports, layout, fonts
            times = []
            for _ in range(runs):
                t0 = time.perf_counter()
                export_speech(speech, out)
                times.append((time.perf_counter() - t0) * 1000)
            comparison: dict = {"pandoc": "absent (apt-get install -y pandoc)"}
            if pandoc:
                md = export_speech(speech, Path(tmp) / f"draft-{chars}.md")
                ptimes = []
                for _ in range(max(1, runs // 2)):
                    t0 = time.perf_counter()
                    subprocess.run([pandoc, str(md), "-o", str(Path(tmp) / f"pandoc-{chars}.docx")], check=True)
                    ptimes.append((time.perf_counter() - t0) * 1000)
                comparison = {"pandoc_process_ms": statistics.median(ptimes)}
            emit(
                f"export_docx_{chars // 1000}k_chars",
                statistics.median(times),
                "ms",
                target,
                comparison,
                chars=sum(len(b.text) for b in speech.blocks),
                docx_kb=round(out.stat().st_size / 1024, 1),
                runs=runs,
            )


if __name__ == "__main__":
    main(sys.argv[1:])
