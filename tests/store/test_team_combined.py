"""The phrase panel's source with a team bank beside the personal one: labelled, merged hits, and
the personal bank alone (with the reason) while the team server cannot be reached."""

from __future__ import annotations

import pytest

from desktop.core.phrase_source import PERSONAL, TEAM
from desktop.store.combined import RETRY_SECONDS, CombinedSource, collision_note
from desktop.store.errors import BankError
from desktop.store.postgres.bank import PermissionDeniedError, TeamBank


def test_personal_and_team_hits_come_together_labelled_each_text_once(bank, team_bank):
    mine = bank.add_unit("推动主题教育走深走实，我自己的句子。", "论述")
    both = "坚持以学促干，推动主题教育见行见效。"
    bank.add_unit(both, "论述")
    team_bank.add_unit(both, "论述")
    theirs = team_bank.add_unit("以主题教育成效检验党员干部作风建设。", "论述")
    source = CombinedSource(bank, lambda: team_bank)
    hits = source.search("主题教育")
    assert sorted((h.origin, h.text) for h in hits) == sorted(
        [(PERSONAL, mine.text), (PERSONAL, both), (TEAM, theirs.text)]
    )
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)
    assert {h.origin for h in source.search("")} == {PERSONAL, TEAM}
    assert source.team_problem is None


def test_an_unreachable_team_server_leaves_the_personal_bank_and_says_why(bank, team_url, tokenizer):
    unit = bank.add_unit("推动主题教育走深走实。", "论述")
    now = [0.0]
    tries = []

    def open_team():
        tries.append(now[0])
        url = team_url if len(tries) > 1 else "postgresql+psycopg://nobody@127.0.0.1:1/none"
        return TeamBank.open(url, tokenizer=tokenizer)

    source = CombinedSource(bank, open_team, clock=lambda: now[0])
    assert [h.unit_id for h in source.search("主题教育")] == [unit.id]
    assert source.team_problem and "团队素材库暂不可用" in source.team_problem
    source.search("主题")
    assert len(tries) == 1  # not asked again at every keystroke
    now[0] += RETRY_SECONDS + 1
    source.search("主题")
    assert len(tries) == 2 and source.team_problem is None and source.team is not None
    source.close()


def _writer(team_url: str, tokenizer, name: str = "zhao") -> TeamBank:
    from sqlalchemy.engine import make_url

    from desktop.store.postgres import roles

    with TeamBank.open(team_url, tokenizer=tokenizer) as admin, admin._raw(write=True) as raw:
        roles.add_member(raw, name, roles.WRITER, None)
    url = make_url(team_url).set(username=name).render_as_string(hide_password=False)
    return TeamBank.open(url, tokenizer=tokenizer)


def test_favourite_and_use_go_to_the_hits_own_bank(bank, team_bank, team_url, tokenizer):
    mine = bank.add_unit("推动主题教育走深走实，个人句子。", "论述")
    theirs = team_bank.add_unit("以主题教育成效检验作风建设，团队句子。", "论述")
    assert mine.id == theirs.id == 1  # the same id in each bank: only the origin tells them apart
    writer = _writer(team_url, tokenizer)
    source = CombinedSource(bank, lambda: writer)
    assert source.connect() is writer
    source.count_use(TEAM, theirs.id, "在全县主题教育总结会上的讲话")
    assert bank.get_unit(mine.id).uses == 0
    [use] = team_bank.earlier_uses([theirs.id])
    assert (use.used_by, use.draft) == ("zhao", "在全县主题教育总结会上的讲话")
    source.count_use(PERSONAL, mine.id, "草稿")
    assert bank.get_unit(mine.id).uses == 1 and len(team_bank.earlier_uses([theirs.id])) == 1
    assert source.set_favourite(PERSONAL, mine.id, True).favourite
    with pytest.raises(PermissionDeniedError, match="审核人"):  # a writer cannot recommend a team phrase
        source.set_favourite(TEAM, theirs.id, True)
    assert not team_bank.get_units([theirs.id])[0].favourite
    source.close()


def test_earlier_uses_of_team_hits_make_a_collision_note(bank, team_bank, team_url, tokenizer):
    used = team_bank.add_unit("以主题教育成效检验作风建设。", "论述")
    fresh = team_bank.add_unit("以主题教育推动作风持续好转。", "论述")
    team_bank.record_use(used.id, "在县委理论学习中心组的发言")
    source = CombinedSource(bank, lambda: team_bank)
    source.connect()
    hits = source.search("主题教育")
    uses = source.team_uses(hits)
    assert set(uses) == {used.id} and fresh.id not in uses
    note = collision_note(uses[used.id])
    assert "撞稿" in note and "《在县委理论学习中心组的发言》" in note and "postgres" in note
    assert collision_note([]) == ""


def test_a_proposal_goes_to_the_team_bank_for_review(bank, team_bank, team_url, tokenizer):
    writer = _writer(team_url, tokenizer)
    source = CombinedSource(bank, lambda: writer)
    source.connect()
    unit_id = source.propose("坚持以学铸魂，筑牢信仰之基。", "论述")
    [proposal] = team_bank.proposals()
    assert (proposal.unit_id, proposal.added_by, proposal.status) == (unit_id, "zhao", "proposed")
    with pytest.raises(BankError, match="已有相同"):
        source.propose("坚持以学铸魂，筑牢信仰之基。", "论述")
    source.close()


def test_without_a_connection_team_actions_say_so_in_chinese(bank):
    source = CombinedSource(bank, lambda: TeamBank.open("postgresql+psycopg://nobody@127.0.0.1:1/none"))
    assert source.connect() is None and source.team_error is not None
    with pytest.raises(BankError, match="连接不上"):
        source.count_use(TEAM, 1, "草稿")
    with pytest.raises(BankError, match="连接不上"):
        source.propose("坚持以学铸魂。", "论述")


def test_a_search_while_the_team_bank_connects_goes_on_with_the_personal_bank(bank, team_bank):
    import threading

    unit = bank.add_unit("推动主题教育走深走实。", "论述")
    team_bank.add_unit("以主题教育成效检验作风建设。", "论述")
    entered, release = threading.Event(), threading.Event()

    def slow_open():
        entered.set()
        assert release.wait(30)
        return team_bank

    source = CombinedSource(bank, slow_open)
    connecting = threading.Thread(target=source.connect)
    connecting.start()
    assert entered.wait(30)
    try:
        assert [h.unit_id for h in source.search("主题教育")] == [unit.id]  # not waiting for the server
        assert source.connected is None
    finally:
        release.set()
        connecting.join(30)
    assert source.connected is team_bank
    assert {h.origin for h in source.search("主题教育")} == {PERSONAL, TEAM}
