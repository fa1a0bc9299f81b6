"""The command line, over the same core the window uses (`speechdraft …`)."""

from __future__ import annotations

import argparse
import sys

from desktop import __version__
from desktop.infra.errors import UserError

# Options that belong to the window rather than to a subcommand.
_GUI_OPTIONS = {"--data-dir", "--soak", "--soak-seed"}


def build_parser() -> argparse.ArgumentParser:
    # Imported here, not at the top: the window's start imports this package for
    # is_cli_invocation and needs none of the subcommands.
    from desktop.cli import bank, draft, outline, team

    parser = argparse.ArgumentParser(prog="speechdraft", description="讲稿助手：起草讲话稿的离线工具")
    parser.add_argument("--version", action="version", version=f"speechdraft {__version__}")
    parser.add_argument("--data-dir", help="用户数据文件夹（默认：系统的用户数据目录）")
    parser.add_argument(
        "--selfcheck", action="store_true", help="自检：建立/打开素材库、检索、成稿、导出，输出 JSON 摘要"
    )
    sub = parser.add_subparsers(dest="command", metavar="命令")
    for commands in (outline, bank, draft, team):  # each module registers its subcommands
        commands.register(sub)
    return parser


def is_cli_invocation(args: list[str]) -> bool:
    """No subcommand (and no --version/--help) means: open the window."""
    rest: list[str] = []
    skip_value = False
    for a in args:
        if skip_value:
            skip_value = False
        elif a in _GUI_OPTIONS:
            skip_value = True
        elif not a.startswith("--data-dir="):
            rest.append(a)
    return any(not a.startswith("-") or a in ("--version", "-h", "--help", "--selfcheck") for a in rest)


def _console_safe() -> None:
    """Write what the console's encoding can hold and replace the rest (a GBK console, cmd, and
    output redirected there: •, a no-break space or an emoji in bank text must not end the command)."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            try:
                reconfigure(errors="replace")
            except (ValueError, OSError):  # a closed or unusual stream: leave it as it is
                pass


def run_cli(args: list[str]) -> int:
    _console_safe()
    parser = build_parser()
    ns = parser.parse_args(args)
    if ns.data_dir:
        import os

        os.environ["SPEECHDRAFT_DATA_DIR"] = ns.data_dir
    if ns.selfcheck:
        from desktop.cli.selfcheck import run_selfcheck

        return run_selfcheck()
    if not getattr(ns, "handler", None):
        parser.print_help()
        return 2
    try:
        return int(ns.handler(ns) or 0)
    except UserError as err:
        print(f"错误：{err}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("已取消。", file=sys.stderr)
        return 130
    except BrokenPipeError:  # `speechdraft … | head`: the reader has gone, nothing more to say
        import os

        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0
