"""The bank's own exceptions. Every message is Simplified Chinese and says what to do.

Callers (CLI, GUI) show `str(error)` as it is; SQLite/FTS5 errors never reach them raw.
"""

from __future__ import annotations

from desktop.infra.errors import UserError


class BankError(UserError):
    """Any failure of the phrase bank, with a message for the writer."""


class BankOpenError(BankError):
    """The bank file cannot be opened, is not a bank, or is too new."""


class BankCorruptError(BankError):
    """The bank file is damaged (integrity check or SQLite says so)."""


class BankBusyError(BankError):
    """Another program holds the bank file locked."""


class MigrationError(BankError):
    """Upgrading an older bank failed; the bank is unchanged and a backup exists."""


class BackupFormatError(BankError):
    """A JSON backup file is malformed; nothing was changed."""


class UnitNotFoundError(BankError):
    """No unit with that id."""

    def __init__(self, unit_id: int) -> None:
        super().__init__(f"找不到编号为 {unit_id} 的句子，它可能已被彻底删除。请刷新后重试。")
        self.unit_id = unit_id


class DuplicateUnitError(BankError):
    """The text is already in the bank as another unit."""

    def __init__(self, existing_id: int) -> None:
        super().__init__(f"素材库中已有相同的句子（编号 {existing_id}），无需重复添加。")
        self.existing_id = existing_id


class EmptyTextError(BankError):
    """A unit's text is empty after trimming."""

    def __init__(self) -> None:
        super().__init__("句子内容为空，请输入要保存的文字。")
