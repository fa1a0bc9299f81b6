"""Core: speech types, loaded from resources/speech_types.json (data a writer can edit)."""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from desktop.core.paths import resource_path


@dataclass(frozen=True)
class Structure:
    levels: tuple[str, ...]  # numbering scheme id per level
    sections: int
    runin: tuple[bool, ...]  # per level: headings run in (True) or stand alone


@dataclass(frozen=True)
class SpeechType:
    name: str
    title_patterns: tuple[str, ...]
    title_template: str
    salutation: str
    opening_moves: tuple[str, ...]
    closing_moves: tuple[str, ...]
    structure: Structure
    extra: dict = field(default_factory=dict, hash=False, compare=False)


def load_speech_types(path: Path | None = None) -> list[SpeechType]:
    data = json.loads((path or resource_path("speech_types.json")).read_text(encoding="utf-8"))
    types = []
    for raw in data["types"]:
        st = raw.get("structure", {})
        levels = tuple(st.get("levels", ["cn_dun"]))
        runin = tuple(st.get("runin", [False] * len(levels)))
        known = {"name", "title_patterns", "title_template", "salutation", "opening_moves", "closing_moves", "structure"}
        types.append(
            SpeechType(
                name=raw["name"],
                title_patterns=tuple(raw.get("title_patterns", [])),
                title_template=raw.get("title_template", "{topic}"),
                salutation=raw.get("salutation", ""),
                opening_moves=tuple(raw.get("opening_moves", [])),
                closing_moves=tuple(raw.get("closing_moves", [])),
                structure=Structure(levels, int(st.get("sections", 3)), runin + (runin[-1:] * (len(levels) - len(runin)))),
                extra={k: v for k, v in raw.items() if k not in known},
            )
        )
    return types


@lru_cache(maxsize=1)
def default_speech_types() -> tuple[SpeechType, ...]:
    return tuple(load_speech_types())


def type_names() -> list[str]:
    return [t.name for t in default_speech_types()]


def get_type(name: str) -> SpeechType:
    for t in default_speech_types():
        if t.name == name:
            return t
    raise KeyError(name)


def infer_type(title: str | None, types: tuple[SpeechType, ...] | None = None) -> str | None:
    """The first type (in file order) one of whose title patterns matches the title."""
    if not title:
        return None
    for t in types or default_speech_types():
        if any(re.search(p, title) for p in t.title_patterns):
            return t.name
    return None
