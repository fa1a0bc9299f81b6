"""A throwaway PostgreSQL server for tests, benchmarks and CI (loopback only, gone when stopped).

    with throwaway_server() as url:   # postgresql+psycopg://postgres@127.0.0.1:PORT/postgres
        ...

`initdb -E UTF8 --locale=C.UTF-8 -A trust` in a temporary folder (a `C` ctype breaks Chinese text
search), started with `pg_ctl -w` on 127.0.0.1, a free port, its socket in that folder and
fsync off; `pg_ctl -m fast stop` and the folder removed afterwards. initdb refuses to run as
root, so as root the server runs as the `postgres` system user (made by Debian's package).

    python -m tests.helpers.pg_server start DIR   # prints the URL; for .ci/run
    python -m tests.helpers.pg_server stop DIR
"""

from __future__ import annotations

import itertools
import os
import pwd
import shutil
import socket
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

BIN_DIRS = ("/usr/lib/postgresql/15/bin", "/usr/lib/postgresql/16/bin", "/usr/local/bin", "/usr/bin")
SUPERUSER = "postgres"


def binary(name: str) -> str | None:
    for folder in BIN_DIRS:
        candidate = Path(folder) / name
        if candidate.is_file() and os.access(candidate, os.X_OK):
            return str(candidate)
    return shutil.which(name)


def unavailable_reason() -> str | None:
    """Why no throwaway server can be started here, or None when one can."""
    for name in ("initdb", "pg_ctl"):
        if binary(name) is None:
            return f"{name} not found (install postgresql, or set SPEECHDRAFT_TEST_PG=URL)"
    if os.geteuid() == 0:
        try:
            pwd.getpwnam(SUPERUSER)
        except KeyError:
            return "running as root and no 'postgres' user to run initdb as (set SPEECHDRAFT_TEST_PG=URL)"
    return None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _run(args: list[str]) -> None:
    """Run a server command, as the postgres user when we are root."""
    if os.geteuid() == 0:
        user = pwd.getpwnam(SUPERUSER)

        def demote() -> None:
            os.setgid(user.pw_gid)
            os.setuid(user.pw_uid)

        subprocess.run(args, check=True, capture_output=True, preexec_fn=demote, cwd="/")
    else:
        subprocess.run(args, check=True, capture_output=True)


def start(folder: Path) -> str:
    """Initialise and start a server in folder (created); returns its SQLAlchemy URL."""
    folder.mkdir(parents=True, exist_ok=True)
    if os.geteuid() == 0:
        user = pwd.getpwnam(SUPERUSER)
        os.chown(folder, user.pw_uid, user.pw_gid)
    data = folder / "data"
    port = _free_port()
    _run(
        [
            binary("initdb") or "initdb",
            "-D",
            str(data),
            "-U",
            SUPERUSER,
            "-E",
            "UTF8",
            "--locale=C.UTF-8",
            "-A",
            "trust",
        ]
    )
    options = f"-c listen_addresses=127.0.0.1 -p {port} -k {folder} -c fsync=off -c synchronous_commit=off"
    log = folder / "server.log"
    _run([binary("pg_ctl") or "pg_ctl", "-D", str(data), "-l", str(log), "-w", "-o", options, "start"])
    url = f"postgresql+psycopg://{SUPERUSER}@127.0.0.1:{port}/postgres"
    (folder / "url").write_text(url, encoding="utf-8")
    return url


def stop(folder: Path) -> None:
    data = folder / "data"
    if (data / "postmaster.pid").exists():
        _run([binary("pg_ctl") or "pg_ctl", "-D", str(data), "-m", "fast", "-w", "stop"])


_counter = itertools.count(1)


def create_database(server_url: str, name: str | None, *, template: str | None = None) -> str:
    """A new database on the server (dropped first if it exists); returns its URL. name None:
    a fresh name of this process."""
    from sqlalchemy import create_engine
    from sqlalchemy.engine import make_url

    name = name or f"t_{os.getpid()}_{next(_counter)}"
    engine = create_engine(server_url, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}"')
            suffix = f' TEMPLATE "{template}"' if template else ""
            conn.exec_driver_sql(f'CREATE DATABASE "{name}"{suffix}')
    finally:
        engine.dispose()
    return make_url(server_url).set(database=name).render_as_string(hide_password=False)


def drop_database(server_url: str, name: str) -> None:
    from sqlalchemy import create_engine

    engine = create_engine(server_url, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        engine.dispose()


def empty_team_bank(url: str) -> None:
    """Every row of the team bank's tables gone, ids restarting at 1 (schema, roles and policies
    kept), and the search index one tier again, as in a new bank (a test may have made others)."""
    from sqlalchemy import create_engine

    from desktop.store.postgres import schema

    engine = create_engine(url)
    try:
        with engine.begin() as conn:
            conn.exec_driver_sql(
                "TRUNCATE units, documents, unit_sources, tags, unit_tags, unit_uses RESTART IDENTITY CASCADE"
            )
            raw = conn.connection.driver_connection
            schema.drop_search_indexes(raw)
            raw.execute("DELETE FROM meta WHERE key = 'search_tiers'")
            schema.create_search_indexes(raw)
    finally:
        engine.dispose()


@contextmanager
def throwaway_server() -> Iterator[str]:
    folder = Path(tempfile.mkdtemp(prefix="speechdraft-pg-"))
    try:
        yield start(folder)
    finally:
        try:
            stop(folder)
        finally:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    command, where = sys.argv[1], Path(sys.argv[2])
    if command == "start":
        print(start(where))
    else:
        stop(where)
        shutil.rmtree(where, ignore_errors=True)
