"""Word's own outline as evidence: heading styles, outline levels, list levels, and a 公文 with
版头, 发文字号, 主送, 附件说明, 落款 and 版记 read right, with nothing of 版头 or 版记 in the bank.

Every .docx here is built by the test with python-docx; the wording is made up."""

from __future__ import annotations

from pathlib import Path

import docx
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import parse_xml

from desktop.core.phrases import cut
from desktop.core.structure import parse
from desktop.read.files import read_documents
from tests.junk_classes import junk_class

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
BODY = "各地各部门要提高认识、压实责任，把各项任务落到实处，确保取得实实在在的成效。"


def _outline_level(paragraph, level: int) -> None:
    paragraph._p.get_or_add_pPr().append(parse_xml(f'<w:outlineLvl xmlns:w="{W_NS}" w:val="{level}"/>'))


def _read(document, path: Path):
    document.save(str(path))
    [doc] = read_documents(path)
    return doc, parse(doc.paragraphs, name=doc.name, marks=doc.marks)


def test_word_heading_styles_make_headings_and_give_their_depth(tmp_path):
    document = docx.Document()
    document.add_paragraph("在全市工作会议上的讲话", style="Title")
    document.add_paragraph("同志们：")
    document.add_paragraph(BODY)
    # sentences with commas and a full stop: no marker and too long to pass as an unnumbered heading
    document.add_heading("坚持人民至上，把群众的急难愁盼作为工作的出发点。", level=1)
    document.add_paragraph(BODY)
    document.add_heading("聚焦民生实事，一件一件抓落实。", level=2)
    document.add_paragraph(BODY)
    document.add_heading("健全长效机制，让好做法固定下来。", level=2)
    document.add_paragraph(BODY)
    document.add_heading("坚持改革创新，以改革的办法破解发展难题。", level=1)
    document.add_paragraph(BODY)
    document.add_paragraph("同志们，让我们团结一心，把各项工作做得更好！")
    doc, sp = _read(document, tmp_path / "讲话.docx")
    assert sp.title == "在全市工作会议上的讲话" and sp.salutation == "同志们："
    assert [(h.level, h.text[:6]) for h in sp.headings] == [
        (1, "坚持人民至上"),
        (2, "聚焦民生实事"),
        (2, "健全长效机制"),
        (1, "坚持改革创新"),
    ]
    assert sp.closing == "同志们，让我们团结一心，把各项工作做得更好！"
    # the same text as plain paragraphs has no headings at all: the styles were the evidence
    assert parse(doc.paragraphs, name=doc.name).headings == []


def test_outline_levels_set_on_paragraphs_count_as_headings(tmp_path):
    document = docx.Document()
    document.add_paragraph("关于某项工作的情况汇报")
    document.add_paragraph("各位领导：")
    document.add_paragraph(BODY)
    for text, level in (("主要做法，取得了一定成效。", 0), ("抓统筹，形成合力。", 1), ("下一步打算，继续用力。", 0)):
        _outline_level(document.add_paragraph(text), level)
        document.add_paragraph(BODY)
    _, sp = _read(document, tmp_path / "汇报.docx")
    assert [(h.level, h.text) for h in sp.headings] == [
        (1, "主要做法，取得了一定成效。"),
        (2, "抓统筹，形成合力。"),
        (1, "下一步打算，继续用力。"),
    ]


NUMBERING = f"""
<w:numbering xmlns:w="{W_NS}">
  <w:abstractNum w:abstractNumId="70">
    <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="（%1）"/></w:lvl>
    <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%2."/></w:lvl>
  </w:abstractNum>
  <w:num w:numId="70"><w:abstractNumId w:val="70"/></w:num>
</w:numbering>"""


def _numbered(paragraph, ilvl: int) -> None:
    paragraph._p.get_or_add_pPr().append(
        parse_xml(f'<w:numPr xmlns:w="{W_NS}"><w:ilvl w:val="{ilvl}"/><w:numId w:val="70"/></w:numPr>')
    )


def test_list_levels_nest_what_the_markers_alone_would_not(tmp_path):
    document = docx.Document()
    numbering = document.part.part_related_by(RT.NUMBERING).element
    for child in list(numbering):
        numbering.remove(child)
    for child in parse_xml(NUMBERING):
        numbering.append(child)
    document.add_paragraph("工作要点")
    document.add_paragraph("同志们：")
    for text, ilvl in (("抓学习", 0), ("读原著", 1), ("学原文", 1), ("抓落实", 0), ("建台账", 1)):
        _numbered(document.add_paragraph(text), ilvl)
        document.add_paragraph(BODY)
    doc, sp = _read(document, tmp_path / "要点.docx")
    assert [(h.level, h.text) for h in sp.headings] == [
        (1, "（1）抓学习"),
        (2, "1.读原著"),
        (2, "2.学原文"),
        (1, "（2）抓落实"),
        (2, "1.建台账"),
    ]
    # without Word's list levels the markers alone do not give this outline (a 1. never nests under a （1）)
    assert [h.level for h in parse(doc.paragraphs, name=doc.name).headings] != [1, 2, 2, 1, 2]


def make_gongwen(path: Path) -> Path:
    document = docx.Document()
    for line in ("000123", "机密★1年", "特急", "某某市人民政府文件", "某政发〔2030〕5号"):
        document.add_paragraph(line)
    document.add_paragraph("关于做好年度安全生产工作的通知", style="Title")
    document.add_paragraph("各县（市、区）人民政府，市政府各部门、各直属单位：")
    document.add_paragraph("为做好今年的安全生产工作，现将有关事项通知如下。")
    document.add_heading("一、压实安全生产责任", level=1)
    document.add_paragraph(BODY)
    document.add_heading("二、深入开展隐患排查", level=1)
    document.add_paragraph("要组织力量对重点行业领域开展拉网式排查，发现问题立即整改，做到不留死角。")
    document.add_paragraph("特此通知。")
    for line in (
        "附件：1．安全生产检查表",
        "2．联系人名单",
        "某某市人民政府",
        "2030年3月1日",
        "（此件公开发布）",
        "抄送：市委办公室，市人大常委会办公室，市政协办公室。",
        "某某市人民政府办公室 2030年3月2日印发",
    ):
        document.add_paragraph(line)
    document.save(str(path))
    return path


def test_a_gongwen_is_read_right_and_leaves_its_metadata_out_of_the_bank(tmp_path):
    [doc] = read_documents(make_gongwen(tmp_path / "通知.docx"))
    sp = parse(doc.paragraphs, name=doc.name, marks=doc.marks)
    assert sp.title == "关于做好年度安全生产工作的通知"
    assert sp.salutation == "各县（市、区）人民政府，市政府各部门、各直属单位："
    assert [(h.level, h.text) for h in sp.headings] == [(1, "一、压实安全生产责任"), (1, "二、深入开展隐患排查")]
    assert sp.closing == "特此通知。"
    assert sp.left_out == {"debris": 5, "appendix": 7}
    units = cut(doc, sp)
    texts = {u.text for u in units}
    assert "关于做好年度安全生产工作的通知" in texts and "二、深入开展隐患排查" in texts
    assert [u.text for u in units if junk_class(u.text, u.kind)] == []
    leaked = ("000123", "文件", "〔", "抄送", "印发", "附件", "联系人名单", "此件公开发布", "各直属单位")
    assert not [t for t in texts if any(word in t for word in leaked)]


def test_the_title_style_names_the_title_over_lines_above_it(tmp_path):
    document = docx.Document()
    document.add_paragraph("内部资料 注意保存")
    document.add_paragraph("二〇三〇年度工作总结", style="Title")
    document.add_paragraph(BODY)
    document.add_heading("一、主要成绩", level=1)
    document.add_paragraph(BODY)
    doc, sp = _read(document, tmp_path / "总结.docx")
    assert sp.title == "二〇三〇年度工作总结"
    assert sp.blocks[0].role == "debris"
    # as plain text the first line would pass for the title
    assert parse(doc.paragraphs, name=doc.name).title == "内部资料 注意保存"
