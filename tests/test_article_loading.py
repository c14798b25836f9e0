"""Reading article files: header recognition, offsets, and clear errors for bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from citebot.retrieval.articles.loading import ArticleError, articles_from_bytes, find_files
from tests.conftest import SEED


def _one(data: bytes, name: str):
    items = list(articles_from_bytes(data, name))
    assert len(items) == 1
    return items[0]


def test_seed_header_lines_are_recognised_and_not_content() -> None:
    article = _one(SEED.read_bytes(), str(SEED))
    assert article.id == "000_78a6bd40efd81f0e"
    assert (
        article.title == "Russia 'close' to restoring full-fledged relations with Taliban: Moscow"
    )
    assert article.source == "Anadolu Agency"
    assert article.published == "2024-05-28"
    paragraphs = [article.text[p.start : p.end] for p in article.paragraphs]
    assert paragraphs[0].startswith("Russia is close to restoring full-fledged relations")
    assert paragraphs[-1].startswith('"Now, we are passing through a new era')
    assert len(paragraphs) == 13
    for boilerplate in (
        "Contact Us",
        "(AA File Photo)",
        "Published May 28,2024",
        "Anadolu Agency WORLD",
    ):
        assert not any(boilerplate in p for p in paragraphs)


def test_text_is_kept_exactly_and_offsets_round_trip() -> None:
    raw = SEED.read_text(encoding="utf-8")
    article = _one(SEED.read_bytes(), str(SEED))
    assert article.text == raw
    assert article.title_span is not None
    assert raw[article.title_span.start : article.title_span.end] == article.title
    for p in article.paragraphs:
        assert raw[p.start : p.end].strip() == raw[p.start : p.end] != ""


def test_jsonl_records_carry_their_metadata() -> None:
    record = {
        "id": "w1",
        "title": "Flag vote",
        "date": "2015-05-05",
        "url": "https://example.org/a",
        "source": "Wikinews",
        "text": "Tuesday, May 5, 2015\n\nNew Zealand will vote on its flag, the prime minister said on Tuesday.",
    }
    article = _one(json.dumps(record).encode(), "batch.jsonl")
    assert (article.id, article.title, article.published, article.url, article.source) == (
        "w1",
        "Flag vote",
        "2015-05-05",
        "https://example.org/a",
        "Wikinews",
    )
    # the dateline is not content
    assert [article.text[p.start : p.end] for p in article.paragraphs] == [
        "New Zealand will vote on its flag, the prime minister said on Tuesday."
    ]


def test_html_main_text_is_extracted() -> None:
    html = """<html><head><title>Minister speaks</title></head><body>
    <nav><a href="/">Home</a> <a href="/contact">Contact Us</a></nav>
    <article><h1>Minister speaks on budget</h1>
    <p>The finance minister, Jane Doe, said on Monday that the budget would be balanced by next year.</p>
    <p>"We have made hard choices and they are paying off," Doe told reporters in the capital city.</p>
    </article><footer>Copyright 2024 Example News</footer></body></html>"""
    article = _one(html.encode(), "news.html")
    assert "the budget would be balanced" in article.text
    assert "Copyright" not in article.text
    body = [article.text[p.start : p.end] for p in article.paragraphs]
    assert any(p.startswith('"We have made hard choices') for p in body)


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (b"", "empty.txt", "empty file"),
        (b"   \n\n  ", "blank.txt", "empty file"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "image.txt", "binary file"),
        (
            "Caf\u00e9 news: the mayor said the café will stay open.".encode("latin-1"),
            "latin.txt",
            "not valid UTF-8",
        ),
        (b'{"title": "no text here"}\n', "records.jsonl", "no 'text'"),
        (b'{"text": 42}\n', "records.jsonl", "no 'text'"),
        (b"{broken json\n", "records.jsonl", "invalid JSON"),
        (b"some text", "notes.pdf", "unsupported file type"),
    ],
)
def test_bad_input_gets_one_line_error_naming_the_file(
    data: bytes, name: str, message: str
) -> None:
    with pytest.raises(ArticleError) as err:
        for item in articles_from_bytes(data, name):
            if isinstance(item, ArticleError):
                raise item
    text = str(err.value)
    assert message in text and name in text and "\n" not in text


def test_utf16_with_bom_is_decoded() -> None:
    text = "The mayor said the bridge will reopen in spring after repairs are complete."
    article = _one(text.encode("utf-16"), "utf16.txt")
    assert article.text == text


def test_directory_without_articles_is_reported(tmp_path: Path) -> None:
    (tmp_path / "readme.pdf").write_bytes(b"%PDF")
    items = list(find_files([tmp_path, tmp_path / "missing.txt"]))
    assert [type(i) for i in items] == [ArticleError, ArticleError]
    assert "no articles found" in str(items[0]) and "no such file" in str(items[1])
