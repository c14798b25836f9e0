"""Reports around asides and subordinate clauses, each seen in shape on unseen news and written
anew here: unnamed groups that report ("Some say"), a subject the parser reads as a clause, a
fixed phrase that reports nothing, an aside between dashes, a second speaker after the
quotation, a source that relays a quotation, and a clause that only tells when."""

from __future__ import annotations

import pytest
from test_quote_error_classes import said

pytestmark = pytest.mark.usefixtures("parser")  # every test here needs the parser


@pytest.mark.parametrize(
    ("text", "speaker", "content"),
    [
        (
            "Some say the new bridge will never carry trucks.",
            "Some",
            "the new bridge will never carry trucks",
        ),
        (
            "Both said the harbour fees would rise next year.",
            "Both",
            "the harbour fees would rise next year",
        ),
    ],
)
def test_a_group_named_by_a_quantifier_reports_as_written(
    text: str, speaker: str, content: str
) -> None:
    # the quantifier is what the article says spoke: kept as written, never a guessed name
    assert said(text) == [(speaker, content)]


def test_the_writers_demonstrative_is_no_reporter() -> None:
    assert said("This suggests the harbour fees will rise.") == []


def test_a_subject_with_a_participle_phrase_is_the_speaker() -> None:
    text = "Most owners of small shops in the old town going to the hearing said they oppose the new parking rules."
    got = said(text)
    assert [q for _, q in got] == ["they oppose the new parking rules"]
    assert got[0][0].startswith("Most owners of small shops")


def test_a_fixed_phrase_on_a_speech_verb_reports_nothing() -> None:
    assert said("All told, nearly 900 families could lose their homes.") == []
    assert said("Truth be told, the plan was never going to work.") == []


def test_a_report_in_an_aside_between_dashes_ends_at_the_closing_dash() -> None:
    text = (
        "Marta Olsen was a tireless organiser - a former colleague said she answered every "
        "letter herself - and her office ran smoothly."
    )
    assert said(text) == [("a former colleague", "she answered every letter herself")]


def test_each_speaker_after_a_quotation_keeps_their_own_words() -> None:
    text = (
        "“I did not vote for it,” Ivo Brand said, after KVRT's Mira Holt said he had backed "
        "the plan in March."
    )
    assert said(text) == [
        ("Ivo Brand", "“I did not vote for it,”"),
        ("Mira Holt", "he had backed the plan in March"),
    ]


def test_a_source_that_relays_a_quotation_keeps_its_speaker() -> None:
    text = (
        "“The vote was fair,” Mayor Ana Ruiz told a radio station, as reported by the Valley "
        "Herald. “Nobody was turned away.”"
    )
    got = said(text)
    assert ("Ana Ruiz", "“The vote was fair,”") in got
    assert ("Ana Ruiz", "“Nobody was turned away.”") in got


def test_an_as_clause_after_a_speech_verb_tells_when_not_who() -> None:
    got = said("“We are ready,” Chief Lena Dahl said as the crowd yelled: “Stay strong!”")
    assert ("Lena Dahl", "“We are ready,”") in got
    assert all(s != "crowd" or q == "“Stay strong!”" for s, q in got)


def test_as_a_source_reported_still_reports_the_main_clause() -> None:
    text = "As the Valley Herald reported, the ferry will stop running in March."
    assert said(text) == [("Valley Herald", "the ferry will stop running in March")]


def test_a_coordinated_report_of_its_own_ends_the_content_before_it() -> None:
    text = (
        "Lee said if Ruiz is elected mayor, she will bring many more cars to the city under the "
        "new plan and Lee says some of those drivers will be worse than tourists."
    )
    assert [q for _, q in said(text)] == [
        "if Ruiz is elected mayor, she will bring many more cars to the city under the new plan",
        "some of those drivers will be worse than tourists",
    ]


def test_a_dateline_with_an_agency_is_no_speaker() -> None:
    text = (
        "Oslo (AFP) – Labour leader Kari Moen has taken a swipe at her rival's stance on "
        "fishing, saying that reckless comments do more harm than good."
    )
    assert [s for s, _ in said(text)] == ["Kari Moen"]


def test_a_name_before_a_colon_names_the_speaker_of_the_quotation() -> None:
    text = (
        "Senator Hanna Berg and Governor Omar Diaz reject the toll.\n\n"
        "Berg: “Our goal is to scrap the toll, not to cut it.” Diaz: “The toll has to go.”"
    )
    assert said(text) == [
        ("Hanna Berg", "“Our goal is to scrap the toll, not to cut it.”"),
        ("Omar Diaz", "“The toll has to go.”"),
    ]


def test_a_name_after_a_dash_beats_the_verb_before_it() -> None:
    text = "Turnout was high. Pollsters agree - Carl Bialik: “Keep contacting voters as late as possible.”"
    assert [s for s, _ in said(text)] == ["Carl Bialik"]


def test_the_addressee_before_a_colon_is_no_speaker() -> None:
    assert [s for s, _ in said("The mayor told Jane Doe: “We will fix the roads.”")] != ["Jane Doe"]


def test_the_person_called_on_to_act_is_not_the_speaker() -> None:
    text = "On Saturday, Sen. Bernie Sanders (I-Vt.) called on Michigan Gov. Rick Snyder (R) to resign over the crisis."
    assert [s for s, _ in said(text)] == ["Bernie Sanders"]
