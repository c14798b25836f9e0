"""Replies to older answers in Telegram, end to end through python-telegram-bot and the local
Bot API server: "more" replying to an answer pages that answer, not the chat's latest; a reply
to an answer the chat no longer keeps says so plainly instead of guessing."""

from __future__ import annotations

import pytest
from telegram_fixtures import running_bot

from citebot.bot.telegram.handlers import KEPT_ANSWERS
from tests.harbour_articles import harbour_folder

CHAT = 4242


@pytest.fixture
def bot(make_bot, tmp_path):
    citebot = make_bot(tmp_path / "data", top_k=1)  # one quote per page: every answer pages
    assert len(citebot.ingest([harbour_folder(tmp_path)]).added) == 3
    with running_bot(citebot, user_rate_per_minute=0) as harness:  # 22 questions a minute
        yield harness


def say(client, text: str, reply_to: int | None = None) -> dict:
    client.send_text(CHAT, text, user_id=CHAT, reply_to_message_id=reply_to)
    replies = client.replies(CHAT)
    assert replies, f"no reply to {text!r}"
    return replies[0]


def _quote(reply: dict) -> str:
    """The quote a one-quote page shows (its line carries the citation marker)."""
    return next(line for line in reply["plain_text"].splitlines() if line.endswith("[1]"))


def test_more_replying_to_an_older_answer_pages_that_answer(bot) -> None:
    client = bot.client
    ruiz = say(client, "What did Ana Ruiz say?")
    assert "Ana Ruiz" in ruiz["plain_text"]
    okafor = say(client, "What did Tom Okafor say?")  # now the chat's latest answer
    assert "Tom Okafor" in okafor["plain_text"]
    second = say(client, "more", reply_to=ruiz["message_id"])
    assert "Ana Ruiz" in second["plain_text"] and "Okafor" not in second["plain_text"]
    assert _quote(second) != _quote(ruiz)  # the next page, not the first again
    # and "more" on its own now continues that answer: a third, new page of Ruiz's quotes
    third = say(client, "more")
    assert "Ana Ruiz" in third["plain_text"] and "Okafor" not in third["plain_text"]
    assert _quote(third) not in (_quote(ruiz), _quote(second))


def test_a_reply_to_an_answer_no_longer_kept_says_so(bot) -> None:
    client = bot.client
    first = say(client, "What did Martin Vale say?")
    for _ in range(KEPT_ANSWERS):
        say(client, "What did Tom Okafor say?")
    late = say(client, "What else did he say?", reply_to=first["message_id"])
    assert "I no longer remember the answer you replied to" in late["plain_text"]
    assert "Okafor" not in late["plain_text"] and "Vale" not in late["plain_text"]
