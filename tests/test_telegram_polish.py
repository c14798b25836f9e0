"""What a Telegram user notices: reported speech marked once, /sources paged in one message,
the quoted words highlighted in their paragraph, inline queries, and the bot process itself
(an unreachable Bot API server, a clean stop on SIGINT/SIGTERM)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from html import escape
from pathlib import Path

import pytest
from telegram_fixtures import (
    TEST_TOKEN,
    fake_telegram,
    free_port,
    running_bot,
    shared_citebot,  # noqa: F401 (a fixture)
)

from tests.conftest import ROOT, SEED

USER = 2002


def ask(client, chat_id: int, text: str) -> dict:
    client.send_text(chat_id, text)
    [reply] = client.replies(chat_id)
    return reply


def buttons(message: dict) -> list[str]:
    rows = (message.get("reply_markup") or {}).get("inline_keyboard", [])
    return [b["text"] for row in rows for b in row]


def test_reported_speech_is_marked_once_not_per_quote(shared_citebot) -> None:  # noqa: F811
    with running_bot(shared_citebot) as bot:
        reply = ask(bot.client, USER, "What did Medvedev say?")
        assert reply["plain_text"].count("reported speech") == 1
        assert "(reported speech)" not in reply["plain_text"]
        assert "<blockquote><i>" in reply["text"]  # reported speech is set in italics


def test_sources_button_highlights_the_quoted_words_in_their_paragraph(shared_citebot) -> None:  # noqa: F811
    answer = shared_citebot.new_conversation().ask("What did Medvedev say?")
    with running_bot(shared_citebot) as bot:
        reply = ask(bot.client, USER, "What did Medvedev say?")
        bot.client.press(USER, reply["message_id"], "Sources")
        [sources] = bot.client.replies(USER)
    assert "quoted words in bold" in sources["plain_text"]
    for quote in answer.quotes:
        assert f"<b>{escape(quote.text)}</b>" in sources["text"]


def test_sources_command_pages_with_prev_and_next_in_one_message(make_bot, tmp_path: Path) -> None:
    citebot = make_bot(tmp_path / "many")
    folder = tmp_path / "notes"
    folder.mkdir()
    for i in range(20):
        (folder / f"note{i:02d}.txt").write_text(
            f"Harbour note number {i}\n\nTest Wire\n\n"
            f'"Ferry {i} leaves at dawn," Orla Pike said on Monday.\n'
        )
    assert len(citebot.ingest([folder]).added) == 20
    with running_bot(citebot) as bot:
        client = bot.client
        first = ask(client, USER, "/sources")
        assert "Indexed articles (20) — page 1 of 3" in first["plain_text"]
        assert buttons(first) == ["Next ›"]
        client.press(USER, first["message_id"], "Next ›")
        [turned] = client.events(USER, count=1)
        assert turned["kind"] == "edit" and turned["message_id"] == first["message_id"]
        assert "page 2 of 3" in turned["plain_text"] and buttons(turned) == ["‹ Prev", "Next ›"]
        client.press(USER, first["message_id"], "Next ›")
        [last] = client.events(USER, count=1)
        assert "page 3 of 3" in last["plain_text"] and buttons(last) == ["‹ Prev"]
        titles = {t for e in (first, turned, last) for t in e["plain_text"].split("\n")}
        assert sum("Harbour note number" in t for t in titles) == 20
        client.press(USER, first["message_id"], "‹ Prev")
        [back] = client.events(USER, count=1)
        assert "page 2 of 3" in back["plain_text"]
        assert client.quiet(USER, 0.5)  # no new messages: the one message was edited


def test_inline_query_answers_with_short_cited_quotes(shared_citebot) -> None:  # noqa: F811
    with running_bot(shared_citebot) as bot:
        query = bot.client.inline_query(USER, "what did Medvedev say")
        answer = bot.client.inline_answer(query)
        assert answer is not None and 1 <= len(answer["results"]) <= 5
        first = answer["results"][0]
        assert first["title"].startswith("Dmitry Medvedev")
        assert "Anadolu Agency" in first["plain_text"] and "2024-05-28" in first["plain_text"]
        seed = SEED.read_text(encoding="utf-8")
        quoted = first["plain_text"].split("\n")[1].strip("“”")
        assert quoted in seed
        empty = bot.client.inline_answer(bot.client.inline_query(USER, "   "))
        assert empty is not None and empty["results"] == []
        nothing = bot.client.inline_answer(bot.client.inline_query(USER, "who is Zorblat Quux?"))
        assert [r["title"] for r in nothing["results"]] == ["Nothing found"]


# -- the bot process ---------------------------------------------------------------------------


def _bot_process(data_dir: Path, base_url: str) -> subprocess.Popen[str]:
    env = {
        **os.environ,
        "HF_HUB_OFFLINE": "1",
        "CITEBOT_DATA_DIR": str(data_dir),
        "TELEGRAM_BOT_TOKEN": TEST_TOKEN,
        "TELEGRAM_API_BASE_URL": base_url,
    }
    return subprocess.Popen(
        [sys.executable, "-m", "citebot.bot", "telegram"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        cwd=ROOT,
    )


def _read_until(process: subprocess.Popen[str], needle: str, count: int = 1) -> list[str]:
    lines: list[str] = []
    assert process.stderr is not None
    while sum(needle in line for line in lines) < count:
        line = process.stderr.readline()
        assert line, f"the bot exited without logging {needle!r}: {lines}"
        lines.append(line)
    return lines


@pytest.fixture(scope="module")
def seeded_dir(tmp_path_factory: pytest.TempPathFactory, encoder) -> Path:
    from citebot.bot.answering.service import Citebot
    from citebot.bot.settings import Settings

    data = tmp_path_factory.mktemp("telegram-process")
    bot = Citebot.open(Settings(data_dir=data), encoder)
    bot.ingest([SEED])
    bot.close()
    return data


def test_an_unreachable_server_is_one_line_per_attempt_and_sigterm_stops(seeded_dir) -> None:
    url = f"http://127.0.0.1:{free_port()}"
    process = _bot_process(seeded_dir, url)
    try:
        lines = _read_until(process, f"cannot reach Telegram at {url}", count=2)
        process.send_signal(signal.SIGTERM)
        _, rest = process.communicate(timeout=60)
    finally:
        process.kill()
    log = "".join(lines) + rest
    assert process.returncode == 0, log
    assert "Traceback" not in log and TEST_TOKEN.split(":")[1] not in log
    failures = [line for line in log.splitlines() if "cannot reach Telegram" in line]
    assert "retrying in 1 s" in failures[0] and "retrying in 2 s" in failures[1]


def test_sigint_stops_a_running_bot_cleanly(seeded_dir) -> None:
    with fake_telegram() as (_, server, client):
        process = _bot_process(seeded_dir, server.base_url)
        try:
            _read_until(process, "is ready")
            client.send_text(USER, "What did Lavrov say?")
            [reply] = client.replies(USER, timeout=120)
            assert "Sergey Lavrov" in reply["plain_text"]
            started = time.monotonic()
            process.send_signal(signal.SIGINT)
            _, rest = process.communicate(timeout=60)
            print(f"SIGINT to exit: {time.monotonic() - started:.2f} s")  # a figure, not a test
        finally:
            process.kill()
    assert process.returncode == 0, rest
    assert "Traceback" not in rest and "stopped" in rest


BROWNS = {
    "budget.txt": "Treasury sets out plans\n\nChancellor Gordon Brown said on Tuesday that the "
    'budget would protect schools.\n\n"We will not gamble with the recovery," Brown told '
    "reporters in Leeds.\n",
    "novel.txt": "Novelist begins a tour\n\nThe novelist Dan Brown said his new thriller was "
    'written in eleven months.\n\n"I wrote most of it before sunrise," Brown said in Exeter.\n',
}


def test_an_ask_back_offers_one_button_per_person(make_bot, tmp_path: Path) -> None:
    citebot = make_bot(tmp_path / "browns")
    folder = tmp_path / "articles"
    folder.mkdir()
    for name, text in BROWNS.items():
        (folder / name).write_text(text, encoding="utf-8")
    assert len(citebot.ingest([folder]).added) == 2
    with running_bot(citebot) as bot:
        asked = ask(bot.client, USER, "What did Brown say?")
        labels = buttons(asked)
        assert any(label.startswith("Gordon Brown") for label in labels)
        assert any(label.startswith("Dan Brown") for label in labels)
        assert "1. What did" in asked["plain_text"]
        gordon = next(label for label in labels if label.startswith("Gordon Brown"))
        bot.client.press(USER, asked["message_id"], gordon)
        [picked] = bot.client.replies(USER)
    assert "We will not gamble with the recovery" in picked["plain_text"]
    assert "Dan Brown" not in picked["plain_text"] and "sunrise" not in picked["plain_text"]
