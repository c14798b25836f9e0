"""Runs the fake Bot API server (and the bot under test) in a background event loop.

Tests stay synchronous and act as users over HTTP, like a real client would; the server and the
python-telegram-bot Application share one loop in a daemon thread.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Coroutine, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

from tests.fake_bot_api import FakeBotApi, TelegramTestClient

T = TypeVar("T")
TEST_TOKEN = "123456789:AAH-test_token_Secret-xyz0123456789abc"


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


@contextmanager
def fake_telegram(token: str = TEST_TOKEN) -> Iterator[tuple[LoopThread, FakeBotApi, TelegramTestClient]]:
    """A running fake Bot API server with a test client pointed at it."""
    loop = LoopThread()
    server = FakeBotApi(token)
    loop.run(server.start())
    client = TelegramTestClient(server.base_url)
    try:
        yield loop, server, client
    finally:
        client.close()
        loop.run(server.stop())
        loop.close()
