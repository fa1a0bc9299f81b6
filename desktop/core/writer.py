"""The writer's own place and unit (设置): what a draft may name as its own."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from desktop.infra.settings import AppSettings


@dataclass(frozen=True)
class Writer:
    place: str = ""  # 青山县
    unit: str = ""  # 青山县应急管理局

    @classmethod
    def of(cls, value: Writer | Mapping[str, str] | None) -> Writer:
        if isinstance(value, Writer):
            return value
        value = value or {}
        return cls(str(value.get("place", "") or "").strip(), str(value.get("unit", "") or "").strip())

    @classmethod
    def of_settings(cls, settings: AppSettings) -> Writer:
        """The writer's own place and unit as 设置 holds them (own_place, own_unit)."""
        return cls(settings.own_place.strip(), settings.own_unit.strip())

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(n for n in (self.place, self.unit) if n)
