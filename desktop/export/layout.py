"""Page layout presets (resources/layouts/*.json), read into a Layout.

Offices differ in the fonts they name (仿宋_GB2312 or 仿宋, 方正小标宋简体 or 宋体), so every
font, size and measure the .docx writer uses comes from a preset a writer can edit.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from desktop.infra.errors import UserError
from desktop.infra.paths import resource_path

DEFAULT_LAYOUT = "gbt9704"


class LayoutError(UserError):
    """A layout preset is missing or malformed (message in Chinese)."""


@dataclass(frozen=True)
class Layout:
    """One page layout preset: page geometry, line and character pitch, fonts, sizes."""

    name: str
    label: str
    page_mm: dict[str, float]  # width, height, top, bottom, left, right, footer
    line_pitch_pt: float
    char_spacing_pt: float
    first_line_indent_chars: float
    sizes_pt: dict[str, float]  # title, subtitle, byline, body, page_number
    fonts: dict[str, str]  # latin, title, subtitle, byline, body, page_number
    heading_fonts: tuple[str, ...]  # by outline level; the last one serves deeper levels
    headings_bold: tuple[bool, ...]
    title_bold: bool
    blank_lines_after_title: int
    page_number_before: str
    page_number_after: str
    page_number_side_indent_chars: float
    # Run-in headings numbered 一是/一要/首先… are enumerated points, not the standard's structure
    # levels (一、/（一）/1./（1）): they are set in the body font, bold, at any outline level.
    runin_item_schemes: frozenset[str] = frozenset()
    runin_item_bold: bool = True

    def heading_font(self, level: int) -> str:
        return self.heading_fonts[min(level, len(self.heading_fonts)) - 1]

    def heading_bold(self, level: int) -> bool:
        flags = self.headings_bold or (False,)
        return flags[min(level, len(flags)) - 1]

    @property
    def char_pitch_pt(self) -> float:
        """Advance of one full-width body character: font size plus the run spacing."""
        return self.sizes_pt["body"] + self.char_spacing_pt


def layouts_dir() -> Path:
    return resource_path("layouts")


def layout_names() -> list[str]:
    return sorted(p.stem for p in layouts_dir().glob("*.json"))


def load_layout(name: str = DEFAULT_LAYOUT, *, path: Path | None = None) -> Layout:
    """Read a preset by name (resources/layouts/NAME.json) or from an explicit file."""
    source = path or layouts_dir() / f"{name}.json"
    try:
        data = json.loads(Path(source).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise LayoutError(
            f"找不到版式“{name}”（{source}）。可用的版式：{'、'.join(layout_names()) or '无'}。"
        ) from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise LayoutError(f"版式文件 {source} 无法读取：{exc}。请检查它是否为 UTF-8 编码的 JSON。") from None
    try:
        return _layout_from_json(data)
    except (KeyError, TypeError, ValueError) as exc:
        raise LayoutError(f"版式文件 {source} 缺少或写错了设置项：{exc}。请对照 gbt9704.json 修改。") from None


def _layout_from_json(data: dict) -> Layout:
    page = {k.removesuffix("_mm"): float(v) for k, v in data["page"].items()}
    for key in ("width", "height", "top", "bottom", "left", "right", "footer"):
        if key not in page:
            raise KeyError(f"page.{key}_mm")
    fonts = dict(data["fonts"])
    headings = tuple(fonts.pop("headings"))
    for key in ("latin", "title", "subtitle", "byline", "body", "page_number"):
        if not fonts.get(key):
            raise KeyError(f"fonts.{key}")
    sizes = {k: float(v) for k, v in data["sizes_pt"].items()}
    for key in ("title", "subtitle", "byline", "body", "page_number"):
        if key not in sizes:
            raise KeyError(f"sizes_pt.{key}")
    if not headings:
        raise ValueError("fonts.headings 至少要有一项")
    number = data.get("page_number", {})
    return Layout(
        name=str(data["name"]),
        label=str(data.get("label", data["name"])),
        page_mm=page,
        line_pitch_pt=float(data["line_pitch_pt"]),
        char_spacing_pt=float(data.get("char_spacing_pt", 0)),
        first_line_indent_chars=float(data.get("first_line_indent_chars", 2)),
        sizes_pt=sizes,
        fonts=fonts,
        heading_fonts=headings,
        headings_bold=tuple(bool(b) for b in data.get("headings_bold", [])),
        title_bold=bool(data.get("title_bold", False)),
        blank_lines_after_title=int(data.get("blank_lines_after_title", 1)),
        page_number_before=str(number.get("before", "— ")),
        page_number_after=str(number.get("after", " —")),
        page_number_side_indent_chars=float(number.get("side_indent_chars", 1)),
        runin_item_schemes=frozenset(data.get("runin_item_schemes", [])),
        runin_item_bold=bool(data.get("runin_item_bold", True)),
    )


def font_report(name: str = DEFAULT_LAYOUT) -> str:
    """Which of a layout's fonts this machine lacks and the approved fallback for each, in Chinese.

    Slow-ish (reads the installed fonts' name tables): call it off the GUI thread.
    """
    from desktop.export.fonts import check_fonts, describe_font_checks, layout_font_names

    layout = load_layout(name)
    checks = check_fonts(layout_font_names(layout.fonts, layout.heading_fonts))
    if all(c.installed for c in checks):
        return "本版式所需字体在本机均已安装。"
    return describe_font_checks(checks)
