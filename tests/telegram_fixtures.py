"""Runs the fake Bot API server (and the bot under test) in a background event loop.

Tests stay synchronous and act as users over HTTP, like a real client would; the server and the
python-telegram-bot Application share one loop in a daemon thread.
"""

from __future__ import annotations

import asyncio
import socket
import threading
from collections.abc import Coroutine, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import pytest
from fake_bot_api import FakeBotApi, TelegramTestClient

from citebot.bot.settings import Settings

T = TypeVar("T")
TEST_TOKEN = "123456789:TEST-not-a-real-secret"
# Webhook mode: Telegram is told the public https URL; the fake server "proxies" it to the
# bot's local http listener (WEBHOOK_PATH on a free port), as a TLS-terminating proxy would.
WEBHOOK_URL = "https://bot.example.test/telegram/hook"
WEBHOOK_PATH = "/telegram/hook"
WEBHOOK_SECRET = "test-webhook-secret_0123456789"


class LoopThread:
    """An asyncio loop in a daemon thread; ``run`` executes a coroutine there and waits."""

    def __init__(self) -> None:
        self.loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self._thread.start()

    def run(self, coro: Coroutine[Any, Any, T], timeout: float = 120) -> T:
        return asyncio.run_coroutine_threadsafe(coro, self.loop).result(timeout)

    def close(self) -> None:
        self.loop.call_soon_threadsafe(self.loop.stop)
        self._thread.join(10)
        self.loop.close()


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on (for a server that cannot bind port 0
    and report it back, like PTB's webhook listener)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def fake_telegram(
    token: str = TEST_TOKEN, **server_options: Any
) -> Iterator[tuple[LoopThread, FakeBotApi, TelegramTestClient]]:
    """A running fake Bot API server (``server_options`` go to FakeBotApi) with a test client
    pointed at it."""
    loop = LoopThread()
    server = FakeBotApi(token, **server_options)
    loop.run(server.start())
    client = TelegramTestClient(server.base_url)
    try:
        yield loop, server, client
    finally:
        client.close()
        loop.run(server.stop())
        loop.close()


# -- the bot under test ------------------------------------------------------------------------

SEED = Path(__file__).resolve().parent.parent / "seeds" / "000_78a6bd40efd81f0e.txt"
FAIL_QUESTION = "please crash while answering this"
SLOW_QUESTION = "please take forever to answer this"


class InstrumentedConversation:
    """A real Conversation with two test hooks: one question raises, one blocks until released."""

    def __init__(self, real: Any, owner: InstrumentedCitebot) -> None:
        self._real = real
        self._owner = owner

    def ask(self, text: str, about: Any = None) -> Any:
        if text == FAIL_QUESTION:
            raise RuntimeError("injected failure while answering")
        if text == SLOW_QUESTION:
            self._owner.release_slow.wait(30)
        return self._real.ask(text, about)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._real, name)


class InstrumentedCitebot:
    """The real, shared Citebot (answers and ingest are never faked) plus hooks to inject a
    failure, a slow answer, or an ingest that waits for a signal."""

    def __init__(self, real: Any) -> None:
        self._real = real
        self.release_slow = threading.Event()
        self.ingest_started = threading.Event()
        self.ingest_gate: threading.Event | None = None

    def new_conversation(self) -> InstrumentedConversation:
        return InstrumentedConversation(self._real.new_conversation(), self)

    def ingest_upload(self, filename: str, data: bytes) -> Any:
        self.ingest_started.set()
        if self.ingest_gate is not None:
            self.ingest_gate.wait(30)
        return self._real.ingest_upload(filename, data)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._real, name)


@pytest.fixture(scope="session")
def shared_citebot(tmp_path_factory: pytest.TempPathFactory, encoder: Any) -> Iterator[Any]:
    """One real Citebot for the session with the seed article, on its own data directory
    (the tests add articles to it); it shares the session's model (tests/conftest.py).
    Pages of 2 quotes, so the seed's Medvedev answer has a second page for "More"."""
    from citebot.bot.answering.service import Citebot

    settings = Settings(data_dir=tmp_path_factory.mktemp("citebot-telegram"), top_k=2)
    citebot = Citebot.open(settings, encoder)
    report = citebot.ingest_upload(SEED.name, SEED.read_bytes())
    assert report.added and not report.errors, report
    yield citebot
    citebot.close()


@dataclass
class BotHarness:
    loop: LoopThread
    server: FakeBotApi
    client: TelegramTestClient
    app: Any
    settings: Settings
    citebot: InstrumentedCitebot
    listener_url: str = ""  # webhook mode: the bot's own http listener, bypassing the server


@contextmanager
def running_bot(citebot: Any, **overrides: Any) -> Iterator[BotHarness]:
    """The real Application, long-polling the fake server, with settings overrides."""
    with _running_bot(citebot, {}, overrides) as harness:
        yield harness


@contextmanager
def running_webhook_bot(
    citebot: Any, *, secret: str = WEBHOOK_SECRET, **overrides: Any
) -> Iterator[BotHarness]:
    """The real Application in webhook mode, started the way ``citebot telegram --webhook-url``
    starts it (``telegram_app.start`` picks ``start_webhook`` from the settings): it listens on
    127.0.0.1 at a free port and registers WEBHOOK_URL with the fake server, which delivers
    updates there by HTTP POST."""
    port = free_port()
    listener = f"http://127.0.0.1:{port}{WEBHOOK_PATH}"
    settings = {
        "webhook_url": WEBHOOK_URL,
        "webhook_listen": "127.0.0.1",
        "webhook_port": port,
        "webhook_secret": secret,
        **overrides,
    }
    server_options = {"webhook_delivery_map": {WEBHOOK_URL: listener}}
    with _running_bot(citebot, server_options, settings) as harness:
        harness.listener_url = listener
        yield harness


@contextmanager
def _running_bot(
    citebot: Any, server_options: dict[str, Any], overrides: dict[str, Any]
) -> Iterator[BotHarness]:
    from citebot.bot.telegram import app as telegram_app

    instrumented = InstrumentedCitebot(citebot)
    with fake_telegram(**server_options) as (loop, server, client):
        settings = Settings(
            data_dir=citebot.settings.data_dir,
            top_k=citebot.settings.top_k,
            telegram_token=TEST_TOKEN,
            telegram_api_base_url=server.base_url,
            **overrides,
        )
        app = telegram_app.build_application(settings, instrumented)
        loop.run(telegram_app.start(app, poll_timeout=5))
        try:
            yield BotHarness(loop, server, client, app, settings, instrumented)
        finally:
            instrumented.release_slow.set()
            if instrumented.ingest_gate is not None:
                instrumented.ingest_gate.set()
            loop.run(telegram_app.stop(app))
