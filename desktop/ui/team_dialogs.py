"""The team bank's dialogs: the server's password, and 团队素材库 (the team's phrases, proposals,
an editor's review, proposing whole documents).

Every call on the team bank goes through the runner (a server on the intranet may be slow or
gone); what the rules are (who may see, propose, approve) the server decides, through
store.postgres.bank.TeamBank, and these dialogs only show its answers.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QBrush
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.ui.dialog_buttons import ok_cancel_buttons
from desktop.ui.phrase_panel import TEAM_COLOUR
from desktop.ui.runner import Runner

if TYPE_CHECKING:
    from desktop.store.postgres.bank import Proposal, TeamBank
    from desktop.store.records import ImportReport

STATUS_NAMES = {"proposed": "待审核", "approved": "已通过", "rejected": "已退回"}
SEARCH_DEBOUNCE_MS = 150
_ID_ROLE = Qt.ItemDataRole.UserRole


class PasswordDialog(QDialog):
    """The team server asks for a password: typed here, never written to the settings file."""

    def __init__(self, account: str, keyring: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("连接团队素材库")
        self.setObjectName("teamPasswordDialog")
        question = QLabel(f"团队素材库服务器需要密码才能登录：\n{account}")
        question.setWordWrap(True)
        self.password_edit = QLineEdit()
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.password_edit.setAccessibleName("团队素材库密码")
        kept = (
            "密码会保存在系统钥匙串中，不写入设置文件。"
            if keyring
            else "本机没有可用的系统钥匙串：密码只在本次运行中使用，不会保存，下次启动时会再询问"
            "（也可以请管理员为您配置 pgpass 文件）。"
        )
        note = QLabel(kept + "\n取消则本次只用个人素材库。")
        note.setWordWrap(True)
        buttons = ok_cancel_buttons("连接", "只用个人素材库")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        column = QVBoxLayout(self)
        column.addWidget(question)
        column.addWidget(self.password_edit)
        column.addWidget(note)
        column.addWidget(buttons)
        self.setMinimumWidth(420)

    def password(self) -> str:
        return self.password_edit.text()


class TeamDialog(QDialog):
    """团队素材库: search the team's phrases, see proposals (an editor reviews them), propose documents."""

    def __init__(
        self,
        runner: Runner,
        team: Callable[[], TeamBank | None],
        parent: QWidget | None = None,
        changed: Callable[[], None] | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("团队素材库 — 讲稿助手")
        self.setObjectName("teamDialog")
        self._runner = runner
        self._team = team
        self._changed = changed or (lambda: None)
        self.last_report: ImportReport | None = None
        self.who_label = QLabel("")
        self.who_label.setWordWrap(True)
        self.message_label = QLabel("")
        self.message_label.setWordWrap(True)

        self.search_box = QLineEdit()
        self.search_box.setPlaceholderText("搜索团队素材库")
        self.search_box.setClearButtonEnabled(True)
        self.phrase_list = QListWidget()
        self.phrase_list.setWordWrap(True)
        self.phrase_list.setAccessibleName("团队素材")
        phrases = QWidget()
        phrases_column = QVBoxLayout(phrases)
        phrases_column.addWidget(self.search_box)
        phrases_column.addWidget(self.phrase_list, 1)

        self.proposal_list = QListWidget()
        self.proposal_list.setWordWrap(True)
        self.proposal_list.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.proposal_list.setAccessibleName("待审核的提交")
        self.note_edit = QLineEdit()
        self.note_edit.setPlaceholderText("审核意见（可不填，退回时建议写明理由）")
        self.approve_button = QPushButton("通过(&Y)")
        self.reject_button = QPushButton("退回(&N)")
        self.propose_files_button = QPushButton("提交文档到团队库…")
        self.propose_files_button.setToolTip("把讲话稿文件整篇提交，切分后的句子由审核人审核")
        review_row = QHBoxLayout()
        review_row.addWidget(self.note_edit, 1)
        review_row.addWidget(self.approve_button)
        review_row.addWidget(self.reject_button)
        review = QWidget()
        review_column = QVBoxLayout(review)
        review_column.addWidget(self.proposal_list, 1)
        review_column.addLayout(review_row)

        self.tabs = QTabWidget()
        self.tabs.addTab(phrases, "团队素材")
        self.tabs.addTab(review, "提交与审核")
        bottom = QHBoxLayout()
        bottom.addWidget(self.message_label, 1)
        bottom.addWidget(self.propose_files_button)
        column = QVBoxLayout(self)
        column.addWidget(self.who_label)
        column.addWidget(self.tabs, 1)
        column.addLayout(bottom)
        self.resize(820, 560)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SEARCH_DEBOUNCE_MS)
        self._timer.timeout.connect(self.search)
        self.search_box.textChanged.connect(lambda _t: self._timer.start())
        self.approve_button.clicked.connect(lambda: self._review(approve=True))
        self.reject_button.clicked.connect(lambda: self._review(approve=False))
        self.propose_files_button.clicked.connect(self._choose_files)
        self.refresh()

    # ---- showing ----
    def _bank(self) -> TeamBank | None:
        team = self._team()
        if team is None:
            self._say("团队素材库现在连接不上，只能使用个人素材库。请检查网络或设置中的服务器地址，稍后再打开。")
        return team

    def refresh(self) -> None:
        team = self._bank()
        if team is None:
            for w in (self.approve_button, self.reject_button, self.propose_files_button, self.search_box):
                w.setEnabled(False)
            return
        editor = team.role in ("editor", "admin")
        role = {"writer": "撰稿人", "editor": "审核人", "admin": "管理员"}.get(team.role, team.role)
        self.who_label.setText(
            f"已连接团队素材库：{team.user}（{role}）。"
            + ("您可以审核大家提交的句子。" if editor else "您提交的句子经审核人通过后，大家都能用。")
        )
        self.approve_button.setVisible(editor)
        self.reject_button.setVisible(editor)
        self.note_edit.setVisible(editor)
        self.search()
        self.refresh_proposals()

    def search(self) -> None:
        self._timer.stop()
        team = self._bank()
        if team is None:
            return
        query = self.search_box.text()
        self._runner.run(lambda: team.search(query, limit=200), self._show_phrases, self._failed, key="team-search")

    def _show_phrases(self, hits: list) -> None:
        self.phrase_list.clear()
        for hit in hits:
            item = QListWidgetItem(f"〔团队〕{hit.text}")
            item.setData(_ID_ROLE, hit.unit_id)
            item.setForeground(QBrush(TEAM_COLOUR))
            item.setToolTip(f"{hit.text}\n\n类别：{hit.kind}    来源：{'、'.join(hit.sources) or '手工添加'}")
            self.phrase_list.addItem(item)

    def refresh_proposals(self) -> None:
        team = self._bank()
        if team is None:
            return
        editor = team.role in ("editor", "admin")
        # An editor reviews what waits; a writer follows their own proposals whatever became of them.
        status = "proposed" if editor else None
        self._runner.run(lambda: team.proposals(status=status), self._show_proposals, self._failed, key="team-review")

    def _show_proposals(self, proposals: list[Proposal]) -> None:
        self.proposal_list.clear()
        for p in proposals:
            where = "、".join(p.sources) or "手工提交"
            state = STATUS_NAMES.get(p.status, p.status)
            note = f"，意见：{p.review_note}" if p.review_note else ""
            item = QListWidgetItem(f"［{state}］{p.text}\n    {p.added_by} · {p.created_at:%Y-%m-%d} · {where}{note}")
            item.setData(_ID_ROLE, p.unit_id)
            self.proposal_list.addItem(item)
        waiting = sum(1 for p in proposals if p.status == "proposed")
        self.tabs.setTabText(1, f"提交与审核（{waiting} 条待审核）")

    def proposal_texts(self) -> list[str]:
        return [self.proposal_list.item(i).text() for i in range(self.proposal_list.count())]

    # ---- changing ----
    def _review(self, *, approve: bool) -> None:
        team = self._bank()
        ids = [int(item.data(_ID_ROLE)) for item in self.proposal_list.selectedItems()]
        if team is None:
            return
        if not ids:
            self._say("请先在列表中选中要审核的句子（可按住 Ctrl 或 Shift 多选）。")
            return
        note = self.note_edit.text().strip() or None
        work = (lambda: team.approve(ids, note)) if approve else (lambda: team.reject(ids, note))
        verb = "通过" if approve else "退回"

        def done(changed: list[int]) -> None:
            self._say(f"已{verb} {len(changed)} 句。")
            self.note_edit.clear()
            self.refresh_proposals()
            self.search()
            self._changed()

        self._runner.run(work, done, self._failed)

    def _choose_files(self) -> None:
        files, _filter = QFileDialog.getOpenFileNames(
            self, "选择要提交到团队库的文档", "", "讲话稿 (*.txt *.md *.docx);;所有文件 (*)"
        )
        if files:
            self.propose_paths([Path(f) for f in files])

    def propose_paths(self, paths: list[Path]) -> None:
        """Propose whole documents: cut as an import cuts them, each unit waiting for review."""
        team = self._bank()
        if team is None:
            return
        self._say(f"正在提交 {len(paths)} 个文档到团队素材库…")
        self.propose_files_button.setEnabled(False)

        def done(report: ImportReport) -> None:
            self.propose_files_button.setEnabled(True)
            self.last_report = report
            added = sum(d.units_added for d in report.imported)
            parts = [f"已提交 {len(report.imported)} 个文档，共 {added} 句等待审核"]
            if report.skipped:
                parts.append(f"{len(report.skipped)} 个团队库中已有")
            if report.refused:
                parts.append("未能提交：" + "；".join(f"{Path(r.path).name}（{r.reason}）" for r in report.refused))
            self._say("，".join(parts) + "。")
            self.refresh_proposals()

        def failed(exc: BaseException) -> None:
            self.propose_files_button.setEnabled(True)
            self._failed(exc)

        self._runner.run(lambda: team.propose_paths(paths), done, failed)

    def _say(self, text: str) -> None:
        self.message_label.setText(text)

    def _failed(self, exc: BaseException) -> None:
        self._say(str(exc))
