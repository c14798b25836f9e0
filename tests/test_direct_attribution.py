"""Direct quotes are attributed by the parse alone: the verb joined to the quotation, a source
phrase before it, the clause after it or the clause ending in a colon before it. Every sentence
here is written for these tests."""

from __future__ import annotations

import pytest

from citebot.retrieval.quotes.extraction import extract_quotes


@pytest.fixture(autouse=True)
def _backbone(parser) -> None:
    """Every test here needs the parser; load it once for the session."""


def quotes(text: str) -> list[tuple[str, str, str, str]]:
    """(speaker, cue, kind, quote) of each quote, the quote copied from the text by offsets."""
    return [(q.speaker, q.cue, q.kind, text[q.start : q.end]) for q in extract_quotes(text)]


def test_a_verb_outside_every_lexicon_frames_the_quotation() -> None:
    text = '"We did it, and nobody thought we could," beamed Lena Ortiz, the harbour master.'
    assert quotes(text) == [
        ("Lena Ortiz", "beamed", "direct", '"We did it, and nobody thought we could,"')
    ]


def test_a_source_phrase_before_the_quotation_is_its_speaker() -> None:
    text = (
        'According to the harbour board, "the pier will reopen in March after the repairs."\n\n'
        'In the words of the ferry captain, Tom Reyes, "the new pier is the best thing to '
        'happen to this town."'
    )
    assert [(s, c) for s, c, _, _ in quotes(text)] == [
        ("harbour board", "According to"),
        ("Tom Reyes", "In the words of"),
    ]


def test_a_preposition_right_before_the_quotation_introduces_it() -> None:
    text = 'Residents call for "a proper bus service to the new pier before the summer."'
    assert quotes(text) == [
        (
            "Residents",
            "call",
            "direct",
            '"a proper bus service to the new pier before the summer."',
        )
    ]


def test_a_colon_clause_at_the_end_of_the_previous_paragraph_attributes_the_quote() -> None:
    text = (
        "Mayor Ana Ruiz voted against the plan.\n\n"
        "Speaking to reporters after the vote, the mayor said:\n\n"
        '"We will not give up on the old pier, whatever the board decides."'
    )
    assert quotes(text)[-1][:2] == ("Ana Ruiz", "said")


def test_the_attribution_after_the_quotation_beats_a_verb_before_it() -> None:
    text = (
        "Ana Ruiz opened the new pier on Friday.\n\n"
        'At the rally, Ruiz stressed the need for patience: "Build it once and build it well," '
        "she said."
    )
    # Not the words before the colon as what she said: the quotation is.
    assert quotes(text) == [("Ana Ruiz", "said", "direct", '"Build it once and build it well,"')]


def test_an_exclamation_then_its_attribution_is_one_quote_of_the_speaker() -> None:
    text = (
        "Ana Ruiz spoke at the harbour on Friday.\n\n"
        '"We will build a new pier for this town!" Ruiz told the crowd to loud cheers.'
    )
    assert quotes(text)[-1] == (
        "Ana Ruiz",
        "told",
        "direct",
        '"We will build a new pier for this town!"',
    )


def test_a_quotation_split_by_its_attribution_gives_both_halves_the_speaker() -> None:
    # The first half is the subject of the second half's verb: the parse joins the cue to
    # the second half only.
    text = (
        "Lena Ortiz has lived in the town for forty years.\n\n"
        '"The best part of living by the sea," Ortiz said, "is the light in the morning."'
    )
    assert [(s, c, q) for s, c, _, q in quotes(text)] == [
        ("Lena Ortiz", "said", '"The best part of living by the sea,"'),
        ("Lena Ortiz", "said", '"is the light in the morning."'),
    ]


def test_a_participle_takes_the_subject_of_its_clause() -> None:
    text = (
        "Tom Reyes answered the critics on Monday.\n\n"
        'He explained the delay by saying: "The steel arrived late, and nobody could help it."'
    )
    assert quotes(text)[-1][:2] == ("Tom Reyes", "saying")


def test_a_question_put_to_someone_is_the_askers() -> None:
    text = 'Ruiz was asked by host Tom Hale, who backs her, "Did you ever say that to the council?"'
    assert quotes(text)[0][:2] == ("Tom Hale", "asked")


# Negative cases: what the parse says is not an attribution of the quotation.


def test_a_question_put_to_the_last_speaker_is_never_theirs() -> None:
    # Nobody is named as asking: the question stays unattributed instead of floating to Lane.
    text = (
        'Lane spoke to the paper on Monday. "We will win," he said.\n\n'
        'In the interview, Lane was asked, "What is the most dangerous place you have been to?"'
    )
    assert [s for s, _, _, _ in quotes(text)] == ["Lane", ""]


def test_an_object_then_quoted_words_is_a_mixed_quote_not_a_direct_one() -> None:
    text = 'Mayor Ana Ruiz called the plan "a disaster for every family in this town" on Monday.'
    assert [(s, k) for s, _, k, _ in quotes(text)] == [("Ana Ruiz", "mixed")]


def test_a_sentence_with_its_own_subject_after_a_question_does_not_attribute_it() -> None:
    # "read" belongs to "a short statement to read", inside the writer's own clause.
    text = (
        "The judge then turned to me. "
        '"Mr. Vale?" I had prepared a short statement to read, but decided to speak freely.'
    )
    assert quotes(text) == [("", "", "direct", '"Mr. Vale?"')]


def test_a_verb_taking_the_next_quotation_as_its_object_is_not_this_ones_cue() -> None:
    text = (
        'The form "must be filled in by every resident of the town", the council recommending '
        '"a black pen" if possible.'
    )
    assert all(
        not (k == "direct" and s == "council") for s, _, k, q in quotes(text) if "form" not in q
    )
    assert not any(q.startswith('"must') and s for s, _, _, q in quotes(text))


def test_a_title_in_quotation_marks_before_a_verb_is_no_quote() -> None:
    text = 'Lena Ortiz, who starred in "Harbour Lights," praised the new pier on Monday.'
    assert not any(k == "direct" for _, _, k, _ in quotes(text))


def test_a_negated_verb_is_no_attribution() -> None:
    text = (
        "Budget talks stalled again.\n\n"
        '"The numbers simply do not add up for the town," Ruiz did not say.'
    )
    assert all(c != "say" for _, c, _, _ in quotes(text))
