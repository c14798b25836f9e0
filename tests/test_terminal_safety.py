"""What reaches a terminal: escape sequences in articles and questions are shown, never obeyed,
and bytes that are not UTF-8 in a question neither crash ``ask`` nor end the REPL."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from citebot.bot.terminal.sanitize import clean
from tests.conftest import ROOT, SEED
from tests.test_cli import citebot

# Window title, clipboard write (OSC 52), clear screen, hidden text, a C1 CSI, a lone CR.
EVIL = {
    "id": "evil",
    "title": "Bridge \x1b]0;pwned\x07 news",
    "text": 'The mayor said "\x1b]52;c;aGVsbG8=\x07we will \x1b[2Jreopen the bridge '
    '\x1b[8mhidden\x1b[0m on Monday", officials said.\x9b31m Then\rover.',
}
RAW = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")  # what a terminal would act on


@pytest.fixture(scope="module")
def evil_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    data = tmp_path_factory.mktemp("evil")
    (data / "evil.jsonl").write_text(json.dumps(EVIL) + "\n")
    done = citebot(data / "index", "ingest", str(SEED), str(data / "evil.jsonl"))
    assert not RAW.search(done.stdout + done.stderr.replace("\n", "")), done.stdout
    return data


def test_list_ask_repl_and_quotes_show_escapes_visibly(evil_dir: Path) -> None:
    index = evil_dir / "index"
    outputs = {
        "list": citebot(index, "list").stdout,
        "ask": citebot(index, "ask", "What did the mayor say?").stdout,
        "json": citebot(index, "ask", "--json", "What did the mayor say?").stdout,
        "repl": citebot(
            index, "repl", stdin="What did the mayor say?\n:sources\n:cited\n:x\x1b[2J\n"
        ).stdout,
        "quotes": citebot(index, "quotes", str(evil_dir / "evil.jsonl")).stdout,
    }
    for name, out in outputs.items():
        assert not RAW.search(out.replace("\n", "").replace("\t", "")), (name, out)
    assert "^[]0;pwned^G" in outputs["list"]
    assert "^[]52;c;aGVsbG8=^G" in outputs["ask"] and "\\x9b31m" in outputs["ask"]
    assert "^[[2J" in outputs["repl"]  # the typed escape is echoed harmlessly too
    answer = json.loads(outputs["json"])  # JSON still carries the exact stored text
    item = (answer["quotes"] + answer["evidence"])[0]
    assert "\x1b]52;c;" in item["text"] and item["text"] in EVIL["text"]
    assert EVIL["text"].index(item["text"]) == item["citation"]["start"]


def test_clean_keeps_text_and_layout() -> None:
    assert clean("Zürich —\tok\nnext\r\n") == "Zürich —\tok\nnext\r\n"
    assert clean("a\x1b[2Jb\x07\x7f\x9b\rc") == "a^[[2Jb^G^?\\x9b^Mc"


def test_bytes_that_are_not_utf8_in_questions_are_answered_not_fatal(evil_dir: Path) -> None:
    index = evil_dir / "index"
    stdin = b"What did Medvedev say?\nWhat did \xff Zed say?\nWhat did Lavrov say?\n"
    done = subprocess.run(
        [sys.executable, "-m", "citebot.bot", "--data-dir", str(index), "repl"],
        input=stdin,
        capture_output=True,
        cwd=ROOT,
        timeout=300,
    )
    out = done.stdout.decode()
    assert done.returncode == 0, done.stderr.decode()
    assert "Dmitry Medvedev" in out and "\ufffd Zed" in out and "Sergey Lavrov" in out
    one = subprocess.run(
        [
            sys.executable,
            "-m",
            "citebot.bot",
            "--data-dir",
            str(index),
            "ask",
            b"What did \xff say?",
        ],
        capture_output=True,
        cwd=ROOT,
        timeout=300,
    )
    assert one.returncode == 0 and b"Traceback" not in one.stderr, one.stderr
