"""http(s) URLs -> Articles: a web page, or an RSS/Atom feed whose entries' pages are fetched.

Everything fetched is bounded: connect and read timeouts, a size cap read as a stream (a
server's Content-Length is not trusted), and a content-type check before any parsing. Each
failure becomes an ``ArticleError`` naming the URL in one line, and the other URLs go on.
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Iterator
from dataclasses import dataclass, replace
from types import TracebackType
from urllib.parse import urlsplit

import httpx

from citebot.retrieval.articles.feeds import Feed, parse_feed
from citebot.retrieval.articles.loading import (
    MAX_PAGE_BYTES,
    ArticleError,
    article_from_text,
    decode,
    html_article,
    slug,
)
from citebot.retrieval.models import Article

TIMEOUT = httpx.Timeout(20.0, connect=10.0)
MAX_FETCH_BYTES = MAX_PAGE_BYTES
HTML_TYPES = {"text/html", "application/xhtml+xml"}
TEXT_TYPES = {"text/plain", "text/markdown"}
FEED_TYPES = {
    "application/rss+xml",
    "application/atom+xml",
    "application/rdf+xml",
    "application/xml",
    "text/xml",
    "application/feed+json",
}
USER_AGENT = "citebot (news quote indexer)"


def is_url(source: str) -> bool:
    return source.lower().startswith(("http://", "https://"))


def article_id_for(url: str) -> str:
    """A readable, stable id: host and path, plus a short digest so that two URLs that differ
    only in their query never share one."""
    parts = urlsplit(url)
    digest = hashlib.sha1(url.encode("utf-8")).hexdigest()[:8]
    return f"{slug(parts.netloc + parts.path)[:100]}-{digest}"


@dataclass(frozen=True)
class Page:
    url: str  # after redirects
    content_type: str
    data: bytes


class Fetcher:
    """One HTTP client (connection reuse, redirects followed) for a whole ingest."""

    def __init__(self, timeout: httpx.Timeout = TIMEOUT, max_bytes: int = MAX_FETCH_BYTES) -> None:
        self.max_bytes = max_bytes
        self._client = httpx.Client(
            timeout=timeout, follow_redirects=True, headers={"User-Agent": USER_AGENT}
        )

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._client.close()

    def get(self, url: str, accept: set[str]) -> Page:
        try:
            with self._client.stream("GET", url) as response:
                if response.status_code >= 400:
                    raise ArticleError(
                        f"{url}: HTTP {response.status_code} {response.reason_phrase}"
                    )
                kind = response.headers.get("content-type", "").split(";")[0].strip().lower()
                if kind not in accept:
                    raise ArticleError(
                        f"{url}: not an article or a feed (content type {kind or 'missing'})"
                    )
                declared = response.headers.get("content-length", "")
                if declared.isdigit() and int(declared) > self.max_bytes:
                    raise self._too_large(url)
                data = bytearray()
                for chunk in response.iter_bytes():
                    data += chunk
                    if len(data) > self.max_bytes:
                        raise self._too_large(url)
                return Page(str(response.url), kind, bytes(data))
        except httpx.TimeoutException:
            raise ArticleError(f"{url}: timed out") from None
        except httpx.InvalidURL as e:
            raise ArticleError(f"{url}: invalid URL ({e})") from None
        except httpx.HTTPError as e:
            raise ArticleError(f"{url}: cannot fetch ({type(e).__name__}: {e})") from None

    def _too_large(self, url: str) -> ArticleError:
        return ArticleError(f"{url}: larger than {self.max_bytes:,} bytes, not fetched")


def page_article(page: Page, article_id: str) -> Article:
    """A fetched page as an article: HTML through the same extractor as .html files."""
    text = decode(page.data, page.url)
    if page.content_type in HTML_TYPES:
        article = html_article(text, page.url, article_id)
        return replace(article, url=page.url)
    return article_from_text(text, article_id, path=page.url, url=page.url)


def _feed_articles(
    feed: Feed, fetcher: Fetcher, known: set[str], stop: threading.Event | None
) -> Iterator[Article | ArticleError]:
    """Each entry's page, fetched once (links already indexed or seen in this feed are skipped);
    the entry's date, title and the feed's name are kept as the article's metadata."""
    for entry in feed.entries:
        if stop is not None and stop.is_set():
            return
        if entry.link in known:
            continue
        known.add(entry.link)
        try:
            page = fetcher.get(entry.link, HTML_TYPES | TEXT_TYPES)
            article = page_article(page, article_id_for(entry.link))
        except ArticleError as e:
            yield e
            continue
        yield replace(
            article,
            url=entry.link,
            source=feed.title or article.source,
            published=entry.published or article.published,
        )


def articles_from_url(
    url: str, fetcher: Fetcher, known: set[str], stop: threading.Event | None = None
) -> Iterator[Article | ArticleError]:
    """The article at ``url``, or the articles of the feed there. ``known`` holds URLs
    already indexed; feed entries linking there are not fetched (the set grows as entries are)."""
    try:
        page = fetcher.get(url, HTML_TYPES | TEXT_TYPES | FEED_TYPES)
        if page.content_type in FEED_TYPES:
            yield from _feed_articles(parse_feed(page.data, url), fetcher, known, stop)
            return
        yield page_article(page, article_id_for(url))
    except ArticleError as e:
        yield e
