"""What the terminal shows: styled and wrapped on a terminal (a real pty), plain when piped,
colourless with NO_COLOR; Tab completion of commands and speakers."""

from __future__ import annotations

import os
import pty
import re
import subprocess
import sys

from citebot.bot.terminal.repl import completions
from tests.conftest import ROOT

COLOUR = re.compile(r"\x1b\[[0-9;]*3[0-9]m")  # a foreground colour


def on_a_terminal(data_dir: str, *args: str, env: dict | None = None) -> str:
    """Run citebot with a pty as its stdout (60 columns) and return what it wrote."""
    controller, terminal = pty.openpty()
    environment = {
        **os.environ,
        "HF_HUB_OFFLINE": "1",
        "CITEBOT_DATA_DIR": data_dir,
        "COLUMNS": "60",
        "LINES": "200",
        "TERM": "xterm-256color",
        "PAGER": "cat",
        **(env or {}),
    }
    if "NO_COLOR" not in (env or {}):
        environment.pop("NO_COLOR", None)
    process = subprocess.Popen(
        [sys.executable, "-m", "citebot.bot", *args],
        stdout=terminal,
        stderr=subprocess.PIPE,
        env=environment,
        cwd=ROOT,
    )
    os.close(terminal)
    chunks = []
    while True:
        try:
            data = os.read(controller, 65536)
        except OSError:  # the child closed the pty
            break
        if not data:
            break
        chunks.append(data)
    process.wait(timeout=300)
    os.close(controller)
    assert process.returncode == 0, process.stderr.read() if process.stderr else ""
    return b"".join(chunks).decode("utf-8")


def test_answers_are_styled_and_wrapped_on_a_terminal(seed_bot) -> None:
    data_dir = str(seed_bot.data_dir)
    shown = on_a_terminal(data_dir, "ask", "what did Medvedev say?")
    assert COLOUR.search(shown)  # the speaker is coloured
    lines = [re.sub(r"\x1b\[[0-9;]*m", "", line) for line in shown.splitlines()]
    assert max(len(line) for line in lines) <= 60
    assert any(line.startswith("  ") for line in lines)  # wrapped under the text, not the bullet
    plain = on_a_terminal(data_dir, "ask", "what did Medvedev say?", env={"NO_COLOR": "1"})
    assert not COLOUR.search(plain) and "Dmitry Medvedev" in plain


def test_piped_answers_are_plain_one_line_per_item(seed_bot) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "citebot.bot", "ask", "what did Medvedev say?"],
        capture_output=True,
        text=True,
        env={**os.environ, "HF_HUB_OFFLINE": "1", "CITEBOT_DATA_DIR": str(seed_bot.data_dir)},
        cwd=ROOT,
        timeout=300,
    )
    assert "\x1b" not in done.stdout
    bullets = [line for line in done.stdout.splitlines() if line.startswith("• ")]
    assert any(len(line) > 120 for line in bullets)  # not wrapped at 80 columns


def test_tab_completes_commands_and_speakers() -> None:
    speakers = ["Dmitry Medvedev", "Sergey Lavrov", "Vladimir Putin"]
    assert completions(":so", speakers) == [(":sources", 3)]
    assert completions("what did med", speakers) == [("Dmitry Medvedev", 3)]
    assert completions("what did Dmitry Med", speakers) == [("Dmitry Medvedev", 10)]
    assert completions("what did dmitry", speakers) == [("Dmitry Medvedev", 6)]
    assert completions("what did ", speakers) == []
    assert completions("and x", speakers) == []
