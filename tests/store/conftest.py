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
