"""Issue 13, defects 10 (sections) and 13: a writer-edited data file with a mistake in it gives a
Chinese message naming the file and the line, never a traceback; `outline` and `draft new` too."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from desktop.cli import run_cli
from desktop.core import speech_types
from desktop.infra import paths
from desktop.infra.data_files import DataFileError
from tests.helpers.robust_support import assert_clear_chinese

SHIPPED = paths.resource_path("speech_types.json").read_text(encoding="utf-8")


def _edited(tmp_path: Path, change) -> Path:
    data = json.loads(SHIPPED)
    change(data)
    path = tmp_path / "speech_types.json"
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
    return path


def _first(data: dict) -> dict:
    return data["types"][0]


CASES = {
    "truncated": lambda tmp: _write(tmp, SHIPPED[: len(SHIPPED) // 2]),
    "bad-regex": lambda tmp: _edited(tmp, lambda d: _first(d)["title_patterns"].append("在(.*会议")),
    "unknown-level": lambda tmp: _edited(
        tmp, lambda d: _first(d)["structure"].update(levels=["cn_dun", "no_such_level"])
    ),
    "sections-1000": lambda tmp: _edited(tmp, lambda d: _first(d)["structure"].update(sections=1000)),
    "not-utf8": lambda tmp: _write_bytes(tmp, SHIPPED.encode("gb18030")),
    "types-missing": lambda tmp: _write(tmp, '{"kinds": []}'),
}


def _write(tmp: Path, text: str) -> Path:
    path = tmp / "speech_types.json"
    path.write_text(text, encoding="utf-8")
    return path


def _write_bytes(tmp: Path, data: bytes) -> Path:
    path = tmp / "speech_types.json"
    path.write_bytes(data)
    return path


@pytest.mark.parametrize("case", list(CASES))
def test_a_bad_speech_types_file_is_told_with_its_file_and_line(tmp_path, case):
    path = CASES[case](tmp_path)
    with pytest.raises(DataFileError) as bad:
        speech_types.load_speech_types(path)
    message = str(bad.value)
    assert_clear_chinese(message)
    assert str(path) in message and "第" in message and "行" in message
    if case in ("bad-regex", "unknown-level", "sections-1000"):
        line = int(message.split("第 ")[1].split(" 行")[0])
        text = path.read_text(encoding="utf-8").splitlines()[line - 1]
        needle = {"bad-regex": "在(.*会议", "unknown-level": "no_such_level", "sections-1000": "1000"}[case]
        assert needle in text, (line, text)


@pytest.mark.parametrize(
    "command", [["outline", "{speech}"], ["draft", "new", "--topic", "乡村振兴", "--out", "{out}"]]
)
def test_outline_and_draft_new_say_what_is_wrong_with_the_file(tmp_path, monkeypatch, capsys, command):
    bad = CASES["unknown-level"](tmp_path)
    real = paths.resource_path
    monkeypatch.setattr(speech_types, "resource_path", lambda *p: bad if p == ("speech_types.json",) else real(*p))
    speech_types.default_speech_types.cache_clear()
    speech = tmp_path / "讲话.txt"
    speech.write_text(
        "在全县工作会议上的讲话\n同志们：\n一、提高站位\n今天召开会议，部署工作，请大家抓好落实。\n", encoding="utf-8"
    )
    args = [a.format(speech=speech, out=tmp_path / "稿.sdraft") for a in command]
    try:
        code = run_cli(args)
    finally:
        speech_types.default_speech_types.cache_clear()
    err = capsys.readouterr().err
    assert code == 1, err
    assert str(bad) in err and "no_such_level" in err
    assert_clear_chinese(err)


def test_the_shipped_file_passes_the_check():
    data = json.loads(SHIPPED)
    speech_types.check_speech_types(data, SHIPPED, Path("speech_types.json"))
