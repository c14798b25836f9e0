"""Factual questions are answered only by sentences that answer them: over articles sharing a
question's words but not answering it, citebot says the sources do not say and cites nothing."""

from __future__ import annotations

import pytest

from citebot.bot.answering.answerability import needs_of
from citebot.bot.answering.service import Citebot
from citebot.bot.devtools.evaluation import TOPIC_KINDS, _read_jsonl, score_topic_checks
from citebot.bot.settings import Settings
from tests.conftest import DATA


@pytest.fixture(scope="module")
def topics_bot(tmp_path_factory: pytest.TempPathFactory, encoder) -> Citebot:
    bot = Citebot.open(Settings(data_dir=tmp_path_factory.mktemp("topics")), encoder)
    bot.ingest([DATA / "topics" / "articles.jsonl"])
    yield bot
    bot.close()


@pytest.mark.parametrize(
    "question",
    [
        "What is the best programming language?",  # the articles: a language, programming
        "What is the population of Australia?",  # the koala population of eastern Australia
        "How much does the new bus route cost?",  # a new bus route, no cost
        "What is the capital of Australia?",
        "What is the largest forest in Queensland?",
    ],
)
def test_a_question_sharing_the_articles_words_but_unanswered_cites_nothing(
    topics_bot: Citebot, question: str
) -> None:
    answer = topics_bot.ask(question)
    assert not answer.found and answer.evidence == [] and answer.quotes == []
    assert answer.sources == []
    assert "nothing in my sources" in answer.headline


@pytest.mark.parametrize(
    ("question", "words"),
    [
        ("How many programmers downloaded the release?", "Thousands of programmers"),
        ("How often will the buses run?", "every twenty minutes"),
        ("When will the library open on Sundays?", "from next month"),
        ("Which language do universities use to teach programming?", "teach programming"),
    ],
)
def test_a_question_the_articles_answer_is_answered(
    topics_bot: Citebot, question: str, words: str
) -> None:
    answer = topics_bot.ask(question)
    assert answer.found and words in answer.evidence[0].text


def test_what_an_answer_must_hold_comes_from_the_question() -> None:
    needs = needs_of("What is the population of Australia?")
    assert needs.terms == ("population",) and needs.kind is not None
    assert not needs.met_by("The koala population of Australia has fallen sharply.")
    assert needs.met_by("Australia has a population of 27 million.")
    best = needs_of("What is the best programming language?")
    assert not best.met_by("The language is used to teach programming.")
    assert needs_of("Who won the 2022 World Cup?").numbers == ("2022",)


def test_the_eval_topic_checks_are_all_right(topics_bot: Citebot) -> None:
    questions = _read_jsonl(DATA / "topics" / "questions.jsonl")
    scores = score_topic_checks(topics_bot, questions)
    assert scores["failures"] == []
    assert {kind: scores[kind]["total"] for kind in TOPIC_KINDS} == {
        "topic": 4,
        "not_about": 2,
        "off_topic_factual": 6,
        "factual": 4,
    }
