"""Reading an exported file back gives the same paragraphs and the same outline."""

from __future__ import annotations

import pytest

from desktop.core.structure import parse
from desktop.export.exporter import export_speech
from desktop.read.files import read_documents
from tests.helpers import SEEDS
from tests.helpers.export_speeches import seed_speech

SEED_FILES = sorted(SEEDS.glob("*.txt"))


@pytest.mark.parametrize("suffix", [".docx", ".txt", ".md"])
@pytest.mark.parametrize("seed", SEED_FILES, ids=lambda p: p.name[:3])
def test_seed_round_trip(tmp_path, seed, suffix):
    speech = seed_speech(seed)
    out = export_speech(speech, tmp_path / f"speech{suffix}")
    docs = read_documents(out)
    assert len(docs) == 1
    assert docs[0].paragraphs == [p for p in speech.paragraphs if p.strip()]
    again = parse(docs[0].paragraphs)
    assert again.outline_json() == speech.outline_json()
    assert [(h.level, h.text, h.runin) for h in again.headings] == [(h.level, h.text, h.runin) for h in speech.headings]


@pytest.mark.parametrize("suffix", [".docx", ".txt", ".md"])
def test_export_read_export_changes_nothing(tmp_path, hand_speech, suffix):
    # start from what the parser makes of the text, as a draft opened from a file would
    first = export_speech(parse(hand_speech.paragraphs), tmp_path / f"one{suffix}")
    second = export_speech(parse(read_documents(first)[0].paragraphs), tmp_path / f"two{suffix}")
    if suffix == ".docx":
        assert read_documents(first)[0].paragraphs == read_documents(second)[0].paragraphs
    else:
        assert first.read_bytes() == second.read_bytes()
