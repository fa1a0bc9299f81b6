"""Core: the base of every error whose message is meant for the writer.

`str(err)` is Simplified Chinese and says what is wrong and what to do. The command line
prints it to stderr and exits non-zero; the window shows it in a message box.
"""
from __future__ import annotations


class UserError(Exception):
    """Core: a failure the writer can understand and act on."""
