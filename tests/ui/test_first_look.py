"""Start: the phrase panel lists phrases from a plain-sqlite3 first look while the bank opens."""

from __future__ import annotations

import threading
from contextlib import contextmanager

from ui_helpers import type_text, wait_bank

from desktop.ui import bank_tasks
from desktop.ui.bank_tasks import phrase_results


@contextmanager
def bank_opening_held(monkeypatch):
    """Keep the bank from opening (as a slow disk or the segmenter's first load would) until the
    block ends. Opening no longer waits for another process's write lock (issue 13), so the
    test holds the opening itself; the first look runs as it always does."""
    release = threading.Event()
    real_open = bank_tasks.open_bank

    def held_open(*args, **kwargs):
        release.wait(60)
        return real_open(*args, **kwargs)

    monkeypatch.setattr(bank_tasks, "open_bank", held_open)
    try:
        yield
    finally:
        release.set()


def test_the_first_listing_comes_before_the_bank_and_is_the_banks_own(qtbot, make_window, monkeypatch):
    with bank_opening_held(monkeypatch):
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


def test_a_typed_search_waits_for_the_bank(qtbot, make_window, monkeypatch):
    with bank_opening_held(monkeypatch):
        win = make_window(restore_last=False, offer_recovery=False)
        win.show()
        qtbot.waitUntil(lambda: win.first_reader is not None and win.phrases.list.count() > 0, timeout=20000)
        listing = win.phrases.shown_texts()
        started: list[str | None] = []  # the keys of the jobs the window starts from here on
        real_run = win.runner.run
        monkeypatch.setattr(win.runner, "run", lambda *a, **kw: (started.append(kw.get("key")), real_run(*a, **kw))[1])
        type_text(win.phrases.search_box, "主题教育")
        win.phrases.request_search()  # what the typing pause asks for
        assert win.bank is None
        # The reader cannot segment a query: no search starts (the decision is made at once), and
        # the listing stays until the bank answers.
        assert "phrase-search" not in started
        assert win.phrases.shown_texts() == listing
    wait_bank(qtbot, win)
    found = win.bank.search("主题教育", limit=60)
    assert found and win.phrases.shown_texts() == [h.text for h in found]
