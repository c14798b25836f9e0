"""Speaker error classes read off the parse: participles hung on an object, a short
attribution sentence after a quotation, datelines, and names only where the tagger sees them.
Every sentence here is made up for the test."""

from __future__ import annotations

from citebot.retrieval.quotes.extraction import extract_quotes


def _speakers(text: str) -> list[tuple[str, str]]:
    """(speaker, the mention as written) of each quote."""
    return [
        (q.speaker, text[q.speaker_start : q.speaker_end] if q.speaker_start is not None else "")
        for q in extract_quotes(text)
    ]


def test_participle_on_an_object_reports_the_clause_subject() -> None:
    text = (
        "The Harbour Trust issued a statement on Friday saying the pier would close in June.\n\n"
        "Mayor Ana Ruiz rejected the idea that the budget was late, saying the council had "
        "approved it weeks ago."
    )
    speakers = [s for s, _ in _speakers(text)]
    assert speakers == ["Harbour Trust", "Ana Ruiz"]


def test_a_document_or_a_person_the_participle_describes_keeps_its_noun() -> None:
    # Negative cases: the noun the participle hangs on is itself the source.
    text = "A letter saying the pier would close in June reached the council on Monday."
    assert [s for s, _ in _speakers(text)] == ["letter"]


def test_attribution_sentence_after_a_whole_sentence_quotation() -> None:
    text = (
        "Budget talks stalled again on Tuesday.\n\n"
        '"Does anyone here believe that number?" Ortega said. "I certainly do not."'
    )
    assert _speakers(text)[0] == ("Ortega", "Ortega")
    assert _speakers(text)[1][0] == "Ortega"  # the run after it keeps the speaker


def test_a_sentence_with_its_own_content_or_no_cue_is_no_attribution() -> None:
    text = (
        "Budget talks stalled again on Tuesday.\n\n"
        '"That plan is finished." Marsh said on Monday that the talks would resume in May.\n\n'
        'Lena Park praised the "steady hand of the chair." But first, Park sounded a sour note.'
    )
    quotes = extract_quotes(text)
    first = next(q for q in quotes if text[q.start :].startswith('"That plan'))
    assert first.speaker_start is None  # not Marsh's mention: his sentence reports its own words
    assert all(q.cue != "note" for q in quotes)


def test_dateline_place_is_no_speaker() -> None:
    text = (
        "Budget fight goes on.\n\n"
        "DENVER, March 3 (AP) — Former Governor Alma Reyes told reporters that the budget "
        "would fail in the spring."
    )
    assert _speakers(text) == [("Alma Reyes", "Alma Reyes")]


def test_title_case_headline_words_are_no_part_of_a_name() -> None:
    text = (
        "Debating Ortega: Why The Race Is Close\n\n"
        "Maria Ortega spoke to voters in Tucson on Saturday.\n\n"
        '"We are closing the gap," Ortega said.'
    )
    assert [s for s, _ in _speakers(text)] == ["Maria Ortega"]


def test_a_name_the_tagger_misses_as_an_entity_is_still_learnt() -> None:
    # Negative case for the rule above: proper nouns are enough, no PERSON entity is needed.
    text = (
        "CEO of the Harbour Trust Tomas Lindqvist said the pier would reopen in June.\n\n"
        '"We owe it to the town," Lindqvist said.'
    )
    assert [s for s, _ in _speakers(text)][-1] == "Tomas Lindqvist"


def test_title_abbreviation_after_an_inverted_cue_is_not_the_name() -> None:
    text = '"We should talk about it," said Sen. Lorna Vance of Maine. "There is a middle ground."'
    assert [s for s, _ in _speakers(text)] == ["Lorna Vance", "Lorna Vance"]


def test_cue_in_a_subordinate_clause_is_not_the_attribution() -> None:
    text = (
        "Council meets on budget.\n\n"
        '"Your plan is good," Park assured Ortega, after Ortega said that most residents '
        'backed it. "I will not let you down."'
    )
    quotes = extract_quotes(text)
    direct = [q for q in quotes if q.kind == "direct"]
    assert [q.speaker for q in direct] == ["Park", "Park"]  # the run keeps the first speaker
    assert [q.speaker for q in quotes if q.kind == "indirect"] == ["Ortega"]


def test_floating_quote_far_from_any_speaker_stays_unknown() -> None:
    text = (
        "Harbour Report: Week in Review\n\n"
        "Maria Ortega opened the new pier on Monday.\n\n"
        "The pier cost four million dollars and took two years to build.\n\n"
        "It will serve the ferries from March, and a cafe opens there in the spring.\n\n"
        '"Nothing about this town will be the same again."'
    )
    assert extract_quotes(text)[-1].speaker == ""


def test_quote_paragraph_after_the_speaker_paragraph_keeps_the_speaker() -> None:
    # Negative case for the rule above: the paragraph before names the speaker.
    text = (
        "Harbour Report: Week in Review\n\n"
        '"The pier is open," said Maria Ortega, the harbour master.\n\n'
        '"Nothing about this town will be the same again."'
    )
    assert [q.speaker for q in extract_quotes(text)] == ["Maria Ortega", "Maria Ortega"]


def test_a_family_name_in_the_plural_is_not_one_person() -> None:
    text = (
        "Maria Ortega spoke to voters in Tucson on Saturday.\n\n"
        '"We have a lot of work to do," the Ortegas said in a statement.\n\n'
        '"We are closing the gap," Ortega said.'
    )
    assert [s for s, _ in _speakers(text)] == ["Ortegas", "Maria Ortega"]


def test_names_in_the_headline_line_are_not_learnt() -> None:
    text = (
        "Trusting Ortega\n\n"
        "Maria Ortega spoke to voters in Tucson on Saturday.\n\n"
        '"We are closing the gap," Ortega said.'
    )
    assert [s for s, _ in _speakers(text)] == ["Maria Ortega"]


def test_titles_coordinated_before_a_name_describe_that_person() -> None:
    text = (
        "Pier to reopen\n\n"
        "Harbour board member and former ferry captain Lena Vaughn said the pier would reopen "
        "in May."
    )
    (quote,) = extract_quotes(text)
    assert quote.speaker == "Lena Vaughn" and quote.speaker_role == "former ferry captain"


def test_a_title_with_its_own_and_before_a_name_is_that_persons() -> None:
    # The parser reads "news and talk Ed Marlow" as two conjuncts of the title.
    text = (
        "Radio schedule\n\n"
        "Northwind Radio Vice President for news and talk Ed Marlow called the new show "
        '"the best hour on the air."'
    )
    (quote,) = extract_quotes(text)
    assert quote.speaker == "Ed Marlow"


def test_a_speech_verb_joined_to_a_reported_clause_is_the_reporters() -> None:
    # The parser joins "said" to "worked", inside what she told the paper: "her group" did not
    # say it, Ana Ruiz did, and each of her two statements is a quote of its own.
    text = (
        "Harbour lawyers\n\n"
        "The director of the harbour trust, Ana Ruiz, told the paper her group never worked "
        "with the mayor and said the group hired the lawyers on its own."
    )
    assert [(q.speaker, text[q.start : q.end]) for q in extract_quotes(text)] == [
        ("Ana Ruiz", "her group never worked with the mayor"),
        ("Ana Ruiz", "the group hired the lawyers on its own"),
    ]


def test_a_verb_that_reports_nothing_stays_in_the_statement() -> None:
    # Negative case: "called a donor" is no report of its own; the statement keeps it.
    text = "Campaign money\n\nChris Dole said he held no dinners and never called a donor."
    assert [text[q.start : q.end] for q in extract_quotes(text)] == [
        "he held no dinners and never called a donor"
    ]


def test_two_coordinated_people_are_not_merged_into_one() -> None:
    # Negative case: a determiner makes "the mayor" someone else than Lena Vaughn.
    text = "Pier to reopen\n\nThe mayor and Lena Vaughn said the pier would reopen in May."
    assert all(q.speaker != "Lena Vaughn" for q in extract_quotes(text))


def test_she_is_never_a_plural_name() -> None:
    text = (
        "Budget vote\n\n"
        "Ana Ruiz spoke to reporters on Monday. Republicans want a vote on the bill this week. "
        '"We will win it anyway," she said.'
    )
    assert [q.speaker for q in extract_quotes(text)] == ["Ana Ruiz"]


def test_a_plural_common_noun_is_no_antecedent_of_she() -> None:
    text = (
        "Fares cut\n\n"
        "Transport chief Ana Ruiz spoke on Monday. Commuters, she said, will pay less from May."
    )
    quotes = extract_quotes(text)
    assert [text[q.start : q.end] for q in quotes] == ["Commuters", "will pay less from May"]
    assert [q.speaker for q in quotes] == ["Ana Ruiz", "Ana Ruiz"]


def test_a_name_in_apposition_to_a_description_is_the_speaker() -> None:
    text = (
        "Ferry service returns to the island\n\n"
        "His sister, the marine engineer Ilse Marrow, said the new hull would last for decades.\n\n"
        "Her neighbour, a retired pilot, said the crossings had been missed all winter."
    )
    quotes = extract_quotes(text)
    # Negative case: a description alone names no one, and stays as written.
    assert [q.speaker for q in quotes] == ["Ilse Marrow", "Her neighbour"]
    first = quotes[0]
    assert text[first.named_start : first.named_end] == "Ilse Marrow"
    assert first.speaker_role == "the marine engineer"


def test_a_report_coordinated_with_a_passive_verb_shares_its_subject() -> None:
    text = (
        "Mayor apologises\n\n"
        "By the evening, Mayor Ana Ruiz was pushed into a rare apology and said that her words "
        "had been misunderstood.\n\n"
        "The pier was closed on Monday and reopened on Friday."
    )
    (quote,) = extract_quotes(text)
    assert quote.speaker == "Ana Ruiz"
    assert text[quote.start : quote.end] == "that her words had been misunderstood"
