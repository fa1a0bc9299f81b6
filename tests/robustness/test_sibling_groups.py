"""Issue 13, defect 1: a document of many sibling headings costs the bank N texts, not N².

Before, every heading stored the whole list of its siblings: 5,000 `（一）…` lines made a 930 MB
bank. Now a group of siblings is one heading_groups row, shared by its headings, in the bank and
in the backup file.
"""

from __future__ import annotations

import json
import sqlite3
from contextlib import closing
from pathlib import Path

from desktop.core.phrases import cut
from desktop.core.structure import parse
from desktop.read.files import read_documents
from desktop.store.bank import PhraseBank

_CHARS = "春夏秋冬山水风云松竹梅兰江河湖海日月星辰金木火土花草树林桥路田园城乡书画琴棋诗词歌赋"
N = 600


def _headings(n: int) -> list[str]:
    out = []
    for i in range(n):
        a, b, c = i // len(_CHARS) ** 2, i // len(_CHARS) % len(_CHARS), i % len(_CHARS)
        out.append(f"（一）标题{_CHARS[a]}{_CHARS[b]}{_CHARS[c]}工作")
    return out


def _siblings_file(tmp_path: Path, n: int = N) -> Path:
    path = tmp_path / "siblings.txt"
    path.write_text("关于加强基层治理工作的讲话\n同志们：\n" + "\n".join(_headings(n)) + "\n", encoding="utf-8")
    return path


def test_the_headings_of_one_group_share_one_list_when_cut(tmp_path):
    (doc,) = read_documents(_siblings_file(tmp_path))
    units = [u for u in cut(doc, parse(doc.paragraphs, name=doc.name)) if u.group]
    assert len(units) == N
    assert len({id(u.group) for u in units}) == 1  # one list for the group, not a copy per heading
    assert len(units[0].group) == N


def test_a_group_of_many_siblings_is_stored_once(tmp_path, tokenizer):
    path = tmp_path / "phrasebank.sqlite3"
    with PhraseBank.open(path, tokenizer=tokenizer, backups_dir=tmp_path / "backups") as bank:
        report = bank.import_paths([_siblings_file(tmp_path)])
        assert report.units_added > N // 2
        hits = bank.search("标题春夏秋", limit=5)
        assert hits and len(bank.get_units([hits[0].unit_id])[0].group) == N
        export = tmp_path / "backup.json"
        bank.export_json(export)
    with closing(sqlite3.connect(path)) as raw:
        groups = raw.execute("SELECT headings FROM heading_groups").fetchall()
        stored = sum(len(json.loads(h)) for (h,) in groups)
    # The 600 siblings once (and the seeds' own small groups), not 600 × 600 = 360,000 texts.
    assert stored < 3 * N, stored
    data = json.loads(export.read_text(encoding="utf-8"))
    written = sum(len(g) for g in data["groups"]) + sum(
        len(u["group"]) for u in data["units"] if isinstance(u["group"], list)
    )
    assert written < 3 * N, written

    # ...and back: the restored bank has the group once, each heading still standing in it.
    again = tmp_path / "restored.sqlite3"
    with PhraseBank.open(again, tokenizer=tokenizer, backups_dir=tmp_path / "backups") as bank:
        bank.restore_json(export)
        hits = bank.search("标题春夏秋", limit=5)
        assert len(bank.get_units([hits[0].unit_id])[0].group) == N
    with closing(sqlite3.connect(again)) as raw:
        assert sum(len(json.loads(h)) for (h,) in raw.execute("SELECT headings FROM heading_groups")) < 3 * N
