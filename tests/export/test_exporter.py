"""export_speech: the writer chosen by suffix, atomic replacement, errors in Chinese, progress, .txt/.md."""

from __future__ import annotations

import errno
import json
import os
import zipfile

import pytest

from desktop.export import exporter
from desktop.export.exporter import ExportError, export_speech
from desktop.export.layout import LayoutError, layout_names, layouts_dir, load_layout
from desktop.infra.errors import UserError
from tests.helpers.export_speeches import HAND_MADE


def _leftovers(folder):
    return [p.name for p in folder.iterdir() if p.name.endswith(".tmp")]


@pytest.mark.parametrize("suffix", [".docx", ".txt", ".md"])
def test_each_suffix_gets_its_format(tmp_path, hand_speech, suffix):
    out = export_speech(hand_speech, tmp_path / f"讲话{suffix.upper()}")
    data = out.read_bytes()
    assert data.startswith(b"PK") == (suffix == ".docx")
    assert _leftovers(tmp_path) == []


def test_unsupported_suffix_is_refused_in_chinese(tmp_path, hand_speech):
    with pytest.raises(ExportError, match="不支持导出为“.pdf”") as err:
        export_speech(hand_speech, tmp_path / "a.pdf")
    assert isinstance(err.value, UserError)
    assert list(tmp_path.iterdir()) == []


def test_missing_folder_is_reported(tmp_path, hand_speech):
    with pytest.raises(ExportError, match="不存在"):
        export_speech(hand_speech, tmp_path / "nowhere" / "a.docx")


def test_locked_target_leaves_the_old_file_intact(tmp_path, hand_speech, monkeypatch):
    out = tmp_path / "讲话.docx"
    out.write_bytes(b"old version")

    def locked(src, dst):  # what Windows does while Word holds the file open
        raise PermissionError(errno.EACCES, "The process cannot access the file", str(dst))

    monkeypatch.setattr(os, "replace", locked)  # core.atomic renames with os.replace
    with pytest.raises(ExportError, match="正在 Word 或 WPS 中打开") as err:
        export_speech(hand_speech, out)
    assert "原有文件没有改动" in str(err.value)
    assert out.read_bytes() == b"old version"
    assert _leftovers(tmp_path) == []


def test_full_disk_leaves_the_old_file_intact(tmp_path, hand_speech, monkeypatch):
    out = tmp_path / "讲话.txt"
    out.write_text("旧稿", encoding="utf-8")
    real_write = exporter.write_txt

    def fills_disk(ms, stream):
        for done in real_write(ms, stream):
            raise OSError(errno.ENOSPC, "No space left on device")
            yield done

    monkeypatch.setattr(exporter, "write_txt", fills_disk)
    with pytest.raises(ExportError, match="磁盘空间不足"):
        export_speech(hand_speech, out)
    assert out.read_text(encoding="utf-8") == "旧稿"
    assert _leftovers(tmp_path) == []


@pytest.mark.skipif(
    os.name != "posix" or os.geteuid() == 0, reason="needs a non-root POSIX user for a read-only folder"
)
def test_read_only_folder_is_reported(tmp_path, hand_speech):
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        with pytest.raises(ExportError, match="没有权限"):
            export_speech(hand_speech, folder / "a.docx")
    finally:
        folder.chmod(0o700)


def test_replacing_keeps_the_old_files_permissions(tmp_path, hand_speech):
    out = tmp_path / "a.md"
    out.write_text("旧", encoding="utf-8")
    out.chmod(0o640)
    export_speech(hand_speech, out)
    assert out.stat().st_mode & 0o777 == 0o640
    assert out.read_text(encoding="utf-8").startswith("# ")


def test_progress_counts_up_to_all_paragraphs(tmp_path, hand_speech):
    seen = []
    export_speech(hand_speech, tmp_path / "a.docx", progress=lambda done, total: seen.append((done, total)))
    assert seen and seen[-1] == (len(HAND_MADE), len(HAND_MADE))
    assert [d for d, _ in seen] == sorted(d for d, _ in seen)


def test_txt_has_bom_crlf_and_one_paragraph_a_line(tmp_path, hand_speech):
    data = export_speech(hand_speech, tmp_path / "a.txt").read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    text = data[3:].decode("utf-8")
    assert "\n" not in text.replace("\r\n", "")
    lines = text.split("\r\n")
    texts = [t for _, t, _ in HAND_MADE]
    assert lines[:3] == [texts[0], texts[1], ""]  # blank line after the title block
    assert [line for line in lines if line] == texts


def test_md_marks_title_and_headings_and_escapes_markup(tmp_path, hand_speech):
    text = export_speech(hand_speech, tmp_path / "a.md").read_text(encoding="utf-8")
    blocks = text.rstrip("\n").split("\n\n")
    assert blocks[0] == "# 在全县“实干担当促进发展”工作会议上的讲话"
    assert "## 一、提高站位，统一思想" in blocks
    assert "#### 1\\.强化理论武装" in blocks  # level 3; "1." must not start a Markdown list
    runin = next(b for b in blocks if "把牢方向" in b)
    assert runin.startswith("**（一）把牢方向。**要坚持")
    assert "新建\\*\\*所学校" in runin  # anonymised ** is text, not bold
    assert "各级党组织要\\*负起责任" in text
    assert not text.startswith("\ufeff")


def test_layout_presets_load_and_bad_presets_explain_themselves(tmp_path):
    assert {"gbt9704", "gbt9704-common-fonts"} <= set(layout_names())
    assert load_layout().fonts["title"] == "方正小标宋简体"
    with pytest.raises(LayoutError, match="找不到版式"):
        load_layout("no-such-layout")
    broken = tmp_path / "broken.json"
    data = json.loads((layouts_dir() / "gbt9704.json").read_text(encoding="utf-8"))
    del data["fonts"]["body"]
    broken.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(LayoutError, match="fonts.body"):
        load_layout(path=broken)
    broken.write_text("{ not json", encoding="utf-8")
    with pytest.raises(LayoutError, match="UTF-8 编码的 JSON"):
        load_layout(path=broken)


def test_docx_zip_is_well_formed(tmp_path, hand_speech):
    out = export_speech(hand_speech, tmp_path / "a.docx")
    with zipfile.ZipFile(out) as z:
        assert z.testzip() is None
        assert z.namelist()[0] == "[Content_Types].xml"


def test_export_layer_imports_no_qt():
    import subprocess
    import sys

    code = "import sys, desktop.export.exporter; print('PySide6' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.stdout.strip() == "False", result.stderr
