"""Quote spans, cues and kinds on small made-up sentences (one test per supported form)."""

from __future__ import annotations

from citebot.retrieval.quotes.extraction import extract_quotes


def spans(text: str) -> list[tuple[str, str, str]]:
    return [(text[q.start : q.end], q.kind, q.speaker) for q in extract_quotes(text)]


def test_straight_quote_with_trailing_attribution() -> None:
    text = '"We will not back down from this fight," Smith said on Monday.'
    assert spans(text) == [('"We will not back down from this fight,"', "direct", "Smith")]


def test_curly_quotes_and_guillemets() -> None:
    text = "“The talks went very well today,” said Anna Berg.\n\n«Nothing has been agreed so far,» she added."
    assert [s[:2] for s in spans(text)] == [
        ("“The talks went very well today,”", "direct"),
        ("«Nothing has been agreed so far,»", "direct"),
    ]


def test_quote_split_by_attribution_gives_two_quotes_one_speaker() -> None:
    text = 'John Reed met reporters. "This is a first step," he said, "but much more is needed."'
    assert spans(text) == [
        ('"This is a first step,"', "direct", "John Reed"),
        ('"but much more is needed."', "direct", "John Reed"),
    ]


def test_quote_after_colon_and_after_paragraph_ending_with_colon() -> None:
    text = (
        'Jeanne Shaheen said in a statement: "The agreement protects our workers."\n\n'
        "Senator Tom Udall wrote on his website:\n\n"
        '"We should have acted much sooner than this."'
    )
    assert spans(text) == [
        ('"The agreement protects our workers."', "direct", "Jeanne Shaheen"),
        ('"We should have acted much sooner than this."', "direct", "Tom Udall"),
    ]


def test_floating_quote_takes_previous_speaker() -> None:
    text = (
        '"The water rose very fast," said Maria Lopez.\n\n"We lost everything we had in one night."'
    )
    quotes = extract_quotes(text)
    assert [q.speaker for q in quotes] == ["Maria Lopez", "Maria Lopez"]
    assert quotes[1].speaker_start is None and quotes[1].cue == ""


def test_multi_paragraph_quote_split_at_break() -> None:
    text = 'Coach Paul Hart said, "We played well in the first half.\n\nThen we lost our focus completely."'
    assert [s[0] for s in spans(text)] == [
        '"We played well in the first half.',
        'Then we lost our focus completely."',
    ]


def test_indirect_said_and_told_that() -> None:
    text = (
        "Russian President Vladimir Putin said Moscow is in contact with its partners.\n\n"
        "Kabulov told TASS that Russia had invited the delegation."
    )
    assert spans(text) == [
        ("Moscow is in contact with its partners", "indirect", "Vladimir Putin"),
        ("that Russia had invited the delegation", "indirect", "Kabulov"),
    ]


def test_according_to_leading_and_trailing() -> None:
    text = (
        "According to the Interior Ministry, the border will stay closed until May.\n\n"
        "Twelve people were injured in the blast, according to local police."
    )
    assert [(s[0], s[2]) for s in spans(text)] == [
        ("the border will stay closed until May", "Interior Ministry"),
        ("Twelve people were injured in the blast", "local police"),
    ]


def test_mixed_quote() -> None:
    text = 'Sergey Lavrov has said the initiative "reflects the current objective reality."'
    assert spans(text) == [
        ('the initiative "reflects the current objective reality."', "mixed", "Sergey Lavrov")
    ]


def test_scare_quotes_titles_and_names_are_not_quotes() -> None:
    text = (
        'The team was honoured for "courageous achievement" at the event.\n\n'
        'They named their robot "Robogee" and their song "The Long Road Home".'
    )
    assert extract_quotes(text) == []


def test_headline_scare_quote_is_not_a_quote() -> None:
    assert (
        extract_quotes("Russia 'close' to restoring relations with Taliban\n\nText follows.") == []
    )


def test_negated_report_is_not_a_quote() -> None:
    assert extract_quotes("Officials have not said why the team was denied visas.") == []


def test_inverted_lede_attribution() -> None:
    text = (
        "Russia is close to restoring relations with the Taliban, said Dmitry Medvedev, on Tuesday."
    )
    quote = extract_quotes(text)[0]
    assert (
        text[quote.start : quote.end] == "Russia is close to restoring relations with the Taliban"
    )
    assert quote.speaker == "Dmitry Medvedev"


def test_interview_answers_are_floating_quotes_of_the_interviewee() -> None:
    text = (
        "Wikinews spoke with Jane Miller, a marine biologist, about her work.\n\n"
        "How did you start?\n\nI was diving as a child and never stopped.\n\n"
        "What is the biggest threat?\n\nWarming water, without any doubt.\n\n"
        "What comes next?\n\nMore fieldwork in the south next year."
    )
    quotes = extract_quotes(text)
    assert [text[q.start : q.end] for q in quotes] == [
        "I was diving as a child and never stopped.",
        "Warming water, without any doubt.",
        "More fieldwork in the south next year.",
    ]
    assert {q.speaker for q in quotes} == {"Jane Miller"}


def test_offsets_point_into_the_unmodified_text() -> None:
    text = 'Header line\n\n"Prices will keep rising this year," the bank’s chief economist Ola Berg said.'
    for q in extract_quotes(text):
        assert 0 <= q.start < q.end <= len(text)
        assert text[q.start] == '"'


def test_possessive_modifier_is_not_a_reporting_verb() -> None:
    # "state" after "Norway's" is a noun; the addressee of "told" is not a quote.
    text = '"We are ready to sign the deal now," Peter Holm told Norway\'s state broadcaster NRK.'
    assert spans(text) == [('"We are ready to sign the deal now,"', "direct", "Peter Holm")]


def test_maintain_needs_a_clause_not_an_object() -> None:
    text = "Indonesia maintained a policy of turning away boats which carried migrants."
    assert extract_quotes(text) == []


def test_describe_as_a_one_word_label_is_not_a_quote() -> None:
    assert extract_quotes("The magazine Nature described the court's ruling as historic.") == []
    text = "The journal Medicine Today has characterized the treatment as a form of quackery."
    assert [s[0] for s in spans(text)] == ["a form of quackery"]


def test_headline_claim_with_source_after_colon() -> None:
    text = "Oil prices 'stable' through the end of the year: OPEC\n\nPrices rose on Monday."
    quote = extract_quotes(text)[0]
    assert text[quote.start : quote.end] == "Oil prices 'stable' through the end of the year"
    assert (quote.kind, quote.cue, quote.speaker) == ("mixed", ":", "OPEC")
    # Without quoted words a "Topic: Place" headline is not a report.
    assert extract_quotes("Floods close schools across the north: Lagos\n\nText.") == []


def test_interviewee_named_before_an_interview_with_nickname_title() -> None:
    text = (
        "Jane Miller: An interview with the 'Reef Doctor'\n\n"
        "How did you start?\n\nI was diving as a child and never stopped.\n\n"
        "Can you read us a verse?\n\nThis one is about the sea, and it goes:\n\n"
        "Do you know the colour of the water at the bottom of the sea?\n\n"
        "What comes next?\n\nMore fieldwork in the south next year."
    )
    quotes = extract_quotes(text)
    assert {q.speaker for q in quotes} == {"Jane Miller"}
    # The recited verse after an answer ending with ":" is part of the answer, not a question.
    assert "Do you know the colour of the water at the bottom of the sea?" in [
        text[q.start : q.end] for q in quotes
    ]


def _said(text: str) -> list[tuple[str, str, str]]:
    return [(q.speaker, q.kind, text[q.start : q.end]) for q in extract_quotes(text)]


def test_noun_cue_with_a_that_clause_is_a_quote() -> None:
    text = "The plan ignores a United Nations recommendation that all refugees be registered."
    assert _said(text) == [
        ("United Nations", "indirect", "that all refugees be registered"),
    ]


def test_quotation_continued_by_reporter_words_is_a_mixed_quote() -> None:
    text = (
        'The form "must be filled in by hand", the ministry recommending "a black pen" if possible.'
    )
    got = _said(text)
    assert ("ministry", "mixed", '"a black pen" if possible') in got
    assert all(s != "ministry" for s, _, q in got if q.startswith('"must'))


def test_titled_quotation_after_call_is_not_speech() -> None:
    text = 'One of the prints shown was the screen print called "Cowboys and Indians" from 1987.'
    assert _said(text) == []


def test_pull_quote_byline_with_abbreviations() -> None:
    text = (
        "The senator issued a statement.\n\n"
        "Today's decision is an affront to the thousands of dedicated workers of Texas. "
        "Jane Smith, U.S. Senator (R-Texas)\n\n"
        "Other items include simulators."
    )
    assert _said(text) == [
        (
            "Jane Smith",
            "direct",
            "Today's decision is an affront to the thousands of dedicated workers of Texas.",
        )
    ]


def test_headline_with_inverted_says_attribution() -> None:
    text = "Economy to shrink this year, warns IMF\n\nThe IMF said growth would slow."
    assert _said(text)[0] == ("IMF", "indirect", "Economy to shrink this year")


def test_according_to_source_joined_over_and_without_comma() -> None:
    text = (
        "According to the Science and Technology Citation Index Professor Lee is the most "
        "cited chemist of the decade."
    )
    assert _said(text) == [
        (
            "Science and Technology Citation Index",
            "indirect",
            "Professor Lee is the most cited chemist of the decade",
        )
    ]


def _interview(title: str) -> list[str]:
    text = (
        "Monday, May 1, 2006\n\n"
        "What do you do?\n\nWe run the shop every day of the week.\n\n"
        "Is it hard?\n\nIt is harder than it looks on the Internet.\n\n"
        "Why do it?\n\nBecause we love it, and the Internet loves us.\n\n"
    )
    return sorted({q.speaker for q in extract_quotes(text, title)})


def test_interviewee_from_a_title_name_about_topic() -> None:
    assert _interview("Looking for dust: Maria Gomez about Dust@home") == ["Maria Gomez"]


def test_unnamed_interviewees_get_the_title_description() -> None:
    assert _interview("Shops as business: An interview with the owners of a shop") == [
        "owners of a shop"
    ]
