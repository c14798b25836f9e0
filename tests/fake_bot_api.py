"""A local Telegram Bot API server for end-to-end tests of the real python-telegram-bot stack.

Telegram is unreachable here, so the bot under test talks HTTP to this server instead. It
behaves like Telegram wherever a bot can get things wrong: HTML parse mode is validated and
malformed markup is refused with "Bad Request: can't parse entities: ...", texts over 4096
characters are refused, edits without changes are refused, callback data over 64 bytes is
refused, `getUpdates` long-polls with `offset`/`timeout` and conflicts with an active webhook,
and any method can be armed to answer 429 with ``parameters.retry_after``. Inline mode:
inline queries are delivered only when the bot has inline mode on (``inline_queries``), and
``answerInlineQuery`` is checked like Telegram checks it (one answer per query, at most 50
results, unique result ids of 1-64 bytes, a title and a valid message for each article).

Webhooks: after ``setWebhook`` (an https ``url``, optional ``secret_token`` and
``allowed_updates``) every pending and new update is POSTed as JSON to the webhook, oldest first
and one at a time, with ``X-Telegram-Bot-Api-Secret-Token`` when a secret is set; a failed
delivery (connection error or a status other than 2xx) is retried with a growing delay and
dropped after ``webhook_max_attempts``. Nothing here speaks TLS, so ``webhook_delivery_map`` maps
the public https URL to the bot's local http listener, as a TLS-terminating reverse proxy does
in a deployment; an unmapped URL fails like an unresolvable host. Every attempt is logged in
``deliveries``.

Bot side: ``/bot<token>/<method>`` (JSON, urlencoded form, multipart or query string) and
``/file/bot<token>/<path>`` downloads. Test side (plain HTTP under ``/_test/``, wrapped by
:class:`TelegramTestClient`): inject users' messages, documents and button presses; read what
the bot sent (with edits), the raw request log and callback answers.

One deliberate difference: a bare ``&`` that does not start an entity is rejected, while
Telegram lets it pass; escaping every ``&`` is what a correct bot does anyway.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import hashlib
import html
import itertools
import json
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import aiohttp
import httpx
from aiohttp import web

MAX_TEXT = 4096
MAX_CAPTION = 1024
MAX_CALLBACK_DATA = 64
MAX_INLINE_RESULTS = 50
MAX_RESULT_ID = 64
INLINE_RESULT_TYPES = frozenset(
    "article photo gif mpeg4_gif video audio voice document location venue contact game sticker".split()
)
MAX_DOWNLOAD = 20 * 1024 * 1024  # the cloud Bot API refuses getFile above 20 MB
CHAT_ACTIONS = frozenset(
    [
        "typing",
        "upload_photo",
        "record_video",
        "upload_video",
        "record_voice",
        "upload_voice",
        "upload_document",
        "choose_sticker",
        "find_location",
        "record_video_note",
        "upload_video_note",
    ]
)
# Telegram's HTML tags; attributes other than the ones checked below are ignored, as Telegram does.
SIMPLE_TAGS = frozenset(
    [
        "b",
        "strong",
        "i",
        "em",
        "u",
        "ins",
        "s",
        "strike",
        "del",
        "code",
        "pre",
        "blockquote",
        "tg-spoiler",
        "span",
        "a",
    ]
)
_COMMAND_RE = re.compile(r"^[a-z0-9_]{1,32}$")
_SECRET_TOKEN_RE = re.compile(r"^[A-Za-z0-9_-]{1,256}$")
# Update kinds a webhook gets when allowed_updates is empty or was never given.
_NOT_DELIVERED_BY_DEFAULT = frozenset(["chat_member", "message_reaction", "message_reaction_count"])
_TAG_RE = re.compile(
    r"<(/?)([a-zA-Z][a-zA-Z0-9-]*)"
    r"((?:\s+[^\s=>/\"']+(?:\s*=\s*(?:\"[^\"]*\"|'[^']*'|[^\s>\"']+))?)*)\s*(/?)>"
)
_ATTR_RE = re.compile(r"([^\s=>/\"']+)(?:\s*=\s*(\"[^\"]*\"|'[^']*'|[^\s>\"']+))?")
_ENTITY_RE = re.compile(r"&(lt|gt|amp|quot|#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6});")
_WORD_ENTITY_RE = re.compile(
    r"(?<![\w/])/[a-zA-Z0-9_]{1,32}(?:@[a-zA-Z0-9_]{5,32})?|@[a-zA-Z0-9_]{5,32}"
)


class TelegramError(Exception):
    """An API error answered as ``{"ok": false, "error_code", "description"}``."""

    def __init__(self, code: int, description: str, parameters: dict | None = None) -> None:
        super().__init__(description)
        self.code = code
        self.description = description
        self.parameters = parameters


def bad_request(reason: str) -> TelegramError:
    return TelegramError(400, f"Bad Request: {reason}")


# ---------------------------------------------------------------------------------------------
# HTML parse mode
# ---------------------------------------------------------------------------------------------


def utf16_len(text: str) -> int:
    """Telegram measures text (and entity offsets) in UTF-16 code units."""
    return len(text.encode("utf-16-le")) // 2


def parse_telegram_html(text: str) -> str:
    """Return the plain text Telegram would show, or raise the error Telegram would answer."""

    def fail(reason: str) -> TelegramError:
        return bad_request(f"can't parse entities: {reason}")

    def offset(i: int) -> int:
        return len(text[:i].encode("utf-8"))

    out: list[str] = []
    stack: list[str] = []
    i = 0
    while i < len(text):
        ch = text[i]
        if ch == "&":
            m = _ENTITY_RE.match(text, i)
            if not m:
                raise fail(f"Unsupported HTML entity at byte offset {offset(i)}")
            name = m.group(1)
            if name.startswith("#"):
                code = int(name[2:], 16) if name[1:2] in "xX" else int(name[1:])
                if not 0 < code <= 0x10FFFF:
                    raise fail(f"Invalid character entity at byte offset {offset(i)}")
                out.append(chr(code))
            else:
                out.append(html.unescape(m.group(0)))
            i = m.end()
        elif ch == "<":
            m = _TAG_RE.match(text, i)
            if not m:
                raise fail(f'Unsupported start tag "" at byte offset {offset(i)}')
            closing, name, attrs, self_closing = m.groups()
            name = name.lower()
            if closing:
                if not stack:
                    raise fail(f"Unexpected end tag at byte offset {offset(i)}")
                if stack[-1] != name:
                    raise fail(
                        f'Unmatched end tag at byte offset {offset(i)}, expected "</{stack[-1]}>", '
                        f'found "</{name}>"'
                    )
                stack.pop()
            else:
                if name not in SIMPLE_TAGS or self_closing:
                    raise fail(f'Unsupported start tag "{name}" at byte offset {offset(i)}')
                values = {
                    a.lower(): (v or "").strip("\"'") for a, v in _ATTR_RE.findall(attrs or "")
                }
                if name == "span" and values.get("class") != "tg-spoiler":
                    raise fail('Tag "span" must have class "tg-spoiler"')
                if name == "a" and "href" not in values:
                    raise fail(f'Tag "a" must have attribute "href" at byte offset {offset(i)}')
                if (
                    stack
                    and stack[-1] in ("code", "pre")
                    and not (name == "code" and stack[-1] == "pre")
                ):
                    raise fail(f'Tag "{name}" is not allowed inside "{stack[-1]}"')
                stack.append(name)
            i = m.end()
        else:
            out.append(ch)
            i += 1
    if stack:
        raise fail(f'Can\'t find end tag corresponding to start tag "{stack[-1]}"')
    return "".join(out)


def visible_text(text: str, parse_mode: str | None) -> str:
    """The text a user sees; raises like Telegram for bad markup, empty or oversized texts."""
    plain = parse_telegram_html(text) if (parse_mode or "").upper() == "HTML" else text
    if not plain.strip():
        raise bad_request("message text is empty")
    if utf16_len(plain) > MAX_TEXT:
        raise bad_request("message is too long")
    return plain


def text_entities(text: str, bot_username: str) -> list[dict]:
    """The bot_command / mention entities Telegram attaches to a user's message."""
    entities = []
    for m in _WORD_ENTITY_RE.finditer(text):
        kind = "bot_command" if m.group(0).startswith("/") else "mention"
        entities.append(
            {
                "type": kind,
                "offset": utf16_len(text[: m.start()]),
                "length": utf16_len(m.group(0)),
            }
        )
    return entities


# ---------------------------------------------------------------------------------------------
# State
# ---------------------------------------------------------------------------------------------


@dataclass
class SentMessage:
    """A message the bot sent, as a test sees it (current state plus edit history)."""

    chat_id: int
    message_id: int
    text: str  # as sent (HTML source when parse_mode is HTML); caption for documents
    plain_text: str
    parse_mode: str | None
    reply_markup: dict | None
    reply_to_message_id: int | None
    date: int
    document: dict | None = None
    edits: list[dict] = field(default_factory=list)
    deleted: bool = False

    def as_dict(self) -> dict:
        return {
            "chat_id": self.chat_id,
            "message_id": self.message_id,
            "text": self.text,
            "plain_text": self.plain_text,
            "parse_mode": self.parse_mode,
            "reply_markup": self.reply_markup,
            "reply_to_message_id": self.reply_to_message_id,
            "document": self.document,
            "edits": self.edits,
            "deleted": self.deleted,
        }


@dataclass
class StoredFile:
    file_id: str
    file_unique_id: str
    file_path: str
    data: bytes
    file_name: str = ""
    mime_type: str = ""


class FakeBotApi:
    """The server state and its aiohttp application. Run it with :meth:`start` in one loop."""

    def __init__(
        self,
        token: str,
        *,
        bot_username: str = "citebot_test_bot",
        bot_first_name: str = "Citebot",
        webhook_delivery_map: dict[str, str] | None = None,
        webhook_retry_delay: float = 0.05,
        webhook_max_attempts: int = 8,
        inline_queries: bool = True,
    ) -> None:
        self.token = token
        self.bot_user = {
            "id": int(token.split(":", 1)[0]),
            "is_bot": True,
            "first_name": bot_first_name,
            "username": bot_username,
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": inline_queries,
            "can_connect_to_business": False,
            "has_main_web_app": False,
        }
        self.chats: dict[int, dict] = {}
        self.messages: dict[int, dict[int, dict]] = {}  # chat -> message id -> Message
        self.sent: list[SentMessage] = []  # the bot's messages, in order
        self.events: list[dict] = []  # every send/edit/delete by the bot, for waiting on
        self._chat_events: dict[int, list[dict]] = {}
        self.requests: list[dict] = []  # every Bot API call: method, params, status
        self.updates: list[dict] = []
        self.callback_queries: dict[str, dict] = {}
        self.callback_answers: dict[str, dict] = {}
        self.inline_queries: dict[str, dict] = {}
        self.inline_answers: dict[str, dict] = {}
        self.commands: dict[str, list[dict]] = {}
        self.files: dict[str, StoredFile] = {}
        self.webhook_url = ""
        self.webhook_secret = ""
        self.webhook_allowed_updates: list[str] = []
        # public webhook URL -> where this server really POSTs (the "reverse proxy")
        self.webhook_delivery_map: dict[str, str] = dict(webhook_delivery_map or {})
        self.webhook_retry_delay = webhook_retry_delay
        self.webhook_max_attempts = webhook_max_attempts
        self.deliveries: list[dict] = []  # every webhook delivery attempt, in order
        self._webhook_error: tuple[int, str] | None = None  # (date, message) of the last failure
        self._delivery_task: asyncio.Task | None = None
        self._http: aiohttp.ClientSession | None = None
        self._throttled: dict[str, list[int]] = {}  # method -> [remaining, retry_after]
        self._update_ids = itertools.count(1)
        self._message_ids: dict[int, itertools.count] = {}
        self._file_ids = itertools.count(1)
        self._query_ids = itertools.count(1)
        self._poll_generation = 0
        self._changed: asyncio.Condition | None = None
        self._runner: web.AppRunner | None = None
        self.base_url = ""
        self.app = web.Application(client_max_size=64 * 1024 * 1024)
        self.app.router.add_route("*", "/bot{token}/{method}", self._handle_api)
        self.app.router.add_get("/file/bot{token}/{path:.+}", self._handle_file)
        self.app.router.add_post("/_test/{action}", self._handle_test)
        self.app.router.add_get("/_test/{action}", self._handle_test)

    # -- lifecycle ------------------------------------------------------------------------------

    async def start(self, host: str = "127.0.0.1", port: int = 0) -> str:
        self._changed = asyncio.Condition()
        self._runner = web.AppRunner(self.app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, host, port)
        await site.start()
        port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        self.base_url = f"http://{host}:{port}"
        self._http = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=30))
        self._delivery_task = asyncio.create_task(self._deliver_updates())
        return self.base_url

    async def stop(self) -> None:
        if self._delivery_task:
            self._delivery_task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._delivery_task
            self._delivery_task = None
        if self._http:
            await self._http.close()
            self._http = None
        if self._runner:
            await self._runner.cleanup()
            self._runner = None

    async def _notify(self) -> None:
        assert self._changed is not None
        async with self._changed:
            self._changed.notify_all()

    async def _wait(self, ready: Callable[[], Any], timeout: float) -> Any:
        """Wait until ``ready()`` is truthy or the timeout passes; return its last value."""
        assert self._changed is not None
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        async with self._changed:
            while True:
                value = ready()
                remaining = deadline - loop.time()
                if value or remaining <= 0:
                    return value
                try:
                    await asyncio.wait_for(self._changed.wait(), remaining)
                except TimeoutError:
                    return ready()

    # -- users' side ----------------------------------------------------------------------------

    def _chat(self, chat_id: int, chat_type: str, user: dict, title: str | None) -> dict:
        if chat_id not in self.chats:
            if chat_type == "private":
                chat = {"id": chat_id, "type": "private", "first_name": user["first_name"]}
                if user.get("username"):
                    chat["username"] = user["username"]
            else:
                chat = {"id": chat_id, "type": chat_type, "title": title or f"Group {chat_id}"}
            self.chats[chat_id] = chat
            self.messages[chat_id] = {}
            self._message_ids[chat_id] = itertools.count(1)
        return self.chats[chat_id]

    def _user_message(self, p: dict) -> dict:
        chat_type = p.get("chat_type", "private")
        chat_id = int(p["chat_id"])
        user_id = int(p.get("user_id") or chat_id)
        if chat_type == "private" and user_id != chat_id:
            raise bad_request("in a private chat the chat id is the user's id")
        user = {
            "id": user_id,
            "is_bot": False,
            "first_name": p.get("first_name") or f"User{user_id}",
            "username": p.get("username") or f"user{user_id}",
            "language_code": "en",
        }
        chat = self._chat(chat_id, chat_type, user, p.get("chat_title"))
        message = {
            "message_id": next(self._message_ids[chat_id]),
            "from": user,
            "chat": chat,
            "date": int(time.time()),
        }
        reply_to = p.get("reply_to_message_id")
        if reply_to is not None:
            original = self.messages[chat_id].get(int(reply_to))
            if original is None:
                raise bad_request("message to be replied not found")
            message["reply_to_message"] = original
        return message

    async def inject(self, kind: str, p: dict) -> dict:
        """Add a user's action as an update; returns the update."""
        if kind == "message":
            message = self._user_message(p)
            text = str(p.get("text", ""))
            if not text:
                raise bad_request("message text is empty")
            message["text"] = text
            entities = text_entities(text, self.bot_user["username"])
            if entities:
                message["entities"] = entities
            payload = {"message": message}
        elif kind == "document":
            message = self._user_message(p)
            data = base64.b64decode(p["content_b64"])
            stored = self._store_file(data, p["file_name"], p.get("mime_type", ""), "documents")
            message["document"] = self._document_dict(stored)
            if p.get("caption"):
                message["caption"] = p["caption"]
                entities = text_entities(p["caption"], self.bot_user["username"])
                if entities:
                    message["caption_entities"] = entities
            payload = {"message": message}
        elif kind == "callback":
            chat_id = int(p["chat_id"])
            target = self.messages.get(chat_id, {}).get(int(p["message_id"]))
            if target is None:
                raise bad_request("message not found")
            data = self._find_button(target, p.get("button_text"), p.get("data"))
            user_id = int(p.get("user_id") or chat_id)
            user = {"id": user_id, "is_bot": False, "first_name": f"User{user_id}"}
            query_id = str(next(self._query_ids) + 10**12)
            query = {
                "id": query_id,
                "from": user,
                "message": target,
                "chat_instance": str(
                    int(hashlib.sha1(str(chat_id).encode()).hexdigest(), 16) % 10**18
                ),
                "data": data,
            }
            self.callback_queries[query_id] = query
            payload = {"callback_query": query}
        elif kind == "inline":
            if not self.bot_user["supports_inline_queries"]:
                raise bad_request("inline mode is off for this bot (BotFather: /setinline)")
            user_id = int(p["user_id"])
            user = {"id": user_id, "is_bot": False, "first_name": f"User{user_id}"}
            query_id = str(next(self._query_ids) + 2 * 10**12)
            query = {
                "id": query_id,
                "from": user,
                "query": str(p.get("query", ""))[:256],  # Telegram cuts queries at 256
                "offset": str(p.get("offset", "")),
                "chat_type": p.get("chat_type", "sender"),
            }
            self.inline_queries[query_id] = query
            payload = {"inline_query": query}
        else:
            raise TelegramError(404, "Not Found")
        if kind not in ("callback", "inline"):
            self.messages[message["chat"]["id"]][message["message_id"]] = message
        update = {"update_id": next(self._update_ids), **payload}
        self.updates.append(update)
        await self._notify()
        return update

    @staticmethod
    def _find_button(message: dict, text: str | None, data: str | None) -> str:
        rows = (message.get("reply_markup") or {}).get("inline_keyboard", [])
        for button in itertools.chain.from_iterable(rows):
            if "callback_data" in button and (
                button["text"] == text or button["callback_data"] == data
            ):
                return button["callback_data"]
        raise bad_request(f"no button {text or data!r} under message {message['message_id']}")

    # -- bot side: helpers ---------------------------------------------------------------------

    def _store_file(self, data: bytes, name: str, mime: str, folder: str) -> StoredFile:
        n = next(self._file_ids)
        suffix = name.rsplit(".", 1)[-1] if "." in name else "bin"
        stored = StoredFile(
            file_id=f"BQACAgIAAxkB{n:08d}",
            file_unique_id=f"AgAD{n:04d}",
            file_path=f"{folder}/file_{n}.{suffix}",
            data=data,
            file_name=name,
            mime_type=mime,
        )
        self.files[stored.file_id] = stored
        return stored

    @staticmethod
    def _document_dict(f: StoredFile) -> dict:
        doc = {"file_id": f.file_id, "file_unique_id": f.file_unique_id, "file_size": len(f.data)}
        if f.file_name:
            doc["file_name"] = f.file_name
        if f.mime_type:
            doc["mime_type"] = f.mime_type
        return doc

    def _known_chat(self, p: dict) -> int:
        raw = p.get("chat_id")
        try:
            chat_id = int(raw)  # type: ignore[arg-type]
        except (TypeError, ValueError):
            raise bad_request("chat not found") from None
        if chat_id not in self.chats:
            raise bad_request("chat not found")
        return chat_id

    @staticmethod
    def _check_markup(markup: Any) -> dict | None:
        if markup is None:
            return None
        if not isinstance(markup, dict):
            raise bad_request("can't parse reply keyboard markup JSON object")
        rows = markup.get("inline_keyboard")
        if rows is None:
            return markup  # reply keyboards etc. are stored as given
        for button in itertools.chain.from_iterable(rows):
            if not button.get("text"):
                raise bad_request("text buttons are unallowed in the inline keyboard")
            if "callback_data" in button:
                size = len(str(button["callback_data"]).encode())
                if not 1 <= size <= MAX_CALLBACK_DATA:
                    raise bad_request("BUTTON_DATA_INVALID")
            elif "url" in button:
                if not re.match(r"^(https?|tg)://", str(button["url"])):
                    raise bad_request("BUTTON_URL_INVALID")
            else:
                raise bad_request("text buttons are unallowed in the inline keyboard")
        return markup

    def _reply_target(self, chat_id: int, p: dict) -> dict | None:
        params = p.get("reply_parameters") or {}
        message_id = params.get("message_id", p.get("reply_to_message_id"))
        if message_id is None:
            return None
        target = self.messages[chat_id].get(int(message_id))
        allow = params.get("allow_sending_without_reply", p.get("allow_sending_without_reply"))
        if target is None and not allow:
            raise bad_request("message to be replied not found")
        return target

    async def _record(self, sent: SentMessage, kind: str) -> None:
        event = {
            "seq": len(self.events) + 1,
            "kind": kind,
            "at": time.monotonic(),
            **sent.as_dict(),
        }
        self.events.append(event)
        self._chat_events.setdefault(sent.chat_id, []).append(event)
        await self._notify()

    def _new_bot_message(self, chat_id: int, p: dict, fields: dict) -> tuple[dict, SentMessage]:
        markup = self._check_markup(p.get("reply_markup"))
        target = self._reply_target(chat_id, p)
        message = {
            "message_id": next(self._message_ids[chat_id]),
            "from": self.bot_user,
            "chat": self.chats[chat_id],
            "date": int(time.time()),
            **fields,
        }
        if target is not None:
            message["reply_to_message"] = target
        if markup is not None:
            message["reply_markup"] = markup
        self.messages[chat_id][message["message_id"]] = message
        sent = SentMessage(
            chat_id=chat_id,
            message_id=message["message_id"],
            text=p.get("text") or p.get("caption") or "",
            plain_text=fields.get("text") or fields.get("caption") or "",
            parse_mode=p.get("parse_mode"),
            reply_markup=markup,
            reply_to_message_id=target["message_id"] if target else None,
            date=message["date"],
            document=fields.get("document"),
        )
        self.sent.append(sent)
        return message, sent

    def _sent(self, chat_id: int, message_id: int) -> SentMessage:
        for sent in self.sent:
            if sent.chat_id == chat_id and sent.message_id == message_id and not sent.deleted:
                return sent
        if message_id in self.messages.get(chat_id, {}):
            raise bad_request("message can't be edited")
        raise bad_request("message to edit not found")

    # -- bot side: methods ---------------------------------------------------------------------

    async def m_getme(self, p: dict) -> Any:
        return self.bot_user

    async def m_logout(self, p: dict) -> Any:
        return True

    async def m_close(self, p: dict) -> Any:
        return True

    async def m_setwebhook(self, p: dict) -> Any:
        url = str(p.get("url") or "")
        if not url:  # "pass an empty string to remove webhook integration"
            return await self.m_deletewebhook(p)
        if not url.startswith("https://"):
            raise bad_request("bad webhook: An HTTPS URL must be provided for webhook")
        secret = str(p.get("secret_token") or "")
        if secret and not _SECRET_TOKEN_RE.match(secret):
            raise bad_request("secret token contains unallowed characters")
        allowed = p.get("allowed_updates")
        if allowed is not None and not isinstance(allowed, list):
            raise bad_request("can't parse allowed updates: expected an Array")
        self.webhook_url, self.webhook_secret = url, secret
        if allowed is not None:  # not given: the previous setting stays
            self.webhook_allowed_updates = [str(kind) for kind in allowed]
        self._webhook_error = None
        if p.get("drop_pending_updates") in (True, "true", "True"):
            self.updates.clear()
        await self._notify()  # the delivery task starts on the pending updates
        return True

    async def m_deletewebhook(self, p: dict) -> Any:
        self.webhook_url = self.webhook_secret = ""
        self._webhook_error = None
        if p.get("drop_pending_updates") in (True, "true", "True"):
            self.updates.clear()
        return True

    async def m_getwebhookinfo(self, p: dict) -> Any:
        info: dict[str, Any] = {
            "url": self.webhook_url,
            "has_custom_certificate": False,
            "pending_update_count": len(self.updates),
        }
        if self.webhook_url:
            info["max_connections"] = 40
            if self.webhook_allowed_updates:
                info["allowed_updates"] = self.webhook_allowed_updates
            if self._webhook_error:
                info["last_error_date"], info["last_error_message"] = self._webhook_error
        return info

    # -- webhook delivery (Telegram's side) -----------------------------------------------------

    def _webhook_wants(self, update: dict) -> bool:
        kind = next(k for k in update if k != "update_id")
        if self.webhook_allowed_updates:
            return kind in self.webhook_allowed_updates
        return kind not in _NOT_DELIVERED_BY_DEFAULT

    async def _deliver_updates(self) -> None:
        """While a webhook is set, POST the oldest pending update until it is accepted."""
        assert self._changed is not None
        attempts, current = 0, None
        while True:
            async with self._changed:
                await self._changed.wait_for(lambda: bool(self.webhook_url and self.updates))
            update, url = self.updates[0], self.webhook_url
            if (update["update_id"], url) != current:
                attempts, current = 0, (update["update_id"], url)
            if not self._webhook_wants(update):
                self.updates.pop(0)
                continue
            attempts += 1
            delivered = await self._post_update(update, url, self.webhook_secret)
            if delivered or attempts >= self.webhook_max_attempts:
                with contextlib.suppress(ValueError):
                    self.updates.remove(update)
                await self._notify()
            else:
                await self._notify()
                await asyncio.sleep(min(self.webhook_retry_delay * 2 ** (attempts - 1), 1.0))

    async def _post_update(self, update: dict, url: str, secret: str) -> bool:
        target = self.webhook_delivery_map.get(url)
        attempt: dict[str, Any] = {
            "update_id": update["update_id"],
            "update": update,
            "url": url,
            "target": target,
            "secret_token": secret or None,
            "status": None,
            "error": None,
        }
        if target is None:
            attempt["error"] = "Failed to resolve host: Name or service not known"
        else:
            assert self._http is not None
            headers = {"Content-Type": "application/json"}
            if secret:
                headers["X-Telegram-Bot-Api-Secret-Token"] = secret
            try:
                async with self._http.post(
                    target, data=json.dumps(update), headers=headers
                ) as response:
                    await response.read()
                    attempt["status"] = response.status
                    if not 200 <= response.status < 300:
                        attempt["error"] = (
                            f"Wrong response from the webhook: {response.status} {response.reason}"
                        )
            except aiohttp.ClientConnectorError:
                attempt["error"] = "Connection refused"
            except (aiohttp.ClientError, TimeoutError) as exc:
                attempt["error"] = f"Connection failed: {type(exc).__name__}"
        self.deliveries.append(attempt)
        if attempt["error"]:
            self._webhook_error = (int(time.time()), attempt["error"])
        return attempt["error"] is None

    async def m_getupdates(self, p: dict) -> Any:
        if self.webhook_url:
            raise TelegramError(
                409,
                "Conflict: can't use getUpdates method while webhook is active; "
                "use deleteWebhook to delete the webhook first",
            )
        offset = int(p.get("offset") or 0)
        limit = min(max(int(p.get("limit") or 100), 1), 100)
        timeout = max(float(p.get("timeout") or 0), 0.0)
        if offset > 0:  # confirms (forgets) every update below the offset
            self.updates = [u for u in self.updates if u["update_id"] >= offset]
        elif offset < 0:
            self.updates = self.updates[offset:]
        self._poll_generation += 1
        generation = self._poll_generation
        await self._notify()  # a running long poll is terminated by this one
        result = await self._wait(
            lambda: (
                generation != self._poll_generation
                or [u for u in self.updates if u["update_id"] >= offset][:limit]
            ),
            timeout,
        )
        if result is True:
            raise TelegramError(
                409,
                "Conflict: terminated by other getUpdates request; "
                "make sure that only one bot instance is running",
            )
        return result or []

    async def m_sendmessage(self, p: dict) -> Any:
        chat_id = self._known_chat(p)
        plain = visible_text(str(p.get("text") or ""), p.get("parse_mode"))
        message, sent = self._new_bot_message(chat_id, p, {"text": plain})
        await self._record(sent, "send")
        return message

    async def m_editmessagetext(self, p: dict) -> Any:
        if p.get("inline_message_id"):
            raise bad_request("inline messages are not supported by this test server")
        chat_id = self._known_chat(p)
        sent = self._sent(chat_id, int(p.get("message_id") or 0))
        if sent.document is not None:
            raise bad_request("there is no text in the message to edit")
        plain = visible_text(str(p.get("text") or ""), p.get("parse_mode"))
        markup = self._check_markup(p.get("reply_markup"))  # omitted = keyboard removed
        unchanged = plain == sent.plain_text and p.get("text") == sent.text
        message = self._edit(chat_id, sent, markup, unchanged)
        sent.text, sent.plain_text = p["text"], plain
        sent.parse_mode = p.get("parse_mode")
        message["text"] = plain
        await self._record(sent, "edit")
        return message

    async def m_editmessagereplymarkup(self, p: dict) -> Any:
        chat_id = self._known_chat(p)
        sent = self._sent(chat_id, int(p.get("message_id") or 0))
        message = self._edit(chat_id, sent, self._check_markup(p.get("reply_markup")), True)
        await self._record(sent, "edit")
        return message

    def _edit(
        self, chat_id: int, sent: SentMessage, markup: dict | None, text_unchanged: bool
    ) -> dict:
        """What every edit does: refuse a no-op like Telegram, keep the history, set the
        keyboard (None removes it) and the edit date; returns the stored message."""
        if text_unchanged and markup == sent.reply_markup:
            raise bad_request(
                "message is not modified: specified new message content and reply markup are "
                "exactly the same as a current content and reply markup of the message"
            )
        sent.edits.append({"text": sent.text, "reply_markup": sent.reply_markup})
        sent.reply_markup = markup
        message = self.messages[chat_id][sent.message_id]
        message["edit_date"] = int(time.time())
        message.pop("reply_markup", None)
        if markup is not None:
            message["reply_markup"] = markup
        return message

    async def m_deletemessage(self, p: dict) -> Any:
        chat_id = self._known_chat(p)
        sent = self._sent(chat_id, int(p.get("message_id") or 0))
        sent.deleted = True
        self.messages[chat_id].pop(sent.message_id, None)
        await self._record(sent, "delete")
        return True

    async def m_answercallbackquery(self, p: dict) -> Any:
        query_id = str(p.get("callback_query_id", ""))
        if query_id not in self.callback_queries or query_id in self.callback_answers:
            raise bad_request(
                "query is too old and response timeout expired or query ID is invalid"
            )
        if len(str(p.get("text") or "")) > 200:
            raise bad_request("MESSAGE_TOO_LONG")
        self.callback_answers[query_id] = {
            "text": p.get("text"),
            "show_alert": bool(p.get("show_alert")),
        }
        await self._notify()
        return True

    async def m_answerinlinequery(self, p: dict) -> Any:
        query_id = str(p.get("inline_query_id", ""))
        if query_id not in self.inline_queries or query_id in self.inline_answers:
            raise bad_request(
                "query is too old and response timeout expired or query ID is invalid"
            )
        results = p.get("results")
        if not isinstance(results, list):
            raise bad_request("can't parse inline query results JSON object")
        if len(results) > MAX_INLINE_RESULTS:
            raise bad_request("RESULTS_TOO_MUCH")
        ids: set[str] = set()
        shown = []
        for result in results:
            if not isinstance(result, dict) or result.get("type") not in INLINE_RESULT_TYPES:
                raise bad_request("RESULT_TYPE_INVALID")
            result_id = str(result.get("id", ""))
            if not 1 <= len(result_id.encode()) <= MAX_RESULT_ID:
                raise bad_request("RESULT_ID_INVALID")
            if result_id in ids:
                raise bad_request("RESULT_ID_DUPLICATE")
            ids.add(result_id)
            if result["type"] == "article" and not str(result.get("title") or "").strip():
                raise bad_request("ARTICLE_TITLE_EMPTY")
            content = result.get("input_message_content")
            if result["type"] == "article" and not isinstance(content, dict):
                raise bad_request("input_message_content is required for an article")
            plain = None
            if isinstance(content, dict) and "message_text" in content:
                try:
                    plain = visible_text(str(content["message_text"]), content.get("parse_mode"))
                except TelegramError as exc:
                    if "empty" in exc.description:
                        raise bad_request("MESSAGE_EMPTY") from None
                    raise
            self._check_markup(result.get("reply_markup"))
            shown.append({**result, "plain_text": plain})
        self.inline_answers[query_id] = {
            "results": shown,
            "cache_time": p.get("cache_time"),
            "is_personal": bool(p.get("is_personal")),
        }
        await self._notify()
        return True

    async def m_sendchataction(self, p: dict) -> Any:
        self._known_chat(p)
        if p.get("action") not in CHAT_ACTIONS:
            raise bad_request("wrong parameter action in request")
        return True

    async def m_setmycommands(self, p: dict) -> Any:
        commands = p.get("commands")
        if not isinstance(commands, list) or len(commands) > 100:
            raise bad_request("BOT_COMMANDS_TOO_MUCH" if commands else "commands must be an array")
        for c in commands:
            if not _COMMAND_RE.match(str(c.get("command", ""))):
                raise bad_request("BOT_COMMAND_INVALID")
            if not 1 <= len(str(c.get("description", ""))) <= 256:
                raise bad_request("BOT_COMMAND_DESCRIPTION_INVALID")
        self.commands[self._scope_key(p)] = [
            {"command": c["command"], "description": c["description"]} for c in commands
        ]
        return True

    async def m_getmycommands(self, p: dict) -> Any:
        return self.commands.get(self._scope_key(p), [])

    async def m_deletemycommands(self, p: dict) -> Any:
        self.commands.pop(self._scope_key(p), None)
        return True

    @staticmethod
    def _scope_key(p: dict) -> str:
        return json.dumps([p.get("scope") or {"type": "default"}, p.get("language_code") or ""])

    async def m_senddocument(self, p: dict) -> Any:
        chat_id = self._known_chat(p)
        document = p.get("document")
        if isinstance(document, tuple):  # uploaded in this request: (file name, bytes, mime)
            stored = self._store_file(document[1], document[0], document[2], "documents")
        elif isinstance(document, str) and document in self.files:
            stored = self.files[document]
        else:
            raise bad_request("wrong file identifier/HTTP URL specified")
        caption = str(p.get("caption") or "")
        fields: dict = {"document": self._document_dict(stored)}
        if caption:
            plain = (
                parse_telegram_html(caption)
                if (p.get("parse_mode") or "").upper() == "HTML"
                else caption
            )
            if utf16_len(plain) > MAX_CAPTION:
                raise bad_request("message caption is too long")
            fields["caption"] = plain
        message, sent = self._new_bot_message(chat_id, p, fields)
        await self._record(sent, "document")
        return message

    async def m_getfile(self, p: dict) -> Any:
        stored = self.files.get(str(p.get("file_id", "")))
        if stored is None:
            raise bad_request("invalid file_id")
        if len(stored.data) > MAX_DOWNLOAD:
            raise bad_request("file is too big")
        return {
            "file_id": stored.file_id,
            "file_unique_id": stored.file_unique_id,
            "file_size": len(stored.data),
            "file_path": stored.file_path,
        }

    # -- HTTP plumbing -------------------------------------------------------------------------

    async def _params(self, request: web.Request) -> dict:
        params: dict[str, Any] = dict(request.query)
        ctype = request.content_type
        if request.method == "POST" and request.can_read_body:
            if ctype == "application/json":
                body = await request.json()
                if not isinstance(body, dict):
                    raise bad_request("request body must be a JSON object")
                params.update(body)
            elif ctype == "multipart/form-data":
                files: dict[str, tuple[str, bytes, str]] = {}
                reader = await request.multipart()
                async for part in reader:
                    if part.filename is not None:  # type: ignore[union-attr]
                        data = await part.read()  # type: ignore[union-attr]
                        files[part.name] = (  # type: ignore[index]
                            part.filename,  # type: ignore[union-attr]
                            bytes(data),
                            part.headers.get("Content-Type", ""),
                        )
                    else:
                        params[part.name] = await part.text()  # type: ignore[union-attr,index]
                for name, value in list(params.items()):
                    if isinstance(value, str) and value.startswith("attach://"):
                        params[name] = files.get(value[len("attach://") :], value)
                for name, value in files.items():
                    params.setdefault(name, value)
            else:
                params.update(dict(await request.post()))
        # Form and query values are strings; Telegram decodes JSON-serialized fields.
        for name, value in list(params.items()):
            if isinstance(value, str) and value[:1] in "[{":
                with contextlib.suppress(ValueError):
                    params[name] = json.loads(value)
            elif value in ("true", "false"):
                params[name] = value == "true"
        return params

    @staticmethod
    def _json_response(status: int, body: dict) -> web.Response:
        return web.json_response(body, status=status)

    async def _handle_api(self, request: web.Request) -> web.Response:
        if request.match_info["token"] != self.token:
            return self._json_response(
                401, {"ok": False, "error_code": 401, "description": "Unauthorized"}
            )
        method = request.match_info["method"]
        handler = getattr(self, f"m_{method.lower()}", None)
        entry: dict[str, Any] = {"method": method, "params": {}, "status": 200}
        self.requests.append(entry)
        try:
            params = await self._params(request)
            entry["params"] = {
                k: (f"<file {v[0]} {len(v[1])} bytes>" if isinstance(v, tuple) else v)
                for k, v in params.items()
            }
            if handler is None:
                raise TelegramError(404, "Not Found")
            throttle = self._throttled.get(method.lower())
            if throttle and throttle[0] > 0:
                throttle[0] -= 1
                raise TelegramError(
                    429,
                    f"Too Many Requests: retry after {throttle[1]}",
                    {"retry_after": throttle[1]},
                )
            result = await handler(params)
        except TelegramError as exc:
            entry["status"] = exc.code
            entry["error"] = exc.description
            body: dict[str, Any] = {
                "ok": False,
                "error_code": exc.code,
                "description": exc.description,
            }
            if exc.parameters:
                body["parameters"] = exc.parameters
            return self._json_response(exc.code, body)
        return self._json_response(200, {"ok": True, "result": result})

    async def _handle_file(self, request: web.Request) -> web.Response:
        if request.match_info["token"] != self.token:
            return web.Response(status=401, text="Unauthorized")
        path = request.match_info["path"]
        for stored in self.files.values():
            if stored.file_path == path:
                return web.Response(body=stored.data, content_type="application/octet-stream")
        return web.Response(status=404, text="Not Found")

    # -- test side over HTTP ------------------------------------------------------------------

    async def _handle_test(self, request: web.Request) -> web.Response:
        action = request.match_info["action"]
        p: dict[str, Any] = dict(request.query)
        if request.method == "POST" and request.can_read_body:
            p.update(await request.json())
        try:
            result = await self._test_action(action, p)
        except TelegramError as exc:
            return self._json_response(exc.code, {"ok": False, "description": exc.description})
        return self._json_response(200, {"ok": True, "result": result})

    async def _test_action(self, action: str, p: dict) -> Any:
        if action in ("message", "document", "callback", "inline"):
            return {"update": await self.inject(action, p), "at": time.monotonic()}
        if action == "inline_answer":
            query_id = str(p["inline_query_id"])
            await self._wait(lambda: query_id in self.inline_answers, float(p.get("timeout", 0)))
            return self.inline_answers.get(query_id)
        if action == "throttle":
            self._throttled[str(p["method"]).lower()] = [
                int(p.get("count", 1)),
                int(p.get("retry_after", 1)),
            ]
            return True
        if action == "sent":
            chat_id = p.get("chat_id")
            return [
                s.as_dict()
                for s in self.sent
                if (chat_id is None or s.chat_id == int(chat_id)) and not s.deleted
            ]
        if action == "events":
            chat_id = p.get("chat_id")
            after = int(p.get("after", 0))
            count = int(p.get("count", 1))

            def new_events() -> list[dict]:
                pool = self.events if chat_id is None else self._chat_events.get(int(chat_id), [])
                found = []
                for event in reversed(pool):  # newest first: waiters look only at the tail
                    if event["seq"] <= after:
                        break
                    found.append(event)
                return found[::-1]

            await self._wait(lambda: len(new_events()) >= count, float(p.get("timeout", 0)))
            return new_events()
        if action == "deliveries":
            count = int(p.get("count", 0))
            await self._wait(lambda: len(self.deliveries) >= count, float(p.get("timeout", 0)))
            return self.deliveries
        if action == "requests":
            method = p.get("method")
            return [r for r in self.requests if method is None or r["method"] == method]
        if action == "callback_answer":
            query_id = str(p["callback_query_id"])
            await self._wait(lambda: query_id in self.callback_answers, float(p.get("timeout", 0)))
            return self.callback_answers.get(query_id)
        if action == "commands":
            return self.commands.get(self._scope_key(p), [])
        if action == "file":
            stored = self.files[str(p["file_id"])]
            return {
                "file_name": stored.file_name,
                "content_b64": base64.b64encode(stored.data).decode(),
            }
        raise TelegramError(404, f"unknown test action {action}")


# ---------------------------------------------------------------------------------------------
# Test-side client
# ---------------------------------------------------------------------------------------------


class TelegramTestClient:
    """Acts as Telegram users over HTTP against a :class:`FakeBotApi` (blocking, for tests)."""

    def __init__(self, base_url: str) -> None:
        self.http = httpx.Client(base_url=base_url, timeout=60)
        self._seen: dict[int, int] = {}  # chat -> last event seq read by a test
        # chat -> server clock when the user's last action arrived; event "at" is on the same
        # clock, so reply times exclude this client's own overhead.
        self.sent_at: dict[int, float] = {}

    def close(self) -> None:
        self.http.close()

    def _call(self, action: str, **params: Any) -> Any:
        params = {k: v for k, v in params.items() if v is not None}
        response = self.http.post(f"/_test/{action}", json=params)
        body = response.json()
        if not body["ok"]:
            raise AssertionError(f"{action} failed: {body['description']}")
        result = body["result"]
        if action == "inline":
            return result["update"]
        if action in ("message", "document", "callback"):
            self.sent_at[int(params["chat_id"])] = result["at"]
            return result["update"]
        return result

    def send_text(
        self,
        chat_id: int,
        text: str,
        *,
        user_id: int | None = None,
        chat_type: str = "private",
        reply_to_message_id: int | None = None,
    ) -> dict:
        update = self._call(
            "message",
            chat_id=chat_id,
            text=text,
            user_id=user_id,
            chat_type=chat_type,
            reply_to_message_id=reply_to_message_id,
        )
        return update["message"]

    def send_document(
        self,
        chat_id: int,
        file_name: str,
        data: bytes,
        *,
        user_id: int | None = None,
        mime_type: str = "text/plain",
        caption: str | None = None,
        chat_type: str = "private",
    ) -> dict:
        update = self._call(
            "document",
            chat_id=chat_id,
            user_id=user_id,
            file_name=file_name,
            mime_type=mime_type,
            content_b64=base64.b64encode(data).decode(),
            caption=caption,
            chat_type=chat_type,
        )
        return update["message"]

    def press(
        self, chat_id: int, message_id: int, button_text: str, user_id: int | None = None
    ) -> str:
        """Press an inline button by its label; returns the callback query id."""
        update = self._call(
            "callback",
            chat_id=chat_id,
            message_id=message_id,
            button_text=button_text,
            user_id=user_id,
        )
        return update["callback_query"]["id"]

    def inline_query(self, user_id: int, query: str, chat_type: str = "sender") -> str:
        """A user types ``@bot <query>`` in some chat; returns the inline query id."""
        update = self._call("inline", user_id=user_id, query=query, chat_type=chat_type)
        return update["inline_query"]["id"]

    def inline_answer(self, query_id: str, timeout: float = 30) -> dict | None:
        """The bot's answerInlineQuery for the query (results with their visible text)."""
        return self._call("inline_answer", inline_query_id=query_id, timeout=timeout)

    def throttle(self, method: str, count: int, retry_after: int) -> None:
        """The next ``count`` calls of ``method`` get 429 with ``retry_after`` seconds."""
        self._call("throttle", method=method, count=count, retry_after=retry_after)

    def sent(self, chat_id: int | None = None) -> list[dict]:
        return self._call("sent", chat_id=chat_id)

    def requests(self, method: str | None = None) -> list[dict]:
        return self._call("requests", method=method)

    def deliveries(self, count: int = 0, timeout: float = 0) -> list[dict]:
        """Every webhook delivery attempt so far (url, target, status, error, the update),
        after waiting up to ``timeout`` seconds for there to be at least ``count``."""
        return self._call("deliveries", count=count, timeout=timeout)

    def callback_answer(self, query_id: str, timeout: float = 20) -> dict | None:
        return self._call("callback_answer", callback_query_id=query_id, timeout=timeout)

    def commands(self) -> list[dict]:
        return self._call("commands")

    def events(self, chat_id: int, *, count: int = 1, timeout: float = 30) -> list[dict]:
        """Wait for at least ``count`` new bot actions (send/edit/delete) in a chat since the
        last call for that chat; returns all new ones (possibly fewer on timeout)."""
        after = self._seen.get(chat_id, 0)
        found = self._call("events", chat_id=chat_id, after=after, count=count, timeout=timeout)
        if found:
            self._seen[chat_id] = found[-1]["seq"]
        return found

    def replies(self, chat_id: int, count: int = 1, timeout: float = 30) -> list[dict]:
        """Wait for ``count`` new messages sent by the bot in a chat (edits are skipped)."""
        got: list[dict] = []
        deadline = time.monotonic() + timeout
        while len(got) < count and time.monotonic() < deadline:
            remaining = deadline - time.monotonic()
            events = self.events(chat_id, count=1, timeout=remaining)
            got += [e for e in events if e["kind"] in ("send", "document")]
        return got

    def quiet(self, chat_id: int, timeout: float = 1.0) -> bool:
        """True when the bot does nothing in the chat for ``timeout`` seconds."""
        return not self.events(chat_id, count=1, timeout=timeout)
