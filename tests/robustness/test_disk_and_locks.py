"""Saving, exporting and importing onto a full disk, a read-only folder or a target that cannot be
replaced: a clear Chinese message, the old file intact, the bank unchanged.

The full disk is a real 1–4 MB tmpfs and read-only a real read-only remount (both need root,
as in CI's container); elsewhere those tests are skipped with the reason, and read-only falls
back to a folder without write permission.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from desktop.core.draft import Draft, DraftError, load_draft, save_draft
from desktop.core.structure import parse
from desktop.export.exporter import ExportError, export_speech
from desktop.store.bank import PhraseBank
from desktop.store.errors import BankError
from tests.helpers.robust_support import assert_clear_chinese, bank_content, copy_bank

OLD = ["在旧会议上的讲话", "同志们：", "这是原来的内容，不能丢。"]
NEW = ["在新会议上的讲话", "同志们："] + [f"第{i}段：推动各项工作落地见效。" * 20 for i in range(300)]


def _mount(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(["mount", *args], capture_output=True, text=True)


@contextmanager
def small_disk(folder: Path, size: str) -> Iterator[Path]:
    folder.mkdir()
    done = _mount("-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)) if shutil.which("mount") else None
    if done is None or done.returncode != 0:
        pytest.skip(f"cannot mount a {size} tmpfs here ({done.stderr.strip() if done else 'no mount'}); needs root")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], capture_output=True)


def fill(folder: Path) -> Path:
    """Write to folder until the disk is full; returns the filler file."""
    filler = folder / "filler"
    with open(filler, "wb", buffering=0) as f:
        try:
            while True:
                f.write(b"\0" * 4096)
        except OSError:
            pass
    return filler


@contextmanager
def read_only(folder: Path) -> Iterator[None]:
    """folder becomes read-only: a read-only remount of its tmpfs (root), else chmod."""
    if os.geteuid() == 0:
        if _mount("-o", "remount,ro", str(folder)).returncode != 0:
            pytest.skip("cannot remount the tmpfs read-only here")
        try:
            yield
        finally:
            _mount("-o", "remount,rw", str(folder))
    else:
        folder.chmod(0o555)
        try:
            yield
        finally:
            folder.chmod(0o755)


@contextmanager
def target_folder(tmp_path: Path) -> Iterator[Path]:
    """A folder that read_only() can act on: a tmpfs when root, else a plain folder."""
    if os.geteuid() == 0:
        with small_disk(tmp_path / "disk", "8m") as folder:
            yield folder
    else:
        folder = tmp_path / "disk"
        folder.mkdir()
        yield folder


def _only(folder: Path, *names: str) -> None:
    """No temporary files left behind."""
    assert sorted(p.name for p in folder.iterdir()) == sorted(names)


# ---- full disk ----


def test_draft_save_on_a_full_disk_keeps_the_old_draft(tmp_path):
    with small_disk(tmp_path / "disk", "1m") as disk:
        path = disk / "讲稿.sdraft"
        save_draft(Draft(OLD), path)
        old = path.read_bytes()
        fill(disk)
        with pytest.raises(DraftError) as failed:
            save_draft(Draft(NEW), path)
        assert_clear_chinese(str(failed.value))
        assert "磁盘空间不足" in str(failed.value) and "原有文件没有改动" in str(failed.value)
        assert path.read_bytes() == old and load_draft(path).paragraphs == OLD
        _only(disk, "讲稿.sdraft", "filler")


@pytest.mark.parametrize("suffix", [".docx", ".txt"])
def test_export_on_a_full_disk_keeps_the_old_file(tmp_path, suffix):
    with small_disk(tmp_path / "disk", "1m") as disk:
        out = disk / f"讲稿{suffix}"
        export_speech(parse(OLD), out)
        old = out.read_bytes()
        fill(disk)
        with pytest.raises(ExportError) as failed:
            export_speech(parse(NEW), out)
        assert_clear_chinese(str(failed.value))
        assert "磁盘空间不足" in str(failed.value)
        assert out.read_bytes() == old
        _only(disk, out.name, "filler")


def test_bank_import_restore_and_backup_on_a_full_disk_change_nothing(tmp_path, base_bank, seed_files, tokenizer):
    source = copy_bank(base_bank, tmp_path / "source.sqlite3")
    with PhraseBank.open(source, tokenizer=tokenizer, backups_dir=tmp_path / "backups") as other:
        other.import_paths([seed_files["003"], seed_files["004"]])
        other.export_json(tmp_path / "backup.json")
    with small_disk(tmp_path / "disk", "4m") as disk:
        path = copy_bank(base_bank, disk / "phrasebank.sqlite3")
        before = bank_content(path)
        with PhraseBank.open(path, tokenizer=tokenizer, backups_dir=disk / "backups") as bank:
            filler = fill(disk)
            report = bank.import_paths([seed_files["003"]])
            assert report.imported == [] and len(report.refused) == 1
            assert "磁盘空间不足" in report.refused[0].reason
            assert_clear_chinese(report.refused[0].reason)
            for attempt in (
                lambda: bank.restore_json(tmp_path / "backup.json"),
                lambda: bank.export_json(disk / "素材库备份.json"),
            ):
                with pytest.raises(BankError) as failed:
                    attempt()
                assert_clear_chinese(str(failed.value))
            assert not (disk / "素材库备份.json").exists()
            filler.unlink()
            assert bank.integrity_check() == []
        assert bank_content(path) == before
        with PhraseBank.open(path, tokenizer=tokenizer, backups_dir=disk / "backups") as bank:
            assert bank.import_paths([seed_files["003"]]).refused == []  # with room again, it works


# ---- read-only folder ----


def test_read_only_folder_keeps_draft_export_and_bank(tmp_path, base_bank, seed_files, tokenizer):
    with target_folder(tmp_path) as folder:
        draft, out = folder / "讲稿.sdraft", folder / "讲稿.docx"
        save_draft(Draft(OLD), draft)
        export_speech(parse(OLD), out)
        bank_path = copy_bank(base_bank, folder / "phrasebank.sqlite3")
        olds = {p: p.read_bytes() for p in (draft, out)}
        before = bank_content(bank_path)
        with read_only(folder):
            with pytest.raises(DraftError) as saving:
                save_draft(Draft(NEW), draft)
            with pytest.raises(ExportError) as exporting:
                export_speech(parse(NEW), out)
            for failed in (saving, exporting):
                assert_clear_chinese(str(failed.value))
            try:
                with PhraseBank.open(bank_path, tokenizer=tokenizer, backups_dir=tmp_path / "backups") as bank:
                    report = bank.import_paths([seed_files["003"]])
                    assert report.imported == [] and len(report.refused) == 1
                    assert_clear_chinese(report.refused[0].reason)
            except BankError as exc:  # refusing to open at all is as good, if it says why
                assert_clear_chinese(str(exc))
        assert {p: p.read_bytes() for p in olds} == olds
        assert bank_content(bank_path) == before


# ---- the target is open elsewhere or in the way ----


def _immutable(path: Path) -> bool:
    """chattr +i: not even root may replace the file, as when Word holds it open on Windows."""
    return (
        shutil.which("chattr") is not None
        and subprocess.run(["chattr", "+i", str(path)], capture_output=True).returncode == 0
    )


def test_export_over_a_file_held_by_another_program_keeps_it(tmp_path):
    out = tmp_path / "讲稿.docx"
    export_speech(parse(OLD), out)
    old = out.read_bytes()
    if not _immutable(out):
        if os.geteuid() == 0:
            pytest.skip("chattr +i is not available on this file system")
        tmp_path.chmod(0o555)  # a folder that refuses the replacement
    try:
        with pytest.raises(ExportError) as failed:
            export_speech(parse(NEW), out)
        message = str(failed.value)
        assert_clear_chinese(message)
        assert "原有文件没有改动" in message or "另选" in message
        with pytest.raises(DraftError) as saving:
            save_draft(Draft(NEW), tmp_path / "讲稿.docx")
        assert_clear_chinese(str(saving.value))
    finally:
        subprocess.run(["chattr", "-i", str(out)], capture_output=True)
        tmp_path.chmod(0o755)
    assert out.read_bytes() == old
    _only(tmp_path, "讲稿.docx")


def test_a_folder_in_the_way_of_the_target_is_explained(tmp_path):
    for name in ("讲稿.docx", "讲稿.sdraft"):
        (tmp_path / name).mkdir()
        (tmp_path / name / "里面的文件.txt").write_text("保留", encoding="utf-8")
    with pytest.raises(ExportError) as exporting:
        export_speech(parse(NEW), tmp_path / "讲稿.docx")
    with pytest.raises(DraftError) as saving:
        save_draft(Draft(NEW), tmp_path / "讲稿.sdraft")
    for failed in (exporting, saving):
        assert "文件夹" in str(failed.value)
        assert_clear_chinese(str(failed.value))
    assert (tmp_path / "讲稿.docx" / "里面的文件.txt").read_text(encoding="utf-8") == "保留"
