"""Reports whose speaker the sentence does not name are kept with an unknown speaker, never given
to the wrong person: passives ("I was told that ..."), questions put to someone ("Asked
whether ...", "asked about ..."), their agent when there is one ("asked by a reporter"), and a
participle's speaker ("by saying ..."). Every sentence here is written for these tests."""

from __future__ import annotations

import pytest

from citebot.retrieval.quotes.extraction import extract_quotes


@pytest.fixture(autouse=True)
def _backbone(parser) -> None:
    """Every test here needs the parser; load it once for the session."""


def said(text: str) -> list[tuple[str, str]]:
    """(speaker, quote) pairs, each quote copied from the text by its offsets."""
    return [(q.speaker, text[q.start : q.end]) for q in extract_quotes(text)]


def test_a_passive_report_is_kept_with_an_unknown_speaker() -> None:
    text = "Ana Ruiz runs the harbour. I was told that the pier would close for the summer."
    assert said(text) == [("", "that the pier would close for the summer")]


def test_a_question_put_to_someone_is_not_their_words() -> None:
    text = "Asked whether the ferries would still run, Ana Ruiz said the board would decide in May."
    assert said(text) == [
        ("", "whether the ferries would still run"),
        ("Ana Ruiz", "the board would decide in May"),
    ]


def test_the_agent_of_a_passive_question_is_its_speaker() -> None:
    text = "When asked by a reporter if the pier was safe, Tom Reyes smiled."
    assert said(text) == [("a reporter", "if the pier was safe")]


def test_the_topic_of_a_question_is_kept() -> None:
    text = "Ana Ruiz was asked about the harbour budget on Monday."
    assert said(text) == [("", "the harbour budget")]


def test_a_participle_after_by_reports_what_the_subject_said() -> None:
    text = "Tom Reyes answered his critics by saying the pier was safe."
    assert said(text) == [("Tom Reyes", "the pier was safe")]


# Negative cases.


def test_the_writers_own_note_is_no_report() -> None:
    assert said("It should be noted that the board never published its figures.") == []


def test_a_participle_after_for_is_not_the_subjects_words() -> None:
    text = "The council criticised Reyes for saying the pier was safe."
    assert ("council", "the pier was safe") not in said(text)
    assert all(q != "the pier was safe" or s == "" for s, q in said(text))
