"""A name asked about is one person when the people it finds share the given name, even where
articles wrote a description before it ("Ohioan Nadia Petrov") or gave a middle name: one
answer, no "Which Nadia Petrov?". "A spokesman for Nadia Petrov" and "the Petrov campaign" are
not her; "George W. Kell" and "George H.W. Kell" stay two people to choose from."""

from __future__ import annotations

import pytest

from tests.conftest import bot_over

ARTICLES = {
    "mill.txt": "Mill to reopen\n\nOhioan Nadia Petrov said the steel mill would reopen in spring.",
    "union.txt": "Union backs plan\n\nNadia Ilona Petrov spoke in Toledo on Friday. Petrov said"
    " the union had agreed to the new shifts.",
    "travel.txt": "Senator abroad\n\nA spokesman for Nadia Petrov said the senator was travelling"
    " in Asia. The Petrov campaign said it had raised two million dollars.",
    "father.txt": "War memories\n\nGeorge H.W. Kell spoke first. Kell said the war was over.",
    "son.txt": "A new war\n\nGeorge W. Kell spoke later. Kell said the war had just begun.",
}


@pytest.fixture(scope="module")
def bot(tmp_path_factory: pytest.TempPathFactory, encoder):
    articles = {name: text + "\n" for name, text in ARTICLES.items()}
    citebot = bot_over(tmp_path_factory.mktemp("full-names"), articles, encoder)
    yield citebot
    citebot.close()


def test_a_full_name_gathers_the_persons_quotes_from_every_article(bot) -> None:
    answer = bot.ask("What did Nadia Petrov say?")
    shown = " ".join(q.text for q in answer.quotes)
    assert not answer.headline.startswith("Which")
    assert "steel mill" in shown and "new shifts" in shown
    assert "travelling" not in shown and "two million" not in shown


def test_a_surname_is_the_person_whose_names_share_a_given_name(bot) -> None:
    answer = bot.ask("What did Petrov say?")
    shown = " ".join(q.text for q in answer.quotes)
    assert not answer.headline.startswith("Which")
    assert "steel mill" in shown and "new shifts" in shown
    assert "two million" not in shown and "travelling" not in shown  # campaign, spokesman


@pytest.mark.parametrize("asked", ["What did George Kell say?", "What did Kell say?"])
def test_two_people_whose_middle_initials_differ_are_asked_about(bot, asked: str) -> None:
    answer = bot.ask(asked)
    assert answer.headline.startswith("Which") and not answer.quotes


def test_a_possessive_that_names_no_one_of_its_own_is_answered(bot) -> None:
    # "Petrov's N.Y." leaves no word of its own naming a person once the possessive is set
    # aside; the question used to crash instead of being answered.
    answer = bot.ask("What did Petrov's N.Y. say?")
    assert answer.answer
