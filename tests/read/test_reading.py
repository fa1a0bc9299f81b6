"""Reading files: every encoding and format, the glued-on second document, and bad input."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import docx
import pytest
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import parse_xml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop.core.cjk_chars import han_count
from desktop.infra.errors import UserError
from desktop.read.files import ReadError, read_documents
from tests.helpers.zip_parts import rezip

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

TRADITIONAL = (
    "各位委員，同志們：\n"
    "今天我們召開會議，主要任務是總結上半年工作，部署下半年任務。\n"
    "經濟發展穩中有進，人民生活持續改善，社會大局和諧穩定。\n"
)


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def seed_text(seed_files, key: str) -> str:
    return seed_files[key].read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def seed_docs(seed_files):
    return {k: read_documents(p) for k, p in seed_files.items()}


def read_error(path: Path) -> str:
    with pytest.raises(ReadError) as info:
        read_documents(path)
    assert isinstance(info.value, UserError)  # so the window and the command line show it
    message = str(info.value)
    assert han_count(message) >= 8, message  # a sentence in Chinese, not a code
    return message


# --- plain text encodings ---------------------------------------------------------------


def test_seeds_read_as_utf8_one_document_each(seed_docs, seed_files):
    for key, docs in seed_docs.items():
        assert len(docs) == 1, key
        doc = docs[0]
        assert (doc.name, doc.part, doc.encoding) == (seed_files[key].stem, 0, "utf-8")
        assert doc.source_path == str(seed_files[key])
    assert seed_docs["002"][0].paragraphs[-1] == "发言完毕，不当之处，请同志们批评指正，谢谢大家！"


@pytest.mark.parametrize(
    "encoding, data_of, expected_encoding",
    [
        ("utf-8-sig", lambda t: t.encode("utf-8-sig"), "utf-8-sig"),
        ("utf-16 LE BOM", lambda t: b"\xff\xfe" + t.encode("utf-16-le"), "utf-16"),
        ("utf-16 BE BOM", lambda t: b"\xfe\xff" + t.encode("utf-16-be"), "utf-16"),
        ("utf-16 LE", lambda t: t.encode("utf-16-le"), "utf-16-le"),
        ("utf-16 BE", lambda t: t.encode("utf-16-be"), "utf-16-be"),
        ("gb18030", lambda t: t.encode("gb18030"), "gb18030"),
    ],
)
def test_seed_003_in_every_encoding_reads_the_same(
    tmp_path, seed_docs, seed_files, encoding, data_of, expected_encoding
):
    path = write(tmp_path, "003.txt", data_of(seed_text(seed_files, "003")))
    [doc] = read_documents(path)
    assert doc.encoding == expected_encoding
    assert doc.paragraphs == seed_docs["003"][0].paragraphs


def test_gbk_file(tmp_path, seed_docs, seed_files):
    path = write(tmp_path, "002.txt", seed_text(seed_files, "002").encode("gbk"))
    [doc] = read_documents(path)
    assert doc.encoding == "gbk"
    assert doc.paragraphs == seed_docs["002"][0].paragraphs


def test_gb18030_only_characters(tmp_path):
    text = "同志们：\n𠮷祥村和䶮字都要写对，这是GB18030才有的字。\n"
    with pytest.raises(UnicodeEncodeError):
        text.encode("gbk")
    [doc] = read_documents(write(tmp_path, "rare.txt", text.encode("gb18030")))
    assert doc.encoding == "gb18030"
    assert doc.paragraphs == ["同志们：", "𠮷祥村和䶮字都要写对，这是GB18030才有的字。"]


def test_big5_traditional_text_stays_traditional(tmp_path):
    [doc] = read_documents(write(tmp_path, "big5.txt", TRADITIONAL.encode("big5")))
    assert doc.encoding == "big5"
    assert doc.paragraphs == TRADITIONAL.strip().split("\n")


def test_utf16_without_bom_too_short_to_tell_is_refused(tmp_path):
    # 一二 is 4E00 4E8C: read either way round it is plausible Chinese, so no guess is made.
    message = read_error(write(tmp_path, "short.txt", "一二".encode("utf-16-le")))
    assert "UTF-8" in message


def test_markdown_file(tmp_path):
    source = "# 在全县工作会议上的讲话\n\n同志们：\n\n## 一、提高站位\n\n- **一是**加强领导。\n"
    [doc] = read_documents(write(tmp_path, "speech.md", source.encode("utf-8")))
    assert doc.paragraphs == ["在全县工作会议上的讲话", "同志们：", "一、提高站位", "一是加强领导。"]
    assert doc.encoding == "utf-8"


# --- the second document glued on after 相关文档: / 附件下载: -------------------------------


def test_glued_document_becomes_its_own(tmp_path, seed_docs, seed_files):
    page = seed_text(seed_files, "001")
    assert page.rstrip().endswith("相关文档:\n附件下载:")
    path = write(tmp_path, "page.txt", (page + "\n" + seed_text(seed_files, "002")).encode("utf-8"))
    first, second = read_documents(path)
    assert first.paragraphs == seed_docs["001"][0].paragraphs
    assert second.paragraphs == seed_docs["002"][0].paragraphs
    assert (first.part, second.part) == (0, 1)
    assert (first.name, second.name) == ("page", "page（附件）")


def test_glued_document_on_the_marker_line(tmp_path, seed_docs, seed_files):
    page = seed_text(seed_files, "001").rstrip()  # …相关文档:\n附件下载:<title of 002>
    path = write(tmp_path, "page.txt", (page + seed_text(seed_files, "002")).encode("gb18030"))
    first, second = read_documents(path)
    assert second.paragraphs == seed_docs["002"][0].paragraphs
    assert first.encoding == second.encoding == "gb18030"


def test_links_after_markers_are_not_a_document(tmp_path):
    text = "同志们：\n今天我们开会。\n相关文档:\n关于做好工作的通知\n会议纪要\n附件下载:\n"
    [doc] = read_documents(write(tmp_path, "page.txt", text.encode("utf-8")))
    assert doc.paragraphs == ["同志们：", "今天我们开会。"]


# --- .docx --------------------------------------------------------------------------------

NUMBERING_XML = f"""
<w:numbering xmlns:w="{W_NS}">
  <w:abstractNum w:abstractNumId="90">
    <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/></w:lvl>
    <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCountingThousand"/><w:lvlText w:val="（%2）"/></w:lvl>
    <w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%3."/></w:lvl>
    <w:lvl w:ilvl="3"><w:start w:val="1"/><w:numFmt w:val="ideographTraditional"/><w:lvlText w:val="%4、"/></w:lvl>
  </w:abstractNum>
  <w:abstractNum w:abstractNumId="91">
    <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="bullet"/><w:lvlText w:val="•"/></w:lvl>
  </w:abstractNum>
  <w:num w:numId="90"><w:abstractNumId w:val="90"/></w:num>
  <w:num w:numId="91"><w:abstractNumId w:val="91"/></w:num>
  <w:num w:numId="92"><w:abstractNumId w:val="90"/>
    <w:lvlOverride w:ilvl="2"><w:startOverride w:val="1"/></w:lvlOverride></w:num>
</w:numbering>"""


def _add_numbering(document) -> None:
    numbering = document.part.part_related_by(RT.NUMBERING).element
    for child in list(numbering):
        numbering.remove(child)
    for child in parse_xml(NUMBERING_XML):
        numbering.append(child)
    # Heading 1 and 2 carry the list levels themselves, as in a Word outline template.
    for style_name, ilvl in (("Heading 1", 0), ("Heading 2", 1)):
        ppr = document.styles[style_name].element.get_or_add_pPr()
        ppr.append(parse_xml(f'<w:numPr xmlns:w="{W_NS}"><w:ilvl w:val="{ilvl}"/><w:numId w:val="90"/></w:numPr>'))


def _numbered(paragraph, num_id: int, ilvl: int) -> None:
    paragraph._p.get_or_add_pPr().append(
        parse_xml(f'<w:numPr xmlns:w="{W_NS}"><w:ilvl w:val="{ilvl}"/><w:numId w:val="{num_id}"/></w:numPr>')
    )


def make_numbered_docx(path: Path) -> Path:
    document = docx.Document()
    _add_numbering(document)
    document.add_paragraph("在全县工作会议上的讲话", style="Title")
    document.add_paragraph("同志们：")
    document.add_heading("提高政治站位", level=1)
    document.add_heading("深化理论学习", level=2)
    _numbered(document.add_paragraph("坚持读原著学原文。"), 90, 2)
    _numbered(document.add_paragraph("坚持学用结合。"), 90, 2)
    _numbered(document.add_paragraph("甲项内容。"), 90, 3)
    document.add_heading("强化实践锻炼", level=2)
    _numbered(document.add_paragraph("深入基层调研。"), 90, 2)
    document.add_heading("狠抓工作落实", level=1)
    _numbered(document.add_paragraph("要点不编号。"), 91, 0)
    _numbered(document.add_paragraph("重新从一开始。"), 92, 2)
    run_paragraph = document.add_paragraph("加强")
    run_paragraph.add_run("党的").bold = True
    run_paragraph.add_run("领导，2023 年")
    table = document.add_table(rows=2, cols=2)
    for (r, c), text in {(0, 0): "项目", (0, 1): "数量", (1, 0): "学校", (1, 1): "3所"}.items():
        table.cell(r, c).text = text
    document.add_paragraph("发言完毕，谢谢大家！")
    document.save(str(path))
    return path


def test_docx_headings_numbering_runs_and_tables(tmp_path):
    [doc] = read_documents(make_numbered_docx(tmp_path / "讲话.docx"))
    assert doc.encoding is None and doc.name == "讲话"
    assert doc.paragraphs == [
        "在全县工作会议上的讲话",
        "同志们：",
        "一、提高政治站位",
        "（一）深化理论学习",
        "1.坚持读原著学原文。",
        "2.坚持学用结合。",
        "甲、甲项内容。",
        "（二）强化实践锻炼",
        "1.深入基层调研。",
        "二、狠抓工作落实",
        "要点不编号。",
        "1.重新从一开始。",
        "加强党的领导，2023年",
        "项目",
        "数量",
        "学校",
        "3所",
        "发言完毕，谢谢大家！",
    ]


def test_docx_renamed_to_txt_is_read_as_docx(tmp_path):
    source = make_numbered_docx(tmp_path / "a.docx")
    renamed = write(tmp_path, "a.txt", source.read_bytes())
    assert read_documents(renamed)[0].paragraphs == read_documents(source)[0].paragraphs


def test_docx_deleted_and_hidden_text_left_out_breaks_split(tmp_path):
    document = docx.Document()
    p = document.add_paragraph("保留")
    p._p.append(
        parse_xml(f'<w:del xmlns:w="{W_NS}" w:id="1" w:author="a"><w:r><w:delText>删掉的</w:delText></w:r></w:del>')
    )
    p._p.append(parse_xml(f'<w:ins xmlns:w="{W_NS}" w:id="2" w:author="a"><w:r><w:t>插入的</w:t></w:r></w:ins>'))
    hidden = p.add_run("隐藏的")
    hidden.font.hidden = True
    p.add_run("文字。")
    broken = document.add_paragraph("第一行")
    broken.add_run().add_break()
    broken.add_run("第二行")
    document.add_paragraph("一、\t提高站位")
    document.save(str(tmp_path / "rev.docx"))
    assert read_documents(tmp_path / "rev.docx")[0].paragraphs == [
        "保留插入的文字。",
        "第一行",
        "第二行",
        "一、提高站位",
    ]


# --- bad input ------------------------------------------------------------------------------


def _docx_bytes(tmp_path: Path) -> bytes:
    return make_numbered_docx(tmp_path / "good.docx").read_bytes()


@pytest.mark.parametrize("suffix", [".doc", ".wps"])
def test_old_binary_word_formats(tmp_path, suffix):
    data = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)
    message = read_error(write(tmp_path, "old" + suffix, data))
    assert suffix in message and "另存为 .docx" in message


def test_old_doc_renamed_docx(tmp_path):
    message = read_error(write(tmp_path, "old.docx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)))
    assert "另存为 .docx" in message


def test_docx_that_is_not_a_zip(tmp_path):
    message = read_error(write(tmp_path, "fake.docx", "这其实是一段纯文本。".encode()))
    assert ".docx" in message


@pytest.mark.parametrize("cut", [0.5, 0.9, -22])
def test_truncated_docx(tmp_path, cut):
    data = _docx_bytes(tmp_path)
    end = int(len(data) * cut) if cut > 0 else len(data) + cut
    read_error(write(tmp_path, "cut.docx", data[:end]))


def test_docx_with_corrupted_compressed_data(tmp_path):
    data = bytearray(_docx_bytes(tmp_path))
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as z:
        info = z.getinfo("word/document.xml")
    start = info.header_offset + 30 + len(info.filename) + len(info.extra)
    for i in range(start + 20, start + 60):
        data[i] ^= 0x5A
    read_error(write(tmp_path, "bad.docx", bytes(data)))


def test_zip_that_is_not_word(tmp_path):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("data.csv", "a,b\n1,2\n")
    assert "Word" in read_error(write(tmp_path, "x.docx", out.getvalue()))


def test_zip_bomb_refused_before_reading(tmp_path):
    huge = b"<w:document>" + b" " * (20 * 1024 * 1024) + b"</w:document>"
    bomb = rezip(_docx_bytes(tmp_path), {"word/document.xml": huge})
    assert len(bomb) < 1024 * 1024
    message = read_error(write(tmp_path, "bomb.docx", bomb))
    assert "过大" in message


@pytest.mark.parametrize(
    "doctype",
    [
        '<!DOCTYPE w:document [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>',
        '<!DOCTYPE w:document [<!ENTITY a "哈哈哈哈哈哈哈哈"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>',
    ],
)
def test_docx_with_entity_declarations_refused(tmp_path, doctype):
    body = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n{doctype}'
        f'<w:document xmlns:w="{W_NS}"><w:body><w:p><w:r><w:t>读取&xxe;&b;</w:t></w:r></w:p>'
        f"</w:body></w:document>"
    ).encode()
    hostile = rezip(_docx_bytes(tmp_path), {"word/document.xml": body})
    assert "不安全" in read_error(write(tmp_path, "xxe.docx", hostile))


@pytest.mark.parametrize(
    "name, data",
    [
        ("empty.txt", b""),
        ("blank.txt", b" \r\n\r\n\t \n"),
        ("bom.txt", b"\xef\xbb\xbf"),
        ("bom16.txt", b"\xff\xfe"),
        ("empty.md", b""),
    ],
)
def test_empty_files(tmp_path, name, data):
    assert "空" in read_error(write(tmp_path, name, data))


def test_only_debris_is_no_text(tmp_path):
    data = "##paidbegin##\n• 来源: 内蒙古日报\n【打印本页】【关闭窗口】\n".encode()
    assert "没有可导入的正文" in read_error(write(tmp_path, "debris.txt", data))


@pytest.mark.parametrize(
    "data",
    [
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00\x00\x00\x01\x00\x08\x06\x00\x00\x00" * 20,
        bytes(range(256)) * 8,
        b"\x7fELF\x02\x01\x01\x00" + bytes(200),
    ],
)
def test_binary_renamed_txt(tmp_path, data):
    message = read_error(write(tmp_path, "picture.txt", data))
    assert "文本" in message or "编码" in message


def test_no_chinese_at_all(tmp_path):
    message = read_error(write(tmp_path, "english.txt", b"Dear colleagues,\nThank you all.\n"))
    assert "没有中文" in message


def test_file_over_size_limit_gives_its_size(tmp_path):
    path = tmp_path / "big.txt"
    with open(path, "wb") as f:  # sparse: no 51 MB actually written
        f.truncate(51 * 1024 * 1024)
    message = read_error(path)
    assert "51.0 MB" in message and "50 MB" in message


@pytest.mark.parametrize("name, expected", [("a.pdf", ".pdf"), ("README", "无扩展名")])
def test_unsupported_format(tmp_path, name, expected):
    assert expected in read_error(write(tmp_path, name, "中文内容。".encode()))


def test_missing_file_and_folder(tmp_path):
    assert "找不到" in read_error(tmp_path / "nothing.txt")
    (tmp_path / "folder.txt").mkdir()
    assert "文件夹" in read_error(tmp_path / "folder.txt")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.binary(max_size=600), suffix=st.sampled_from([".txt", ".md", ".docx"]))
def test_arbitrary_bytes_give_documents_or_read_error(tmp_path, data, suffix):
    path = write(tmp_path, "fuzz" + suffix, data)
    try:
        docs = read_documents(path)
    except ReadError as err:
        assert han_count(str(err)) >= 8
    else:
        assert docs and all(d.paragraphs for d in docs)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(cut=st.integers(min_value=1, max_value=10_000), flips=st.lists(st.integers(0, 10_000), max_size=5))
def test_damaged_docx_gives_documents_or_read_error(tmp_path, cut, flips):
    good = tmp_path / "good.docx"
    if not good.exists():
        make_numbered_docx(good)
    data = bytearray(good.read_bytes())
    for at in flips:
        data[at % len(data)] ^= 0xFF
    path = write(tmp_path, "damaged.docx", bytes(data[: max(1, len(data) - cut)]))
    try:
        read_documents(path)
    except ReadError as err:
        assert han_count(str(err)) >= 8
