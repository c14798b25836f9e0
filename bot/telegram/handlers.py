"""Telegram update handlers: plain ``async def``s that share state through ``bot_data``.

Answering and ingesting are blocking (model, index), so they run in worker threads while the
event loop keeps serving other chats. One chat's updates are serialized by a per-chat lock,
because a Conversation is one chat's memory and not meant for two questions at once.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from telegram import (
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InlineQueryResultArticle,
    InputTextMessageContent,
    LinkPreviewOptions,
    Message,
    MessageEntity,
    ReplyParameters,
    Update,
)
from telegram.constants import ChatAction, ChatType, ParseMode
from telegram.error import BadRequest, TelegramError
from telegram.ext import ApplicationHandlerStop, ContextTypes

from citebot.bot.answering.answer import Answer, Evidence
from citebot.bot.answering.conversation import PageMark
from citebot.bot.answering.followups import Focus, is_more
from citebot.bot.answering.state_codec import StateError, decode, encode, register
from citebot.bot.settings import Settings
from citebot.bot.telegram.ratelimit import FairQueue, UserRateLimit
from citebot.bot.telegram.render import (
    esc,
    render_answer,
    render_article_page,
    render_help,
    render_ingest_report,
    render_inline,
    render_sources,
    render_start,
)
from citebot.retrieval.library import LibraryError

log = logging.getLogger("citebot.telegram")
T = TypeVar("T")

SORRY = "Sorry, something went wrong. Please try again."
TOO_SLOW = "Sorry, that question took too long to answer. Please try a simpler one."
RATE_NOTICE = (
    "You are asking very fast, so I am slowing you down: questions beyond my per-minute "
    "share are skipped for a little while. Please wait a moment and ask again."
)
EXPIRED = (
    "That answer has expired: I forget a conversation after {hours:g} hours without "
    "questions, so I cannot follow up on it. Please ask your question again and I will answer "
    "it afresh."
)
FORGOTTEN = (
    "I no longer remember the answer you replied to: I keep the last {kept} answers of a "
    "chat, so I cannot follow up on that one. Please ask your question again in full."
)
NOT_ADMIN = "Sorry, only the bot's admins can add articles. You can still ask questions!"
UPLOAD_TYPES = (".txt", ".html", ".htm", ".jsonl", ".json", ".md")
SWEEP_EVERY_S = 60.0  # how often idle chats are looked for
MAX_CALLBACK_DATA = 64  # Telegram's limit: anything longer is forged
KEPT_ANSWERS = 20  # answers per chat whose buttons keep working
TYPING_EVERY_S = 4.5  # Telegram shows a chat action for about 5 seconds
NO_PREVIEW = LinkPreviewOptions(is_disabled=True)  # source links would add a card per answer


@dataclass
class Deps:
    """What every handler needs; lives in ``application.bot_data["deps"]``."""

    settings: Settings
    citebot: Any  # bot.service.Citebot (imported lazily: it pulls in the model stack)
    rate: UserRateLimit
    answers: FairQueue  # answers computed at once, least-served user first
    ingest_lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    swept_at: float = field(default_factory=time.monotonic)  # last look for idle chats


@dataclass
class AnswerRecord:
    """An answer shown in a chat, so its buttons still work after later questions."""

    answer: Answer
    paragraphs: list[Evidence]
    message_id: int
    more_open: bool
    sources_open: bool
    choices_open: bool = False  # "Which Brown?": one button per person until one is picked
    # What a follow-up replying to this answer refers to (in a group the chat's latest topic
    # may be someone else's), and the ids of every message the answer was split into.
    focus: Focus | None = None
    message_ids: tuple[int, ...] = ()
    mark: PageMark | None = None  # how far it was paged: "more" replying to it continues it


register(AnswerRecord)


class AnswerTimeout(Exception):
    def __init__(self, task: asyncio.Task) -> None:
        super().__init__("answer timed out")
        self.task = task


def deps_of(context: ContextTypes.DEFAULT_TYPE) -> Deps:
    return context.bot_data["deps"]


def is_admin(context: ContextTypes.DEFAULT_TYPE, user_id: int | None) -> bool:
    return user_id is not None and user_id in deps_of(context).settings.admin_ids


def chat_state(context: ContextTypes.DEFAULT_TYPE, message_id: int = 0) -> dict:
    """The chat's conversation and shown answers; ``message_id`` is the update's message, so
    that a state started after an older answer can tell that answer has expired."""
    data = context.chat_data
    assert data is not None
    if "conversation" not in data:
        data["conversation"] = deps_of(context).citebot.new_conversation()
        data["lock"] = asyncio.Lock()
        data["answers"] = {}
        data["seq"] = 0
        data["latest"] = 0
        data["first_message_id"] = message_id
    data["last_seen"] = time.monotonic()
    return data


def expired(state: dict, message_id: int) -> bool:
    """Whether a message of ours predates the chat's current state: the state it belonged to
    was dropped as idle (see ``forget_idle_chats``)."""
    return 0 < message_id < state["first_message_id"]


def forget_idle_chats(application: Any, idle_s: float, now: float) -> int:
    """Drop the state of chats idle for ``idle_s`` (their conversations and answers), so
    memory does not grow with every chat ever seen. Returns how many were dropped."""
    idle = [
        chat_id
        for chat_id, data in application.chat_data.items()
        if now - data.get("last_seen", now) > idle_s and not _busy(data)
    ]
    for chat_id in idle:
        application.drop_chat_data(chat_id)
    return len(idle)


def _busy(data: dict) -> bool:
    lock = data.get("lock")
    return lock is not None and lock.locked()


async def tell_expired(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    hours = deps_of(context).settings.chat_idle_hours
    await reply_text(update, context, esc(EXPIRED.format(hours=hours)))


# -- shared chat state (server mode) -------------------------------------------------------------
# With a database, a chat's state lives there too, so any replica behind one webhook can take
# the chat's next update: it is read at the start of each locked step and written at its end.
# (Rate limits stay per replica.) Without one, chat_data in this process is all there is.


def _chat_key(chat_id: int) -> str:
    return f"telegram:{chat_id}"


async def pull_chat(context: ContextTypes.DEFAULT_TYPE, chat_id: int, state: dict) -> None:
    """Bring the chat's state up to date from the database (call with state["lock"] held)."""
    citebot = deps_of(context).citebot
    if not citebot.shares_conversations:
        return
    saved = await asyncio.to_thread(citebot.load_conversation, _chat_key(chat_id))
    if saved is None:
        return
    state["conversation"].restore(saved["conversation"])
    try:
        state["answers"] = decode(saved["answers"])
    except StateError:
        state["answers"] = {}  # written by another release: old buttons say "ask again"
    state["seq"], state["latest"] = saved["seq"], saved["latest"]
    state["first_message_id"] = 0  # the chat's whole shared history: none of it expired here


async def push_chat(context: ContextTypes.DEFAULT_TYPE, chat_id: int, state: dict) -> None:
    citebot = deps_of(context).citebot
    if citebot.shares_conversations:
        saved = {
            "conversation": state["conversation"].to_state(),
            "answers": encode(state["answers"]),
            "seq": state["seq"],
            "latest": state["latest"],
        }
        await asyncio.to_thread(citebot.save_conversation, _chat_key(chat_id), saved)


async def run_blocking(fn: Callable[..., T], *args: Any, timeout: float | None = None) -> T:
    """Run ``fn`` in a worker thread; raise AnswerTimeout (with the still-running task) when it
    takes longer than ``timeout``. The thread cannot be killed, so callers wait it out."""
    task = asyncio.ensure_future(asyncio.to_thread(fn, *args))
    done, _ = await asyncio.wait({task}, timeout=timeout)
    if not done:
        raise AnswerTimeout(task)
    return task.result()


@contextlib.asynccontextmanager
async def typing(context: ContextTypes.DEFAULT_TYPE, chat_id: int) -> AsyncIterator[None]:
    """Show "typing…" until the block ends (Telegram clears it after ~5 s, so repeat)."""

    async def action() -> None:
        with contextlib.suppress(TelegramError):
            await context.bot.send_chat_action(chat_id, ChatAction.TYPING)

    async def keep() -> None:
        while True:
            await asyncio.sleep(TYPING_EVERY_S)
            await action()

    await action()  # at once, so even a quick answer is preceded by "typing…"
    task = asyncio.create_task(keep())
    try:
        yield
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task


async def send_html(
    context: ContextTypes.DEFAULT_TYPE,
    chat_id: int,
    chunks: list[str],
    *,
    reply_to: int | None = None,
    markup: InlineKeyboardMarkup | None = None,
    fallback: str = "",
    sent: list[int] | None = None,
) -> Message:
    """Send chunks in order (the first as a reply, the keyboard under the last); the id of each
    message sent is appended to ``sent``. Should Telegram refuse the HTML anyway, the plain
    ``fallback`` is sent so the user still gets an answer."""
    last: Message | None = None
    for i, chunk in enumerate(chunks):
        reply = ReplyParameters(reply_to, allow_sending_without_reply=True) if reply_to else None
        keyboard = markup if i == len(chunks) - 1 else None
        try:
            last = await context.bot.send_message(
                chat_id,
                chunk,
                parse_mode=ParseMode.HTML,
                reply_parameters=reply if i == 0 else None,
                reply_markup=keyboard,
                link_preview_options=NO_PREVIEW,
            )
            if sent is not None:
                sent.append(last.message_id)
        except BadRequest as exc:
            if not fallback or "parse entities" not in str(exc):
                raise
            log.error("Telegram refused our HTML (%s); sending plain text", exc)
            for start in range(0, len(fallback), 4000):
                last = await context.bot.send_message(
                    chat_id, fallback[start : start + 4000], reply_markup=keyboard
                )
                if sent is not None:
                    sent.append(last.message_id)
            break
    assert last is not None
    return last


async def reply_text(update: Update, context: ContextTypes.DEFAULT_TYPE, html: str) -> Message:
    message = update.effective_message
    assert message is not None and update.effective_chat is not None
    return await send_html(context, update.effective_chat.id, [html], reply_to=message.message_id)


def keyboard(seq: int, record: AnswerRecord) -> InlineKeyboardMarkup | None:
    buttons = []
    if record.more_open:
        buttons.append(InlineKeyboardButton("More", callback_data=f"more:{seq}"))
    if record.sources_open:
        buttons.append(InlineKeyboardButton("Sources", callback_data=f"src:{seq}"))
    rows = [buttons] if buttons else []
    if record.choices_open:
        for n, choice in enumerate(record.answer.clarify):
            label = f"{choice.speaker} ({choice.role})" if choice.role else choice.speaker
            rows.append([InlineKeyboardButton(label[:60], callback_data=f"pick:{seq}:{n}")])
    return InlineKeyboardMarkup(rows) if rows else None


# -- questions ---------------------------------------------------------------------------------


def _ask_and_cite(
    conversation: Any, text: str | None, replied: AnswerRecord | None
) -> tuple[Answer, list[Evidence], Focus, PageMark | None]:
    """Answer ``text`` (None: the next page); a follow-up replying to an answer is read
    against that answer, and "more" replying to it pages that answer, not the latest."""
    if replied is not None and replied.mark is not None and text is not None and is_more(text):
        conversation.resume(replied.mark)
    about = replied.focus if replied is not None else None
    answer = conversation.more() if text is None else conversation.ask(text, about)
    paragraphs = conversation.sources() if answer.found else []
    return answer, paragraphs, conversation.focus, conversation.position()


def _replied_record(state: dict, replied_id: int | None) -> AnswerRecord | None:
    """The kept answer in message ``replied_id``, if it is one (older ones are forgotten:
    see ``_replies_to_forgotten``)."""
    if not replied_id:
        return None
    for record in state["answers"].values():
        if replied_id in (record.message_id, *record.message_ids):
            return record
    return None


async def answer_question(
    update: Update,
    context: ContextTypes.DEFAULT_TYPE,
    text: str | None,
    reply_to: int | None,
    replied_id: int | None = None,
) -> None:
    """Answer ``text`` (None: the next page of the last answer) and send it with its buttons;
    ``replied_id`` is our message the question replies to: its answer is what it follows up."""
    deps = deps_of(context)
    chat, user = update.effective_chat, update.effective_user
    assert chat is not None
    if user is not None:
        verdict = deps.rate.check(user.id)
        if verdict != "ok":
            log.info("rate limit: user %s in chat %s (%s)", user.id, chat.id, verdict)
            if verdict == "notify":
                await send_html(context, chat.id, [esc(RATE_NOTICE)], reply_to=reply_to)
            return
    state = chat_state(context, reply_to or 0)
    async with state["lock"]:
        await pull_chat(context, chat.id, state)
        async with deps.answers.turn(user.id if user else chat.id), typing(context, chat.id):
            try:
                answer, paragraphs, focus, mark = await run_blocking(
                    _ask_and_cite,
                    state["conversation"],
                    text,
                    _replied_record(state, replied_id),
                    timeout=deps.settings.answer_timeout_s,
                )
            except AnswerTimeout as slow:
                log.warning(
                    "answer timed out after %ss in chat %s", deps.settings.answer_timeout_s, chat.id
                )
                await send_html(context, chat.id, [esc(TOO_SLOW)], reply_to=reply_to)
                with contextlib.suppress(Exception):
                    await slow.task  # keep the conversation to one question at a time
                return
            except Exception:
                log.exception("answering failed in chat %s", chat.id)
                await send_html(context, chat.id, [esc(SORRY)], reply_to=reply_to)
                return
        state["seq"] += 1
        seq = state["seq"]
        record = AnswerRecord(
            answer,
            paragraphs,
            0,
            answer.has_more,
            bool(paragraphs),
            bool(answer.clarify),
            focus,
            mark=mark,
        )
        ids: list[int] = []
        sent = await send_html(
            context,
            chat.id,
            render_answer(answer),
            reply_to=reply_to,
            markup=keyboard(seq, record),
            fallback=answer.answer or answer.headline,
            sent=ids,
        )
        record.message_id, record.message_ids = sent.message_id, tuple(ids)
        state["answers"][seq] = record
        state["latest"] = seq
        for old in [s for s in state["answers"] if s <= seq - KEPT_ANSWERS]:
            del state["answers"][old]
        await push_chat(context, chat.id, state)


def _too_long(context: ContextTypes.DEFAULT_TYPE, question: str) -> bool:
    return len(question) > deps_of(context).settings.max_question_chars


def _replied_to_us(message: Message, context: ContextTypes.DEFAULT_TYPE) -> int | None:
    """The id of our message that ``message`` replies to, if it replies to one of ours."""
    replied = message.reply_to_message
    mine = replied is not None and replied.from_user is not None
    return replied.message_id if mine and replied.from_user.id == context.bot.id else None


def _replies_to_expired(message: Message, context: ContextTypes.DEFAULT_TYPE) -> bool:
    replied = _replied_to_us(message, context)
    return replied is not None and expired(chat_state(context, message.message_id), replied)


def _replies_to_forgotten(message: Message, context: ContextTypes.DEFAULT_TYPE) -> bool:
    """Whether ``message`` replies to one of our answers older than every answer still kept
    (a chat keeps its last KEPT_ANSWERS): following it up against anything else would
    answer another question than the one meant."""
    replied = _replied_to_us(message, context)
    records = chat_state(context, message.message_id)["answers"].values()
    return replied is not None and bool(records) and replied < min(r.message_id for r in records)


async def _refused_reply(
    update: Update, context: ContextTypes.DEFAULT_TYPE, message: Message
) -> bool:
    """Say so, and True, when ``message`` replies to an answer of ours that has expired or
    that the chat no longer keeps."""
    if _replies_to_expired(message, context):
        await tell_expired(update, context)
        return True
    if _replies_to_forgotten(message, context):
        await reply_text(update, context, esc(FORGOTTEN.format(kept=KEPT_ANSWERS)))
        return True
    return False


async def on_private_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    message = update.effective_message
    assert message is not None and message.text is not None
    if await _refused_reply(update, context, message):
        return
    text = message.text.strip()
    if _too_long(context, text):
        await reply_text(
            update, context, esc("That is too long for a question; please shorten it.")
        )
        return
    await answer_question(
        update, context, text, message.message_id, _replied_to_us(message, context)
    )


def _addressed_text(message: Message, bot_id: int, username: str) -> str | None:
    """The question in a group message meant for the bot (a reply to it or a mention of it),
    with the mention removed; None when the message is not for the bot."""
    text = message.text or ""
    handle = f"@{username}".lower()
    mentions = [
        e
        for e in message.entities
        if e.type == MessageEntity.MENTION
        and message.parse_entity(e).lower() == handle
        and not _word_follows(message, e)
    ]
    if mentions:
        for entity in mentions:
            text = text.replace(message.parse_entity(entity), " ")
        return " ".join(text.split())
    replied = message.reply_to_message
    if replied is not None and replied.from_user is not None and replied.from_user.id == bot_id:
        return text.strip()
    return None


def _word_follows(message: Message, entity: MessageEntity) -> bool:
    """Whether the entity ends inside a longer name: a (forged) entity over "@BotName" in
    "@BotNameX" is a mention of someone else. Offsets count UTF-16 code units."""
    units = (message.text or "").encode("utf-16-le")
    after = units[2 * (entity.offset + entity.length) :][:2].decode("utf-16-le", "ignore")
    return bool(after) and (after.isalnum() or after == "_")


async def on_group_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    message = update.effective_message
    assert message is not None
    text = _addressed_text(message, context.bot.id, context.bot.username)
    if text is None:
        return  # group chatter not meant for us
    if await _refused_reply(update, context, message):
        return
    if not text or _too_long(context, text):
        await reply_text(update, context, esc("Ask me a question, e.g. “What did Medvedev say?”"))
        return
    await answer_question(
        update, context, text, message.message_id, _replied_to_us(message, context)
    )


def _command_argument(message: Message) -> str:
    """Everything after the command, with the user's line breaks kept."""
    parts = (message.text or message.caption or "").split(maxsplit=1)
    return parts[1].strip() if len(parts) > 1 else ""


async def on_ask(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    message = update.effective_message
    assert message is not None
    question = _command_argument(message)
    if not question:
        await reply_text(update, context, "Usage: <code>/ask What did Medvedev say?</code>")
        return
    if _too_long(context, question):
        await reply_text(
            update, context, esc("That is too long for a question; please shorten it.")
        )
        return
    await answer_question(update, context, question, message.message_id)


# -- buttons -----------------------------------------------------------------------------------


async def on_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    query = update.callback_query
    assert query is not None and query.data is not None
    chat = update.effective_chat
    if query.message is None or chat is None:  # too old for Telegram to send it along
        await query.answer("This answer has expired. Please ask your question again.")
        return
    if len(query.data) > MAX_CALLBACK_DATA:  # longer than Telegram allows: forged
        await query.answer("This answer is no longer current. Please ask again.")
        return
    kind, _, raw_seq = query.data.partition(":")
    raw_seq, _, raw_choice = raw_seq.partition(":")
    if kind == "arts":
        await _turn_article_page(update, context, int(raw_seq) if raw_seq.isdigit() else 0)
        return
    state = chat_state(context, query.message.message_id + 1)  # if new: started after it
    seq = int(raw_seq) if raw_seq.isdigit() else -1
    async with state["lock"]:
        await pull_chat(context, chat.id, state)
        record: AnswerRecord | None = state["answers"].get(seq)
        current = record is not None and (kind != "more" or seq == state["latest"])
        if record is not None and current:
            picked = kind == "pick" and raw_choice.isdigit()
            picked = picked and int(raw_choice) < len(record.answer.clarify)
            record.more_open = record.more_open and kind != "more"
            record.sources_open = record.sources_open and kind != "src"
            record.choices_open = record.choices_open and not picked
            await push_chat(context, chat.id, state)
    if record is None and expired(state, query.message.message_id):
        await query.answer("This answer has expired. Please ask your question again.")
        await send_html(
            context,
            chat.id,
            [esc(EXPIRED.format(hours=deps_of(context).settings.chat_idle_hours))],
            reply_to=query.message.message_id,
        )
        return
    if record is None or not current:
        await query.answer("This answer is no longer current. Please ask again.")
        return
    await query.answer()
    if kind == "pick" and raw_choice.isdigit() and int(raw_choice) < len(record.answer.clarify):
        await _update_keyboard(context, chat.id, seq, record)
        question = record.answer.clarify[int(raw_choice)].question
        await answer_question(update, context, question, record.message_id)
    elif kind == "more":
        await _update_keyboard(context, chat.id, seq, record)
        await answer_question(update, context, None, record.message_id)
    elif kind == "src":
        await _update_keyboard(context, chat.id, seq, record)
        await send_html(
            context,
            chat.id,
            render_sources(record.answer, record.paragraphs),
            reply_to=record.message_id,
        )


async def _update_keyboard(
    context: ContextTypes.DEFAULT_TYPE, chat_id: int, seq: int, record: AnswerRecord
) -> None:
    """Take a used button off its message so it is not pressed twice."""
    try:
        await context.bot.edit_message_reply_markup(
            chat_id, record.message_id, reply_markup=keyboard(seq, record)
        )
    except BadRequest as exc:  # e.g. already edited by a concurrent press
        log.info("could not update the keyboard: %s", exc)


# -- commands ----------------------------------------------------------------------------------


async def on_start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    citebot = deps_of(context).citebot
    examples = await asyncio.to_thread(citebot.example_questions, 3)
    articles = await asyncio.to_thread(citebot.list_articles)
    await reply_text(update, context, render_start(context.bot.first_name, examples, len(articles)))


async def on_help(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    user = update.effective_user
    await reply_text(update, context, render_help(is_admin(context, user.id if user else None)))


def page_keyboard(page: int, pages: int) -> InlineKeyboardMarkup | None:
    """Prev/Next under a /sources page; the callback data carries the page to show."""
    buttons = []
    if page > 0:
        buttons.append(InlineKeyboardButton("‹ Prev", callback_data=f"arts:{page - 1}"))
    if page + 1 < pages:
        buttons.append(InlineKeyboardButton("Next ›", callback_data=f"arts:{page + 1}"))
    return InlineKeyboardMarkup([buttons]) if buttons else None


async def on_sources(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """The indexed articles, one page per message; Prev/Next edit that message in place."""
    articles = await asyncio.to_thread(deps_of(context).citebot.list_articles)
    chat, message = update.effective_chat, update.effective_message
    assert chat is not None and message is not None
    html, pages = render_article_page(articles, 0)
    await send_html(
        context, chat.id, [html], reply_to=message.message_id, markup=page_keyboard(0, pages)
    )


async def _turn_article_page(update: Update, context: ContextTypes.DEFAULT_TYPE, page: int) -> None:
    query = update.callback_query
    assert query is not None
    articles = await asyncio.to_thread(deps_of(context).citebot.list_articles)
    html, pages = render_article_page(articles, page)
    page = min(page, pages - 1)
    await query.answer()
    try:
        await query.edit_message_text(
            html,
            parse_mode=ParseMode.HTML,
            reply_markup=page_keyboard(page, pages),
            link_preview_options=NO_PREVIEW,
        )
    except BadRequest as exc:  # "message is not modified": pressed twice, already showing
        log.info("could not turn the /sources page: %s", exc)


async def on_reset(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    state = chat_state(context)
    async with state["lock"]:
        state["conversation"].reset()
        state["answers"].clear()
        state["latest"] = 0
        await push_chat(context, update.effective_chat.id, state)
    await reply_text(update, context, esc("Done: I have forgotten our conversation."))


async def on_unknown_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    await reply_text(update, context, esc("I don't know that command. /help lists what I can do."))


# -- inline mode ------------------------------------------------------------------------------


async def on_inline_query(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """``@bot what did X say`` in any chat: a few short cited results, no conversation."""
    query = update.inline_query
    assert query is not None
    text = query.query.strip()
    deps = deps_of(context)
    if not text or _too_long(context, text):
        await query.answer([], cache_time=5)
        return
    if deps.rate.check(query.from_user.id) != "ok":
        log.info("rate limit: inline query from user %s", query.from_user.id)
        await query.answer([], cache_time=5, is_personal=True)
        return
    try:
        async with deps.answers.turn(query.from_user.id):
            answer = await run_blocking(
                deps.citebot.ask, text, timeout=deps.settings.answer_timeout_s
            )
    except AnswerTimeout:
        log.warning("inline answer timed out for user %s", query.from_user.id)
        await query.answer([], cache_time=5, is_personal=True)
        return
    results = [
        InlineQueryResultArticle(
            id=r.id,
            title=r.title,
            description=r.description,
            input_message_content=InputTextMessageContent(
                r.html, parse_mode=ParseMode.HTML, link_preview_options=NO_PREVIEW
            ),
        )
        for r in render_inline(answer)
    ]
    await query.answer(results, cache_time=60)


# -- adding articles ---------------------------------------------------------------------------


async def ingest(
    update: Update, context: ContextTypes.DEFAULT_TYPE, name: str, data: bytes
) -> None:
    """Ingest in a worker thread (one ingest at a time); other chats keep getting answers."""
    deps = deps_of(context)
    chat = update.effective_chat
    assert chat is not None
    async with deps.ingest_lock, typing(context, chat.id):
        try:
            report = await asyncio.to_thread(deps.citebot.ingest_upload, name, data)
        except LibraryError as exc:  # the index itself (locked, disk full): says what to do
            log.error("ingesting %s failed: %s", name, exc)
            await reply_text(update, context, esc(f"Sorry, I could not add that: {exc}"))
            return
        except Exception:  # a bug: the details go to the log, not to the chat
            log.exception("ingesting %s failed", name)
            await reply_text(update, context, esc(SORRY))
            return
    log.info("ingested %s: %d added, %d errors", name, len(report.added), len(report.errors))
    message = update.effective_message
    assert message is not None
    await send_html(context, chat.id, render_ingest_report(report), reply_to=message.message_id)


async def on_document(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    message, user = update.effective_message, update.effective_user
    assert message is not None and message.document is not None
    if not is_admin(context, user.id if user else None):
        await reply_text(update, context, esc(NOT_ADMIN))
        return
    document = message.document
    name = document.file_name or "upload.txt"
    if not name.lower().endswith(UPLOAD_TYPES):
        kinds = ", ".join(UPLOAD_TYPES)
        await reply_text(update, context, esc(f"I can only add articles from {kinds} files."))
        return
    limit = deps_of(context).settings.max_upload_bytes
    if document.file_size and document.file_size > limit:
        await reply_text(
            update, context, esc(f"That file is too big (the limit is {limit:,} bytes).")
        )
        return
    file = await context.bot.get_file(document.file_id)
    data = bytes(await file.download_as_bytearray())
    if len(data) > limit:
        await reply_text(
            update, context, esc(f"That file is too big (the limit is {limit:,} bytes).")
        )
        return
    await ingest(update, context, name, data)


async def on_add(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    message, user = update.effective_message, update.effective_user
    assert message is not None
    if not is_admin(context, user.id if user else None):
        await reply_text(update, context, esc(NOT_ADMIN))
        return
    text = _command_argument(message)
    if not text and message.reply_to_message is not None:
        text = message.reply_to_message.text or message.reply_to_message.caption or ""
    if not text.strip():
        await reply_text(
            update,
            context,
            "Usage: <code>/add</code> followed by an article's text, or as a reply to it.",
        )
        return
    data = text.encode("utf-8")
    if len(data) > deps_of(context).settings.max_upload_bytes:
        await reply_text(update, context, esc("That text is too long to add."))
        return
    await ingest(update, context, f"telegram-{message.chat_id}-{message.message_id}.txt", data)


# -- gate and errors ---------------------------------------------------------------------------


async def gate(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Runs before every handler: forgets idle chats now and then, and drops updates from
    chats outside the allowlist."""
    deps = deps_of(context)
    now = time.monotonic()
    if now - deps.swept_at >= SWEEP_EVERY_S:
        deps.swept_at = now
        dropped = forget_idle_chats(context.application, deps.settings.chat_idle_hours * 3600, now)
        if dropped:
            log.info(
                "forgot %d chats idle for over %g hours", dropped, deps.settings.chat_idle_hours
            )
    allowed = deps.settings.allowed_chat_ids
    chat = update.effective_chat
    if update.inline_query is not None and allowed:  # no chat: the user's own must be allowed
        if update.inline_query.from_user.id in allowed:
            return
        log.info("ignoring an inline query from user %s", update.inline_query.from_user.id)
        raise ApplicationHandlerStop
    if not allowed or chat is None or chat.id in allowed:
        return
    log.info("ignoring update from chat %s (not in the allowlist)", chat.id)
    if chat.type == ChatType.PRIVATE and update.effective_message is not None:
        with contextlib.suppress(TelegramError):
            await reply_text(update, context, esc("Sorry, this bot is not available here."))
    raise ApplicationHandlerStop


async def on_error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Log every failure and tell the user; the application keeps running."""
    log.error("handling an update failed", exc_info=context.error)
    if isinstance(update, Update) and update.effective_chat is not None:
        with contextlib.suppress(TelegramError):
            await context.bot.send_message(update.effective_chat.id, SORRY)
