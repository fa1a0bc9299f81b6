"""Issue 13, defects 6, 9, 12 and 15: what the app writes and where, and what it reads back.

A control character in a title, a write target that is a device or a pipe, an emptied bank
file, a bad value in the settings, and a console that cannot show every character.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from desktop.core import document as d
from desktop.export.exporter import export_speech
from desktop.infra.atomic import write_atomic
from desktop.infra.settings import DEFAULT_SPEAKING_SPEED, AppSettings
from desktop.read.docx_text import check_package
from desktop.read.files import read_documents
from desktop.store.bank import PhraseBank
from desktop.store.errors import BankOpenError
from tests.helpers import ROOT
from tests.helpers.export_speeches import HAND_MADE, make_speech
from tests.helpers.robust_support import assert_clear_chinese


def test_a_control_character_in_the_title_gives_a_docx_the_app_reads_back(tmp_path):
    rows = [(d.TITLE, "在全县工作会议上的讲话\x07\x1b\ud800", None), *HAND_MADE[1:]]
    out = export_speech(make_speech(rows), tmp_path / "控制字符.docx")
    check_package(out)  # core.xml is well-formed XML: not refused as damaged
    (doc,) = read_documents(out)
    assert doc.paragraphs[0] == "在全县工作会议上的讲话"
    import zipfile

    with zipfile.ZipFile(out) as package:
        core = package.read("docProps/core.xml").decode("utf-8")
    assert "<dc:title>在全县工作会议上的讲话</dc:title>" in core


@pytest.fixture
def fifo(tmp_path) -> Path:
    path = tmp_path / "管道"
    os.mkfifo(path)
    return path


def test_the_atomic_writer_never_renames_over_a_special_file(fifo):
    with pytest.raises(OSError) as refused:
        write_atomic(fifo, b'{"units": []}')
    assert "特殊文件" in str(refused.value) and refused.value.atomic_stage == "create"
    assert fifo.is_fifo()  # still the pipe, not replaced by a JSON file
    assert not list(fifo.parent.glob(".~*.tmp"))


def test_bank_export_to_a_special_file_is_refused_in_chinese(fifo, data_dir):
    done = _cli("bank", "export", str(fifo), data_dir=data_dir)
    assert done.returncode == 1 and fifo.is_fifo()
    message = done.stderr.decode("utf-8")
    assert_clear_chinese(message)
    assert "特殊文件" in message


def test_an_emptied_bank_file_is_not_silently_a_new_empty_bank(tmp_path, tokenizer):
    path = tmp_path / "phrasebank.sqlite3"
    path.write_bytes(b"")
    with pytest.raises(BankOpenError) as refused:
        PhraseBank.open(path, tokenizer=tokenizer, backups_dir=tmp_path / "backups")
    assert "0 字节" in str(refused.value)
    assert_clear_chinese(str(refused.value))
    assert path.stat().st_size == 0  # left for the writer to restore or delete


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("speaking_speed", 0),
        ("speaking_speed", True),
        ("autosave_seconds", 10**12),
        ("autosave_seconds", -5),
        ("editor_font_size", float("nan")),
        ("editor_font_size", 1e300),
        ("last_paragraph", -1),
        ("last_draft", "草稿\x00.sdraft"),
        ("recent_drafts", [1, 2]),
    ],
)
def test_a_bad_settings_value_falls_back_to_its_default_with_a_note(tmp_path, name, value):
    path = tmp_path / "settings.json"
    path.write_text(json.dumps({name: value, "team_url": "postgresql+psycopg://me@host/db"}), encoding="utf-8")
    settings = AppSettings.load(path)
    assert getattr(settings, name) == getattr(AppSettings(), name)
    assert settings.team_url == "postgresql+psycopg://me@host/db"  # the good values are kept
    assert len(settings.notes) == 1 and name in settings.notes[0] and "默认值" in settings.notes[0]
    settings.save(path)
    assert "notes" not in json.loads(path.read_text(encoding="utf-8"))


def test_good_settings_values_are_kept_without_a_note(tmp_path):
    path = tmp_path / "settings.json"
    path.write_text(json.dumps({"speaking_speed": 180, "autosave_seconds": 30}), encoding="utf-8")
    settings = AppSettings.load(path)
    assert (settings.speaking_speed, settings.autosave_seconds, settings.notes) == (180, 30, [])
    assert AppSettings().speaking_speed == DEFAULT_SPEAKING_SPEED


def _cli(*args: str, data_dir: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[bytes]:
    full = dict(os.environ, PYTHONPATH=str(ROOT), **(env or {}))
    return subprocess.run(
        [sys.executable, "-m", "desktop", "--data-dir", str(data_dir), *args],
        capture_output=True,
        cwd=ROOT,
        env=full,
        timeout=300,
    )


def test_output_to_a_gbk_console_replaces_what_it_cannot_hold(tmp_path):
    data = tmp_path / "data"
    speech = tmp_path / "符号.txt"
    speech.write_text(
        "在全县人民代表大会上的讲话\n同志们：\n"
        "人民至上是我们的根本立场•始终坚持\u00a0以人民为中心的发展思想😀不断增进民生福祉。\n",
        encoding="utf-8",
    )
    assert _cli("bank", "import", str(speech), data_dir=data).returncode == 0
    done = _cli("bank", "search", "民生福祉", data_dir=data, env={"PYTHONIOENCODING": "gbk"})
    assert done.returncode == 0, done.stderr.decode("gbk", "replace")
    shown = done.stdout.decode("gbk")  # what a GBK console holds, nothing it cannot
    assert "以人民为中心的发展思想" in shown and "?" in shown
