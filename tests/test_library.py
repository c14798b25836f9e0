"""The index on disk: ingest, idempotence, replace, remove, manifest checks, hybrid search."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from citebot.bot.settings import Settings
from citebot.retrieval.library import LibraryError
from tests.conftest import SEED


def test_ingest_is_idempotent_and_stores_offsets(make_bot, tmp_path: Path) -> None:
    bot = make_bot()
    first = bot.ingest([SEED])
    assert [a.id for a in first.added] == ["000_78a6bd40efd81f0e"]
    assert first.added[0].n_quotes >= 10
    again = bot.ingest([SEED])
    assert again.added == [] and again.unchanged == ["000_78a6bd40efd81f0e"]
    article = bot.library.article("000_78a6bd40efd81f0e")
    assert article.text == SEED.read_text(encoding="utf-8")
    hits = bot.library.search("Medvedev Taliban relations", 20)
    assert hits
    for hit in hits:
        assert article.text[hit.passage.start : hit.passage.end].strip()
    for stored in bot.library.store.quotes():
        assert 0 <= stored.quote.start < stored.quote.end <= len(article.text)


def test_changed_file_replaces_old_version_and_remove_deletes(make_bot, tmp_path: Path) -> None:
    bot = make_bot()
    path = tmp_path / "story.txt"
    path.write_text(
        "Flood warning\n\nThe river rose two metres overnight, officials said on Sunday.\n"
    )
    bot.ingest([path])
    path.write_text(
        "Flood warning\n\nThe river rose three metres overnight, officials said on Monday.\n"
    )
    report = bot.ingest([path])
    assert [a.id for a in report.replaced] == ["story"]
    assert [a.id for a in bot.list_articles()] == ["story"]
    assert "three metres" in bot.library.article("story").text
    hits = bot.library.search("How far did the river rise?", 5)
    texts = [bot.library.article("story").text[h.passage.start : h.passage.end] for h in hits]
    assert "three metres" in texts[0] and not any("two metres" in t for t in texts)
    assert bot.library.remove("story")
    assert bot.list_articles() == []
    assert bot.library.search("river", 5) == []
    assert not bot.library.remove("story")


def test_bad_files_change_nothing(make_bot, tmp_path: Path) -> None:
    bot = make_bot()
    bot.ingest([SEED])
    before = (bot.library.store.passage_count(), bot.library.store.generation)
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "empty.txt").write_bytes(b"")
    (bad / "binary.txt").write_bytes(b"\x00\x01\x02\xff" * 100)
    (bad / "latin1.txt").write_bytes("Le maire a déclaré que le pont rouvrira.".encode("latin-1"))
    (bad / "records.jsonl").write_text('{"title": "no text"}\n')
    report = bot.ingest([bad])
    assert report.added == [] and len(report.errors) == 4
    assert (bot.library.store.passage_count(), bot.library.store.generation) == before


def test_index_built_with_another_model_is_refused_with_a_fix(make_bot, tmp_path: Path) -> None:
    data = tmp_path / "data"
    make_bot(data).ingest([SEED])
    manifest = json.loads((data / "manifest.json").read_text())
    assert manifest["model"] == Settings().model and manifest["dim"] == 384
    with pytest.raises(LibraryError, match=r"was built with model .* --model"):
        make_bot(data, model="some/other-model")
    manifest["schema"] = 999
    (data / "manifest.json").write_text(json.dumps(manifest))
    with pytest.raises(LibraryError, match="schema 999"):
        make_bot(data)


def test_lost_vector_file_is_rebuilt_from_the_store(make_bot, tmp_path: Path) -> None:
    data = tmp_path / "data"
    make_bot(data).ingest([SEED])
    (data / "vectors.faiss").write_bytes(b"truncated")
    bot = make_bot(data)
    hits = bot.library.search("Which forum was the Taliban invited to?", 3)
    assert (
        "St. Petersburg International Economic Forum"
        in bot.library.article(hits[0].passage.article_id).text[
            hits[0].passage.start : hits[0].passage.end
        ]
    )


def test_hybrid_search_finds_a_rare_name(seed_bot) -> None:
    hits = seed_bot.library.search("Kabulov", 3)
    text = seed_bot.library.article(hits[0].passage.article_id).text
    assert "Kabulov" in text[hits[0].passage.start : hits[0].passage.end]


def test_wikinews_corpus_ingests_with_metadata(make_bot, tmp_path: Path) -> None:
    bot = make_bot()
    corpus = Path(__file__).parent / "data" / "wikinews" / "articles.jsonl"
    small = tmp_path / "five.jsonl"
    small.write_text("".join(corpus.read_text().splitlines(keepends=True)[:5]))
    report = bot.ingest([small])
    assert len(report.added) == 5 and not report.errors
    assert all(
        a.source == "Wikinews" and a.url.startswith("https://en.wikinews.org/")
        for a in bot.list_articles()
    )


def test_quotes_are_re_extracted_when_the_extractor_changes(make_bot) -> None:
    bot = make_bot()
    bot.ingest([SEED])
    store = bot.library.store
    expected = [(q.quote.start, q.quote.speaker) for q in store.quotes()]
    with store.transaction() as db:  # as left by an older extractor: a quote lost, one misnamed
        db.execute("DELETE FROM quotes WHERE start = (SELECT MIN(start) FROM quotes)")
        db.execute("UPDATE quotes SET speaker = 'Russia''s' WHERE speaker = 'Sergey Lavrov'")
    store.set_meta("quotes_version", "an older extractor")
    report = bot.ingest([SEED])  # nothing new to add, but the quotes are brought up to date
    assert report.unchanged == ["000_78a6bd40efd81f0e"]
    assert [(q.quote.start, q.quote.speaker) for q in store.quotes()] == expected
    assert bot.ask("What did Lavrov say?").found


@pytest.mark.parametrize("engine", ["sqlite", "postgres"])
def test_both_stores_keep_where_each_speaker_is_named(
    engine: str, make_bot, request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    from citebot.retrieval.quotes.extraction import extract_quotes

    text = (
        "Ferry fares to rise\n\n"
        '"Diesel costs us twice what it did," port director Miriam Osei said.\n\n'
        '"Nobody likes dearer tickets." The board meets on Friday.\n'
    )
    path = tmp_path / "ferry.txt"
    path.write_text(text, encoding="utf-8")
    url = request.getfixturevalue("database_url") if engine == "postgres" else None
    bot = make_bot(database_url=url) if url else make_bot()
    bot.ingest([path])
    stored = [s.quote for s in bot.library.store.quotes()]
    assert stored == extract_quotes(text) and len(stored) == 2
    assert text[stored[1].named_start : stored[1].named_end] == "Miriam Osei"
