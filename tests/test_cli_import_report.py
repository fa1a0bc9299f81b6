"""`speechdraft outline` and `bank import` report what the parser made of a real-looking document:
the speaker lines, what was left out, the type (inferred, or set with --type) per document."""

from __future__ import annotations

import json

import pytest

from desktop.cli import run_cli
from desktop.core.speech_types import get_type

# A page saved from a government site, made up for the test: chrome, title block, byline, caption,
# salutation, two sections, the closing, then a related-reports list.
PAGE = "\n".join(
    [
        "下载",
        "打印",
        "【字号：",
        "加大",
        "减小",
        "】",
        "2030年某某市政府工作报告",
        "——2030年1月9日在某某市第九届人民代表大会第二次会议上",
        "来源：某某日报",
        "某某市市长 钱某某",
        "钱某某作政府工作报告。本报记者 孙某摄",
        "各位代表：",
        "现在，我代表市人民政府，向大会报告工作，请予审议，并请市政协委员提出意见。",
        "一、过去一年的工作",
        "一年来，我们坚持稳中求进，全市经济运行持续向好，民生保障不断加强，各项事业取得新进展。",
        "二、今年的主要任务",
        "今年是承上启下的关键一年，要着力扩大有效需求，加快建设现代化产业体系，持续增进民生福祉。",
        "各位代表！新的征程已经开启，奋斗正当其时。让我们团结一心，为建设美好家园而努力奋斗！",
        "相关报道：",
        "某某市第九届人民代表大会第二次会议开幕",
    ]
)


def cli(capsys, *args: str) -> tuple[int, str, str]:
    code = run_cli(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_outline_json_keeps_its_fields_and_adds_speaker_and_appendix(capsys, tmp_path):
    page = tmp_path / "页面.txt"
    page.write_text(PAGE, encoding="utf-8")
    code, out, _ = cli(capsys, "outline", str(page), "--json")
    data = json.loads(out)
    assert code == 0
    assert set(data) == {"title", "type", "salutation", "headings", "closing", "paragraphs", "speaker", "appendix"}
    assert data["title"] == "2030年某某市政府工作报告——2030年1月9日在某某市第九届人民代表大会第二次会议上"
    assert data["speaker"] == ["某某市市长钱某某"]
    assert data["salutation"] == "各位代表："
    assert data["type"] == "政府工作报告"
    assert [h["text"] for h in data["headings"]] == ["一、过去一年的工作", "二、今年的主要任务"]
    assert data["closing"] == "各位代表！新的征程已经开启，奋斗正当其时。"
    # 下载 【字号： 加大 减小 】 (打印 and 来源 are dropped by cleaning), the caption, 相关报道 and its entry
    assert data["appendix"] == 8
    code, out, _ = cli(capsys, "outline", str(page))
    assert code == 0 and "署名：某某市市长钱某某" in out and "略去页面杂项和附件 8 段" in out


def _bank_units(capsys, tmp_path, document: str) -> tuple[dict, list[dict]]:
    dump = tmp_path / "bank.json"
    assert cli(capsys, "bank", "export", str(dump))[0] == 0
    bank = json.loads(dump.read_text(encoding="utf-8"))
    doc = next(d for d in bank["documents"] if d["name"] == document)
    # the units this document brought (a unit already in the bank keeps the type it came with)
    return doc, [u for u in bank["units"] if [s["document"] for s in u["sources"]] == [doc["key"]]]


def test_import_reports_each_document_and_type_can_be_set(capsys, tmp_path):
    page = tmp_path / "页面.txt"
    page.write_text(PAGE, encoding="utf-8")
    talk = tmp_path / "讲话.txt"
    talk.write_text(
        "在某某座谈会上的讲话\n同志们：\n今天召开座谈会，听取大家的意见和建议，共同研究下一步工作。\n"
        "一、提高认识\n做好这项工作意义重大，我们要切实把思想和行动统一到上级部署上来。\n"
        "同志们，任务光荣而艰巨，让我们携手努力，把各项工作做得更好！",
        encoding="utf-8",
    )
    code, out, _ = cli(capsys, "bank", "import", str(page), "--json")
    assert code == 0
    (row,) = json.loads(out)["documents"]
    assert row["title"].startswith("2030年某某市政府工作报告")
    assert row["type"] == "政府工作报告"
    assert row["left_out"] == {"debris": 6, "appendix": 2}
    doc, units = _bank_units(capsys, tmp_path, "页面")
    assert doc["speech_type"] == "政府工作报告" and {u["speech_type"] for u in units} == {"政府工作报告"}
    assert not any(u["text"] in ("下载", "相关报道：") or "记者" in u["text"] for u in units)

    code, out, _ = cli(capsys, "bank", "import", str(talk), "--type", "表态发言")
    assert code == 0
    assert "讲话：标题《在某某座谈会上的讲话》；类型：表态发言" in out
    doc, units = _bank_units(capsys, tmp_path, "讲话")
    assert doc["speech_type"] == "表态发言" and units and {u["speech_type"] for u in units} == {"表态发言"}


def test_an_unknown_type_is_refused_in_chinese(capsys, tmp_path):
    talk = tmp_path / "讲话.txt"
    talk.write_text("讲话\n正文。", encoding="utf-8")
    code, out, err = cli(capsys, "bank", "import", str(talk), "--type", "没有这种类型")
    assert code != 0 and out == ""
    assert err.startswith("错误：") and "没有“没有这种类型”这个讲话类型" in err and "会议讲话" in err


@pytest.mark.parametrize("name", ["政府工作报告", "工作报告", "工作汇报", "会议讲话", "事迹材料"])
def test_the_types_the_corpus_needs_can_be_drafted(capsys, tmp_path, name):
    st = get_type(name)
    assert st.opening_moves and st.closing_moves and st.title_template
    out = tmp_path / "骨架.sdraft"
    code, stdout, err = cli(capsys, "draft", "new", "--type", name, "--topic", "安全生产", "--skeleton", "-o", str(out))
    assert code == 0, err
    assert out.is_file() and "已生成骨架" in stdout
