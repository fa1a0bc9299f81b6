"""Composition root: arguments, logging, paths; then the command line or the window."""

from __future__ import annotations

import logging
import sys


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    from desktop.cli import is_cli_invocation, run_cli

    if is_cli_invocation(args):
        return run_cli(args)
    from desktop.ui.main import run_gui  # the only place the window is reached from

    return run_gui(args)


if __name__ == "__main__":
    raise SystemExit(main())
