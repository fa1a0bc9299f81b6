"""The default bank, prebuilt at packaging time and copied into place on first start.

An installed app carries `prebuilt/phrasebank.sqlite3` (built from seeds/ by packaging/build.py),
so the first start copies one file instead of reading, cutting and indexing every seed: no wait,
no network, the same bank on every machine. A checkout has no prebuilt bank and builds from the
seeds as before. The copy is written beside the target and linked into place only if no bank
appeared meanwhile, so a bank the writer already has is never overwritten.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from desktop.infra.paths import DataPaths, install_root
from desktop.store.bank import PhraseBank
from desktop.store.errors import BankError
from desktop.store.records import ImportReport
from desktop.store.seed import build_default_bank
from desktop.text.tokenizer import Tokenizer

if TYPE_CHECKING:  # importing is loaded when a build imports, not with this module
    from desktop.store.importing.importer import Cancel, Progress

PREBUILT_BANK = ("prebuilt", "phrasebank.sqlite3")


def prebuilt_bank_path() -> Path:
    """Where a bundle keeps its prebuilt default bank (it may not exist: a checkout has none)."""
    return install_root().joinpath(*PREBUILT_BANK)


@dataclass(frozen=True)
class BankSetup:
    """How the writer's bank came to be there: "existing", "prebuilt" or "seeds"."""

    origin: str
    report: ImportReport | None = None  # the seed import, when origin == "seeds"

    def summary(self) -> str:
        if self.origin == "prebuilt":
            return "已安装默认素材库。"
        if self.origin == "seeds" and self.report is not None:
            return f"已从范文建立默认素材库：{self.report.summary()}"
        return "素材库已存在。"


def build_prebuilt_bank(dest: Path, seeds: Path | None = None, *, tokenizer: Tokenizer | None = None) -> ImportReport:
    """Build the default bank from the seeds into dest, one self-contained file (no WAL)."""
    dest = Path(dest)
    dest.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="speechdraft-prebuilt-") as work:
        paths = DataPaths(Path(work))
        report = build_default_bank(paths, seeds, tokenizer=tokenizer)
        if report.refused or not report.imported:
            raise BankError(f"默认素材库没有建成：{report.summary()}")
        with PhraseBank.open(paths.bank, tokenizer=tokenizer, backups_dir=paths.backups) as bank:
            bank.backup_to(dest)
    return report


def install_prebuilt_bank(paths: DataPaths, source: Path | None = None) -> bool:
    """Copy the prebuilt bank to paths.bank if there is none yet; False when nothing was copied."""
    source = prebuilt_bank_path() if source is None else Path(source)
    target = paths.ensure().bank
    if target.exists() or not source.is_file():
        return False
    partial = target.with_name(f".{target.name}.copying-{os.getpid()}")
    try:
        shutil.copyfile(source, partial)
        try:
            os.link(partial, target)  # fails if a bank appeared meanwhile: never replace the writer's bank
        except FileExistsError:
            return False
        except OSError:  # file systems without hard links (FAT, some network shares)
            if target.exists():
                return False
            os.replace(partial, target)
        return True
    finally:
        partial.unlink(missing_ok=True)


def ensure_default_bank(
    paths: DataPaths,
    progress: Progress | None = None,
    cancel: Cancel | None = None,
    *,
    tokenizer: Tokenizer | None = None,
    prebuilt: Path | None = None,
) -> BankSetup:
    """Make sure paths.bank exists: keep it, else copy the prebuilt bank, else build from the seeds."""
    if paths.bank.exists():
        return BankSetup("existing")
    if install_prebuilt_bank(paths, prebuilt):
        return BankSetup("prebuilt")
    if paths.bank.exists():  # another window installed it a moment ago
        return BankSetup("existing")
    report = build_default_bank(paths, progress=progress, cancel=cancel, tokenizer=tokenizer)
    return BankSetup("seeds", report)
