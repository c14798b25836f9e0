"""The Telegram bot end to end: the real python-telegram-bot Application and the real Citebot,
talking HTTP to a local Bot API server; the tests act as Telegram users over HTTP."""

from __future__ import annotations

import io
import logging
import re

import pytest
from telegram_fixtures import (
    FAIL_QUESTION,
    SLOW_QUESTION,
    TEST_TOKEN,
    running_bot,
    shared_citebot,  # noqa: F401 (a fixture)
)

ADMIN = 4242
USER = 1001
GROUP = -100123
SEED_TITLE = "Russia 'close' to restoring full-fledged relations with Taliban: Moscow"
NEW_ARTICLE = """Zorblat engineers celebrate a bridge

Example Wire
Published March 3, 2025

The new bridge over the Vltava was opened on Monday, officials said.

"Costs <were> high & the work took 3 > 2 years, but it is worth it," Ilse Zorblat, the city's chief engineer, told reporters.

Zorblat added that the second bridge would open in 2027.
"""


@pytest.fixture
def bot(shared_citebot):  # noqa: F811
    with running_bot(shared_citebot, admin_ids=frozenset({ADMIN})) as harness:
        yield harness


def buttons(message: dict) -> list[str]:
    rows = (message.get("reply_markup") or {}).get("inline_keyboard", [])
    return [b["text"] for row in rows for b in row]


def ask(client, chat_id: int, text: str, **kwargs) -> tuple[dict, dict]:
    """Send a message and wait for the bot's first reply to it."""
    question = client.send_text(chat_id, text, **kwargs)
    replies = client.replies(chat_id)
    assert replies, f"no reply to {text!r}"
    return question, replies[0]


# -- private chat ------------------------------------------------------------------------------


def test_start_and_help_introduce_the_bot_and_commands_are_registered(bot) -> None:
    _, start = ask(bot.client, USER, "/start")
    assert "What did Dmitry Medvedev say?" in start["plain_text"]
    assert "exact words" in start["plain_text"] and start["parse_mode"] == "HTML"
    commands = {c["command"] for c in bot.client.commands()}
    assert {"start", "help", "sources", "reset", "ask"} <= commands
    _, help_ = ask(bot.client, USER, "/help")
    assert "/ask" in help_["plain_text"] and "/add" not in help_["plain_text"]
    _, admin_help = ask(bot.client, ADMIN, "/help")
    assert "/add" in admin_help["plain_text"]


def test_a_question_gets_cited_quotes_with_buttons_while_typing_shows(bot) -> None:
    question, answer = ask(bot.client, USER, "What did Medvedev say?")
    assert answer["reply_to_message_id"] == question["message_id"]
    assert answer["parse_mode"] == "HTML"
    assert "<b>Dmitry Medvedev</b>" in answer["text"] and "<blockquote>" in answer["text"]
    text = answer["plain_text"]
    assert "Russia is close to restoring full-fledged relations" in text and "[1]" in text
    assert SEED_TITLE in text and "Anadolu Agency" in text and "2024-05-28" in text
    assert buttons(answer) == ["More", "Sources"]  # the seed has more Medvedev quotes than a page
    actions = [r["params"] for r in bot.client.requests("sendChatAction")]
    assert {"chat_id": USER, "action": "typing"} in [
        {"chat_id": int(a["chat_id"]), "action": a["action"]} for a in actions
    ]


def test_follow_ups_use_the_chats_memory(bot) -> None:
    ask(bot.client, USER, "What did Medvedev say?")
    _, follow_up = ask(bot.client, USER, "and Lavrov?")
    assert "Sergey Lavrov" in follow_up["plain_text"]
    assert "Medvedev" not in follow_up["plain_text"]


def test_more_pages_the_same_answer_and_sources_show_full_paragraphs(bot) -> None:
    client = bot.client
    _, answer = ask(client, USER, "What did Medvedev say?")
    query = client.press(USER, answer["message_id"], "More")
    events = client.events(USER, count=2)
    assert client.callback_answer(query) is not None
    page = next(e for e in events if e["kind"] == "send")
    assert page["reply_to_message_id"] == answer["message_id"]
    assert "Medvedev" in page["plain_text"] and page["plain_text"] != answer["plain_text"]
    edited = next(m for m in client.sent(USER) if m["message_id"] == answer["message_id"])
    assert buttons(edited) == ["Sources"]  # "More" was used up; the message was edited
    client.press(USER, answer["message_id"], "Sources")
    [sources] = client.replies(USER)
    assert sources["reply_to_message_id"] == answer["message_id"]
    assert "Cited paragraphs" in sources["plain_text"]
    assert (
        "said Dmitry Medvedev, deputy head of the Security Council, on Tuesday."
        in sources["plain_text"]
    )


def test_reset_forgets_the_conversation(bot) -> None:
    client = bot.client
    _, answer = ask(client, USER, "What did Medvedev say?")
    _, reset = ask(client, USER, "/reset")
    assert "forgotten" in reset["plain_text"]
    query = client.press(USER, answer["message_id"], "More")
    assert "no longer current" in client.callback_answer(query)["text"]


def test_sources_lists_the_indexed_articles(bot) -> None:
    _, listing = ask(bot.client, USER, "/sources")
    assert SEED_TITLE in listing["plain_text"] and "quotes" in listing["plain_text"]
    assert "&#x27;" in listing["text"] or "'" in listing["text"]


def test_unanswerable_questions_get_a_polite_no(bot) -> None:
    _, reply = ask(bot.client, USER, "Who is the president of France?")
    assert "nothing" in reply["plain_text"].lower()
    assert buttons(reply) == []


# -- groups ------------------------------------------------------------------------------------


def test_groups_get_answers_only_when_the_bot_is_addressed(bot) -> None:
    client = bot.client
    chatter = client.send_text(GROUP, "What did Medvedev say?", user_id=7, chat_type="group")
    assert client.quiet(GROUP, timeout=1.5)
    question, answer = ask(
        client, GROUP, "@citebot_test_bot what did Medvedev say?", user_id=7, chat_type="group"
    )
    assert answer["reply_to_message_id"] == question["message_id"] != chatter["message_id"]
    assert "Dmitry Medvedev" in answer["plain_text"]
    _, follow_up = ask(
        client,
        GROUP,
        "and Lavrov?",
        user_id=8,
        chat_type="group",
        reply_to_message_id=answer["message_id"],
    )
    assert "Sergey Lavrov" in follow_up["plain_text"]
    _, by_command = ask(
        client, GROUP, "/ask@citebot_test_bot What did Putin say?", user_id=7, chat_type="group"
    )
    assert "Vladimir Putin" in by_command["plain_text"]
    _, plain_command = ask(client, GROUP, "/ask What did Putin say?", user_id=9, chat_type="group")
    assert "Vladimir Putin" in plain_command["plain_text"]


# -- adding articles ---------------------------------------------------------------------------


def test_admins_upload_articles_and_text_with_markup_characters_is_delivered(bot) -> None:
    client = bot.client
    client.send_document(USER, "bridge.txt", NEW_ARTICLE.encode())
    [refusal] = client.replies(USER)
    assert "only the bot's admins" in refusal["plain_text"]
    client.send_document(ADMIN, "bridge.txt", NEW_ARTICLE.encode())
    [report] = client.replies(ADMIN, timeout=120)  # an ingest on a busy machine
    assert "Added: Zorblat engineers celebrate a bridge" in report["plain_text"]
    assert re.search(r"\d+ quotes found", report["plain_text"])
    _, answer = ask(client, USER, "What did Ilse Zorblat say?")
    assert (
        '"Costs <were> high & the work took 3 > 2 years, but it is worth it,"'
        in answer["plain_text"]
    )
    assert "&lt;were&gt; high &amp; the work" in answer["text"]


def test_uploads_are_checked_for_type_and_size(shared_citebot) -> None:  # noqa: F811
    with running_bot(shared_citebot, admin_ids=frozenset({ADMIN}), max_upload_bytes=100) as bot:
        bot.client.send_document(ADMIN, "photo.png", b"\x89PNG")
        [wrong_type] = bot.client.replies(ADMIN)
        assert "only add articles from" in wrong_type["plain_text"]
        bot.client.send_document(ADMIN, "big.txt", b"x" * 101)
        [too_big] = bot.client.replies(ADMIN)
        assert "too big" in too_big["plain_text"]
        assert bot.client.requests("getFile") == []  # refused before downloading


def test_add_with_pasted_text_is_for_admins_only(bot) -> None:
    client = bot.client
    pasted = NEW_ARTICLE.replace(
        "Zorblat engineers celebrate a bridge", "Pasted bridge story"
    ).replace("Vltava", "Danube")
    _, refusal = ask(client, USER, "/add " + pasted)
    assert "only the bot's admins" in refusal["plain_text"]
    _, report = ask(client, ADMIN, "/add " + pasted)
    assert "Added: Pasted bridge story" in report["plain_text"]
    _, usage = ask(client, ADMIN, "/add")
    assert "Usage" in usage["plain_text"]


def test_other_chats_get_answers_while_an_article_is_ingested(bot) -> None:
    import threading

    client = bot.client
    bot.citebot.ingest_gate = threading.Event()
    article = NEW_ARTICLE.replace("Zorblat engineers celebrate a bridge", "Third bridge story")
    client.send_document(ADMIN, "third.txt", article.encode())
    assert bot.citebot.ingest_started.wait(30)
    _, answer = ask(client, USER, "What did Putin say?")  # while the ingest is held
    assert "Vladimir Putin" in answer["plain_text"]
    bot.citebot.ingest_gate.set()
    report = [m for m in client.replies(ADMIN) if "Added" in m["plain_text"]]
    assert report and "Third bridge story" in report[0]["plain_text"]


# -- robustness --------------------------------------------------------------------------------


def test_flood_control_is_waited_out_and_the_answer_still_arrives(bot) -> None:
    bot.client.throttle("sendMessage", count=2, retry_after=1)
    _, answer = ask(bot.client, USER, "What did Putin say?")
    assert "Vladimir Putin" in answer["plain_text"]
    assert [r["status"] for r in bot.client.requests("sendMessage")][:3] == [429, 429, 200]


def test_long_replies_are_split_into_valid_messages(bot) -> None:
    client = bot.client
    long_paragraph = " ".join(
        f"Sentence {i} of a very long paragraph about <bridges> & roads." for i in range(120)
    )
    article = (
        "Long paragraph story\n\nExample Wire\nPublished March 4, 2025\n\n"
        f'"We will build more bridges," Oskar Quill, the mayor, said on Monday. {long_paragraph}\n'
    )
    client.send_document(ADMIN, "long.txt", article.encode())
    [report] = client.replies(ADMIN, timeout=120)  # an ingest on a busy machine
    assert "Added: Long paragraph story" in report["plain_text"]
    _, answer = ask(client, ADMIN, "What did Oskar Quill say?")
    assert "We will build more bridges" in answer["plain_text"]
    client.press(ADMIN, answer["message_id"], "Sources")
    parts = client.replies(ADMIN, count=3)  # about 9,000 characters of HTML
    assert len(parts) == 3 and client.quiet(ADMIN, timeout=0.5)
    assert all(p["reply_to_message_id"] == answer["message_id"] for p in parts[:1])
    assert all(len(p["plain_text"]) <= 4096 for p in parts)
    combined = " ".join(p["plain_text"] for p in parts)
    assert (
        "Sentence 0 of" in combined
        and "Sentence 119 of a very long paragraph about <bridges> & roads." in combined
    )


def test_an_exception_while_answering_is_reported_and_the_bot_keeps_going(bot, caplog) -> None:
    caplog.set_level(logging.ERROR, logger="citebot.telegram")
    _, sorry = ask(bot.client, USER, FAIL_QUESTION)
    assert sorry["plain_text"].startswith("Sorry, something went wrong")
    assert "answering failed" in caplog.text and "injected failure" in caplog.text
    _, answer = ask(bot.client, USER, "What did Putin say?")
    assert "Vladimir Putin" in answer["plain_text"]


def test_slow_answers_time_out_with_a_notice(shared_citebot) -> None:  # noqa: F811
    with running_bot(shared_citebot, answer_timeout_s=0.5) as bot:
        _, notice = ask(bot.client, USER, SLOW_QUESTION)
        assert "took too long" in notice["plain_text"]
        bot.citebot.release_slow.set()
        _, answer = ask(bot.client, USER, "What did Putin say?")
        assert "Vladimir Putin" in answer["plain_text"]


def test_bursts_get_a_short_rate_limit_notice(shared_citebot) -> None:  # noqa: F811
    with running_bot(shared_citebot, user_rate_per_minute=2) as bot:
        for _ in range(4):
            bot.client.send_text(USER, "What did Putin say?")
        replies = bot.client.replies(USER, count=3)
        assert bot.client.quiet(USER, timeout=1.0)
        texts = [r["plain_text"] for r in replies]
        assert sum("Vladimir Putin" in t for t in texts) == 2
        assert sum("asking very fast" in t for t in texts) == 1


def test_a_flood_from_many_users_meets_the_global_limit(shared_citebot) -> None:  # noqa: F811
    with running_bot(shared_citebot, global_rate_per_minute=2) as bot:
        users = [USER, 9001, 9002]
        for user in users:
            bot.client.send_text(user, "What did Putin say?")
        texts = [bot.client.replies(user, count=1)[0]["plain_text"] for user in users]
        assert sum("Vladimir Putin" in t for t in texts) == 2
        assert sum("very busy" in t for t in texts) == 1


def test_chats_outside_the_allowlist_are_turned_away(shared_citebot) -> None:  # noqa: F811
    with running_bot(shared_citebot, allowed_chat_ids=frozenset({USER})) as bot:
        _, refused = ask(bot.client, 555, "What did Putin say?")
        assert "not available" in refused["plain_text"]
        _, answer = ask(bot.client, USER, "What did Putin say?")
        assert "Vladimir Putin" in answer["plain_text"]


def test_the_token_never_reaches_the_logs(shared_citebot, capfd) -> None:  # noqa: F811
    from citebot.bot.telegram.redaction import redacting_handler

    logs = io.StringIO()
    root = logging.getLogger()
    handler, level = redacting_handler(TEST_TOKEN, logs), root.level
    root.addHandler(handler)  # as `citebot telegram` logs (telegram.app.configure_logging)
    root.setLevel(logging.DEBUG)
    try:
        with running_bot(shared_citebot) as bot:
            ask(bot.client, USER, "What did Putin say?")
            ask(bot.client, USER, FAIL_QUESTION)
            bot.client.throttle("sendMessage", count=1, retry_after=1)
            ask(bot.client, USER, "/help")
    finally:
        root.removeHandler(handler)
        root.setLevel(level)
    secret = TEST_TOKEN.split(":", 1)[1]
    out, err = capfd.readouterr()
    assert "/bot123456789:[REDACTED]/getUpdates" in logs.getvalue()  # URLs were logged, redacted
    for captured in (logs.getvalue(), out, err):
        assert secret not in captured
    assert secret not in repr(bot.settings)


@pytest.mark.slow
def test_fifty_chats_asking_at_once_all_get_correct_answers(shared_citebot) -> None:  # noqa: F811
    from load_telegram import run_load

    report = run_load(shared_citebot, chats=50, rounds=1)
    assert report["correct"] == report["chats"] == 50, report
