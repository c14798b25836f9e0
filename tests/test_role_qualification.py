"""A role the articles qualify by a country or an organisation ("Norland's Prime Minister")
is another role than the one they give bare ("Prime Minister Clara Bowen"): asked for the bare
role, the answer never merges the two into one line of succession."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

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
