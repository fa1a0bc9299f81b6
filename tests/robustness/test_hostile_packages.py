"""Issue 13, defects 2, 10 (lists) and 14, and the misleading .docx messages: hostile or odd
packages are refused with the right message, before python-docx parses anything, and odd but
harmless ones are read.
"""

from __future__ import annotations

import io
import os
import zipfile
from pathlib import Path

import pytest

from desktop.read.docx_text import MAX_PARSED_BYTES, MAX_PARTS, check_package
from desktop.read.files import ReadError, read_documents
from tests.helpers.bad_corpus import SIMPLIFIED, W_NS, _docx
from tests.helpers.robust_support import assert_clear_chinese
from tests.helpers.zip_parts import rezip

GOOD = _docx(SIMPLIFIED.splitlines())
_HEADER = f'<w:hdr xmlns:w="{W_NS}"><w:p><w:r><w:t>'.encode()
_HEADER_END = b"</w:t></w:r></w:p></w:hdr>"


def _with_parts(parts: dict[str, bytes], base: bytes = GOOD) -> bytes:
    out = io.BytesIO(base)
    with zipfile.ZipFile(out, "a", zipfile.ZIP_DEFLATED) as package:
        for name, data in parts.items():
            package.writestr(name, data)
    return out.getvalue()


def _refused(tmp_path: Path, data: bytes, name: str = "x.docx") -> str:
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(ReadError) as refused:
        check_package(path)
    message = str(refused.value)
    assert_clear_chinese(message)
    with pytest.raises(ReadError):
        read_documents(path)
    return message


def test_many_big_headers_below_the_part_limits_are_a_bomb(tmp_path):
    # The attack of the issue: 31 parts of 7.98 MB, each under the per-part ratio check, 247 MB in all.
    header = _HEADER + b" " * (7_980_000 - len(_HEADER) - len(_HEADER_END)) + _HEADER_END
    data = _with_parts({f"word/header{i}.xml": header for i in range(1, 32)})
    assert len(data) < 2 * 1024 * 1024
    assert "解压后过大" in _refused(tmp_path, data)


def test_xml_parts_that_do_not_compress_well_are_limited_by_their_sum(tmp_path):
    # Text that deflates only ~2:1 passes every ratio check; what python-docx would parse is capped.
    part_bytes = 6 * 1024 * 1024
    parts = {}
    for i in range(MAX_PARSED_BYTES // part_bytes + 1):
        body = os.urandom(part_bytes // 2).hex().encode()
        parts[f"word/footer{i}.dat"] = _HEADER + body + _HEADER_END  # not named .xml: judged by content
    message = _refused(tmp_path, _with_parts(parts))
    assert "文字和格式部分" in message and "32.0 MB" in message


def test_images_do_not_count_as_parsed_text(tmp_path):
    image = b"\x89PNG\r\n\x1a\n" + os.urandom(MAX_PARSED_BYTES + 1024)
    path = tmp_path / "with-a-big-image.docx"
    path.write_bytes(_with_parts({"word/media/image1.png": image}))
    check_package(path)  # not refused: an image is kept as bytes, never parsed


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("word/header1.bin", b'<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>'),
        ("word/HEADER2.XML", b'<!DOCTYPE x [<!ENTITY e "boom">]><x>&e;</x>'),
        ("word/header3.xml", b'<!doctype x [<!entity e "boom">]><x/>'),
        ("word/header4.xml", '<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE x><x/>'.encode("utf-16")),
        ("word/header5.xml", "<!DOCTYPE x><x/>".encode("utf-16-be")),
        ("customXml/item9.txt", b"   \r\n<!ENTITY e 'x'>"),
    ],
    ids=["not-xml-name", "upper-case-name", "lower-case-keyword", "utf-16-bom", "utf-16-be", "after-space"],
)
def test_doctype_and_entity_are_found_in_any_part_case_or_encoding(tmp_path, name, data):
    assert "不安全的 XML" in _refused(tmp_path, _with_parts({name: data}))


def test_too_many_entries_are_reported_as_such_not_as_a_size(tmp_path):
    out = io.BytesIO(GOOD)
    with zipfile.ZipFile(out, "a", zipfile.ZIP_STORED) as package:
        for i in range(MAX_PARTS + 1):
            package.writestr(f"word/media/x{i}.bin", b"")
    message = _refused(tmp_path, out.getvalue())
    assert "部件" in message and "解压后过大" not in message and str(MAX_PARTS + 1 + 17) in message


def test_a_link_to_external_styles_or_numbering_is_not_damage(tmp_path):
    with zipfile.ZipFile(io.BytesIO(GOOD)) as package:
        rels = package.read("word/_rels/document.xml.rels").decode()
    for target in ("styles.xml", "numbering.xml"):
        rels = rels.replace(f'Target="{target}"', f'Target="file:///C:/templates/{target}" TargetMode="External"')
    path = tmp_path / "external-links.docx"
    path.write_bytes(rezip(GOOD, {"word/_rels/document.xml.rels": rels.encode()}))
    (doc,) = read_documents(path)
    assert doc.paragraphs[:2] == SIMPLIFIED.splitlines()[:2]


def test_a_chinese_numbered_list_reaching_one_thousand_is_read(tmp_path):
    numbering = (
        f'<w:numbering xmlns:w="{W_NS}"><w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0">'
        '<w:start w:val="998"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/></w:lvl>'
        '</w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num></w:numbering>'
    )
    items = "".join(
        f'<w:p><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr></w:pPr>'
        f"<w:r><w:t>{text}</w:t></w:r></w:p>"
        for text in ("坚持党建引领", "坚持改革创新", "坚持人民至上", "坚持系统观念")
    )
    title = "<w:p><w:r><w:t>在全县工作会议上的讲话</w:t></w:r></w:p>"
    document = f'<w:document xmlns:w="{W_NS}"><w:body>{title}{items}</w:body></w:document>'
    path = tmp_path / "one-thousand.docx"
    path.write_bytes(rezip(GOOD, {"word/numbering.xml": numbering.encode(), "word/document.xml": document.encode()}))
    (doc,) = read_documents(path)
    assert doc.paragraphs[1:] == [
        "九百九十八、坚持党建引领",
        "九百九十九、坚持改革创新",
        "一千、坚持人民至上",
        "一千零一、坚持系统观念",
    ]
