"""Evidence sentences for a question: every sentence of the retrieved passages, scored.

The score decides whether anything answers (the composer's call); the ranking adds the
passage's coverage (a sentence that says "He was released on bail" answers a question about the
person its paragraph names) and whether the sentence holds the kind of answer asked for (a
number for "how many", a date for "when").
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from citebot.retrieval.articles.sentences import sentences
from citebot.retrieval.models import Citation, Span
from citebot.retrieval.search.hybrid import Hit
from citebot.retrieval.search.lexical import coverage

DENSE_WEIGHT = 0.3  # share of the passage cosine in a sentence's evidence score
EVIDENCE_MARGIN = 0.35  # sentences ranked this far below the best one are left out
CONTEXT_WEIGHT = 0.25  # ranking credit for question words found around the sentence
ANSWER_TYPE_BONUS = 0.1  # ranking credit for holding the kind of answer asked for


@dataclass(frozen=True)
class ScoredSentence:
    text: str  # == article text[citation.start:citation.end]
    coverage: float  # share of the question's keyword weight in the sentence
    score: float  # coverage + DENSE_WEIGHT * passage cosine: decides "found"
    citation: Citation


def score_sentences(
    hits: list[Hit],
    text_of: Callable[[str], str],
    weights: dict[str, float],
    wanted: re.Pattern[str] | None,
) -> list[ScoredSentence]:
    """The sentences of the hit passages within EVIDENCE_MARGIN of the best, best first."""
    scored = []
    for rank, hit in enumerate(hits):
        p = hit.passage
        text = text_of(p.article_id)
        for s in sentences(text, Span(p.start, p.end)):
            sentence = text[s.start : s.end]
            cov = coverage(weights, sentence)
            score = cov + DENSE_WEIGHT * hit.dense
            rank_score = (
                score
                + CONTEXT_WEIGHT * (hit.coverage - cov)
                + (ANSWER_TYPE_BONUS if wanted and wanted.search(sentence) else 0.0)
                + 0.05 / (rank + 1)
            )
            citation = Citation(p.article_id, p.paragraph, s.start, s.end)
            scored.append((rank_score, ScoredSentence(sentence, cov, score, citation)))
    scored.sort(key=lambda t: t[0], reverse=True)
    best = scored[0][0] if scored else 0.0
    return [s for r, s in scored if r >= best - EVIDENCE_MARGIN]
