"""The personal bank and the office's team bank as one PhraseSource, for the phrase panel.

Searches ask both and merge their hits by score (the same rule on both engines: store.ranking),
each hit labelled by its origin (SearchHit.origin: PERSONAL or TEAM); a team hit whose text the
personal bank also holds is left out. When the team server cannot be reached the search goes
on with the personal bank alone and `team_problem` says why (the window puts it in its status
bar); the team bank is asked again after RETRY_SECONDS. get_units and keywords are the personal
bank's (unit ids are per bank; a team unit is read with `team.get_units`).
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING

from desktop.core.phrase_source import SearchHit, UnitRecord
from desktop.store.errors import BankError

if TYPE_CHECKING:
    from desktop.core.phrase_source import PhraseSource
    from desktop.store.postgres.bank import TeamBank

log = logging.getLogger(__name__)

RETRY_SECONDS = 60.0


class CombinedSource:
    """A personal bank with the team bank beside it (connected on first use, off the caller's path)."""

    def __init__(
        self,
        personal: PhraseSource,
        open_team: Callable[[], TeamBank] | None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.personal = personal
        self._open_team = open_team
        self._clock = clock
        self._team: TeamBank | None = None
        self._failed_at: float | None = None
        self._lock = threading.Lock()
        self.team_problem: str | None = None  # why the team bank is not in the hits, for the status bar

    @property
    def team(self) -> TeamBank | None:
        """The team bank, connecting (again) when it is due; None when there is none or it is unreachable."""
        with self._lock:
            if self._team is not None or self._open_team is None:
                return self._team
            if self._failed_at is not None and self._clock() - self._failed_at < RETRY_SECONDS:
                return None
            try:
                self._team = self._open_team()
            except BankError as exc:
                self._fail(str(exc))
                return None
            self._failed_at, self.team_problem = None, None
            return self._team

    def _fail(self, reason: str) -> None:
        self._failed_at = self._clock()
        self.team_problem = f"团队素材库暂不可用，当前只用个人素材库：{reason}"
        log.warning("team bank unavailable: %s", reason)

    def search(
        self,
        query: str,
        *,
        kind: str | None = None,
        speech_type: str | None = None,
        favourites_only: bool = False,
        limit: int = 20,
        widen: bool = True,
    ) -> list[SearchHit]:
        mine = self.personal.search(
            query, kind=kind, speech_type=speech_type, favourites_only=favourites_only, limit=limit, widen=widen
        )
        team = self.team
        if team is None:
            return mine
        try:
            theirs = team.search(
                query, kind=kind, speech_type=speech_type, favourites_only=favourites_only, limit=limit, widen=widen
            )
        except BankError as exc:
            with self._lock:
                bad, self._team = self._team, None
                self._fail(str(exc))
            if bad is not None:
                bad.close()
            return mine
        held = {h.text for h in mine}
        merged = mine + [h for h in theirs if h.text not in held]
        merged.sort(key=lambda h: -h.score)  # stable: a personal hit stays before a team hit of equal score
        return merged[:limit] if query.strip() else (mine + [h for h in theirs if h.text not in held])[:limit]

    def get_units(self, unit_ids: Iterable[int]) -> Sequence[UnitRecord]:
        return self.personal.get_units(unit_ids)

    def keywords(self, text: str, limit: int = 6) -> list[str]:
        return self.personal.keywords(text, limit)

    def close(self) -> None:
        with self._lock:
            team, self._team = self._team, None
        if team is not None:
            team.close()


if TYPE_CHECKING:

    def _is_a_phrase_source(source: CombinedSource) -> PhraseSource:
        return source  # mypy checks that CombinedSource satisfies the protocol
