"""设置: editor font, speaking speed, autosave, export layout, data folder."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDoubleSpinBox,
    QFileDialog,
    QFontComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QWidget,
)

from desktop.export.layout import font_report
from desktop.infra.paths import DataPaths
from desktop.infra.settings import AppSettings
from desktop.ui.dialog_buttons import add_row, ok_cancel_buttons
from desktop.ui.export_dialog import layout_combo
from desktop.ui.runner import Runner


class SettingsDialog(QDialog):
    """Edits an AppSettings; `apply()` writes the choices back into it."""

    def __init__(
        self, settings: AppSettings, paths: DataPaths, parent: QWidget | None = None, runner: Runner | None = None
    ) -> None:
        super().__init__(parent)
        self._runner = runner
        self.setWindowTitle("设置")
        self.settings = settings
        self.font_box = QFontComboBox()
        if settings.editor_font:
            self.font_box.setCurrentText(settings.editor_font)
        self.size_box = QDoubleSpinBox()
        self.size_box.setRange(9, 36)
        self.size_box.setSingleStep(0.5)
        self.size_box.setValue(settings.editor_font_size)
        self.size_box.setSuffix(" 磅")
        self.speed_box = QSpinBox()
        self.speed_box.setRange(80, 400)
        self.speed_box.setValue(settings.speaking_speed)
        self.speed_box.setSuffix(" 字/分钟")
        self.autosave_box = QSpinBox()
        self.autosave_box.setRange(2, 300)
        self.autosave_box.setValue(settings.autosave_seconds)
        self.autosave_box.setSuffix(" 秒")
        self.layout_box = layout_combo(settings.export_layout)
        self.font_note = QLabel("")
        self.font_note.setWordWrap(True)
        self.layout_box.currentIndexChanged.connect(self._check_fonts)
        self.data_dir_edit = QLineEdit(str(paths.root))
        self.data_dir_edit.setReadOnly(True)
        browse = QPushButton("更改…")
        row = QHBoxLayout()
        row.addWidget(self.data_dir_edit, 1)
        row.addWidget(browse)
        self.data_dir_note = QLabel("数据文件夹保存素材库、草稿和自动保存内容；更改后下次启动生效。")
        self.data_dir_note.setWordWrap(True)
        self.new_data_dir: str | None = None
        browse.clicked.connect(self._choose_data_dir)
        buttons = ok_cancel_buttons("确定")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow("正文字体(&F)：", self.font_box)
        form.addRow("字号(&S)：", self.size_box)
        form.addRow("语速(&P)：", self.speed_box)
        form.addRow("自动保存间隔(&A)：", self.autosave_box)
        form.addRow("导出版式(&L)：", self.layout_box)
        form.addRow("字体：", self.font_note)
        add_row(form, "数据文件夹(&D)：", row)
        form.addRow("", self.data_dir_note)
        form.addRow(buttons)
        self._check_fonts()

    def _check_fonts(self) -> None:
        """Say which of the chosen layout's fonts are missing here (offices differ in fonts)."""
        if self._runner is None:
            return
        name = self.layout_box.currentData() or self.settings.export_layout
        self.font_note.setText("正在检查本机字体…")

        def show(text: object) -> None:
            try:
                self.font_note.setText(str(text))
            except RuntimeError:  # the dialog was closed before the check came back
                pass

        self._runner.run(lambda: font_report(name), show, show, key="font-check")

    def _choose_data_dir(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "选择数据文件夹", self.data_dir_edit.text())
        if folder:
            self.new_data_dir = folder
            self.data_dir_edit.setText(folder)

    def apply(self) -> None:
        s = self.settings
        s.editor_font = self.font_box.currentFont().family()
        s.editor_font_size = float(self.size_box.value())
        s.speaking_speed = int(self.speed_box.value())
        s.autosave_seconds = int(self.autosave_box.value())
        if self.layout_box.currentData():
            s.export_layout = self.layout_box.currentData()
