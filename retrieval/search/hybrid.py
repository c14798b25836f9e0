"""Hybrid passage search: dense (FAISS) and BM25 (FTS5) rankings fused by reciprocal rank.

Reciprocal rank fusion needs no score calibration between the two rankers, which matters here:
MiniLM cosines of short questions are low and bunched, BM25 scores are unbounded. Each hit also
carries its lexical coverage of the question, the evidence the answer composer uses to decide
whether it found anything at all.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

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


MAX_CACHED_TERMS = 50_000
# BM25 leaves out words found in more than COMMON_SHARE of the passages (and more than
# COMMON_MIN): FTS5 scores every passage that matches any word of the query, ~1-2 us each, so
# such words cost tens of ms at 100k passages, while their IDF is too low to move the ranking
# much. Small libraries (the development set) never reach COMMON_MIN, so nothing changes there.
COMMON_SHARE = 0.01
COMMON_MIN = 1_000


class TermStatistics:
    """How many passages hold each word, cached until the store changes.

    Counting is a scan of the term's postings; the same words recur across questions. One per
    library, so two indexes in one process never share counts.
    """

    def __init__(self, store: Store) -> None:
        self.store = store
        self._counts: tuple[int, int, dict[str, int]] = (-1, 1, {})

    def frequencies(self, terms: list[str]) -> tuple[int, dict[str, int]]:
        """The passage count and how many passages contain each term."""
        generation = self.store.generation
        if self._counts[0] != generation or len(self._counts[2]) > MAX_CACHED_TERMS:
            self._counts = (generation, max(1, self.store.passage_count()), {})
        _, n, df = self._counts
        for t in terms:
            if t not in df:
                df[t] = self.store.document_frequency(t)
        return n, {t: df[t] for t in terms}

    def weights(self, query: str) -> dict[str, float]:
        """IDF of each question keyword: words few passages contain weigh most (they are the
        names and facts that a passage answering the question would have to mention)."""
        n, df = self.frequencies(keywords(query))
        return {t: idf(f, n) for t, f in df.items()}

    def bm25_terms(self, terms: list[str]) -> list[str]:
        """The terms BM25 ranks by: all but the very common ones (the rarest if all are)."""
        n, df = self.frequencies(terms)
        common = max(COMMON_MIN, COMMON_SHARE * n)
        return [t for t in terms if df[t] <= common] or sorted(terms, key=df.__getitem__)[:1]


def reciprocal_rank_fusion(rankings: list[list[int]], rrf_k: int = 60) -> dict[int, float]:
    """Fused score of every id: the sum of 1 / (rrf_k + rank) over the rankings it appears in."""
    fused: dict[int, float] = {}
    for ranking in rankings:
        for rank, pid in enumerate(ranking):
            fused[pid] = fused.get(pid, 0.0) + 1.0 / (rrf_k + rank + 1)
    return fused


def top_ids(fused: dict[int, float], k: int) -> list[int]:
    """The k best ids, ties in first-seen order."""
    return sorted(fused, key=fused.__getitem__, reverse=True)[:k]


class HybridSearch:
    def __init__(
        self,
        store: Store,
        terms: TermStatistics,
        vectors: VectorIndex,
        encode_query: Callable[[str], np.ndarray],
        depth: int = 50,
        rrf_k: int = 60,
    ) -> None:
        self.store = store
        self.terms = terms
        self.vectors = vectors
        self.encode_query = encode_query
        self.depth = depth
        self.rrf_k = rrf_k

    def search(self, query: str, k: int, weights: dict[str, float]) -> list[Hit]:
        """``weights``: the query's term weights (``TermStatistics.weights``), computed once per question
        by the caller, which needs them again to score sentences."""
        vector = self.encode_query(query)
        dense = self.vectors.search(vector, self.depth)
        terms = keywords(query)
        lexical = (
            self.store.lexical(self.terms.bm25_terms(terms), self.depth, weights) if terms else []
        )
        fused = reciprocal_rank_fusion([[p for p, _ in dense], [p for p, _ in lexical]], self.rrf_k)
        top = top_ids(fused, k)
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
