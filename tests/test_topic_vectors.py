"""Quotes' topic vectors are made at ingest: "What did X say about Y?" encodes only its topic,
and the vectors follow the quotes through remove, re-extraction, check/repair and older stores."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import numpy as np
import pytest

from citebot.bot.answering.service import Citebot
from citebot.bot.settings import Settings
from citebot.embeddings.encoder import Encoder
from citebot.retrieval.consistency import check, repair
from citebot.retrieval.library import QUOTES_VERSION
from citebot.retrieval.storage.store import Store
from tests.conftest import DATA

TOPICS = DATA / "topics" / "articles.jsonl"


class CountingEncoder:
    """The real model, with a record of every text it is asked to encode."""

    def __init__(self, inner: Encoder, dim: int | None = None) -> None:
        self.inner = inner
        self.dim = dim or inner.dim
        self.name = inner.name
        self.queries: list[str] = []
        self.passages: list[str] = []

    def _cut(self, vectors: np.ndarray) -> np.ndarray:
        """Another model's size: the leading dimensions, normalised again."""
        cut = vectors[:, : self.dim]
        return cut / np.linalg.norm(cut, axis=1, keepdims=True)

    def encode_queries(self, texts: list[str]) -> np.ndarray:
        self.queries += texts
        return self._cut(self.inner.encode_queries(texts))

    def encode_passages(self, texts: list[str]) -> np.ndarray:
        self.passages += texts
        return self._cut(self.inner.encode_passages(texts))


@pytest.fixture
def counted(tmp_path: Path, encoder: Encoder):
    counting = CountingEncoder(encoder)
    bot = Citebot.open(Settings(data_dir=tmp_path / "data"), counting)  # type: ignore[arg-type]
    bot.ingest([TOPICS])
    counting.queries.clear()
    counting.passages.clear()
    yield bot, counting
    bot.close()


def _articles(answer) -> set[str]:
    return {q.citation.article_id for q in answer.quotes}


def test_a_topic_question_encodes_only_its_topic_and_shows_quotes_on_it(counted) -> None:
    bot, counting = counted
    answer = bot.ask("What did Marta Kowalczyk say about the new bus route?")
    assert answer.found and _articles(answer) == {"topics-buses"}
    assert any("direct bus" in q.text for q in answer.quotes)
    assert counting.passages == []  # no quote is encoded at question time
    assert set(counting.queries) == {"the new bus route"}
    answer = bot.ask("What did Kowalczyk say about the library?")
    assert _articles(answer) == {"topics-library"}


def test_a_speaker_never_on_the_topic_is_said_to_be_quoted_but_not_about_it(counted) -> None:
    bot, _ = counted
    answer = bot.ask("What did Tobias Wren say about council tax?")
    assert not answer.found and answer.quotes == [] and answer.evidence == []
    assert "Tobias Wren is quoted" in answer.headline and "not about council tax" in answer.headline


def test_every_quote_has_a_topic_vector_after_ingest_and_remove(counted) -> None:
    bot, _ = counted
    report = check(bot.library)
    assert report.ok, report.render("")
    assert report.counts["quote_vectors"] == report.counts["quotes"] > 0
    assert bot.library.remove("topics-library")
    report = check(bot.library)
    assert report.ok and report.counts["quote_vectors"] == report.counts["quotes"]


def test_a_new_extractor_keeps_the_vectors_of_unchanged_quotes(counted) -> None:
    bot, counting = counted
    before = {s.id for s in bot.library.store.quotes()}
    bot.library.store.set_meta(QUOTES_VERSION, "an older extractor")
    bot.ingest([TOPICS])  # re-extracts every article's quotes
    after = bot.library.store.quotes()
    assert after and not before & {s.id for s in after}  # new rows ...
    assert counting.passages == []  # ... whose words, and so vectors, were known
    assert check(bot.library).ok


def test_an_older_store_without_topic_vectors_answers_and_is_completed(
    counted, tmp_path: Path
) -> None:
    bot, counting = counted
    db = sqlite3.connect(tmp_path / "data" / "citebot.sqlite3")
    with db:
        db.execute("DELETE FROM quote_vectors WHERE quote_id % 2 = 0")  # as before schema 4
        db.execute(  # and a vector of another model's size
            "UPDATE quote_vectors SET embedding = zeroblob(512)"
            " WHERE quote_id = (SELECT MAX(quote_id) FROM quote_vectors)"
        )
    db.close()
    answer = bot.ask("What did Kowalczyk say about the bus route?")
    assert _articles(answer) == {"topics-buses"} and counting.passages == []
    report = check(bot.library)
    assert any("have no topic vector" in p for p in report.derived)
    done = repair(bot.library)
    assert any("encoded the topic vectors of" in line for line in done)
    assert check(bot.library).ok


def test_another_models_dimension_gets_vectors_of_its_own_size(
    tmp_path: Path, encoder: Encoder
) -> None:
    small = CountingEncoder(encoder, dim=128)
    bot = Citebot.open(Settings(data_dir=tmp_path / "small"), small)  # type: ignore[arg-type]
    try:
        bot.ingest([TOPICS])
        assert bot.library.vector_dim == 128
        report = check(bot.library)
        assert report.ok and report.counts["quote_vectors"] == report.counts["quotes"]
        answer = bot.ask("What did Kowalczyk say about the library?")
        assert _articles(answer) == {"topics-library"}
    finally:
        bot.close()


def test_topic_vectors_in_the_server_store(make_bot, database_url: str) -> None:
    bot = make_bot(database_url=database_url)
    bot.ingest([TOPICS])
    report = check(bot.library)
    assert report.ok and report.counts["quote_vectors"] == report.counts["quotes"] > 0
    answer = bot.ask("What did Marta Kowalczyk say about the new bus route?")
    assert _articles(answer) == {"topics-buses"}
    bot.library.store.set_meta(QUOTES_VERSION, "an older extractor")
    bot.ingest([TOPICS])
    assert bot.library.remove("topics-buses")
    report = check(bot.library)
    assert report.ok and report.counts["quote_vectors"] == report.counts["quotes"]


def test_a_schema_2_store_is_migrated_and_its_quotes_get_topic_vectors(
    counted, tmp_path: Path, encoder: Encoder
) -> None:
    bot, _ = counted
    bot.close()
    db = sqlite3.connect(tmp_path / "data" / "citebot.sqlite3")
    with db:  # as a store made before schema 4 (and before the migrations table) looked
        db.execute("DROP TABLE quote_vectors")
        db.execute("ALTER TABLE quotes DROP COLUMN named_start")  # schema 5
        db.execute("ALTER TABLE quotes DROP COLUMN named_end")
        db.execute("DROP INDEX quotes_of_speaker")  # and without what schema 6 adds
        db.execute("DROP INDEX articles_cited")
        db.execute("ALTER TABLE quotes DROP COLUMN words_key")
        db.execute("DROP TABLE schema_migrations")
        db.execute("PRAGMA user_version = 2")
    db.close()
    again = Citebot.open(Settings(data_dir=tmp_path / "data"), encoder)
    try:
        assert "0004_quote_vectors.sql" in again.library.store.applied
        assert not check(again.library).ok  # quotes without topic vectors, until ...
        again.ingest([TOPICS])  # ... the next ingest completes them
        report = check(again.library)
        assert report.ok and report.counts["quote_vectors"] == report.counts["quotes"]
    finally:
        again.close()


def test_a_migration_numbered_below_one_applied_is_still_applied(counted, tmp_path: Path) -> None:
    bot, _ = counted
    bot.close()
    db = sqlite3.connect(tmp_path / "data" / "citebot.sqlite3")
    with db:  # migration 2 landed after migration 4 had been applied here
        db.execute("DROP TABLE aliases")
        db.execute("DELETE FROM schema_migrations WHERE version = 2")
    db.close()
    store = Store(tmp_path / "data" / "citebot.sqlite3")
    try:
        assert store.applied == ["0002_aliases.sql"] and store.has_aliases
    finally:
        store.close()
