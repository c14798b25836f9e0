"""Identical texts under two ids are one article: the second id is an alias that ``list``
shows, answers cite and ``remove`` accepts, and a resumed ingest ends where a clean one ends."""

from __future__ import annotations

import json
from pathlib import Path

from citebot.retrieval.articles.loading import article_from_text
from citebot.retrieval.consistency import check
from tests.test_cli import citebot

TEXT = "Same text: the mayor said the bridge will reopen on Monday."
QUESTION = "What did the mayor say?"


def _records(path: Path, *records: tuple[str, str]) -> Path:
    path.write_text("".join(json.dumps({"id": i, "text": t}) + "\n" for i, t in records))
    return path


def _state(bot) -> tuple:
    """What a user sees of an index: the article list and an answer with its sources."""
    answer = bot.ask(QUESTION).as_dict()
    articles = [(a.id, a.title, a.n_passages, a.aliases) for a in bot.list_articles()]
    return articles, answer["answer"], answer["sources"]


def test_a_resumed_ingest_of_duplicates_ends_where_a_clean_one_ends(
    tmp_path: Path, make_bot
) -> None:
    dup = _records(tmp_path / "dup.jsonl", ("a", TEXT), ("b", TEXT))
    clean = citebot(tmp_path / "D1", "ingest", str(dup))
    assert clean.returncode == 0, clean.stderr
    assert "added     a:" in clean.stdout and "b: same text as a" in clean.stdout
    first = _records(tmp_path / "a.jsonl", ("a", TEXT))  # the run a crash cut short
    assert citebot(tmp_path / "D2", "ingest", str(first)).returncode == 0
    resumed = citebot(tmp_path / "D2", "ingest", str(dup))
    assert "unchanged a" in resumed.stdout and "b: same text as a" in resumed.stdout
    removed = citebot(tmp_path / "D2", "remove", "b")
    assert removed.returncode == 0 and "removed b" in removed.stdout
    assert "also as" not in citebot(tmp_path / "D2", "list").stdout

    one, two = make_bot(tmp_path / "D1"), make_bot(tmp_path / "D2")
    assert two.ingest([dup]).aliased == [("b", "a")]
    assert _state(one) == _state(two)
    articles, text, sources = _state(one)
    assert articles == [("a", TEXT, 2, ("b",))]
    assert sources[0]["aliases"] == ["b"] and "(also filed as b)" in text
    again = one.ingest([dup])  # a rerun changes nothing
    assert again.unchanged == ["a", "b"] and not (again.added or again.aliased)


def test_remove_by_either_id_keeps_the_other(make_bot) -> None:
    bot = make_bot()
    report = bot.library.ingest_articles([article_from_text(TEXT, i) for i in "abc"])
    assert [i.id for i in report.added] == ["a"] and len(report.aliased) == 2
    assert bot.remove("b") and bot.list_articles()[0].aliases == ("c",)
    assert bot.remove("a")  # c inherits the article, its passages and vectors
    assert [(a.id, a.aliases) for a in bot.list_articles()] == [("c", ())]
    assert check(bot.library).ok and bot.ask(QUESTION).found
    assert not bot.remove("a")


def test_an_edited_article_hands_its_old_text_to_its_alias(tmp_path: Path, make_bot) -> None:
    edited = TEXT.replace("Monday", "Friday")
    v1 = _records(tmp_path / "v1.jsonl", ("a", TEXT), ("b", TEXT))
    v2 = _records(tmp_path / "v2.jsonl", ("a", edited), ("b", TEXT))
    updated, fresh = make_bot(tmp_path / "up"), make_bot(tmp_path / "fresh")
    updated.ingest([v1])
    updated.ingest([v2])
    fresh.ingest([v2])
    # Two articles, a edited and b with the old text (passage ids, and so the order of equal
    # scores, differ: b kept the vectors it inherited).
    assert _state(updated)[0] == _state(fresh)[0]
    cited = [
        sorted(
            (e["citation"]["article_id"], e["text"]) for e in b.ask(QUESTION).as_dict()["evidence"]
        )
        for b in (updated, fresh)
    ]
    assert cited[0] == cited[1]
    assert len(updated.list_articles()) == 2 and check(updated.library).ok
