"""The phrase panel's source with a team bank beside the personal one: labelled, merged hits, and
the personal bank alone (with the reason) while the team server cannot be reached."""

from __future__ import annotations

from desktop.core.phrase_source import PERSONAL, TEAM
from desktop.store.combined import RETRY_SECONDS, CombinedSource
from desktop.store.postgres.bank import TeamBank


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
