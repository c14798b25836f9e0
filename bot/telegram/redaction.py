"""Keeping the bot token out of everything citebot logs.

httpx and python-telegram-bot log request URLs that contain the token, and tracebacks may quote
it. A filter on citebot's own log handlers rewrites each record before it is written; nothing
process-wide (record factory, excepthooks) is replaced, so importing or building the bot
changes no global state.
"""

from __future__ import annotations

import logging
from typing import IO
from urllib.parse import quote

REDACTED = "[REDACTED]"
LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


class TokenRedactor(logging.Filter):
    """Replaces the token's secret part (after the public bot id) in messages, arguments,
    tracebacks and stack traces."""

    def __init__(self, token: str) -> None:
        super().__init__()
        secret = token.split(":", 1)[-1]
        # too short to redact safely; a real token's secret has 35 characters
        self.secrets = {secret, quote(secret, safe="")} if len(secret) >= 8 else set()
        self._formatter = logging.Formatter()

    def redact(self, text: str) -> str:
        for secret in self.secrets:
            text = text.replace(secret, REDACTED)
        return text

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a record with bad args: leave it to logging to report
            return True
        cleaned = self.redact(message)
        if cleaned != message or record.args:
            record.msg, record.args = cleaned, None
        if record.exc_info and record.exc_info[0] is not None:
            record.exc_text = self.redact(self._formatter.formatException(record.exc_info))
        if record.stack_info:
            record.stack_info = self.redact(record.stack_info)
        return True


def redacting_handler(token: str, stream: IO[str] | None = None) -> logging.Handler:
    """The handler ``citebot telegram`` logs through (standard error unless ``stream``)."""
    handler = logging.StreamHandler(stream)
    handler.setFormatter(logging.Formatter(LOG_FORMAT))
    handler.addFilter(TokenRedactor(token))
    return handler
