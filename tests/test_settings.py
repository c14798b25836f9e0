"""Configuration: one object from a config file, the environment and CLI flags, in that order."""

from __future__ import annotations

from pathlib import Path

import pytest

from citebot.bot.settings import Secret, Settings, SettingsError


def test_environment_overrides_config_file_and_flags_override_both(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text('telegram_token = "42:from-file"\ntop_k = 3\nadmin_ids = [7, 8]\n')
    env = {"CITEBOT_CONFIG": str(config), "CITEBOT_TOP_K": "4", "CITEBOT_DATA_DIR": str(tmp_path)}
    settings = Settings.from_env(env)
    assert settings.telegram_token.reveal() == "42:from-file"
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
    with pytest.raises(SettingsError, match=r"unknown settings .*telegram_tokn"):
        Settings.from_env({"CITEBOT_CONFIG": str(config)})


@pytest.mark.parametrize(
    ("variable", "value", "wanted"),
    [
        ("CITEBOT_TOP_K", "abc", "whole number"),
        ("CITEBOT_TOP_K", "0", "at least 1"),
        ("CITEBOT_ADMIN_IDS", "alice", "not a numeric Telegram id"),
        ("CITEBOT_WEBHOOK_PORT", "70000", "port number"),
        ("CITEBOT_ANSWER_TIMEOUT", "soon", "number of seconds"),
        ("TELEGRAM_API_BASE_URL", "127.0.0.1:8081", "http:// or https:// URL"),
    ],
)
def test_a_bad_value_is_refused_naming_the_variable_and_value(
    tmp_path: Path, variable: str, value: str, wanted: str
) -> None:
    env = {"CITEBOT_CONFIG": str(tmp_path / "none.toml"), variable: value}
    with pytest.raises(SettingsError) as refused:
        Settings.from_env(env)
    assert f"{variable}={value!r}" in str(refused.value) and wanted in str(refused.value)


def test_a_bad_value_in_the_config_file_names_the_file_and_key(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text('admin_ids = ["bob"]\n')
    with pytest.raises(SettingsError, match=r"config.toml: admin_ids='bob'.*numeric"):
        Settings.from_env({"CITEBOT_CONFIG": str(config)})


def test_the_command_line_reports_a_bad_variable_in_one_line(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from citebot.bot.terminal.cli import cli

    env = {"CITEBOT_CONFIG": str(tmp_path / "none.toml"), "CITEBOT_TOP_K": "abc"}
    done = CliRunner().invoke(cli, ["--data-dir", str(tmp_path), "list"], env=env)
    assert done.exit_code == 1 and "Traceback" not in done.output
    assert done.output.strip() == "Error: CITEBOT_TOP_K='abc': expected a whole number"


def test_tokens_are_secrets_even_when_given_as_plain_strings(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path, telegram_token="42:plain")
    assert isinstance(settings.telegram_token, Secret)
    assert settings.telegram_token.reveal() == "42:plain" and "plain" not in str(settings)
