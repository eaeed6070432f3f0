"""Shared fixtures: one pipeline per test session, and the sample corpus."""
from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SPECS = Path(__file__).parent / "specs"


@pytest.fixture(scope="session")
def nlp():
    import venextract

    return venextract.load()


@pytest.fixture(scope="session")
def corpus_dir() -> Path:
    return ROOT / "corpus"
