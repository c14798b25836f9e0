"""Which spans quote extraction finds and where they end, for the classes measured on unseen
political news: typewriter double quotes, naming/judging/demanding verbs with noun-phrase
contents, short quotations that are sentences of their own, quoted questions in a news story,
and passive cues. Every sentence here is written for these tests."""

from __future__ import annotations

import pytest

from citebot.retrieval.quotes.extraction import extract_quotes


@pytest.fixture(autouse=True)
def _backbone(parser) -> None:
    """Every test here needs the parser; load it once for the session."""


def said(text: str) -> list[tuple[str, str]]:
    """(speaker, quote) pairs, each quote copied from the text by its offsets."""
    return [(q.speaker, text[q.start : q.end]) for q in extract_quotes(text)]


# Two apostrophes as double quotation marks (a typewriter convention some papers keep).


def test_two_apostrophes_mark_a_direct_quote() -> None:
    text = "''The harbour will reopen before the storm season,'' Ms. Ortiz said on Monday."
    quotes = extract_quotes(text)
    assert [(q.speaker, q.kind, text[q.start : q.end]) for q in quotes] == [
        ("Ortiz", "direct", "''The harbour will reopen before the storm season,''")
    ]


def test_a_run_of_typewriter_quotes_keeps_its_speaker() -> None:
    text = (
        "''We asked for the money twice,'' said Karl Brenner, the harbour master. "
        "''Nobody answered either letter.''"
    )
    assert said(text) == [
        ("Karl Brenner", "''We asked for the money twice,''"),
        ("Karl Brenner", "''Nobody answered either letter.''"),
    ]


def test_a_mixed_quote_in_typewriter_marks_runs_to_its_closing_marks() -> None:
    text = "Ms. Ortiz said the ferry contract was ''a gift to the operator.''"
    assert said(text) == [("Ortiz", "the ferry contract was ''a gift to the operator.''")]


def test_an_apostrophe_pair_inside_a_word_is_no_quotation() -> None:
    assert extract_quotes("The boat's owner sold it to the club's members in May.") == []


# Naming, judging and demanding verbs: the noun phrase with its predicate is what was said.


def test_called_x_y_is_the_object_with_its_predicate() -> None:
    text = "Senator Holm called the ferry deal a betrayal of the island."
    assert said(text) == [("Holm", "the ferry deal a betrayal of the island")]


def test_called_with_a_quoted_predicate() -> None:
    text = 'The mayor called the report "a work of fiction" on Tuesday.'
    assert [q for _, q in said(text)] == ['the report "a work of fiction"']


def test_called_for_and_called_on_give_the_demand() -> None:
    assert said("Ms. Ortiz called for an independent audit of the harbour fund.") == [
        ("Ortiz", "an independent audit of the harbour fund")
    ]
    assert said("The union called on the board to reopen the talks.") == [
        ("union", "the board to reopen the talks")
    ]


def test_accused_and_praised_give_the_charge_or_the_praise() -> None:
    assert said("Holm accused the council of hiding the repair bill.") == [
        ("Holm", "the council of hiding the repair bill")
    ]
    assert said("The governor praised the volunteers for their quick and careful work.") == [
        ("governor", "the volunteers for their quick and careful work")
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Ms. Ortiz called a meeting for Friday.",
        "The club will soon call the old boathouse home.",
        "She called her daughter Clara after her grandmother.",
        "A trader accused of fraud left the country in May.",
        "A group called the Harbour Friends cleaned the beach.",
        "The governor praised the volunteers.",
        "Holm called the harbour master twice on Sunday.",
    ],
)
def test_naming_and_judging_verbs_without_a_content_report_nothing(text: str) -> None:
    assert said(text) == []


# Short quotations that are sentences of their own.


def test_a_short_quotation_after_its_cue_is_kept() -> None:
    text = 'Asked whether the ferry would run in winter, Holm said, "Probably."'
    assert said(text)[-1] == ("Holm", '"Probably."')


def test_a_short_quotation_that_follows_an_attributed_one_is_kept() -> None:
    text = '"It is a hard case," Ortiz said. "But, come on."'
    assert said(text) == [("Ortiz", '"It is a hard case,"'), ("Ortiz", '"But, come on."')]


def test_a_short_title_in_quotation_marks_stays_out() -> None:
    assert said('The club screened "Harbour Lights" on Friday night.') == []


# A bare participle is passive: its subject did not do the asking (the asker is unknown).


def test_asked_whether_is_no_report_of_the_one_asked() -> None:
    quotes = said("Asked whether she would run again, Ortiz smiled and left the room.")
    assert quotes == [("", "whether she would run again")]


# Quoted questions inside a news story do not make it an interview.


def test_quoted_questions_do_not_turn_a_story_into_an_interview() -> None:
    paragraphs = [
        "Ortiz spoke for forty minutes at the harbour hall.",
        '"Do we have problems? Of course we do," Ortiz said.',
        '"No!" the crowd shouted back.',
        '"Or do we give up?"',
        '"No!"',
        '"Or do we get to work?"',
        "The dockers in the back rows cheered.",
        '"She has been in office too long," said Karl Brenner. "We need a change."',
    ]
    text = "\n\n".join(paragraphs)
    quotes = said(text)
    assert ("Karl Brenner", '"She has been in office too long,"') in quotes
    assert ("Karl Brenner", '"We need a change."') in quotes
    assert not any(q.startswith("The dockers") for _, q in quotes)


# Paragraphs are the article's lines whatever the line ending.


def test_cr_only_line_endings_separate_paragraphs() -> None:
    text = (
        '"The bridge is closed," Ruiz said.\r'
        '"It stays closed until May," she added.\r'
        "The council met later."
    )
    assert said(text) == [
        ("Ruiz", '"The bridge is closed,"'),
        ("Ruiz", '"It stays closed until May,"'),
    ]


# "As X reported, ...": the clause the "as" attribution qualifies is the report.


def test_an_as_clause_attributes_the_main_clause() -> None:
    text = "As Ortiz noted, the ferry company lost money for a third year."
    assert said(text) == [("Ortiz", "the ferry company lost money for a third year")]
    text = "The ferry company lost money for a third year, as the mayor has acknowledged."
    assert said(text) == [("mayor", "The ferry company lost money for a third year")]


def test_an_as_clause_with_its_own_object_reports_nothing_else() -> None:
    text = "The vote was close, as Ortiz echoed the warning in her speech."
    assert all("The vote was close" not in q for _, q in said(text))


def test_a_story_with_a_few_rhetorical_questions_is_no_interview() -> None:
    paragraphs = [
        "Ortiz arrived at the harbour hall before noon.",
        "Why would a mayor spend a morning with dockers?",
        "She listened for an hour and took notes.",
        "What did she hear?",
        "Mostly complaints about the cranes.",
        "Would the city pay for new ones?",
        "The budget office has not decided.",
        "Ortiz left without speaking to reporters.",
        "The union plans another meeting in May.",
        "Its members have waited two years for an answer.",
        "The council will vote on the budget in June.",
        "Karl Brenner, the union's secretary, said the cranes were unsafe.",
        "The company that runs the port declined to comment.",
        "Repairs to the north quay are due to start in autumn.",
        "The old cranes were bought second-hand in 1998.",
        "Two of them have been out of service since March.",
        "A report on the port's finances is expected next month.",
    ]
    text = "\n\n".join(paragraphs)
    assert said(text) == [("Karl Brenner", "the cranes were unsafe")]


def test_the_writers_own_belief_is_no_quote() -> None:
    assert said("I believe the ferry fares are too high for families.") == []


def test_two_clauses_joined_by_and_before_the_cue_are_one_content() -> None:
    # The parser hangs both clauses on "said"; the quoted words end the second one.
    text = (
        "The vote came late.\n\n"
        'The mayor tried to hide the report, and in doing so he "made a serious mistake," '
        "Vale said."
    )
    assert said(text) == [
        ("Vale", 'The mayor tried to hide the report, and in doing so he "made a serious mistake,"')
    ]


def test_a_phrase_opening_the_clause_an_aside_splits_is_part_of_what_was_said() -> None:
    # Without "In a merger" the statement says something else: it is kept as the first part.
    text = "Talks on the ferry firms\n\nIn a merger, Vale said, the town would keep its name."
    assert said(text) == [("Vale", "In a merger"), ("Vale", "the town would keep its name")]


def test_a_connective_or_how_it_was_said_is_no_part_of_the_statement() -> None:
    # Negative cases: a word linking to the sentence before, and the occasion of the saying.
    text = (
        "Talks on the ferry firms\n\n"
        "Still, Vale said, the town would keep its name.\n\n"
        "In a statement to the paper, the harbour office said, the pier would reopen in May."
    )
    assert [q for _, q in said(text)] == [
        "the town would keep its name",
        "the pier would reopen in May",
    ]
