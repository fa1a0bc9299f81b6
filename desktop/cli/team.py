"""`speechdraft team …`: the office's shared team bank on PostgreSQL.

    team init URL                 create the schema, roles and row-level security (as the admin)
    team add-writer NAME          a writer's login role (asks for its password)
    team add-editor NAME          an editor's (审核人) login role
    team connect URL              remember the server in settings (never the password)
    team status | search | propose | pending | approve | reject | push | pull
    team reorder                  lay the rows out in rank order again (the admin, at a quiet time)

URL: postgresql+psycopg://user@host:5432/speechdraft. Commands other than init and connect use
--url or the server remembered by `team connect`.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from pathlib import Path


def register(sub: argparse._SubParsersAction) -> None:
    team = sub.add_parser("team", help="团队素材库（办公室的 PostgreSQL 服务器）")
    cmds = team.add_subparsers(dest="team_command", metavar="操作")

    p = cmds.add_parser("init", help="在服务器上建立团队素材库：表、角色与行级权限（管理员执行）")
    p.add_argument("url", help="管理员的连接地址，如 postgresql+psycopg://admin@192.168.1.10:5432/speechdraft")
    p.set_defaults(handler=run_init)

    for name, helptext in (("add-writer", "添加撰稿人账号"), ("add-editor", "添加审核人账号")):
        p = cmds.add_parser(name, help=helptext)
        p.add_argument("name", help="登录名（小写字母、数字、下划线）")
        p.add_argument("--url", help="管理员的连接地址（默认：设置中的团队服务器）")
        p.add_argument("--password-stdin", action="store_true", help="从标准输入读新账号的密码")
        p.set_defaults(handler=run_add_member, group=name)

    p = cmds.add_parser("connect", help="连接团队服务器并记住地址（密码存入系统钥匙串，不写入设置）")
    p.add_argument("url")
    p.set_defaults(handler=run_connect)

    p = cmds.add_parser("status", help="团队素材库的状态：身份、句子数、检索索引")
    _url(p)
    p.set_defaults(handler=run_status)

    p = cmds.add_parser("search", help="检索团队素材库")
    p.add_argument("query")
    p.add_argument("--kind")
    p.add_argument("--limit", type=int, default=20)
    _url(p)
    p.set_defaults(handler=run_search)

    p = cmds.add_parser("propose", help="把句子或文档提交到团队素材库，等待审核")
    p.add_argument("paths", nargs="*", type=Path, help="文件或文件夹")
    p.add_argument("--text", help="直接提交一句话")
    p.add_argument("--kind", default="论述", help="--text 的类别（默认 论述）")
    _url(p)
    p.set_defaults(handler=run_propose)

    p = cmds.add_parser("pending", help="列出待审核的句子")
    _url(p)
    p.set_defaults(handler=run_pending)

    for name, helptext in (("approve", "审核通过"), ("reject", "退回")):
        p = cmds.add_parser(name, help=helptext)
        p.add_argument("ids", nargs="+", type=int)
        p.add_argument("--note", help="审核意见")
        _url(p)
        p.set_defaults(handler=run_review, decision=name)

    p = cmds.add_parser("push", help="把个人素材库（或某个标签下的句子）提交到团队素材库")
    p.add_argument("--tag", help="只提交带这个标签的句子")
    _url(p)
    p.set_defaults(handler=run_push)

    p = cmds.add_parser("reorder", help="按检索质量顺序重排团队素材库（管理员，在无人使用时执行；期间表被锁定）")
    _url(p)
    p.set_defaults(handler=run_reorder)

    p = cmds.add_parser("pull", help="把团队素材库中已审核的句子合并到个人素材库（离线使用）")
    _url(p)
    p.set_defaults(handler=run_pull)


def _url(p: argparse.ArgumentParser) -> None:
    p.add_argument("--url", help="团队服务器地址（默认：team connect 记住的地址）")


def _ask(account: str) -> str | None:
    if not sys.stdin.isatty():
        return None
    return getpass.getpass(f"{account} 的密码：") or None


def _settings_url() -> str:
    from desktop.infra.paths import data_paths
    from desktop.infra.settings import AppSettings
    from desktop.store.errors import BankError

    url = AppSettings.load(data_paths().settings).team_url
    if not url:
        raise BankError("还没有设置团队服务器。请先运行 speechdraft team connect 地址，或加 --url 地址。")
    return url


def _open(ns: argparse.Namespace):  # noqa: ANN202 - a TeamBank
    from desktop.store.postgres.credentials import open_team_bank
    from desktop.text.tokenizer import default_tokenizer

    return open_team_bank(ns.url or _settings_url(), ask=_ask, tokenizer=default_tokenizer())


def run_init(ns: argparse.Namespace) -> int:
    from desktop.store.postgres.bank import TeamBank
    from desktop.store.postgres.credentials import password_in, stored_password

    with TeamBank.init(ns.url, password=password_in(ns.url) or stored_password(ns.url)) as bank:
        stats = bank.stats()
        print(f"团队素材库已就绪：已审核 {stats['approved']} 句，待审核 {stats['proposed']} 句。")
    return 0


def run_add_member(ns: argparse.Namespace) -> int:
    from desktop.store.errors import BankError
    from desktop.store.postgres import roles

    if ns.password_stdin:
        password = sys.stdin.readline().rstrip("\n")
    else:
        password = getpass.getpass(f"为 {ns.name} 设置密码：")
        if getpass.getpass("再输入一次：") != password:
            raise BankError("两次输入的密码不一致，账号未创建。")
    if not password:
        raise BankError("密码为空，账号未创建。")
    group = roles.WRITER if ns.group == "add-writer" else roles.EDITOR
    with _open(ns) as bank:
        role = bank.add_member(ns.name, group, password)
    print(f"已添加{'撰稿人' if group == roles.WRITER else '审核人'}：{role}")
    return 0


def run_connect(ns: argparse.Namespace) -> int:
    from desktop.infra.paths import data_paths
    from desktop.infra.settings import AppSettings
    from desktop.store.postgres.credentials import open_team_bank, without_password

    with open_team_bank(ns.url, ask=_ask) as bank:
        user, role = bank.whoami()
    paths = data_paths().ensure()
    settings = AppSettings.load(paths.settings)
    settings.team_url = without_password(ns.url)
    settings.save(paths.settings)
    print(f"已连接团队素材库：{user}（{_ROLE_NAMES.get(role, role)}）。地址已保存到设置，密码未写入设置。")
    return 0


_ROLE_NAMES = {"admin": "管理员", "editor": "审核人", "writer": "撰稿人", "none": "无权限"}


def run_status(ns: argparse.Namespace) -> int:
    with _open(ns) as bank:
        stats = bank.stats()
        print(f"身份：{bank.user}（{_ROLE_NAMES.get(bank.role, bank.role)}）")
        print(f"已审核 {stats['approved']} 句，待审核 {stats['proposed']} 句，已退回 {stats['rejected']} 句")
        print(f"检索索引：{bank.search_index.upper()}")
    return 0


def run_search(ns: argparse.Namespace) -> int:
    with _open(ns) as bank:
        for h in bank.search(ns.query, kind=ns.kind, limit=ns.limit):
            print(f"[{h.unit_id}] ({h.kind}) {h.text}")
    return 0


def run_propose(ns: argparse.Namespace) -> int:
    from desktop.store.errors import BankError

    if not ns.paths and not ns.text:
        raise BankError("请给出要提交的文件或文件夹，或用 --text 提交一句话。")
    with _open(ns) as bank:
        if ns.text:
            unit_id = bank.propose_unit(ns.text, ns.kind)
            print(f"已提交，等待审核（编号 {unit_id}）。")
        if ns.paths:
            report = bank.propose_paths(ns.paths)
            print(report.summary())
            for refused in report.refused:
                print(f"  {refused.path}：{refused.reason}", file=sys.stderr)
    return 0


def run_pending(ns: argparse.Namespace) -> int:
    with _open(ns) as bank:
        pending = bank.proposals()
        for p in pending:
            source = f"《{p.sources[0]}》" if p.sources else ""
            print(f"[{p.unit_id}] {p.added_by} {source} ({p.kind}) {p.text}")
        print(f"共 {len(pending)} 句待审核。")
    return 0


def run_review(ns: argparse.Namespace) -> int:
    with _open(ns) as bank:
        review = bank.approve if ns.decision == "approve" else bank.reject
        done = review(ns.ids, ns.note)
    print(f"已{'通过' if ns.decision == 'approve' else '退回'} {len(done)} 句。")
    return 0


def run_push(ns: argparse.Namespace) -> int:
    from desktop.cli.bank import open_user_bank

    with open_user_bank() as personal, _open(ns) as team:
        written = team.push_from(personal, tag=ns.tag)
    print(f"已提交 {written.added} 句等待审核；{written.merged} 句团队素材库中已有。")
    return 0


def run_pull(ns: argparse.Namespace) -> int:
    from desktop.cli.bank import open_user_bank

    with open_user_bank() as personal, _open(ns) as team:
        added, merged = team.pull_into(personal)
    print(f"已把团队素材库合并到个人素材库：新增 {added} 句，已有 {merged} 句。")
    return 0


def run_reorder(ns: argparse.Namespace) -> int:
    with _open(ns) as bank:
        bank.reorder()
    print("团队素材库已按检索顺序重排。")
    return 0
