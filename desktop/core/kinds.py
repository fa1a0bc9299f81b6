"""The phrase kinds the code knows by name: one definition, used everywhere instead of bare strings.

resources/phrase_kinds.json lists the kinds the app shows (writers may add their own); these are
the ones the cutter, composition, checks and the phrase panel rely on. A `Kind` is a str, so it
is stored and compared as its Chinese name.
"""

from __future__ import annotations

from enum import StrEnum


class Kind(StrEnum):
    TITLE = "标题"
    SALUTATION = "称呼"
    OPENING = "开头"
    TRANSITION = "过渡"
    HEADING1 = "一级标题"
    HEADING2 = "二级标题"
    QUOTE = "引语"
    ARGUMENT = "论述"
    DATA = "数据"
    PARALLEL = "排比/四字格"
    CLOSING = "结尾"


# Kinds that stand in a section's body (what the phrase panel offers there, what a draft's body
# is made of; composition leaves out transitions, which its own opening supplies).
BODY_KINDS: tuple[Kind, ...] = (Kind.ARGUMENT, Kind.QUOTE, Kind.DATA, Kind.PARALLEL, Kind.TRANSITION)
HEADING_KINDS: tuple[Kind, ...] = (Kind.HEADING1, Kind.HEADING2)


def heading_kind(level: int) -> Kind:
    """The kind of a heading at this outline level."""
    return Kind.HEADING1 if level <= 1 else Kind.HEADING2
