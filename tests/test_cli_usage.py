"""The command line as a new user meets it: options in either position, unquoted questions,
paging, exit codes, Ctrl-C during ingest (a real SIGINT to a real process), URL and feed
ingest against a local web server, and ``watch``."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from web_server import Site, local_site

from tests.conftest import ROOT, SEED

ENV = {**os.environ, "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1"}
ENV.pop("CITEBOT_DATA_DIR", None)


def run(*args: str, env: dict | None = None, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "citebot.bot", *args],
        input=stdin,
        capture_output=True,
        text=True,
        env={**ENV, **(env or {})},
        cwd=ROOT,
        timeout=300,
    )


def start(*args: str, env: dict | None = None) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "citebot.bot", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**ENV, **(env or {})},
        cwd=ROOT,
    )


def wait_for_line(stream, predicate, timeout: float = 240) -> str:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    seen = []
    while time.monotonic() < deadline:
        line = stream.readline()
        if not line:
            break
        seen.append(line)
        if predicate(line):
            return line
    raise AssertionError(f"no such line; got {seen!r}")


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seed indexed with `--data-dir` given after the command name."""
    data = tmp_path_factory.mktemp("cli-usage")
    done = run("ingest", "--data-dir", str(data), str(SEED))
    assert done.returncode == 0, done.stderr
    assert "1 added" in done.stdout
    return data


def test_global_options_work_before_and_after_the_command(seeded: Path) -> None:
    before = run("--data-dir", str(seeded), "list")
    after = run("list", "--data-dir", str(seeded))
    assert before.returncode == after.returncode == 0
    assert "000_78a6bd40efd81f0e" in before.stdout and before.stdout == after.stdout


def test_unquoted_question_words_are_one_question(seeded: Path) -> None:
    done = run("ask", "what", "did", "Putin", "say?", "--json", "--data-dir", str(seeded))
    assert done.returncode == 0, done.stderr
    answer = json.loads(done.stdout)
    assert answer["question"] == "what did Putin say?"
    assert answer["quotes"][0]["speaker"] == "Vladimir Putin"


def test_an_empty_question_is_explained(seeded: Path) -> None:
    done = run("ask", "", "--data-dir", str(seeded))
    assert done.returncode == 2
    assert "the question is empty" in done.stderr


def test_version_and_help_with_examples_and_whole_descriptions() -> None:
    version = run("--version")
    assert version.returncode == 0 and version.stdout.startswith("citebot, version ")
    helped = run("--help")
    assert "Examples:" in helped.stdout and "citebot ask what did Lavrov say" in helped.stdout
    commands = helped.stdout.split("Commands:")[1].split("Examples:")[0]
    assert "..." not in commands and "issue 5" not in commands
    assert "RSS/Atom feeds." in commands and "watch" in commands


def test_ask_pages_and_all(seeded: Path) -> None:
    env = {"CITEBOT_TOP_K": "2"}
    args = ("ask", "--json", "what did Medvedev say?", "--data-dir", str(seeded))
    first = json.loads(run(*args, env=env).stdout)
    second = json.loads(run(*args, "--page", "2", env=env).stdout)
    shown = [q["text"] for q in first["quotes"]]
    assert second["quotes"] and not {q["text"] for q in second["quotes"]} & set(shown)
    every = [json.loads(line) for line in run(*args, "--all", env=env).stdout.splitlines()]
    assert len(every) >= 2 and every[0]["quotes"] == first["quotes"]
    text = run(*args[:1], *args[2:], env=env).stdout  # without --json: the hint for page 2
    assert "citebot ask --page 2 'what did Medvedev say?'" in text
    missing = run(*args, "--page", "99", env=env)
    assert missing.returncode == 1 and "there is no page 99" in missing.stderr


def test_ingest_exit_status_says_whether_every_file_made_it(seeded: Path, tmp_path: Path) -> None:
    unchanged = run("ingest", str(SEED), "--data-dir", str(seeded))
    assert unchanged.returncode == 0 and "1 unchanged" in unchanged.stdout
    (tmp_path / "broken.txt").write_bytes(
        b"Headline\n\nnot UTF-8 \xc3\x28 at all, says nobody in particular"
    )
    mixed = run("ingest", str(SEED), str(tmp_path / "broken.txt"), "--data-dir", str(seeded))
    assert mixed.returncode == 1
    assert "1 unchanged, 1 failed" in mixed.stdout and "broken.txt" in mixed.stderr


def _articles(folder: Path, n: int) -> None:
    folder.mkdir()
    for i in range(n):
        (folder / f"note{i:03d}.txt").write_text(
            f"Harbour note {i}\n\nTest Wire\n\n"
            f'"The ferry number {i} leaves at dawn," Orla Pike said on Monday.\n',
            encoding="utf-8",
        )


def test_ctrl_c_during_ingest_keeps_finished_articles(tmp_path: Path) -> None:
    _articles(tmp_path / "notes", 150)
    data = str(tmp_path / "data")
    ingest = start("ingest", str(tmp_path / "notes"), "--data-dir", data)
    wait_for_line(ingest.stderr, lambda line: line.startswith("ingest: ") and " 0/" not in line)
    ingest.send_signal(signal.SIGINT)
    out, err = ingest.communicate(timeout=240)
    assert ingest.returncode == 130, err
    assert "Traceback" not in err
    stopped = next(line for line in out.splitlines() if line.startswith("Stopped: kept "))
    kept = int(stopped.split()[2])
    assert 1 <= kept < 150 and f"{150 - kept} not ingested" in stopped
    listed = run("list", "--data-dir", data)
    assert len(listed.stdout.splitlines()) == kept
    assert run("check", "--data-dir", data).returncode == 0


ARTICLE_HTML = """<html><head><title>{title}</title></head><body><article>
<h1>{title}</h1>
<p>The town council of Wexbury met on Tuesday to discuss {topic} for the coming year.</p>
<p>"We have waited long enough for {topic}, and this year it will happen," {speaker}, the
council's chair, told reporters after the meeting ended late in the evening.</p>
<p>{speaker} added that the plan would be published before the end of the month.</p>
</article></body></html>"""


def _page(title: str, topic: str, speaker: str) -> str:
    return ARTICLE_HTML.format(title=title, topic=topic, speaker=speaker)


def _feed(site: Site, items: list[tuple[str, str]]) -> str:
    entries = "".join(
        f"<item><title>{t}</title><link>{site.base_url}{path}</link>"
        f"<pubDate>Tue, 04 Mar 2025 10:00:00 GMT</pubDate></item>"
        for path, t in items
    )
    return (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Wexbury Gazette</title>'
        f"<link>{site.base_url}/</link><description>local news</description>{entries}"
        "</channel></rss>"
    )


def test_urls_and_feeds_are_fetched_from_the_web(tmp_path: Path) -> None:
    data = str(tmp_path / "data")
    with local_site() as site:
        page = site.add("/page.html", "text/html; charset=utf-8", _page("Bins", "bins", "Tam Roe"))
        site.add("/e1.html", "text/html", _page("Roads", "new roads", "Ines Halloran"))
        site.add("/e2.html", "text/html", _page("Parks", "two parks", "Ines Halloran"))
        items = [("/e1.html", "Roads"), ("/e2.html", "Parks"), ("/e1.html", "Roads again")]
        feed = site.add("/feed.xml", "application/rss+xml", _feed(site, items))
        image = site.add("/logo.png", "image/png", b"\x89PNG not an article")
        missing = site.base_url + "/gone.html"
        done = run("ingest", page, feed, image, missing, "--data-dir", data)
        assert done.returncode == 1, done.stderr
        assert "3 added, 0 replaced, 0 unchanged, 2 failed" in done.stdout
        assert "logo.png: not an article or a feed (content type image/png)" in done.stderr
        assert "gone.html: HTTP 404" in done.stderr
        assert site.fetched("/e1.html") == site.fetched("/e2.html") == 1
        listed = run("list", "--data-dir", data).stdout
        assert listed.count("Wexbury Gazette, 2025-03-04") == 2
        answer = json.loads(
            run("ask", "--json", "what did Ines Halloran say", "--data-dir", data).stdout
        )
        assert answer["found"] and answer["quotes"][0]["speaker"] == "Ines Halloran"
        assert any(s["url"] == f"{site.base_url}/e1.html" for s in answer["sources"])
        again = run("ingest", feed, "--data-dir", data)  # entries already indexed: not fetched
        assert again.returncode == 0 and site.fetched("/e1.html") == 1


def test_watch_picks_up_new_feed_entries_and_stops_on_ctrl_c(tmp_path: Path) -> None:
    data = str(tmp_path / "data")
    with local_site() as site:
        site.add("/e1.html", "text/html", _page("Roads", "new roads", "Ines Halloran"))
        feed = site.add("/feed.xml", "application/rss+xml", _feed(site, [("/e1.html", "Roads")]))
        watch = start("watch", feed, "--every", "1s", "--data-dir", data)
        wait_for_line(watch.stdout, lambda line: "1 added" in line)
        site.add("/e2.html", "text/html", _page("Parks", "two parks", "Tam Roe"))
        site.add(
            "/feed.xml", "application/rss+xml", _feed(site, [("/e2.html", "P"), ("/e1.html", "R")])
        )
        wait_for_line(watch.stdout, lambda line: "1 added" in line)
        watch.send_signal(signal.SIGINT)
        out, err = watch.communicate(timeout=120)
        assert watch.returncode == 0 and "Watch stopped." in out, err
        assert "Traceback" not in err
        assert site.fetched("/e1.html") == 1
