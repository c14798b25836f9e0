"""What a reader sees of reported speech, of the order of quotes and of follow-ups, over short
articles written for these tests (a mayor, a harbour master and a councillor, over three dates)."""

from __future__ import annotations

import io
import json
import subprocess
import sys

import pytest
from rich.console import Console

from citebot.bot.answering.answer import Choice
from citebot.bot.answering.display_context import display_context
from citebot.bot.answering.question_parsing import parse_all
from citebot.bot.answering.service import Citebot
from citebot.bot.telegram.render import render_answer
from citebot.bot.terminal.answer_view import answer_view
from citebot.bot.terminal.screen import THEME
from citebot.retrieval.models import Quote
from tests.conftest import ROOT, bot_over
from tests.harbour_articles import ARTICLES


@pytest.fixture(scope="module")
def bot(tmp_path_factory: pytest.TempPathFactory, encoder) -> Citebot:
    citebot = bot_over(tmp_path_factory.mktemp("harbour"), ARTICLES, encoder)
    yield citebot
    citebot.close()


def terminal_text(answer) -> str:
    console = Console(file=io.StringIO(), width=200, theme=THEME, record=True)
    console.print(*answer_view(answer))
    return console.export_text()


def test_reported_speech_keeps_whom_the_mayor_urged_in_every_front_end(bot: Citebot) -> None:
    answer = bot.ask("What did Ana Ruiz say about the ferry pier?")
    urged = "urged the harbour board to reopen the ferry pier before the summer"
    assert f"• Ana Ruiz {urged} [" in answer.answer
    assert "Ana Ruiz urged:" not in answer.answer
    assert f"Ana Ruiz {urged} [" in terminal_text(answer)
    assert f"<blockquote><i>{urged} [" in "\n".join(render_answer(answer))
    # JSON: the quote span is unchanged; the display context is the article's own words
    item = next(q for q in answer.as_dict()["quotes"] if q["cue"] == "urged")
    article = bot.library.article(item["citation"]["article_id"]).text
    context = item["context"]
    assert context["text"] == article[context["start"] : context["end"]] == urged
    assert item["text"] == "to reopen the ferry pier before the summer"
    assert context["end"] == item["citation"]["end"]


def test_told_keeps_its_addressee_and_plain_reports_stay_as_they_were(bot: Citebot) -> None:
    answer = bot.ask("What did Ruiz tell local traders?")
    assert (
        "Ana Ruiz told local traders that the market would stay open during the works"
        in answer.answer
    )
    plain = bot.ask("What did Tom Okafor say?")
    assert "• Tom Okafor said: the pier needed new pilings [" in plain.answer
    assert all(q["context"] is None for q in plain.as_dict()["quotes"])


def test_direct_quotes_have_no_display_context(bot: Citebot) -> None:
    answer = bot.ask("What did Martin Vale say?")
    direct = [q for q in answer.as_dict()["quotes"] if q["kind"] == "direct"]
    assert direct and all(q["context"] is None for q in direct)
    assert '• "This is a tax on the old," [' in answer.answer


def _articles_in_order(answer) -> list[str]:
    return list(dict.fromkeys(q.citation.article_id for q in answer.quotes))


@pytest.mark.parametrize(
    "asked",
    [
        "What did Ana Ruiz say in order?",
        "In chronological order, what did Ana Ruiz say?",
        "What did Ana Ruiz say, oldest first?",
        "What has Ana Ruiz said chronologically?",
    ],
)
def test_in_order_lists_the_oldest_article_first(bot: Citebot, asked: str) -> None:
    newest_first = bot.ask("What did Ana Ruiz say?")
    in_order = bot.ask(asked)
    assert _articles_in_order(newest_first) == ["tax", "pier-2", "pier-1"]
    assert _articles_in_order(in_order) == ["pier-1", "pier-2", "tax"]
    assert in_order.headline == "Ana Ruiz, Mayor (oldest first):"
    # within an article, document order: "urged" (paragraph 1) before "told" (paragraph 2)
    assert [q.cue for q in in_order.quotes[:2]] == ["urged", "told"]
    assert bot.ask(asked).answer == in_order.answer  # the same text every time


def test_in_order_to_is_not_an_order() -> None:
    intent = parse_all("What did Ruiz say in order to calm traders?")[0]
    assert not intent.oldest_first and intent.topic == "order to calm traders"


def test_in_order_through_the_command_line(bot: Citebot) -> None:
    run = subprocess.run(
        [sys.executable, "-m", "citebot.bot", "ask", "--json", "What did Ana Ruiz say in order?"],
        capture_output=True,
        text=True,
        env={"HF_HUB_OFFLINE": "1", "CITEBOT_DATA_DIR": str(bot.data_dir), "PATH": ""},
        cwd=ROOT,
        timeout=300,
    )
    assert run.returncode == 0, run.stderr
    shown = json.loads(run.stdout)
    assert [q["citation"]["article_id"] for q in shown["quotes"]][:1] == ["pier-1"]
    assert shown["quotes"][0]["context"]["text"].startswith("urged the harbour board")


# -- follow-ups ----------------------------------------------------------------------------------


def test_she_is_never_resolved_to_a_man(bot: Citebot) -> None:
    conversation = bot.new_conversation()
    conversation.ask("What did Martin Vale say?")  # "he said": the articles make him a man
    answer = conversation.ask("What else did she say?")
    assert not answer.found and answer.quotes == []
    assert answer.headline == "I don't know whom you mean by “she”: please ask with a name."


def test_she_after_a_woman_and_then_a_man_is_the_woman(bot: Citebot) -> None:
    conversation = bot.new_conversation()
    conversation.ask("What did Ruiz say about the ferry pier?")
    conversation.ask("What did Martin Vale say?")
    answer = conversation.ask("What else did she say?")
    assert answer.resolved_question == "What else did Ana Ruiz say?"
    assert answer.quotes and {q.speaker for q in answer.quotes} == {"Ana Ruiz"}


def test_a_pronoun_with_nobody_to_refer_to_names_no_speaker(bot: Citebot) -> None:
    answer = bot.new_conversation().ask("What did he say about the pier?")
    assert not answer.found and answer.quotes == []
    assert "“he”" in answer.headline and "please ask with a name" in answer.headline


def test_and_name_keeps_the_topic_and_and_about_keeps_the_person(bot: Citebot) -> None:
    conversation = bot.new_conversation()
    conversation.ask("What did Ruiz say about the ferry pier?")
    other = conversation.ask("And Okafor?")
    assert other.resolved_question == "What did Okafor say about the ferry pier?"
    assert {q.speaker for q in other.quotes} == {"Tom Okafor"}
    tax = conversation.ask("And about council tax?")
    assert tax.resolved_question == "What did Okafor say about council tax?"
    back = bot.new_conversation()
    back.ask("What did Ruiz say about the ferry pier?")
    about = back.ask("And about council tax?")
    assert about.resolved_question == "What did Ruiz say about council tax?"
    assert about.quotes[0].text == "council tax would rise by two per cent in April"


def test_who_else_commented_lists_the_other_speakers_on_the_topic(bot: Citebot) -> None:
    conversation = bot.new_conversation()
    conversation.ask("What did Ana Ruiz say about council tax?")
    others = conversation.ask("Who else commented?")
    assert others.resolved_question == "Who else commented on council tax?"
    assert others.headline.startswith("Also quoted on council tax: Martin Vale")
    assert "Ana Ruiz" not in {q.speaker for q in others.quotes}


def test_who_else_on_a_named_topic_takes_that_topic(bot: Citebot) -> None:
    conversation = bot.new_conversation()
    conversation.ask("What did Okafor say about the ferry pier?")
    others = conversation.ask("Who else commented on council tax?")
    assert others.resolved_question == "Who else commented on council tax?"
    assert others.headline.startswith("Also quoted on council tax:")
    speakers = {q.speaker for q in others.quotes}
    assert "Ana Ruiz" in speakers and "Tom Okafor" not in speakers
    # asked first, with nothing to go on but the topic named
    alone = bot.new_conversation().ask("Who else commented on council tax?")
    assert alone.headline.startswith("Also quoted on council tax:")


def test_an_aside_attribution_is_not_taken_for_the_cues_object() -> None:
    text = "Harbour users, said Ruiz, would pay less from May."
    start = text.index("would")
    aside = Quote(start, len(text) - 1, "Harbour users", 0, 13, "said", "indirect")
    assert display_context(text, aside) is None
    text = "Ruiz told the board on Monday that fees would fall."
    start = text.index("that")
    told = Quote(start, len(text) - 1, "Ana Ruiz", 0, 4, "told", "indirect")
    shown = display_context(text, told)
    assert shown is not None and shown.text == "told the board on Monday that fees would fall"


def test_an_ask_back_survives_the_shared_state_of_replicas(bot: Citebot) -> None:
    asking = bot.new_conversation()
    asking._choices = [Choice("Ana Ruiz", "Mayor", "What did Ana Ruiz say?")]  # "Which Ruiz?"
    other_replica = bot.new_conversation()
    other_replica.restore(asking.to_state())
    answer = other_replica.ask("1")
    assert answer.resolved_question == "What did Ana Ruiz say?" and answer.found


def test_quotes_json_of_a_file_carries_the_display_context(tmp_path) -> None:
    article = tmp_path / "pier.txt"
    article.write_text(ARTICLES["pier-1.txt"], encoding="utf-8")
    run = subprocess.run(
        [sys.executable, "-m", "citebot.bot", "quotes", "--json", str(article)],
        capture_output=True,
        text=True,
        env={"HF_HUB_OFFLINE": "1", "CITEBOT_DATA_DIR": str(tmp_path / "data"), "PATH": ""},
        cwd=ROOT,
        timeout=300,
    )
    assert run.returncode == 0, run.stderr
    quotes = json.loads(run.stdout)["quotes"]
    urged = next(q for q in quotes if q["cue"] == "urged")
    text = ARTICLES["pier-1.txt"]
    assert urged["context"]["text"] == text[urged["context"]["start"] : urged["end"]]
    assert urged["context"]["text"].startswith("urged the harbour board to reopen")
    assert next(q for q in quotes if q["cue"] == "said")["context"] is None
