"""Speeches for export tests (one built by hand, every part and heading kind; the seeds parsed) and
reading a .docx part."""

from __future__ import annotations

import zipfile
from pathlib import Path

from lxml import etree

from desktop.core import document as d
from desktop.core.document import Block, Heading, Speech
from desktop.core.structure import parse
from desktop.read.files import read_documents

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
NS = {"w": W[1:-1]}

# (role, text, (level, marker, scheme, runin) for headings)
HAND_MADE = [
    (d.TITLE, "在全县“实干担当促进发展”工作会议上的讲话", None),
    (d.BYLINE, "（2023年9月1日）", None),
    (d.SALUTATION, "同志们：", None),
    (d.OPENING, "今天召开会议，主要任务是部署下一阶段工作。下面，我讲三点意见。", None),
    (d.HEADING, "一、提高站位，统一思想", (1, "一、", "cn_dun", False)),
    (
        d.HEADING,
        "（一）把牢方向。要坚持以学促干，在学思践悟中把牢方向，2023年新建**所学校。",
        (2, "（一）", "paren_cn", True),
    ),
    (d.HEADING, "1.强化理论武装", (3, "1.", "arabic_dot", False)),
    (d.BODY, "要把系统学习作为重中之重。1.5亿元资金已到位，覆盖率达91%。", None),
    (d.HEADING, "一是抓学习。坚持读原著、学原文、悟原理。", (3, "一是", "cn_shi", True)),
    (d.HEADING, "二、狠抓落实，务求实效", (1, "二、", "cn_dun", False)),
    (d.BODY, "各级党组织要*负起责任，确保各项任务落地见效。", None),
    (d.CLOSING, "同志们，让我们更加紧密地团结起来，奋力谱写新篇章！", None),
]


def make_speech(rows=HAND_MADE) -> Speech:
    paragraphs, blocks, headings = [], [], []
    for i, (role, text, head) in enumerate(rows):
        heading = None
        if head:
            level, marker, scheme, runin = head
            head_text = text[: text.index("。") + 1] if runin else text
            heading = Heading(level, head_text, marker, scheme, 1, runin, i)
            headings.append(heading)
        paragraphs.append(text)
        blocks.append(Block(i, role, text, heading))
    return Speech(paragraphs, blocks, title=rows[0][1], bylines=[rows[1][1]], salutation=rows[2][1], headings=headings)


def seed_speech(path: Path) -> Speech:
    return parse(read_documents(path)[0].paragraphs)


def docx_part(path: Path, name: str):
    with zipfile.ZipFile(path) as z:
        return etree.fromstring(z.read(name))


def style(styles, style_id: str):
    found = styles.find(f"{W}style[@{W}styleId='{style_id}']")
    assert found is not None, f"style {style_id} missing"
    return found


def val(el, path: str, attr: str = "val"):
    found = el.find(path, NS)
    return None if found is None else found.get(W + attr)
