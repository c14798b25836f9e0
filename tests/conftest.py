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


@pytest.fixture(scope="session")
def parser():
    """The spaCy backbone of quote extraction, loaded once per session (extraction reuses it)."""
    from citebot.retrieval.quotes.backbone import nlp

    return nlp()


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


def bot_over(folder: Path, articles: dict[str, str], encoder: Encoder) -> Citebot:
    """A Citebot over ``articles`` (file name -> text), written to ``folder`` and ingested,
    its index in ``folder``/data; every article must be added."""
    for name, text in articles.items():
        (folder / name).write_text(text, encoding="utf-8")
    bot = Citebot.open(Settings(data_dir=folder / "data"), encoder)
    report = bot.ingest([folder])
    assert len(report.added) == len(articles), report
    return bot


@pytest.fixture(scope="session")
def seed_bot(tmp_path_factory: pytest.TempPathFactory, encoder: Encoder) -> Citebot:
    """The seed article indexed once, shared read-only by the answer tests."""
    bot = Citebot.open(Settings(data_dir=tmp_path_factory.mktemp("seed")), encoder)
    report = bot.ingest([SEED])
    assert len(report.added) == 1, report
    return bot


@pytest.fixture(scope="session")
def pg_server():
    """A private PostgreSQL server for the whole session (started once, ~2 s).

    Without PostgreSQL installed these tests are skipped with a loud reason, except where
    CITEBOT_REQUIRE_POSTGRES is set (CI's .ci/run sets it and installs the server), where a
    missing server fails them instead."""
    from citebot.bot.devtools.pg_server import (
        ServerUnavailable,
        remove_private_server,
        start_private_server,
    )

    try:
        server = start_private_server()
    except ServerUnavailable as e:
        if os.environ.get("CITEBOT_REQUIRE_POSTGRES"):
            pytest.fail(f"PostgreSQL is required here: {e}")
        pytest.skip(f"POSTGRESQL TESTS SKIPPED: {e}")
    yield server
    remove_private_server(server)


@pytest.fixture
def database_url(pg_server, request: pytest.FixtureRequest) -> str:
    """A fresh, empty database on the session's server, for one test."""
    import re
    import uuid

    name = re.sub(r"\W", "_", request.node.name.lower())[:40] + "_" + uuid.uuid4().hex[:6]
    return pg_server.create_database(name)
