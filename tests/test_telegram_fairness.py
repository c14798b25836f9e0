"""Fair shares under floods, forgetting idle chats, and updates a forged or broken server
might send: the real Application against the fake Bot API server, many simulated users."""

from __future__ import annotations

import time

from telegram_fixtures import running_bot, shared_citebot  # noqa: F401

QUESTION = "What did Putin say?"
NEWCOMER = 777
FLOODERS = range(5001, 5016)  # 15 users
FLOOD = 6  # messages each, at once


def _answers(sent: list[dict], chat_id: int) -> list[dict]:
    return [m for m in sent if m["chat_id"] == chat_id and "Vladimir Putin" in m["plain_text"]]


def test_flooders_get_their_share_and_never_starve_a_newcomer(shared_citebot) -> None:  # noqa: F811
    with running_bot(shared_citebot, user_rate_per_minute=3, max_concurrent_answers=1) as bot:
        client = bot.client
        for _ in range(FLOOD):
            for user in FLOODERS:
                client.send_text(user, QUESTION)
        client.replies(FLOODERS[0], count=1)  # the flood is being answered, the queue is long
        before = len(client.sent())
        client.send_text(NEWCOMER, QUESTION)
        answer = client.replies(NEWCOMER, count=1)
        assert answer and "Vladimir Putin" in answer[0]["plain_text"]
        sent = client.sent()
        position = next(i for i, m in enumerate(sent) if m["chat_id"] == NEWCOMER)
        served_first = [m for m in sent[before:position] if "Vladimir Putin" in m["plain_text"]]
        # It went ahead of the queue: only answers finished while its update was on its way
        # came first, most of the flood's came after.
        assert len(served_first) <= 5, len(served_first)
        for user in FLOODERS:  # everyone's share, one notice each, nothing "busy"
            client.replies(user, count=4, timeout=60)
        sent = client.sent()
        after = [m for m in sent[position:] if "Vladimir Putin" in m["plain_text"]]
        # Most of what was still queued when it arrived was answered after it (how much was
        # queued depends on the machine's speed, so the count is relative to that).
        assert len(after) > len(served_first), (len(served_first), len(after))
        for user in FLOODERS:
            mine = [m["plain_text"] for m in sent if m["chat_id"] == user]
            assert len(_answers(sent, user)) == 3, mine
            assert sum("slowing you down" in t for t in mine) == 1, mine
            assert not any("busy" in t for t in mine)
        assert client.quiet(FLOODERS[-1], timeout=0.5)


def test_idle_chats_are_forgotten_and_their_answers_expire(shared_citebot) -> None:  # noqa: F811
    hours = 1.5 / 3600  # 1.5 seconds
    with running_bot(shared_citebot, chat_idle_hours=hours) as bot:
        client = bot.client
        for chat in range(6001, 6021):
            client.send_text(chat, "What did Medvedev say?")
        answers = {chat: client.replies(chat, count=1)[0] for chat in range(6001, 6021)}
        answer = answers[6001]
        assert len(bot.app.chat_data) >= 20
        time.sleep(2.0)
        bot.app.bot_data["deps"].swept_at = 0.0  # sweep at the next update
        query = client.press(6001, answer["message_id"], "More")
        assert "expired" in client.callback_answer(query)["text"]
        notice = client.replies(6001, count=1)[0]
        assert (
            "has expired" in notice["plain_text"]
            and "ask your question again" in notice["plain_text"]
        )
        assert len(bot.app.chat_data) <= 2  # the 19 idle chats are gone
        client.send_text(
            6002, "and Lavrov?", reply_to_message_id=client.sent(6002)[0]["message_id"]
        )
        assert "has expired" in client.replies(6002, count=1)[0]["plain_text"]
        fresh = client.send_text(6003, "What did Lavrov say?")
        assert "Sergey Lavrov" in client.replies(6003, count=1)[0]["plain_text"], fresh


def test_forged_updates_are_handled_quietly(shared_citebot) -> None:  # noqa: F811
    with running_bot(shared_citebot) as bot:
        client = bot.client
        client.send_text(1001, "What did Medvedev say?")
        answer = client.replies(1001, count=1)[0]
        message = client.message(1001, answer["message_id"])
        user = {"id": 1001, "is_bot": False, "first_name": "User1001"}
        base = {"from": user, "chat_instance": "1"}
        client.forge(
            1001,
            {
                "callback_query": {
                    **base,
                    "id": "q1",
                    "data": "more:" + "9" * 5000,
                    "message": message,
                }
            },
        )
        assert "no longer current" in client.callback_answer("q1")["text"]
        client.forge(1001, {"callback_query": {**base, "id": "q2", "data": "more:1"}})
        assert "expired" in client.callback_answer("q2")["text"]
        name = bot.app.bot.username
        group = {"id": -100777, "type": "group", "title": "G"}
        text = f"@{name}X what did Putin say?"
        forged = {
            "message_id": 1,
            "date": int(time.time()),
            "chat": group,
            "from": {"id": 7, "is_bot": False, "first_name": "U"},
            "text": text,
            "entities": [{"type": "mention", "offset": 0, "length": len(name) + 1}],
        }
        client.forge(-100777, {"message": forged})
        assert client.quiet(-100777, timeout=1.5)  # a mention of @...X is not one of the bot
        assert client.quiet(1001, timeout=0.1)
        assert not any(m["plain_text"].startswith("Sorry") for m in client.sent())
