"""The one error a document reader raises; its text is shown to the writer as is."""

from __future__ import annotations

from desktop.infra.errors import UserError


class ReadError(UserError):
    """A file could not be read. `str(err)` says, in Simplified Chinese, what is wrong
    and what the writer can do about it; `path` names the file when known."""

    def __init__(self, message: str, path: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.path = path

    def __str__(self) -> str:
        return self.message
