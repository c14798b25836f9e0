"""Server mode against a real PostgreSQL server: the same library behaviour as the embedded
store, with many processes sharing one database."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from citebot.bot.answering.service import Citebot
from citebot.bot.devtools.benchmark import CountingEncoder
from citebot.bot.settings import Settings
from citebot.retrieval.library import LibraryError
from tests.conftest import DATA, SEED

QUESTIONS = DATA / "eval" / "questions.jsonl"

STORY = (
    "Harbour plan approved\n\n"
    'The city council approved the new harbour plan on Tuesday. "This harbour will feed the '
    'town for fifty years," said mayor Anna Lindqvist.\n\n'
    "Critics said the cost was too high.\n"
)
EDITED = STORY.replace("fifty years", "a century")


def test_ingest_replace_and_remove_in_server_mode(make_bot, database_url, tmp_path: Path) -> None:
    story = tmp_path / "harbour.txt"
    story.write_text(STORY)
    bot = make_bot(database_url=database_url)
    report = bot.ingest([story])
    assert [a.id for a in report.added] == ["harbour"]
    answer = bot.ask("What did Anna Lindqvist say?")
    assert answer.found and "fifty years" in answer.answer
    assert bot.ingest([story]).unchanged == ["harbour"]
    story.write_text(EDITED)
    assert [a.id for a in bot.ingest([story]).replaced] == ["harbour"]
    answer = bot.ask("What did Anna Lindqvist say?")
    assert "a century" in answer.answer and "fifty years" not in answer.answer
    for q in answer.quotes:
        text = bot.library.article(q.citation.article_id).text
        assert text[q.citation.start : q.citation.end] == q.text
    assert bot.library.remove("harbour")
    assert not bot.library.remove("harbour")
    assert not bot.ask("What did Anna Lindqvist say?").found
    assert bot.list_articles() == []


def test_a_database_url_of_another_kind_is_refused(make_bot) -> None:
    with pytest.raises(LibraryError, match="unsupported database URL mysql://"):
        make_bot(database_url="mysql://localhost/news")


# -- the same answers as the embedded store ------------------------------------------------------
# The fast suite uses the seed and four short Wikinews articles with their development
# questions; the slow one the seed and the whole corpus with every question.
FEW = {
    "seed_000_78a6bd40efd81f0e",
    "GUM_news_crane",
    "GUM_news_asylum",
    "GUM_news_flag",
    "GUM_news_korea",
}


def _questions(kind: str, docs: set[str] | None) -> list[str]:
    rows = [json.loads(line) for line in QUESTIONS.read_text(encoding="utf-8").splitlines()]
    return [
        r["question"]
        for r in rows
        if r["kind"] == kind
        and (docs is None or r.get("doc_id", "seed_000_78a6bd40efd81f0e") in docs)
    ]


def _open_both(tmp_path_factory, encoder, pg_server, name: str, docs: set[str] | None):
    """The seed and (some of) the Wikinews corpus ingested in each mode, encoded once."""
    records = (DATA / "wikinews" / "articles.jsonl").read_text(encoding="utf-8").splitlines()
    feed = tmp_path_factory.mktemp("feed") / "wikinews.jsonl"
    feed.write_text(
        "".join(r + "\n" for r in records if docs is None or json.loads(r)["id"] in docs)
    )
    shared = CountingEncoder(lambda: encoder, cache={})
    url = pg_server.create_database(name)
    bots = [
        Citebot.open(Settings(data_dir=tmp_path_factory.mktemp("embedded")), shared),
        Citebot.open(
            Settings(data_dir=tmp_path_factory.mktemp("unused"), database_url=url), shared
        ),
    ]
    for bot in bots:
        report = bot.ingest([SEED, feed])
        assert report.added and not report.errors, report
    return bots


def _compare(bots: list[Citebot], docs: set[str] | None) -> None:
    embedded, server = bots
    for question in _questions("who_said_what", docs) + _questions("unanswerable", docs):
        ours, theirs = embedded.ask(question).as_dict(), server.ask(question).as_dict()
        assert ours["quotes"] == theirs["quotes"], question
        assert ours["found"] == theirs["found"], question
    # Lexical ranking differs (BM25 vs PostgreSQL's cover density): the top evidence sentence
    # must still agree on at least 90% of the development factoid questions.
    questions = _questions("factoid", docs)
    same = 0
    for question in questions:
        answers = [bot.ask(question) for bot in bots]
        tops = [a.evidence[0].citation if a.evidence else None for a in answers]
        same += tops[0] == tops[1]
    assert same >= 0.9 * len(questions), f"{same}/{len(questions)} agree"
    for bot in bots:
        bot.close()


def test_answers_match_the_embedded_store(tmp_path_factory, encoder, pg_server) -> None:
    _compare(_open_both(tmp_path_factory, encoder, pg_server, "same_few", FEW), FEW)


@pytest.mark.slow
def test_answers_match_the_embedded_store_on_the_whole_corpus(
    tmp_path_factory, encoder, pg_server
) -> None:
    _compare(_open_both(tmp_path_factory, encoder, pg_server, "same_all", None), None)
