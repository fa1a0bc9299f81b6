"""Bench: large realistic phrase banks, from the seeds' own sentences recombined.

    python bench/generate.py 100000 [1000000 …]   # builds (or finds) bench/out/bank-N-….sqlite

The seeds are cut into phrase units by the app's own reader, parser and cutter; every unit's
text is split into clauses at ，；、： and each clause segmented ONCE by the app's Tokenizer. A
generated phrase of a kind joins 1–6 clauses (as many as that kind's units have in the seeds)
drawn mostly from units of the same kind, so the vocabulary, the term frequencies and the
phrase lengths are those of real speeches. Its words, keywords and dedup key are
computed exactly as the store computes them (keywords_from_tokens, dedup_key) from the clause
tokens, without running the segmenter again, and its grams by store.terms from its text. A few units are favourites,
used, or in the trash; every 50 units share a made-up source document.

Rows go in with executemany in one transaction with the search index's triggers dropped; the
index is built afterwards by the store's own install_search_indexes(rebuild=True). Banks are
cached under bench/out/ with a fingerprint of the code that decides their content.
"""

from __future__ import annotations

import hashlib
import json
import random
import re
import sqlite3
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import OUT, REPO, log

GENERATOR_VERSION = 5
UNITS_PER_DOCUMENT = 50
_CLAUSE = re.compile(r"([，；、：,;:])")
# What decides the rows of a generated bank; the search index is rebuilt in place when the
# DDL that builds it changes (index_fingerprint), without generating the rows again.
# (The segmenter and the cutter are left out on purpose: a change of segmenter must keep token
# boundaries, and regenerating a million rows for every edit of the cutter costs minutes.)
_FINGERPRINTED = ("desktop/store/terms.py", "resources/userdict.txt")


def _digest(paths: list[Path], salt: str = "") -> str:
    h = hashlib.sha256(salt.encode())
    for path in paths:
        h.update(path.read_bytes())
    return h.hexdigest()[:10]


def fingerprint() -> str:
    return _digest([REPO / rel for rel in _FINGERPRINTED] + sorted((REPO / "seeds").iterdir()), str(GENERATOR_VERSION))


def index_fingerprint() -> str:
    """What decides the search indexes and the row indexes: their DDL and the schema version.

    The DDL rather than the files that hold it, so that an edit elsewhere in those modules
    (a PRAGMA, a comment) does not cost a 100-second rebuild of the million-phrase bank."""
    from desktop.store.migrations import SCHEMA_VERSION
    from desktop.store.models import Base
    from desktop.store.sqlite import fts, rank_index, schema

    parts = [str(SCHEMA_VERSION), *rank_index.SCHEMA, *fts.SCHEMA]
    parts += sorted(
        f"{t.name}:{i.name}:{[c.name for c in i.columns]}:{i.unique}"
        for t in Base.metadata.sorted_tables
        for i in schema.sqlite_indexes(t)
    )
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()[:10]


def reindex(path: Path) -> None:
    """Rebuild the bank's search index(es) with the store's current code; set the current schema version."""
    from sqlalchemy import create_engine

    from desktop.store.migrations import SCHEMA_VERSION
    from desktop.store.sqlite import connection as db
    from desktop.store.sqlite import schema

    started = time.perf_counter()
    con = sqlite3.connect(path, isolation_level=None)
    con.execute("BEGIN")
    for (name,) in con.execute(
        "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'units'"
    ).fetchall():
        con.execute(f'DROP TRIGGER "{name}"')
    for (name,) in con.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND sql LIKE 'CREATE VIRTUAL TABLE%'"
    ).fetchall():
        con.execute(f'DROP TABLE "{name}"')
    con.execute("COMMIT")
    con.close()
    from sqlalchemy.schema import CreateIndex

    from desktop.store.models import Base

    engine = create_engine(f"sqlite:///{path}")
    with engine.begin() as conn:
        for table in Base.metadata.sorted_tables:  # indexes the models gained since the rows were made
            for index in schema.sqlite_indexes(table):
                conn.execute(CreateIndex(index, if_not_exists=True))
        schema.install_search_indexes(conn.connection.dbapi_connection, rebuild=True)
        conn.exec_driver_sql("DELETE FROM meta WHERE key IN ('schema_version', 'bench_index')")
        conn.exec_driver_sql(
            "INSERT INTO meta (key, value) VALUES ('schema_version', ?), ('bench_index', ?)",
            (str(SCHEMA_VERSION), index_fingerprint()),
        )
        conn.exec_driver_sql("PRAGMA optimize")
    engine.dispose()
    con = sqlite3.connect(path)
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()
    for p in db.sidecar_files(path):
        p.unlink(missing_ok=True)
    log(f"search index of {path.name} built in {time.perf_counter() - started:.1f} s")


def _index_is_current(path: Path) -> bool:
    con = sqlite3.connect(path)
    try:
        row = con.execute("SELECT value FROM meta WHERE key = 'bench_index'").fetchone()
    finally:
        con.close()
    return row is not None and row[0] == index_fingerprint()


def bank_path(n: int) -> Path:
    return OUT / f"bank-{n}-{fingerprint()}.sqlite"


def seed_units():
    """The seeds' phrase units as the importer cuts them (without keywords: not needed here)."""
    from desktop.core.phrases import cut
    from desktop.core.structure import parse
    from desktop.infra.paths import seeds_dir
    from desktop.read.files import read_documents

    units = []
    for path in sorted(seeds_dir().iterdir()):
        for doc in read_documents(path):
            units.extend(cut(doc, parse(doc.paragraphs, name=doc.name), None))
    return units


class ClausePool:
    """Bench: the seeds' clauses by kind, each with its tokens, and how many clauses units of a kind have."""

    def __init__(self, tokenizer) -> None:
        from desktop.core.phrases import SLOT_RE

        units = seed_units()
        self.by_kind: dict[str, list[tuple[str, list[str]]]] = defaultdict(list)
        self.lengths: dict[str, list[int]] = defaultdict(list)
        self.types = [u.speech_type for u in units if u.speech_type]
        self.kinds = [u.kind for u in units]
        for u in units:
            parts = _CLAUSE.split(u.text.rstrip("。！？"))
            clauses = [parts[i] + (parts[i + 1] if i + 1 < len(parts) else "") for i in range(0, len(parts), 2)]
            clauses = [c for c in clauses if c.strip()]
            self.lengths[u.kind].append(min(len(clauses), 6))
            for c in clauses:
                self.by_kind[u.kind].append((c, tokenizer.cut(SLOT_RE.sub(" ", c))))
        self.all_body = [c for k in ("论述", "数据", "引语", "排比/四字格", "过渡") for c in self.by_kind.get(k, [])]


def _rows(pool: ClausePool, n: int, rng: random.Random):
    """(unit row, document id) tuples for n distinct phrases."""
    from desktop.core.phrases import SLOT_RE, dedup_key
    from desktop.core.speech_types import type_names
    from desktop.store.terms import grams
    from desktop.text.tokenizer import keywords_from_tokens

    kinds = pool.kinds
    types = pool.types * 4 + type_names()  # mostly the seeds' types; every type appears
    seen: set[str] = set()
    made = 0
    stamp = "2024-05-01 08:00:00.000000"
    while made < n:
        kind = rng.choice(kinds)
        own = pool.by_kind[kind]
        count = rng.choice(pool.lengths[kind])
        clauses = [
            rng.choice(own) if rng.random() < 0.7 or not pool.all_body else rng.choice(pool.all_body)
            for _ in range(count)
        ]
        text = "".join(c for c, _ in clauses)
        text = text.rstrip("，；、：,;:") + ("" if kind in ("标题", "称呼") else "。")
        key = dedup_key(text)
        if not key or key in seen:
            continue
        seen.add(key)
        tokens = [t for _, toks in clauses for t in toks]
        r = rng.random()
        favourite = 1 if r < 0.005 else 0
        uses = int(rng.expovariate(0.3)) + 1 if r < 0.03 else 0
        deleted = stamp if 0.03 <= r < 0.032 else None
        made += 1
        yield (
            (
                made,
                text,
                kind,
                rng.choice(types),
                key,
                json.dumps(keywords_from_tokens(tokens), ensure_ascii=False),
                " ".join(tokens),
                grams(text),
                len(SLOT_RE.findall(text)),
                None,
                favourite,
                uses,
                stamp if uses else None,
                deleted,
                stamp,
                stamp,
            ),
            (made - 1) // UNITS_PER_DOCUMENT + 1,
        )


def _document_date(document: int) -> int:
    """The made-up document's date (yyyymmdd): spread over 2012–2026, as a writer's archive is."""
    return (2012 + document % 15) * 10000 + (1 + document % 12) * 100 + 1 + document % 28


def generate(n: int, path: Path, seed: int = 20240501) -> None:
    from desktop.store.bank import PhraseBank
    from desktop.store.sqlite import connection as db
    from desktop.text.tokenizer import Tokenizer

    started = time.perf_counter()
    tokenizer = Tokenizer(cache_dir=OUT / "cache")
    pool = ClausePool(tokenizer)
    log(f"clause pool: {sum(map(len, pool.by_kind.values()))} clauses in {time.perf_counter() - started:.1f} s")
    part = path.with_name(path.name + ".part")
    for p in (part, *db.sidecar_files(part)):
        p.unlink(missing_ok=True)
    PhraseBank.open(part, tokenizer=tokenizer).close()  # the real schema, at the current version
    con = sqlite3.connect(part, isolation_level=None)
    con.execute("PRAGMA synchronous = OFF")
    con.execute("BEGIN")
    for (name,) in con.execute(
        "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'units'"
    ).fetchall():
        con.execute(f'DROP TRIGGER "{name}"')
    rng = random.Random(seed)
    rows = _rows(pool, n, rng)
    docs = (n + UNITS_PER_DOCUMENT - 1) // UNITS_PER_DOCUMENT
    con.executemany(
        "INSERT INTO documents (id, name, source_path, content_hash, speech_type, imported_at)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        (
            (
                i,
                f"生成讲稿{i:06d}",
                None,
                hashlib.sha256(str(i).encode()).hexdigest(),
                None,
                "2024-05-01 08:00:00.000000",
            )
            for i in range(1, docs + 1)
        ),
    )
    sources: list[tuple[int, int, int]] = []

    def units():
        for row, doc in rows:
            sources.append((row[0], doc, row[0] % UNITS_PER_DOCUMENT))
            if row[0] % 100_000 == 0:
                log(f"{row[0]} units")
            yield (*row, _document_date(doc))

    con.executemany(
        "INSERT INTO units (id, text, kind, speech_type, dedup_key, keywords, tokens, grams, slots, group_id,"
        " favourite, uses, last_used_at, deleted_at, created_at, updated_at, dated)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        units(),
    )
    con.executemany("INSERT INTO unit_sources (unit_id, document_id, paragraph) VALUES (?, ?, ?)", sources)
    con.execute("COMMIT")
    con.close()
    log(f"rows in {time.perf_counter() - started:.1f} s; building the search index")
    reindex(part)
    part.replace(path)
    log(f"bank of {n} phrases at {path} in {time.perf_counter() - started:.1f} s")


def ensure_bank(n: int) -> Path:
    """The cached generated bank of n phrases, generating it first if needed."""
    path = bank_path(n)
    if not path.exists():
        OUT.mkdir(parents=True, exist_ok=True)
        for stale in OUT.glob(f"bank-{n}-*.sqlite"):
            stale.unlink()
        generate(n, path)
    elif not _index_is_current(path):
        reindex(path)
    return path


def kind_counts(path: Path) -> Counter:
    con = sqlite3.connect(path)
    try:
        return Counter(dict(con.execute("SELECT kind, count(*) FROM units GROUP BY kind").fetchall()))
    finally:
        con.close()


if __name__ == "__main__":
    for arg in sys.argv[1:] or ["100000"]:
        print(ensure_bank(int(arg)))
