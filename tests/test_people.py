"""Speakers are people: a full name means that person only, a shared surname is asked back,
and a name nobody in the articles has is never answered with someone who shares a word of it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import bot_over

ARTICLES = {
    "budget.txt": (
        "Treasury sets out spending plans\n\n"
        "Chancellor Gordon Brown said on Tuesday that the budget would protect schools.\n\n"
        '"We will not gamble with the recovery," Brown told reporters in Leeds.\n'
    ),
    "novel.txt": (
        "Novelist begins book tour\n\n"
        "The novelist Dan Brown said his new thriller was written in eleven months.\n\n"
        '"I wrote most of it before sunrise," Brown said at a bookshop in Exeter.\n'
    ),
    "summit.txt": (
        "Leaders meet at the coast\n\n"
        "Prime Minister Helen Marsh said the summit had agreed on fishing quotas.\n"
    ),
    "summit-wire.txt": (
        "Coastal summit ends with a deal\n\n"
        "Prime Minister Helen Marsh said the summit had agreed on fishing quotas.\n\n"
        "Boats from four countries will share the catch.\n"
    ),
    "clinic.txt": (
        "Clinic opens in the old mill\n\n"
        "Health Minister Ana Ruiz said the clinic would open on Saturdays as well.\n"
    ),
    "ward.txt": (
        "Prime minister opens a hospital ward\n\n"
        "Prime Minister Tony Blair said the health service needed more nurses.\n\n"
        "The Irish boys' choir said it would sing at the opening of the new wing.\n"
    ),
    # a surname that is also a title ("King"), a role written alone ("the king"), a namesake
    # by first name (Lena), and a nickname beside the full given name (Ken, Kenneth)
    "choir.txt": (
        "Choir raises money for the roof\n\n"
        "Choir leader Lena King said the winter concert would pay for the new roof.\n"
    ),
    "gallery.txt": (
        "Gallery extends its hours\n\n"
        "The curator Lena Ortiz said the gallery would stay open until nine on Fridays.\n"
    ),
    "palace.txt": (
        "Bridge to be named after the town\n\n"
        "The king told the crowd that the new bridge would carry the town's name.\n"
    ),
    "pier.txt": (
        "Pier to close for repairs\n\n"
        "Kenneth Dale, the harbour master, said the pier would close for a month.\n\n"
        '"We have no choice about it at all," Ken Dale told the council.\n'
    ),
    # one speaker quoted twelve times in one article
    "market.txt": "Market moves to the old square\n\n"
    + "\n\n".join(
        f'"The stalls in row {row} will open at {hour} on Saturdays," Mayor Rosa Lind said.'
        for row, hour in zip("ABCDEFGHJKLM", range(6, 18), strict=True)
    )
    + "\n",
}


# Other news, so that a topic's nearest passages are not simply every passage there is.
FILLER = {
    f"filler-{n}.txt": f"{title}\n\n{body}\n"
    for n, (title, body) in enumerate(
        [
            ("Harvest starts early", "Farmers in the valley began cutting barley this week."),
            ("Storm closes harbour", "High winds kept the ferry in port for a second day."),
            ("Library reopens", "The town library reopened after a year of repairs."),
            ("Marathon draws crowds", "Thousands lined the streets for the city marathon."),
            (
                "Bridge repairs delayed",
                "Engineers found rust in the main span of the bridge. The repairs will cost four "
                "million pounds and finish in 2027.",
            ),
            ("School adds music room", "Pupils will have a new music room from September."),
            ("Orchard sells out", "The orchard sold its whole crop of pears at the market."),
            ("Train timetable changes", "Evening trains will run every twenty minutes."),
        ]
    )
}


@pytest.fixture(scope="module")
def bot(tmp_path_factory: pytest.TempPathFactory, encoder):
    citebot = bot_over(tmp_path_factory.mktemp("people"), {**ARTICLES, **FILLER}, encoder)
    yield citebot
    citebot.close()


def _speakers(answer) -> set[str]:
    return {q.speaker for q in answer.quotes}


def test_a_shared_surname_is_asked_back_and_cites_nothing(bot) -> None:
    answer = bot.ask("What did Brown say?")
    assert not answer.found and answer.quotes == [] and answer.sources == []
    assert answer.headline.startswith("Which Brown:")
    assert [c.speaker for c in answer.clarify] == ["Gordon Brown", "Dan Brown"]
    assert [c.question for c in answer.clarify] == [
        "What did Gordon Brown say?",
        "What did Dan Brown say?",
    ]
    assert answer.as_dict()["clarify"][0]["role"] == "Chancellor"


def test_the_reply_to_which_one_answers_for_that_person(bot) -> None:
    conversation = bot.new_conversation()
    conversation.ask("What did Brown say about the book?")
    picked = conversation.ask("2")
    assert picked.found and _speakers(picked) == {"Dan Brown"}
    assert picked.resolved_question == "What did Dan Brown say about the book?"
    conversation.ask("What did Brown say?")
    by_name = conversation.ask("Gordon Brown")
    assert _speakers(by_name) == {"Gordon Brown"} and by_name.clarify == []


def test_a_full_name_means_that_person_only(bot) -> None:
    assert _speakers(bot.ask("What did Gordon Brown say?")) == {"Gordon Brown"}
    assert _speakers(bot.ask("What did Dan Brown say?")) == {"Dan Brown"}


def test_a_surname_that_is_also_a_title_means_that_person(bot) -> None:
    answer = bot.ask("What did Lena King say?")
    assert answer.clarify == [] and _speakers(answer) == {"Lena King"}
    assert _speakers(bot.ask("What did the king say?")) == {"king"}


@pytest.mark.parametrize("question", ["What did Ken Dale say?", "What did Kenneth Dale say?"])
def test_a_nickname_and_the_full_given_name_are_one_person(bot, question: str) -> None:
    answer = bot.ask(question)
    assert _speakers(answer) == {"Kenneth Dale"} and len(answer.quotes) == 2


def test_a_speaker_quoted_a_dozen_times_in_one_article_is_shown_on_one_page(bot) -> None:
    answer = bot.ask("What did Rosa Lind say?")
    assert len(answer.quotes) == 12 and not answer.has_more


@pytest.mark.parametrize("question", ["What did Cherie Blair say?", "What did Oliver Irish say?"])
def test_a_name_nobody_has_is_not_answered_with_a_namesake(bot, question: str) -> None:
    answer = bot.ask(question)
    assert not answer.found and answer.quotes == []


def test_the_json_answer_has_paging_and_clarify_fields(bot) -> None:
    conversation = bot.new_conversation()
    first = json.loads(json.dumps(conversation.ask("What did Tony Blair say?").as_dict()))
    assert (first["page"], first["has_more"], first["clarify"]) == (1, False, [])
    assert first["quotes"][0]["speaker"] == "Tony Blair"


def test_a_pronoun_after_an_ask_back_refers_to_nobody(bot, tmp_path: Path) -> None:
    conversation = bot.new_conversation()
    conversation.ask("What did Brown say?")
    assert not conversation.ask("What else did he say?").quotes


def test_a_role_is_answered_by_the_person_the_articles_give_it(bot) -> None:
    answer = bot.ask("What did the chancellor say?")
    assert _speakers(answer) == {"Gordon Brown"}
    assert answer.headline == "Gordon Brown, Chancellor:"


def test_a_role_two_people_held_is_asked_back(bot) -> None:
    answer = bot.ask("What did the prime minister say?")
    assert not answer.found and answer.headline.startswith("Which prime minister:")
    assert {c.speaker for c in answer.clarify} == {"Tony Blair", "Helen Marsh"}


def test_a_role_nobody_holds_is_not_answered_with_a_namesake(bot) -> None:
    assert not bot.ask("What did the home secretary say?").quotes


def test_the_same_words_in_two_articles_are_shown_once_with_both_citations(bot) -> None:
    answer = bot.ask("What did Helen Marsh say?")
    assert len(answer.quotes) == 1
    quote = answer.as_dict()["quotes"][0]
    assert {c["article_id"] for c in quote["citations"]} == {"summit", "summit-wire"}
    assert quote["citation"] == quote["citations"][0]
    assert len(answer.sources) == 2 and "[1][2]" in answer.answer


def test_a_topic_the_speaker_never_spoke_about_is_said_plainly(bot) -> None:
    answer = bot.ask("What did Dan Brown say about fishing quotas?")
    assert not answer.found and answer.quotes == []
    assert answer.headline == "Dan Brown is quoted in my sources, but not about fishing quotas."
    assert _speakers(bot.ask("What did Dan Brown say about his thriller?")) == {"Dan Brown"}


def test_she_and_he_follow_the_people_of_the_conversation_by_gender(bot) -> None:
    conversation = bot.new_conversation()
    conversation.ask("What did Ana Ruiz say?")
    conversation.ask("What did Tony Blair say?")
    she = conversation.ask("What did she say?")
    assert she.resolved_question == "What did Ana Ruiz say?" and _speakers(she) == {"Ana Ruiz"}
    he = conversation.ask("What did he say?")
    assert _speakers(he) == {"Tony Blair"}


def test_a_pronoun_with_no_one_to_refer_to_invents_nobody(bot) -> None:
    answer = bot.new_conversation().ask("What did she say?")
    assert not answer.found and "whom you mean by “she”" in answer.headline
    conversation = bot.new_conversation()
    conversation.ask("What did Tony Blair say?")
    assert not conversation.ask("What else did she say?").quotes


@pytest.mark.parametrize(
    "question",
    [
        "What is the population of Exeter?",  # Exeter is in the articles, its population is not
        "Who won the 2021 marathon?",  # the marathon is, that year is not
    ],
)
def test_a_factual_question_sharing_only_some_words_is_not_answered(bot, question) -> None:
    answer = bot.ask(question)
    assert not answer.found and answer.evidence == [] and answer.sources == []


def test_a_factual_question_the_articles_answer_is_answered(bot) -> None:
    answer = bot.ask("What is the cost of the bridge repairs?")
    assert answer.found and "four million pounds" in answer.evidence[0].text
    assert "2027" in bot.ask("When will the bridge repairs finish in 2027?").evidence[0].text
