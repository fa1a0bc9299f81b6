"""`speechdraft bank …`: build, import into, search, count, export and restore the phrase bank."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from desktop.cli.options import bounded

if TYPE_CHECKING:
    from desktop.store.bank import PhraseBank
    from desktop.store.records import ImportReport


def register(sub: argparse._SubParsersAction) -> None:
    bank = sub.add_parser("bank", help="素材库：构建、导入、检索、统计、导出、恢复")
    cmds = bank.add_subparsers(dest="bank_command", metavar="操作")

    p = cmds.add_parser("build", help="从范文文件夹重建默认素材库（原库先备份）")
    p.add_argument("--from", dest="source", type=Path, help="范文文件夹（默认：安装目录下的 seeds/）")
    p.set_defaults(handler=run_build)

    p = cmds.add_parser("import", help="导入文件或文件夹（.txt .md .docx）")
    p.add_argument("paths", nargs="+", type=Path)
    p.add_argument("--json", action="store_true", help="以 JSON 输出导入结果")
    p.add_argument("--type", dest="speech_type", help="给导入的每篇文档指定讲话类型（不指定则自动识别），如 会议讲话")
    p.set_defaults(handler=run_import)

    p = cmds.add_parser("search", help="检索素材")
    p.add_argument("query")
    p.add_argument("--kind", help="类别，如 引语、一级标题、结尾")
    p.add_argument("--type", dest="speech_type", help="讲话类型，如 研讨发言")
    p.add_argument("--limit", type=bounded(int, 1, 10_000), default=20)
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=run_search)

    p = cmds.add_parser("documents", help="列出导入过的来源文稿（编号、类型、句数）")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=run_documents)

    p = cmds.add_parser("set-type", help="更正一篇来源文稿的讲话类型，它的句子随之更正")
    p.add_argument("document", type=int, help="来源文稿的编号（见 bank documents）")
    p.add_argument("speech_type", metavar="类型", help="讲话类型，如 会议讲话；写“未识别”则清除类型")
    p.set_defaults(handler=run_set_type)

    p = cmds.add_parser("stats", help="素材库统计")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=run_stats)

    p = cmds.add_parser("export", help="把整个素材库导出为 JSON 文件")
    p.add_argument("file", type=Path)
    p.set_defaults(handler=run_export)

    p = cmds.add_parser("restore", help="从 JSON 文件恢复素材库（--merge 为合并）")
    p.add_argument("file", type=Path)
    p.add_argument("--merge", action="store_true", help="合并到现有素材库，而不是替换")
    p.add_argument("--allow-empty", action="store_true", help="允许用没有句子的备份替换（会清空素材库）")
    p.set_defaults(handler=run_restore)


def _progress(done: int, total: int, name: str) -> None:
    if sys.stderr.isatty():
        print(f"\r[{done}/{total}] {name[:40]:<40}", end="", file=sys.stderr, flush=True)


def open_user_bank() -> PhraseBank:
    """The user's bank, built from the shipped seeds first if there is none yet."""
    from desktop.infra.paths import data_paths
    from desktop.store.bank import PhraseBank
    from desktop.store.prebuilt import ensure_default_bank
    from desktop.text.tokenizer import default_tokenizer

    paths = data_paths().ensure()
    tokenizer = default_tokenizer(paths.cache)
    ensure_default_bank(paths, progress=_progress, tokenizer=tokenizer)
    return PhraseBank.open(paths.bank, tokenizer=tokenizer, backups_dir=paths.backups)


def run_build(ns: argparse.Namespace) -> int:
    from desktop.infra.paths import data_paths
    from desktop.store.seed import build_default_bank
    from desktop.text.tokenizer import default_tokenizer

    paths = data_paths().ensure()
    report = build_default_bank(
        paths, ns.source, progress=_progress, tokenizer=default_tokenizer(paths.cache), replace=True
    )
    print(report.summary())
    return 1 if report.cancelled else 0


def _check_type(name: str | None) -> None:
    from desktop.core.speech_types import type_names
    from desktop.infra.errors import UserError

    if name and name not in type_names():
        raise UserError(f"没有“{name}”这个讲话类型。可选：{'、'.join(type_names())}。")


def _document_rows(report: ImportReport) -> list[dict]:
    return [
        {
            "path": d.path,
            "name": d.name,
            "title": d.title,
            "type": d.speech_type,
            "units_added": d.units_added,
            "units_merged": d.units_merged,
            "left_out": {"debris": d.debris, "appendix": d.appendix},
        }
        for d in report.imported
    ]


def _document_line(row: dict) -> str:
    title = (row["title"] or "（无标题）").replace("\n", " ")
    left = row["left_out"]
    dropped = f"略去页面杂项 {left['debris']} 段、附件等 {left['appendix']} 段" if any(left.values()) else "未略去内容"
    return f"  {row['name']}：标题《{title}》；类型：{row['type'] or '未识别'}；新增 {row['units_added']} 句；{dropped}"


def run_import(ns: argparse.Namespace) -> int:
    _check_type(ns.speech_type)
    with open_user_bank() as bank:
        report = bank.import_paths(ns.paths, progress=None if ns.json else _progress, speech_type=ns.speech_type)
    if ns.json:
        print(
            json.dumps(
                {
                    "imported": len(report.imported),
                    "skipped": len(report.skipped),
                    "units_added": report.units_added,
                    "units_merged": report.units_merged,
                    "files_cut_by_worker": report.files_cut_by_worker,
                    "refused": [{"path": r.path, "reason": r.reason} for r in report.refused],
                    "documents": _document_rows(report),
                },
                ensure_ascii=False,
            )
        )
        return 1 if report.refused and not report.imported else 0
    print(report.summary())
    for row in _document_rows(report):
        print(_document_line(row))
    for refused in report.refused:
        print(f"  未导入 {refused.path}：{refused.reason}", file=sys.stderr)
    return 1 if report.refused and not report.imported else 0


def run_documents(ns: argparse.Namespace) -> int:
    with open_user_bank() as bank:
        documents = bank.list_documents()
    if ns.json:
        rows = [{"id": d.id, "name": d.name, "type": d.speech_type, "units": d.units} for d in documents]
        print(json.dumps(rows, ensure_ascii=False))
        return 0
    if not documents:
        print("素材库里还没有导入的来源文稿。")
    for d in documents:
        print(f"{d.id:>5}  {d.speech_type or '未识别':<8}  {d.units:>5} 句  {d.name}")
    return 0


UNKNOWN_TYPE = "未识别"


def run_set_type(ns: argparse.Namespace) -> int:
    speech_type = None if ns.speech_type == UNKNOWN_TYPE else ns.speech_type
    _check_type(speech_type)
    with open_user_bank() as bank:
        changed = bank.set_document_type(ns.document, speech_type)
    print(f"已把第 {ns.document} 篇来源文稿的类型改为“{speech_type or UNKNOWN_TYPE}”，{changed} 句随之更正。")
    return 0


def run_search(ns: argparse.Namespace) -> int:
    with open_user_bank() as bank:
        hits = bank.search(ns.query, kind=ns.kind, speech_type=ns.speech_type, limit=ns.limit)
    if ns.json:
        print(
            json.dumps(
                [
                    {
                        "id": h.unit_id,
                        "text": h.text,
                        "kind": h.kind,
                        "type": h.speech_type,
                        "score": round(h.score, 4),
                        "favourite": h.favourite,
                        "uses": h.uses,
                        "sources": list(h.sources),
                    }
                    for h in hits
                ],
                ensure_ascii=False,
            )
        )
        return 0
    if not hits:
        print("没有找到相关素材。")
    for h in hits:
        star = "★" if h.favourite else " "
        print(f"{star}[{h.kind}] {h.text}  —— {'、'.join(h.sources)}")
    return 0


def run_stats(ns: argparse.Namespace) -> int:
    with open_user_bank() as bank:
        stats = bank.stats()
    if ns.json:
        print(json.dumps(stats, ensure_ascii=False))
        return 0
    print(f"素材 {stats['units']} 句，来自 {stats['documents']} 篇文档；回收站 {stats['trash']} 句。")
    for kind, n in stats["by_kind"].items():
        print(f"  {kind}：{n}")
    return 0


def run_export(ns: argparse.Namespace) -> int:
    with open_user_bank() as bank:
        n = bank.export_json(ns.file)
    print(f"已导出 {n} 句素材到 {ns.file}")
    return 0


def run_restore(ns: argparse.Namespace) -> int:
    with open_user_bank() as bank:
        report = bank.restore_json(ns.file, merge=ns.merge, allow_empty=ns.allow_empty)
    verb = "合并" if ns.merge else "恢复"
    print(f"已{verb}：新增 {report.units_added} 句，合并 {report.units_merged} 句，文档 {report.documents_added} 篇。")
    if report.safety_copy is not None:
        print(f"恢复前的素材库已备份到：{report.safety_copy}")
    return 0
