"""``citebot telegram``: the python-telegram-bot Application, wired once.

Long polling by default, a webhook when asked (needs ``python-telegram-bot[webhooks]``).
``TELEGRAM_API_BASE_URL`` points the bot at a self-hosted Bot API server (the tests use one).
The token is a secret: it is never printed, and the log handler ``run`` installs redacts it
(``citebot.bot.telegram.redaction``).
"""

from __future__ import annotations

import asyncio
import logging
import signal
import warnings
from collections.abc import Callable, Coroutine
from datetime import timedelta
from typing import Any
from urllib.parse import urlsplit

from telegram import BotCommand, Update
from telegram.error import InvalidToken, NetworkError, RetryAfter, TelegramError
from telegram.ext import (
    Application,
    ApplicationBuilder,
    BaseRateLimiter,
    CallbackQueryHandler,
    CommandHandler,
    InlineQueryHandler,
    MessageHandler,
    TypeHandler,
    filters,
)

from citebot.bot.settings import Settings
from citebot.bot.telegram import handlers as h
from citebot.bot.telegram.redaction import redacting_handler

log = logging.getLogger("citebot.telegram")

COMMANDS = [
    ("ask", "Ask a question about the news"),
    ("sources", "List the articles I know"),
    ("reset", "Forget our conversation"),
    ("help", "How to use me"),
    ("start", "What I do, with example questions"),
]
TELEGRAM_URL = "https://api.telegram.org"
MAX_BACKOFF_S = 60.0


# -- flood control -----------------------------------------------------------------------------


def _seconds(value: int | float | timedelta) -> float:
    return value.total_seconds() if isinstance(value, timedelta) else float(value)


class RetryAfterLimiter(BaseRateLimiter[None]):
    """Waits out Telegram's flood control (429 RetryAfter) and sends again, instead of dropping
    the message. Gives up after ``max_retries`` or when asked to wait over ``max_wait_s``."""

    def __init__(self, max_retries: int = 5, max_wait_s: float = 120.0) -> None:
        self.max_retries = max_retries
        self.max_wait_s = max_wait_s

    async def initialize(self) -> None:
        pass

    async def shutdown(self) -> None:
        pass

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, Any]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: None,
    ) -> Any:
        for attempt in range(self.max_retries + 1):
            try:
                return await callback(*args, **kwargs)
            except RetryAfter as exc:
                with warnings.catch_warnings():  # PTB 22 deprecates the int form
                    warnings.simplefilter("ignore")
                    wait = _seconds(exc.retry_after)
                if attempt == self.max_retries or wait > self.max_wait_s:
                    raise
                log.warning("flood control on %s: waiting %.1f s before retrying", endpoint, wait)
                await asyncio.sleep(wait + 0.1)
        raise AssertionError("unreachable")


# -- the application ---------------------------------------------------------------------------


async def post_init(application: Application) -> None:
    """Register the commands so clients offer them."""
    await application.bot.set_my_commands([BotCommand(c, d) for c, d in COMMANDS])
    log.info("Telegram bot @%s is ready", application.bot.username)


def build_application(settings: Settings, citebot: Any) -> Application:
    """The Application with every handler; updates are handled concurrently, each chat's
    questions one at a time (see citebot.bot.telegram.handlers)."""
    if not settings.telegram_token:
        raise ValueError("no Telegram bot token: set TELEGRAM_BOT_TOKEN")
    builder = (
        ApplicationBuilder()
        .token(settings.telegram_token.reveal())
        .concurrent_updates(True)
        .rate_limiter(RetryAfterLimiter())
        .post_init(post_init)
    )
    if settings.telegram_api_base_url:
        base = settings.telegram_api_base_url.rstrip("/")
        builder = builder.base_url(f"{base}/bot").base_file_url(f"{base}/file/bot")
    app = builder.build()
    app.bot_data["deps"] = h.Deps(
        settings,
        citebot,
        h.UserRateLimit(settings.user_rate_per_minute),
        h.UserRateLimit(settings.global_rate_per_minute),
    )

    private, groups = filters.ChatType.PRIVATE, filters.ChatType.GROUPS
    app.add_handler(TypeHandler(Update, h.gate), group=-1)
    for name, callback in (
        ("start", h.on_start),
        ("help", h.on_help),
        ("sources", h.on_sources),
        ("reset", h.on_reset),
        ("ask", h.on_ask),
        ("add", h.on_add),
    ):
        app.add_handler(CommandHandler(name, callback))
    app.add_handler(MessageHandler(filters.COMMAND & private, h.on_unknown_command))
    app.add_handler(MessageHandler(filters.Document.ALL & private, h.on_document))
    app.add_handler(MessageHandler(filters.TEXT & ~filters.COMMAND & private, h.on_private_text))
    app.add_handler(MessageHandler(filters.TEXT & ~filters.COMMAND & groups, h.on_group_text))
    app.add_handler(CallbackQueryHandler(h.on_button, pattern=r"^(more|src|arts|pick):"))
    app.add_handler(InlineQueryHandler(h.on_inline_query))
    app.add_error_handler(h.on_error)
    return app


def webhook_options(settings: Settings) -> dict[str, Any]:
    """Arguments for ``Updater.start_webhook`` and ``Application.run_webhook`` (same names).

    The bot serves plain HTTP on ``webhook_listen:webhook_port`` at the path of the public
    ``webhook_url``: a TLS-terminating reverse proxy forwards ``https://host/path`` to
    ``http://listen:port/path``. Telegram is told the public URL and the secret, which every
    delivery must carry in ``X-Telegram-Bot-Api-Secret-Token`` (others get 403)."""
    return {
        "listen": settings.webhook_listen,
        "port": settings.webhook_port,
        "url_path": urlsplit(settings.webhook_url).path.strip("/"),
        "webhook_url": settings.webhook_url,
        "secret_token": settings.webhook_secret.reveal() or None,
        "allowed_updates": Update.ALL_TYPES,
    }


def api_url(settings: Settings) -> str:
    """Where the bot talks to, for messages (never with the token)."""
    return settings.telegram_api_base_url.rstrip("/") or TELEGRAM_URL


def _polling_failed(url: str) -> Callable[[TelegramError], None]:
    """One log line per failed poll (PTB backs off from 1 s up to 30 s between them) instead
    of a traceback each time."""

    def report(exc: TelegramError) -> None:
        log.warning("cannot reach Telegram at %s: %s", url, _reason(exc))

    return report


def _reason(exc: BaseException) -> str:
    text = str(exc).splitlines()[0] if str(exc) else ""
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


async def connect(app: Application, url: str, stopping: asyncio.Event) -> bool:
    """``initialize`` (getMe), retried with a doubling pause while the server is unreachable;
    one line per failure. False when asked to stop before it got through."""
    delay = 1.0
    while not stopping.is_set():
        try:
            await app.initialize()
            return True
        except InvalidToken:
            raise SystemExit(
                f"citebot telegram: {url} refused the bot token (check TELEGRAM_BOT_TOKEN)"
            ) from None
        except NetworkError as exc:  # includes TimedOut
            log.error(
                "cannot reach Telegram at %s (%s); retrying in %.0f s", url, _reason(exc), delay
            )
        try:
            await asyncio.wait_for(stopping.wait(), delay)
        except TimeoutError:
            delay = min(delay * 2, MAX_BACKOFF_S)
    return False


async def start(app: Application, poll_timeout: float = 10.0) -> None:
    """Start receiving updates inside a running loop (tests, load test), as ``run`` does: by
    webhook when the application's settings have a ``webhook_url``, else by long polling.
    ``stop`` undoes it."""
    settings: Settings = app.bot_data["deps"].settings
    await app.initialize()
    await _receive(app, settings, poll_timeout)


async def _receive(app: Application, settings: Settings, poll_timeout: float) -> None:
    if app.post_init:
        await app.post_init(app)
    await app.start()
    assert app.updater is not None
    if settings.webhook_url:
        await app.updater.start_webhook(**webhook_options(settings))
    else:
        await app.updater.start_polling(
            timeout=poll_timeout,
            allowed_updates=Update.ALL_TYPES,
            error_callback=_polling_failed(api_url(settings)),
        )


async def stop(app: Application) -> None:
    if app.updater and app.updater.running:
        await app.updater.stop()
    if app.running:
        await app.stop()
    await app.shutdown()


class NetworkErrorsInOneLine(logging.Filter):
    """PTB logs some network failures (e.g. the last getUpdates while stopping) with a full
    traceback; an unreachable server is a condition to report, not a bug to debug."""

    def filter(self, record: logging.LogRecord) -> bool:
        error = record.exc_info[1] if record.exc_info else None
        if isinstance(error, NetworkError):
            record.msg, record.args = f"{record.getMessage()} ({_reason(error)})", None
            record.exc_info = record.exc_text = None
        return True


def configure_logging(token: str) -> logging.Handler:
    """Log to standard error through the token-redacting handler (the only one ``run`` adds),
    network failures in one line."""
    handler = redacting_handler(token)
    handler.addFilter(NetworkErrorsInOneLine())
    root = logging.getLogger()
    root.setLevel(logging.INFO)
    root.addHandler(handler)
    logging.getLogger("httpx").setLevel(logging.WARNING)  # one line per poll otherwise
    return handler


async def serve(settings: Settings, citebot: Any, poll_timeout: float = 10.0) -> None:
    """Run until SIGINT or SIGTERM: wait for the Bot API server to answer, receive updates,
    then stop promptly (the long poll is cancelled, answers in progress finish)."""
    stopping = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stopping.set)
    app = build_application(settings, citebot)
    url = api_url(settings)
    log.info("connecting to Telegram at %s", url)
    if not await connect(app, url, stopping):
        log.info("stopped before Telegram could be reached")
        return
    try:
        await _receive(app, settings, poll_timeout)
        await stopping.wait()
        log.info("stopping")
    finally:
        await stop(app)
    log.info("stopped")


def run(settings: Settings) -> None:
    """Run the bot until interrupted: long polling, or a webhook when one is configured."""
    from citebot.bot.answering.service import Citebot

    if not settings.telegram_token:  # before the slow model load
        raise SystemExit("citebot telegram: no bot token; set TELEGRAM_BOT_TOKEN (see README)")
    configure_logging(settings.telegram_token.reveal())
    citebot = Citebot.open(settings)
    try:
        asyncio.run(serve(settings, citebot))
    except Exception:  # through the redacting handler: a traceback may quote the token
        log.exception("citebot telegram stopped")
        raise SystemExit(1) from None
    finally:
        citebot.close()
