"""Two processes on one data directory: the bot serving while ``citebot ingest`` adds articles."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from citebot.retrieval.consistency import check
from citebot.retrieval.storage.lock import WriteLock
from tests.conftest import DATA, ROOT, SEED
from tests.crash_trials import short_records
from tests.test_cli import citebot


def _start_ingest(data: Path, *paths: Path) -> subprocess.Popen[str]:
    env = {**os.environ, "CITEBOT_DATA_DIR": str(data), "HF_HUB_OFFLINE": "1"}
    return subprocess.Popen(
        [sys.executable, "-m", "citebot.bot", "ingest", *map(str, paths)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_a_serving_bot_sees_articles_another_process_ingests(make_bot, tmp_path: Path) -> None:
    data = tmp_path / "data"
    serving = make_bot(data)
    serving.ingest([SEED])
    question = "What did Nick Bos say?"
    assert not serving.ask(question).found
    feed = tmp_path / "feed.jsonl"
    feed.write_text("".join(json.dumps(r) + "\n" for r in short_records()[:4]))
    ingest = _start_ingest(data, feed)
    while ingest.poll() is None:  # keep answering while the other process writes
        answer = serving.ask("What did Putin say?")
        assert answer.found
        for q in answer.quotes:
            text = serving.library.article(q.citation.article_id).text
            assert text[q.citation.start : q.citation.end] == q.text
    assert ingest.returncode == 0, ingest.stderr.read()
    answer = serving.ask(question)  # no restart
    assert answer.found and "Bos" in answer.answer
    assert len(serving.list_articles()) == 5
    assert check(serving.library).ok


def test_a_replaced_article_is_not_served_from_a_stale_cache(make_bot, tmp_path: Path) -> None:
    data = tmp_path / "data"
    story = tmp_path / "story.txt"
    story.write_text("Bridge closed\n\nThe bridge will stay closed until May, the mayor said.\n")
    serving = make_bot(data)
    serving.ingest([story])
    assert "until May" in serving.ask("What did the mayor say?").answer
    story.write_text(
        "Bridge reopens\n\nAfter long repairs the bridge reopened on Monday, the mayor said.\n"
    )
    done = citebot(data, "ingest", str(story))
    assert "1 replaced" in done.stdout, done.stderr
    answer = serving.ask("What did the mayor say?")
    assert "reopened on Monday" in answer.answer and "until May" not in answer.answer
    for q in answer.quotes:
        text = serving.library.article(q.citation.article_id).text
        assert text[q.citation.start : q.citation.end] == q.text


def test_a_second_writer_is_told_who_holds_the_lock(make_bot, tmp_path: Path) -> None:
    data = tmp_path / "data"
    make_bot(data).ingest([SEED])
    lock = WriteLock(data)
    lock.acquire()  # this process is "the ingest already running"
    try:
        done = citebot(data, "ingest", str(DATA / "wikinews" / "articles.jsonl"))
    finally:
        lock.release()
    assert done.returncode == 1
    assert f"index is locked by PID {os.getpid()}" in done.stderr
    listed = citebot(data, "list")
    assert len(listed.stdout.splitlines()) == 1  # nothing half-added
    assert json.loads(citebot(data, "ask", "--json", "What did Putin say?").stdout)["found"]
