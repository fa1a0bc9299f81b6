"""`speechdraft outline FILE --json`: the structure parser's view of one document."""

from __future__ import annotations

import argparse
import json
from pathlib import Path


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("outline", help="显示文档的结构（标题、称呼、各级标题、结尾）")
    p.add_argument("file", type=Path)
    p.add_argument("--json", action="store_true", help="以 JSON 输出")
    p.set_defaults(handler=run)


def run(ns: argparse.Namespace) -> int:
    from desktop.core.draft import DRAFT_SUFFIX, load_draft
    from desktop.core.structure import parse
    from desktop.read.files import read_documents

    if ns.file.suffix.lower() == DRAFT_SUFFIX:
        speech = load_draft(ns.file).outline()
    else:
        doc = read_documents(ns.file)[0]  # a glued attachment is a document of its own
        speech = parse(doc.paragraphs, name=doc.name, finished=True, marks=doc.marks)
    data = speech.outline_json()
    data["speaker"] = list(speech.bylines)  # byline, date and venue lines under the title
    data["appendix"] = sum(speech.left_out.values())  # paragraphs left out: page debris and appendix
    if ns.json:
        print(json.dumps(data, ensure_ascii=False))
        return 0
    print(f"标题：{data['title'] or '（无）'}")
    print(f"类型：{data['type'] or '（未识别）'}")
    if data["speaker"]:
        print(f"署名：{'；'.join(data['speaker'])}")
    print(f"称呼：{data['salutation'] or '（无）'}")
    for h in data["headings"]:
        print("  " * h["level"] + h["text"])
    print(f"结尾：{data['closing'] or '（无）'}")
    print(f"段落数：{data['paragraphs']}（略去页面杂项和附件 {data['appendix']} 段）")
    return 0
