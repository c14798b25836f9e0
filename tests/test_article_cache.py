"""The store's article cache: answers over a corpus larger than the cache must keep coming."""

from __future__ import annotations

import threading

from citebot.retrieval.models import Article
from citebot.retrieval.storage.rows import ArticleCache


def test_filling_the_cache_past_its_size_starts_it_afresh_without_hanging() -> None:
    cache = ArticleCache()
    cache.get(1, "none")  # the generation the entries belong to
    total = ArticleCache.MAX + 5

    def fill() -> None:
        for n in range(total):
            cache.put(Article(id=f"a{n}", text=f"Text number {n}."))

    worker = threading.Thread(target=fill, daemon=True)
    worker.start()
    worker.join(timeout=30)
    assert not worker.is_alive(), "putting an article into a full cache hung"
    last = cache.get(1, f"a{total - 1}")
    assert last is not None and last.text == f"Text number {total - 1}."
    assert cache.get(1, "a0") is None  # the full cache was started afresh
