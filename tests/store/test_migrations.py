"""Opening banks of older schema versions, and files that are not banks."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from desktop.store.bank import PhraseBank
from desktop.store.errors import BankError, BankOpenError
from desktop.store.migrations import SCHEMA_VERSION

# The first release's layout, written by hand as it was: keywords as space-separated text,
# no units.last_used_at.
V1_SCHEMA = """
CREATE TABLE documents (id INTEGER PRIMARY KEY, name VARCHAR(500) NOT NULL, source_path TEXT,
    content_hash VARCHAR(64) NOT NULL UNIQUE, speech_type VARCHAR(50), imported_at DATETIME NOT NULL);
CREATE TABLE units (id INTEGER PRIMARY KEY, text TEXT NOT NULL, kind VARCHAR(50) NOT NULL, speech_type VARCHAR(50),
    dedup_key TEXT NOT NULL UNIQUE, keywords TEXT NOT NULL, tokens TEXT NOT NULL, slots INTEGER NOT NULL,
    group_json JSON, favourite BOOLEAN NOT NULL, uses INTEGER NOT NULL, deleted_at DATETIME,
    created_at DATETIME NOT NULL, updated_at DATETIME NOT NULL);
CREATE TABLE unit_sources (id INTEGER PRIMARY KEY, unit_id INTEGER NOT NULL REFERENCES units(id) ON DELETE CASCADE,
    document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE, paragraph INTEGER NOT NULL,
    UNIQUE (unit_id, document_id, paragraph));
CREATE TABLE tags (id INTEGER PRIMARY KEY, name VARCHAR(100) NOT NULL UNIQUE);
CREATE TABLE unit_tags (unit_id INTEGER NOT NULL REFERENCES units(id) ON DELETE CASCADE,
    tag_id INTEGER NOT NULL REFERENCES tags(id) ON DELETE CASCADE, PRIMARY KEY (unit_id, tag_id));
CREATE TABLE meta (key VARCHAR(100) PRIMARY KEY, value TEXT NOT NULL);
CREATE VIRTUAL TABLE units_fts USING fts5(tokens, content='units', content_rowid='id');
CREATE TRIGGER units_fts_ai AFTER INSERT ON units BEGIN
    INSERT INTO units_fts(rowid, tokens) VALUES (new.id, new.tokens); END;
INSERT INTO meta VALUES ('schema_version', '1');
INSERT INTO documents VALUES (1, '在学习研讨会上的发言', '/old/a.txt', 'h1', '研讨发言', '2024-01-02 09:00:00.000000');
INSERT INTO units VALUES (1, '推动主题教育走深走实。', '论述', '研讨发言', '推动主题教育走深走实', '主题教育 走深走实',
    '推动 主题教育 走深走实', 0, NULL, 1, 4, NULL, '2024-01-02 09:00:00.000000', '2024-01-02 09:00:00.000000');
INSERT INTO units VALUES (2, '一、提高政治站位', '一级标题', '研讨发言', '一提高政治站位', '政治 站位',
    '一 提高 政治 站位', 0, '["一、提高政治站位", "二、强化责任担当"]', 0, 0, '2024-01-03 10:00:00.000000',
    '2024-01-02 09:00:00.000000', '2024-01-03 10:00:00.000000');
INSERT INTO unit_sources VALUES (1, 1, 1, 4), (2, 2, 1, 2);
INSERT INTO tags VALUES (1, '金句'), (2, '党建');
INSERT INTO unit_tags VALUES (1, 1), (1, 2), (2, 2);
"""


def _make_v1(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.executescript(V1_SCHEMA)
    conn.commit()
    conn.close()


def test_a_version_1_bank_is_backed_up_and_upgraded_with_everything_kept(tmp_path, tokenizer):
    path = tmp_path / "phrasebank.sqlite3"
    _make_v1(path)
    backups = tmp_path / "backups"
    with PhraseBank.open(path, tokenizer=tokenizer, backups_dir=backups) as bank:
        assert bank.upgrade_backup is not None and bank.upgrade_backup.parent == backups
        first = bank.get_unit(1)
        assert first.text == "推动主题教育走深走实。" and first.favourite and first.uses == 4
        assert first.keywords == ("主题教育", "走深走实")
        assert first.tags == ("党建", "金句")
        assert [(s.document_name, s.paragraph) for s in first.sources] == [("在学习研讨会上的发言", 4)]
        second = bank.get_unit(2)
        assert second.in_trash and second.group == ("一、提高政治站位", "二、强化责任担当")
        assert [h.unit_id for h in bank.search("主题教育")] == [1]
        assert [h.unit_id for h in bank.search("", tag="党建", include_deleted=True)] == [1, 2]
        bank.count_use(1)  # the new column works
        assert bank.get_unit(1).last_used_at is not None
        assert bank.integrity_check() == []
    with closing(sqlite3.connect(bank.upgrade_backup)) as old:
        assert old.execute("SELECT value FROM meta").fetchone() == ("1",)
        assert old.execute("SELECT count(*) FROM units").fetchone() == (2,)
    with PhraseBank.open(path, tokenizer=tokenizer, backups_dir=backups) as again:
        assert again.upgrade_backup is None  # already current: no second backup
    assert len(list(backups.iterdir())) == 1
    with closing(sqlite3.connect(path)) as conn:
        assert conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone() == (str(SCHEMA_VERSION),)


def test_a_failed_upgrade_leaves_the_bank_as_it_was(tmp_path, tokenizer):
    path = tmp_path / "phrasebank.sqlite3"
    _make_v1(path)
    with closing(sqlite3.connect(path)) as conn:  # a bank a step cannot handle: the column already exists
        conn.execute("ALTER TABLE units ADD COLUMN last_used_at DATETIME")
        conn.commit()
    with pytest.raises(BankError, match="升级素材库.*失败.*备份"):
        PhraseBank.open(path, tokenizer=tokenizer, backups_dir=tmp_path / "backups")
    with closing(sqlite3.connect(path)) as conn:
        assert conn.execute("SELECT value FROM meta").fetchone() == ("1",)
        assert conn.execute("SELECT keywords FROM units WHERE id = 1").fetchone() == ("主题教育 走深走实",)


def test_a_bank_from_a_newer_version_is_refused(tmp_path, tokenizer):
    path = tmp_path / "phrasebank.sqlite3"
    _make_v1(path)
    with closing(sqlite3.connect(path)) as conn:
        conn.execute("UPDATE meta SET value = '99'")
        conn.commit()
    with pytest.raises(BankOpenError, match="更新版本"):
        PhraseBank.open(path, tokenizer=tokenizer)


@pytest.mark.parametrize("content", [b"hello, this is not a database" * 100, b"SQLite format 3\x00" + b"\x00" * 100])
def test_a_file_that_is_not_a_bank_is_refused_in_chinese(tmp_path, tokenizer, content):
    path = tmp_path / "notes.sqlite3"
    path.write_bytes(content)
    with pytest.raises(BankError) as err:
        PhraseBank.open(path, tokenizer=tokenizer)
    assert any("\u4e00" <= ch <= "\u9fff" for ch in str(err.value))
    assert path.read_bytes() == content


def test_a_foreign_sqlite_file_is_refused(tmp_path, tokenizer):
    path = tmp_path / "other.sqlite3"
    with closing(sqlite3.connect(path)) as conn:
        conn.execute("CREATE TABLE t (x)")
        conn.commit()
    with pytest.raises(BankOpenError, match="不是讲稿助手的素材库"):
        PhraseBank.open(path, tokenizer=tokenizer)


def test_a_missing_folder_is_refused(tmp_path, tokenizer):
    with pytest.raises(BankOpenError, match="文件夹不存在"):
        PhraseBank.open(tmp_path / "nope" / "bank.sqlite3", tokenizer=tokenizer)


def test_a_bank_short_only_of_team_steps_is_brought_up_without_a_backup_or_rebuild(tmp_path, tokenizer):
    from desktop.store.migrations import TEAM_ONLY_STEPS

    path = tmp_path / "phrasebank.sqlite3"
    backups = tmp_path / "backups"
    with PhraseBank.open(path, tokenizer=tokenizer, backups_dir=backups) as bank:
        kept = bank.add_unit("推动主题教育走深走实。", "论述").id
    old = min(TEAM_ONLY_STEPS) - 1
    with closing(sqlite3.connect(path)) as conn:  # the bank as the version before those steps left it
        conn.execute("UPDATE meta SET value = ? WHERE key = 'schema_version'", (str(old),))
        conn.execute("INSERT INTO units_fts(units_fts) VALUES ('delete-all')")  # a rebuild would refill it
        conn.commit()
    with PhraseBank.open(path, tokenizer=tokenizer, backups_dir=backups) as bank:
        assert bank.upgrade_backup is None
        assert bank.get_unit(kept).text == "推动主题教育走深走实。"
    assert not backups.exists() or not list(backups.iterdir())
    with closing(sqlite3.connect(path)) as conn:
        assert conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone() == (str(SCHEMA_VERSION),)
        found = conn.execute("SELECT count(*) FROM units_fts WHERE units_fts MATCH '主题'").fetchone()
        assert found == (0,), "the index was rebuilt"
