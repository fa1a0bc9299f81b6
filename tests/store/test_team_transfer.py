"""Moving between the banks (push a personal bank as proposals, pull the team bank into a
personal one) and the `speechdraft team` commands, against the real server."""

from __future__ import annotations

import json

from sqlalchemy.engine import make_url

from desktop.cli import run_cli
from desktop.store.bank import PhraseBank
from desktop.store.postgres import roles
from desktop.store.postgres.bank import TeamBank
from tests.helpers import SEEDS


def _as(url: str, role: str, password: str | None = None) -> str:
    return make_url(url).set(username=role, password=password).render_as_string(hide_password=False)


def _writer(team_url, tokenizer, name="zhang"):
    with TeamBank.open(team_url, tokenizer=tokenizer) as admin, admin._raw(write=True) as raw:
        roles.add_member(raw, name, roles.WRITER, None)
    return TeamBank.open(_as(team_url, name), tokenizer=tokenizer)


def test_push_by_tag_proposes_only_those_units_with_their_documents(bank, team_url, team_bank, tokenizer):
    bank.import_paths([SEEDS])
    chosen = [h.unit_id for h in bank.search("主题教育", limit=5)]
    for unit_id in chosen:
        bank.tag(unit_id, "金句")
    with _writer(team_url, tokenizer) as zhang:
        written = zhang.push_from(bank, tag="金句")
        assert written.added == len(chosen)
        pending = team_bank.proposals()
        assert sorted(p.text for p in pending) == sorted(u.text for u in bank.get_units(chosen))
        assert {p.added_by for p in pending} == {"zhang"} and all(p.sources for p in pending)
        again = zhang.push_from(bank, tag="金句")
        assert again.added == 0 and again.merged == len(chosen)  # nothing proposed twice
    assert team_bank.stats()["proposed"] == len(chosen)


def test_pull_merges_the_approved_team_units_into_a_personal_bank(team_bank, tmp_path, tokenizer):
    report = team_bank.propose_paths([SEEDS], approved=True)
    proposal = team_bank.add_unit("这一句已审核。", "论述")
    with team_bank._raw(write=True) as raw:  # one unit back in review: it must not be pulled
        raw.execute("UPDATE units SET status = 'proposed' WHERE id = %s", (proposal.id,))
    with PhraseBank.open(tmp_path / "laptop.sqlite3", tokenizer=tokenizer) as laptop:
        laptop.add_unit("笔记本上自己的句子。", "论述")
        added, merged = team_bank.pull_into(laptop)
        assert (added, merged) == (report.units_added, 0)
        assert laptop.live_units() == report.units_added + 1
        assert [h.text for h in laptop.search("主题教育")] == [h.text for h in team_bank.search("主题教育")]
        assert laptop.search("已审核") == []
        assert team_bank.pull_into(laptop) == (0, report.units_added)  # pulling again adds nothing
        assert laptop.integrity_check() == []


def test_the_team_commands_init_add_members_propose_review_and_keep_no_password(
    pg_server, team_url, capsys, monkeypatch, data_dir
):
    import io

    admin = team_url
    assert run_cli(["team", "init", admin]) == 0
    assert "团队素材库已就绪" in capsys.readouterr().out
    monkeypatch.setattr("sys.stdin", io.StringIO("s3cret-pass\n"))
    assert run_cli(["team", "add-writer", "chen", "--url", admin, "--password-stdin"]) == 0
    monkeypatch.setattr("sys.stdin", io.StringIO("another-pass\n"))
    assert run_cli(["team", "add-editor", "zhou", "--url", admin, "--password-stdin"]) == 0
    capsys.readouterr()
    writer = _as(team_url, "chen", "s3cret-pass")
    assert run_cli(["team", "connect", writer]) == 0
    assert "撰稿人" in capsys.readouterr().out
    settings = (data_dir / "settings.json").read_text(encoding="utf-8")
    assert "s3cret-pass" not in settings
    assert json.loads(settings)["team_url"] == _as(team_url, "chen")
    assert run_cli(["team", "propose", "--text", "坚持以学促干，在学思践悟中把牢方向。"]) == 0
    assert run_cli(["team", "approve", "1"]) == 1  # a writer may not
    assert "审核" in capsys.readouterr().err
    editor = _as(team_url, "zhou")
    assert run_cli(["team", "pending", "--url", editor]) == 0
    assert "[1] chen" in capsys.readouterr().out
    assert run_cli(["team", "approve", "1", "--url", editor]) == 0
    assert run_cli(["team", "search", "以学"]) == 0
    assert "坚持以学促干" in capsys.readouterr().out
    assert run_cli(["team", "reorder"]) == 1  # the admin's, not a writer's
    assert "权限" in capsys.readouterr().err
    assert run_cli(["team", "reorder", "--url", admin]) == 0
    assert run_cli(["team", "search", "以学"]) == 0
    assert "坚持以学促干" in capsys.readouterr().out
    with TeamBank.open(team_url) as bank, bank._raw() as raw:  # the server keeps a hash, not the password
        stored = raw.execute("SELECT rolpassword FROM pg_authid WHERE rolname = 'chen'").fetchone()[0]
    assert stored.startswith("SCRAM-SHA-256$") and "s3cret-pass" not in stored
