"""Typed names find the right speakers (accents or not), and never someone else with a shared
first name."""

from __future__ import annotations

import pytest

from citebot.retrieval.speakers.search import match_speakers, people, resolve_names

SPEAKERS = [
    "Dmitry Medvedev",
    "Sergey Lavrov",
    "Vladimir Putin",
    "Korean Central News Agency",
    "Thomas Sam",
    "Thomas Sam's sister",
    "UK Home Office",
    "Hernan Dario Gomez",
    "Zoë Lefèvre",
    "Harry B. Harris",
]


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("Medvedev", ["Dmitry Medvedev"]),
        ("President Putin", ["Vladimir Putin"]),
        ("Panama coach Hernan Dario Gomez", ["Hernan Dario Gomez"]),
        ("KCNA", ["Korean Central News Agency"]),
        ("the Home Office", ["UK Home Office"]),
        ("Thomas Sam", ["Thomas Sam"]),
        ("Thomas Sam's sister", ["Thomas Sam's sister"]),
        ("Zoe Lefevre", ["Zoë Lefèvre"]),
        ("Pres. Putin", ["Vladimir Putin"]),
        ("Admiral Harris", ["Harry B. Harris"]),
        ("Sergey Brin", []),
        ("Angela Merkel", []),
        ("the", []),
    ],
)
def test_typed_names_match_the_right_speakers(typed: str, expected: list[str]) -> None:
    assert match_speakers(typed, SPEAKERS) == expected


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("Lane's aides", ["Tom Lane's top aides"]),
        ("Tom Lane's top aides", ["Tom Lane's top aides"]),
        ("Lane", ["Tom Lane"]),
        ("Ruiz's aides", []),
    ],
)
def test_a_possessors_aides_are_found_by_the_possessor_and_the_noun(
    typed: str, expected: list[str]
) -> None:
    assert resolve_names(typed, ["Tom Lane", "Tom Lane's top aides", "Mary Ruiz"]) == expected


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        # a title word that ends a name is the surname: "King" is not "Lena Ortiz"
        ("Lena King", ["Lena King"]),
        ("the king", ["the king"]),
        ("the Pope", ["pope"]),
        ("Ada Pope", ["Ada Pope"]),
        # a nickname and the full given name are one person's; another given name is not
        ("Kenneth Dale", ["Ken Dale"]),
        ("Kathleen Dale", []),
        ("Bill Harrow", ["William Harrow"]),
        ("Robin Harrow", []),
    ],
)
def test_surnames_that_are_titles_and_nicknames(typed: str, expected: list[str]) -> None:
    speakers = ["Lena King", "Lena Ortiz", "Ken Dale", "William Harrow", "the king"]
    assert resolve_names(typed, [*speakers, "Ada Pope", "pope"]) == expected


def test_a_bare_title_from_another_article_is_nobodys_surname() -> None:
    """ "The Pope said" in one article is not Ada Pope of another; a bare "Lane" is Tom Lane."""
    assert sorted(people(["Ada Pope", "Pope", "Tom Lane", "Lane"])) == [
        ["Ada Pope"],
        ["Pope"],
        ["Tom Lane", "Lane"],
    ]
