"""The command line drives the same core: outline and the bank subcommands, end to end."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from desktop.cli import is_cli_invocation, run_cli


def cli(capsys, *args: str) -> tuple[int, str, str]:
    code = run_cli(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_outline_json_of_a_seed(capsys, seed_files):
    code, out, _ = cli(capsys, "outline", str(seed_files["004"]), "--json")
    data = json.loads(out)
    assert code == 0
    assert data["title"] == "县委书记在全县学习贯彻2023年主题教育工作会议上的讲话"
    assert data["type"] == "动员部署讲话"
    assert [h["text"] for h in data["headings"] if h["level"] == 1] == [
        "一、统一思想、提高站位，深刻认识主题教育的重大意义",
        "二、把握重点、周密部署，全力推动主题教育各项任务落实落细",
        "三、从严从实、扛牢责任，确保主题教育取得扎实成效",
    ]


def test_errors_are_chinese_on_stderr_with_nonzero_exit(capsys, tmp_path):
    code, out, err = cli(capsys, "outline", str(tmp_path / "没有这个文件.txt"), "--json")
    assert code != 0 and out == ""
    assert err.startswith("错误：") and "没有这个文件" in err


def test_bank_lifecycle(capsys, tmp_path, seed_files):
    code, out, _ = cli(capsys, "bank", "stats", "--json")  # first use builds the default bank
    stats = json.loads(out)
    assert code == 0 and stats["documents"] == 5 and stats["by_kind"]["一级标题"] > 0

    code, out, _ = cli(capsys, "bank", "search", "主题教育", "--kind", "一级标题", "--json")
    hits = json.loads(out)
    assert code == 0 and hits and all(h["kind"] == "一级标题" for h in hits)

    for hostile in ['"', "AND", "*", "(", 'NEAR("a" "b")', "主题 OR", "^:"]:
        code, out, _ = cli(capsys, "bank", "search", hostile, "--json")
        assert code == 0 and isinstance(json.loads(out), list)

    extra = tmp_path / "我的 材料.txt"
    extra.write_text(
        "表态发言\n一是提高政治站位。我们将坚决贯彻落实会议精神，确保各项任务落地见效。\n二是压实工作责任。层层传导压力。",
        encoding="gb18030",
    )
    code, out, _ = cli(capsys, "bank", "import", str(extra))
    assert code == 0 and "导入 1 篇" in out
    code, out, _ = cli(capsys, "bank", "import", str(extra), str(tmp_path / "没有.txt"), "--json")
    result = json.loads(out)
    assert (
        code == 1 and result["imported"] == 0 and result["skipped"] == 1
    )  # nothing new, a file missing: and result["files_cut_by_worker"] == 0
    assert len(result["refused"]) == 1 and "找不到" in result["refused"][0]["reason"]

    backup = tmp_path / "bank.json"
    assert cli(capsys, "bank", "export", str(backup))[0] == 0
    before = json.loads(cli(capsys, "bank", "stats", "--json")[1])
    assert before["documents"] == 6
    assert cli(capsys, "bank", "build")[0] == 0  # back to the seeds only
    assert json.loads(cli(capsys, "bank", "stats", "--json")[1])["documents"] == 5
    assert cli(capsys, "bank", "restore", str(backup))[0] == 0
    assert json.loads(cli(capsys, "bank", "stats", "--json")[1])["units"] == before["units"]

    broken = tmp_path / "broken.json"
    broken.write_text("{not json", encoding="utf-8")
    code, _, err = cli(capsys, "bank", "restore", str(broken), "--merge")
    assert code != 0 and "错误：" in err
    assert json.loads(cli(capsys, "bank", "stats", "--json")[1])["units"] == before["units"]


@pytest.mark.parametrize(
    "args, is_cli", [([], False), (["--data-dir", "x"], False), (["--version"], True), (["bank", "stats"], True)]
)
def test_no_subcommand_means_the_window(args, is_cli):
    assert is_cli_invocation(args) is is_cli


def test_version_from_the_console_script():
    out = subprocess.run([sys.executable, "-m", "desktop", "--version"], capture_output=True, text=True, check=True)
    assert out.stdout.startswith("speechdraft ")


def test_outline_reads_a_saved_draft(capsys, tmp_path, seed_files):
    from desktop.core.draft import save_draft
    from desktop.read.draft_files import open_draft

    draft_file = save_draft(open_draft(seed_files["002"]), tmp_path / "草稿.sdraft")
    code, out, _ = cli(capsys, "outline", str(draft_file), "--json")
    assert code == 0
    assert [h["text"][:2] for h in json.loads(out)["headings"]] == ["一、", "二、", "三、"]
