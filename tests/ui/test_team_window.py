"""The team bank in the window, against a real throwaway PostgreSQL server with real roles: the
phrase panel shows personal and team phrases together, labelled; a team phrase used before is
marked 撞稿 with who, which draft and when; inserting one records its use; favourite and
proposals go to the hit's own bank; an editor reviews; an unreachable server leaves the personal
bank working and says so in the status bar; a password the server asks for is asked in a dialog."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QLabel
from sqlalchemy.engine import make_url
from ui_helpers import click_button, click_row, type_text, wait_bank

from desktop.core.phrase_source import PERSONAL, TEAM
from desktop.infra.settings import AppSettings
from desktop.store.postgres import roles
from desktop.store.postgres.bank import TeamBank

USED = "团队句子：推进作风建设常态化长效化，以优良作风凝聚干事创业合力。"
FRESH = "团队句子：把作风建设融入日常、抓在经常，久久为功。"
EARLIER_DRAFT = "在县委十五届六次全会上的讲话"
SHOTS = os.environ.get("SPEECHDRAFT_SHOTS")  # a folder: the 撞稿 test saves screenshots there


def _as(url: str, role: str, password: str | None = None) -> str:
    u = make_url(url).set(username=role)
    if password:
        u = u.set(password=password)
    return u.render_as_string(hide_password=False)


@pytest.fixture
def office(team_url, tokenizer):
    """The team bank with writers zhang and li and editor wang; two approved phrases, one of them
    used by li in an earlier speech."""
    with TeamBank.open(team_url, tokenizer=tokenizer) as admin:
        with admin._raw(write=True) as raw:
            for name, group in (("zhang", roles.WRITER), ("li", roles.WRITER), ("wang", roles.EDITOR)):
                roles.add_member(raw, name, group, None)
        used = admin.add_unit(USED, "论述")
        fresh = admin.add_unit(FRESH, "论述")
    with TeamBank.open(_as(team_url, "li"), tokenizer=tokenizer) as li:
        li.record_use(used.id, EARLIER_DRAFT)
    return {"url": team_url, "used": used.id, "fresh": fresh.id}


@pytest.fixture
def team_window(qtbot, make_window, ui_paths):
    """A window whose settings name a team server (as the given role), started on a blank draft."""

    def start(url: str):
        AppSettings(team_url=url).save(ui_paths.settings)
        win = make_window(restore_last=False, offer_recovery=False)
        win.resize(1300, 850)
        win.show()
        qtbot.mouseClick(win.start_page.blank_button, Qt.MouseButton.LeftButton)
        wait_bank(qtbot, win)
        return win

    return start


def _search(qtbot, window, text: str) -> None:
    box = window.phrases.search_box
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton)
    box.selectAll()
    qtbot.keyClick(box, Qt.Key.Key_Delete)
    type_text(box, text)


def _wait_team_rows(qtbot, window) -> None:
    qtbot.waitUntil(lambda: any(origin == TEAM for origin, _t, _n in window.phrases.shown_rows()), timeout=20000)


def test_the_panel_shows_labelled_team_phrases_and_warns_of_a_collision(qtbot, office, team_window, tokenizer):
    window = team_window(_as(office["url"], "zhang"))
    qtbot.waitUntil(lambda: "已连接" in window.team_label.text(), timeout=20000)
    assert "zhang" in window.team_label.text() and "撰稿人" in window.team_label.text()
    _search(qtbot, window, "作风建设")
    _wait_team_rows(qtbot, window)
    qtbot.waitUntil(lambda: not window.runner.busy, timeout=20000)
    rows = window.phrases.shown_rows()
    by_text = dict(zip(window.phrases.shown_texts(), rows, strict=True))
    assert by_text[USED][0] == TEAM and by_text[USED][1].startswith("〔团队〕⚠ ")
    assert by_text[FRESH][0] == TEAM and by_text[FRESH][1].startswith("〔团队〕") and "⚠" not in by_text[FRESH][1]
    personal = [shown for origin, shown, _n in rows if origin == PERSONAL]
    assert personal and all(s.startswith("〔个人〕") for s in personal)  # the personal bank is there too
    assert "li" in by_text[USED][2] and f"《{EARLIER_DRAFT}》" in by_text[USED][2]

    click_row(qtbot, window.phrases.list, window.phrases.row_of(USED, TEAM))
    label = window.phrases.collision_label
    assert (
        label.isVisible() and "撞稿" in label.text() and f"《{EARLIER_DRAFT}》" in label.text() and "li" in label.text()
    )
    _save_shot(window)

    qtbot.keyClick(window.phrases.list, Qt.Key.Key_Return)
    assert USED in window.editor.toPlainText()
    assert "撞稿" in window.statusBar().currentMessage()
    with TeamBank.open(office["url"], tokenizer=tokenizer) as admin:
        qtbot.waitUntil(lambda: any(u.used_by == "zhang" for u in admin.earlier_uses([office["used"]])), timeout=20000)
        mine = [u for u in admin.earlier_uses([office["used"]]) if u.used_by == "zhang"]
        assert [u.draft for u in mine] == [window.draft_name()]
        assert admin.earlier_uses([office["fresh"]]) == []
    # Another team phrase: no warning shown for it.
    click_row(qtbot, window.phrases.list, window.phrases.row_of(FRESH, TEAM))
    assert not window.phrases.collision_label.isVisible()


def _save_shot(window, name: str = "team_phrase_panel") -> None:
    """The window with the panel showing team phrases and the 撞稿 warning, when SPEECHDRAFT_SHOTS names a folder."""
    if not SHOTS:
        return
    folder = Path(SHOTS)
    folder.mkdir(parents=True, exist_ok=True)
    QApplication.processEvents()
    window.grab().save(str(folder / f"{name}.png"))
    window.phrase_dock.grab().save(str(folder / f"{name}_dock.png"))


def test_favourite_and_use_of_a_hit_go_to_its_own_bank(qtbot, office, team_window, tokenizer):
    window = team_window(_as(office["url"], "zhang"))
    qtbot.waitUntil(lambda: "已连接" in window.team_label.text(), timeout=20000)
    bank = window.bank
    same_id = bank.get_units([office["fresh"]])  # the personal unit with the team phrase's id
    assert same_id and not same_id[0].favourite
    uses_before = same_id[0].uses
    _search(qtbot, window, "作风建设")
    _wait_team_rows(qtbot, window)
    click_row(qtbot, window.phrases.list, window.phrases.row_of(FRESH, TEAM))
    qtbot.mouseClick(window.phrases.star_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "审核人" in window.statusBar().currentMessage(), timeout=20000)
    assert not bank.get_unit(office["fresh"]).favourite, "a team favourite must not land on the personal unit"
    qtbot.keyClick(window.phrases.list, Qt.Key.Key_Return)
    with TeamBank.open(office["url"], tokenizer=tokenizer) as admin:
        qtbot.waitUntil(lambda: len(admin.earlier_uses([office["fresh"]])) == 1, timeout=20000)
    qtbot.waitUntil(lambda: not window.runner.busy, timeout=20000)
    assert bank.get_unit(office["fresh"]).uses == uses_before, "a team use is not a personal use"

    row = next(i for i, (origin, _s, _n) in enumerate(window.phrases.shown_rows()) if origin == PERSONAL)
    click_row(qtbot, window.phrases.list, row)
    personal_text = window.phrases.shown_texts()[row]
    [personal] = [u for u in bank.search(personal_text, limit=5) if u.text == personal_text]
    qtbot.mouseClick(window.phrases.star_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bank.get_unit(personal.unit_id).favourite, timeout=20000)


def test_a_writer_proposes_and_an_editor_reviews(qtbot, office, team_window, tokenizer, ui_paths, tmp_path):
    window = team_window(_as(office["url"], "zhang"))
    qtbot.waitUntil(lambda: "已连接" in window.team_label.text(), timeout=20000)
    _search(qtbot, window, "作风建设")
    _wait_team_rows(qtbot, window)
    row = next(i for i, (origin, _s, _n) in enumerate(window.phrases.shown_rows()) if origin == PERSONAL)
    proposed = window.phrases.shown_texts()[row]
    click_row(qtbot, window.phrases.list, row)
    assert window.phrases.propose_button.isVisible()
    qtbot.mouseClick(window.phrases.propose_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "已提交到团队素材库" in window.statusBar().currentMessage(), timeout=20000)
    # A team row cannot be proposed again.
    click_row(qtbot, window.phrases.list, window.phrases.row_of(FRESH, TEAM))
    assert not window.phrases.propose_button.isEnabled()

    # A whole document, from the team dialog.
    doc = tmp_path / "在全县作风建设推进会上的讲话.txt"
    doc.write_text(
        "在全县作风建设推进会上的讲话\n同志们：\n今天召开会议，主要任务是部署作风建设工作。\n"
        "一、提高认识\n作风建设永远在路上，必须常抓不懈、久久为功。\n",
        encoding="utf-8",
    )
    window.main_actions.team_bank.trigger()
    dialog = window.team_dialog
    assert dialog is not None
    qtbot.waitUntil(lambda: "撰稿人" in dialog.who_label.text(), timeout=20000)
    assert not dialog.approve_button.isVisible(), "a writer is offered no review"
    dialog.propose_paths([doc])
    qtbot.waitUntil(lambda: dialog.last_report is not None, timeout=30000)
    assert "已提交 1 个文档" in dialog.message_label.text()

    with TeamBank.open(_as(office["url"], "wang"), tokenizer=tokenizer) as wang:
        waiting = wang.proposals()
        assert {p.added_by for p in waiting} == {"zhang"}
        assert proposed in {p.text for p in waiting}
        assert any("久久为功" in p.text for p in waiting)
    window.close()

    # The editor's window: the review list, reject one with a note, approve another.
    editor_window = team_window(_as(office["url"], "wang"))
    qtbot.waitUntil(lambda: "审核人" in editor_window.team_label.text(), timeout=20000)
    editor_window.main_actions.team_bank.trigger()
    review = editor_window.team_dialog
    qtbot.waitUntil(lambda: len(review.proposal_texts()) == len(waiting), timeout=20000)
    tabs = review.tabs.tabBar()
    qtbot.mouseClick(tabs, Qt.MouseButton.LeftButton, pos=tabs.tabRect(1).center())
    assert "待审核" in review.tabs.tabText(1)
    texts = review.proposal_texts()
    first = next(i for i, t in enumerate(texts) if proposed in t)
    click_row(qtbot, review.proposal_list, first)
    qtbot.mouseClick(review.note_edit, Qt.MouseButton.LeftButton)
    type_text(review.note_edit, "与已有句子重复")
    qtbot.mouseClick(review.reject_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "已退回 1 句" in review.message_label.text(), timeout=20000)
    qtbot.waitUntil(lambda: len(review.proposal_texts()) == len(waiting) - 1, timeout=20000)
    click_row(qtbot, review.proposal_list, 0)
    approved_text = review.proposal_texts()[0]
    qtbot.mouseClick(review.approve_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "已通过 1 句" in review.message_label.text(), timeout=20000)
    with TeamBank.open(office["url"], tokenizer=tokenizer) as admin:
        rejected = admin.proposals(status="rejected")
        assert [(p.text, p.review_note, p.reviewed_by) for p in rejected] == [(proposed, "与已有句子重复", "wang")]
        approved = {p.text for p in admin.proposals(status="approved")}
        assert any(t in approved_text for t in approved - {USED, FRESH})


def test_an_unreachable_team_server_leaves_the_personal_bank_and_says_so(qtbot, team_window, ui_paths):
    window = team_window("postgresql+psycopg://zhang@127.0.0.1:1/speechdraft")
    qtbot.waitUntil(lambda: "不可用" in window.team_label.text(), timeout=20000)
    assert window.team_label.isVisible()
    tip = window.team_label.toolTip()
    assert "连接不上团队素材库服务器" in tip and "请检查网络和服务器地址" in tip and "个人素材库" in tip
    # Writing and the personal bank go on.
    qtbot.mouseClick(window.editor.viewport(), Qt.MouseButton.LeftButton)
    type_text(window.editor, "同志们：今天我们召开会议。")
    assert (
        "团队素材库连接不上" in window.statusBar().currentMessage()
        and "请检查网络" in window.statusBar().currentMessage()
    )
    _search(qtbot, window, "作风")
    # The hits come through the personal and team source, from the personal bank alone, labelled.
    qtbot.waitUntil(
        lambda: (
            window.phrases.shown_rows() != []
            and all(shown.startswith("〔个人〕") for _o, shown, _n in window.phrases.shown_rows())
        ),
        timeout=20000,
    )
    assert {origin for origin, _s, _n in window.phrases.shown_rows()} == {PERSONAL}
    assert all("作风" in text for text in window.phrases.shown_texts()[:3])
    qtbot.keyClick(window.phrases.list, Qt.Key.Key_Return)
    assert window.editor.toPlainText().startswith("同志们：今天我们召开会议。")
    _save_shot(window, "team_unreachable")
    assert len(window.editor.toPlainText()) > len("同志们：今天我们召开会议。")
    # 团队素材库… says what is wrong instead of failing.
    window.main_actions.team_bank.trigger()
    assert "连接不上" in window.team_dialog.message_label.text()


def test_the_team_server_is_set_in_settings_without_its_password(qtbot, office, team_window, ui_paths):
    from desktop.ui.settings_dialog import SettingsDialog

    window = team_window("")
    assert not window.team_label.isVisible()
    typed: dict[str, str] = {}

    def drive(url: str) -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, SettingsDialog):
            QTimer.singleShot(20, lambda: drive(url))
            return
        qtbot.mouseClick(dialog.team_edit, Qt.MouseButton.LeftButton)
        dialog.team_edit.selectAll()
        qtbot.keyClicks(dialog.team_edit, url)
        box = dialog.findChild(QDialogButtonBox)
        qtbot.mouseClick(box.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton)
        typed["note"] = dialog.team_note.text()
        if dialog.isVisible():  # refused: the writer sees why; cancel
            qtbot.mouseClick(box.button(QDialogButtonBox.StandardButton.Cancel), Qt.MouseButton.LeftButton)

    QTimer.singleShot(20, lambda: drive("mysql://zhang@host/db"))
    window.main_actions.settings.trigger()
    assert "postgresql+psycopg://" in typed["note"]
    assert AppSettings.load(ui_paths.settings).team_url == ""

    with_password = _as(office["url"], "zhang", password="s3cret-pw")
    QTimer.singleShot(20, lambda: drive(with_password))
    window.main_actions.settings.trigger()
    saved = ui_paths.settings.read_text(encoding="utf-8")
    assert "s3cret-pw" not in saved
    assert json.loads(saved)["team_url"] == _as(office["url"], "zhang")
    qtbot.waitUntil(lambda: "已连接" in window.team_label.text(), timeout=20000)
    _search(qtbot, window, "作风建设")
    _wait_team_rows(qtbot, window)


@pytest.fixture
def password_role(office, pg_server):
    """A writer whose logins the server checks by password (scram), the others still trusted."""
    import psycopg

    u = make_url(pg_server)
    with psycopg.connect(host=u.host, port=u.port, dbname=u.database, user=u.username, autocommit=True) as conn:
        hba = Path(conn.execute("SHOW hba_file").fetchone()[0])
        try:
            before = hba.read_text()
            hba.write_text("host all pwwriter 127.0.0.1/32 scram-sha-256\n" + before)
        except OSError as exc:
            pytest.skip(f"cannot change the test server's pg_hba.conf here: {exc}")
        try:
            with TeamBank.open(office["url"]) as admin, admin._raw(write=True) as raw:
                roles.add_member(raw, "pwwriter", roles.WRITER, "right-password")
            conn.execute("SELECT pg_reload_conf()")
            yield _as(office["url"], "pwwriter")
        finally:
            hba.write_text(before)
            conn.execute("SELECT pg_reload_conf()")


def test_a_password_the_server_asks_for_is_asked_in_a_dialog(qtbot, password_role, team_window, ui_paths):
    from desktop.ui.settings_dialog import SettingsDialog

    window = team_window(password_role)

    def answer(password: str) -> None:
        qtbot.waitUntil(lambda: window.password_dialog is not None, timeout=20000)
        dialog = window.password_dialog
        said = " ".join(label.text() for label in dialog.findChildren(QLabel))
        assert "pwwriter@127.0.0.1" in said and ("不写入设置文件" in said or "不会保存" in said)
        qtbot.mouseClick(dialog.password_edit, Qt.MouseButton.LeftButton)
        qtbot.keyClicks(dialog.password_edit, password)
        click_button(qtbot, dialog, "连接")

    # A wrong password: the status bar says the team bank is not logged in and what to do.
    answer("wrong-password")
    qtbot.waitUntil(lambda: "未登录" in window.team_label.text(), timeout=20000)
    assert "设置" in window.team_label.toolTip() and "个人素材库" in window.team_label.toolTip()
    assert window.password_dialog is None, "not asked again at every search"

    # 设置 → 确定 connects again and asks again; the right password logs in.
    def press_ok() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, SettingsDialog):
            QTimer.singleShot(20, press_ok)
            return
        box = dialog.findChild(QDialogButtonBox)
        qtbot.mouseClick(box.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton)

    QTimer.singleShot(20, press_ok)
    window.main_actions.settings.trigger()
    answer("right-password")
    qtbot.waitUntil(lambda: "已连接（pwwriter" in window.team_label.text(), timeout=20000)
    saved = ui_paths.settings.read_text(encoding="utf-8")
    assert "right-password" not in saved and "wrong-password" not in saved
    _search(qtbot, window, "作风建设")
    _wait_team_rows(qtbot, window)


def test_the_bank_window_lists_team_phrases_with_the_personal_ones(qtbot, office, team_window, tokenizer):
    from desktop.ui.bank_table import COL_TEXT

    window = team_window(_as(office["url"], "zhang"))
    qtbot.waitUntil(lambda: "已连接" in window.team_label.text(), timeout=20000)
    window.main_actions.bank_window.trigger()
    bank_window = window.bank_window
    model = bank_window.model
    qtbot.mouseClick(bank_window.search_box, Qt.MouseButton.LeftButton)
    type_text(bank_window.search_box, "作风建设")
    qtbot.mouseClick(bank_window.team_rows, Qt.MouseButton.LeftButton)
    assert bank_window.team_rows.isChecked()

    def shown() -> list[str]:
        return [model.data(model.index(r, COL_TEXT)) for r in range(model.rowCount())]

    qtbot.waitUntil(lambda: any(t.startswith("〔团队〕") for t in shown()), timeout=20000)
    qtbot.waitUntil(lambda: not window.runner.busy, timeout=20000)
    rows = shown()
    team = [t for t in rows if t.startswith("〔团队〕")]
    assert sorted(team) == sorted(f"〔团队〕{t}" for t in (USED, FRESH))
    personal = [r for r, t in enumerate(rows) if t.startswith("〔个人〕")]
    assert personal and len(personal) + len(team) == len(rows)
    team_row = rows.index(f"〔团队〕{FRESH}")
    assert not model.flags(model.index(team_row, COL_TEXT)) & Qt.ItemFlag.ItemIsEditable, "team rows are read-only here"

    # 收藏 on a team row leaves the personal unit with the same id alone.
    before = window.bank.get_units([office["fresh"]])[0].favourite
    click_row(qtbot, bank_window.table, team_row)
    qtbot.mouseClick(bank_window.star_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not window.runner.busy, timeout=20000)
    assert window.bank.get_units([office["fresh"]])[0].favourite == before

    # 提交到团队库 on a personal row: a proposal of zhang's.
    click_row(qtbot, bank_window.table, personal[0])
    text = model.record(personal[0]).text
    qtbot.mouseClick(bank_window.propose_button, Qt.MouseButton.LeftButton)
    with TeamBank.open(office["url"], tokenizer=tokenizer) as admin:
        qtbot.waitUntil(lambda: any(p.text == text for p in admin.proposals()), timeout=20000)
        assert [p.added_by for p in admin.proposals() if p.text == text] == ["zhang"]


def test_the_personal_hits_do_not_wait_for_a_slow_team_server(qtbot, office, team_window):
    """The team server is held up (another session locks its units table): the panel shows the
    personal bank's hits for what was typed at once, and the team's when the server answers."""
    import psycopg

    window = team_window(_as(office["url"], "zhang"))
    qtbot.waitUntil(lambda: "已连接" in window.team_label.text(), timeout=20000)
    qtbot.waitUntil(lambda: not window.runner.busy, timeout=20000)
    u = make_url(office["url"])
    with psycopg.connect(host=u.host, port=u.port, dbname=u.database, user=u.username) as locker:
        locker.execute("LOCK TABLE units IN ACCESS EXCLUSIVE MODE")  # held until the commit below
        try:
            _search(qtbot, window, "作风建设")
            qtbot.waitUntil(
                lambda: (
                    window.phrases.shown_texts()[:1] != []
                    and "作风" in window.phrases.shown_texts()[0]
                    and {o for o, _s, _n in window.phrases.shown_rows()} == {PERSONAL}
                ),
                timeout=20000,
            )
            assert all(shown.startswith("〔个人〕") for _o, shown, _n in window.phrases.shown_rows())
        finally:
            locker.commit()
    _wait_team_rows(qtbot, window)
    assert window.phrases.row_of(USED, TEAM) >= 0 and window.phrases.row_of(FRESH, TEAM) >= 0
