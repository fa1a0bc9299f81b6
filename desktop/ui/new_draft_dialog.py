"""新建讲稿: speech type, structure, topic and length, with a live preview of the skeleton.

The preview is core.compose laid out without the bank (a few milliseconds, so it follows every
change at once); 一键成稿 runs core.compose over the bank through the runner.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QProgressBar,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop.core.compose import compose, skeleton
from desktop.core.draft import Draft
from desktop.core.speech_types import get_type, type_names
from desktop.core.writer import Writer
from desktop.infra.errors import UserError
from desktop.infra.settings import AppSettings
from desktop.ui.bank_dialogs import split_tags
from desktop.ui.dialog_buttons import add_row, ok_cancel_buttons
from desktop.ui.highlighter import DraftHighlighter
from desktop.ui.runner import Runner

if TYPE_CHECKING:
    from desktop.store.bank import PhraseBank

PREVIEW_DELAY_MS = 80


class NewDraftDialog(QDialog):
    """Choose what to write; `result_draft` holds the new draft once accepted."""

    def __init__(
        self, runner: Runner, settings: AppSettings, parent: QWidget | None = None, bank: PhraseBank | None = None
    ) -> None:
        super().__init__(parent)
        self.settings = settings
        self.setWindowTitle("新建讲稿")
        self.setObjectName("newDraftDialog")
        self.runner = runner
        self.bank = bank
        self.result_draft: Draft | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(PREVIEW_DELAY_MS)
        self._timer.timeout.connect(self.update_preview)

        self.type_box = QComboBox()
        self.type_box.addItems(type_names())
        self.structure_box = QComboBox()
        self.topic_edit = QLineEdit()
        self.topic_edit.setPlaceholderText("如：作风建设 基层减负（多个用空格或顿号分开）")
        self.length_box = QSpinBox()
        self.length_box.setRange(300, 20000)
        self.length_box.setSingleStep(500)
        self.length_box.setValue(3000)
        self.length_box.setSuffix(" 字")
        self.minutes_label = QLabel()
        length_row = QHBoxLayout()
        length_row.addWidget(self.length_box)
        length_row.addWidget(self.minutes_label)
        length_row.addStretch(1)
        self.skeleton_radio = QRadioButton("只生成骨架（标题、开头、结尾和各级标题，正文留空位）")
        self.full_radio = QRadioButton("一键成稿（从素材库取材，生成完整初稿）")
        self.skeleton_radio.setChecked(True)
        self.mode = QButtonGroup(self)
        self.mode.addButton(self.skeleton_radio)
        self.mode.addButton(self.full_radio)
        self.full_radio.setEnabled(bank is not None)
        if bank is None:
            self.full_radio.setToolTip("素材库还在加载，稍后即可一键成稿")
        self.preview = QPlainTextEdit()
        self.preview.setReadOnly(True)
        self.preview.setAccessibleName("骨架预览")
        self.preview.setMinimumSize(460, 360)
        self.preview_highlighter = DraftHighlighter(self.preview.document())
        self.status = QLabel("")
        self.status.setWordWrap(True)
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)
        self.progress.hide()
        self.buttons = ok_cancel_buttons("创建")

        form = QFormLayout()
        form.addRow("讲话类型(&T)：", self.type_box)
        form.addRow("结构(&S)：", self.structure_box)
        form.addRow("主题词(&P)：", self.topic_edit)
        add_row(form, "目标长度(&L)：", length_row)
        form.addRow(self.skeleton_radio)
        form.addRow(self.full_radio)
        left = QVBoxLayout()
        left.addLayout(form)
        left.addStretch(1)
        left.addWidget(self.status)
        left.addWidget(self.progress)
        right = QVBoxLayout()
        right.addWidget(QLabel("预览："))
        right.addWidget(self.preview, 1)
        row = QHBoxLayout()
        row.addLayout(left, 2)
        row.addLayout(right, 3)
        outer = QVBoxLayout(self)
        outer.addLayout(row, 1)
        outer.addWidget(self.buttons)

        if settings.new_draft_type in type_names():  # what the writer chose last time
            self.type_box.setCurrentText(settings.new_draft_type)
        self.topic_edit.setText(settings.new_draft_topics)
        self.type_box.currentIndexChanged.connect(self._type_changed)
        self.structure_box.currentIndexChanged.connect(lambda _i: self._timer.start())
        self.topic_edit.textChanged.connect(lambda _t: self._timer.start())
        self.length_box.valueChanged.connect(self._length_changed)
        self.buttons.accepted.connect(self.create_draft)
        self.buttons.rejected.connect(self.reject)
        self._type_changed()
        self._length_changed()

    # ---- choices ----
    def topics(self) -> list[str]:
        return list(split_tags(self.topic_edit.text()))

    def structure(self) -> str | None:
        return self.structure_box.currentData()

    def _type_changed(self) -> None:
        st = get_type(self.type_box.currentText())
        self.structure_box.blockSignals(True)
        self.structure_box.clear()
        self.structure_box.addItem(f"默认（{st.structure.label}）", None)
        for name in st.structure_names():
            if name != st.structure.name:
                self.structure_box.addItem(name, name)
        self.structure_box.blockSignals(False)
        self.update_preview()

    def _length_changed(self) -> None:
        self.minutes_label.setText(f"约 {self.length_box.value() / self.settings.speaking_speed:.0f} 分钟")
        self._timer.start()

    # ---- preview and create ----
    def update_preview(self) -> None:
        self._timer.stop()
        try:
            draft = skeleton(self.type_box.currentText(), self.structure(), self.topics(), self.length_box.value())
        except UserError as err:
            self.status.setText(str(err))
            return
        self.status.setText("" if self.topics() else "请填写主题词；预览中暂以【待填】代替。")
        self.preview.setPlainText("\n".join(draft.paragraphs))
        self.preview_highlighter.set_speech(draft.outline())

    def create_draft(self) -> None:
        if not self.topics():
            self.status.setText("请先填写主题词，例如“作风建设”。")
            self.topic_edit.setFocus()
            return
        args = (self.type_box.currentText(), self.structure(), self.topics(), self.length_box.value())
        bank = self.bank
        if self.skeleton_radio.isChecked() or bank is None:  # no bank yet: the full draft is disabled
            self._created(skeleton(*args))
            return
        self.buttons.setEnabled(False)
        self.progress.show()
        self.status.setText("正在从素材库取材成稿…")
        writer = Writer.of_settings(self.settings)  # 设置's own place and unit: the draft may name them
        self.runner.run(
            lambda: compose(bank, args[0], args[1], args[2], target_chars=args[3], writer=writer),
            self._created,
            self._failed,
        )

    def _created(self, draft: Draft) -> None:
        self.progress.hide()
        self.buttons.setEnabled(True)
        self.result_draft = draft
        self.settings.new_draft_type = self.type_box.currentText()
        self.settings.new_draft_topics = self.topic_edit.text().strip()
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self.progress.hide()
        self.buttons.setEnabled(True)
        self.status.setText(str(exc))
