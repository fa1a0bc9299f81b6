"""`speechdraft draft new …`, `speechdraft export DRAFT -o OUT`, `speechdraft check DRAFT`."""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

from desktop.cli.options import bounded
from desktop.infra.errors import UserError

_TOPIC_SPLIT = re.compile(r"[\s,，、;；/]+")

if TYPE_CHECKING:
    from desktop.core.draft import Draft
    from desktop.core.writer import Writer


def register(sub: argparse._SubParsersAction) -> None:
    from desktop.core.speech_types import type_names

    p = sub.add_parser("draft", help="起草讲稿（一键成稿）")
    cmds = p.add_subparsers(dest="draft_command", metavar="操作")
    new = cmds.add_parser("new", help="按讲话类型、结构和主题，从素材库生成初稿")
    new.add_argument("--type", required=True, dest="speech_type", help=f"讲话类型：{'、'.join(type_names())}")
    new.add_argument("--structure", help="结构名称或编号方式，如“一、/（一）”（默认：该类型的默认结构）")
    new.add_argument("--topic", required=True, help="主题词，多个用空格或顿号分开，如“作风建设 基层减负”")
    size = new.add_mutually_exclusive_group()
    size.add_argument("--target-chars", type=bounded(int, 100, 100_000), help="目标字数（默认 3000）")
    size.add_argument("--minutes", type=bounded(float, 1, 600), help="讲话时长（分钟），按每分钟 220 字计")
    new.add_argument("--seed", type=int, default=0, help="随机种子：相同输入和种子得到相同初稿")
    new.add_argument("--skeleton", action="store_true", help="只生成骨架（各级标题和空位），不从素材库取正文")
    new.add_argument("-o", "--output", required=True, type=Path, help="保存的草稿文件（.sdraft，也可 .docx/.txt/.md）")
    new.set_defaults(handler=run_new)
    p.set_defaults(handler=lambda ns: _need_action(p))

    ex = sub.add_parser("export", help="把草稿导出为 .docx、.txt 或 .md")
    ex.add_argument("draft", type=Path, help="草稿文件（.sdraft，或 .docx/.txt 讲稿）")
    ex.add_argument("-o", "--output", required=True, type=Path, help="导出文件，扩展名决定格式")
    ex.set_defaults(handler=run_export)

    ck = sub.add_parser("check", help="校对草稿：编号、待填空位、标点、重复句、字数和时长")
    ck.add_argument("draft", type=Path)
    ck.add_argument("--json", action="store_true", help="以 JSON 输出")
    ck.add_argument("--speed", type=bounded(int, 60, 600), default=220, help="语速（字/分钟，默认 220）")
    ck.set_defaults(handler=run_check)


def _need_action(parser: argparse.ArgumentParser) -> int:
    parser.print_help(sys.stderr)
    return 2


def topic_words(text: str) -> list[str]:
    return [w for w in _TOPIC_SPLIT.split(text.strip()) if w]


def run_new(ns: argparse.Namespace) -> int:
    from desktop.core.compose import skeleton, target_length
    from desktop.core.draft import DRAFT_SUFFIX, save_draft

    out: Path = ns.output
    if out.suffix.lower() not in (DRAFT_SUFFIX, ".docx", ".txt", ".md"):
        raise UserError(
            f"输出文件“{out.name}”的扩展名不对：请用 {DRAFT_SUFFIX}（草稿），或 .docx、.txt、.md（直接导出）。"
        )
    if ns.skeleton:
        started = time.perf_counter()
        draft = skeleton(
            ns.speech_type, ns.structure, topic_words(ns.topic), target_length(ns.target_chars, ns.minutes)
        )
        elapsed = time.perf_counter() - started
    else:
        draft, elapsed = _compose_from_bank(ns)
    if out.suffix.lower() == DRAFT_SUFFIX:
        save_draft(draft, out)
    else:
        _export(draft.paragraphs, out)
    from desktop.core.checks import summarize

    print(f"已生成{'骨架' if ns.skeleton else '初稿'}：{out}（用时 {elapsed * 1000:.0f} 毫秒）")
    print(summarize(draft).line())
    return 0


def _compose_from_bank(ns: argparse.Namespace) -> tuple[Draft, float]:
    """一键成稿 over the user's bank; the time is the composition's alone."""
    from desktop.cli.bank import open_user_bank
    from desktop.core.compose import compose

    with open_user_bank() as bank:
        bank.tokenizer.load()  # jieba's dictionary load is start-up, not composition
        started = time.perf_counter()
        draft = compose(
            bank,
            ns.speech_type,
            ns.structure,
            topic_words(ns.topic),
            target_chars=ns.target_chars,
            minutes=ns.minutes,
            seed=ns.seed,
            writer=_writer(),
        )
        elapsed = time.perf_counter() - started
    return draft, elapsed


def _writer() -> Writer:
    """The writer's own place and unit from the settings (设置)."""
    from desktop.core.writer import Writer
    from desktop.infra.paths import data_paths
    from desktop.infra.settings import AppSettings

    return Writer.of_settings(AppSettings.load(data_paths().settings))


def _export(paragraphs: list[str], out: Path) -> None:
    from desktop.core.structure import parse
    from desktop.export.exporter import export_speech

    export_speech(parse(paragraphs), out)  # ExportError is a UserError: run_cli prints it


def run_export(ns: argparse.Namespace) -> int:
    from desktop.read.draft_files import open_draft

    draft = open_draft(ns.draft)
    _export(draft.paragraphs, ns.output)
    print(f"已导出：{ns.output}")
    return 0


def run_check(ns: argparse.Namespace) -> int:
    from desktop.core.checks import check, summarize
    from desktop.read.draft_files import open_draft

    if ns.speed <= 0:
        raise UserError("语速必须大于 0（字/分钟）。")
    draft = open_draft(ns.draft)
    findings = check(draft, speed=ns.speed, writer=_writer())
    summary = summarize(draft, speed=ns.speed, findings=findings)
    if ns.json:
        print(
            json.dumps({"summary": summary.to_json(), "findings": [f.to_json() for f in findings]}, ensure_ascii=False)
        )
        return 0
    for f in findings:
        print(f"第 {f.paragraph + 1} 段 第 {f.start + 1}–{f.end} 字  [{f.code}] {f.message}")
    print(summary.line())
    return 0
