"""Minimal OpenType files for the font detection tests: just a `name` table, as real fonts carry it."""

from __future__ import annotations

import struct

WIN_EN, WIN_ZH = 0x0409, 0x0804


def name_table(records: list[tuple[int, int, int, int, bytes]]) -> bytes:
    """records: (platform, encoding, language, name_id, encoded string)."""
    header = struct.pack(">HHH", 0, len(records), 6 + 12 * len(records))
    entries, strings = b"", b""
    for platform, encoding, language, name_id, raw in records:
        entries += struct.pack(">6H", platform, encoding, language, name_id, len(raw), len(strings))
        strings += raw
    return header + entries + strings


def windows_names(*families: tuple[int, str]) -> list[tuple[int, int, int, int, bytes]]:
    return [(3, 1, lang, 1, text.encode("utf-16-be")) for lang, text in families]


def sfnt(records: list[tuple[int, int, int, int, bytes]], base: int = 0) -> bytes:
    """One font face whose table offsets count from `base` (its place inside a collection)."""
    table = name_table(records)
    directory = struct.pack(">IHHHH", 0x00010000, 1, 16, 0, 0)
    offset = base + len(directory) + 16
    return directory + struct.pack(">4sIII", b"name", 0, offset, len(table)) + table


def ttc(*faces: list[tuple[int, int, int, int, bytes]]) -> bytes:
    header_len = 12 + 4 * len(faces)
    body, offsets = b"", []
    for records in faces:
        offsets.append(header_len + len(body))
        body += sfnt(records, base=offsets[-1])
    return b"ttcf" + struct.pack(">HHI", 1, 0, len(faces)) + struct.pack(f">{len(faces)}I", *offsets) + body
