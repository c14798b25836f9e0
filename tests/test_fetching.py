"""Fetching pages and feeds from a local web server: limits and one-line errors."""

from __future__ import annotations

import pytest
from web_server import local_site

from citebot.retrieval.articles.fetching import Fetcher, articles_from_url
from citebot.retrieval.articles.loading import ArticleError

PAGE = (
    "<html><head><title>Ferry times</title></head><body><article><h1>Ferry times</h1>"
    + "<p>The harbour office said on Friday that the early ferry would run again.</p>" * 40
    + "</article></body></html>"
)


def test_a_page_over_the_size_cap_is_refused_without_reading_it_all() -> None:
    with local_site() as site:
        url = site.add("/big.html", "text/html", PAGE)
        with (
            Fetcher(max_bytes=1000) as fetcher,
            pytest.raises(ArticleError, match=r"big.html: larger than 1,000 bytes, not fetched"),
        ):
            fetcher.get(url, {"text/html"})
        with Fetcher() as fetcher:
            [article] = articles_from_url(url, fetcher, set())
        assert not isinstance(article, ArticleError)
        assert article.title == "Ferry times" and article.url == url
        assert "early ferry would run again" in article.text


def test_unreachable_hosts_and_non_feeds_are_one_line_errors() -> None:
    with local_site() as site:
        xml = site.add("/notes.xml", "application/xml", "<notes><n>hello</n></notes>")
        with Fetcher() as fetcher:
            [bad_feed] = articles_from_url(xml, fetcher, set())
            [refused] = articles_from_url("http://127.0.0.1:9/x.html", fetcher, set())
    assert isinstance(bad_feed, ArticleError) and "not a readable RSS or Atom feed" in str(bad_feed)
    assert isinstance(refused, ArticleError) and str(refused).startswith(
        "http://127.0.0.1:9/x.html: cannot fetch"
    )
    assert "\n" not in str(refused)
