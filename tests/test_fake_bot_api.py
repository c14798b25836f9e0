"""The fake Bot API server must behave like Telegram: everything in the bot's e2e tests rests on it.

Most tests speak plain HTTP, as the Bot API documents it; a few drive the real
python-telegram-bot ``Bot`` against it to prove the two understand each other.
"""

from __future__ import annotations

import html
import json
import threading
import time

import httpx
import pytest
import telegram
from aiohttp import web
from fake_bot_api import parse_telegram_html, visible_text
from telegram.error import BadRequest, RetryAfter
from telegram_fixtures import TEST_TOKEN, fake_telegram

BOT_ID = int(TEST_TOKEN.split(":")[0])


@pytest.fixture
def tg():
    with fake_telegram() as (loop, server, client):
        api = httpx.Client(base_url=f"{server.base_url}/bot{TEST_TOKEN}", timeout=30)
        yield loop, server, client, api
        api.close()


def call(api: httpx.Client, method: str, **params) -> httpx.Response:
    return api.post(f"/{method}", json=params)


def ok(response: httpx.Response):
    body = response.json()
    assert response.status_code == 200 and body["ok"], body
    return body["result"]


def error(response: httpx.Response) -> tuple[int, str]:
    body = response.json()
    assert not body["ok"] and body["error_code"] == response.status_code, body
    return response.status_code, body["description"]


# -- HTML validation ---------------------------------------------------------------------------

ACCEPTED = [
    ("plain text", "plain text"),
    ("<b>bold</b> <strong>s</strong> <i>i</i> <em>e</em>", "bold s i e"),
    ("<u>u</u><ins>i</ins><s>s</s><strike>k</strike><del>d</del>", "uiskd"),
    ('<a href="https://example.com/?a=1&amp;b=2">link</a>', "link"),
    ("<a href='http://x.org'>single</a>", "single"),
    ('<code>x &lt; y</code> <pre><code class="language-python">1</code></pre>', "x < y 1"),
    ("<blockquote>quote</blockquote><blockquote expandable>more</blockquote>", "quotemore"),
    ('<tg-spoiler>a</tg-spoiler><span class="tg-spoiler">b</span>', "ab"),
    ("&lt;&gt;&amp;&quot;&#39;&#x27;", "<>&\"''"),
    ("<B>upper case tags</B>", "upper case tags"),
    ("a > b", "a > b"),
    ("<b>nested <i>tags <u>deep</u></i></b>", "nested tags deep"),
    (
        html.escape("Tom & Jerry <script>alert('x')</script> \"q\""),
        "Tom & Jerry <script>alert('x')</script> \"q\"",
    ),
]

REJECTED = [
    ("<foo>x</foo>", 'Unsupported start tag "foo"'),
    ("<br/>", 'Unsupported start tag "br"'),
    ("<b>unclosed", 'Can\'t find end tag corresponding to start tag "b"'),
    ("<b><i>x</b></i>", 'Unmatched end tag at byte offset 7, expected "</i>", found "</b>"'),
    ("x</b>", "Unexpected end tag at byte offset 1"),
    ("1 < 2", 'Unsupported start tag "" at byte offset 2'),
    ("Tom & Jerry", "Unsupported HTML entity at byte offset 4"),
    ("&nbsp;", "Unsupported HTML entity"),
    ("<span>x</span>", 'Tag "span" must have class "tg-spoiler"'),
    ("<a>x</a>", 'Tag "a" must have attribute "href"'),
    ("<code><b>x</b></code>", 'Tag "b" is not allowed inside "code"'),
    ("<b/>", 'Unsupported start tag "b"'),
    ("é<x>", "at byte offset 2"),  # offsets are in UTF-8 bytes
]


@pytest.mark.parametrize(("source", "plain"), ACCEPTED)
def test_html_validator_accepts_telegram_markup(source: str, plain: str) -> None:
    assert parse_telegram_html(source) == plain


@pytest.mark.parametrize(("source", "reason"), REJECTED)
def test_html_validator_rejects_what_telegram_rejects(source: str, reason: str) -> None:
    with pytest.raises(Exception) as info:
        parse_telegram_html(source)
    description = info.value.description  # type: ignore[attr-defined]
    assert description.startswith("Bad Request: can't parse entities: ")
    assert reason in description


def test_length_limit_counts_visible_utf16_text() -> None:
    assert visible_text("<b>" + "a" * 4096 + "</b>", "HTML")  # tags do not count
    for too_long in ("a" * 4097, "😀" * 2049):  # an emoji is two UTF-16 units
        with pytest.raises(Exception, match="message is too long"):
            visible_text(too_long, None)
    with pytest.raises(Exception, match="message text is empty"):
        visible_text("<b> </b>", "HTML")


# -- protocol basics ---------------------------------------------------------------------------


def test_get_me_returns_a_complete_bot_user(tg) -> None:
    _, _, _, api = tg
    me = ok(api.get("/getMe"))
    assert me["id"] == BOT_ID and me["is_bot"] is True
    assert me["first_name"] and me["username"].endswith("bot")
    assert {"can_join_groups", "can_read_all_group_messages", "supports_inline_queries"} <= set(me)


def test_wrong_token_is_unauthorized_and_unknown_method_not_found(tg) -> None:
    _, server, _, api = tg
    wrong = httpx.post(f"{server.base_url}/bot1:wrong/getMe")
    assert error(wrong) == (401, "Unauthorized")
    assert error(call(api, "noSuchMethod")) == (404, "Not Found")


def test_method_names_are_case_insensitive_and_bodies_may_be_json_form_query_or_multipart(
    tg,
) -> None:
    _, _, client, api = tg
    client.send_text(5, "hi")
    assert ok(api.post("/sendmessage", json={"chat_id": 5, "text": "json"}))["text"] == "json"
    assert ok(api.post("/sendMessage", data={"chat_id": "5", "text": "form"}))["text"] == "form"
    assert ok(api.get("/sendMessage", params={"chat_id": 5, "text": "query"}))["text"] == "query"
    multipart = api.post(
        "/sendMessage", data={"chat_id": "5", "text": "multi"}, files={"x": ("a", b"")}
    )
    assert ok(multipart)["text"] == "multi"
    markup = {"inline_keyboard": [[{"text": "More", "callback_data": "more"}]]}
    form = ok(
        api.post(
            "/sendMessage", data={"chat_id": "5", "text": "k", "reply_markup": json.dumps(markup)}
        )
    )
    assert form["reply_markup"] == markup  # JSON-serialized form fields are decoded
    assert [m["text"] for m in client.sent(5)] == ["json", "form", "query", "multi", "k"]


def test_send_message_rejects_malformed_html_and_long_texts_like_telegram(tg) -> None:
    _, _, client, api = tg
    client.send_text(7, "hello")
    assert error(call(api, "sendMessage", chat_id=7, text="<b>x", parse_mode="HTML"))[1].startswith(
        "Bad Request: can't parse entities: "
    )
    assert error(call(api, "sendMessage", chat_id=7, text="x" * 4097)) == (
        400,
        "Bad Request: message is too long",
    )
    assert error(call(api, "sendMessage", chat_id=7, text="")) == (
        400,
        "Bad Request: message text is empty",
    )
    assert error(call(api, "sendMessage", chat_id=999, text="x")) == (
        400,
        "Bad Request: chat not found",
    )
    # Without parse mode the same characters are plain text.
    assert ok(call(api, "sendMessage", chat_id=7, text="<b>x"))["text"] == "<b>x"
    sent = ok(call(api, "sendMessage", chat_id=7, text="<b>a</b> &amp; b", parse_mode="HTML"))
    assert sent["text"] == "a & b"
    assert client.sent(7)[-1]["parse_mode"] == "HTML"
    assert client.sent(7)[-1]["text"] == "<b>a</b> &amp; b"


def test_sent_messages_have_second_dates_replies_and_validated_buttons(tg) -> None:
    _, _, client, api = tg
    question = client.send_text(8, "question")
    assert isinstance(question["date"], int) and abs(question["date"] - time.time()) < 5
    reply = ok(
        call(
            api,
            "sendMessage",
            chat_id=8,
            text="answer",
            reply_parameters={"message_id": question["message_id"]},
        )
    )
    assert reply["reply_to_message"]["message_id"] == question["message_id"]
    assert reply["from"]["id"] == BOT_ID and isinstance(reply["date"], int)
    missing = call(api, "sendMessage", chat_id=8, text="x", reply_parameters={"message_id": 999})
    assert error(missing)[1] == "Bad Request: message to be replied not found"
    too_long_data = {"inline_keyboard": [[{"text": "b", "callback_data": "x" * 65}]]}
    assert error(call(api, "sendMessage", chat_id=8, text="x", reply_markup=too_long_data))[1] == (
        "Bad Request: BUTTON_DATA_INVALID"
    )


def test_user_messages_carry_command_and_mention_entities_in_utf16_units(tg) -> None:
    _, _, client, _ = tg
    message = client.send_text(
        -100, "😀 /ask@citebot_test_bot hi @citebot_test_bot", user_id=3, chat_type="group"
    )
    assert message["chat"]["type"] == "group" and message["chat"]["title"]
    assert message["entities"] == [
        {"type": "bot_command", "offset": 3, "length": 21},
        {"type": "mention", "offset": 28, "length": 17},
    ]
    private = client.send_text(3, "/start")
    assert private["chat"] == {
        "id": 3,
        "type": "private",
        "first_name": "User3",
        "username": "user3",
    }
    assert private["entities"] == [{"type": "bot_command", "offset": 0, "length": 6}]


# -- getUpdates --------------------------------------------------------------------------------


def test_get_updates_offsets_confirm_and_limit(tg) -> None:
    _, _, client, api = tg
    for text in ("one", "two", "three"):
        client.send_text(1, text)
    updates = ok(call(api, "getUpdates"))
    assert [u["message"]["text"] for u in updates] == ["one", "two", "three"]
    first = updates[0]["update_id"]
    assert [u["update_id"] for u in ok(call(api, "getUpdates", offset=first + 1, limit=1))] == [
        first + 1
    ]
    assert ok(call(api, "getUpdates", offset=first))[0]["update_id"] == first + 1  # first confirmed
    assert ok(call(api, "getUpdates", offset=first + 3, timeout=0)) == []


def test_get_updates_long_polls_until_an_update_arrives(tg) -> None:
    _, _, client, api = tg
    timer = threading.Timer(0.3, lambda: client.send_text(2, "late"))
    timer.start()
    updates = ok(call(api, "getUpdates", timeout=20))
    timer.join()
    assert [u["message"]["text"] for u in updates] == ["late"]


def test_get_updates_times_out_empty_and_conflicts_with_webhooks(tg) -> None:
    _, _, _, api = tg
    assert ok(call(api, "getUpdates", timeout=0.2)) == []
    assert ok(call(api, "setWebhook", url="https://example.com/hook")) is True
    assert error(call(api, "getUpdates"))[0] == 409
    assert ok(call(api, "deleteWebhook")) is True
    assert ok(call(api, "getUpdates")) == []


def test_a_second_long_poll_terminates_the_first_with_409(tg) -> None:
    _, _, _, api = tg
    results = []
    worker = threading.Thread(target=lambda: results.append(call(api, "getUpdates", timeout=20)))
    worker.start()
    time.sleep(0.3)
    ok(call(api, "getUpdates", timeout=0))
    worker.join(10)
    assert error(results[0])[0] == 409


# -- webhooks ----------------------------------------------------------------------------------

PUBLIC_HOOK = "https://bot.example.test/hook"


class HookReceiver:
    """A bot's webhook listener as plain HTTP: records each POST and answers the given statuses
    in turn (then 200)."""

    def __init__(self, statuses: list[int]) -> None:
        self.posts: list[dict] = []
        self.statuses = list(statuses)
        self.url = ""
        self._runner: web.AppRunner | None = None

    async def _handle(self, request: web.Request) -> web.Response:
        self.posts.append({"headers": dict(request.headers), "body": await request.json()})
        status = self.statuses.pop(0) if self.statuses else 200
        return web.json_response({}, status=status)

    async def start(self) -> None:
        app = web.Application()
        app.router.add_post("/hook", self._handle)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        self.url = f"http://127.0.0.1:{port}/hook"

    async def stop(self) -> None:
        if self._runner:
            await self._runner.cleanup()


@pytest.fixture
def hook():
    """A webhook receiver whose public https URL PUBLIC_HOOK the server "proxies" to it."""
    with fake_telegram() as (loop, server, client):
        receiver = HookReceiver([])
        loop.run(receiver.start())
        server.webhook_delivery_map[PUBLIC_HOOK] = receiver.url
        api = httpx.Client(base_url=f"{server.base_url}/bot{TEST_TOKEN}", timeout=30)
        try:
            yield receiver, client, api
        finally:
            api.close()
            loop.run(receiver.stop())


def test_set_webhook_requires_https_and_a_well_formed_secret(tg) -> None:
    _, _, _, api = tg
    no_https = error(call(api, "setWebhook", url="http://bot.example.test/hook"))
    assert no_https == (400, "Bad Request: bad webhook: An HTTPS URL must be provided for webhook")
    bad_secret = error(call(api, "setWebhook", url=PUBLIC_HOOK, secret_token="not secret!"))
    assert bad_secret == (400, "Bad Request: secret token contains unallowed characters")
    assert ok(call(api, "getWebhookInfo"))["url"] == ""
    assert ok(call(api, "setWebhook", url=PUBLIC_HOOK, secret_token="s3cret_-X")) is True
    assert ok(call(api, "getWebhookInfo"))["url"] == PUBLIC_HOOK
    assert ok(call(api, "setWebhook", url="")) is True  # an empty URL removes the webhook
    assert ok(call(api, "getWebhookInfo"))["url"] == ""


def test_a_webhook_gets_pending_and_new_updates_by_post_with_the_secret(hook) -> None:
    receiver, client, api = hook
    client.send_text(5, "sent before the webhook was set")
    assert ok(call(api, "setWebhook", url=PUBLIC_HOOK, secret_token="s3cret_-X")) is True
    client.send_text(5, "sent after")
    deliveries = client.deliveries(count=2, timeout=10)
    assert [d["status"] for d in deliveries] == [200, 200]
    assert {(d["url"], d["target"]) for d in deliveries} == {(PUBLIC_HOOK, receiver.url)}
    texts = [p["body"]["message"]["text"] for p in receiver.posts]
    assert texts == ["sent before the webhook was set", "sent after"]
    headers = receiver.posts[0]["headers"]
    assert headers["Content-Type"] == "application/json"  # PTB's listener wants exactly this
    assert headers["X-Telegram-Bot-Api-Secret-Token"] == "s3cret_-X"
    assert receiver.posts[1]["body"]["update_id"] == receiver.posts[0]["body"]["update_id"] + 1
    assert error(call(api, "getUpdates"))[0] == 409  # delivered, not queued for polling
    info = ok(call(api, "getWebhookInfo"))
    assert info["pending_update_count"] == 0 and "last_error_message" not in info


def test_without_a_secret_no_secret_header_is_sent(hook) -> None:
    receiver, client, api = hook
    ok(call(api, "setWebhook", url=PUBLIC_HOOK))
    client.send_text(5, "hi")
    client.deliveries(count=1, timeout=10)
    assert "X-Telegram-Bot-Api-Secret-Token" not in receiver.posts[0]["headers"]


def test_failed_deliveries_are_retried_in_order_and_reported(hook) -> None:
    receiver, client, api = hook
    receiver.statuses = [500, 403]
    ok(call(api, "setWebhook", url=PUBLIC_HOOK, secret_token="s3cret"))
    first = client.send_text(5, "first")
    client.send_text(5, "second")
    deliveries = client.deliveries(count=4, timeout=10)
    assert [(d["update"]["message"]["text"], d["status"]) for d in deliveries] == [
        ("first", 500),
        ("first", 403),
        ("first", 200),
        ("second", 200),
    ]
    assert deliveries[0]["error"] == "Wrong response from the webhook: 500 Internal Server Error"
    assert [p["body"]["message"]["message_id"] for p in receiver.posts[:3]] == [
        first["message_id"]
    ] * 3
    info = ok(call(api, "getWebhookInfo"))
    assert info["pending_update_count"] == 0
    assert info["last_error_message"] == "Wrong response from the webhook: 403 Forbidden"
    assert isinstance(info["last_error_date"], int)


def test_undeliverable_updates_stay_pending_until_the_webhook_is_deleted(hook) -> None:
    _, client, api = hook
    ok(call(api, "setWebhook", url="https://unmapped.example.test/hook"))
    client.send_text(5, "nobody listens")
    [failure] = client.deliveries(count=1, timeout=10)[:1]
    assert failure["target"] is None and failure["status"] is None
    assert failure["error"] == "Failed to resolve host: Name or service not known"
    assert ok(call(api, "getWebhookInfo"))["pending_update_count"] == 1
    assert ok(call(api, "deleteWebhook")) is True
    assert [u["message"]["text"] for u in ok(call(api, "getUpdates"))] == ["nobody listens"]


def test_allowed_updates_filter_what_the_webhook_gets(hook) -> None:
    receiver, client, api = hook
    ok(call(api, "setWebhook", url=PUBLIC_HOOK, allowed_updates=["callback_query"]))
    client.send_text(5, "not wanted")
    ok(call(api, "setWebhook", url=PUBLIC_HOOK, allowed_updates=["message"]))
    client.send_text(5, "wanted")
    client.deliveries(count=1, timeout=10)
    assert [p["body"]["message"]["text"] for p in receiver.posts] == ["wanted"]
    assert ok(call(api, "getWebhookInfo"))["allowed_updates"] == ["message"]


# -- edits, callbacks, actions, commands ---------------------------------------------------------


def test_edit_message_text_returns_the_edited_message_and_refuses_no_op_edits(tg) -> None:
    _, _, client, api = tg
    client.send_text(4, "q")
    keyboard = {"inline_keyboard": [[{"text": "More", "callback_data": "more:1"}]]}
    sent = ok(
        call(
            api,
            "sendMessage",
            chat_id=4,
            text="<b>v1</b>",
            parse_mode="HTML",
            reply_markup=keyboard,
        )
    )
    edited = ok(
        call(
            api,
            "editMessageText",
            chat_id=4,
            message_id=sent["message_id"],
            text="<i>v2</i>",
            parse_mode="HTML",
            reply_markup=keyboard,
        )
    )
    assert edited["text"] == "v2" and isinstance(edited["edit_date"], int)
    assert edited["reply_markup"] == keyboard
    same = call(
        api,
        "editMessageText",
        chat_id=4,
        message_id=sent["message_id"],
        text="<i>v2</i>",
        parse_mode="HTML",
        reply_markup=keyboard,
    )
    assert error(same)[1].startswith("Bad Request: message is not modified")
    bad = call(
        api,
        "editMessageText",
        chat_id=4,
        message_id=sent["message_id"],
        text="<i>v3",
        parse_mode="HTML",
    )
    assert "can't parse entities" in error(bad)[1]
    # An edit without reply_markup removes the keyboard, as on Telegram.
    plain = ok(call(api, "editMessageText", chat_id=4, message_id=sent["message_id"], text="v3"))
    assert "reply_markup" not in plain
    record = client.sent(4)[-1]
    assert record["text"] == "v3" and [e["text"] for e in record["edits"]] == [
        "<b>v1</b>",
        "<i>v2</i>",
    ]
    assert error(call(api, "editMessageText", chat_id=4, message_id=99, text="x"))[1] == (
        "Bad Request: message to edit not found"
    )
    assert error(call(api, "editMessageText", chat_id=4, message_id=1, text="x"))[1] == (
        "Bad Request: message can't be edited"
    )


def test_button_press_becomes_a_callback_query_that_must_be_answered_once(tg) -> None:
    _, _, client, api = tg
    client.send_text(6, "q")
    keyboard = {
        "inline_keyboard": [
            [
                {"text": "More", "callback_data": "more:1"},
                {"text": "Sources", "callback_data": "src:1"},
            ]
        ]
    }
    sent = ok(call(api, "sendMessage", chat_id=6, text="a", reply_markup=keyboard))
    ok(call(api, "getUpdates", offset=-1))
    query_id = client.press(6, sent["message_id"], "Sources")
    update = ok(call(api, "getUpdates", offset=-1))[-1]
    query = update["callback_query"]
    assert query["id"] == query_id and query["data"] == "src:1" and query["chat_instance"]
    assert query["message"]["message_id"] == sent["message_id"] and query["from"]["id"] == 6
    assert ok(call(api, "answerCallbackQuery", callback_query_id=query_id, text="ok")) is True
    assert client.callback_answer(query_id) == {"text": "ok", "show_alert": False}
    again = call(api, "answerCallbackQuery", callback_query_id=query_id)
    assert "query ID is invalid" in error(again)[1]
    with pytest.raises(AssertionError, match="no button"):
        client.press(6, sent["message_id"], "Nope")


def test_chat_actions_and_commands(tg) -> None:
    _, _, client, api = tg
    client.send_text(9, "q")
    assert ok(call(api, "sendChatAction", chat_id=9, action="typing")) is True
    assert (
        "wrong parameter action"
        in error(call(api, "sendChatAction", chat_id=9, action="dancing"))[1]
    )
    commands = [
        {"command": "start", "description": "Start"},
        {"command": "ask", "description": "Ask"},
    ]
    assert ok(call(api, "setMyCommands", commands=commands)) is True
    assert ok(call(api, "getMyCommands")) == commands
    assert client.commands() == commands
    bad = [{"command": "Bad-Command", "description": "x"}]
    assert error(call(api, "setMyCommands", commands=bad))[1] == "Bad Request: BOT_COMMAND_INVALID"
    assert [r["method"] for r in client.requests("sendChatAction")] == ["sendChatAction"] * 2


def test_uploaded_documents_can_be_fetched_with_get_file_and_downloaded(tg) -> None:
    _, server, client, api = tg
    message = client.send_document(10, "article.txt", b"Body text \xe2\x80\x9cquoted\xe2\x80\x9d")
    document = message["document"]
    assert document["file_name"] == "article.txt" and document["file_size"] == 22
    info = ok(call(api, "getFile", file_id=document["file_id"]))
    data = httpx.get(f"{server.base_url}/file/bot{TEST_TOKEN}/{info['file_path']}").content
    assert data == b"Body text \xe2\x80\x9cquoted\xe2\x80\x9d"
    assert httpx.get(f"{server.base_url}/file/botWRONG/{info['file_path']}").status_code == 401
    assert error(call(api, "getFile", file_id="nope"))[1] == "Bad Request: invalid file_id"
    # The bot can send a document back with multipart, and refer to stored ones by id.
    sent = ok(
        api.post(
            "/sendDocument",
            data={"chat_id": "10", "caption": "<b>c</b>", "parse_mode": "HTML"},
            files={"document": ("out.txt", b"hello", "text/plain")},
        )
    )
    assert sent["document"]["file_name"] == "out.txt" and sent["caption"] == "c"
    assert (
        ok(call(api, "sendDocument", chat_id=10, document=document["file_id"]))["document"]
        == document
    )


def test_armed_429_carries_retry_after_then_calls_succeed(tg) -> None:
    _, _, client, api = tg
    client.send_text(11, "q")
    client.throttle("sendMessage", count=2, retry_after=3)
    for _ in range(2):
        response = call(api, "sendMessage", chat_id=11, text="x")
        assert response.status_code == 429
        assert response.json()["parameters"] == {"retry_after": 3}
        assert response.json()["description"] == "Too Many Requests: retry after 3"
    assert ok(call(api, "sendMessage", chat_id=11, text="x"))["text"] == "x"
    assert [r["status"] for r in client.requests("sendMessage")] == [429, 429, 200]


def test_events_wait_for_the_bots_actions(tg) -> None:
    _, _, client, api = tg
    client.send_text(12, "q")
    timer = threading.Timer(0.2, lambda: call(api, "sendMessage", chat_id=12, text="late reply"))
    timer.start()
    [reply] = client.replies(12, timeout=10)
    timer.join()
    assert reply["text"] == "late reply"
    assert client.quiet(12, timeout=0.2)


# -- the real python-telegram-bot client against the server -------------------------------------


def test_python_telegram_bot_speaks_to_the_server(tg) -> None:
    loop, server, client, _ = tg
    client.send_text(20, "hi")
    document = client.send_document(20, "a.txt", b"article body")["document"]
    client.throttle("deleteMyCommands", count=1, retry_after=2)

    async def scenario():
        bot = telegram.Bot(
            TEST_TOKEN,
            base_url=f"{server.base_url}/bot",
            base_file_url=f"{server.base_url}/file/bot",
        )
        async with bot:
            assert bot.username == "citebot_test_bot"
            markup = telegram.InlineKeyboardMarkup(
                [[telegram.InlineKeyboardButton("More", callback_data="m")]]
            )
            sent = await bot.send_message(
                20, "<b>hi</b> &amp;", parse_mode="HTML", reply_markup=markup
            )
            edited = await bot.edit_message_text(
                "<i>edited</i>", 20, sent.message_id, parse_mode="HTML"
            )
            assert isinstance(edited, telegram.Message) and edited.text == "edited"
            await bot.send_chat_action(20, telegram.constants.ChatAction.TYPING)
            await bot.set_my_commands([("ask", "Ask a question")])
            data = await (await bot.get_file(document["file_id"])).download_as_bytearray()
            with pytest.raises(BadRequest, match=r"(?i)can.t parse entities"):
                await bot.send_message(20, "<b>", parse_mode="HTML")
            with pytest.raises(RetryAfter) as info:
                await bot.delete_my_commands()
            updates = await bot.get_updates(timeout=0)
            return sent, bytes(data), info.value, updates

    sent, data, retry, updates = loop.run(scenario())
    assert sent.text == "hi &" and sent.date.timestamp() > 0
    assert data == b"article body"
    assert retry.retry_after in (2, 2.0) or getattr(retry.retry_after, "seconds", None) == 2
    assert [u.message.text for u in updates[:1]] == ["hi"]
    assert client.commands() == [{"command": "ask", "description": "Ask a question"}]
