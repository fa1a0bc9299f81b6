"""Fixtures for the export tests (the speeches themselves are in tests.helpers.export_speeches)."""

from __future__ import annotations

import pytest

from desktop.core.document import Speech
from tests.helpers.export_speeches import make_speech


@pytest.fixture
def hand_speech() -> Speech:
    return make_speech()
