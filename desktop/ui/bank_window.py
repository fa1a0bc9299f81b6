"""素材库 window: search, filter, edit, tag, trash and restore units; import; back up and restore.

Every bank call goes through the runner; the table shows what the store answers.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMessageBox,
    QProgressDialog,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.core.phrases import phrase_kinds
from desktop.core.speech_types import type_names
from desktop.infra.paths import DataPaths
from desktop.ui.bank_dialogs import AddPhraseDialog
from desktop.ui.bank_table import COL_SOURCE, COL_TEXT, ChoiceDelegate, UnitTableModel
from desktop.ui.runner import Runner

if TYPE_CHECKING:
    from desktop.store.bank import PhraseBank
    from desktop.store.postgres.bank import TeamBank
    from desktop.store.records import DocumentRecord, ImportReport, RestoreReport, UnitRecord

SEARCH_DEBOUNCE_MS = 150
TABLE_LIMIT = 500
ALL = None


def load_rows(
    bank: PhraseBank,
    query: str,
    kind: str | None,
    speech_type: str | None,
    tag: str | None,
    source: str | None,
    favourites: bool,
    trash: bool,
) -> list[UnitRecord]:
    """Runs on a pool thread: search hits as full records (tags, sources), trash view apart."""
    hits = bank.search(
        query,
        kind=kind,
        speech_type=speech_type,
        tag=tag,
        source=source,
        favourites_only=favourites,
        include_deleted=trash,
        limit=TABLE_LIMIT,
    )
    ids = [h.unit_id for h in hits if h.in_trash == trash]
    by_id = {r.id: r for r in bank.get_units(ids)}
    return [by_id[i] for i in ids if i in by_id]


TITLES_LOOKED_AT = 5000  # title units read to name documents in 来源 (beyond: the file's name)


def document_titles(bank: PhraseBank) -> dict[int, str]:
    """Runs on a pool thread: each document's title (its unit of kind 标题), by document id, so
    来源 names a speech by its title rather than its file (003_3452a607598ccdcc)."""
    hits = bank.search("", kind="标题", include_deleted=True, limit=TITLES_LOOKED_AT)
    titles: dict[int, str] = {}
    for record in bank.get_units([h.unit_id for h in hits]):
        for source in record.sources:
            titles.setdefault(source.document_id, record.text)
    return titles


def filter_choices(bank: PhraseBank) -> FilterChoices:
    """Runs on a pool thread: what the filters offer, and the documents' titles."""
    return FilterChoices(bank.list_tags(), bank.list_documents(), bank.stats(), document_titles(bank))


@dataclass(frozen=True)
class FilterChoices:
    tags: list[tuple[str, int]]
    documents: list[DocumentRecord]
    stats: dict[str, int]
    titles: dict[int, str]


def apply_edit(bank: PhraseBank, unit_id: int, field: str, value: Any) -> UnitRecord:
    """Runs on a pool thread: one in-place edit, returning the unit as stored."""
    if field == "tags":
        current = set(bank.get_unit(unit_id).tags)
        for tag in current - set(value):
            bank.untag(unit_id, tag)
        for tag in [t for t in value if t not in current]:
            bank.tag(unit_id, tag)
        return bank.get_unit(unit_id)
    if field == "speech_type" and value is None:
        value = ""  # the store reads None as "leave as is" and "" as "no type"
    return bank.edit_unit(unit_id, **{field: value})


class BankWindow(QMainWindow):
    """The phrase bank, as a table to keep."""

    bank_changed = Signal()

    def __init__(self, runner: Runner, paths: DataPaths, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("素材库 — 讲稿助手")
        self.setObjectName("bankWindow")
        self.setWindowFlag(Qt.WindowType.Window, True)
        self.runner = runner
        self.paths = paths
        self.bank: PhraseBank | None = None
        self._team: Callable[[], TeamBank | None] = lambda: None  # add_team_buttons gives the team bank
        self.last_report: ImportReport | None = None
        self.ask_questions = True  # tests answer for the writer
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SEARCH_DEBOUNCE_MS)
        self._timer.timeout.connect(self.refresh)

        self.search_box = QLineEdit()
        self.search_box.setPlaceholderText("搜索素材库")
        self.search_box.setClearButtonEnabled(True)
        self.kind_filter = self._combo("全部类别", phrase_kinds())
        self.type_filter = self._combo("全部类型", type_names())
        self.tag_filter = self._combo("全部标签", [])
        self.source_filter = self._combo("全部来源", [])
        self.favourites = QCheckBox("只看收藏")
        self.trash = QCheckBox("回收站")
        filters = QHBoxLayout()
        filters.addWidget(self.search_box, 3)
        for w in (self.kind_filter, self.type_filter, self.tag_filter, self.source_filter):
            filters.addWidget(w, 1)
        filters.addWidget(self.favourites)
        filters.addWidget(self.trash)

        self.model = UnitTableModel()
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setItemDelegate(ChoiceDelegate(self.table))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        self.table.setWordWrap(True)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(COL_TEXT, QHeaderView.ResizeMode.Stretch)
        for col in range(self.model.columnCount()):
            if col not in (COL_TEXT, COL_SOURCE):
                header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        # Titles are long: 来源 gets a fixed share (the tooltip has it whole), 内容 the rest.
        header.setSectionResizeMode(COL_SOURCE, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(COL_SOURCE, 220)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)

        self.add_button = QPushButton("新增(&A)…")
        self.star_button = QPushButton("收藏/取消(&S)")
        self.trash_button = QPushButton("删除到回收站(&D)")
        self.restore_button = QPushButton("从回收站恢复(&R)")
        self.import_files_button = QPushButton("导入文件(&I)…")
        self.import_folder_button = QPushButton("导入文件夹…")
        self.export_button = QPushButton("导出备份…")
        self.restore_backup_button = QPushButton("从备份恢复…")
        buttons = QHBoxLayout()
        for b in (self.add_button, self.star_button, self.trash_button, self.restore_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        for b in (self.import_files_button, self.import_folder_button, self.export_button, self.restore_backup_button):
            buttons.addWidget(b)
        self.progress_dialog: QProgressDialog | None = None  # while an import runs
        self.count_label = QLabel("素材库加载中…")
        self.message_label = QLabel("")  # what the last operation did (import report, restore …)
        self.message_label.setWordWrap(True)
        self.undo_button = QPushButton("撤销")
        self.undo_button.hide()
        self._last_move: tuple[list[int], bool] | None = None  # what 撤销 takes back

        central = QWidget()
        column = QVBoxLayout(central)
        column.addLayout(filters)
        column.addWidget(self.table, 1)
        column.addLayout(buttons)
        status = QHBoxLayout()
        status.addWidget(self.count_label)
        status.addWidget(self.message_label, 1)
        status.addWidget(self.undo_button)
        column.addLayout(status)
        self.setCentralWidget(central)
        self.resize(1100, 700)
        self._wire()

    def add_team_buttons(
        self,
        propose: Callable[[list[UnitRecord]], None],
        open_team: Callable[[], None],
        team: Callable[[], TeamBank | None],
    ) -> None:
        """With a team bank set: 含团队素材 (the team's phrases after the personal ones, labelled and
        read-only), 提交到团队库 for the selected units, and 团队素材库… (ui.team_dialogs)."""
        self._team = team
        self.team_rows = QCheckBox("含团队素材")
        self.team_rows.setToolTip("在个人素材之后列出团队素材库中相符的句子（只读，标为〔团队〕）")
        self.team_rows.toggled.connect(lambda _b: self.refresh())
        self.propose_button = QPushButton("提交到团队库")
        self.propose_button.setToolTip("把选中的句子提交到团队素材库，由审核人审核")
        team_button = QPushButton("团队素材库…")
        self.propose_button.clicked.connect(lambda: propose(self.selected_records()))
        team_button.clicked.connect(open_team)
        row = QHBoxLayout()
        row.addWidget(self.team_rows)
        row.addStretch(1)
        row.addWidget(self.propose_button)
        row.addWidget(team_button)
        central = self.centralWidget()
        column = central.layout() if central is not None else None
        if isinstance(column, QVBoxLayout):
            column.insertLayout(column.count() - 1, row)

    def selected_records(self) -> list[UnitRecord]:
        """The selected personal units (team rows are the team bank's, not this bank's)."""
        rows = sorted({i.row() for i in self.table.selectionModel().selectedRows()})
        return [self.model.record(r) for r in rows if not self.model.is_team(r)]

    def _load_team_rows(self) -> None:
        """After the personal rows: the team's matching phrases, when 含团队素材 is on (never in the
        trash view or with a tag or source filter, which are the personal bank's own)."""
        box = getattr(self, "team_rows", None)
        team = self._team() if box is not None and box.isChecked() else None
        personal_only = self.trash.isChecked() or self.tag_filter.currentData() or self.source_filter.currentData()
        if team is None or personal_only:
            return
        args = (self.search_box.text(), self.kind_filter.currentData(), self.type_filter.currentData())

        def load() -> list[UnitRecord]:
            hits = team.search(args[0], kind=args[1], speech_type=args[2], limit=TABLE_LIMIT)
            return team.get_units([h.unit_id for h in hits])

        def show(records: list[UnitRecord]) -> None:
            self.model.set_team_records(records)
            self.table.resizeRowsToContents()
            self.count_label.setText(self.count_label.text() + f"，团队素材 {len(records)} 条")

        self.runner.run(load, show, lambda exc: self.message_label.setText(f"团队素材没有列出：{exc}"), key="bank-team")

    def _combo(self, everything: str, items: Iterable[str]) -> QComboBox:
        box = QComboBox()
        box.addItem(everything, ALL)
        for item in items:
            box.addItem(item, item)
        return box

    def _wire(self) -> None:
        self.search_box.textChanged.connect(lambda _t: self._timer.start())
        for box in (self.kind_filter, self.type_filter, self.tag_filter, self.source_filter):
            box.currentIndexChanged.connect(lambda _i: self.refresh())
        self.favourites.toggled.connect(lambda _b: self.refresh())
        self.trash.toggled.connect(self._trash_toggled)
        self.model.edit_requested.connect(self.edit_unit)
        self.add_button.clicked.connect(self.add_unit)
        self.star_button.clicked.connect(self.toggle_favourite)
        self.trash_button.clicked.connect(self.trash_selected)
        self.restore_button.clicked.connect(self.restore_selected)
        self.undo_button.clicked.connect(self.undo_move)
        self.import_files_button.clicked.connect(self.choose_import_files)
        self.import_folder_button.clicked.connect(self._choose_import_folder)
        self.export_button.clicked.connect(self._choose_export)
        self.restore_backup_button.clicked.connect(self._choose_restore)
        self._trash_toggled(False)

    # ---- showing ----
    def set_bank(self, bank: PhraseBank) -> None:
        self.bank = bank
        self.refresh_filters()
        self.refresh()

    def refresh(self) -> None:
        self._timer.stop()
        if self.bank is None:
            return
        bank = self.bank
        args = (
            self.search_box.text(),
            self.kind_filter.currentData(),
            self.type_filter.currentData(),
            self.tag_filter.currentData(),
            self.source_filter.currentData(),
            self.favourites.isChecked(),
            self.trash.isChecked(),
        )
        self.runner.run(lambda: load_rows(bank, *args), self._show_rows, self._error, key="bank-table")

    def refresh_filters(self) -> None:
        if self.bank is None:
            return
        bank = self.bank
        self.runner.run(lambda: filter_choices(bank), self._show_filters, self._error)

    def _show_rows(self, records: list[UnitRecord]) -> None:
        self.model.set_records(records)
        self.table.resizeRowsToContents()
        where = "回收站中" if self.trash.isChecked() else "显示"
        more = f"（最多显示 {TABLE_LIMIT} 条，请用搜索或筛选缩小范围）" if len(records) >= TABLE_LIMIT else ""
        self.count_label.setText(f"{where} {len(records)} 条{more}")
        self._load_team_rows()

    def _show_filters(self, answer: FilterChoices) -> None:
        self.model.set_titles(answer.titles)
        self._refill(self.tag_filter, [(t, t) for t, _n in answer.tags])
        self._refill(self.source_filter, [(answer.titles.get(d.id, d.name), d.name) for d in answer.documents])
        stats = answer.stats
        self.setWindowTitle(f"素材库 — 讲稿助手（{stats['units']} 句，回收站 {stats['trash']} 句）")

    def _refill(self, box: QComboBox, items: list[tuple[str, str]]) -> None:
        """Refill a filter with (shown, value) items, keeping the current choice."""
        current = box.currentData()
        box.blockSignals(True)
        while box.count() > 1:
            box.removeItem(1)
        for shown, value in items:
            box.addItem(shown, value)
        box.setCurrentIndex(max(0, box.findData(current)))
        box.blockSignals(False)

    def _trash_toggled(self, on: bool) -> None:
        self.trash_button.setEnabled(not on)
        self.restore_button.setEnabled(on)
        self.refresh()

    def selected_ids(self) -> list[int]:
        rows = sorted({i.row() for i in self.table.selectionModel().selectedRows()})
        return [self.model.record(r).id for r in rows if not self.model.is_team(r)]

    # ---- changing ----
    def _changed(self, refresh_filters: bool = False) -> None:
        self.refresh()
        if refresh_filters:
            self.refresh_filters()
        self.bank_changed.emit()

    def edit_unit(self, unit_id: int, field: str, value: object) -> None:
        bank = self.bank
        if bank is None:
            return

        def edited(record: UnitRecord) -> None:
            self.model.replace_record(record)
            self.bank_changed.emit()
            if field == "tags":
                self.refresh_filters()

        self.runner.run(lambda: apply_edit(bank, unit_id, field, value), edited, self._error)

    def add_unit(self) -> None:
        if self.bank is None:
            return
        dialog = AddPhraseDialog(self)
        if dialog.exec():
            v = dialog.values()
            bank = self.bank
            self.runner.run(
                lambda: bank.add_unit(v.text, v.kind, tags=v.tags, speech_type=v.speech_type),
                lambda _rec: self._changed(bool(v.tags)),
                self._error,
            )

    def toggle_favourite(self) -> None:
        ids = self.selected_ids()
        if not ids or self.bank is None:
            return
        bank = self.bank
        favourite = not self.model.record(self.table.currentIndex().row()).favourite
        self.runner.run(
            lambda: [bank.set_favourite(i, favourite) for i in ids], lambda _r: self._changed(), self._error
        )

    def trash_selected(self) -> None:
        self._move(self.selected_ids(), to_trash=True)

    def restore_selected(self) -> None:
        self._move(self.selected_ids(), to_trash=False)

    def _move(self, ids: list[int], *, to_trash: bool) -> None:
        """Trash or restore units; no question and no box: the status line says what happened and
        撤销 takes it back, as deleting does in office programs."""
        bank = self.bank
        if not ids or bank is None:
            return
        if to_trash:
            self.runner.run(lambda: bank.trash(ids), partial(self._moved, ids, True), self._error)
        else:
            self.runner.run(lambda: bank.restore(ids), partial(self._moved, ids, False), self._error)

    def _moved(self, ids: list[int], to_trash: bool, done: list) -> None:
        self._changed(True)
        self._last_move = (ids, to_trash)
        self.message_label.setText(f"已移到回收站 {len(done)} 条。" if to_trash else f"已恢复 {len(done)} 条。")
        self.undo_button.setText("撤销删除" if to_trash else "撤销恢复")
        self.undo_button.show()

    def undo_move(self) -> None:
        if self._last_move is None:
            return
        ids, to_trash = self._last_move
        self._last_move = None
        self.undo_button.hide()
        self._move(ids, to_trash=not to_trash)

    # ---- import ----
    def choose_import_files(self) -> None:
        names, _ = QFileDialog.getOpenFileNames(
            self, "导入文件到素材库", str(Path.home()), "讲话稿 (*.docx *.txt *.md)"
        )
        if names:
            self.import_paths([Path(n) for n in names])

    def _choose_import_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "导入文件夹到素材库", str(Path.home()))
        if folder:
            self.import_paths([Path(folder)])

    def import_paths(self, paths: list[Path]) -> None:
        """Import with a progress dialog that can cancel; a report at the end."""
        if self.bank is None:
            return
        bank = self.bank
        dialog = QProgressDialog("正在导入…", "取消", 0, 0, self)
        dialog.setWindowTitle("导入素材")
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(0)
        self.progress_dialog = dialog
        job = self.runner.start_job(
            lambda progress, cancel: bank.import_paths(paths, progress=progress, cancel=cancel),
            self._imported,
            self._import_failed,
            on_progress=self._import_progress,
        )
        dialog.canceled.connect(job.cancel)
        dialog.show()

    def _import_progress(self, done: int, total: int, what: str) -> None:
        if self.progress_dialog is not None:
            self.progress_dialog.setMaximum(max(total, 1))
            self.progress_dialog.setValue(done)
            self.progress_dialog.setLabelText(f"正在导入：{Path(what).name if what else ''}（{done}/{total}）")

    def _close_progress(self) -> None:
        if self.progress_dialog is not None:
            self.progress_dialog.reset()
            self.progress_dialog.hide()

    def _imported(self, report: ImportReport) -> None:
        self._close_progress()
        self.last_report = report
        lines = [report.summary()]
        lines += [f"· {Path(r.path).name}：{r.reason}" for r in report.refused[:10]]
        lines += [f"· {s.name} 与已有的“{s.duplicate_of}”相同，已跳过" for s in report.skipped[:10]]
        self._changed(True)
        self._say("\n".join(lines), title="导入完成")

    def _import_failed(self, exc: BaseException) -> None:
        self._close_progress()
        self._error(exc)

    # ---- backup ----
    def _choose_export(self) -> None:
        name, _ = QFileDialog.getSaveFileName(
            self, "导出素材库备份", str(Path.home() / "素材库备份.json"), "素材库备份 (*.json)"
        )
        if name:
            self.export_backup(Path(name))

    def export_backup(self, path: Path) -> None:
        bank = self.bank
        if bank is None:
            return
        self.runner.run(
            lambda: bank.export_json(path), lambda n: self._say(f"已导出 {n} 条素材到 {path}。"), self._error
        )

    def _choose_restore(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self, "从备份恢复素材库", str(Path.home()), "素材库备份 (*.json)")
        if not name:
            return
        box = QMessageBox(
            QMessageBox.Icon.Question,
            "从备份恢复",
            "把备份中的素材合并到现有素材库，还是用备份替换现有素材库？",
            parent=self,
        )
        merge = box.addButton("合并", QMessageBox.ButtonRole.AcceptRole)
        replace = box.addButton("替换", QMessageBox.ButtonRole.DestructiveRole)
        box.addButton("取消", QMessageBox.ButtonRole.RejectRole)
        box.exec()
        if box.clickedButton() in (merge, replace):
            self.restore_backup(Path(name), merge=box.clickedButton() is merge)

    def restore_backup(self, path: Path, merge: bool) -> None:
        bank = self.bank
        if bank is None:
            return

        def restored(report: RestoreReport) -> None:
            self._changed(True)
            how = "合并" if merge else "恢复"
            self._say(f"已从备份{how}：新增 {report.units_added} 句，合并 {report.units_merged} 句。")

        self.runner.run(lambda: bank.restore_json(path, merge=merge), restored, self._error)

    # ---- messages ----
    def _say(self, text: str, title: str = "素材库") -> None:
        self.message_label.setText(text.splitlines()[0])
        if self.ask_questions:
            QMessageBox.information(self, title, text)

    def _error(self, exc: BaseException) -> None:
        self.message_label.setText(f"出错：{exc}")
        if self.ask_questions:
            QMessageBox.warning(self, "素材库", str(exc))
