"""Who may do what in the team bank, proved against the real server with real roles.

Each writer and the editor is a PostgreSQL login role made by `team add-writer` / `add-editor`
(store.postgres.roles); the tests connect as them (the throwaway server trusts loopback logins)
and try both through TeamBank and with plain SQL, since the rules must hold for any client.
"""

from __future__ import annotations

import psycopg
import pytest
from sqlalchemy.engine import make_url

from desktop.store.postgres import roles
from desktop.store.postgres.bank import PermissionDeniedError, TeamBank


def _as(url: str, role: str) -> str:
    return make_url(url).set(username=role).render_as_string(hide_password=False)


def _plain(url: str, role: str) -> psycopg.Connection:
    u = make_url(url)
    return psycopg.connect(host=u.host, port=u.port, dbname=u.database, user=role, autocommit=True)


@pytest.fixture
def office(team_url, tokenizer):
    """Two writers (zhang, li) and an editor (wang), each a bank connected as themselves."""
    with TeamBank.open(team_url, tokenizer=tokenizer) as admin, admin._raw(write=True) as raw:
        roles.add_member(raw, "zhang", roles.WRITER, None)
        roles.add_member(raw, "li", roles.WRITER, None)
        roles.add_member(raw, "wang", roles.EDITOR, None)
    banks = {name: TeamBank.open(_as(team_url, name), tokenizer=tokenizer) for name in ("zhang", "li", "wang")}
    yield banks
    for bank in banks.values():
        bank.close()


def test_roles_are_what_they_were_made(office):
    assert office["zhang"].whoami() == ("zhang", "writer")
    assert office["wang"].whoami() == ("wang", "editor")


def test_a_writer_sees_approved_units_and_their_own_proposals_only(office, team_url):
    zhang, li, wang = office["zhang"], office["li"], office["wang"]
    mine = zhang.propose_unit("推动主题教育走深走实，张的提议。", "论述")
    theirs = li.propose_unit("推动主题教育走深走实，李的提议。", "论述")
    assert {h.unit_id for h in zhang.search("主题教育")} == {mine}
    assert {h.unit_id for h in li.search("主题教育")} == {theirs}
    assert {p.unit_id for p in zhang.proposals()} == {mine}
    assert {p.unit_id for p in wang.proposals()} == {mine, theirs}
    assert zhang.get_units([theirs]) == []
    wang.approve([theirs])
    assert {h.unit_id for h in zhang.search("主题教育")} == {mine, theirs}
    wang.reject([mine], note="与已有句子重复")
    assert {h.unit_id for h in li.search("主题教育")} == {theirs}  # a rejection stays its author's
    assert {p.unit_id for p in zhang.proposals(status="rejected")} == {mine}
    with _plain(team_url, "li") as conn:  # any client, not only this program
        assert conn.execute("SELECT count(*) FROM units").fetchone()[0] == 1
        assert conn.execute("SELECT count(*) FROM units WHERE id = %s", (mine,)).fetchone()[0] == 0


def test_a_writer_cannot_approve_even_their_own_proposal(office, team_url):
    zhang, li = office["zhang"], office["li"]
    mine = zhang.propose_unit("坚持以学促干，张的提议。", "论述")
    theirs = li.propose_unit("坚持以学促干，李的提议。", "论述")
    with pytest.raises(PermissionDeniedError):
        zhang.approve([mine])
    with pytest.raises(PermissionDeniedError):
        zhang.approve([theirs])
    with _plain(team_url, "zhang") as conn:
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("UPDATE units SET status = 'approved' WHERE id = %s", (mine,))
        with pytest.raises(psycopg.errors.InsufficientPrivilege):  # nor propose as approved
            conn.execute(
                "INSERT INTO units (text, kind, dedup_key, keywords, tokens, slots, favourite, uses, created_at,"
                " updated_at, status) VALUES ('x', '论述', 'x', '[]', 'x', 0, false, 0, now(), now(), 'approved')"
            )
        with pytest.raises(psycopg.errors.InsufficientPrivilege):  # nor in another writer's name
            conn.execute(
                "INSERT INTO units (text, kind, dedup_key, keywords, tokens, slots, favourite, uses, created_at,"
                " updated_at, added_by) VALUES ('y', '论述', 'y', '[]', 'y', 0, false, 0, now(), now(), 'li')"
            )
    assert {p.status for p in office["wang"].proposals(status=None)} == {"proposed"}


def test_a_writer_cannot_delete_or_change_others_units(office, team_url):
    zhang, li, wang = office["zhang"], office["li"], office["wang"]
    theirs = li.propose_unit("推动乡村振兴取得新进展，李的提议。", "论述")
    approved = li.propose_unit("推动城市更新取得新进展，李的提议。", "论述")
    wang.approve([approved])
    own = zhang.propose_unit("推动基层治理取得新进展，张的提议。", "论述")
    assert zhang.delete([theirs, approved]) == []
    with _plain(team_url, "zhang") as conn:
        assert conn.execute("UPDATE units SET text = 'changed' WHERE id = %s", (approved,)).rowcount == 0
        assert conn.execute("DELETE FROM units").rowcount == 1  # only their own proposal
    assert {p.unit_id for p in wang.proposals(status=None)} == {theirs, approved}
    assert own not in {p.unit_id for p in wang.proposals(status=None)}
    assert wang.delete([theirs]) == [theirs]  # an editor may


def test_a_writer_records_uses_of_approved_units_and_everyone_sees_them(office):
    zhang, li, wang = office["zhang"], office["li"], office["wang"]
    unit = wang.add_unit("同志们，让我们更加紧密地团结起来。", "结尾")
    zhang.record_use(unit.id, "在全县经济工作会议上的讲话", speaker="县委书记")
    uses = li.earlier_uses([unit.id], speaker="县委书记")
    assert [(u.used_by, u.draft) for u in uses] == [("zhang", "在全县经济工作会议上的讲话")]
    assert li.get_units([unit.id])[0].uses == 1
    assert li.earlier_uses([unit.id], speaker="县长") == []
    provenance = li.provenance(unit.id)
    assert provenance.added_by == "wang" and provenance.status == "approved"
    assert [u.used_by for u in provenance.uses] == ["zhang"]


def test_a_proposed_document_keeps_its_provenance_and_stays_its_authors_until_approved(office, tmp_path):
    from datetime import date

    zhang, li, wang = office["zhang"], office["li"], office["wang"]
    speech = tmp_path / "在全县安全生产工作会议上的讲话.txt"
    speech.write_text(
        "在全县安全生产工作会议上的讲话\n\n同志们：\n\n安全生产是发展的底线，必须坚持人民至上、生命至上。\n\n"
        "要压紧压实安全生产责任，坚决遏制重特大事故发生。\n",
        encoding="utf-8",
    )
    report = zhang.propose_paths([speech], speech_date=date(2024, 3, 5))
    assert report.units_added >= 2 and not report.refused
    assert li.search("安全生产") == [] and li.stats()["proposed"] == 0
    pending = wang.proposals()
    assert pending and {p.added_by for p in pending} == {"zhang"}
    assert all(p.sources == ("在全县安全生产工作会议上的讲话",) for p in pending)
    wang.approve([p.unit_id for p in pending])
    hits = li.search("安全生产")
    assert hits and all(h.sources == ("在全县安全生产工作会议上的讲话",) for h in hits)
    provenance = li.provenance(hits[0].unit_id)
    assert provenance.added_by == "zhang" and provenance.reviewed_by == "wang"
    assert provenance.documents[0][:2] == ("在全县安全生产工作会议上的讲话", date(2024, 3, 5))


def test_role_names_are_checked(team_bank):
    from desktop.store.errors import BankError

    for bad in ("Zhang", "1abc", "a-b", "speechdraft_admin", "pg_x", "", "x" * 64, "a;drop role"):
        with pytest.raises(BankError):
            roles.check_role_name(bad)
