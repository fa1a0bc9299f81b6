"""Bench: are first drafts and suggestions worth starting from? (issue 12)

    python bench/draft_quality.py [--quick] [--show N] [--drafts]

A panel of (speech type, topic) pairs is composed on the seed bank and on a bank with the
development corpus (`$SPEECHDRAFT_CORPUS`, else ../shared/corpus) imported; both banks are built
in a temporary folder with the command line (`speechdraft bank build`, `bank import`), as a
writer would. The corpus half is skipped, with a note, when the folder is absent.

Printed per draft and in total (one JSON object per line; rules in bench/draft_rules.py, their
wording printed first): the share of body sentences on their section's topic and the hinted
slots; unslotted specifics carried over from another document; repeated or near-duplicate
sentences; openings and closings naming another meeting or topic; titles and set phrases that
break the type's form; characters and open slots. Then the suggestion precision@5 on a panel of
queries. --drafts prints every draft's text on stderr; --show N the N-th draft only.
"""

from __future__ import annotations

import inspect
import os
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import draft_rules as rules
from common import PYTHON, REPO, emit, log

PANEL: list[tuple[str, str]] = [
    ("动员部署讲话", "安全生产"),
    ("动员部署讲话", "乡村振兴"),
    ("动员部署讲话", "营商环境"),
    ("动员部署讲话", "生态环境保护"),
    ("全会讲话", "高质量发展"),
    ("全会讲话", "乡村振兴"),
    ("研讨发言", "科技创新"),
    ("研讨发言", "作风建设"),
    ("交流发言", "乡村振兴"),
    ("交流发言", "调查研究"),
    ("心得体会", "科技创新"),
    ("心得体会", "安全生产"),
    ("党课讲稿", "全面从严治党"),
    ("党课讲稿", "作风建设"),
    ("述职报告", "安全生产"),
    ("述职报告", "营商环境"),
    ("表态发言", "营商环境"),
    ("表态发言", "安全生产"),
    ("致辞", "新年"),
    ("致辞", "开学典礼"),
    ("综述", "乡村振兴"),
    ("综述", "科技创新"),
]
QUERIES = [
    "总书记",
    "总书记强调",
    "结尾",
    "开头",
    "引语",
    "三农",
    "乡村振兴",
    "安全生产",
    "营商环境",
    "科技创新",
    "作风建设",
    "调查研究",
    "高质量发展",
    "全面从严治党",
    "以学促干",
    "主题教育",
    "应急管理",
    "新质生产力",
    "基层治理",
    "生态环境",
]
# The writer the drafts are made for (their settings): what a draft may name as its own.
WRITER = {"place": "青山县", "unit": "青山县应急管理局"}
KINDS = ("标题", "称呼", "开头", "过渡", "一级标题", "二级标题", "引语", "论述", "数据", "排比/四字格", "结尾")


def corpus_dir() -> Path | None:
    env = os.environ.get("SPEECHDRAFT_CORPUS")
    path = Path(env) if env else REPO.parent / "shared" / "corpus"
    return path if path.is_dir() else None


def cli(data_dir: Path, *args: str) -> None:
    env = {**os.environ, "SPEECHDRAFT_DATA_DIR": str(data_dir)}
    done = subprocess.run([PYTHON, "-m", "desktop", *args], env=env, capture_output=True, text=True, cwd=REPO)
    if done.returncode:
        raise SystemExit(f"speechdraft {' '.join(args)} failed: {done.stderr.strip()}")
    log(f"speechdraft {args[0]} {args[1]}: {done.stdout.strip()}")


def build_banks(tmp: Path) -> dict[str, Path]:
    banks = {}
    seed = tmp / "seed"
    cli(seed, "bank", "build")
    banks["seed"] = seed
    corpus = corpus_dir()
    if corpus is None:
        log("corpus folder absent ($SPEECHDRAFT_CORPUS or ../shared/corpus): the corpus half is skipped")
        return banks
    full = tmp / "corpus"
    cli(full, "bank", "build")
    folders = [str(p) for p in sorted(corpus.iterdir()) if p.is_dir() and p.name != "gold"]
    cli(full, "bank", "import", *folders)
    banks["corpus"] = full
    return banks


def _tagger():
    try:
        import rjieba

        return lambda text, hmm: rjieba.tag(text, hmm)
    except ImportError:
        import jieba.posseg

        return lambda text, hmm: [(w.word, w.flag) for w in jieba.posseg.lcut(text, HMM=hmm)]


def compose_draft(bank, speech_type: str, topic: str, seed: int):
    from desktop.core.compose import compose

    options = {}
    params = inspect.signature(compose).parameters
    if "writer" in params:
        options["writer"] = WRITER
    return compose(bank, speech_type, topic_words=[topic], seed=seed, **options)


def measure(draft, speech_type: str, topic: str, tag, cut) -> dict:
    from desktop.core import document as d
    from desktop.core.compose import heading_words
    from desktop.core.structure import parse

    speech = parse(draft.paragraphs)
    title = speech.title or draft.paragraphs[0]
    parents = speech.parent_indices()
    topic_terms = [topic, *rules.RELATED.get(topic, ())]
    own = [topic, *WRITER.values()]
    body_total = on = hinted = 0
    off: list[str] = []
    sentences_seen: list[str] = []
    repeats: list[str] = []
    found: list[tuple[str, str]] = []
    owner: int | None = None
    headed = bool(speech.headings)
    content = [b.index for b in speech.blocks if b.role in (d.OPENING, d.BODY)]

    def in_body(block) -> bool:
        if headed:
            return block.role in (d.BODY, d.HEADING)
        return block.role in (d.OPENING, d.BODY) and bool(content) and block.index != content[0]

    for block in speech.blocks:
        if block.heading is not None:
            owner = speech.headings.index(block.heading)
        text = block.body_text if block.role == d.HEADING else block.text
        if block.role not in (d.TITLE, d.SALUTATION, d.BLANK):
            found += rules.specifics(block.text, tag, own).found
        for s in rules.sentences(block.text):
            twice = any(rules.near_duplicate(s, t) or rules.bigrams(s) == rules.bigrams(t) for t in sentences_seen)
            if twice and len(rules.bigrams(s)) >= 8:
                repeats.append(s[:30])
            sentences_seen.append(s)
        if not in_body(block):
            continue
        terms = list(topic_terms)
        k = owner
        while k is not None:
            words = heading_words(speech.headings[k].text)
            if rules.on_topic(words, topic_terms):
                terms += rules.heading_terms(words, cut)
            k = parents[k] if speech.headings[k].level > 1 else None
        for s in rules.sentences(text):
            if rules.HINTED.fullmatch(s.rstrip("。")) or rules.HINTED.fullmatch(s):
                hinted += 1
                continue
            body_total += 1
            if rules.on_topic(s, terms):
                on += 1
            elif len(off) < 3:
                off.append(s[:40])
    edges = [
        b.text
        for b in speech.blocks
        if (b.role == d.OPENING and (headed or b.index == content[0])) or b.role == d.CLOSING
    ]
    named = []
    for text in edges:
        for mine in sorted(
            WRITER.values(), key=len, reverse=True
        ):  # the writer's own place and unit (我谨代表青山县应急管理局) are no other topic
            text = text.replace(mine, "")
        named += rules.meetings_named(text, title, [topic])
        named += rules.topics_named(text, topic)
    whole = "\n".join(draft.paragraphs)
    chars = sum(len("".join(p.split())) for p in draft.paragraphs)
    worn = rules.worn_sentences(sentences_seen, topic)
    return {
        "chars": chars,
        "body_sentences": body_total,
        "on_topic": on,
        "hinted_slots": hinted,
        "off_topic_examples": off,
        "specifics": len(found),
        "specifics_examples": [f"{k}:{t}" for k, t in found[:6]],
        "repeats": len(repeats),
        "repeat_examples": repeats[:3],
        "worn": len(worn),
        "worn_examples": [w[:30] for w in worn[:3]],
        "edges_naming_other": len(named),
        "edges_examples": named[:4],
        "form_breaks": rules.form_breaks(speech_type, title, whole),
        "open_slots": len(rules.SLOT.findall(whole)),
        "title": title,
    }


def precision(bank) -> tuple[float, list[dict]]:
    rows = []
    for q in QUERIES:
        hits = bank.search(q, limit=5)
        relevant = 0
        kept: list[str] = []
        for h in hits[:5]:
            if q in KINDS:
                ok = h.kind == q
            else:
                ok = q in h.text or any(t in h.text for t in rules.RELATED.get(q, ()))
            if ok and any(rules.near_duplicate(h.text, k) for k in kept):
                ok = False
            kept.append(h.text)
            relevant += ok
        rows.append({"query": q, "hits": len(hits), "relevant": relevant, "p5": relevant / 5})
    return sum(r["p5"] for r in rows) / len(rows), rows


def main(argv: list[str]) -> int:
    from desktop.infra.paths import data_paths
    from desktop.store.bank import PhraseBank
    from desktop.text.tokenizer import Tokenizer

    show = int(argv[argv.index("--show") + 1]) if "--show" in argv else None
    panel = PANEL[:8] if "--quick" in argv else PANEL
    for name, wording in rules.RULES.items():
        emit(f"draft_quality.rule.{name}", 0, "", None, rule=wording)
    tag = _tagger()
    tokenizer = Tokenizer()
    tokenizer.load()
    with tempfile.TemporaryDirectory(prefix="bench-draft-quality-") as tmp:
        banks = build_banks(Path(tmp))
        for bank_name, root in banks.items():
            totals = dict.fromkeys(
                (
                    "body_sentences",
                    "on_topic",
                    "hinted_slots",
                    "specifics",
                    "repeats",
                    "worn",
                    "edges_naming_other",
                    "chars",
                    "open_slots",
                ),
                0,
            )
            breaks = 0
            with PhraseBank.open(data_paths(root).bank, tokenizer=tokenizer) as bank:
                for i, (speech_type, topic) in enumerate(panel):
                    draft = compose_draft(bank, speech_type, topic, seed=i)
                    figures = measure(draft, speech_type, topic, tag, tokenizer.cut)
                    for k in totals:
                        totals[k] += figures[k]
                    breaks += bool(figures["form_breaks"])
                    share = figures["on_topic"] / figures["body_sentences"] if figures["body_sentences"] else 1.0
                    emit(
                        f"draft_quality.{bank_name}.draft",
                        round(share, 3),
                        "on-topic share",
                        None,
                        type=speech_type,
                        topic=topic,
                        **figures,
                    )
                    if "--drafts" in argv or show == i:
                        print(
                            f"\n===== [{bank_name}] {speech_type} · {topic}\n" + "\n".join(draft.paragraphs),
                            file=sys.stderr,
                        )
                p5, rows = precision(bank)
            n = totals["body_sentences"]
            emit(
                f"draft_quality.{bank_name}.on_topic_share",
                totals["on_topic"] / n if n else 1.0,
                "share",
                "≥ 0.70 with the corpus; seed bank: every body sentence on topic or a hinted slot",
                body_sentences=n,
                on_topic=totals["on_topic"],
                hinted_slots=totals["hinted_slots"],
                off_topic=n - totals["on_topic"],
            )
            emit(f"draft_quality.{bank_name}.unslotted_specifics", totals["specifics"], "count", "0")
            emit(f"draft_quality.{bank_name}.repeated_sentences", totals["repeats"], "count", "0")
            emit(f"draft_quality.{bank_name}.worn_phrase_sentences", totals["worn"], "count", None)
            emit(f"draft_quality.{bank_name}.edges_naming_other", totals["edges_naming_other"], "count", "0")
            emit(f"draft_quality.{bank_name}.drafts_breaking_form", breaks, "drafts", "0", drafts=len(panel))
            emit(
                f"draft_quality.{bank_name}.chars",
                totals["chars"] / len(panel),
                "chars per draft",
                None,
                open_slots_per_draft=round(totals["open_slots"] / len(panel), 1),
            )
            emit(f"draft_quality.{bank_name}.precision_at_5", p5, "share", "≥ 0.8", queries=rows)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
