"""The dialogs' button rows."""

from __future__ import annotations

from PySide6.QtWidgets import QDialogButtonBox, QFormLayout, QLabel, QLayout, QWidget


def ok_cancel_buttons(ok_text: str = "确定", cancel_text: str = "取消") -> QDialogButtonBox:
    """An OK/Cancel row labelled in Chinese whatever Qt's own translations are."""
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
    buttons.button(QDialogButtonBox.StandardButton.Ok).setText(ok_text)
    buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(cancel_text)
    return buttons


def add_row(form: QFormLayout, label: str, field: QWidget | QLayout) -> QLabel:
    """A form row whose label's mnemonic (目标长度(&L)) reaches its field, so the `&` is read as the
    shortcut and never shown. QFormLayout gives a label a buddy only when the field is a widget;
    for a row of widgets the buddy is the row's first one."""
    text = QLabel(label)
    if isinstance(field, QWidget):
        text.setBuddy(field)
        form.addRow(text, field)
    else:
        for i in range(field.count()):
            item = field.itemAt(i)
            widget = item.widget() if item is not None else None
            if widget is not None:
                text.setBuddy(widget)
                break
        form.addRow(text, field)
    return text
