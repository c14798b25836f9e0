"""In a Telegram group, a reply to one of the bot's answers follows up THAT answer, not the
chat's latest topic: end to end through python-telegram-bot and the local Bot API server."""

from __future__ import annotations

import pytest
from telegram_fixtures import running_bot

from tests.harbour_articles import harbour_folder

GROUP = -100777
MENTION = "@citebot_test_bot "


@pytest.fixture
def bot(make_bot, tmp_path):
    citebot = make_bot(tmp_path / "data")
    assert len(citebot.ingest([harbour_folder(tmp_path)]).added) == 3
    with running_bot(citebot) as harness:
        yield harness


def say(client, text: str, user: int, reply_to: int | None = None) -> dict:
    """A group member's message; returns the bot's first reply to it."""
    client.send_text(GROUP, text, user_id=user, chat_type="group", reply_to_message_id=reply_to)
    replies = client.replies(GROUP)
    assert replies, f"no reply to {text!r}"
    return replies[0]


def test_a_reply_follows_up_the_answer_it_replies_to(bot) -> None:
    client = bot.client
    ruiz = say(client, MENTION + "What did Ana Ruiz say about the ferry pier?", user=1)
    assert "<b>Ana Ruiz</b>" in ruiz["text"]
    vale = say(client, MENTION + "What did Martin Vale say?", user=2)  # the chat's latest topic
    assert "<b>Martin Vale</b>" in vale["text"]
    # user 1 replies to the answer about Ruiz, after Vale's answer
    tax = say(client, "And about council tax?", user=1, reply_to=ruiz["message_id"])
    assert tax["reply_to_message_id"] != ruiz["message_id"]  # it answers the reply itself
    assert "<b>Ana Ruiz</b>" in tax["text"] and "Martin Vale" not in tax["plain_text"]
    assert "council tax would rise by two per cent in April" in tax["plain_text"]
    # "Who else commented?" replying to the Ruiz-on-the-pier answer: others on the pier
    others = say(client, "Who else commented?", user=3, reply_to=ruiz["message_id"])
    assert "Also quoted on the ferry pier: Tom Okafor" in others["plain_text"]
    assert "Ana Ruiz" not in others["plain_text"].split("\n", 1)[1]
    # and a reply to Vale's answer, now older than two others, is still about Vale
    more_vale = say(client, "What else did he say?", user=2, reply_to=vale["message_id"])
    assert "That is all my sources report from Martin Vale." in more_vale["plain_text"]


def test_without_a_reply_the_chats_latest_topic_is_followed(bot) -> None:
    client = bot.client
    say(client, MENTION + "What did Ana Ruiz say about the ferry pier?", user=1)
    say(client, MENTION + "What did Tom Okafor say?", user=2)
    latest = say(client, MENTION + "And about council tax?", user=1)
    assert "Ana Ruiz" not in latest["plain_text"]
