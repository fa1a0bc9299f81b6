"""The window's hold on the phrase bank: opening it off the GUI thread, the first listings from a
plain-sqlite3 reader while it opens, and the searches the phrase panel asks for.

Composed into the main window; it reaches the bank only through the runner and tells the window
what happened through its signals.

With a team server in the settings (AppSettings.team_url), searches also go to a store.combined
CombinedSource (the personal bank with the team bank beside it): it connects on the runner once
the personal bank is open; each panel search shows the personal bank's hits as soon as they are
there and the merged hits when the server answers, so whatever the server does (slow,
unreachable, a password wanted) the personal bank goes on at its own speed. `team_changed` tells
the window to show `team_status()` in its status bar; `password_needed` asks for a password.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from desktop.core.phrase_source import PERSONAL, TEAM, UnitRecord
from desktop.infra.paths import DataPaths
from desktop.ui.phrase_context import PhraseQuery
from desktop.ui.runner import Progress, Runner

if TYPE_CHECKING:  # the store loads on a pool thread, never on the way to the first window
    import threading

    from desktop.store.bank import PhraseBank
    from desktop.store.combined import CombinedSource
    from desktop.store.first_read import FirstReader
    from desktop.store.postgres.bank import TeamBank
    from desktop.ui.bank_tasks import OpenedBank, PhraseResults

log = logging.getLogger(__name__)


class BankSession(QObject):
    """The bank the window works with, once open, and the reader standing in for it until then."""

    loading = Signal(str)  # what the status bar says while the bank opens
    progressed = Signal(int, int, str)  # building the default bank: done, total, file
    opened = Signal(object)  # OpenedBank: the PhraseBank is open and in use (self.bank)
    failed = Signal(object)  # the exception: the bank cannot be used this session
    reader_ready = Signal()  # the first-look reader can answer listings
    found = Signal(object)  # PhraseResults for the last search asked
    units_counted = Signal(int)  # live units in the bank, after a change
    message = Signal(str)
    team_changed = Signal()  # the team bank connected, failed or went away: see team_status()
    search_again = Signal()  # the team bank came (or went): the panel's hits should be asked again
    password_needed = Signal(str)  # the team server wants a password for this login (user@host:port/db)

    def __init__(self, runner: Runner, paths: DataPaths, parent: QObject | None = None, team_url: str = "") -> None:
        super().__init__(parent)
        self._runner = runner
        self._paths = paths
        self.bank: PhraseBank | None = None
        self.team_url = team_url  # the settings' team server, without password ("" for none)
        self.source: CombinedSource | None = None  # the personal and team banks, when a team is set
        self._password: str | None = None  # typed by the writer this session; kept in memory only
        self._asked_password = False
        self._team_shown: tuple[str, str] | None = None
        self._searches = 0  # panel searches asked, numbered
        self._merged_shown = 0  # the last search whose merged (personal and team) hits are shown
        # Until the bank is open, the panel's first listings come from a plain-sqlite3 reader.
        self.first_reader: FirstReader | None = None
        self._first_shown: PhraseQuery | None = None  # the query whose reader hits the panel shows
        self.answered: PhraseQuery | None = None  # at hand-over: the query the reader's hits answer

    # ---------------------------------------------------------------- opening
    def start(self) -> None:
        """Open the bank (building it from the seeds on first start) off the GUI thread.

        An existing bank is first looked at through plain sqlite3 (bank_tasks.first_look), so
        the panel lists phrases without waiting for SQLAlchemy and the segmenter to load.
        """
        first = not self._paths.bank.exists()
        self.loading.emit("正在建立默认素材库…" if first else "素材库加载中…")
        if first:
            self._open_bank()
            return
        paths = self._paths

        def look() -> FirstReader | None:
            from desktop.ui.bank_tasks import first_look

            return first_look(paths)

        self._runner.run(look, self._first_look_ready, lambda _exc: self._open_bank())

    def _first_look_ready(self, reader: FirstReader | None) -> None:
        if reader is not None and self.bank is None:
            self.first_reader = reader
            self.reader_ready.emit()
        self._open_bank()

    def _open_bank(self) -> None:
        paths = self._paths

        def open_bank(progress: Progress, cancel: threading.Event) -> OpenedBank:
            from desktop.ui.bank_tasks import open_bank  # store and jieba load off the GUI thread

            return open_bank(paths, progress, cancel)

        self._runner.start_job(open_bank, self._bank_ready, self._bank_failed, on_progress=self.progressed.emit)

    def _bank_ready(self, opened: OpenedBank) -> None:
        self.bank = opened.bank
        self.answered = self._first_shown  # those hits are the bank's own: no need to ask again
        self.close_first_reader()
        self.opened.emit(opened)
        self._start_team()

    # ---------------------------------------------------------------- the team bank
    def _opener(self) -> Callable[[], TeamBank]:
        from desktop.store.postgres.credentials import open_team_bank

        url, password, bank = self.team_url, self._password, self.bank
        tokenizer = bank.tokenizer if bank is not None else None
        ask = (lambda _account: password) if password else None
        return lambda: open_team_bank(url, ask=ask, tokenizer=tokenizer)

    def _start_team(self) -> None:
        """With a team server set, put the CombinedSource in place and connect on the runner."""
        if self.bank is None or not self.team_url:
            return
        from desktop.store.combined import CombinedSource

        if self.source is None:
            self.source = CombinedSource(self.bank, self._opener())
        else:
            self.source.retry_now(self._opener())
        self.team_changed.emit()
        self._connect()

    def _connect(self) -> None:
        source = self.source
        if source is None:
            return
        self._runner.run(
            source.connect, lambda _team: self._team_answered(), lambda exc: self._team_answered(), key="team-connect"
        )

    def _team_answered(self) -> None:
        source = self.source
        if source is None:
            return
        self._report_team()
        if source.connected is not None:
            self.found_again()
            return
        from desktop.store.postgres.credentials import account, needs_password

        if source.team_error is not None and needs_password(source.team_error) and not self._asked_password:
            self._asked_password = True
            self.password_needed.emit(account(self.team_url))

    def use_password(self, password: str) -> None:
        """The writer typed the team server's password: connect again with it (kept in the
        keyring where there is one, store.postgres.credentials; else only for this session)."""
        self._password = password or None
        self._start_team()

    def set_team_url(self, url: str, password: str | None = None) -> None:
        """The settings named the team server ("" for none): connect (again) unless already connected
        to it; a password the server still wants is asked again."""
        if url == self.team_url and not password and (not url or self.team is not None):
            return
        old, self.source = self.source, None
        if old is not None:
            self._runner.run(old.close)
        self.team_url, self._password, self._asked_password = url, password or None, False
        self._team_shown = None
        self.team_changed.emit()
        self._start_team()
        self.found_again()

    def found_again(self) -> None:
        """Ask the window to search again (the hits now include the team's)."""
        self.search_again.emit()

    def team_status(self) -> tuple[str, str]:
        """(what the status bar shows, its tooltip); ("", "") without a team server."""
        if not self.team_url:
            return "", ""
        source = self.source
        if source is None:
            return "团队库：等待素材库打开…", self.team_url
        team = source.connected
        if team is not None:
            role = {"writer": "撰稿人", "editor": "审核人", "admin": "管理员"}.get(team.role, team.role)
            return f"团队库：已连接（{team.user}，{role}）", self.team_url
        if source.team_problem:
            from desktop.store.postgres.credentials import needs_password

            if source.team_error is not None and needs_password(source.team_error):
                return "团队库未登录，只用个人素材库", (
                    f"团队素材库没有登录：密码不对或没有输入（{source.team_error}）。"
                    "当前只用个人素材库；请在“设置”中点“确定”重新连接并输入密码，或请管理员核对账号。"
                )
            return "团队库不可用，只用个人素材库", source.team_problem
        return "团队库：连接中…", self.team_url

    def _report_team(self) -> None:
        """team_changed when the status changed; a new problem also goes to the status line, short
        (what is wrong and what to do; the team label's tooltip has the server's own words)."""
        shown = self.team_status()
        if shown == self._team_shown:
            return
        self._team_shown = shown
        self.team_changed.emit()
        if self.source is not None and self.source.team_problem:
            from desktop.store.postgres.credentials import needs_password

            error = self.source.team_error
            if error is not None and needs_password(error):
                advice = (
                    "团队素材库没有登录（密码不对或没有输入），当前只用个人素材库。请在“设置”中点“确定”重新输入密码。"
                )
            else:
                advice = (
                    "团队素材库连接不上，当前只用个人素材库，写作不受影响。请检查网络和“设置”中的团队服务器地址，"
                    "或联系管理员；原因见状态栏右侧“团队库”的提示。"
                )
            self.message.emit(advice)

    @property
    def team(self) -> TeamBank | None:
        return self.source.connected if self.source is not None else None

    def _bank_failed(self, exc: BaseException) -> None:
        had_reader = self.first_reader is not None
        self.close_first_reader()
        if had_reader:  # the bank is not usable: neither are its first hits
            from desktop.ui.bank_tasks import PhraseResults

            self.found.emit(PhraseResults([]))
        self.failed.emit(exc)

    def close_first_reader(self) -> None:
        """Hand over to the bank (or give up): close the plain-sqlite3 reader."""
        reader, self.first_reader, self._first_shown = self.first_reader, None, None
        if reader is not None:
            reader.close()

    @property
    def ready(self) -> bool:
        """Whether searches can be answered (by the bank, or listings by the first reader)."""
        return self.bank is not None or self.first_reader is not None

    def close(self) -> None:
        self.close_first_reader()
        if self.source is not None:
            self.source.close()
            self.source = None
        if self.bank is not None:
            self.bank.close()
            self.bank = None

    # ---------------------------------------------------------------- searching
    def search(self, query: PhraseQuery) -> bool:
        """Ask for the panel's hits; False when the query must wait for the bank to open."""
        from desktop.ui.bank_tasks import first_look_answers, phrase_results

        if self.bank is not None:
            bank, source = self.bank, self.source
            self._searches += 1
            asked = self._searches

            def show_personal(results: PhraseResults) -> None:
                if self._merged_shown != asked:  # the merged hits of this query came first: keep them
                    results.labelled = source is not None
                    self.found.emit(results)

            self._runner.run(
                lambda: phrase_results(bank, query),
                show_personal,
                lambda exc: self.message.emit(f"搜索失败：{exc}"),
                key="phrase-search",
            )
            if source is None:
                return True

            # The team's hits follow, merged (store.combined): the personal ones never wait for the server.
            def show_merged(results: PhraseResults) -> None:
                self._merged_shown = asked
                self.found.emit(results)
                self._report_team()

            self._runner.run(
                lambda: phrase_results(source, query),
                show_merged,
                lambda exc: self.message.emit(f"搜索失败：{exc}"),
                key="phrase-search-team",
            )
            return True
        if self.first_reader is not None and first_look_answers(query):
            reader = self.first_reader

            def show(results: PhraseResults) -> None:
                self._first_shown = query
                self.found.emit(results)

            # A reader closed by the hand-over fails the searches still queued on it: not an error.
            self._runner.run(
                lambda: phrase_results(reader, query),
                show,
                lambda exc: None if self.bank is not None else self.message.emit(f"搜索失败：{exc}"),
                key="phrase-search",
            )
            return True
        return False  # _bank_ready asks again once the bank is open

    # ---------------------------------------------------------------- small changes
    def count_use(self, unit_id: int, origin: str = PERSONAL, draft: str = "") -> None:
        """The writer inserted a unit: counted in its own bank (a team unit's use recorded with the draft)."""
        if self.bank is None:
            return
        bank, source = self.bank, self.source
        if source is not None:
            work: Callable[[], object] = lambda: source.count_use(origin, unit_id, draft)  # noqa: E731
        elif origin == PERSONAL:
            work = lambda: bank.count_use(unit_id)  # noqa: E731
        else:
            return

        def failed(exc: BaseException) -> None:
            log.warning("count_use: %s", exc)
            if origin == TEAM:
                self.message.emit(f"这句团队素材的使用没有记录到团队素材库：{exc}")
                self._report_team()

        self._runner.run(work, None, failed)

    def set_favourite(
        self, unit_id: int, favourite: bool, done: Callable[[int, bool, str], None], origin: str = PERSONAL
    ) -> None:
        if self.bank is None:
            return
        bank, source = self.bank, self.source
        if source is not None:
            work: Callable[[], UnitRecord] = lambda: source.set_favourite(origin, unit_id, favourite)  # noqa: E731
        elif origin == PERSONAL:
            work = lambda: bank.set_favourite(unit_id, favourite)  # noqa: E731
        else:
            return
        self._runner.run(
            work,
            lambda rec: done(rec.id, rec.favourite, origin),
            lambda exc: self.message.emit(f"收藏失败：{exc}"),
        )

    def propose(self, text: str, kind: str, speech_type: str | None = None) -> None:
        """提交到团队库: a phrase proposed for the editors' review."""
        source = self.source
        if source is None:
            self.message.emit("还没有设置团队素材库。请在“设置”中填写团队服务器地址。")
            return
        short = text if len(text) <= 20 else text[:19] + "…"

        def failed(exc: BaseException) -> None:
            self.message.emit(f"没有提交到团队素材库：{exc}")
            self._report_team()

        self._runner.run(
            lambda: source.propose(text, kind, speech_type),
            lambda _id: self.message.emit(f"已提交到团队素材库，等待审核人审核：{short}"),
            failed,
        )

    def recount(self) -> None:
        """Count the live units again (after an import, a delete, a restore)."""
        if self.bank is not None:
            bank = self.bank
            self._runner.run(bank.live_units, self.units_counted.emit, lambda exc: log.warning("count: %s", exc))
