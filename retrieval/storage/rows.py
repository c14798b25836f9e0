"""Rows <-> records, the same for both stores: only the SQL around them differs."""

from __future__ import annotations

import json
import threading

from citebot.retrieval.models import Article, Quote, Span, StoredQuote
from citebot.retrieval.search.statements import Place, words_key

# The columns each store selects for a quote, in this order (the offset columns are named
# differently: ``end`` is a reserved word in PostgreSQL).
QUOTE_FIELDS = (
    "id, article_id, paragraph, {start}, {end}, speaker, speaker_start, speaker_end, cue, kind,"
    " speaker_role, named_start, named_end"
)
QUOTE_COLUMNS = QUOTE_FIELDS.count(",") + 1


def stored_quote(row: tuple) -> StoredQuote:
    qid, article_id, paragraph, *fields = row
    return StoredQuote(id=qid, article_id=article_id, paragraph=paragraph, quote=Quote(*fields))


def quote_values(article_id: str, paragraph: int, q: Quote, text: str) -> tuple:
    """An INSERT's values, in the order of QUOTE_FIELDS without the id, then the key of the
    quote's words (``text`` is its article's)."""
    return (
        article_id,
        paragraph,
        q.start,
        q.end,
        q.speaker,
        q.speaker_start,
        q.speaker_end,
        q.cue,
        q.kind,
        q.speaker_role,
        q.named_start,
        q.named_end,
        words_key(text[q.start : q.end]),
    )


def place(row: tuple) -> Place:
    """(id, article_id, paragraph, start, end, words_key, published) -> Place."""
    return Place._make(row)


def article_values(article: Article, digest: str) -> tuple:
    """(id, content_hash, text, title, source, published, url, path, title_start, title_end,
    paragraphs as JSON) for an INSERT."""
    title = article.title_span
    return (
        article.id,
        digest,
        article.text,
        article.title,
        article.source,
        article.published,
        article.url,
        article.path,
        title.start if title else None,
        title.end if title else None,
        json.dumps([[p.start, p.end] for p in article.paragraphs]),
    )


def article_from_row(row: tuple, paragraphs: list, aliases: tuple[str, ...] = ()) -> Article:
    """From (id, text, title, source, published, url, path, title_start, title_end, ...), the
    decoded paragraph spans and the article's other ids."""
    aid, text, title, source, published, url, path, ts, te = row[:9]
    return Article(
        id=aid,
        text=text,
        title=title,
        source=source,
        published=published,
        url=url,
        path=path,
        paragraphs=[Span(int(s), int(e)) for s, e in paragraphs],
        title_span=Span(ts, te) if ts is not None else None,
        aliases=aliases,
    )


class ArticleCache:
    """Stored articles by id, valid for one generation: answers read the same few articles
    over and over, and another process may replace one at any time."""

    MAX = 2048

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._articles: dict[str, Article] = {}
        self._digests: dict[str, str] = {}
        self._generation = -1

    def get(self, generation: int, article_id: str) -> Article | None:
        with self._lock:
            if generation != self._generation:
                self._articles.clear()
                self._digests.clear()
                self._generation = generation
            return self._articles.get(article_id)

    def put(self, article: Article, digest: str = "") -> None:
        with self._lock:
            if len(self._articles) > self.MAX:  # cleared here: the lock is not re-entrant
                self._articles.clear()
                self._digests.clear()
            self._articles[article.id] = article
            self._digests[article.id] = digest

    def forget_changed(self, digests: dict[str, str]) -> None:
        """Drop the cached articles whose stored text (content hash) is no longer the one
        cached, although the generation this cache knows has not moved yet: offsets read from
        the live database must never be applied to an older text."""
        with self._lock:
            for article_id, digest in digests.items():
                if self._digests.get(article_id, digest) != digest:
                    del self._articles[article_id], self._digests[article_id]

    def clear(self) -> None:
        with self._lock:
            self._articles.clear()
            self._digests.clear()
