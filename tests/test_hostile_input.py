"""Hostile and broken input: each file gets a sane result or a one-line error naming it, the run
goes on; odd questions get answers that echo nothing unescaped."""

from __future__ import annotations

import json
import re
import time
from pathlib import Path

import pytest
from fake_bot_api import parse_telegram_html, visible_text

from citebot.bot.telegram.render import render_answer
from citebot.retrieval.articles.loading import articles_from_bytes
from citebot.retrieval.articles.passages import MAX_CHARS, MAX_WORDS, passages_of
from citebot.retrieval.models import Article
from tests.conftest import SEED

NEWS = "The mayor said the bridge would reopen on Monday after two years of repairs."
BAD = {  # name -> (bytes, what the one-line error says)
    "binary.txt": (bytes(range(256)) * 40, "binary file"),
    "empty.txt": (b"", "empty file"),
    "nul.txt": (f"Bridge\n\n{NEWS}\x00 more".encode(), "binary file"),
    "latin1.txt": (f"Le maire a déclaré: {NEWS}".encode("latin-1"), "not valid UTF-8"),
    "types.json": (json.dumps({"text": 5, "title": ["x"]}).encode(), "no 'text' string"),
    "title.jsonl": (json.dumps({"text": NEWS, "title": {"a": 1}}).encode(), "must be a string"),
    "nested.html": (b"<div>" * 100_000 + NEWS.encode() + b"</div>" * 100_000, "no article text"),
}
GOOD = {  # name -> bytes that must become one article
    "utf16.txt": f"Bridge news\n\n{NEWS}".encode("utf-16"),
    "rtl.txt": f'أخبار الجسر\n\nقال رئيس البلدية "سنفتح الجسر" يوم الاثنين. {NEWS} שלום'.encode(),
    "unbalanced.txt": f'Bridge\n\n"{NEWS} “It is safe, he said.\n\n{NEWS}»'.encode(),
    "mixed.jsonl": (json.dumps({"text": NEWS, "date": 2024}) + "\n[1, 2]\n").encode(),
}


def test_each_bad_file_gets_one_line_naming_it_and_the_rest_is_ingested(
    make_bot, tmp_path: Path
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for name, data in {**{n: d for n, (d, _) in BAD.items()}, **GOOD}.items():
        (folder / name).write_bytes(data)
    (folder / "seed.txt").write_bytes(SEED.read_bytes())
    bot = make_bot()
    report = bot.ingest([folder])
    assert len(report.added) == len(GOOD) + 1
    errors = {Path(re.split(r"[:#]", e, maxsplit=1)[0]).name: e for e in report.errors}
    assert errors.keys() == {*BAD, "mixed.jsonl"}  # the array line of mixed.jsonl, by line
    for name, (_, reason) in BAD.items():
        assert reason in errors[name] and "\n" not in errors[name]
    for info in report.added:
        article = bot.library.article(info.id)
        for q in bot.library.store.quotes_of_article(info.id):
            assert 0 <= q.quote.start < q.quote.end <= len(article.text)


def test_a_one_megabyte_paragraph_gives_bounded_passages() -> None:
    for paragraph in ("word " * 200_000, "The mayor said that " + "and so on, " * 90_000 + "end."):
        article = next(articles_from_bytes(f"Headline\n\n{paragraph}".encode(), "big.txt"))
        assert isinstance(article, Article)
        passages = passages_of(article)
        assert len(passages) > 100
        for p in passages:
            piece = article.text[p.start : p.end]
            assert len(piece) <= MAX_CHARS and len(piece.split()) <= MAX_WORDS
            assert piece == piece.strip() and piece


def test_a_hundred_megabyte_file_is_refused_quickly(make_bot, tmp_path: Path) -> None:
    huge = tmp_path / "huge.txt"
    with huge.open("wb") as f:
        for _ in range(100):
            f.write((NEWS + "\n").encode() * 13_000)
    bot = make_bot()
    report = bot.ingest([huge, SEED])
    assert [e.split(":")[0] for e in report.errors] == [str(huge)]
    assert "too long for one article" in report.errors[0]
    assert len(report.added) == 1


@pytest.mark.slow
def test_ten_thousand_tiny_articles_are_ingested_in_batches(make_bot, tmp_path: Path) -> None:
    feed = tmp_path / "tiny.jsonl"
    feed.write_text(
        "".join(
            json.dumps({"id": f"t{i}", "text": f"Item {i}: the council said road {i} is open."})
            + "\n"
            for i in range(10_000)
        )
    )
    bot = make_bot()
    started = time.monotonic()
    report = bot.ingest([feed])
    print(f"10,000 tiny articles ingested in {time.monotonic() - started:.0f} s")
    assert len(report.added) == 10_000 and not report.errors
    assert bot.ask("Is road 7123 open?").found


QUESTIONS = [
    "",
    "?!?!...,,;;",
    "🙂🔥 what did 🇺🇦 say? 👍🏽",
    "What did <b>Medvedev</b> say?</a><script>alert(1)</script>",
    "What did [Putin](http://evil.example) say? **bold** `code` _x_",
    "What did Medvedev say?\u202e\u200b <tg-spoiler>x</tg-spoiler> &amp; &lt;",
    "Who said " + "a " * 50_000,
]


@pytest.mark.parametrize("question", QUESTIONS, ids=range(len(QUESTIONS)))
def test_odd_questions_get_escaped_answers(seed_bot, question: str) -> None:
    conversation = seed_bot.new_conversation()
    answer = conversation.ask(question)
    assert answer.answer  # always says something
    for q in answer.quotes:
        text = seed_bot.library.article(q.citation.article_id).text
        assert text[q.citation.start : q.citation.end] == q.text
    shown = ""
    for chunk in render_answer(answer):
        visible_text(chunk, "HTML")  # Telegram would accept it
        shown += parse_telegram_html(chunk)
    assert " ".join(answer.headline.split()) in " ".join(shown.split())  # shown as written
