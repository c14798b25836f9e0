"""Server mode behind one bot: a chat's memory and buttons live in the database, so the replica
that takes a chat's next update continues where another left off."""

from __future__ import annotations

from telegram_fixtures import SEED, TEST_TOKEN, fake_telegram

from citebot.bot.answering.service import Citebot
from citebot.bot.settings import Settings
from citebot.bot.telegram import app as telegram_app

USER = 1001


def _replica(database_url: str, tmp_path, encoder, base_url: str):
    settings = Settings(
        data_dir=tmp_path,
        database_url=database_url,
        top_k=2,
        telegram_token=TEST_TOKEN,
        telegram_api_base_url=base_url,
    )
    citebot = Citebot.open(settings, encoder)
    return citebot, telegram_app.build_application(settings, citebot)


def test_another_replica_continues_the_chat(database_url, tmp_path, encoder) -> None:
    with fake_telegram() as (loop, server, client):
        first, first_app = _replica(database_url, tmp_path / "a", encoder, server.base_url)
        first.ingest_upload(SEED.name, SEED.read_bytes())
        loop.run(telegram_app.start(first_app, poll_timeout=1))
        client.send_text(USER, "What did Medvedev say?")
        [answer] = client.replies(USER)
        assert "Medvedev" in answer["plain_text"]
        loop.run(telegram_app.stop(first_app))  # this replica is gone; another takes over
        first.close()

        second, second_app = _replica(database_url, tmp_path / "b", encoder, server.base_url)
        loop.run(telegram_app.start(second_app, poll_timeout=1))
        try:
            client.press(USER, answer["message_id"], "More")  # a button the first one sent
            page = next(e for e in client.events(USER, count=2) if e["kind"] == "send")
            assert page["reply_to_message_id"] == answer["message_id"]
            assert "Medvedev" in page["plain_text"] and page["plain_text"] != answer["plain_text"]
            client.send_text(USER, "What else did he say?")  # "he": the first replica's subject
            [more] = client.replies(USER)
            assert "Medvedev" in more["plain_text"] or "all my sources" in more["plain_text"]
            client.send_text(USER, "/reset")
            client.replies(USER)
            query = client.press(USER, answer["message_id"], "Sources")
            assert "no longer current" in client.callback_answer(query)["text"]
        finally:
            loop.run(telegram_app.stop(second_app))
            second.close()
