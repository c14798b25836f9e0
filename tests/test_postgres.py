"""Server mode against a real PostgreSQL server: the same library behaviour as the embedded
store, with many processes sharing one database."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import psycopg
import pytest

from citebot.bot.answering.service import Citebot
from citebot.bot.devtools.benchmark import CountingEncoder
from citebot.bot.settings import Settings, SettingsError
from citebot.retrieval.articles.passages import passages_of
from citebot.retrieval.consistency import check
from citebot.retrieval.library import LibraryError
from citebot.retrieval.storage.migrations import SCHEMA_VERSION, migrations
from citebot.retrieval.storage.postgres_store import PostgresStore
from citebot.retrieval.storage.store import Store
from tests.conftest import DATA, ROOT, SEED
from tests.crash_trials import short_records

SEED_ID = "000_78a6bd40efd81f0e"

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


# -- many processes on one database ----------------------------------------------------------
def _citebot(database_url: str, *args: str) -> subprocess.Popen[str]:
    env = {**os.environ, "CITEBOT_DATABASE_URL": database_url, "HF_HUB_OFFLINE": "1"}
    return subprocess.Popen(
        [sys.executable, "-m", "citebot.bot", *args],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _feed(path: Path, records: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def _wait_for(condition, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.1)


def test_two_ingest_processes_and_a_serving_one_share_the_database(
    make_bot, database_url, tmp_path: Path
) -> None:
    """Two `citebot ingest` processes on overlapping feeds at once, no lock between them; a
    serving process already answering sees their articles without a restart."""
    serving = make_bot(database_url=database_url)
    serving.ingest([SEED])
    assert serving.ask("What did Medvedev say?").found  # its vector index is built and followed
    records = short_records()[:12]
    first = _feed(tmp_path / "first.jsonl", records[:7])
    second = _feed(tmp_path / "second.jsonl", records[5:])  # two articles in both feeds
    workers = [_citebot(database_url, "ingest", str(f)) for f in (first, second)]
    for worker in workers:
        _, err = worker.communicate(timeout=300)
        assert worker.returncode == 0, err
    listed = {a.id: a for a in serving.list_articles()}
    assert sorted(listed) == sorted([r["id"] for r in records] + [SEED_ID])
    for article in records:  # each once, whole: as many passages as the text has
        stored = serving.library.article(article["id"])
        assert listed[article["id"]].n_passages == len(passages_of(stored))
    last = records[-1]

    def found_last() -> bool:
        hits = serving.library.search(last["title"], 5)
        return any(h.passage.article_id == last["id"] for h in hits)

    _wait_for(found_last)
    assert check(serving.library).ok, check(serving.library).render("")


def test_a_killed_ingest_leaves_a_consistent_database(make_bot, database_url, tmp_path) -> None:
    records = short_records()[:16]
    feed = _feed(tmp_path / "feed.jsonl", records)
    watcher = make_bot(database_url=database_url)
    worker = _citebot(database_url, "ingest", str(feed))
    _wait_for(lambda: watcher.library.store.generation >= 3 or worker.poll() is not None, 300)
    worker.send_signal(signal.SIGKILL)
    worker.wait()
    report = check(watcher.library)
    assert report.ok, report.render("")
    stored = {a.id: a for a in watcher.list_articles()}
    for article_id, info in stored.items():  # whole articles only
        assert info.n_passages == len(passages_of(watcher.library.article(article_id)))
    rerun = _citebot(database_url, "ingest", str(feed))
    out, err = rerun.communicate(timeout=300)
    assert rerun.returncode == 0, err
    assert f"{len(records) - len(stored)} added" in out
    assert len(watcher.list_articles()) == len(records)
    assert check(watcher.library).ok


def test_a_server_that_goes_away_and_comes_back(
    make_bot, database_url, pg_server, tmp_path
) -> None:
    serving = make_bot(database_url=database_url)
    serving.ingest([SEED])
    assert serving.ask("What did Medvedev say?").found
    pg_server.stop()
    try:
        with pytest.raises(
            LibraryError, match=r"cannot reach the database .* is the server running"
        ):
            serving.ask("What did Medvedev say?")
    finally:
        pg_server.resume()
    assert serving.ask("What did Medvedev say?").found  # the same process, no restart
    story = tmp_path / "harbour.txt"
    story.write_text(STORY)
    writer = make_bot(tmp_path / "other", database_url=database_url)
    writer.ingest([story])
    _wait_for(lambda: serving.ask("What did Anna Lindqvist say?").found)  # followed again


# -- schema ----------------------------------------------------------------------------------
def test_both_stores_have_the_same_schema_versions() -> None:
    versions = {e: [m.version for m in migrations(e)] for e in ("sqlite", "postgres")}
    assert versions["sqlite"] == versions["postgres"] == sorted(set(versions["sqlite"]))
    assert versions["sqlite"][0] == 1 and versions["sqlite"][-1] == SCHEMA_VERSION


def test_db_migrate_brings_a_database_up_to_date_once(database_url) -> None:
    first = _citebot(database_url, "db", "migrate")
    out, err = first.communicate(timeout=120)
    assert first.returncode == 0, err
    assert "applied 0001_initial.sql" in out and f"schema {SCHEMA_VERSION}" in out
    second = _citebot(database_url, "db", "migrate")
    out, _ = second.communicate(timeout=120)
    assert "applied" not in out and "(up to date)" in out


def test_a_database_from_a_newer_citebot_is_refused(make_bot, database_url) -> None:
    make_bot(database_url=database_url).close()  # migrated on first use
    with psycopg.connect(database_url, autocommit=True) as conn:
        conn.execute("INSERT INTO schema_migrations(version, name) VALUES (99, 'future.sql')")
    with pytest.raises(
        LibraryError, match=f"has schema 99, this citebot knows schema {SCHEMA_VERSION}"
    ):
        make_bot(database_url=database_url)


def test_the_database_url_is_checked_and_its_password_never_shown(make_bot, tmp_path) -> None:
    settings = Settings.from_env({"CITEBOT_DATABASE_URL": "postgresql://bot:hunter2@db/news"})
    assert "hunter2" not in repr(settings)
    with pytest.raises(SettingsError, match=r"CITEBOT_DATABASE_URL.*postgresql://"):
        Settings.from_env({"CITEBOT_DATABASE_URL": "mysql://bot@db/news"})
    nowhere = f"postgresql://bot:hunter2@/news?host={tmp_path}"  # no server listens there
    with pytest.raises(LibraryError, match=r"cannot reach the database .*bot:\*\*\*@") as e:
        make_bot(database_url=nowhere)
    assert "hunter2" not in str(e.value)


def test_a_replaced_article_is_never_cut_with_new_offsets(make_bot, database_url, tmp_path) -> None:
    """The moment between another process's replace and this process's follower catching up:
    quotes read live must not be cut out of the old, cached text."""
    story = tmp_path / "harbour.txt"
    story.write_text(STORY)
    serving = make_bot(database_url=database_url)
    serving.ingest([story])
    store = serving.library.store
    store.followed = store.generation  # a follower that has not seen the next write yet
    assert "fifty years" in serving.library.article("harbour").text  # cached
    story.write_text("Harbour plan dropped\n\n" + EDITED.split("\n\n", 1)[1])
    writer = make_bot(tmp_path / "other", database_url=database_url)
    assert writer.ingest([story]).replaced
    answer = serving.ask("What did Anna Lindqvist say?")
    assert "a century" in answer.answer
    for q in answer.quotes:
        text = serving.library.article(q.citation.article_id).text
        assert text[q.citation.start : q.citation.end] == q.text


def test_the_server_store_answers_every_query_the_embedded_one_does() -> None:
    """A query added to one store and not the other fails here, before any user sees it."""

    def public(cls: type) -> set[str]:
        return {n for n in dir(cls) if not n.startswith("_")}

    # SQLite's own: a second connection; the vector file's rebuild (a server replica reads
    # snapshot_embeddings, which also gives the generation to follow from)
    embedded_only = {"reader", "all_embeddings"}
    assert public(Store) - public(PostgresStore) <= embedded_only
