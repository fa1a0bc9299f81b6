"""Bench: what importing a corpus puts into the bank, and the type each document gets.

    python bench/bank_hygiene.py [CORPUS] [--examples N]

CORPUS (default $SPEECHDRAFT_CORPUS, else ../shared/corpus beside the repository) holds folders of
documents and a SOURCES.md whose tables give each file's type. Every document is imported with
`speechdraft bank import` into a throwaway data folder (SPEECHDRAFT_DATA_DIR), the bank exported
with `speechdraft bank export`, and of the units that came from the corpus (not from the seeds
the bank starts with) this prints, as JSON lines:

- the count of units by kind;
- the count of units of each junk class (tests/junk_classes.py), with examples on stderr;
- per document: its type as the importer inferred it, beside the type column of SOURCES.md, and
  whether the two are compatible (TYPE_COMPATIBLE: a 政府工作报告 is a work report or unknown, …).
"""

from __future__ import annotations

import collections
import json
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))  # the junk classes the tests check
from common import REPO, log
from junk_classes import junk_class

DEFAULT_CORPUS = Path(os.environ.get("SPEECHDRAFT_CORPUS") or REPO.parent / "shared" / "corpus")

# SOURCES.md's type (its words before the first bracket) → the inferred types that do not
# contradict it (None: unknown). A meeting speech may also be a 动员部署讲话 when it was given at
# a 工作会议, and a 全会讲话 when at a 全会 (the words in SOURCES.md's brackets say so).
_COMPATIBLE: list[tuple[str, set[str | None]]] = [
    ("政府工作报告", {"政府工作报告", None}),
    ("工作报告", {"工作报告", None}),
    ("述职报告", {"述职报告", None}),
    ("情况报告", {"工作汇报", None}),
    ("总结报告", {"工作汇报", None}),
    ("工作汇报", {"工作汇报", None}),
    ("先进事迹材料", {"事迹材料", None}),
    ("致辞", {"致辞", None}),
    ("献词", {"致辞", None}),
    ("贺词", {"致辞", None}),
    ("发言", {"交流发言", "表态发言", "研讨发言", None}),
    ("讲话", {"会议讲话", None}),  # 会议讲话, 仪式讲话, 开学典礼讲话, 国旗下讲话 …
    ("会议说明", {"会议讲话", None}),
]


def compatible_types(sources_type: str) -> set[str | None]:
    """The inferred types that do not contradict a SOURCES.md type such as 会议讲话（全会…）."""
    head = re.split(r"[（(]", sources_type, maxsplit=1)[0]
    allowed: set[str | None] = {None}
    for word, types in _COMPATIBLE:
        if word in head:
            allowed = set(types)
            break
    if "讲话" in head or "会议说明" in head:
        if "工作会议" in sources_type:
            allowed.add("动员部署讲话")
        if "全会" in sources_type:
            allowed.add("全会讲话")
    return allowed


def sources_types(corpus: Path) -> dict[str, str]:
    """file stem → the type column of SOURCES.md's tables."""
    found = {}
    for line in (corpus / "SOURCES.md").read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.split("|")]
        if len(cells) > 3 and cells[1].startswith("`") and cells[1].endswith("`"):
            found[Path(cells[1].strip("`")).stem] = cells[2]
    return found


def import_corpus(corpus: Path, data_dir: Path) -> dict:
    """The bank exported after `speechdraft bank import` of every folder of the corpus."""
    env = {**os.environ, "SPEECHDRAFT_DATA_DIR": str(data_dir)}
    folders = [str(p) for p in sorted(corpus.iterdir()) if p.is_dir() and p.name != "gold"]
    command = [sys.executable, "-c", "from desktop.app import main; raise SystemExit(main())"]
    done = subprocess.run(
        [*command, "bank", "import", *folders, "--json"], env=env, capture_output=True, text=True, cwd=REPO
    )
    if done.returncode:
        raise SystemExit(f"import failed: {done.stderr}")
    log(f"import: {done.stdout.strip()[:300]}")
    out = data_dir / "bank.json"
    subprocess.run([*command, "bank", "export", str(out)], env=env, check=True, capture_output=True, cwd=REPO)
    return json.loads(out.read_text(encoding="utf-8"))


def main(argv: list[str]) -> int:
    examples = int(argv[argv.index("--examples") + 1]) if "--examples" in argv else 5
    args = [a for k, a in enumerate(argv) if not a.startswith("--") and (k == 0 or argv[k - 1] != "--examples")]
    corpus = Path(args[0]) if args else DEFAULT_CORPUS
    if not (corpus / "SOURCES.md").is_file():
        log(f"no corpus at {corpus} (set SPEECHDRAFT_CORPUS): nothing to measure")
        return 0
    with tempfile.TemporaryDirectory(prefix="speechdraft-hygiene-") as tmp:
        bank = import_corpus(corpus, Path(tmp))
    corpus_root = str(corpus.resolve())
    documents = {
        d["key"]: d for d in bank["documents"] if str(Path(d["source_path"] or "").resolve()).startswith(corpus_root)
    }
    units = [u for u in bank["units"] if any(s["document"] in documents for s in u["sources"])]
    by_kind = collections.Counter(u["kind"] for u in units)
    print(json.dumps({"name": "units by kind", "value": len(units), "by_kind": dict(by_kind)}, ensure_ascii=False))
    junk: dict[str, list[str]] = collections.defaultdict(list)
    for u in units:
        cls = junk_class(u["text"], u["kind"])
        if cls:
            junk[cls].append(f"[{u['kind']}] {u['text'][:80]}")
    counts = {cls: len(found) for cls, found in sorted(junk.items())}
    print(json.dumps({"name": "junk units", "value": sum(counts.values()), "by_class": counts}, ensure_ascii=False))
    for cls, found in sorted(junk.items()):
        log(f"{cls}: " + " | ".join(found[:examples]))
    expected = sources_types(corpus)
    contradictions = 0
    for d in sorted(documents.values(), key=lambda d: d["name"]):
        stem = Path(d["source_path"]).stem
        if stem not in expected or d["name"] != stem:
            continue  # a document found glued behind another has no row of its own
        allowed = compatible_types(expected[stem])
        ok = d["speech_type"] in allowed
        contradictions += not ok
        row = {"document": stem, "sources_type": expected[stem], "inferred": d["speech_type"], "compatible": ok}
        print(json.dumps(row, ensure_ascii=False))
    print(json.dumps({"name": "type contradictions", "value": contradictions}, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
