"""A surname alone names one person even when the article names two people who share it: the
one it names most often in full (the first of equals), or, after "Mr."/"Mrs.", the one of that
gender. A word the writer also uses in lower case before a name ("Rival", "Top") is not part of
it, and a dateline's dash does not join the city to the name after it."""

from __future__ import annotations

import pytest
from test_quote_error_classes import said

from citebot.retrieval.quotes.extraction import extract_quotes

pytestmark = pytest.mark.usefixtures("parser")  # every test here needs the parser


def test_a_namesake_mentioned_in_passing_does_not_take_the_speakers_surname() -> None:
    text = (
        "Senator Paul Okafor spoke for six hours on Tuesday.\n\n"
        "He paid tribute to Grace Okafor, a nurse who died in the flood.\n\n"
        "“Nobody should drown waiting for a boat,” Okafor said."
    )
    assert said(text) == [("Paul Okafor", "“Nobody should drown waiting for a boat,”")]


def test_mr_and_mrs_pick_the_namesake_of_that_gender() -> None:
    text = (
        "Helen Ward campaigned in Leeds. Her husband, Robert Ward, stayed in York.\n\n"
        "Mrs. Ward said the rail line would be finished. Mr. Ward said the voters were tired."
    )
    assert [s for s, _ in said(text)] == ["Helen Ward", "Robert Ward"]


def test_a_word_the_article_writes_in_lower_case_is_not_a_first_name() -> None:
    text = (
        "Rival Nadia Petrov attacked the plan on Monday. Her rival has not answered.\n\n"
        "Petrov said the plan would close two schools."
    )
    assert [s for s, _ in said(text)] == ["Nadia Petrov"]
    assert [q.speaker_role for q in extract_quotes(text)] == [""]  # no role "Rival" either


def test_a_double_surname_alone_is_the_whole_name() -> None:
    text = (
        "Lucia Ferrer Soto chairs the committee. Ferrer Soto said the vote would wait.\n\n"
        "Ferrer Soto told reporters that the budget was late."
    )
    assert {s for s, _ in said(text)} == {"Lucia Ferrer Soto"}


def test_a_dateline_city_is_not_part_of_the_name_after_it() -> None:
    text = "HARTFORD - Dana Whitfield opened the session. Whitfield said the tolls would stay."
    assert [s for s, _ in said(text)] == ["Dana Whitfield"]
