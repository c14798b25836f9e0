"""A speaker's quotes listed from indexed places and word keys (schema 6): each wording once,
cited everywhere it is reprinted, the words cut from the stored text by offsets; the same in
both stores, and in a store whose quotes were stored before their words had keys."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from citebot.retrieval.library import WORDS_KEYS
from citebot.retrieval.search.statements import words_key
from citebot.retrieval.storage import speaker_rows


def _story(day: str, extra: str, statement: str = "") -> dict:
    statement = statement or (
        '"The old quay will be rebuilt before the winter storms arrive," said harbour master '
        "Ines Varga."
    )
    return {
        "id": f"quay-{day}",
        "title": f"Quay works, day {day}",
        "date": f"2024-03-{day}",
        "source": "Coast Herald",
        "text": f"Quay works, day {day}\n\n{statement}\n\n{extra}\n",
    }


ARTICLES = [
    _story("04", "Fishing boats waited outside the harbour while divers checked the piles."),
    _story(
        "11",
        '"We have ordered timber from the northern mills," Varga said on Monday.',
    ),
    # the same words again, with other punctuation and case: shown once, cited here too
    _story(
        "18",
        "Traffic on the coast road was slow all week.",
        '"The old quay will be rebuilt, before the winter storms arrive!" said harbour master '
        "Ines Varga.",
    ),
    _story("25", "The council will meet again in April to approve the final bill."),
]


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    path = tmp_path / "quay.jsonl"
    path.write_text("".join(json.dumps(a) + "\n" for a in ARTICLES))
    return path


def _shown(bot, question: str) -> list[tuple[str, list[tuple[str, int, int]]]]:
    answer = bot.ask(question)
    assert answer.found, answer.answer
    for q in answer.quotes:  # verbatim: the stored text at the offsets
        for c in q.citations:
            words = bot.library.article(c.article_id).text[c.start : c.end]
            assert words_key(words) == words_key(q.text)
        assert (
            bot.library.article(q.citation.article_id).text[q.citation.start : q.citation.end]
            == q.text
        )
    return [(q.text, [(c.article_id, c.start, c.end) for c in q.citations]) for q in answer.quotes]


def _answers(bot) -> list:
    return [
        _shown(bot, "What did Ines Varga say?"),
        _shown(bot, "What did Varga say, in order?"),
        _shown(bot, "What did Ines Varga say about the quay?"),
        bot.ask("What did Ines Varga say?").answer,
    ]


def test_a_reprinted_statement_is_shown_once_and_cited_in_every_article(make_bot, corpus) -> None:
    bot = make_bot()
    bot.ingest([corpus])
    newest, oldest, _, _ = _answers(bot)
    quay = [cited for text, cited in newest if "old quay" in text]
    assert len(quay) == 1, newest
    # newest article first: the wording of the 25th, then its reprints of the 18th, 11th, 4th
    assert [aid for aid, _, _ in quay[0]] == ["quay-25", "quay-18", "quay-11", "quay-04"]
    reprinted = next(cited for text, cited in oldest if "old quay" in text)
    assert [aid for aid, _, _ in reprinted] == ["quay-04", "quay-11", "quay-18", "quay-25"]
    assert any("timber" in text for text, _ in newest)


def test_quotes_stored_before_their_words_had_keys_answer_the_same(make_bot, corpus) -> None:
    bot = make_bot()
    bot.ingest([corpus])
    before = _answers(bot)
    data = bot.data_dir
    bot.close()
    db = sqlite3.connect(data / "citebot.sqlite3")
    with db:  # as schema 4 left them: no keys, and nothing says they were filled
        db.execute("UPDATE quotes SET words_key = NULL")
        db.execute("DELETE FROM meta WHERE key = ?", (WORDS_KEYS,))
    db.close()
    again = make_bot(data)  # opened for writing: the keys are filled once
    assert again.library.store.quotes_lacking_keys() == []
    assert again.library.store.meta(WORDS_KEYS) == "1"
    assert _answers(again) == before
    again.close()
    db = sqlite3.connect(data / "citebot.sqlite3")
    with db:  # keys missing where nothing may fill them: worked out from the texts instead
        db.execute("UPDATE quotes SET words_key = NULL")
    db.close()
    assert _answers(make_bot(data)) == before


def test_both_stores_list_a_speakers_quotes_the_same(make_bot, corpus, database_url) -> None:
    embedded = make_bot()
    embedded.ingest([corpus])
    server = make_bot(database_url=database_url)
    server.ingest([corpus])
    assert _answers(server) == _answers(embedded)


def test_listing_a_speakers_quotes_reads_indexes_only(make_bot, corpus) -> None:
    """The places of a speaker's quotes come from covering indexes (no table scan, and no
    article row, whose text sits before its date): the cost follows the speaker's quotes."""
    bot = make_bot()
    bot.ingest([corpus])
    db = bot.library.store.reader()
    plans: list[str] = []

    def explain(query: str, args: tuple = ()):
        plans.extend(r[-1] for r in db.execute("EXPLAIN QUERY PLAN " + query, args))
        return db.execute("SELECT 1 WHERE 0")

    sql = speaker_rows.Sql(explain, articles="articles a INDEXED BY articles_cited")
    speaker_rows.places(sql, ["0123456789ab"], ("start", "end"), "q.words_key")
    speaker_rows.facts_of(sql, ["0123456789ab"])
    assert plans and not [p for p in plans if p.startswith("SCAN")], plans
    assert any("COVERING INDEX quotes_of_speaker" in p for p in plans), plans
    assert any("COVERING INDEX articles_cited" in p for p in plans), plans
