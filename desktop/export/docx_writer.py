"""Manuscript → .docx in the GB/T 9704-2012 page layout.

How the grid is kept, measured in Word's terms and in LibreOffice's rendering:
- 22 lines a page: every paragraph has an exact line pitch (28.95 pt; 225 mm / 22 = 28.99 pt)
  and no space before or after, so headings stay on the same grid as body text.
- 28 characters a line: the styles give every run −0.25 pt character spacing, so a 16 pt
  character advances 15.75 pt and 28 of them fill the 156 mm text block (29 would not fit).
  We do not use w:docGrid charSpace: LibreOffice renders that grid as 14 characters a line.
- East Asian fonts go into w:rFonts/@w:eastAsia (the Latin name alone does not reach Chinese text).
- Headings use styles named "heading N" with w:outlineLvl, so Word's navigation pane and
  LibreOffice's Navigator show the outline. A run-in heading is one paragraph in the heading
  style whose body part carries the body character style; see `_heading_paragraph` for why.
- Page numbers: `— N —` in 4号 宋体, separate odd (right) and even (left) footers, one
  character in from the text block's edge; the footer distance puts the dash about 7 mm below
  the text block (measured in LibreOffice's rendering).
- Heading numbers stay literal text (no Word list numbering), so reading the file back gives
  exactly the paragraphs written.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from datetime import datetime
from typing import BinaryIO
from xml.sax.saxutils import escape

from desktop import __version__
from desktop.export import docx_package as pkg
from desktop.export.layout import Layout
from desktop.export.manuscript import BYLINE, HEADING, SALUTATION, SUBTITLE, TITLE, Manuscript, Paragraph

TWIPS_PER_MM = 1440 / 25.4
BODY_CHAR_STYLE = "BodyTextChar"
ITEM_CHAR_STYLE = "RunInItemChar"
MAX_HEADING_STYLES = 6
_STYLE_OF_PART = {TITLE: "Title", SUBTITLE: "Subtitle", BYLINE: "Byline", SALUTATION: "Salutation"}
PROGRESS_EVERY = 50


def _tw(pt: float) -> int:
    return round(pt * 20)


def _half(pt: float) -> int:
    return round(pt * 2)


def _fonts(latin: str, east_asia: str) -> str:
    return (
        f'<w:rFonts w:ascii="{escape(latin)}" w:hAnsi="{escape(latin)}" '
        f'w:eastAsia="{escape(east_asia)}" w:cs="{escape(latin)}"/>'
    )


def _rpr(
    latin: str, east_asia: str, size_pt: float | None = None, bold: bool | None = None, spacing_pt: float | None = None
) -> str:
    parts = [_fonts(latin, east_asia)]
    if bold is not None:
        parts.append("<w:b/><w:bCs/>" if bold else '<w:b w:val="0"/><w:bCs w:val="0"/>')
    if spacing_pt is not None:
        parts.append(f'<w:spacing w:val="{_tw(spacing_pt)}"/>')
    if size_pt is not None:
        parts.append(f'<w:sz w:val="{_half(size_pt)}"/><w:szCs w:val="{_half(size_pt)}"/>')
    return "<w:rPr>" + "".join(parts) + "</w:rPr>"


def _style(
    kind: str,
    style_id: str,
    name: str,
    ppr: str = "",
    rpr: str = "",
    *,
    based_on: str | None = "Normal",
    default: bool = False,
    extra: str = "",
) -> str:
    head = f'<w:style w:type="{kind}" w:styleId="{style_id}"' + (' w:default="1"' if default else "") + ">"
    body = f'<w:name w:val="{name}"/>'
    if based_on:
        body += f'<w:basedOn w:val="{based_on}"/>'
    return head + body + extra + "<w:qFormat/>" + ppr + rpr + "</w:style>"


def styles_xml(layout: Layout) -> str:
    fonts, sizes = layout.fonts, layout.sizes_pt
    latin, body_pt = fonts["latin"], sizes["body"]
    indent = _tw(layout.first_line_indent_chars * layout.char_pitch_pt)
    no_indent = '<w:ind w:firstLine="0"/>'
    centred = '<w:ind w:firstLine="0"/><w:jc w:val="center"/>'
    # Widow control and keep-with-next would leave pages short of 22 lines; 公文 fill every page.
    # Auto-spacing between Chinese and digits/Latin stays on (Word's default): LibreOffice 7.4
    # ignores w:autoSpaceDE/DN and always applies it, so turning it off would make Word and
    # LibreOffice break lines differently.
    normal_ppr = (
        '<w:pPr><w:widowControl w:val="0"/>'
        f'<w:spacing w:before="0" w:after="0" w:line="{_tw(layout.line_pitch_pt)}" w:lineRule="exact"/>'
        f'<w:ind w:firstLine="{indent}"/><w:jc w:val="both"/></w:pPr>'
    )
    styles = [
        _style(
            "paragraph",
            "Normal",
            "Normal",
            normal_ppr,
            _rpr(latin, fonts["body"], body_pt, spacing_pt=layout.char_spacing_pt),
            based_on=None,
            default=True,
        ),
        _style(
            "character",
            "DefaultParagraphFont",
            "Default Paragraph Font",
            based_on=None,
            default=True,
            extra='<w:uiPriority w:val="1"/><w:semiHidden/><w:unhideWhenUsed/>',
        ),
        _style(
            "paragraph",
            "Title",
            "Title",
            f"<w:pPr>{centred}</w:pPr>",
            _rpr(latin, fonts["title"], sizes["title"], layout.title_bold, spacing_pt=0),
            extra='<w:next w:val="Normal"/>',
        ),
        _style(
            "paragraph",
            "Subtitle",
            "Subtitle",
            f"<w:pPr>{centred}</w:pPr>",
            _rpr(latin, fonts["subtitle"], sizes["subtitle"], False),
            extra='<w:next w:val="Normal"/>',
        ),
        _style(
            "paragraph",
            "Byline",
            "署名",
            f"<w:pPr>{centred}</w:pPr>",
            _rpr(latin, fonts["byline"], sizes["byline"], False),
            extra='<w:next w:val="Normal"/>',
        ),
        _style(
            "paragraph", "Salutation", "Salutation", f"<w:pPr>{no_indent}</w:pPr>", "", extra='<w:next w:val="Normal"/>'
        ),
    ]
    for level in range(1, MAX_HEADING_STYLES + 1):
        ppr = f'<w:pPr><w:outlineLvl w:val="{level - 1}"/></w:pPr>'
        rpr = _rpr(latin, layout.heading_font(level), body_pt, layout.heading_bold(level))
        styles.append(
            _style("paragraph", f"Heading{level}", f"heading {level}", ppr, rpr, extra='<w:next w:val="Normal"/>')
        )
    styles.append(
        _style(
            "character",
            BODY_CHAR_STYLE,
            "正文字符",
            "",
            _rpr(latin, fonts["body"], body_pt, False),
            based_on="DefaultParagraphFont",
        )
    )
    styles.append(
        _style(
            "character",
            ITEM_CHAR_STYLE,
            "分项标题字符",
            "",
            _rpr(latin, fonts["body"], body_pt, layout.runin_item_bold),
            based_on="DefaultParagraphFont",
        )
    )
    footer_rpr = _rpr(fonts["page_number"], fonts["page_number"], sizes["page_number"], False, spacing_pt=0)
    footer_ppr = '<w:pPr><w:spacing w:line="360" w:lineRule="exact"/><w:ind w:firstLine="0"/></w:pPr>'
    styles.append(_style("paragraph", "Footer", "footer", footer_ppr, footer_rpr))
    doc_defaults = (
        "<w:docDefaults><w:rPrDefault><w:rPr>"
        + _fonts(latin, fonts["body"])
        + f'<w:sz w:val="{_half(body_pt)}"/><w:szCs w:val="{_half(body_pt)}"/>'
        '<w:lang w:val="en-US" w:eastAsia="zh-CN" w:bidi="ar-SA"/></w:rPr></w:rPrDefault>'
        "<w:pPrDefault/></w:docDefaults>"
    )
    return pkg.XML_DECL + f'<w:styles xmlns:w="{pkg.W_NS}">' + doc_defaults + "".join(styles) + "</w:styles>"


def _run(text: str, rpr: str = "") -> str:
    text = pkg.XML_INVALID.sub("", text)
    pieces = text.split("\t")
    inner = "<w:tab/>".join(f'<w:t xml:space="preserve">{escape(p)}</w:t>' if p else "" for p in pieces)
    return f"<w:r>{rpr}{inner}</w:r>"


def _heading_paragraph(p: Paragraph, extra_ppr: str, layout: Layout) -> str:
    """A heading paragraph in the "heading N" style.

    A run-in heading stays ONE paragraph: heading sentence in the heading style, body text in
    the body character style (一是/一要… items: body font, bold, see Layout.runin_item_schemes).
    Word's style separator (a heading paragraph whose mark is hidden with w:specVanish, then a
    body paragraph) would let Word's navigation pane list only the heading sentence, but
    LibreOffice 7.4 renders it as two paragraphs (measured: the body starts on a new line),
    which breaks the line grid, and reading the file back gives two paragraphs instead of one.
    One paragraph renders the same everywhere and keeps the text exact; it still carries the
    heading's outline level, so Word's navigation pane and LibreOffice's Navigator and PDF
    bookmarks show it, as the paragraph's opening words.
    """
    style = f"Heading{min(p.level, MAX_HEADING_STYLES)}"
    item = p.runin and p.scheme in layout.runin_item_schemes
    runs = _run(p.heading_text, f'<w:rPr><w:rStyle w:val="{ITEM_CHAR_STYLE}"/></w:rPr>' if item else "")
    if p.runin:
        runs += _run(p.body_text, f'<w:rPr><w:rStyle w:val="{BODY_CHAR_STYLE}"/></w:rPr>')
    return f'<w:p><w:pPr><w:pStyle w:val="{style}"/>{extra_ppr}</w:pPr>{runs}</w:p>'


def paragraph_xml(p: Paragraph, layout: Layout, space_after_pt: float = 0) -> str:
    extra = f'<w:spacing w:after="{_tw(space_after_pt)}"/>' if space_after_pt else ""
    if p.part == HEADING:
        return _heading_paragraph(p, extra, layout)
    style = _STYLE_OF_PART.get(p.part)
    ppr = (f'<w:pStyle w:val="{style}"/>' if style else "") + extra
    return (f"<w:p><w:pPr>{ppr}</w:pPr>" if ppr else "<w:p>") + _run(p.text) + "</w:p>"


def section_xml(layout: Layout) -> str:
    m = {k: round(v * TWIPS_PER_MM) for k, v in layout.page_mm.items()}
    return (
        f'<w:sectPr><w:footerReference w:type="default" r:id="{pkg.ODD_FOOTER_RID}"/>'
        f'<w:footerReference w:type="even" r:id="{pkg.EVEN_FOOTER_RID}"/>'
        f'<w:pgSz w:w="{m["width"]}" w:h="{m["height"]}"/>'
        f'<w:pgMar w:top="{m["top"]}" w:right="{m["right"]}" w:bottom="{m["bottom"]}" w:left="{m["left"]}" '
        f'w:header="851" w:footer="{m["footer"]}" w:gutter="0"/>'
        '<w:pgNumType w:start="1"/><w:cols w:space="425"/>'
        f'<w:docGrid w:linePitch="{_tw(layout.line_pitch_pt)}"/></w:sectPr>'
    )


def footer_xml(layout: Layout, odd: bool) -> str:
    """`— N —` with a PAGE field; odd pages right, even pages left, one character from the edge."""
    side = _tw(layout.page_number_side_indent_chars * layout.sizes_pt["page_number"])
    ppr = (
        f'<w:pStyle w:val="Footer"/><w:ind w:right="{side}" w:firstLine="0"/><w:jc w:val="right"/>'
        if odd
        else f'<w:pStyle w:val="Footer"/><w:ind w:left="{side}" w:firstLine="0"/><w:jc w:val="left"/>'
    )
    field = (
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> PAGE </w:instrText>'
        '</w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>1</w:t></w:r>'
        '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
    )
    body = _run(layout.page_number_before) + field + _run(layout.page_number_after)
    return (
        pkg.XML_DECL + f'<w:ftr xmlns:w="{pkg.W_NS}" xmlns:r="{pkg.R_NS}"><w:p><w:pPr>{ppr}</w:pPr>{body}</w:p></w:ftr>'
    )


def write_docx(ms: Manuscript, stream: BinaryIO, layout: Layout, *, when: datetime | None = None) -> Iterator[int]:
    """Write the package to a binary stream; yields the number of paragraphs done as it goes."""
    pitch = layout.line_pitch_pt
    title_end = ms.title_block_end
    body: list[str] = []
    for i, p in enumerate(ms.paragraphs):
        after = pitch * layout.blank_lines_after_title if i == title_end - 1 and title_end < len(ms.paragraphs) else 0
        body.append(paragraph_xml(p, layout, after))
        if i % PROGRESS_EVERY == PROGRESS_EVERY - 1:
            yield i + 1
    document = (
        pkg.XML_DECL
        + f'<w:document xmlns:w="{pkg.W_NS}" xmlns:r="{pkg.R_NS}"><w:body>'
        + "".join(body)
        + section_xml(layout)
        + "</w:body></w:document>"
    )
    chinese = [layout.fonts[k] for k in ("title", "subtitle", "byline", "body", "page_number")]
    parts = [
        ("[Content_Types].xml", pkg.CONTENT_TYPES),
        ("_rels/.rels", pkg.PACKAGE_RELS),
        ("docProps/core.xml", pkg.core_props_xml(ms.title, when)),
        ("docProps/app.xml", pkg.app_props_xml(__version__)),
        ("word/document.xml", document),
        ("word/_rels/document.xml.rels", pkg.DOCUMENT_RELS),
        ("word/styles.xml", styles_xml(layout)),
        ("word/settings.xml", pkg.SETTINGS),
        ("word/fontTable.xml", pkg.font_table_xml(layout.fonts["latin"], chinese + list(layout.heading_fonts))),
        ("word/theme/theme1.xml", pkg.theme_xml(layout.fonts["latin"], layout.heading_font(1), layout.fonts["body"])),
        (f"word/{pkg.FOOTER_ODD}", footer_xml(layout, odd=True)),
        (f"word/{pkg.FOOTER_EVEN}", footer_xml(layout, odd=False)),
    ]
    with zipfile.ZipFile(stream, "w", zipfile.ZIP_DEFLATED) as z:
        for name, xml in parts:
            z.writestr(
                zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0)),
                xml.encode("utf-8"),
                compress_type=zipfile.ZIP_DEFLATED,
            )
    yield len(ms.paragraphs)
