"""Embedded posts: the words before a `— Name (@handle) date` signature are Name's direct quote;
the handle and the date belong to neither. Every post here is written for these tests."""

from __future__ import annotations

import pytest

from citebot.retrieval.quotes.extraction import extract_quotes


@pytest.fixture(autouse=True)
def _backbone(parser) -> None:
    """Every test here needs the parser; load it once for the session."""


def quotes(text: str) -> list[tuple[str, str, str]]:
    """(speaker, kind, quote) of each quote, the quote copied from the text by its offsets."""
    return [(q.speaker, q.kind, text[q.start : q.end]) for q in extract_quotes(text)]


def test_a_post_on_the_signature_line_is_a_quote_by_the_name() -> None:
    text = (
        "Harbour row goes online\n\n"
        "The harbour master answered her critics on Tuesday.\n\n"
        '"Nobody here should believe the pier will open on time. It will not." '
        "— Lena Ortiz (@lenaortiz) March 3, 2024"
    )
    assert quotes(text)[-1] == (
        "Lena Ortiz",
        "direct",
        '"Nobody here should believe the pier will open on time. It will not."',
    )


def test_a_post_in_the_paragraph_before_a_hyphen_signature() -> None:
    text = (
        "The board replied within the hour.\n\n"
        "The pier opens when it is safe, and not a day before. #harbour\n"
        "- Harbour Board (@harbourboard) March 3, 2024"
    )
    speaker, kind, quote = quotes(text)[-1]
    assert (speaker, kind) == ("Harbour Board", "direct")
    assert quote == "The pier opens when it is safe, and not a day before. #harbour"


def test_the_name_is_kept_without_its_handle_and_the_quote_without_the_date() -> None:
    text = "Ferries will run all night on Saturday. — Tom Reyes (@captreyes) 4 May 2025"
    [(speaker, _, quote)] = quotes(text)
    assert speaker == "Tom Reyes"
    assert "@" not in speaker and "2025" not in quote and "Reyes" not in quote


def test_a_quotation_paragraph_signed_by_a_dash_and_a_name_is_that_persons() -> None:
    text = (
        "What the candidates said\n\n"
        "Both spoke at the harbour debate on Thursday.\n\n"
        '"Every ferry will run on time by spring. I wrote the timetable myself."\n\n'
        "- Lena Ortiz.\n\n"
        "The timetable was in fact drawn up by the board.\n\n"
        "“The pier has cost twice what they promised.”\n\n"
        "— Tom McRae"
    )
    assert [(s, q[:12]) for s, _, q in quotes(text)] == [
        ("Lena Ortiz", '"Every ferry'),
        ("Tom McRae", "“The pier ha"),
    ]


def test_a_quotation_in_typewriter_marks_can_be_signed_too() -> None:
    text = "The board met on Thursday.\n\n''We will not cut a single school.''\n\n- Lena Ortiz."
    assert quotes(text) == [("Lena Ortiz", "direct", "''We will not cut a single school.''")]


# Negative cases: no signature, or no words before it.


def test_a_dash_line_that_names_no_one_signs_nothing() -> None:
    text = (
        "The board met on Thursday.\n\n"
        "“The pier has cost twice what they promised.”\n\n"
        "— Staff reports"
    )
    assert [s for s, _, _ in quotes(text)] == [""]


def test_a_dash_and_a_name_after_plain_text_is_no_quote() -> None:
    text = "The board met on Thursday.\n\nThe pier has cost twice the estimate.\n\n— Tom McRae"
    assert quotes(text) == []


def test_a_byline_without_a_handle_is_no_post() -> None:
    text = "The pier opens when it is safe, and not a day before.\n— Lena Ortiz, harbour master"
    assert not any(s == "Lena Ortiz" for s, _, _ in quotes(text))


def test_a_handle_in_running_text_is_no_signature() -> None:
    text = (
        "The account — Lena Ortiz (@lenaortiz) — has three thousand followers in the town, "
        "most of them ferry passengers."
    )
    assert quotes(text) == []


def test_an_introduction_ending_in_a_colon_is_not_the_post() -> None:
    text = "Ortiz posted late on Tuesday:\n— Lena Ortiz (@lenaortiz) March 4, 2024"
    assert quotes(text) == []
