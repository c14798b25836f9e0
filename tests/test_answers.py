"""Answers as a user sees them: quotes with citations, evidence, follow-ups, honest misses."""

from __future__ import annotations

import pytest


def _cited_texts(bot, answer) -> list[str]:
    out = []
    for item in [*answer.quotes, *answer.evidence]:
        c = item.citation
        text = bot.library.article(c.article_id).text
        assert text[c.start : c.end] == item.text  # verbatim, by offsets
        out.append(item.text)
    return out


def test_what_did_medvedev_say_gives_his_quotes_only(seed_bot) -> None:
    answer = seed_bot.ask("What did Medvedev say?")
    assert answer.found
    assert answer.quotes and all(q.speaker == "Dmitry Medvedev" for q in answer.quotes)
    texts = _cited_texts(seed_bot, answer)
    assert any(t.startswith('"At the beginning of the 21st century') for t in texts)
    assert not any("we never were terrorists" in t for t in texts)  # Shaheen's words
    assert "deputy head of the Security Council" in answer.headline
    assert answer.sources[0].title.startswith("Russia 'close'")


def test_factoid_is_answered_with_an_evidence_sentence(seed_bot) -> None:
    answer = seed_bot.ask("Which forum did Russia invite the Taliban to?")
    assert answer.found
    assert "St. Petersburg International Economic Forum" in _cited_texts(seed_bot, answer)[0]
    assert "[1]" in answer.answer and "Anadolu Agency" in answer.answer


@pytest.mark.parametrize(
    "question",
    [
        "What is the recipe for pancakes?",
        "How tall is the Eiffel Tower?",
        "What did Angela Merkel say?",
        "How many goals did Messi score for the Taliban?",
    ],
)
def test_nothing_found_cites_nothing(seed_bot, question: str) -> None:
    answer = seed_bot.ask(question)
    assert not answer.found
    assert answer.quotes == [] and answer.evidence == [] and answer.sources == []
    assert "[1]" not in answer.answer


def test_json_schema_is_stable(seed_bot) -> None:
    data = seed_bot.ask("What did Putin say?").as_dict()
    assert set(data) == {
        "question",
        "resolved_question",
        "found",
        "answer",
        "quotes",
        "evidence",
        "sources",
        "page",
        "has_more",
        "clarify",
    }
    quote = data["quotes"][0]
    assert set(quote) == {
        "text",
        "speaker",
        "speaker_id",
        "cue",
        "kind",
        "citation",
        "role",
        "published",
        "citations",
        "context",
        "parts",
    }
    assert quote["citations"][0] == quote["citation"] and quote["published"] == "2024-05-28"
    assert len(quote["speaker_id"]) == 12  # the speaker entity
    assert set(quote["citation"]) == {"article_id", "paragraph", "start", "end"}
    assert set(data["sources"][0]) == {
        "article_id",
        "title",
        "source",
        "published",
        "url",
        "aliases",
    }


def test_follow_up_and_lavrov(seed_bot) -> None:
    conversation = seed_bot.new_conversation()
    conversation.ask("What did Medvedev say?")
    answer = conversation.ask("And Lavrov?")
    assert answer.found and {q.speaker for q in answer.quotes} == {"Sergey Lavrov"}
    assert "Lavrov" in answer.resolved_question


@pytest.mark.parametrize("followup", ["What else did he say?", "What else?"])
def test_what_else_skips_what_was_shown(seed_bot, followup: str) -> None:
    conversation = seed_bot.new_conversation()
    conversation.page_size = 2
    first = conversation.ask("What did Medvedev say?")
    second = conversation.ask(followup)
    assert second.resolved_question == "What else did Dmitry Medvedev say?"
    assert second.quotes and all(q.speaker == "Dmitry Medvedev" for q in second.quotes)
    assert not {q.citation for q in first.quotes} & {q.citation for q in second.quotes}


def test_who_is_then_pronoun(seed_bot) -> None:
    conversation = seed_bot.new_conversation()
    first = conversation.ask("Who is Zamir Kabulov?")
    assert "Second Asia Department" in first.evidence[0].text
    second = conversation.ask("What did he report to Putin?")
    assert second.resolved_question == "What did Zamir Kabulov report to Putin?"
    assert second.quotes and second.quotes[0].speaker == "Zamir Kabulov"
    assert "reported to President Putin" in second.quotes[0].text


def test_more_pages_through_a_long_answer(seed_bot) -> None:
    conversation = seed_bot.new_conversation()
    conversation.page_size = 1
    first = conversation.ask("What did Medvedev say?")
    assert first.has_more
    second = conversation.ask("more")
    assert second.quotes and second.quotes[0].citation != first.quotes[0].citation


def test_who_said_finds_the_speaker_of_a_statement(seed_bot) -> None:
    answer = seed_bot.ask("Who said the Taliban were never terrorists?")
    assert answer.found and answer.quotes[0].speaker == "Mohammad Suhail Shaheen"
    assert "we never were terrorists" in answer.quotes[0].text


def test_an_overlong_question_is_refused_with_the_limit(seed_bot) -> None:
    answer = seed_bot.new_conversation().ask("What did Medvedev say? " * 500)
    assert not answer.found and answer.quotes == []
    assert "too long" in answer.answer and "2,000" in answer.answer


def test_quote_lines_read_naturally_whatever_the_cue() -> None:
    from citebot.bot.answering.answer import QuoteItem
    from citebot.bot.answering.answer_text import quote_line
    from citebot.retrieval.models import Citation

    c = Citation("a", 0, 0, 10)
    assert (
        quote_line(QuoteItem("Russia 'close'", "Moscow", ":", "mixed", c))
        == "Moscow: Russia 'close'"
    )
    assert (
        quote_line(QuoteItem("it rained", "Ann Lee", "said", "indirect", c))
        == "Ann Lee said: it rained"
    )
    assert quote_line(QuoteItem('"Yes."', "Ann Lee", "said", "direct", c)) == '"Yes."'
    assert (
        quote_line(QuoteItem("rain", "WHO", "according to", "indirect", c))
        == "According to WHO: rain"
    )


def test_who_else_commented_lists_the_other_speakers_on_the_topic(seed_bot) -> None:
    conversation = seed_bot.new_conversation()
    first = conversation.ask("What did Medvedev say about the Taliban?")
    others = conversation.ask("Who else commented on that?")
    speakers = {q.speaker for q in others.quotes}
    assert {q.speaker for q in first.quotes} == {"Dmitry Medvedev"}
    assert "Dmitry Medvedev" not in speakers and {"Sergey Lavrov", "Zamir Kabulov"} <= speakers
    assert others.headline.startswith("Also quoted on the Taliban:")
    assert others.resolved_question == "Who else commented on the Taliban?"


def test_who_else_after_a_question_with_no_topic_stays_in_the_same_articles(seed_bot) -> None:
    conversation = seed_bot.new_conversation()
    conversation.ask("What did Lavrov say?")
    others = conversation.ask("Who else commented?")
    assert others.headline.startswith("Also quoted in the same articles:")
    assert others.quotes and "Sergey Lavrov" not in {q.speaker for q in others.quotes}
    assert {c.article_id for c in (q.citation for q in others.quotes)} == {"000_78a6bd40efd81f0e"}
