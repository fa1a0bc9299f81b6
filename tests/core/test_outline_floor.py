"""The structure parser against the corpus's gold outlines stays above a floor (issue 11).

bench/outline_quality.py measures it; this test fails when a change makes the parser worse than
the floor on the corpus in ../shared/corpus (or $SPEECHDRAFT_CORPUS). The corpus is test data that
is not in the repository: without it (as in CI) the test is skipped.
"""

from __future__ import annotations

import importlib.util
import os
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
CORPUS = Path(os.environ.get("SPEECHDRAFT_CORPUS") or REPO.parent / "shared" / "corpus")
# The targets: heading F1 ≥ 0.97, level accuracy ≥ 0.95, title/salutation/closing ≥ 95%.
FLOORS = {
    "heading_f1": 0.97,
    "level_accuracy": 0.95,
    "title_accuracy": 0.95,
    "salutation_accuracy": 0.95,
    "closing_accuracy": 0.95,
}


def _bench():
    spec = importlib.util.spec_from_file_location("outline_quality", REPO / "bench" / "outline_quality.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up by name
    spec.loader.exec_module(module)
    return module


@pytest.mark.skipif(not (CORPUS / "gold").is_dir(), reason="the development corpus is not on this machine")
@pytest.mark.parametrize("group", ["gov-reports-2026", "speeches", "all"])
def test_outline_quality_stays_above_the_floor(group):
    bench = _bench()
    scores = bench.measure(CORPUS, CORPUS / "gold")
    members = [s for s in scores if group in ("all", s.group)]
    assert members, f"no gold outline scored for {group}"
    figures = bench.totals(members)
    below = {k: round(figures[k], 3) for k, floor in FLOORS.items() if figures[k] < floor}
    assert not below, f"{group}: below the floor {FLOORS}: {below}"
