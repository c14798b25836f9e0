"""Articles -> passages: the headline and each body paragraph, long ones cut at sentence ends.

The embedding model reads at most 256 word pieces, so a passage is kept under ~180 words;
cutting only between sentences keeps each piece readable on its own.
"""

from __future__ import annotations

from retrieval.models import Article, Passage, Span
from retrieval.sentences import sentences

MAX_WORDS = 180


def _pieces(text: str, paragraph: Span) -> list[Span]:
    if len(text[paragraph.start : paragraph.end].split()) <= MAX_WORDS:
        return [paragraph]
    pieces: list[Span] = []
    start = end = paragraph.start
    words = 0
    for sent in sentences(text, paragraph):
        n = len(text[sent.start : sent.end].split())
        if words and words + n > MAX_WORDS:
            pieces.append(Span(start, end))
            start, words = sent.start, 0
        end, words = sent.end, words + n
    pieces.append(Span(start, end))
    return pieces


def paragraph_number(article: Article, offset: int) -> int:
    """1-based body paragraph holding ``offset``; 0 for the headline and header lines."""
    for i, p in enumerate(article.paragraphs, 1):
        if p.start <= offset < p.end:
            return i
        if offset < p.start:
            break
    return 0


def passages_of(article: Article) -> list[Passage]:
    out = []
    if article.title_span is not None:
        out.append(Passage(article.id, 0, article.title_span.start, article.title_span.end))
    for number, paragraph in enumerate(article.paragraphs, 1):
        out.extend(
            Passage(article.id, number, s.start, s.end) for s in _pieces(article.text, paragraph)
        )
    return out
