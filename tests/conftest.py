"""Shared fixtures: every test gets its own data folder, never the user's."""

from __future__ import annotations

import os
from collections.abc import Iterator
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


# ---- the team bank's PostgreSQL server (tests/helpers/pg_server.py) ----

PG_ENV = "SPEECHDRAFT_TEST_PG"


@pytest.fixture(scope="session")
def pg_server() -> Iterator[str]:
    """The URL of a PostgreSQL server the tests may create databases and roles on: $SPEECHDRAFT_TEST_PG
    (a superuser's URL), else a throwaway server started for this session; skipped when neither can be had."""
    given = os.environ.get(PG_ENV)
    if given:
        yield given
        return
    from tests.helpers import pg_server as server

    reason = server.unavailable_reason()
    try:
        import psycopg  # noqa: F401
    except ImportError:
        reason = reason or "psycopg is not installed (pip install 'psycopg[binary]')"
    if reason is not None:
        # CI installs the server (.ci/run): there a missing server is a broken run, not a skip.
        if os.environ.get("CI"):
            pytest.fail(f"PostgreSQL tests cannot run in CI: {reason}")
        pytest.skip(f"PostgreSQL tests skipped: {reason}")
    with server.throwaway_server() as url:
        yield url


@pytest.fixture(scope="session")
def team_database(pg_server: str, tokenizer) -> Iterator[str]:
    """A database with a team bank initialised (schema, roles, policies), shared by the session's
    tests and dropped after them."""
    from desktop.store.postgres.bank import TeamBank
    from tests.helpers.pg_server import create_database, drop_database

    name = f"speechdraft_tests_{os.getpid()}"
    url = create_database(pg_server, name)
    TeamBank.init(url, tokenizer=tokenizer).close()
    yield url
    drop_database(pg_server, name)


@pytest.fixture
def team_url(team_database: str) -> str:
    """The team bank's URL (as the superuser), emptied for this test: every table truncated, ids from 1."""
    from tests.helpers.pg_server import empty_team_bank

    empty_team_bank(team_database)
    return team_database


@pytest.fixture
def team_bank(team_url: str, tokenizer) -> Iterator:
    from desktop.store.postgres.bank import TeamBank

    with TeamBank.open(team_url, tokenizer=tokenizer) as bank:
        yield bank
