"""Start: the phrase panel lists phrases from a plain-sqlite3 first look while the bank opens."""

from __future__ import annotations

import sqlite3
from contextlib import contextmanager

from ui_helpers import type_text, wait_bank

from desktop.ui.bank_tasks import phrase_results


@contextmanager
def another_instance_writing(bank_file):
    """Hold the bank's write lock, as another window importing files would: opening the bank
    (which starts with a write transaction) waits for it; reading does not."""
    conn = sqlite3.connect(bank_file, isolation_level=None)
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield
    finally:
        conn.execute("ROLLBACK")
        conn.close()


def test_the_first_listing_comes_before_the_bank_and_is_the_banks_own(qtbot, ui_paths, make_window):
    with another_instance_writing(ui_paths.bank):
        win = make_window(restore_last=False, offer_recovery=False)
        win.show()
        qtbot.waitUntil(lambda: win.phrases.list.count() > 0, timeout=20000)
        assert win.bank is None and win.first_reader is not None
        assert win.bank_label.text() == "素材库加载中…"
        first = win.phrases.shown_texts()
        asked = win.phrases.query()
        assert asked.context.label == "开头" and not asked.text
    wait_bank(qtbot, win)
    assert win.first_reader is None
    assert win.bank_label.text().startswith("素材库 ")
    assert win.phrases.shown_texts() == first
    assert [h.text for h in phrase_results(win.bank, asked).hits] == first


def test_a_typed_search_waits_for_the_bank(qtbot, ui_paths, make_window):
    with another_instance_writing(ui_paths.bank):
        win = make_window(restore_last=False, offer_recovery=False)
        win.show()
        qtbot.waitUntil(lambda: win.first_reader is not None and win.phrases.list.count() > 0, timeout=20000)
        listing = win.phrases.shown_texts()
        type_text(win.phrases.search_box, "主题教育")
        win.phrases.request_search()
        qtbot.wait(200)
        assert win.bank is None
        assert win.phrases.shown_texts() == listing, "the reader cannot segment a query: it leaves it to the bank"
    wait_bank(qtbot, win)
    found = win.bank.search("主题教育", limit=60)
    assert found and win.phrases.shown_texts() == [h.text for h in found]
