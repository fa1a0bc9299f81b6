"""Drafts as files: .sdraft round trip, atomic save, corrupt files, speeches opened as drafts."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from desktop.core.draft import Draft, DraftError, load_draft, save_draft
from desktop.core.structure import parse
from desktop.read.draft_files import open_draft

PARAS = [
    "在全县作风建设工作会议上的讲话",
    "同志们：",
    "今天召开会议，主要任务是部署作风建设。",
    "一、提高认识",
    "（一）“关键少数”要带头。正文在这里。",
    "二、狠抓落实",
    "正文。",
    "同志们，让我们真抓实干！",
]


def test_save_and_open_round_trip(tmp_path: Path) -> None:
    d = Draft(
        list(PARAS),
        speech_type="动员部署讲话",
        structure="一、（一）",
        levels=["cn_dun", "paren_cn"],
        runin=[False, True],
        topic=["作风建设", "基层"],
    )
    path = save_draft(d, tmp_path / "稿子.sdraft")
    back = load_draft(path)
    assert back.paragraphs == PARAS
    assert (back.speech_type, back.structure, back.levels, back.runin, back.topic) == (
        "动员部署讲话",
        "一、（一）",
        ["cn_dun", "paren_cn"],
        [False, True],
        ["作风建设", "基层"],
    )
    assert back.created == d.created and back.modified == d.modified
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["format"] == "speechdraft-draft" and data["version"] == 1
    assert "同志们：" in path.read_text(encoding="utf-8")  # UTF-8, not \u escapes
    assert [p.name for p in tmp_path.iterdir()] == ["稿子.sdraft"]  # no temp file left


def test_failed_save_keeps_the_old_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = save_draft(Draft(list(PARAS)), tmp_path / "a.sdraft")
    before = path.read_bytes()

    def broken_replace(src: str, dst: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("desktop.infra.atomic.os.replace", broken_replace)
    with pytest.raises(DraftError) as err:
        save_draft(Draft(["别的内容"]), path)
    assert "原有文件没有改动" in str(err.value)
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["a.sdraft"]


def test_save_into_missing_folder_is_refused(tmp_path: Path) -> None:
    with pytest.raises(DraftError) as err:
        save_draft(Draft(PARAS), tmp_path / "nope" / "a.sdraft")
    assert "不存在" in str(err.value)


@pytest.mark.parametrize(
    "content",
    [
        b"{not json",
        b"\xff\xfe\x00garbage",
        b'{"format": "other"}',
        b"[]",
        b'{"format": "speechdraft-draft", "version": 1, "paragraphs": [1, 2]}',
    ],
)
def test_corrupt_file_gives_a_chinese_error(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "坏.sdraft"
    path.write_bytes(content)
    with pytest.raises(DraftError) as err:
        load_draft(path)
    assert "不是有效的讲稿草稿文件" in str(err.value)


def test_newer_format_version_asks_for_an_upgrade(tmp_path: Path) -> None:
    path = tmp_path / "new.sdraft"
    path.write_text(
        json.dumps({"format": "speechdraft-draft", "version": 99, "meta": {}, "paragraphs": []}), encoding="utf-8"
    )
    with pytest.raises(DraftError) as err:
        load_draft(path)
    assert "升级" in str(err.value)


def test_open_txt_speech_as_draft(tmp_path: Path, seed_files: dict[str, Path]) -> None:
    d = open_draft(seed_files["002"])
    speech = parse(d.paragraphs)
    assert d.speech_type == "交流发言" == speech.type
    assert [h.marker for h in speech.headings if h.level == 1] == ["一、", "二、", "三、"]
    assert d.levels[0] == "cn_dun" and d.runin[0] is True
    assert d.outline().title == d.title == speech.title


def test_open_gbk_txt_as_draft(tmp_path: Path) -> None:
    path = tmp_path / "讲话.txt"
    path.write_bytes("\n".join(PARAS).encode("gb18030"))
    d = open_draft(path)
    assert d.paragraphs == PARAS
    assert d.levels == ["cn_dun", "paren_cn"]


def test_open_unsupported_or_missing(tmp_path: Path) -> None:
    with pytest.raises(DraftError):
        open_draft(tmp_path / "x.pdf")
    with pytest.raises(DraftError) as err:
        open_draft(tmp_path / "missing.txt")
    assert "找不到" in str(err.value)
