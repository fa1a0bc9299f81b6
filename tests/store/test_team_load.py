"""Load: 8 writer processes searching, proposing and recording uses while an editor approves,
all at once against the real server (loopback, bounded in time). Nothing may be lost or
duplicated, and the counts must add up."""

from __future__ import annotations

import multiprocessing
import time

from sqlalchemy.engine import make_url

from desktop.store.postgres import roles
from desktop.store.postgres.bank import TeamBank

WRITERS = 8
OWN = 20  # units each writer proposes that nobody else does
SHARED = 5  # units every writer proposes (only one of each may exist)
DEADLINE = 120.0  # seconds: a process still working then has failed


def _as(url: str, role: str) -> str:
    return make_url(url).set(username=role).render_as_string(hide_password=False)


def _shared_text(i: int) -> str:
    return f"全体撰稿人都提交的第{i}句：坚持以学促干，推动主题教育走深走实。"


def _writer(url: str, index: int, results: multiprocessing.Queue) -> None:
    from desktop.store.errors import BankError
    from desktop.text.tokenizer import Tokenizer

    tokenizer = Tokenizer()
    tokenizer.load()
    name = f"load_writer_{index}"
    mine: list[int] = []
    duplicates = searches = 0
    stop = time.monotonic() + DEADLINE
    with TeamBank.open(_as(url, name), tokenizer=tokenizer) as bank:
        for i in range(OWN + SHARED):
            if time.monotonic() > stop:
                break
            searches += len(bank.search("主题教育")) >= 0
            searches += len(bank.search("推动", kind="论述")) >= 0
            if i < OWN:
                mine.append(bank.propose_unit(f"第{index}位撰稿人的第{i}句：推动高质量发展取得新成效。", "论述"))
            else:
                try:
                    bank.propose_unit(_shared_text(i - OWN), "论述")
                except BankError:
                    duplicates += 1
        for hit in bank.search("全体撰稿人", limit=50):  # approved ones by now, or own proposals
            bank.record_use(hit.unit_id, f"{name} 的讲稿")
        results.put((index, mine, duplicates, searches))


def _editor(url: str, done: multiprocessing.Event, results: multiprocessing.Queue) -> None:
    from desktop.text.tokenizer import Tokenizer

    approved = 0
    stop = time.monotonic() + DEADLINE
    with TeamBank.open(_as(url, "load_editor"), tokenizer=Tokenizer()) as bank:
        while time.monotonic() < stop:
            pending = [p.unit_id for p in bank.proposals()]
            approved += len(bank.approve(pending))
            if done.is_set() and not pending:
                break
    results.put(("editor", approved))


def test_eight_writers_and_an_editor_at_once_lose_and_duplicate_nothing(team_url, team_bank):
    for i in range(WRITERS):
        team_bank.add_member(f"load_writer_{i}", roles.WRITER, None)
    team_bank.add_member("load_editor", roles.EDITOR, None)
    ctx = multiprocessing.get_context("spawn")
    results: multiprocessing.Queue = ctx.Queue()
    done = ctx.Event()
    editor = ctx.Process(target=_editor, args=(team_url, done, results))
    writers = [ctx.Process(target=_writer, args=(team_url, i, results)) for i in range(WRITERS)]
    editor.start()
    for w in writers:
        w.start()
    got = [results.get(timeout=DEADLINE + 60) for _ in writers]
    done.set()
    approved_by_editor = results.get(timeout=DEADLINE + 60)[1]
    for p in [*writers, editor]:
        p.join(timeout=30)
        assert p.exitcode == 0
    assert len(got) == WRITERS
    proposed = {index: ids for index, ids, _, _ in got}
    assert all(len(ids) == OWN for ids in proposed.values())  # every writer finished in time
    # Each shared text was written once; every other writer was told it is there already.
    assert sum(duplicates for _, _, duplicates, _ in got) == WRITERS * SHARED - SHARED
    assert all(searches == 2 * (OWN + SHARED) for _, _, _, searches in got)
    with team_bank._raw() as raw:
        total, keys, approved = raw.execute(
            "SELECT count(*), count(DISTINCT dedup_key), count(*) FILTER (WHERE status = 'approved') FROM units"
        ).fetchone()
        by_writer = dict(raw.execute("SELECT added_by, count(*) FROM units GROUP BY added_by").fetchall())
        uses_recorded = raw.execute("SELECT count(*) FROM unit_uses").fetchone()[0]
        uses_counted = raw.execute("SELECT coalesce(sum(uses), 0) FROM units").fetchone()[0]
        stored_ids = {row[0] for row in raw.execute("SELECT id FROM units").fetchall()}
    assert total == keys == WRITERS * OWN + SHARED  # nothing lost, nothing twice
    assert approved == total == approved_by_editor  # the editor approved each once
    assert sum(by_writer.values()) == total
    assert all(by_writer[f"load_writer_{i}"] >= OWN for i in range(WRITERS))
    # Every id a writer was given is a stored unit, and no two writers were given the same one (ids
    # need not be dense: an insert that meets a duplicate still takes a number from the sequence).
    given = [i for ids in proposed.values() for i in ids]
    assert len(set(given)) == len(given) == WRITERS * OWN
    assert set(given) <= stored_ids
    assert uses_recorded == uses_counted > 0  # every recorded use counted once
