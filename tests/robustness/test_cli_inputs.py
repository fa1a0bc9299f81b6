"""Issue 13, defect 8 (the command-line inputs) and the checker's long lists: every input below
gives a Chinese message or works, never a traceback."""

from __future__ import annotations

import json
import os
import re

import pytest

from desktop.cli import run_cli
from desktop.core.checks import MAX_FINDINGS
from desktop.core.speech_types import type_names
from tests.helpers.robust_support import assert_clear_chinese

_HEAD = '{"format": "speechdraft-draft", "version": 1, "paragraphs": '


@pytest.mark.parametrize(
    "args",
    [
        ["draft", "new", "--type", "{type}", "--topic", "乡村振兴", "--minutes", "nan", "-o", "{out}"],
        ["draft", "new", "--type", "{type}", "--topic", "乡村振兴", "--minutes", "inf", "-o", "{out}"],
        ["draft", "new", "--type", "{type}", "--topic", "乡村振兴", "--target-chars", "-5", "-o", "{out}"],
        ["bank", "search", "发展", "--limit", "1e20"],
        ["bank", "search", "发展", "--limit", "100000000000000000000"],
    ],
    ids=["minutes-nan", "minutes-inf", "chars-negative", "limit-1e20", "limit-huge"],
)
def test_a_bad_number_is_refused_in_chinese(tmp_path, capsys, args):
    args = [a.format(type=type_names()[0], out=tmp_path / "稿.sdraft") for a in args]
    with pytest.raises(SystemExit) as refused:
        run_cli(args)
    assert refused.value.code == 2
    err = capsys.readouterr().err
    assert "之间的" in err and "Traceback" not in err


def test_a_topic_with_an_undecodable_byte_still_makes_a_draft(tmp_path, capsys):
    topic = "乡村振兴" + os.fsdecode(b"\xff")  # a byte the terminal's encoding could not decode
    out = tmp_path / "稿.sdraft"
    code = run_cli(["draft", "new", "--type", type_names()[0], "--topic", topic, "--skeleton", "-o", str(out)])
    assert code == 0, capsys.readouterr().err
    json.loads(out.read_text(encoding="utf-8"))


@pytest.mark.parametrize(
    "content",
    ["[" * 1_000_000, '{"format": "speechdraft-draft", "version": ' + "9" * 4301 + "}", _HEAD + "[" * 100_000],
    ids=["nested-a-million-deep", "version-4301-digits", "paragraphs-nested"],
)
@pytest.mark.parametrize("command", ["outline", "export"])
def test_a_damaged_draft_file_is_refused_in_chinese(tmp_path, capsys, content, command):
    path = tmp_path / "坏草稿.sdraft"
    path.write_text(content, encoding="utf-8")
    args = ["outline", str(path)] if command == "outline" else ["export", str(path), "-o", str(tmp_path / "x.docx")]
    assert run_cli(args) == 1
    assert_clear_chinese(capsys.readouterr().err)
    assert not (tmp_path / "x.docx").exists()


@pytest.mark.parametrize("command", ["outline", "export"])
def test_lone_surrogates_in_a_draft_do_not_stop_outline_or_export(tmp_path, capsys, command):
    path = tmp_path / "半个字.sdraft"
    path.write_text(_HEAD + '["在全县工作会议上的讲话\\ud800", "同志们：", "今天\\udfff召开会议。"]}', encoding="utf-8")
    out = tmp_path / "x.docx"
    args = ["outline", str(path)] if command == "outline" else ["export", str(path), "-o", str(out)]
    assert run_cli(args) == 0, capsys.readouterr().err
    if command == "export":
        assert out.stat().st_size > 0


def test_a_target_name_too_long_is_refused_in_chinese(tmp_path, capsys):
    draft = tmp_path / "稿.sdraft"
    assert (
        run_cli(["draft", "new", "--type", type_names()[0], "--topic", "乡村振兴", "--skeleton", "-o", str(draft)]) == 0
    )
    capsys.readouterr()
    code = run_cli(["export", str(draft), "-o", str(tmp_path / ("长" * 300 + ".docx"))])
    assert code == 1
    assert_clear_chinese(capsys.readouterr().err)


def test_check_on_a_million_brackets_lists_a_few_hundred_and_counts_the_rest(tmp_path, capsys):
    path = tmp_path / "括号.txt"
    path.write_text("在全县工作会议上的讲话\n" + "（" * 1_000_000 + "\n", encoding="utf-8")
    assert run_cli(["check", str(path), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert len(report["findings"]) == MAX_FINDINGS + 1
    more = report["findings"][-1]
    assert more["code"] == "more"
    assert int(re.search(r"共 (\d+) 处", more["message"]).group(1)) >= 1_000_000
