"""Fixtures for the phrase bank tests: a fresh bank file per test, the shared tokenizer."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop.store.bank import PhraseBank


@pytest.fixture
def bank_path(tmp_path: Path) -> Path:
    return tmp_path / "phrasebank.sqlite3"


@pytest.fixture
def bank(bank_path: Path, tokenizer) -> PhraseBank:
    with PhraseBank.open(bank_path, tokenizer=tokenizer, backups_dir=bank_path.parent / "backups") as opened:
        yield opened


ENGINES = ("sqlite", "postgres")


@pytest.fixture(params=ENGINES)
def engine_bank(request: pytest.FixtureRequest):
    """The same test on each engine: the personal SQLite bank, then the team bank on PostgreSQL
    (as its admin, so that what is added is approved at once; skipped without a server)."""
    if request.param == "postgres":
        return request.getfixturevalue("team_bank")
    path = request.getfixturevalue("bank_path")
    opened = PhraseBank.open(path, tokenizer=request.getfixturevalue("tokenizer"), backups_dir=path.parent / "backups")
    request.addfinalizer(opened.close)
    return opened
