"""RSS/Atom feeds -> the entries to fetch, parsed by feedparser (it copes with the many
dialects and broken feeds found in the wild)."""

from __future__ import annotations

import time
from dataclasses import dataclass

import feedparser

from citebot.retrieval.articles.loading import ArticleError


@dataclass(frozen=True)
class FeedEntry:
    link: str
    published: str  # ISO date (YYYY-MM-DD), "" when the entry has none


@dataclass(frozen=True)
class Feed:
    title: str
    entries: list[FeedEntry]


def _date(entry: feedparser.FeedParserDict) -> str:
    parsed = entry.get("published_parsed") or entry.get("updated_parsed")
    return time.strftime("%Y-%m-%d", parsed) if parsed else ""


def parse_feed(data: bytes, url: str) -> Feed:
    """Entries with an http(s) link, in feed order, each link once."""
    parsed = feedparser.parse(data, response_headers={"content-location": url})  # relative links
    if not parsed.get("version") and not parsed.entries:
        reason = parsed.get("bozo_exception")
        raise ArticleError(f"{url}: not a readable RSS or Atom feed ({reason or 'no entries'})")
    entries: list[FeedEntry] = []
    seen: set[str] = set()
    for entry in parsed.entries:
        link = (entry.get("link") or "").strip()
        if not link.lower().startswith(("http://", "https://")) or link in seen:
            continue
        seen.add(link)
        entries.append(FeedEntry(link, _date(entry)))
    return Feed(parsed.feed.get("title", ""), entries)
