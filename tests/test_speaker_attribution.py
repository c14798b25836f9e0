"""Speaker mentions, resolution to the fullest name, roles and pronouns."""

from __future__ import annotations

from retrieval.quote_extraction import extract_quotes


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
