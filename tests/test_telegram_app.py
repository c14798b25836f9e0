"""Pieces of the Telegram front end that need no server: rate limit, redaction, flood control."""

from __future__ import annotations

import asyncio
import io
import logging
import sys
import threading

import pytest
from telegram.error import RetryAfter

from citebot.bot.settings import Settings
from citebot.bot.telegram.app import RetryAfterLimiter, run
from citebot.bot.telegram.handlers import UserRateLimit
from citebot.bot.telegram.redaction import redacting_handler

TOKEN = "987654321:UNIT-not-a-real-secret"


def test_rate_limit_allows_a_burst_then_notifies_once_per_minute() -> None:
    now = [0.0]
    limit = UserRateLimit(3, clock=lambda: now[0])
    assert [limit.check(1) for _ in range(5)] == ["ok", "ok", "ok", "notify", "drop"]
    assert limit.check(2) == "ok"  # other users are not affected
    now[0] = 61.0
    assert [limit.check(1) for _ in range(4)] == ["ok", "ok", "ok", "notify"]
    assert UserRateLimit(0).check(1) == "ok"  # 0 disables the limit


def test_token_is_redacted_from_messages_arguments_and_tracebacks() -> None:
    stream = io.StringIO()
    log = logging.getLogger("test.redaction")
    log.addHandler(redacting_handler(TOKEN, stream))
    log.setLevel(logging.INFO)
    log.info("POST http://127.0.0.1/bot%s/getMe", TOKEN)
    try:
        raise RuntimeError(f"request to /bot{TOKEN}/sendMessage failed")
    except RuntimeError:
        log.exception("failed")
    written = stream.getvalue()
    assert TOKEN.split(":", 1)[1] not in written
    assert "/bot987654321:[REDACTED]/getMe" in written
    assert "RuntimeError: request to /bot987654321:[REDACTED]/sendMessage" in written


def test_building_the_bot_changes_no_process_wide_state(tmp_path) -> None:
    from citebot.bot.telegram.app import build_application

    hooks = (logging.getLogRecordFactory(), sys.excepthook, threading.excepthook)
    handlers = list(logging.getLogger().handlers)
    build_application(Settings(data_dir=tmp_path, telegram_token=TOKEN), citebot=None)
    assert (logging.getLogRecordFactory(), sys.excepthook, threading.excepthook) == hooks
    assert logging.getLogger().handlers == handlers


def test_flood_control_retries_then_gives_up_on_absurd_waits() -> None:
    calls = []

    async def flaky(wait: int, failures: int):
        calls.append(wait)
        if len(calls) <= failures:
            raise RetryAfter(wait)
        return "sent"

    limiter = RetryAfterLimiter(max_retries=3, max_wait_s=5)
    assert (
        asyncio.run(limiter.process_request(flaky, (0, 2), {}, "sendMessage", {}, None)) == "sent"
    )
    assert len(calls) == 3
    calls.clear()
    with pytest.raises(RetryAfter):
        asyncio.run(limiter.process_request(flaky, (60, 1), {}, "sendMessage", {}, None))
    assert len(calls) == 1


def test_run_without_a_token_stops_with_a_clear_message(tmp_path) -> None:
    with pytest.raises(SystemExit, match="TELEGRAM_BOT_TOKEN"):
        run(Settings(data_dir=tmp_path))
