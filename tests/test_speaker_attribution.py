"""Speaker mentions, resolution to the fullest name, roles and pronouns."""

from __future__ import annotations

from citebot.retrieval.quotes.extraction import extract_quotes


def test_pronoun_resolves_to_full_name() -> None:
    text = (
        "Russia is close to a deal, said Dmitry Medvedev, deputy head of the Security Council.\n\n"
        'He added: "Twenty years is a fairly long period."'
    )
    quotes = extract_quotes(text)
    assert quotes[1].speaker == "Dmitry Medvedev"
    assert text[quotes[1].speaker_start : quotes[1].speaker_end] == "He"
    assert quotes[0].speaker_role == "deputy head of the Security Council"


def test_surname_and_title_forms_are_one_speaker() -> None:
    text = (
        "Dmitry Medvedev spoke on Tuesday.\n\n"
        '"Now everything is different," Medvedev told reporters.\n\n'
        '"This would not have been possible," said Ambassador Hamdullah Mohib.\n\n'
        '"We are proud of them," said Ambassador Mohib.'
    )
    assert [q.speaker for q in extract_quotes(text)] == [
        "Dmitry Medvedev",
        "Hamdullah Mohib",
        "Hamdullah Mohib",
    ]


def test_title_is_role_not_name() -> None:
    text = "Russian Foreign Minister Sergey Lavrov said the plan reflects reality."
    quote = extract_quotes(text)[0]
    assert (quote.speaker, quote.speaker_role) == ("Sergey Lavrov", "Russian Foreign Minister")


def test_appositive_role() -> None:
    text = (
        "Zamir Kabulov, director of the Foreign Ministry's Second Asia Department, said both "
        "ministries had reported to the president."
    )
    quote = extract_quotes(text)[0]
    assert quote.speaker == "Zamir Kabulov"
    assert quote.speaker_role == "director of the Foreign Ministry's Second Asia Department"


def test_she_goes_to_the_right_person_when_two_alternate() -> None:
    text = (
        'Mary Jones said the plan was sound. "It will work," said Peter Brown.\n\n'
        '"I disagree with him," she said.'
    )
    assert extract_quotes(text)[-1].speaker == "Mary Jones"


def test_possessive_subject_gives_possessor() -> None:
    text = 'Senator John Cornyn was upset. Cornyn\'s statement added, "Houston should have been chosen."'
    quote = extract_quotes(text)[0]
    assert quote.speaker == "John Cornyn"
    assert text[quote.speaker_start : quote.speaker_end] == "Cornyn"


def test_organisation_acronym_and_it() -> None:
    text = (
        "North Korea's Korean Central News Agency (KCNA) reported the move.\n\n"
        '"The enemy made another grave provocation on Thursday," said KCNA. '
        '"Foolhardy provocation deserves harsh punishment," it added.'
    )
    assert [q.speaker for q in extract_quotes(text)] == ["Korean Central News Agency"] * 2


def test_relative_clause_subject_is_the_antecedent() -> None:
    text = "He met Tom Devocht, who had told Montalvo he would help him find work."
    quote = extract_quotes(text)[0]
    assert quote.speaker == "Tom Devocht"
    assert text[quote.start : quote.end] == "he would help him find work"


def test_he_skips_countries_and_possessives() -> None:
    text = (
        '"The talks went well," Peter Holm told Norway\'s state broadcaster NRK.\n\n'
        "Norway is ready to sign the deal next week.\n\n"
        'He added: "We will not wait any longer."'
    )
    assert [q.speaker for q in extract_quotes(text)] == ["Peter Holm", "Peter Holm"]


def test_pronoun_takes_latest_person_subject_of_any_verb_after_intro_adverbial() -> None:
    text = (
        'Russian Foreign Minister Sergey Lavrov said the plan "reflects the current reality."\n\n'
        "Meanwhile, John Carter, head of the council's office in Oslo, welcomed the plan.\n\n"
        '"We welcome the proposal of the ministry," he said in a statement.'
    )
    assert [q.speaker for q in extract_quotes(text)] == ["Sergey Lavrov", "John Carter"]


def test_participial_intro_is_not_the_speaker() -> None:
    text = (
        "Writing in a blog post, Tom Reed of the Daily Star called the dispute:\n\n"
        '"A war that nobody can win, at least not this year."'
    )
    assert [q.speaker for q in extract_quotes(text)] == ["Tom Reed"]


def test_name_modifying_a_common_noun_is_not_a_person() -> None:
    text = "According to an Internet posting, the website was attacked by hackers on Friday."
    assert extract_quotes(text)[0].speaker == "Internet posting"
    text = (
        "On Monday, Scientology officials went to the police station, where they claimed the "
        "man had left with computer hard drives."
    )
    assert extract_quotes(text)[0].speaker == "Scientology officials"


def _said(text: str) -> list[tuple[str, str]]:
    return [(q.speaker, text[q.start : q.end]) for q in extract_quotes(text)]


def test_organisation_name_with_a_verb_like_word_keeps_its_full_form() -> None:
    text = "The US State Department said the envoy had called the minister about the ferry."
    assert _said(text)[0][0] == "US State Department"


def test_parenthesised_acronym_and_acronym_subject_resolve_to_the_full_name() -> None:
    text = (
        "The World Food Council (WFC) recommends that every school should serve lunch. "
        "WFC say hunger is the most easily prevented cause of poor marks."
    )
    assert [s for s, _ in _said(text)] == ["World Food Council"] * 2


def test_named_study_and_its_generic_mentions_are_one_source() -> None:
    text = (
        "Most teenagers sleep too little, researchers say. The results of the National Teen "
        "Sleep Study, published this week, revealed that one in three sleeps under six hours. "
        "They say schools should start later. The report says screens are a major cause."
    )
    speakers = {s for s, _ in _said(text)}
    assert speakers == {"National Teen Sleep Study authors"}


def test_a_report_by_a_named_organisation_is_not_the_study() -> None:
    text = (
        "The National Teen Sleep Study was published on Monday. "
        "A report by Amnesty International says prisons are overcrowded."
    )
    assert _said(text)[-1][0] == "Amnesty International"


def test_possessed_relative_and_first_name_resolve_to_the_full_name() -> None:
    text = (
        "Peter Okafor, 51, was charged on Monday.\n\n"
        "Reportedly, Peter's sister pleaded with him to call a doctor, but he replied "
        '"I am not able to do that now".'
    )
    got = _said(text)
    assert got[0] == ("Peter Okafor's sister", "to call a doctor")
    assert got[1][0] == "Peter Okafor"


def test_misspelt_surname_resolves_to_the_known_person() -> None:
    text = (
        "Angela Rasmussen, of the health agency, says new rules are coming.\n\n"
        '"We need to make sure nobody gets too much of it," Ms Rasmusen said.'
    )
    assert [s for s, _ in _said(text)] == ["Angela Rasmussen"] * 2


def test_according_to_adverbial_does_not_hide_the_nested_speaker() -> None:
    text = (
        "According to the Daily Post, Professor Jane Hill, the chair of the panel, said the "
        "river has never been this low."
    )
    got = _said(text)
    assert got[0][0] == "Daily Post"
    assert ("Jane Hill", "the river has never been this low") in got


def test_common_noun_head_is_the_speaker_not_the_name_in_its_modifier() -> None:
    text = (
        "Doctors at several hospitals including St Mary Hospital have described the "
        "treatment as a dangerous waste of money."
    )
    assert _said(text)[0][0] == "Doctors at several hospitals"


def test_headline_claim_of_a_place_goes_to_the_person_the_lede_quotes() -> None:
    text = (
        "Spain 'ready' to reopen the border with Morocco: Madrid\n\n"
        "Spain is ready to reopen the border with Morocco next week, said Pedro Sanchez, "
        "the prime minister, on Monday."
    )
    got = _said(text)
    assert got[0] == ("Pedro Sanchez", "Spain 'ready' to reopen the border with Morocco")


def test_document_speaker_is_its_author_organisation() -> None:
    text = (
        "The Welsh Transport Office will change the timetable.\n\n"
        'A leaked internal memo seen by the Daily Post says "trains may be cancelled without '
        'notice". The Transport Office memo adds: "passengers should check before travelling."'
    )
    assert [s for s, _ in _said(text)] == ["Welsh Transport Office"] * 2


def test_informal_group_name_gets_its_ordinary_form() -> None:
    text = 'Sources\n\n"Lost laptop held no secret files, say feds" — The Daily Post, May 3, 2010'
    assert _said(text) == [("federal government", "Lost laptop held no secret files")]


def _named(text: str, quote) -> str:
    if quote.named_start is None:
        return ""
    return text[quote.named_start : quote.named_end]


def test_a_quote_without_its_own_mention_says_where_its_speaker_was_named() -> None:
    text = (
        "Ferry fares to rise\n\n"
        'Port director Miriam Osei defended the rise. "Diesel costs us twice what it did," '
        'Osei told reporters. "Nobody likes dearer tickets."\n\n'
        '"We have no other way to keep the night crossing," she said.'
    )
    quotes = extract_quotes(text)
    assert [q.speaker for q in quotes] == ["Miriam Osei"] * 3
    first, second, third = quotes
    assert _named(text, first) == "Osei" and first.named_start == first.speaker_start
    # The second quotation has no mention of its own: its speaker is read from "Osei told".
    assert second.speaker_start is None and _named(text, second) == "Osei"
    assert second.named_start == first.named_start
    assert _named(text, third) == "she"


def test_a_relative_pronoun_is_the_mention_of_its_cue() -> None:
    text = (
        "Library hours\n\n"
        "The plan was welcomed by Tomasz Wrona, who said that the reading rooms would "
        "stay open until nine."
    )
    (quote,) = extract_quotes(text)
    assert quote.speaker == "Tomasz Wrona"
    assert text[quote.speaker_start : quote.speaker_end] == "Tomasz Wrona"
    assert _named(text, quote) == "who"


def test_an_unknown_speaker_is_named_nowhere() -> None:
    text = (
        "Storm damage\n\n"
        "Roofs were torn off in the night.\n\n"
        '"It sounded like a train going through the house."'
    )
    quotes = extract_quotes(text)
    assert quotes and all(q.speaker == "" and q.named_start is None for q in quotes)
