"""Plain records that cross the storage seam, the same for the embedded and the server store."""

from __future__ import annotations

from dataclasses import dataclass

from citebot.retrieval.models import Quote


@dataclass(frozen=True)
class ArticleInfo:
    id: str
    title: str
    source: str
    published: str
    url: str
    path: str
    n_passages: int
    n_quotes: int


@dataclass(frozen=True)
class StoredQuote:
    id: int
    article_id: str
    paragraph: int
    quote: Quote


@dataclass(frozen=True)
class Change:
    """One committed write, as serving processes replay it onto their vector index."""

    seq: int
    article_id: str
    removed: list[int]
    added: list[int]
