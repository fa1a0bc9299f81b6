"""GUI: the autosave copy of the open draft, and recovering it after a crash.

While a draft has unsaved changes its current text is written every few seconds to
autosave/recovery.sdraft (with recovery.json naming the file it belongs to). A clean close
removes both; finding them at start means the last session ended without closing, and the
writer is offered the text back. No Qt here: the window decides when to call.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from desktop.core.draft import Draft, DraftError, load_draft, save_draft, write_atomic
from desktop.core.paths import DataPaths


@dataclass(frozen=True)
class Recovery:
    """GUI: an autosaved draft found at start."""

    draft: Draft
    original: Path | None  # the file the text belongs to; None for a draft never saved
    saved_at: datetime


class Autosave:
    """GUI: writes and finds the autosave copy in the data folder."""

    def __init__(self, paths: DataPaths) -> None:
        self._folder = paths.autosave
        self.draft_file = self._folder / "recovery.sdraft"
        self.info_file = self._folder / "recovery.json"

    def write(self, draft: Draft, original: Path | None) -> None:
        """Runs on a pool thread: a copy of the draft, never the caller's object."""
        self._folder.mkdir(parents=True, exist_ok=True)
        save_draft(draft, self.draft_file)
        info = {"original": str(original) if original else None, "saved_at": datetime.now().isoformat(timespec="seconds")}
        write_atomic(self.info_file, json.dumps(info, ensure_ascii=False).encode("utf-8"))

    def clear(self) -> None:
        self.draft_file.unlink(missing_ok=True)
        self.info_file.unlink(missing_ok=True)

    def find(self) -> Recovery | None:
        """The autosaved draft left by a session that did not close, if any and if readable."""
        if not self.draft_file.exists():
            return None
        try:
            draft = load_draft(self.draft_file)
        except DraftError:
            return None
        original, saved_at = None, datetime.fromtimestamp(self.draft_file.stat().st_mtime)
        try:
            info = json.loads(self.info_file.read_text(encoding="utf-8"))
            original = Path(info["original"]) if info.get("original") else None
            saved_at = datetime.fromisoformat(info.get("saved_at") or saved_at.isoformat())
        except (OSError, ValueError, KeyError, TypeError):
            pass
        return Recovery(draft, original, saved_at)
