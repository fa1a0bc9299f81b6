"""Regular expressions compiled on first use rather than at import.

A character class spanning the CJK blocks takes 3–5 ms to compile (sre builds its bitmap in
Python); five of them at import were ~25 ms of the window's start (bench/bench_start.py),
though none is needed before the window shows.
"""

from __future__ import annotations

import re
from typing import Any

_METHODS = ("search", "match", "fullmatch", "sub", "subn", "split", "findall", "finditer")


class LazyPattern:
    """Stands for re.compile(pattern, flags); compiles on the first attribute used."""

    def __init__(self, pattern: str, flags: int = 0) -> None:
        self._pattern, self._flags = pattern, flags

    def __getattr__(self, name: str) -> Any:
        # Only reached while the methods are not yet in the instance dict: compile once, then
        # later lookups find the bound methods directly.
        compiled = re.compile(self._pattern, self._flags)
        self.__dict__.update(
            {m: getattr(compiled, m) for m in _METHODS}, pattern=compiled.pattern, flags=compiled.flags
        )
        return getattr(compiled, name)
