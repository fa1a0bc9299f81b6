"""The dialogs' button rows."""

from __future__ import annotations

from PySide6.QtWidgets import QDialogButtonBox


def ok_cancel_buttons(ok_text: str = "确定", cancel_text: str = "取消") -> QDialogButtonBox:
    """An OK/Cancel row labelled in Chinese whatever Qt's own translations are."""
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
    buttons.button(QDialogButtonBox.StandardButton.Ok).setText(ok_text)
    buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(cancel_text)
    return buttons
