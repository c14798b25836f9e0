"""Shared fixtures: the real model, loaded once per test session, and real indexes on disk."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

from citebot.bot.answering.service import Citebot
from citebot.bot.settings import Settings
from citebot.embeddings.encoder import Encoder, EncoderConfig, load_encoder

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "000_78a6bd40efd81f0e.txt"
DATA = ROOT / "tests" / "data"


@pytest.fixture(scope="session")
def encoder() -> Encoder:
    return load_encoder(EncoderConfig())


@pytest.fixture
def make_bot(tmp_path: Path, encoder: Encoder):
    """A Citebot on a fresh data directory (function scope: tests may change it)."""
    bots: list[Citebot] = []

    def make(data_dir: Path | None = None, **overrides: object) -> Citebot:
        settings = Settings(data_dir=data_dir or tmp_path / "data", **overrides)  # type: ignore[arg-type]
        bot = Citebot.open(settings, encoder)
        bots.append(bot)
        return bot

    yield make
    for bot in bots:
        bot.close()


@pytest.fixture(scope="session")
def seed_bot(tmp_path_factory: pytest.TempPathFactory, encoder: Encoder) -> Citebot:
    """The seed article indexed once, shared read-only by the answer tests."""
    bot = Citebot.open(Settings(data_dir=tmp_path_factory.mktemp("seed")), encoder)
    report = bot.ingest([SEED])
    assert len(report.added) == 1, report
    return bot
