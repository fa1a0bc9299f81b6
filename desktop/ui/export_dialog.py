"""Export the draft to Word (.docx), .txt or .md with a layout preset.

The file is written by desktop.export (temporary file, then renamed into place) on a pool
thread; a locked or unwritable target comes back as the exporter's own Chinese message.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QWidget,
)

from desktop.core.structure import parse
from desktop.export.exporter import export_speech
from desktop.export.layout import LayoutError, layout_names, load_layout
from desktop.infra.settings import AppSettings
from desktop.ui.dialog_buttons import add_row, ok_cancel_buttons
from desktop.ui.runner import Runner

FORMATS = (("Word 文档 (*.docx)", ".docx"), ("纯文本 (*.txt)", ".txt"), ("Markdown (*.md)", ".md"))
_UNSAFE = str.maketrans({c: "_" for c in '\\/:*?"<>|'})


def layout_combo(current: str) -> QComboBox:
    """The layout presets by their labels (a broken preset file is just not offered)."""
    box = QComboBox()
    for name in layout_names():
        try:
            box.addItem(load_layout(name).label, name)
        except LayoutError:
            continue
    box.setCurrentIndex(max(0, box.findData(current)))
    return box


def export_file(paragraphs: list[str], out: Path, layout_name: str | None, progress=None) -> Path:  # noqa: ANN001
    """Runs on a pool thread: parse and write."""
    layout = load_layout(layout_name) if out.suffix.lower() == ".docx" and layout_name else None
    speech = parse(paragraphs)
    return export_speech(speech, out, layout=layout, progress=(lambda d, t: progress(d, t, "")) if progress else None)


class ExportDialog(QDialog):
    """Where and how to export; runs the export and offers to open the result."""

    def __init__(self, runner: Runner, settings: AppSettings, draft_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("导出讲稿")
        self.runner = runner
        self.settings = settings
        self.paragraphs: list[str] = []
        self.result_path: Path | None = None
        self.offer_open = True  # tests turn the "open it?" question off

        self.format_box = QComboBox()
        for label, suffix in FORMATS:
            self.format_box.addItem(label, suffix)
        self.layout_box = layout_combo(settings.export_layout)
        folder = Path(settings.last_export_folder) if settings.last_export_folder else Path.home()
        self.path_edit = QLineEdit(str(folder / f"{(draft_name or '讲稿').translate(_UNSAFE)}.docx"))
        browse = QPushButton("浏览…")
        path_row = QHBoxLayout()
        path_row.addWidget(self.path_edit, 1)
        path_row.addWidget(browse)
        self.open_after = QCheckBox("导出后询问是否打开")
        self.open_after.setChecked(True)
        self.progress = QProgressBar()
        self.progress.hide()
        self.status = QLabel("")
        self.status.setWordWrap(True)
        self.buttons = ok_cancel_buttons("导出", "关闭")
        form = QFormLayout(self)
        form.addRow("格式(&F)：", self.format_box)
        form.addRow("版式(&L)：", self.layout_box)
        add_row(form, "保存到(&P)：", path_row)
        form.addRow("", self.open_after)
        form.addRow(self.progress)
        form.addRow(self.status)
        form.addRow(self.buttons)
        self.setMinimumWidth(560)

        browse.clicked.connect(self._browse)
        self.format_box.currentIndexChanged.connect(self._format_changed)
        self.buttons.accepted.connect(self.start_export)
        self.buttons.rejected.connect(self.reject)

    def set_paragraphs(self, paragraphs: list[str]) -> None:
        self.paragraphs = list(paragraphs)

    def target(self) -> Path:
        return Path(self.path_edit.text().strip()).expanduser()

    def _format_changed(self) -> None:
        suffix = self.format_box.currentData()
        self.layout_box.setEnabled(suffix == ".docx")
        path = self.target()
        if path.name:
            self.path_edit.setText(str(path.with_suffix(suffix)))

    def _browse(self) -> None:
        suffix = self.format_box.currentData()
        label = self.format_box.currentText()
        name, _ = QFileDialog.getSaveFileName(self, "导出到", str(self.target()), label)
        if name:
            path = Path(name)
            self.path_edit.setText(str(path if path.suffix.lower() == suffix else path.with_suffix(suffix)))

    def start_export(self) -> None:
        out = self.target()
        if not out.name:
            self.status.setText("请填写要保存的文件名。")
            return
        if out.suffix.lower() not in (".docx", ".txt", ".md"):
            out = out.with_suffix(self.format_box.currentData())
            self.path_edit.setText(str(out))
        layout = self.layout_box.currentData()
        self.buttons.setEnabled(False)
        self.progress.setRange(0, 0)
        self.progress.show()
        self.status.setText("正在导出…")
        paragraphs = self.paragraphs
        self.runner.start_job(
            lambda progress, _cancel: export_file(paragraphs, out, layout, progress),
            self._done,
            self._failed,
            on_progress=self._progress,
        )

    def _progress(self, done: int, total: int, _what: str) -> None:
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(done)

    def _done(self, path: Path) -> None:
        self.result_path = path
        self.buttons.setEnabled(True)
        self.progress.hide()
        self.status.setText(f"已导出到 {path}")
        self.settings.last_export_folder = str(path.parent)
        if self.layout_box.currentData():
            self.settings.export_layout = self.layout_box.currentData()
        if self.offer_open and self.open_after.isChecked():
            answer = QMessageBox.question(self, "导出讲稿", f"已导出到：\n{path}\n\n现在打开这个文件吗？")
            if answer == QMessageBox.StandardButton.Yes:
                QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self.buttons.setEnabled(True)
        self.progress.hide()
        self.status.setText(str(exc))
        if self.offer_open:
            QMessageBox.warning(self, "导出失败", str(exc))
