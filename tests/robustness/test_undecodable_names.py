"""Issue 13, defect 4: file names that are not UTF-8 (a Windows archive unzipped on UOS/麒麟 leaves
GBK names) do not abort a folder import; they are decoded or shown by their bytes."""

from __future__ import annotations

import json
import os
import sqlite3
import sys
from contextlib import closing

import pytest

from desktop.infra.paths import shown_path
from desktop.store.bank import PhraseBank

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="Windows file names are always Unicode")

SPEECH = "在全县工作会议上的讲话\n同志们：\n今天召开会议，主要任务是部署下一阶段的基层治理工作，请大家抓好落实。\n"


def test_a_folder_with_gbk_and_undecodable_names_imports_every_file(tmp_path, tokenizer):
    folder = tmp_path / "解压的档案"
    folder.mkdir()
    gbk_name = "在全县会议上的讲话.txt".encode("gbk")
    broken_name = b"\xff\xfe\xfa-notes.txt"  # neither UTF-8 nor GB18030
    for raw, line in ((gbk_name, "一"), (broken_name, "二"), ("正常名字.txt".encode(), "三")):
        with open(os.path.join(os.fsencode(folder), raw), "w", encoding="utf-8") as f:
            f.write(SPEECH.replace("部署下一阶段", f"部署第{line}阶段"))
    path = tmp_path / "phrasebank.sqlite3"
    with PhraseBank.open(path, tokenizer=tokenizer, backups_dir=tmp_path / "backups") as bank:
        report = bank.import_paths([folder])
    assert report.refused == [] and len(report.imported) == 3
    names = {d.name for d in report.imported}
    assert names == {"在全县会议上的讲话", "\\xff\\xfe\\xfa-notes", "正常名字"}
    json.dumps([d.path for d in report.imported], ensure_ascii=False).encode("utf-8")  # all text
    with closing(sqlite3.connect(path)) as raw:
        stored = {n for (n,) in raw.execute("SELECT name FROM documents")}
    assert names <= stored


def test_shown_path_keeps_good_names_and_shows_bad_bytes():
    assert shown_path("讲话.txt") == "讲话.txt"
    assert shown_path(os.fsdecode("讲话".encode("gbk"))) == "讲话"
    assert shown_path(os.fsdecode(b"\xff\xfe")) == "\\xff\\xfe"
