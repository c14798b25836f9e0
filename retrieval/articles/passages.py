"""Articles -> passages: the headline and each body paragraph, long ones cut at sentence ends.

The embedding model reads at most 256 word pieces, so a passage is kept under ~180 words;
cutting only between sentences keeps each piece readable on its own. A "sentence" that is itself
too long (a 1 MB paragraph without a full stop) is cut between words, so passages stay bounded.
"""

from __future__ import annotations

import re

from citebot.retrieval.articles.sentences import sentences
from citebot.retrieval.models import Article, Passage, Span

MAX_WORDS = 180
MAX_CHARS = 3000  # also bounds passages whose "words" are huge (no spaces to cut at)
_WORD = re.compile(r"\S+")


def _hard_cuts(text: str, sentence: Span) -> list[Span]:
    """A sentence too long for one passage, cut between words; inside a word only when the word
    alone is over MAX_CHARS (a pasted URL list or base64 blob)."""
    pieces: list[Span] = []
    start: int | None = None
    end = words = 0
    for m in _WORD.finditer(text, sentence.start, sentence.end):
        s, e = m.start(), m.end()
        if start is not None and (words == MAX_WORDS or e - start > MAX_CHARS):
            pieces.append(Span(start, end))
            start = None
        while e - s > MAX_CHARS:
            pieces.append(Span(s, s + MAX_CHARS))
            s += MAX_CHARS
        if start is None:
            start, words = s, 0
        end, words = e, words + 1
    if start is not None:
        pieces.append(Span(start, end))
    return pieces


def _pieces(text: str, paragraph: Span) -> list[Span]:
    chunk = text[paragraph.start : paragraph.end]
    if len(chunk) <= MAX_CHARS and len(chunk.split()) <= MAX_WORDS:
        return [paragraph]
    pieces: list[Span] = []
    start: int | None = None
    end = words = 0
    for sent in sentences(text, paragraph):
        n = len(text[sent.start : sent.end].split())
        too_long = n > MAX_WORDS or sent.end - sent.start > MAX_CHARS
        if start is not None and (
            too_long or words + n > MAX_WORDS or sent.end - start > MAX_CHARS
        ):
            pieces.append(Span(start, end))
            start = None
        if too_long:
            pieces += _hard_cuts(text, sent)
            continue
        if start is None:
            start, words = sent.start, 0
        end, words = sent.end, words + n
    if start is not None:
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
