"""Configuration: one object from a config file, the environment and CLI flags, in that order."""

from __future__ import annotations

from pathlib import Path

import pytest

from citebot.bot.settings import Settings


def test_environment_overrides_config_file_and_flags_override_both(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text('telegram_token = "42:from-file"\ntop_k = 3\nadmin_ids = [7, 8]\n')
    env = {"CITEBOT_CONFIG": str(config), "CITEBOT_TOP_K": "4", "CITEBOT_DATA_DIR": str(tmp_path)}
    settings = Settings.from_env(env)
    assert settings.telegram_token == "42:from-file"
    assert settings.top_k == 4 and settings.admin_ids == frozenset({7, 8})
    assert settings.data_dir == tmp_path
    assert Settings.from_env(env, top_k=9).top_k == 9


def test_secrets_never_appear_in_repr(tmp_path: Path) -> None:
    env = {"CITEBOT_CONFIG": str(tmp_path / "none.toml"), "TELEGRAM_BOT_TOKEN": "42:very-secret"}
    settings = Settings.from_env(env, webhook_secret="hook-secret")
    assert "very-secret" not in repr(settings) and "hook-secret" not in repr(settings)


def test_unknown_config_keys_are_refused_clearly(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text('telegram_tokn = "typo"\n')
    with pytest.raises(SystemExit, match=r"unknown settings .*telegram_tokn"):
        Settings.from_env({"CITEBOT_CONFIG": str(config)})
