"""Drives the window's own widgets thousands of times and prints, as JSON, how far the reference
count of None fell over each run (run by test_binding_refcount.py in a child process, so that a
faulty binding fails the test instead of aborting the test session)."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from datetime import UTC, datetime

from PySide6.QtWidgets import QApplication, QTableView

from desktop.core.structure import parse
from desktop.store.records import SearchHit, SourceRef, UnitRecord
from desktop.ui.bank_table import UnitTableModel
from desktop.ui.editor import DraftEditor
from desktop.ui.highlighter import DraftHighlighter
from desktop.ui.outline_panel import OutlinePanel
from desktop.ui.phrase_panel import PhrasePanel

OUTLINE_A = ["一、坚定理想信念", "理想信念是精神之钙。", "二、勇于担当作为", "（一）敢于斗争", "担当是品格。"]
OUTLINE_B = ["一、坚定理想信念", "（一）筑牢根基", "理想信念是精神之钙。", "二、勇于担当作为", "三、严守纪律"]


def record(k: int) -> UnitRecord:
    now = datetime.now(UTC)
    source = SourceRef(document_id=1, document_name="研讨发言", paragraph=k)
    return UnitRecord(
        k,
        f"第{k}句：坚持以学促干。",
        "论述",
        "研讨发言",
        ("以学促干",),
        0,
        (),
        k % 2 == 0,
        k,
        ("金句",),
        (source,),
        None,
        now,
        now,
    )


def hit(k: int) -> SearchHit:
    return SearchHit(k, f"第{k}句：坚持以学促干。", "论述", "研讨发言", 1.0, k % 3 == 0, k, ("研讨发言",))


def drop(call: Callable[[int], None], calls: int) -> int:
    for k in range(20):
        call(k)
    QApplication.processEvents()
    before = sys.getrefcount(None)
    for k in range(calls):
        call(k)
        if k % 50 == 0:
            QApplication.processEvents()
    QApplication.processEvents()
    return before - sys.getrefcount(None)


def main() -> None:
    calls = int(sys.argv[1])
    app = QApplication(sys.argv[:1])
    editor = DraftEditor()
    DraftHighlighter(editor.document())
    editor.show()
    outline = OutlinePanel()
    speeches = [parse(OUTLINE_A), parse(OUTLINE_B)]
    phrases = PhrasePanel()
    model = UnitTableModel()
    table = QTableView()
    table.setModel(model)
    table.show()
    hits, records = [hit(k) for k in range(6)], [record(k) for k in range(6)]

    def refill(k: int) -> None:
        phrases.show_hits(hits[: 1 + k % 6])
        model.set_records(records[: 1 + k % 6])

    result = {
        "typing": drop(lambda k: editor.insertPlainText("一、加强学习。\n" if k % 2 else "坚持以学促干。"), calls),
        "outline": drop(lambda k: outline.set_speech(speeches[k % 2]), calls),
        "lists": drop(refill, calls),
    }
    print(json.dumps(result))
    app.quit()


if __name__ == "__main__":
    main()
