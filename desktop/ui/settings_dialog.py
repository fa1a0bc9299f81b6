"""设置: editor font, speaking speed, autosave, export layout, the writer's own place and unit, data folder,
the team server.

Sizes are offered in 号 as Chinese writers name them (三号, 四号 …) with the points beside; the font
list holds the fonts that write Chinese, with a Chinese sample, and what it shows is what is saved.
The team server's address is kept without its password (store.postgres.credentials): a password
typed into it goes to the keyring, or is used for this session only where there is none.
"""

from __future__ import annotations

from math import ceil

from PySide6.QtGui import QFont, QFontDatabase, QFontInfo, QResizeEvent, QTextDocument
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
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
from desktop.ui.editor import editor_font
from desktop.ui.export_dialog import layout_combo
from desktop.ui.runner import Runner

# The Chinese type sizes (字号) in points, as Word and WPS list them; the editor takes 9–36 points.
CHINESE_SIZES = (
    ("小初", 36.0),
    ("一号", 26.0),
    ("小一", 24.0),
    ("二号", 22.0),
    ("小二", 18.0),
    ("三号", 16.0),
    ("小三", 15.0),
    ("四号", 14.0),
    ("小四", 12.0),
    ("五号", 10.5),
    ("小五", 9.0),
)
FONT_SAMPLE = "讲话稿 同志们"


def size_label(points: float) -> str:
    """三号（16 磅）; a size without a 号 name in points only (17 磅)."""
    name = next((n for n, pt in CHINESE_SIZES if pt == points), None)
    return f"{name}（{points:g} 磅）" if name else f"{points:g} 磅"


def size_combo(current: float) -> QComboBox:
    box = QComboBox()
    sizes = sorted({pt for _n, pt in CHINESE_SIZES} | {current}, reverse=True)
    for pt in sizes:
        box.addItem(size_label(pt), pt)
    box.setCurrentIndex(box.findData(current))
    return box


def chinese_font_box(family: str) -> QFontComboBox:
    """The fonts that write Chinese, with a Chinese sample; `family` chosen (it must be one of them)."""
    box = QFontComboBox()
    box.setWritingSystem(QFontDatabase.WritingSystem.SimplifiedChinese)
    box.setSampleTextForSystem(QFontDatabase.WritingSystem.SimplifiedChinese, FONT_SAMPLE)
    box.setCurrentFont(QFont(family))
    return box


class WrappedNote(QLabel):
    """A word-wrapped note that asks for the height its text needs at the width it is given.

    A form layout does not ask a label's heightForWidth, so a long note (the missing-fonts
    report) was cut off; the label's own resize is the one moment its final width is known
    (the dialog's resizeEvent still sees the old width), so it sets its minimum height there.
    """

    def __init__(self, text: str = "") -> None:
        super().__init__(text)
        self.setWordWrap(True)

    def needed_height(self, width: int) -> int:
        """The height the text takes when laid out as it is painted. QLabel's own heightForWidth
        measures lines with the label's font alone, while Chinese text is painted in a fallback
        CJK font whose lines are taller, so its answer cuts the last line off."""
        document = QTextDocument()
        document.setDefaultFont(self.font())
        document.setDocumentMargin(0)
        document.setPlainText(self.text())
        margins = self.contentsMargins()
        document.setTextWidth(max(1, width - margins.left() - margins.right()))
        laid_out = ceil(document.size().height()) + margins.top() + margins.bottom()
        return max(self.heightForWidth(width), laid_out)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        needed = self.needed_height(self.width())
        if needed > 0 and needed != self.minimumHeight():
            self.setMinimumHeight(needed)
            window = self.window()
            if window is not self and window.height() < window.minimumSizeHint().height():
                window.resize(window.width(), window.minimumSizeHint().height())


class SettingsDialog(QDialog):
    """Edits an AppSettings; `apply()` writes the choices back into it."""

    def __init__(
        self, settings: AppSettings, paths: DataPaths, parent: QWidget | None = None, runner: Runner | None = None
    ) -> None:
        super().__init__(parent)
        self._runner = runner
        self.setWindowTitle("设置")
        self.settings = settings
        # The family the editor really shows: the saved one if installed, else the first default found.
        shown = QFontInfo(editor_font(settings.editor_font or None, settings.editor_font_size)).family()
        self.font_box = chinese_font_box(shown)
        self.size_box = size_combo(settings.editor_font_size)
        self.speed_box = QSpinBox()
        self.speed_box.setRange(80, 400)
        self.speed_box.setValue(settings.speaking_speed)
        self.speed_box.setSuffix(" 字/分钟")
        self.autosave_box = QSpinBox()
        self.autosave_box.setRange(2, 300)
        self.autosave_box.setValue(settings.autosave_seconds)
        self.autosave_box.setSuffix(" 秒")
        self.layout_box = layout_combo(settings.export_layout)
        self.font_note = WrappedNote("")
        self.layout_box.currentIndexChanged.connect(self._check_fonts)
        self.place_edit = QLineEdit(settings.own_place)
        self.place_edit.setPlaceholderText("如：青山县")
        self.unit_edit = QLineEdit(settings.own_unit)
        self.unit_edit.setPlaceholderText("如：青山县应急管理局")
        self.own_note = WrappedNote("检查（F5）不把这里的地名和单位当作别处文稿遗留的内容；成稿时也用它们。")
        self.data_dir_edit = QLineEdit(str(paths.root))
        self.data_dir_edit.setReadOnly(True)
        browse = QPushButton("更改…")
        row = QHBoxLayout()
        row.addWidget(self.data_dir_edit, 1)
        row.addWidget(browse)
        self.data_dir_note = WrappedNote("数据文件夹保存素材库、草稿和自动保存内容；更改后下次启动生效。")
        self.new_data_dir: str | None = None
        self.team_edit = QLineEdit(settings.team_url)
        self.team_edit.setPlaceholderText("postgresql+psycopg://用户名@服务器:5432/数据库名（不用团队库则留空）")
        self.team_edit.setAccessibleName("团队服务器")
        self.team_note = WrappedNote("办公室共用的团队素材库（PostgreSQL）。密码不会写入设置文件，连接时会询问。")
        self.team_password: str | None = None  # typed in the address: for the window, never saved here
        browse.clicked.connect(self._choose_data_dir)
        buttons = ok_cancel_buttons("确定")
        buttons.accepted.connect(self._accept_if_valid)
        buttons.rejected.connect(self.reject)
        self.setMinimumWidth(560)
        form = QFormLayout(self)
        form.addRow("正文字体(&F)：", self.font_box)
        form.addRow("字号(&S)：", self.size_box)
        form.addRow("语速(&P)：", self.speed_box)
        form.addRow("自动保存间隔(&A)：", self.autosave_box)
        form.addRow("导出版式(&L)：", self.layout_box)
        form.addRow("字体：", self.font_note)
        form.addRow("本地地名(&G)：", self.place_edit)
        form.addRow("本单位(&U)：", self.unit_edit)
        form.addRow("", self.own_note)
        add_row(form, "数据文件夹(&D)：", row)
        form.addRow("", self.data_dir_note)
        add_row(form, "团队服务器(&T)：", self.team_edit)
        form.addRow("", self.team_note)
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
                self._fit_to_text()
            except RuntimeError:  # the dialog was closed before the check came back
                pass

        self._runner.run(lambda: font_report(name), show, show, key="font-check")

    def _fit_to_text(self) -> None:
        """Grow to show every note whole once the font report has come (WrappedNote)."""
        note = self.font_note
        note.setMinimumHeight(note.needed_height(max(note.width(), 1)))
        layout = self.layout()
        if layout is not None:
            layout.activate()
        wanted = self.minimumSizeHint().height()
        if self.height() < wanted:
            self.resize(self.width(), wanted)

    def _choose_data_dir(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "选择数据文件夹", self.data_dir_edit.text())
        if folder:
            self.new_data_dir = folder
            self.data_dir_edit.setText(folder)

    def _accept_if_valid(self) -> None:
        """OK: a team address that cannot be used is told in place, and nothing else is lost."""
        from desktop.store.postgres.credentials import team_url_problem

        url = self.team_edit.text().strip()
        problem = team_url_problem(url) if url else None
        if problem:
            self.team_note.setText(problem)
            self.team_note.setStyleSheet("color: #b00020;")
            self.team_edit.setFocus()
            return
        self.accept()

    def apply(self) -> None:
        s = self.settings
        s.editor_font = self.font_box.currentText()  # what the box shows is what is kept
        s.editor_font_size = float(self.size_box.currentData())
        s.speaking_speed = int(self.speed_box.value())
        s.autosave_seconds = int(self.autosave_box.value())
        s.own_place = self.place_edit.text().strip()
        s.own_unit = self.unit_edit.text().strip()
        if self.layout_box.currentData():
            s.export_layout = self.layout_box.currentData()
        url = self.team_edit.text().strip()
        if url:
            from desktop.store.postgres.credentials import password_in, remember_password, without_password

            self.team_password = password_in(url)
            if self.team_password:
                remember_password(url, self.team_password)  # False where there is no keyring: this session only
            url = without_password(url)
        s.team_url = url
