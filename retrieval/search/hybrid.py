"""Hybrid passage search: dense (FAISS) and BM25 (FTS5) rankings fused by reciprocal rank.

Reciprocal rank fusion needs no score calibration between the two rankers, which matters here:
MiniLM cosines of short questions are low and bunched, BM25 scores are unbounded. Each hit also
carries its lexical coverage of the question, the evidence the answer composer uses to decide
whether it found anything at all.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from weakref import WeakKeyDictionary

import numpy as np

from citebot.retrieval.models import Passage
from citebot.retrieval.search.lexical import coverage, idf, keywords
from citebot.retrieval.storage.store import Store
from citebot.retrieval.storage.vector_index import VectorIndex


@dataclass(frozen=True)
class Hit:
    passage: Passage
    score: float  # fused RRF score
    dense: float  # cosine similarity to the question
    coverage: float  # share of the question's keyword weight found in the passage


# Per store: (generation, passage count, document frequency of each term seen). Counting is a
# scan of the term's postings; the same words recur across questions, and every answer weighs
# its question twice (search, then evidence).
_counts: WeakKeyDictionary[Store, tuple[int, int, dict[str, int]]] = WeakKeyDictionary()
MAX_CACHED_TERMS = 50_000
# BM25 leaves out words found in more than COMMON_SHARE of the passages (and more than
# COMMON_MIN): FTS5 scores every passage that matches any word of the query, ~1-2 us each, so
# such words cost tens of ms at 100k passages, while their IDF is too low to move the ranking
# much. Small libraries (the development set) never reach COMMON_MIN, so nothing changes there.
COMMON_SHARE = 0.01
COMMON_MIN = 1_000


def document_frequencies(store: Store, terms: list[str]) -> tuple[int, dict[str, int]]:
    """The passage count and how many passages contain each term."""
    generation = store.generation
    counts = _counts.get(store)
    if counts is None or counts[0] != generation or len(counts[2]) > MAX_CACHED_TERMS:
        counts = _counts[store] = (generation, max(1, store.passage_count()), {})
    _, n, df = counts
    for t in terms:
        if t not in df:
            df[t] = store.document_frequency(t)
    return n, {t: df[t] for t in terms}


def term_weights(store: Store, query: str) -> dict[str, float]:
    """IDF of each question keyword: words few passages contain weigh most (they are the names
    and facts that a passage answering the question would have to mention)."""
    n, df = document_frequencies(store, keywords(query))
    return {t: idf(f, n) for t, f in df.items()}


def bm25_terms(store: Store, terms: list[str]) -> list[str]:
    """The terms BM25 ranks by: all but the very common ones (the rarest if all are)."""
    n, df = document_frequencies(store, terms)
    common = max(COMMON_MIN, COMMON_SHARE * n)
    return [t for t in terms if df[t] <= common] or sorted(terms, key=df.__getitem__)[:1]


class HybridSearch:
    def __init__(
        self,
        store: Store,
        vectors: VectorIndex,
        encode_query: Callable[[str], np.ndarray],
        depth: int = 50,
        rrf_k: int = 60,
    ) -> None:
        self.store = store
        self.vectors = vectors
        self.encode_query = encode_query
        self.depth = depth
        self.rrf_k = rrf_k

    def search(self, query: str, k: int = 10) -> list[Hit]:
        vector = self.encode_query(query)
        dense = self.vectors.search(vector, self.depth)
        terms = keywords(query)
        weights = term_weights(self.store, query)
        lexical = (
            self.store.lexical(bm25_terms(self.store, terms), self.depth, weights) if terms else []
        )
        fused: dict[int, float] = {}
        for ranking in (dense, lexical):
            for rank, (pid, _) in enumerate(ranking):
                fused[pid] = fused.get(pid, 0.0) + 1.0 / (self.rrf_k + rank + 1)
        top = sorted(fused, key=fused.__getitem__, reverse=True)[:k]
        passages = self.store.passages(top)
        cosines = dict(dense) if self.vectors.exact else {}  # else quantised: use stored vectors
        missing = [pid for pid in top if pid not in cosines]
        if missing:
            stored = self.store.embeddings(missing, self.vectors.dim)
            cosines.update(zip(missing, (stored @ vector.reshape(-1)).tolist(), strict=True))
        hits = []
        for pid in top:
            passage = passages.get(pid)
            if passage is None:  # removed by a concurrent writer since the search
                continue
            text = self.store.article(passage.article_id).text[passage.start : passage.end]
            hits.append(Hit(passage, fused[pid], float(cosines[pid]), coverage(weights, text)))
        return hits
