"""The name a quote is credited to is the person's own name as the article writes it: with a
middle initial, without a generational suffix, a party word or an employer before it, so that
"What did Lena Dahl say?" finds it and the surname alone still points to the same person."""

from __future__ import annotations

import pytest
from test_quote_error_classes import said

pytestmark = pytest.mark.usefixtures("parser")  # every test here needs the parser


@pytest.mark.parametrize(
    ("text", "name"),
    [
        (
            "Former Governor Carl T. Brandt spoke in Dover. Brandt said the tax would go.",
            "Carl T. Brandt",
        ),
        (
            "Judge Omar K. Haddad Jr. spoke in Dover. Haddad said the case was closed.",
            "Omar K. Haddad",
        ),
        (
            "Republican Lena Dahl spoke in Dover. Dahl said the bridge would be rebuilt.",
            "Lena Dahl",
        ),
        ("KVRT's Mira Holt spoke in Dover. Holt said the station would close.", "Mira Holt"),
    ],
)
def test_the_surname_alone_is_credited_to_the_full_name(text: str, name: str) -> None:
    assert [s for s, _ in said(text)] == [name]


def test_a_pronoun_after_a_name_with_an_initial_gets_the_whole_name() -> None:
    text = "Carl T. Brandt spoke in Dover. “We will cut the tax,” he said."
    assert said(text) == [("Carl T. Brandt", "“We will cut the tax,”")]


def test_an_abbreviated_title_opens_the_source_of_according_to() -> None:
    text = (
        "According to Rep. Trey Lund, congressional probing of the scandal was at least partly "
        "responsible for its exposure."
    )
    assert said(text) == [
        (
            "Trey Lund",
            "congressional probing of the scandal was at least partly responsible for its exposure",
        )
    ]
