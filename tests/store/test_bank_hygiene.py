"""Importing messy documents leaves none of issue 11's junk classes in the bank.

The classes (site chrome, captions, bylines, venue lines, source notes, dates, document numbers,
主送/抄送/印发, placeholders, name and class lists, attachment labels, glossary entries) are
described apart from the parser in tests/junk_classes.py. Made-up documents shaped like a page
saved from a government site, a Word 公文 and a school speech run in CI; the 70 real documents of
the development corpus (../shared/corpus, or $SPEECHDRAFT_CORPUS) when it is on the machine.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from tests.junk_classes import junk_class

REPO = Path(__file__).resolve().parents[2]
CORPUS = Path(os.environ.get("SPEECHDRAFT_CORPUS") or REPO.parent / "shared" / "corpus")

BODY = "一年来，我们坚持稳中求进工作总基调，扎实推进各项工作，经济社会发展取得了新的成绩。"

WEB_PAGE = [
    "当前位置：首页 > 要闻",
    "下载",
    "打印",
    "【字号：",
    "大",
    "中",
    "小",
    "】",
    "2030年某某市政府工作报告",
    "——2030年1月9日在某某市第九届人民代表大会第二次会议上",
    "2030-01-10 09:20:00",
    "某某市市长 钱某某",
    "钱某某作政府工作报告。本报记者 孙某摄",
    "各位代表：",
    "现在，我代表市人民政府，向大会报告工作，请予审议。",
    "一、过去一年的工作",
    BODY,
    "图为会场。记者 赵某某 摄",
    "二、今年的重点任务",
    "今年要抓好三件事。一是坚持民生至上。办好民生实事。二是坚持改革创新。激发市场活力。三是坚持安全发展。守牢底线。",
    "各位代表！新的征程已经开启。让我们团结一心，为建设美好家园而努力奋斗！",
    "（来源：某某日报）",
    "编辑：孙某某",
    "相关报道：",
    "某某市人民代表大会开幕",
    "扫一扫在手机打开当前页",
]

GONGWEN = [
    "000123",
    "机密★1年",
    "特急",
    "某某县人民政府文件",
    "某政发〔2030〕5号",
    "关于做好年度安全生产工作的通知",
    "各乡镇人民政府，县政府各部门：",
    "为做好今年的安全生产工作，现将有关事项通知如下。",
    "一、压实安全生产责任",
    "各地各部门要把安全生产摆在突出位置，层层压实责任，确保各项措施落到实处。",
    "二、深入开展隐患排查",
    "要组织力量对重点行业领域开展拉网式排查，发现问题立即整改，做到不留死角。",
    "特此通知。",
    "附件：1．安全生产检查表",
    "2．联系人名单",
    "某某县人民政府",
    "2030年3月1日",
    "（此件公开发布）",
    "抄送：县委办公室，县人大常委会办公室。",
    "某某县人民政府办公室 2030年3月2日印发",
]

SCHOOL_SPEECH = [
    "在开学典礼上的讲话",
    "某某学校校长 张某某",
    "（9月1日上午8点，学校体育馆）",
    "2030.09.01",
    "各位老师、同学们，大家早上好！",
    "新的学年开始了，我代表学校向全体同学表示热烈的欢迎，向辛勤工作的老师们致以崇高的敬意。",
    "一、回顾过去一年",
    "过去一年，我们在各方面取得了可喜的成绩，这里要特别表扬以下同学：周子涵、吴思远、郑佳怡、王浩然、冯雨桐。",
    "获得优秀班集体的有：高一（3）班、高二（5）班、高三（1）班。",
    "（略）",
    "二、展望新的学年",
    "新学年里，希望同学们勤学好问、强健体魄，做一个全面发展的人。",
    "最后，祝同学们学业进步，老师们工作顺利！",
    "谢谢大家！",
    "附件",
    "名词解释",
    "1.“双减”：指减轻学生作业负担和校外培训负担。",
]


def _import(bank, tmp_path: Path, documents: dict[str, list[str]]) -> list[dict]:
    for name, lines in documents.items():
        (tmp_path / f"{name}.txt").write_text("\n".join(lines), encoding="utf-8")
    report = bank.import_paths([tmp_path])
    assert len(report.imported) == len(documents) and not report.refused
    dump = tmp_path / "bank.json"
    bank.export_json(dump)
    return json.loads(dump.read_text(encoding="utf-8"))["units"]


def test_no_junk_from_a_web_page_a_gongwen_and_a_school_speech(bank, tmp_path):
    folder = tmp_path / "docs"
    folder.mkdir()
    units = _import(bank, folder, {"网页": WEB_PAGE, "公文": GONGWEN, "讲话": SCHOOL_SPEECH})
    junk = [(junk_class(u["text"], u["kind"]), u["kind"], u["text"]) for u in units]
    assert [j for j in junk if j[0]] == []
    by_text = {u["text"]: u["kind"] for u in units}
    # what is the speech is there, as its kind
    assert by_text["关于做好年度安全生产工作的通知"] == "标题"
    assert by_text["二、深入开展隐患排查"] == "一级标题"
    assert by_text["各位老师、同学们，大家早上好！"] == "称呼"
    assert "各乡镇人民政府，县政府各部门：" not in by_text  # a 主送机关 is the document's metadata
    assert any(kind == "结尾" and text.startswith("最后，祝同学们") for text, kind in by_text.items())
    # run-in lead sentences inside a paragraph are stored as headings, not as 论述
    for lead in ("一是坚持民生至上。", "二是坚持改革创新。", "三是坚持安全发展。"):
        assert by_text[lead] == "二级标题"


@pytest.mark.skipif(not (CORPUS / "SOURCES.md").is_file(), reason="the development corpus is not on this machine")
def test_no_junk_from_the_corpus(bank, tmp_path):
    folders = [p for p in sorted(CORPUS.iterdir()) if p.is_dir() and p.name != "gold"]
    report = bank.import_paths(folders)
    assert len(report.imported) >= 70 and not report.refused
    dump = tmp_path / "bank.json"
    bank.export_json(dump)
    units = json.loads(dump.read_text(encoding="utf-8"))["units"]
    assert len(units) > 10_000
    junk = [(junk_class(u["text"], u["kind"]), u["kind"], u["text"][:60]) for u in units]
    assert [j for j in junk if j[0]] == []
