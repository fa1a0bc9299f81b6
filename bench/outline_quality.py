"""Bench: the structure parser against hand-made gold outlines.

    python bench/outline_quality.py DIR GOLD_DIR [--diff] [--only STEM,…] [--exclude STEM,…]

For every GOLD_DIR/<stem>.json, the document DIR/**/<stem>.{txt,md,docx} is read and parsed the
way an import reads it (desktop.read.files.read_documents, then core.structure.parse) and its
outline compared with the gold one (conventions: the end of the corpus's SOURCES.md):

- headings: precision, recall and F1 of the heading texts (a predicted heading counts when a
  gold heading of the same text stands at the same place in the order: difflib's alignment of
  the two lists), and level accuracy over the matched headings;
- title, salutation and closing (its first sentence): right or wrong per document; both absent
  is right.

Texts are compared after the reader's own character normalisation (core.cleaning.normalize_text:
half-width punctuation in Chinese text made full-width, odd spaces), which the gold, copied from
the raw file, has not had; then all whitespace and trailing 。：；， are removed.

Prints one JSON line per document and one per figure and group (the folder under DIR a document
is in, e.g. gov-reports-2026, speeches) and for all documents. --diff prints, on stderr, what
differs per document.
"""

from __future__ import annotations

import argparse
import difflib
import json
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import emit, log

SUFFIXES = (".txt", ".md", ".docx")
_WHITESPACE = re.compile(r"\s+")
_TRAILING = "。：；，"


def normalise(text: str | None) -> str | None:
    """The form two texts are compared in (module doc); None stays None."""
    from desktop.core.cleaning import normalize_text

    if text is None:
        return None
    flat = _WHITESPACE.sub("", normalize_text(text.replace("\n", " ")))
    return flat.rstrip(_TRAILING + " ")


@dataclass
class DocumentScore:
    name: str
    group: str
    predicted: int = 0  # headings the parser found
    gold: int = 0  # headings in the gold outline
    matched: int = 0
    level_right: int = 0  # matched headings at the gold level
    title: bool = False
    salutation: bool = False
    closing: bool = False
    diff: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.matched / self.predicted if self.predicted else (1.0 if not self.gold else 0.0)

    @property
    def recall(self) -> float:
        return self.matched / self.gold if self.gold else (1.0 if not self.predicted else 0.0)

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def level_accuracy(self) -> float:
        return self.level_right / self.matched if self.matched else 1.0


def score_document(path: Path, gold: dict, group: str) -> DocumentScore:
    from desktop.core.structure import parse
    from desktop.read.files import read_documents

    doc = read_documents(path)[0]
    speech = parse(doc.paragraphs, name=doc.name, finished=True, marks=doc.marks)
    score = DocumentScore(path.stem, group)
    got = [(normalise(h.text), h.level) for h in speech.headings]
    want = [(normalise(h["text"]), h["level"]) for h in gold["headings"]]
    score.predicted, score.gold = len(got), len(want)
    matcher = difflib.SequenceMatcher(None, [t for t, _ in got], [t for t, _ in want], autojunk=False)
    for block in matcher.get_matching_blocks():
        for k in range(block.size):
            score.matched += 1
            g_level, w_level = got[block.a + k][1], want[block.b + k][1]
            if g_level == w_level:
                score.level_right += 1
            else:
                score.diff.append(f"  level {g_level}≠{w_level}: {want[block.b + k][0]}")
    for tag, a0, a1, b0, b1 in matcher.get_opcodes():
        if tag == "equal":
            continue
        score.diff.extend(f"  + {t} (level {lvl})" for t, lvl in got[a0:a1])
        score.diff.extend(f"  - {t} (level {lvl})" for t, lvl in want[b0:b1])
    for part, mine, theirs in (
        ("title", speech.title, gold["title"]),
        ("salutation", speech.salutation, gold["salutation"]),
        ("closing", speech.closing, gold["closing_first_sentence"]),
    ):
        right = normalise(mine) == normalise(theirs)
        setattr(score, part, right)
        if not right:
            score.diff.append(f"  {part}: got {mine!r}, want {theirs!r}")
    return score


def find_documents(root: Path) -> dict[str, Path]:
    return {p.stem: p for p in sorted(root.rglob("*")) if p.suffix.lower() in SUFFIXES and p.is_file()}


def totals(scores: list[DocumentScore]) -> dict[str, float]:
    predicted = sum(s.predicted for s in scores)
    gold = sum(s.gold for s in scores)
    matched = sum(s.matched for s in scores)
    precision = matched / predicted if predicted else 0.0
    recall = matched / gold if gold else 0.0
    n = len(scores) or 1
    return {
        "documents": len(scores),
        "heading_precision": precision,
        "heading_recall": recall,
        "heading_f1": 2 * precision * recall / (precision + recall) if precision + recall else 0.0,
        "level_accuracy": sum(s.level_right for s in scores) / matched if matched else 0.0,
        "title_accuracy": sum(s.title for s in scores) / n,
        "salutation_accuracy": sum(s.salutation for s in scores) / n,
        "closing_accuracy": sum(s.closing for s in scores) / n,
    }


TARGETS = {
    "heading_f1": "≥ 0.97",
    "level_accuracy": "≥ 0.95",
    "title_accuracy": "≥ 0.95",
    "salutation_accuracy": "≥ 0.95",
    "closing_accuracy": "≥ 0.95",
}


def measure(root: Path, gold_dir: Path, only: set[str] | None = None) -> list[DocumentScore]:
    """Every gold outline scored against the parser's reading of its document."""
    documents = find_documents(root)
    scores = []
    for gold_path in sorted(gold_dir.glob("*.json")):
        stem = gold_path.stem
        if only and stem not in only:
            continue
        path = documents.get(stem)
        if path is None:
            log(f"no document for {gold_path.name} under {root}")
            continue
        group = path.relative_to(root).parts[0] if len(path.relative_to(root).parts) > 1 else root.name
        scores.append(score_document(path, json.loads(gold_path.read_text(encoding="utf-8")), group))
    return scores


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("dir", type=Path)
    parser.add_argument("gold_dir", type=Path)
    parser.add_argument("--diff", action="store_true", help="print what differs per document on stderr")
    parser.add_argument("--only", help="comma-separated document stems")
    parser.add_argument("--exclude", help="comma-separated document stems to leave out (held-out checks)")
    parser.add_argument("--quick", action="store_true", help="accepted for bench/run.py; changes nothing")
    ns = parser.parse_args(argv)
    if not ns.gold_dir.is_dir():
        log(f"no gold outlines at {ns.gold_dir}: nothing to measure")
        return 0
    scores = measure(ns.dir, ns.gold_dir, set(ns.only.split(",")) if ns.only else None)
    if ns.exclude:
        scores = [s for s in scores if s.name not in set(ns.exclude.split(","))]
    for s in scores:
        print(
            json.dumps(
                {
                    "document": s.name,
                    "group": s.group,
                    "heading_precision": round(s.precision, 3),
                    "heading_recall": round(s.recall, 3),
                    "heading_f1": round(s.f1, 3),
                    "level_accuracy": round(s.level_accuracy, 3),
                    "title": s.title,
                    "salutation": s.salutation,
                    "closing": s.closing,
                },
                ensure_ascii=False,
            ),
            flush=True,
        )
        if ns.diff and s.diff:
            print(f"{s.name}:\n" + "\n".join(s.diff), file=sys.stderr)
    groups = sorted({s.group for s in scores})
    for group in [*groups, "all"]:
        members = [s for s in scores if group in ("all", s.group)]
        for name, value in totals(members).items():
            if name == "documents":
                continue
            emit(f"outline {name}", value, "share", TARGETS.get(name), group=group, documents=len(members))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
