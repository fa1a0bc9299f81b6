"""Font detection: family names read from the fonts in a folder, and the fallbacks offered."""

from __future__ import annotations

import json
from pathlib import Path

from desktop.export.fonts import (
    FontTable,
    check_fonts,
    describe_font_checks,
    fallback_map,
    font_file_families,
    installed_font_families,
    layout_font_names,
    load_font_table,
)
from desktop.infra.paths import resource_path
from tests.helpers.font_files import WIN_EN, WIN_ZH, sfnt, ttc, windows_names


def _font_folder(root: Path) -> Path:
    """A fake Windows-like font folder: 仿宋_GB2312 under a file name that does not say so,
    楷体 with only its English name, 黑体 inside a collection, and files that are not fonts."""
    (root / "sub" / "deeper").mkdir(parents=True)
    (root / "simfang.ttf").write_bytes(sfnt(windows_names((WIN_EN, "FangSong_GB2312"), (WIN_ZH, "仿宋_GB2312"))))
    (root / "sub" / "deeper" / "KAITI.TTF").write_bytes(sfnt(windows_names((WIN_EN, "KaiTi"))))
    (root / "sub" / "pair.ttc").write_bytes(
        ttc(windows_names((WIN_EN, "SimHei"), (WIN_ZH, "黑体")), windows_names((WIN_EN, "Noto Serif CJK SC")))
    )
    (root / "broken.ttf").write_bytes(b"not a font at all")
    (root / "truncated.otf").write_bytes(sfnt(windows_names((WIN_EN, "Cut Off")))[:20])
    (root / "readme.txt").write_text("仿宋", encoding="utf-8")
    return root


def test_family_names_come_from_the_name_table_in_every_language(tmp_path: Path) -> None:
    folder = _font_folder(tmp_path)
    assert font_file_families(folder / "simfang.ttf") == {"FangSong_GB2312", "仿宋_GB2312"}
    assert font_file_families(folder / "sub" / "pair.ttc") == {"SimHei", "黑体", "Noto Serif CJK SC"}
    assert font_file_families(folder / "broken.ttf") == set()
    assert font_file_families(folder / "truncated.otf") == set()


def test_mac_and_prc_encoded_names_are_decoded(tmp_path: Path) -> None:
    records = [
        (1, 25, 33, 1, "华文仿宋".encode("gb2312")),  # Macintosh, Simplified Chinese
        (3, 3, WIN_ZH, 16, b"".join(bytes([0, c]) if c < 0x80 else bytes([c]) for c in "方正_GBK".encode("gbk"))),
        (3, 1, WIN_EN, 4, "Full Name Is Not A Family".encode("utf-16-be")),
    ]
    path = tmp_path / "mac.ttf"
    path.write_bytes(sfnt(records))
    assert font_file_families(path) == {"华文仿宋", "方正_GBK"}


def test_installed_families_scans_subfolders_and_skips_non_fonts(tmp_path: Path) -> None:
    found = installed_font_families([_font_folder(tmp_path), tmp_path / "missing"], use_fc_list=False)
    assert found == {"FangSong_GB2312", "仿宋_GB2312", "KaiTi", "SimHei", "黑体", "Noto Serif CJK SC"}


def test_the_layouts_name_the_official_fonts() -> None:
    preset = json.loads(resource_path("layouts", "gbt9704.json").read_text(encoding="utf-8"))
    names = layout_font_names(preset["fonts"])
    assert {"方正小标宋简体", "仿宋_GB2312", "楷体_GB2312", "黑体", "宋体"} <= set(names)
    assert len(names) == len(set(names))
    table = load_font_table()
    assert all(table.fallbacks.get(n) for n in names), "every font a layout names has approved fallbacks"


def test_missing_fonts_get_the_first_installed_fallback(tmp_path: Path) -> None:
    installed = installed_font_families([_font_folder(tmp_path)], use_fc_list=False)
    checks = {
        c.name: c for c in check_fonts(["仿宋_GB2312", "楷体_GB2312", "黑体", "方正小标宋简体", "宋体"], installed)
    }
    assert checks["仿宋_GB2312"].installed and checks["仿宋_GB2312"].fallback is None
    assert checks["黑体"].installed
    # 楷体 is installed under its English name only (KaiTi): matched through the alias table.
    assert not checks["楷体_GB2312"].installed and checks["楷体_GB2312"].fallback == "楷体"
    # Neither 华文中宋 nor 宋体 nor 思源宋体 is here: the first approved one present is Noto.
    assert checks["方正小标宋简体"].fallback == "Noto Serif CJK SC"
    assert fallback_map(checks.values()) == {
        "楷体_GB2312": "楷体",
        "方正小标宋简体": "Noto Serif CJK SC",
        "宋体": "Noto Serif CJK SC",
    }
    message = describe_font_checks(list(checks.values()))
    assert "楷体_GB2312（可改用“楷体”）" in message and "仿宋_GB2312" not in message


def test_no_fallback_installed_is_said_plainly() -> None:
    table = FontTable(aliases={}, fallbacks={"方正小标宋简体": ("华文中宋", "宋体")})
    [check] = check_fonts(["方正小标宋简体"], installed={"DejaVu Sans"}, table=table)
    assert not check.installed and check.fallback is None and check.candidates == ("华文中宋", "宋体")
    assert "没有可替代的字体" in describe_font_checks([check])
    assert (
        describe_font_checks(check_fonts(["宋体"], installed={"SIMSUN"}, table=load_font_table()))
        == "版式所需字体均已安装。"
    )
