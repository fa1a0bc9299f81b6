"""The .docx package as written: styles, East Asian fonts, sizes, outline levels, footers, language."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import docx
import pytest

from desktop.export.exporter import export_speech
from desktop.export.layout import load_layout
from tests.helpers.export_speeches import HAND_MADE, NS, W, docx_part, style, val

MM = 1440 / 25.4  # twips per millimetre


@pytest.fixture
def exported(tmp_path, hand_speech) -> Path:
    return export_speech(hand_speech, tmp_path / "讲话.docx")


def _body_paragraphs(path: Path):
    return docx_part(path, "word/document.xml").findall(f"{W}body/{W}p")


def test_page_is_a4_with_gbt9704_margins_and_type_area(exported):
    sect = docx_part(exported, "word/document.xml").find(f"{W}body/{W}sectPr")
    size, mar = sect.find(f"{W}pgSz"), sect.find(f"{W}pgMar")
    width, height = int(size.get(W + "w")) / MM, int(size.get(W + "h")) / MM
    top, bottom = int(mar.get(W + "top")) / MM, int(mar.get(W + "bottom")) / MM
    left, right = int(mar.get(W + "left")) / MM, int(mar.get(W + "right")) / MM
    assert (round(width), round(height)) == (210, 297)
    assert abs(top - 37) < 0.1 and abs(left - 28) < 0.1
    assert abs(width - left - right - 156) < 0.1 and abs(height - top - bottom - 225) < 0.1


def test_line_and_character_pitch_give_22_lines_of_28_characters(exported):
    styles = docx_part(exported, "word/styles.xml")
    normal = style(styles, "Normal")
    spacing = normal.find("w:pPr/w:spacing", NS)
    assert spacing.get(W + "lineRule") == "exact"
    pitch_pt = int(spacing.get(W + "line")) / 20
    area_h_pt, area_w_pt = 225 / 25.4 * 72, 156 / 25.4 * 72
    assert int(area_h_pt // pitch_pt) == 22
    char_pt = int(val(normal, "w:rPr/w:sz")) / 2 + int(val(normal, "w:rPr/w:spacing")) / 20
    assert int(area_w_pt // char_pt) == 28
    # the grid Word would draw from charSpace renders as 14 characters a line in LibreOffice
    grid = docx_part(exported, "word/document.xml").find(f"{W}body/{W}sectPr/{W}docGrid")
    assert grid.get(W + "charSpace") is None and grid.get(W + "type") is None
    # every style keeps the same pitch: none sets its own line spacing or space before/after
    for st in styles.findall(f"{W}style"):
        if st.get(W + "styleId") == "Footer":
            continue
        sp = st.find("w:pPr/w:spacing", NS)
        assert sp is None or st.get(W + "styleId") == "Normal", st.get(W + "styleId")


def test_east_asian_fonts_and_sizes_per_style(exported):
    styles = docx_part(exported, "word/styles.xml")
    expected = {
        "Normal": ("仿宋_GB2312", 32, None),
        "Title": ("方正小标宋简体", 44, False),
        "Byline": ("楷体_GB2312", 32, False),
        "Heading1": ("黑体", 32, False),
        "Heading2": ("楷体_GB2312", 32, False),
        "Heading3": ("仿宋_GB2312", 32, True),
        "BodyTextChar": ("仿宋_GB2312", 32, False),
        "Footer": ("宋体", 28, False),
    }
    for sid, (font, size, bold) in expected.items():
        st = style(styles, sid)
        assert val(st, "w:rPr/w:rFonts", "eastAsia") == font, sid
        assert int(val(st, "w:rPr/w:sz")) == size, sid
        b = st.find("w:rPr/w:b", NS)
        if bold is not None:
            assert (b is not None and b.get(W + "val") != "0") == bold, sid
    assert val(style(styles, "Normal"), "w:rPr/w:rFonts", "ascii") == "Times New Roman"
    assert val(style(styles, "Footer"), "w:rPr/w:rFonts", "ascii") == "宋体"  # half-width 宋体 digits
    assert val(style(styles, "Title"), "w:pPr/w:jc") == "center"
    assert val(style(styles, "Normal"), "w:pPr/w:ind", "firstLine") == "630"  # two 15.75 pt characters


def test_common_fonts_preset_names_fonts_windows_has(tmp_path, hand_speech):
    out = export_speech(hand_speech, tmp_path / "a.docx", layout=load_layout("gbt9704-common-fonts"))
    styles = docx_part(out, "word/styles.xml")
    fonts = {
        sid: val(style(styles, sid), "w:rPr/w:rFonts", "eastAsia")
        for sid in ("Normal", "Title", "Byline", "Heading1", "Heading2", "Heading3", "Footer")
    }
    assert fonts == {
        "Normal": "仿宋",
        "Title": "宋体",
        "Byline": "楷体",
        "Heading1": "黑体",
        "Heading2": "楷体",
        "Heading3": "仿宋",
        "Footer": "宋体",
    }
    with zipfile.ZipFile(out) as z:
        assert "GB2312" not in z.read("word/styles.xml").decode()


def test_heading_styles_carry_outline_levels_word_understands(exported):
    document = docx.Document(str(exported))
    outline = [(p.style.name, p.text) for p in document.paragraphs if p.style.name.startswith("Heading")]
    expected = [(f"Heading {head[0]}", text) for _, text, head in HAND_MADE if head]
    assert outline == expected
    styles = docx_part(exported, "word/styles.xml")
    for level in (1, 2, 3):
        assert val(style(styles, f"Heading{level}"), "w:pPr/w:outlineLvl") == str(level - 1)


def test_run_in_heading_is_one_paragraph_with_heading_and_body_runs(exported):
    paras = _body_paragraphs(exported)
    texts = ["".join(t.text for t in p.iter(W + "t")) for p in paras]
    runin = paras[texts.index(HAND_MADE[5][1])]
    runs = runin.findall(f"{W}r")
    assert val(runin, "w:pPr/w:pStyle") == "Heading2"
    assert "".join(t.text for t in runs[0].iter(W + "t")) == "（一）把牢方向。"
    assert val(runs[1], "w:rPr/w:rStyle") == "BodyTextChar"
    item = paras[texts.index(HAND_MADE[8][1])]
    assert val(item.findall(f"{W}r")[0], "w:rPr/w:rStyle") == "RunInItemChar"  # 一是: body font, bold


def test_heading_numbers_are_literal_text_not_list_numbering(exported):
    with zipfile.ZipFile(exported) as z:
        assert "word/numbering.xml" not in z.namelist()
        assert "<w:numPr" not in z.read("word/document.xml").decode()
    texts = [p.text for p in docx.Document(str(exported)).paragraphs]
    assert texts == [text for _, text, _ in HAND_MADE]


def test_odd_and_even_footers_with_page_field(exported):
    settings = docx_part(exported, "word/settings.xml")
    assert settings.find(f"{W}evenAndOddHeaders") is not None
    sect = docx_part(exported, "word/document.xml").find(f"{W}body/{W}sectPr")
    rels = {r.get("Id"): r.get("Target") for r in docx_part(exported, "word/_rels/document.xml.rels")}
    refs = {
        f.get(W + "type"): rels[f.get("{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id")]
        for f in sect.findall(f"{W}footerReference")
    }
    assert set(refs) == {"default", "even"}
    sides = {}
    for kind, target in refs.items():
        p = docx_part(exported, f"word/{target}").find(f"{W}p")
        instr = "".join(t.text for t in p.iter(W + "instrText"))
        assert instr.strip() == "PAGE"
        visible = [t.text for t in p.iter(W + "t")]
        assert visible == ["— ", "1", " —"]
        ind = p.find("w:pPr/w:ind", NS)
        sides[kind] = (val(p, "w:pPr/w:jc"), ind.get(W + "right"), ind.get(W + "left"))
    assert sides["default"] == ("right", "280", None)  # odd pages: right, one 14 pt character in
    assert sides["even"] == ("left", None, "280")


def test_language_is_simplified_chinese(exported):
    lang = docx_part(exported, "word/styles.xml").find(f"{W}docDefaults/{W}rPrDefault/{W}rPr/{W}lang")
    assert lang.get(W + "eastAsia") == "zh-CN"
    settings = docx_part(exported, "word/settings.xml")
    assert settings.find(f"{W}themeFontLang").get(W + "eastAsia") == "zh-CN"


def test_no_japanese_fonts_anywhere_in_the_package(exported):
    japanese = re.compile(r"MS Mincho|MS Gothic|ＭＳ|明朝|ゴシック|Meiryo|Yu Gothic|Yu Mincho|Jpan|ja-JP")
    with zipfile.ZipFile(exported) as z:
        for name in z.namelist():
            text = z.read(name).decode("utf-8")
            assert not japanese.search(text), name
        theme = z.read("word/theme/theme1.xml").decode()
    assert 'script="Hans" typeface="仿宋_GB2312"' in theme


def test_blank_line_after_title_block_is_spacing_not_an_empty_paragraph(exported):
    paras = _body_paragraphs(exported)
    assert all("".join(t.text for t in p.iter(W + "t")) for p in paras)
    byline = paras[1]
    assert val(byline, "w:pPr/w:spacing", "after") == "579"  # one line of the 28.95 pt grid


def test_xml_special_and_control_characters_do_not_break_the_file(tmp_path):
    from tests.helpers.export_speeches import make_speech

    rows = [
        ("title", "关于<改革>&“发展”的讲话", None),
        ("byline", "（草稿）", None),
        ("salutation", "同志们：", None),
        ("body", "甲\x01乙\t丙 & <丁>", None),
    ]
    out = export_speech(make_speech(rows), tmp_path / "x.docx")
    texts = [p.text for p in docx.Document(str(out)).paragraphs]
    assert texts == ["关于<改革>&“发展”的讲话", "（草稿）", "同志们：", "甲乙\t丙 & <丁>"]
