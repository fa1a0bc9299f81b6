"""`speechdraft draft new`, `export` and `check`, end to end over the default bank."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from desktop.cli import run_cli
from desktop.core.draft import load_draft
from desktop.core.slots import hinted_chars
from desktop.core.structure import parse
from desktop.read.draft_files import open_draft

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def shared_data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One data folder for the module, so the default bank is built from the seeds once."""
    return tmp_path_factory.mktemp("cli-data")


def cli(capsys, data: Path, *args: str) -> tuple[int, str, str]:
    code = run_cli(["--data-dir", str(data), *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_draft_new_builds_the_bank_and_saves_a_draft(capsys, shared_data: Path, tmp_path: Path) -> None:
    out_file = tmp_path / "稿.sdraft"
    code, out, err = cli(
        capsys,
        shared_data,
        "draft",
        "new",
        "--type",
        "动员部署讲话",
        "--topic",
        "安全生产 隐患排查",
        "--target-chars",
        "2500",
        "--seed",
        "3",
        "-o",
        str(out_file),
    )
    assert code == 0, err
    assert (shared_data / "phrasebank.sqlite3").is_file()
    d = load_draft(out_file)
    speech = parse(d.paragraphs)
    assert d.speech_type == "动员部署讲话" and d.topic == ["安全生产", "隐患排查"]
    assert [h.marker for h in speech.headings if h.level == 1] == ["一、", "二、", "三、"]
    assert "字" in out and "分钟" in out
    again = tmp_path / "again.sdraft"
    cli(
        capsys,
        shared_data,
        "draft",
        "new",
        "--type",
        "动员部署讲话",
        "--topic",
        "安全生产 隐患排查",
        "--target-chars",
        "2500",
        "--seed",
        "3",
        "-o",
        str(again),
    )
    assert load_draft(again).paragraphs == d.paragraphs


def test_structure_and_minutes_options(capsys, shared_data: Path, tmp_path: Path) -> None:
    out_file = tmp_path / "a.sdraft"
    code, _, err = cli(
        capsys,
        shared_data,
        "draft",
        "new",
        "--type",
        "全会讲话",
        "--structure",
        "一、/（一）",
        "--topic",
        "营商环境",
        "--minutes",
        "8",
        "-o",
        str(out_file),
    )
    assert code == 0, err
    speech = parse(load_draft(out_file).paragraphs)
    assert {h.scheme for h in speech.headings} == {"cn_dun", "paren_cn"}
    asked = sum(hinted_chars(p)[1] for p in speech.paragraphs)  # what hinted slots leave to write
    assert abs(sum(len(p) for p in speech.paragraphs) + asked - 8 * 220) < 8 * 220 * 0.2


def test_export_round_trip_keeps_text_and_outline(capsys, shared_data: Path, tmp_path: Path) -> None:
    draft_file = tmp_path / "d.sdraft"
    cli(capsys, shared_data, "draft", "new", "--type", "交流发言", "--topic", "作风建设", "-o", str(draft_file))
    d = load_draft(draft_file)
    for suffix in (".txt", ".docx"):
        out = tmp_path / f"d{suffix}"
        code, _, err = cli(capsys, shared_data, "export", str(draft_file), "-o", str(out))
        assert code == 0, err
        back = open_draft(out)
        assert back.paragraphs == d.paragraphs
        assert parse(back.paragraphs).outline_json() == parse(d.paragraphs).outline_json()
        again = tmp_path / f"again{suffix}"
        assert cli(capsys, shared_data, "export", str(out), "-o", str(again))[0] == 0
        assert open_draft(again).paragraphs == d.paragraphs


def test_check_reports_findings_and_summary(capsys, shared_data: Path, tmp_path: Path) -> None:
    txt = tmp_path / "稿.txt"
    txt.write_text(
        "关于安全生产的讲话\n同志们：\n今天开会,部署工作。\n一、提高认识\n正文【数字】项。\n三、狠抓落实\n正文。\n",
        encoding="utf-8",
    )
    code, out, _ = cli(capsys, shared_data, "check", str(txt), "--json", "--speed", "100")
    assert code == 0
    data = json.loads(out)
    codes = {f["code"] for f in data["findings"]}
    assert {"numbering_gap", "slot"} <= codes
    gap = next(f for f in data["findings"] if f["code"] == "numbering_gap")
    assert (gap["paragraph"], gap["start"], gap["end"]) == (5, 0, 2)
    assert data["summary"]["speed"] == 100 and data["summary"]["open_slots"] == 1
    code, out, _ = cli(capsys, shared_data, "check", str(txt))
    assert "第 6 段" in out and "按每分钟 220 字" in out


def test_errors_are_chinese_and_leave_nothing(capsys, shared_data: Path, tmp_path: Path) -> None:
    out_file = tmp_path / "x.sdraft"
    code, out, err = cli(capsys, shared_data, "draft", "new", "--type", "不存在", "--topic", "x", "-o", str(out_file))
    assert code != 0 and err.startswith("错误：") and "讲话类型" in err
    code, _, err = cli(capsys, shared_data, "export", str(tmp_path / "无.sdraft"), "-o", str(tmp_path / "o.docx"))
    assert code != 0 and "找不到" in err
    bad = tmp_path / "坏.sdraft"
    bad.write_text("{oops", encoding="utf-8")
    code, _, err = cli(capsys, shared_data, "check", str(bad))
    assert code != 0 and "不是有效的讲稿草稿文件" in err
    code, _, err = cli(
        capsys, shared_data, "draft", "new", "--type", "致辞", "--topic", "x", "-o", str(tmp_path / "x.pdf")
    )
    assert code != 0 and "扩展名" in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["坏.sdraft"]


def test_subprocess_end_to_end(tmp_path: Path, shared_data: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}

    def run(*a: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "desktop", "--data-dir", str(shared_data), *a],
            capture_output=True,
            text=True,
            encoding="utf-8",
            env=env,
            cwd=tmp_path,
            timeout=300,
        )

    made = run("draft", "new", "--type", "表态发言", "--topic", "安全生产", "-o", "t.sdraft")
    assert made.returncode == 0, made.stderr
    exported = run("export", "t.sdraft", "-o", "t.docx")
    assert exported.returncode == 0, exported.stderr
    checked = run("check", "t.docx", "--json")
    summary = json.loads(checked.stdout)["summary"]
    assert checked.returncode == 0 and summary["chars"] + summary["to_write"] > 800  # a 表态发言: about 1,000


def test_draft_new_skeleton_needs_no_bank(tmp_path, capsys):
    from desktop.cli import run_cli
    from desktop.core.draft import load_draft
    from desktop.infra.paths import data_paths

    out = tmp_path / "骨架.sdraft"
    assert run_cli(["draft", "new", "--type", "全会讲话", "--topic", "乡村振兴", "--skeleton", "-o", str(out)]) == 0
    assert "已生成骨架" in capsys.readouterr().out
    speech = load_draft(out).outline()
    assert [h.scheme for h in speech.headings if h.level == 1] == ["di_cn"] * 5
    assert not data_paths().bank.exists()  # the skeleton never touched the bank
