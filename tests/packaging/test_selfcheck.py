"""`speechdraft --selfcheck` in-process, and the prebuilt default bank copied on first start."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from desktop.app import main
from desktop.infra.paths import DataPaths
from desktop.store import prebuilt
from desktop.store.bank import PhraseBank


@pytest.fixture(scope="session")
def prebuilt_bank(tmp_path_factory: pytest.TempPathFactory, tokenizer) -> Path:
    dest = tmp_path_factory.mktemp("bundle") / "prebuilt" / "phrasebank.sqlite3"
    report = prebuilt.build_prebuilt_bank(dest, tokenizer=tokenizer)
    assert len(report.imported) >= 4 and not report.refused
    return dest


def _selfcheck(capsys: pytest.CaptureFixture[str], data_dir: Path) -> tuple[int, dict]:
    rc = main(["--data-dir", str(data_dir), "--selfcheck"])
    out = capsys.readouterr().out.strip().splitlines()
    assert len(out) == 1, "the summary is one JSON line, nothing else on stdout"
    return rc, json.loads(out[0])


def test_prebuilt_bank_is_one_self_contained_file(prebuilt_bank: Path) -> None:
    assert not Path(f"{prebuilt_bank}-wal").exists()
    with sqlite3.connect(prebuilt_bank) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
        assert conn.execute("SELECT count(*) FROM units").fetchone()[0] > 100


def test_selfcheck_in_an_empty_folder_builds_the_bank_from_the_seeds(capsys, tmp_path: Path) -> None:
    data = tmp_path / "empty"
    rc, summary = _selfcheck(capsys, data)
    assert rc == 0 and summary["ok"], summary
    assert summary["bank"]["origin"] == "seeds"  # a checkout carries no prebuilt bank
    assert (data / "phrasebank.sqlite3").is_file() and summary["bank"]["units"] > 100
    assert summary["search"]["hits"] > 0 and "作风" in summary["search"]["first"]
    assert summary["draft"]["headings"] >= 3 and summary["draft"]["chars"] > 1000
    assert summary["export"]["bytes"] > 5000
    assert not list(data.rglob("*.docx")), "the test export goes to a temporary folder, not the writer's"
    assert set(summary["seconds"]) >= {"bank", "search", "compose", "export", "total"}


def test_selfcheck_copies_the_prebuilt_bank_and_keeps_an_existing_one(
    capsys,
    monkeypatch,
    tmp_path: Path,
    prebuilt_bank: Path,
) -> None:
    monkeypatch.setattr(prebuilt, "prebuilt_bank_path", lambda: prebuilt_bank)
    data = tmp_path / "first-start"
    rc, summary = _selfcheck(capsys, data)
    assert rc == 0 and summary["bank"]["origin"] == "prebuilt"
    with PhraseBank.open(data / "phrasebank.sqlite3") as bank:
        assert bank.stats()["units"] == summary["bank"]["units"]
        bank.add_unit("以上率下、以身作则抓好作风建设。", "论述")
    rc, summary = _selfcheck(capsys, data)
    assert rc == 0 and summary["bank"]["origin"] == "existing"
    with PhraseBank.open(data / "phrasebank.sqlite3") as bank:
        assert bank.search("以上率下")[0].text == "以上率下、以身作则抓好作风建设。"


def test_install_never_overwrites_a_bank_that_is_there(tmp_path: Path, prebuilt_bank: Path) -> None:
    paths = DataPaths(tmp_path / "data").ensure()
    paths.bank.write_bytes(b"the writer's own bank")
    assert prebuilt.install_prebuilt_bank(paths, prebuilt_bank) is False
    assert paths.bank.read_bytes() == b"the writer's own bank"
    assert not [p for p in paths.root.iterdir() if p.name.startswith(".")], "no partial copy is left behind"
    assert prebuilt.install_prebuilt_bank(DataPaths(tmp_path / "other"), tmp_path / "absent.sqlite3") is False


def test_selfcheck_names_the_failing_step(capsys, tmp_path: Path) -> None:
    data = tmp_path / "broken"
    data.mkdir()
    (data / "phrasebank.sqlite3").write_bytes(b"SQLite format 3\x00" + b"\x00" * 200)
    rc, summary = _selfcheck(capsys, data)
    assert rc == 1 and summary["ok"] is False
    assert summary["failed_step"] == "open" and summary["error"]
    assert (data / "phrasebank.sqlite3").read_bytes().startswith(b"SQLite format 3"), "nothing is deleted"
