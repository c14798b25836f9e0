"""A role the articles qualify by a country or an organisation ("Norland's Prime Minister")
is another role than the one they give bare ("Prime Minister Clara Bowen"): asked for the bare
role, the answer never merges the two into one line of succession."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from citebot.bot.answering.question_parsing import parse_all

ARTICLES = [
    {
        "id": "reid-budget",
        "date": "2010-03-02",
        "title": "Budget protects hospitals",
        "text": "Budget protects hospitals\n\nPrime Minister Tomas Reid said the budget would "
        'protect every hospital in the country.\n\n"We will not close a single ward," Mr Reid '
        "told reporters in the capital.\n",
    },
    {
        "id": "bowen-rail",
        "date": "2011-04-05",
        "title": "New rail line to open next spring",
        "text": "New rail line to open next spring\n\nPrime Minister Clara Bowen said the new "
        'rail line would open next spring.\n\n"Trains will run every ten minutes," Ms Bowen '
        "said at the station.\n",
    },
    {
        "id": "dahl-fish",
        "date": "2011-06-07",
        "title": "Fishing treaty signed",
        "text": "Fishing treaty signed\n\nNorland's Prime Minister Erik Dahl said the fishing "
        'treaty was fair to both fleets.\n\n"Our boats will keep their old waters," Mr Dahl '
        "said after the signing.\n",
    },
    {
        "id": "voss-shops",
        "date": "2011-05-01",
        "title": "Brightmart to open ten shops",
        "text": "Brightmart to open ten shops\n\nBrightmart's chief executive Lena Voss said the "
        'chain would open ten new shops this year.\n\n"Every town deserves a good grocer," Ms '
        "Voss said.\n",
    },
]


@pytest.fixture(scope="module")
def bot(tmp_path_factory: pytest.TempPathFactory, encoder):
    from citebot.bot.answering.service import Citebot
    from citebot.bot.settings import Settings

    where = tmp_path_factory.mktemp("roles")
    corpus = where / "roles.jsonl"
    corpus.write_text("".join(json.dumps(a) + "\n" for a in ARTICLES))
    bot = Citebot.open(Settings(data_dir=where / "data"), encoder)
    assert len(bot.ingest([Path(corpus)]).added) == len(ARTICLES)
    yield bot
    bot.close()


def test_the_bare_role_is_not_merged_with_a_countrys(bot) -> None:
    answer = bot.ask("What did the prime minister say?")
    assert {q.speaker for q in answer.quotes} == {"Clara Bowen"}
    assert {q.citation.article_id for q in answer.quotes} == {"bowen-rail"}
    # who held it before, and which other prime minister is not shown
    assert "before: Tomas Reid until 2010-03-02" in answer.headline
    assert "not shown: Erik Dahl, Norland's Prime Minister, 2011-06-07" in answer.headline
    assert not answer.clarify


def test_the_qualified_role_answers_its_holder_only(bot) -> None:
    answer = bot.ask("What did Norland's prime minister say?")
    assert {q.speaker for q in answer.quotes} == {"Erik Dahl"}
    assert "before" not in answer.headline


def test_an_organisations_role_is_its_holders(bot) -> None:
    answer = bot.ask("What did Brightmart's chief executive say?")
    assert {q.speaker for q in answer.quotes} == {"Lena Voss"}


def test_a_role_in_a_year_is_whom_that_years_articles_give_it(bot) -> None:
    reid = bot.ask("What did the prime minister in 2010 say?")
    assert {q.speaker for q in reid.quotes} == {"Tomas Reid"}
    assert "(in 2010)" in reid.headline
    bowen = bot.ask("What did the prime minister say in 2011?")
    assert {q.speaker for q in bowen.quotes} == {"Clara Bowen"}
    assert "not shown: Erik Dahl" in bowen.headline
    nobody = bot.ask("What did the prime minister in 2009 say?")
    assert not nobody.found and nobody.quotes == []
    assert nobody.headline == "My sources give nobody the role of the prime minister in 2009."


def test_a_year_restricts_a_named_speakers_quotes(bot) -> None:
    answer = bot.ask("What did Clara Bowen say in 2010?")
    assert not answer.found
    assert answer.headline == "Clara Bowen is quoted in my sources, but not in 2010."
    assert bot.ask("What did Clara Bowen say in 2011?").found
    # a year inside the topic is the topic's, not a restriction of the answer
    about = parse_all("What did Clara Bowen say about the flood in 1953?")[0]
    assert (about.year, about.topic) == ("", "the flood in 1953")
