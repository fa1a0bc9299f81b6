"""The fixed parts of a .docx package (content types, relationships, settings, theme).

We write the package ourselves instead of starting from python-docx's template: that template
carries a Japanese theme (ＭＳ 明朝 / ＭＳ ゴシック) and Latin styles that Word would fall back to
for any text our styles do not cover. Every part here is small and contains only what we mean.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from xml.sax.saxutils import escape

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_RELS_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
XML_DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'

DOC_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
WML_CT = "application/vnd.openxmlformats-officedocument.wordprocessingml"

# Characters XML 1.0 cannot carry (C0 controls but tab and line ends, lone surrogates, U+FFFE/FFFF);
# cleaned text should not hold them, but one stray character must not make the whole file unreadable.
XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_text(text: str) -> str:
    """Text for an XML element's content or attribute: forbidden characters dropped, the rest escaped."""
    return escape(XML_INVALID.sub("", text), {'"': "&quot;"})


FOOTER_ODD = "footer1.xml"
FOOTER_EVEN = "footer2.xml"

CONTENT_TYPES = XML_DECL + (
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    f'<Override PartName="/word/document.xml" ContentType="{WML_CT}.document.main+xml"/>'
    f'<Override PartName="/word/styles.xml" ContentType="{WML_CT}.styles+xml"/>'
    f'<Override PartName="/word/settings.xml" ContentType="{WML_CT}.settings+xml"/>'
    f'<Override PartName="/word/fontTable.xml" ContentType="{WML_CT}.fontTable+xml"/>'
    f'<Override PartName="/word/{FOOTER_ODD}" ContentType="{WML_CT}.footer+xml"/>'
    f'<Override PartName="/word/{FOOTER_EVEN}" ContentType="{WML_CT}.footer+xml"/>'
    '<Override PartName="/word/theme/theme1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.theme+xml"/>'
    '<Override PartName="/docProps/core.xml" '
    'ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
    '<Override PartName="/docProps/app.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>'
    "</Types>"
)

PACKAGE_RELS = XML_DECL + (
    f'<Relationships xmlns="{PKG_RELS_NS}">'
    f'<Relationship Id="rId1" Type="{DOC_REL}/officeDocument" Target="word/document.xml"/>'
    '<Relationship Id="rId2" '
    'Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" '
    'Target="docProps/core.xml"/>'
    f'<Relationship Id="rId3" Type="{DOC_REL}/extended-properties" Target="docProps/app.xml"/>'
    "</Relationships>"
)

# Relationship ids the document part uses for its footers.
ODD_FOOTER_RID = "rId4"
EVEN_FOOTER_RID = "rId5"

DOCUMENT_RELS = XML_DECL + (
    f'<Relationships xmlns="{PKG_RELS_NS}">'
    f'<Relationship Id="rId1" Type="{DOC_REL}/styles" Target="styles.xml"/>'
    f'<Relationship Id="rId2" Type="{DOC_REL}/settings" Target="settings.xml"/>'
    f'<Relationship Id="rId3" Type="{DOC_REL}/fontTable" Target="fontTable.xml"/>'
    f'<Relationship Id="{ODD_FOOTER_RID}" Type="{DOC_REL}/footer" Target="{FOOTER_ODD}"/>'
    f'<Relationship Id="{EVEN_FOOTER_RID}" Type="{DOC_REL}/footer" Target="{FOOTER_EVEN}"/>'
    f'<Relationship Id="rId6" Type="{DOC_REL}/theme" Target="theme/theme1.xml"/>'
    "</Relationships>"
)

# Element order follows CT_Settings; Word rejects some out-of-order settings.
# evenAndOddHeaders: odd and even pages get their own footer (page number right / left).
# doNotCompress: every CJK character, punctuation included, keeps its full cell, so a full line
# holds exactly the layout's number of characters.
SETTINGS = XML_DECL + (
    f'<w:settings xmlns:w="{W_NS}">'
    '<w:zoom w:percent="100"/>'
    '<w:defaultTabStop w:val="420"/>'
    "<w:evenAndOddHeaders/>"
    '<w:characterSpacingControl w:val="doNotCompress"/>'
    "<w:compat>"
    '<w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" w:val="15"/>'
    "</w:compat>"
    '<w:themeFontLang w:val="en-US" w:eastAsia="zh-CN"/>'
    '<w:clrSchemeMapping w:bg1="light1" w:t1="dark1" w:bg2="light2" w:t2="dark2" w:accent1="accent1" '
    'w:accent2="accent2" w:accent3="accent3" w:accent4="accent4" w:accent5="accent5" w:accent6="accent6" '
    'w:hyperlink="hyperlink" w:followedHyperlink="followedHyperlink"/>'
    "</w:settings>"
)


def _theme_colors() -> str:
    colors = [
        ("dk1", "000000"),
        ("lt1", "FFFFFF"),
        ("dk2", "1F2937"),
        ("lt2", "F3F4F6"),
        ("accent1", "C00000"),
        ("accent2", "7F7F7F"),
        ("accent3", "A5A5A5"),
        ("accent4", "595959"),
        ("accent5", "404040"),
        ("accent6", "262626"),
        ("hlink", "0563C1"),
        ("folHlink", "954F72"),
    ]
    return "".join(f'<a:{n}><a:srgbClr val="{v}"/></a:{n}>' for n, v in colors)


def theme_xml(latin: str, east_asia_major: str, east_asia_minor: str) -> str:
    """A minimal theme whose East Asian fonts are Chinese ones (script Hans), nothing Japanese."""

    def font(tag: str, ea: str) -> str:
        return (
            f'<a:{tag}><a:latin typeface="{escape(latin)}"/><a:ea typeface="{escape(ea)}"/><a:cs typeface=""/>'
            f'<a:font script="Hans" typeface="{escape(ea)}"/></a:{tag}>'
        )

    fill = '<a:solidFill><a:schemeClr val="phClr"/></a:solidFill>'
    line = '<a:ln w="9525"><a:solidFill><a:schemeClr val="phClr"/></a:solidFill></a:ln>'
    return XML_DECL + (
        '<a:theme xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" name="Speechdraft">'
        f'<a:themeElements><a:clrScheme name="Speechdraft">{_theme_colors()}</a:clrScheme>'
        f'<a:fontScheme name="Speechdraft">{font("majorFont", east_asia_major)}{font("minorFont", east_asia_minor)}'
        "</a:fontScheme>"
        f'<a:fmtScheme name="Speechdraft"><a:fillStyleLst>{fill * 3}</a:fillStyleLst>'
        f"<a:lnStyleLst>{line * 3}</a:lnStyleLst>"
        "<a:effectStyleLst>" + "<a:effectStyle><a:effectLst/></a:effectStyle>" * 3 + "</a:effectStyleLst>"
        f"<a:bgFillStyleLst>{fill * 3}</a:bgFillStyleLst></a:fmtScheme></a:themeElements>"
        "<a:objectDefaults/><a:extraClrSchemeLst/></a:theme>"
    )


def font_table_xml(latin: str, chinese: list[str]) -> str:
    """Fonts the document names. charset 86 (GB2312) lets Word pick a Chinese stand-in when one is
    missing on the reader's computer, instead of a Latin font that shows boxes."""
    entries = [
        f'<w:font w:name="{escape(latin)}"><w:charset w:val="00"/><w:family w:val="roman"/>'
        '<w:pitch w:val="variable"/></w:font>'
    ]
    for name in dict.fromkeys(chinese):
        entries.append(
            f'<w:font w:name="{escape(name)}"><w:charset w:val="86"/><w:family w:val="modern"/>'
            '<w:pitch w:val="fixed"/></w:font>'
        )
    return XML_DECL + f'<w:fonts xmlns:w="{W_NS}">' + "".join(entries) + "</w:fonts>"


def core_props_xml(title: str, when: datetime | None = None) -> str:
    stamp = (when or datetime.now(UTC)).strftime("%Y-%m-%dT%H:%M:%SZ")
    return XML_DECL + (
        '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        f"<dc:title>{xml_text(title)}</dc:title><dc:language>zh-CN</dc:language>"
        f'<dcterms:created xsi:type="dcterms:W3CDTF">{stamp}</dcterms:created>'
        f'<dcterms:modified xsi:type="dcterms:W3CDTF">{stamp}</dcterms:modified>'
        "</cp:coreProperties>"
    )


def app_props_xml(version: str) -> str:
    return XML_DECL + (
        '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
        f"<Application>讲稿助手 {xml_text(version)}</Application></Properties>"
    )
