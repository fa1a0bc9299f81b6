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


def _is_path_like(arg: str) -> bool:
    import os

    return os.sep in arg or "." in arg or os.path.exists(arg)


def run_cli(args: list[str]) -> int:
    _console_safe()
    from desktop.infra.paths import shown_path

    # A byte the platform could not decode in an argument (a GBK topic typed in a UTF-8 terminal)
    # arrives as a lone surrogate: read as GB18030 where that works, else shown by its bytes.
    # Paths keep their bytes: a file must still be found by the name it has.
    args = [a if _is_path_like(a) else shown_path(a) for a in args]
    try:
        parser = build_parser()  # the choices of --type come from resources/speech_types.json
    except UserError as err:
        print(f"错误：{err}", file=sys.stderr)
        return 1
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
    except OSError as exc:  # a path too long, a folder that cannot be searched, a full disk …
        from desktop.infra.errors import os_reason

        where = f"：{shown_path(exc.filename)}" if exc.filename else ""
        print(f"错误：文件操作失败（{os_reason(exc)}）{where}。请检查路径是否正确、是否有权限。", file=sys.stderr)
        return 1
