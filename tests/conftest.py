"""Shared fixtures. Importing the fakes registers embedder.fake, stance.fake and summarizer.fake."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

import statement_lens.models.fakes  # noqa: F401  (registers the fake backends)

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

FIXTURES = Path(__file__).parent / "fixtures"
# the seed statement ships once, inside the package (the dashboard opens on it)
SEED_PATH = Path(__file__).parents[1] / "src" / "statement_lens" / "ui" / "seed.txt"


@pytest.fixture(scope="session")
def seed_text() -> str:
    return SEED_PATH.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def real_embedder():
    from statement_lens.models import create

    return create("embedder", "embedder.minilm.v1")


@pytest.fixture()
def fake_settings(tmp_path):
    from statement_lens.config import Settings

    return Settings(
        stance="stance.fake",
        summarizer="summarizer.fake",
        embedder="embedder.fake",
        data_dir=str(tmp_path / "data"),
    )
