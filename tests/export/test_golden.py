"""Golden file: the whole .docx package for the hand-made speech, timestamps ignored.

A change to any part shows up as a readable diff. After an intended change, regenerate with
SPEECHDRAFT_UPDATE_GOLDEN=1 and review the diff of tests/export/golden/hand_made_docx.txt.
"""

from __future__ import annotations

import os
import re
import zipfile
from pathlib import Path

from lxml import etree

from desktop.export.exporter import export_speech

GOLDEN = Path(__file__).parent / "golden" / "hand_made_docx.txt"
_STAMP = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ")
_VERSION = re.compile(r"(讲稿助手 )[^<]+")


def package_text(path: Path) -> str:
    """Every part, pretty-printed, in package order; creation times and app version blanked."""
    out = []
    with zipfile.ZipFile(path) as z:
        for name in z.namelist():
            xml = etree.tostring(etree.fromstring(z.read(name)), pretty_print=True, encoding="unicode")
            xml = _VERSION.sub(r"\1VERSION", _STAMP.sub("TIMESTAMP", xml))
            out.append(f"=== {name} ===\n{xml}")
    return "".join(out)


def test_docx_package_matches_golden_file(tmp_path, hand_speech):
    got = package_text(export_speech(hand_speech, tmp_path / "hand.docx"))
    if os.environ.get("SPEECHDRAFT_UPDATE_GOLDEN"):
        GOLDEN.write_text(got, encoding="utf-8")
    assert GOLDEN.exists(), "no golden file yet: run once with SPEECHDRAFT_UPDATE_GOLDEN=1"
    assert got == GOLDEN.read_text(encoding="utf-8")


def test_timestamps_are_the_only_difference_between_two_exports(tmp_path, hand_speech):
    a = package_text(export_speech(hand_speech, tmp_path / "a.docx"))
    b = package_text(export_speech(hand_speech, tmp_path / "b.docx"))
    assert a == b
