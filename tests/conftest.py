"""Shared fixtures: every test gets its own data folder, never the user's."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.helpers import SEEDS

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


@pytest.fixture(autouse=True)
def _isolated_data_dir(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    data = tmp_path_factory.mktemp("userdata")
    monkeypatch.setenv("SPEECHDRAFT_DATA_DIR", str(data))
    return data


@pytest.fixture
def data_dir() -> Path:
    return Path(os.environ["SPEECHDRAFT_DATA_DIR"])


@pytest.fixture(scope="session")
def seed_files() -> dict[str, Path]:
    return {p.name[:3]: p for p in sorted(SEEDS.glob("*.txt"))}


@pytest.fixture(scope="session")
def tokenizer(tmp_path_factory: pytest.TempPathFactory):
    from desktop.text.tokenizer import Tokenizer

    tk = Tokenizer(cache_dir=tmp_path_factory.mktemp("jieba-cache"))
    tk.load()
    return tk
