"""`speechdraft --selfcheck`: prove an installation works, end to end, without a screen.

With the data folder of SPEECHDRAFT_DATA_DIR / --data-dir it sets up the bank (the bundle's
prebuilt bank, else built from the seeds), searches it, composes a first draft, exports it to
.docx in a temporary folder and checks the file, then prints one JSON summary on stdout. Exit 0
when every step worked, 1 otherwise (the summary names the step and the error). Qt's GUI is never
imported (QtGui, QtWidgets), so it runs on a server, in CI and on a machine with no display.
"""

from __future__ import annotations

import json
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from desktop import __version__

SPEECH_TYPE = "研讨发言"
TOPIC = ("作风建设",)
QUERY = "作风建设"


class _Steps:
    """Runs the self-check's steps in order, timing each, stopping at the first failure."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}
        self.failed: str | None = None
        self.error: str | None = None

    def run(self, name: str, step: Callable[[], Any]) -> Any:
        if self.failed:
            return None
        started = time.perf_counter()
        try:
            return step()
        except Exception as exc:  # noqa: BLE001 - the summary must say which step broke, whatever broke it
            self.failed, self.error = name, f"{type(exc).__name__}: {exc}"
            return None
        finally:
            self.seconds[name] = round(time.perf_counter() - started, 3)


def _font_summary() -> dict:
    from desktop.export.fonts import check_fonts, fallback_map, layout_font_names
    from desktop.export.layout import load_layout

    layout = load_layout()
    checks = check_fonts(layout_font_names(layout.fonts, layout.heading_fonts))
    return {
        "layout": layout.name,
        "missing": [c.name for c in checks if not c.installed],
        "fallbacks": fallback_map(checks),
    }


def _check_docx(path: Path) -> dict:
    with zipfile.ZipFile(path) as docx:
        document = docx.read("word/document.xml").decode("utf-8")
    if "<w:body>" not in document:
        raise ValueError(f"{path.name} 缺少正文")
    return {"bytes": path.stat().st_size, "document_xml_chars": len(document)}


def run_selfcheck() -> int:
    from desktop.infra.paths import data_paths, install_root
    from desktop.store.bank import PhraseBank
    from desktop.store.prebuilt import ensure_default_bank
    from desktop.text.tokenizer import default_tokenizer

    started = time.perf_counter()
    steps = _Steps()
    paths = data_paths()
    summary: dict[str, Any] = {
        "version": __version__,
        "frozen": bool(getattr(sys, "frozen", False)),
        "install_root": str(install_root()),
        "data_dir": str(paths.root),
    }
    tokenizer = default_tokenizer(paths.cache)
    setup = steps.run("bank", lambda: ensure_default_bank(paths.ensure(), tokenizer=tokenizer))
    bank = steps.run("open", lambda: PhraseBank.open(paths.bank, tokenizer=tokenizer, backups_dir=paths.backups))
    try:
        if bank is not None:
            stats = bank.stats()
            summary["bank"] = {
                "origin": setup.origin,
                "path": str(paths.bank),
                "units": stats["units"],
                "documents": stats["documents"],
            }
        hits = steps.run("search", lambda: bank.search(QUERY, limit=10))
        if hits is not None:
            summary["search"] = {
                "query": QUERY,
                "hits": len(hits),
                "first": hits[0].text[:40] if hits else None,
                "segmenter": tokenizer.segmenter,
            }
            if not hits:
                steps.failed, steps.error = "search", f"检索“{QUERY}”没有结果"
        draft = steps.run("compose", lambda: _compose(bank))
    finally:
        if bank is not None:
            bank.close()
    if draft is not None:
        speech = draft.outline()
        summary["draft"] = {
            "type": SPEECH_TYPE,
            "paragraphs": len(draft.paragraphs),
            "chars": sum(len(p) for p in draft.paragraphs),
            "headings": len(speech.headings),
        }
        summary["export"] = steps.run("export", lambda: _export(speech))
    summary["fonts"] = steps.run("fonts", _font_summary)
    # QtCore may be loaded (PyInstaller's Qt run-time hook imports it in a bundle); a GUI module never is.
    summary["gui_loaded"] = any(f"PySide6.{m}" in sys.modules for m in ("QtGui", "QtWidgets"))
    summary["seconds"] = {**steps.seconds, "total": round(time.perf_counter() - started, 3)}
    summary["ok"] = steps.failed is None
    if steps.failed:
        summary["failed_step"], summary["error"] = steps.failed, steps.error
    print(json.dumps(summary, ensure_ascii=False))
    return 0 if summary["ok"] else 1


def _compose(bank: Any) -> Any:
    from desktop.core.compose import compose

    draft = compose(bank, SPEECH_TYPE, topic_words=TOPIC, seed=1)
    if not draft.outline().headings:
        raise ValueError("生成的初稿没有标题层次")
    return draft


def _export(speech: Any) -> dict:
    from desktop.export.exporter import export_speech

    with tempfile.TemporaryDirectory(prefix="speechdraft-selfcheck-") as folder:
        return _check_docx(export_speech(speech, Path(folder) / "selfcheck.docx"))
