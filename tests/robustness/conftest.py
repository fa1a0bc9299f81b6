"""Fixtures for the robustness tests: the fork server for kill loops, a bank with prior content."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers.robust_support import ForkServer


@pytest.fixture(scope="session")
def jieba_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("robust-jieba")


@pytest.fixture(scope="module")
def fork_server(jieba_cache: Path):
    server = ForkServer(jieba_cache)
    yield server
    server.close()


@pytest.fixture(scope="module")
def base_bank(tmp_path_factory: pytest.TempPathFactory, seed_files, tokenizer) -> Path:
    """A closed bank holding one seed speech, a favourite and tags: what must never be lost."""
    from desktop.store.bank import PhraseBank

    folder = tmp_path_factory.mktemp("base-bank")
    path = folder / "phrasebank.sqlite3"
    with PhraseBank.open(path, tokenizer=tokenizer, backups_dir=folder / "backups") as bank:
        bank.import_paths([seed_files["000"]])
        first = bank.search("", limit=3)
        bank.set_favourite(first[0].unit_id, True)
        bank.tag(first[0].unit_id, "金句")
        bank.tag(first[1].unit_id, "党建")
        bank.add_unit("这是写作者亲手加入素材库的一句话，决不能丢。", "论述", tags=["手写"])
    return path
