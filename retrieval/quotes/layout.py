"""Paragraphs, captions and sentences of an article as the quote passes see them.

A paragraph is a non-blank line, split by ``retrieval.articles`` as everywhere else (GGT never
joins a quote across a line break); sentences are split with quotation-mark spans kept whole.
"""

from __future__ import annotations

import re
from functools import lru_cache

from citebot.retrieval.articles.sentences import lines
from citebot.retrieval.quotes.marks import Span

CAPTION = re.compile(
    r"\b(?:Image|Photo|Picture|Credit)s?\s*[:;]|\((?:left|right|centre|center|pictured)\)"
)
_ABBREV = re.compile(
    r"(?:\b[A-Z]|\b(?:Mr|Mrs|Ms|Dr|Prof|St|Gen|Sen|Rep|Gov|Jr|Sr|No|vs|etc|Inc|Ltd|Co))\.$"
)
# A sentence ends at a full stop, "!" or "?" (and closing marks) before a space and a new
# sentence, or before a capital right after a closing mark (`... now!”After the rally`).
_SENT_END = re.compile(r"[.!?]+[\"”“»’')\]]*(?=\s+[\"“«‘'(\[A-Z0-9]|(?<=[.!?][\"”])[A-Z])")


def paragraphs(text: str) -> list[tuple[int, int]]:
    """The article's paragraphs as ``retrieval.articles`` splits them (non-blank lines, any line
    ending, CR-only included); GGT never joins a quote across a line break."""
    return [(s.start, s.end) for s in lines(text)]


def is_caption(text: str, lo: int, hi: int) -> bool:
    """Captions and headings (no final punctuation) hold no reported speech of their own."""
    seg = text[lo:hi]
    return bool(CAPTION.search(seg)) or not re.search(r"[.!?:;,\"”’'…)\]]$", seg)


def sentence_spans(text: str, lo: int, hi: int, spans: list[Span]) -> list[tuple[int, int]]:
    """Sentence spans of a paragraph; quotation-mark spans are atomic."""
    return _split_sentences(
        text, lo, hi, tuple((s.start, s.end) for s in spans if lo <= s.start < hi)
    )


def forget_sentence_splits() -> None:
    """Drop the cached splits of the previous article: the cache speeds up the passes over one
    article and must not keep every article text alive."""
    _split_sentences.cache_clear()


@lru_cache(maxsize=512)
def _split_sentences(
    text: str, lo: int, hi: int, inside: tuple[tuple[int, int], ...]
) -> list[tuple[int, int]]:
    # Cached: the direct, indirect and subject passes split the same paragraphs.
    out, start = [], lo
    for m in _SENT_END.finditer(text, lo, hi):
        cut = m.end()
        if any(s < cut < e for s, e in inside) or _ABBREV.search(text[start : m.start() + 1]):
            continue
        out.append((start, cut))
        start = cut + len(text[cut:hi]) - len(text[cut:hi].lstrip())
    if start < hi:
        out.append((start, hi))
    return out
