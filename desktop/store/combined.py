"""The personal bank and the office's team bank as one PhraseSource, for the phrase panel.

Searches ask both and merge their hits by score (the same rule on both engines: store.ranking),
each hit labelled by its origin (SearchHit.origin: PERSONAL or TEAM); a team hit whose text the
personal bank also holds is left out. When the team server cannot be reached the search goes
on with the personal bank alone and `team_problem` says why (the window puts it in its status
bar); the team bank is asked again after RETRY_SECONDS. get_units and keywords are the personal
bank's (unit ids are per bank; a team unit is read with `team.get_units`).

What the window does to a hit goes to the hit's own bank by its origin: `set_favourite`,
`count_use` (a team unit's use is recorded in unit_uses with the draft, for 撞稿), `propose`;
`team_uses` reads the earlier uses of the team hits shown and `collision_note` says them in
Chinese. While the first connection is being made (`connect`, off the caller's path), searches
go on with the personal bank rather than wait for it.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from desktop.core.phrase_source import PERSONAL, TEAM, SearchHit, UnitRecord
from desktop.store.errors import BankError

if TYPE_CHECKING:
    from desktop.core.phrase_source import PhraseSource
    from desktop.store.bank import PhraseBank
    from desktop.store.postgres.bank import TeamBank, Use

log = logging.getLogger(__name__)

RETRY_SECONDS = 60.0


class CombinedSource:
    """A personal bank with the team bank beside it (connected on first use, off the caller's path)."""

    def __init__(
        self,
        personal: PhraseBank,
        open_team: Callable[[], TeamBank] | None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.personal = personal
        self._open_team = open_team
        self._clock = clock
        self._team: TeamBank | None = None
        self._failed_at: float | None = None
        self._lock = threading.Lock()
        self._connecting = False
        self.team_problem: str | None = None  # why the team bank is not in the hits, for the status bar
        self.team_error: BankError | None = None  # the error behind team_problem

    @property
    def team(self) -> TeamBank | None:
        """The team bank, connecting (again) when it is due; None when there is none, it is
        unreachable, or another thread is connecting to it right now."""
        return self.connect(wait=False)

    @property
    def connected(self) -> TeamBank | None:
        """The team bank if it is connected now (never connects)."""
        return self._team

    def connect(self, *, wait: bool = True) -> TeamBank | None:
        """Connect now if due. Never holds the lock while connecting: a search meanwhile goes on
        with the personal bank (wait=False returns None at once while another thread connects;
        wait=True connects even then, and the first to finish is kept)."""
        with self._lock:
            if self._team is not None or self._open_team is None:
                return self._team
            if self._failed_at is not None and self._clock() - self._failed_at < RETRY_SECONDS:
                return None
            if self._connecting and not wait:
                return None
            self._connecting = True
            open_team = self._open_team
        try:
            opened = open_team()
        except BankError as exc:
            with self._lock:
                self._connecting = False
                self._fail(exc)
            return None
        with self._lock:
            self._connecting = False
            if self._team is None:
                self._team, self._failed_at, self.team_problem, self.team_error = opened, None, None, None
                return opened
            kept = self._team
        opened.close()
        return kept

    def retry_now(self, open_team: Callable[[], TeamBank] | None = None) -> None:
        """Forget the last failure (and take a new way to connect, e.g. with the password the writer
        typed): the next use connects again."""
        with self._lock:
            if open_team is not None:
                self._open_team = open_team
            self._failed_at, self.team_problem, self.team_error = None, None, None

    def _fail(self, exc: BankError) -> None:
        self._failed_at = self._clock()
        self.team_error = exc
        self.team_problem = f"团队素材库暂不可用，当前只用个人素材库：{exc}"
        log.warning("team bank unavailable: %s", exc)

    def _lost(self, exc: BankError) -> None:
        """A call on the connected team bank failed for want of the server: drop it until the retry."""
        from desktop.store.postgres.bank import TeamUnavailableError

        if not isinstance(exc, TeamUnavailableError):
            return
        with self._lock:
            bad, self._team = self._team, None
            self._fail(exc)
        if bad is not None:
            bad.close()

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
            self._lost(exc)
            return mine
        held = {h.text for h in mine}
        merged = mine + [h for h in theirs if h.text not in held]
        merged.sort(key=lambda h: -h.score)  # stable: a personal hit stays before a team hit of equal score
        return merged[:limit] if query.strip() else (mine + [h for h in theirs if h.text not in held])[:limit]

    def get_units(self, unit_ids: Iterable[int]) -> Sequence[UnitRecord]:
        return self.personal.get_units(unit_ids)

    # ---- what the window does to a hit, in the hit's own bank ----

    def _team_for(self, what: str) -> TeamBank:
        team = self.connected
        if team is None:
            raise BankError(f"团队素材库现在连接不上，无法{what}。个人素材库照常可用，请稍后再试。")
        return team

    def _on_team(self, what: str, call: Callable[[TeamBank], object]) -> object:
        team = self._team_for(what)
        try:
            return call(team)
        except BankError as exc:
            self._lost(exc)
            raise

    def set_favourite(self, origin: str, unit_id: int, favourite: bool) -> UnitRecord:
        """Favourite a personal unit; on a team unit, an editor's recommendation (推荐)."""
        if origin != TEAM:
            return self.personal.set_favourite(unit_id, favourite)
        from desktop.store.errors import UnitNotFoundError
        from desktop.store.postgres.bank import PermissionDeniedError

        try:
            return self._on_team("收藏", lambda t: t.set_favourite(unit_id, favourite))  # type: ignore[return-value]
        except (PermissionDeniedError, UnitNotFoundError) as exc:
            # Row-level security hides others' rows from a writer's UPDATE: the server's "no" looks like "not found".
            if isinstance(exc, UnitNotFoundError) and self._team_for("收藏").role in ("editor", "admin"):
                raise
            raise PermissionDeniedError(
                "团队素材库的句子只有审核人可以设为推荐（收藏）；喜欢这句可以先插入，再选中后加入个人素材库。"
            ) from exc

    def count_use(self, origin: str, unit_id: int, draft: str = "", speaker: str | None = None) -> None:
        """The writer inserted the unit into a draft: counted in its own bank; a team unit's use is
        recorded with the draft's name (who and when the server sets), for 撞稿 warnings."""
        if origin != TEAM:
            self.personal.count_use(unit_id)
            return
        self._on_team("记录使用", lambda t: t.record_use(unit_id, draft, speaker=speaker))

    def propose(self, text: str, kind: str, speech_type: str | None = None, tags: Iterable[str] = ()) -> int:
        """Propose a phrase to the team bank for review; its team id."""
        return self._on_team(  # type: ignore[return-value]
            "提交", lambda t: t.propose_unit(text, kind, speech_type=speech_type, tags=tags)
        )

    def team_uses(self, hits: Iterable[SearchHit]) -> dict[int, list[Use]]:
        """Earlier uses of the team hits among hits, newest first, by team unit id ({} without a team)."""
        ids = [h.unit_id for h in hits if h.origin == TEAM]
        team = self.connected
        if not ids or team is None:
            return {}
        try:
            uses = team.earlier_uses(ids)
        except BankError as exc:
            self._lost(exc)
            return {}
        found: dict[int, list[Use]] = {}
        for use in uses:
            found.setdefault(use.unit_id, []).append(use)
        return found

    def keywords(self, text: str, limit: int = 6) -> list[str]:
        return self.personal.keywords(text, limit)

    def close(self) -> None:
        with self._lock:
            team, self._team = self._team, None
        if team is not None:
            team.close()


COLLISION_USES_NAMED = 3  # a 撞稿 note names this many uses, newest first


def collision_note(uses: Sequence[Use]) -> str:
    """撞稿提醒 for a team phrase used before: who used it, in which draft, when ("" when never)."""
    if not uses:
        return ""
    named = [
        f"{u.used_by} 于 {_local_day(u.used_at)} 用于《{u.draft}》" + (f"（{u.speaker}）" if u.speaker else "")
        for u in uses[:COLLISION_USES_NAMED]
    ]
    more = f"，另有 {len(uses) - COLLISION_USES_NAMED} 次" if len(uses) > COLLISION_USES_NAMED else ""
    return f"撞稿提醒：这句已被使用 {len(uses)} 次——" + "；".join(named) + f"{more}。请注意避免与领导此前的讲话重复。"


def _local_day(moment: datetime) -> str:
    """The day of a stored moment (UTC, as the bank's clock keeps it) on this computer's calendar."""
    local = moment.replace(tzinfo=UTC).astimezone() if moment.tzinfo is None else moment.astimezone()
    return f"{local.year}年{local.month}月{local.day}日"


__all__ = ["PERSONAL", "TEAM", "CombinedSource", "collision_note"]

if TYPE_CHECKING:

    def _is_a_phrase_source(source: CombinedSource) -> PhraseSource:
        return source  # mypy checks that CombinedSource satisfies the protocol
