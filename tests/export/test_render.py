"""Render exported .docx files with LibreOffice and measure the page: 22 lines, 28 characters, page numbers.

Needs `soffice` on PATH (Debian: libreoffice-writer-nogui fonts-noto-cjk) and PyMuPDF. The fonts
a 公文 names (仿宋_GB2312 …) are absent on Linux; fontconfig stands in a CJK font, and every CJK
font sets ideographs 1 em wide, so line and character counts hold whatever the glyph shapes.
"""

from __future__ import annotations

import collections
import itertools
import os
import shutil
import signal
import statistics
import subprocess
import unicodedata
from pathlib import Path

import pytest

from desktop.export.exporter import export_speech
from tests.helpers import SEEDS
from tests.helpers.export_speeches import seed_speech

pytestmark = pytest.mark.render

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
MM_PER_PT = 25.4 / 72
TOP_MM, LEFT_MM, AREA_W_MM, AREA_H_MM = 37.0, 28.0, 156.0, 225.0
TIMEOUT_S = 180


def _render(docx: Path, tmp_path: Path) -> Path:
    if SOFFICE is None:
        pytest.skip("LibreOffice (soffice) is not on PATH; install libreoffice-writer-nogui to run rendering tests")
    pymupdf = pytest.importorskip("pymupdf", reason="PyMuPDF is in the test extras (pip install -e .[test])")
    del pymupdf
    out = tmp_path / "pdf"
    cmd = [
        SOFFICE,
        f"-env:UserInstallation={(tmp_path / 'lo-profile').as_uri()}",
        "--headless",
        "--invisible",
        "--norestore",
        "--nolockcheck",
        "--convert-to",
        "pdf:writer_pdf_Export",
        "--outdir",
        str(out),
        str(docx),
    ]
    env = dict(os.environ, HOME=str(tmp_path))
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, start_new_session=True)
    try:
        _, err = proc.communicate(timeout=TIMEOUT_S)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate()
        pytest.fail(f"LibreOffice did not finish within {TIMEOUT_S}s")
    pdf = out / (docx.stem + ".pdf")
    assert pdf.exists(), err.decode(errors="replace")[-500:]
    return pdf


def _lines(page) -> list[list[dict]]:
    """Glyphs grouped into lines by baseline, in mm, left to right."""
    glyphs = []
    for block in page.get_text("rawdict")["blocks"]:
        for line in block.get("lines", []):
            for span in line["spans"]:
                for ch in span["chars"]:
                    if ch["c"].strip():
                        glyphs.append(
                            {
                                "c": ch["c"],
                                "x0": ch["bbox"][0] * MM_PER_PT,
                                "x1": ch["bbox"][2] * MM_PER_PT,
                                "ox": ch["origin"][0] * MM_PER_PT,
                                "y": ch["origin"][1] * MM_PER_PT,
                                "size": span["size"],
                            }
                        )
    glyphs.sort(key=lambda g: g["y"])
    lines: list[list[dict]] = []
    for g in glyphs:
        if lines and abs(g["y"] - lines[-1][-1]["y"]) <= 0.7:
            lines[-1].append(g)
        else:
            lines.append([g])
    return [sorted(line, key=lambda g: g["ox"]) for line in lines]


def _measure(pdf: Path) -> dict:
    import pymupdf

    doc = pymupdf.open(pdf)
    area_bottom = TOP_MM + AREA_H_MM
    pages = []
    for page in doc:
        lines = _lines(page)
        body = [ln for ln in lines if TOP_MM - 2 <= ln[0]["y"] <= area_bottom + 0.5]
        foot = [ln for ln in lines if ln[0]["y"] > area_bottom + 0.5]
        pages.append({"body": body, "foot": foot, "title": any(g["size"] > 20 for ln in body for g in ln)})
    body_lines = [ln for p in pages for ln in p["body"] if abs(statistics.median(g["size"] for g in ln) - 16) < 0.6]
    advances = [
        b["ox"] - a["ox"]
        for ln in body_lines
        for a, b in itertools.pairwise(ln)
        if unicodedata.east_asian_width(a["c"]) in "WF" and 4 < b["ox"] - a["ox"] < 7
    ]
    cell = statistics.median(advances)
    right = LEFT_MM + AREA_W_MM
    per_line = collections.Counter()
    for ln in body_lines:
        inside = [g for g in ln if g["x0"] < right - 0.25 * cell]  # punctuation hanging past the edge is not counted
        if not inside or inside[-1]["x1"] < right - 0.5 * cell:
            continue  # a paragraph's short last line
        n = 0.0
        for i, g in enumerate(inside):
            if unicodedata.east_asian_width(g["c"]) in "WF":
                n += 1
            else:
                nxt = inside[i + 1]["ox"] if i + 1 < len(inside) else g["x1"]
                n += min(1.0, (nxt - g["ox"]) / cell)
        per_line[round(n + (inside[0]["x0"] - LEFT_MM) / cell)] += 1
    return {
        "pages": pages,
        "cell_mm": cell,
        "chars_per_full_line": per_line,
        "left_mm": min(ln[0]["x0"] for ln in body_lines),
    }


@pytest.fixture(scope="module")
def rendered(tmp_path_factory) -> dict:
    tmp = tmp_path_factory.mktemp("render")
    # 004: 一、 headings, （一） run-in subheadings, inline 一是; several full pages
    docx = export_speech(seed_speech(SEEDS / "004_2c3ef8135586e5ad.txt"), tmp / "speech.docx")
    return _measure(_render(docx, tmp))


def test_full_pages_hold_22_lines(rendered):
    pages = rendered["pages"]
    assert len(pages) >= 4
    full = [p for p in pages[:-1] if not p["title"]]
    assert full, "no full body page to measure"
    assert [len(p["body"]) for p in full] == [22] * len(full)


def test_full_lines_hold_28_characters(rendered):
    counts = rendered["chars_per_full_line"]
    total = sum(counts.values())
    assert total > 50
    assert counts.most_common(1)[0][0] == 28
    assert counts[28] / total >= 0.8, counts  # lines with half-width digits may come out at 27 or 29
    assert abs(rendered["cell_mm"] - 15.75 * MM_PER_PT) < 0.05


def test_text_block_starts_at_the_left_margin(rendered):
    assert abs(rendered["left_mm"] - LEFT_MM) <= 1.0


def test_page_numbers_dash_form_odd_right_even_left(rendered):
    for index, page in enumerate(rendered["pages"], start=1):
        assert len(page["foot"]) == 1, f"page {index}: {len(page['foot'])} footer lines"
        line = page["foot"][0]
        assert "".join(g["c"] for g in line) == f"—{index}—"
        assert abs(statistics.median(g["size"] for g in line) - 14) < 0.6
        if index % 2:
            gap = LEFT_MM + AREA_W_MM - line[-1]["x1"]  # odd: right, one character in
        else:
            gap = line[0]["x0"] - LEFT_MM  # even: left, one character in
        assert 3.5 <= gap <= 7.2, (index, gap)
