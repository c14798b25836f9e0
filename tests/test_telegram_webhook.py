"""Webhook mode end to end: the real python-telegram-bot Application started as
``citebot telegram --webhook-url`` starts it (``telegram_app.start`` -> ``Updater.start_webhook``)
and the real Citebot; the fake Bot API server delivers users' updates to the bot's listener by
HTTP POST, as Telegram does, mapping the public https URL to it like a TLS-terminating proxy."""

from __future__ import annotations

import copy

import httpx
import pytest
from telegram import Update
from telegram_fixtures import (
    WEBHOOK_PATH,
    WEBHOOK_SECRET,
    WEBHOOK_URL,
    running_bot,
    running_webhook_bot,
    shared_citebot,  # noqa: F401 (a fixture)
)

from citebot.bot.telegram.app import webhook_options

USER = 1001


@pytest.fixture(scope="module")
def bot(shared_citebot):  # noqa: F811
    with running_webhook_bot(shared_citebot) as harness:
        yield harness


def ask(client, chat_id: int, text: str) -> tuple[dict, dict]:
    question = client.send_text(chat_id, text)
    replies = client.replies(chat_id)
    assert replies, f"no reply to {text!r}"
    return question, replies[0]


def post_to_listener(url: str, update: dict, secret: str | None) -> httpx.Response:
    headers = {} if secret is None else {"X-Telegram-Bot-Api-Secret-Token": secret}
    return httpx.post(url, json=update, headers=headers, timeout=10)


def test_webhook_options_serve_the_public_urls_path_with_the_secret(bot) -> None:
    options = webhook_options(bot.settings)
    assert options["url_path"] == WEBHOOK_PATH.strip("/") and options["listen"] == "127.0.0.1"
    assert options["webhook_url"] == WEBHOOK_URL and options["secret_token"] == WEBHOOK_SECRET


def test_the_bot_registers_its_webhook_once_and_never_polls(bot) -> None:
    client = bot.client
    [registration] = client.requests("setWebhook")
    params = registration["params"]
    assert registration["status"] == 200
    assert params["url"] == WEBHOOK_URL and params["secret_token"] == WEBHOOK_SECRET
    assert sorted(params["allowed_updates"]) == sorted(Update.ALL_TYPES)
    assert client.requests("deleteWebhook") == []  # only polling mode deletes the webhook
    assert client.requests("getUpdates") == []
    assert bot.server.webhook_url == WEBHOOK_URL
    assert bot.server.webhook_secret == WEBHOOK_SECRET


def test_a_question_is_delivered_by_webhook_and_answered_with_citations(bot) -> None:
    client = bot.client
    question, answer = ask(client, USER, "What did Medvedev say?")
    delivered = [d for d in client.deliveries() if d["update"].get("message") == question]
    assert delivered and delivered[-1]["status"] == 200
    assert delivered[-1]["url"] == WEBHOOK_URL and delivered[-1]["target"] == bot.listener_url
    assert delivered[-1]["secret_token"] == WEBHOOK_SECRET
    assert answer["reply_to_message_id"] == question["message_id"]
    assert answer["parse_mode"] == "HTML"
    assert "<b>Dmitry Medvedev</b>" in answer["text"] and "<blockquote>" in answer["text"]
    assert "Russia is close to restoring full-fledged relations" in answer["plain_text"]
    assert "[1]" in answer["plain_text"]


def test_posts_without_the_right_secret_are_refused_and_never_answered(bot) -> None:
    client = bot.client
    question, _ = ask(client, USER, "What did Medvedev say?")
    [delivery] = [d for d in client.deliveries() if d["update"].get("message") == question]
    forged = copy.deepcopy(delivery["update"])
    forged["update_id"] += 10**6  # not one the bot has seen
    for secret in (None, "wrong-secret", WEBHOOK_SECRET.upper()):
        response = post_to_listener(bot.listener_url, forged, secret)
        assert response.status_code == 403, secret
    assert client.quiet(USER, timeout=1.0)
    # The same update with the right secret is taken: the refusals were about the secret.
    assert post_to_listener(bot.listener_url, forged, WEBHOOK_SECRET).status_code == 200
    [again] = client.replies(USER)
    assert again["reply_to_message_id"] == question["message_id"]
    assert "Dmitry Medvedev" in again["plain_text"]


def test_polling_mode_deletes_any_webhook_instead(shared_citebot) -> None:  # noqa: F811
    with running_bot(shared_citebot) as polling:
        assert len(polling.client.requests("deleteWebhook")) == 1
        assert polling.client.requests("setWebhook") == []
        _, answer = ask(polling.client, USER, "What did Medvedev say?")
        assert "Dmitry Medvedev" in answer["plain_text"]
