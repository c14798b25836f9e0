"""Question words for BM25 and for lexical evidence: tokenising, stop words, term weights.

The ranking itself is the store's (FTS5's BM25 in the embedded store, PostgreSQL full-text
search in the server store), updated in the same transaction as the article. This module only
decides which words of a question count, and how strongly a passage contains them.
"""

from __future__ import annotations

import math
import os
import re
from functools import lru_cache

import snowballstemmer

_STEMMER = snowballstemmer.stemmer("english")
_WORD = re.compile(r"\w+(?:['’]\w+)*", re.UNICODE)

STOP_WORDS = frozenset(
    [
        "a",
        "about",
        "above",
        "after",
        "again",
        "against",
        "all",
        "am",
        "an",
        "and",
        "any",
        "are",
        "aren't",
        "as",
        "at",
        "be",
        "because",
        "been",
        "before",
        "being",
        "below",
        "between",
        "both",
        "but",
        "by",
        "can",
        "could",
        "did",
        "didn't",
        "do",
        "does",
        "doesn't",
        "doing",
        "don't",
        "down",
        "during",
        "each",
        "else",
        "few",
        "for",
        "from",
        "further",
        "had",
        "has",
        "have",
        "having",
        "he",
        "her",
        "here",
        "hers",
        "herself",
        "him",
        "himself",
        "his",
        "how",
        "i",
        "if",
        "in",
        "into",
        "is",
        "isn't",
        "it",
        "it's",
        "its",
        "itself",
        "just",
        "let",
        "me",
        "more",
        "most",
        "my",
        "myself",
        "no",
        "nor",
        "not",
        "now",
        "of",
        "off",
        "on",
        "once",
        "only",
        "or",
        "other",
        "our",
        "ours",
        "ourselves",
        "out",
        "over",
        "own",
        "per",
        "said",
        "same",
        "say",
        "says",
        "she",
        "should",
        "so",
        "some",
        "such",
        "tell",
        "than",
        "that",
        "the",
        "their",
        "theirs",
        "them",
        "themselves",
        "then",
        "there",
        "these",
        "they",
        "this",
        "those",
        "through",
        "to",
        "told",
        "too",
        "under",
        "until",
        "up",
        "very",
        "via",
        "was",
        "wasn't",
        "we",
        "were",
        "what",
        "when",
        "where",
        "which",
        "while",
        "who",
        "whom",
        "whose",
        "why",
        "will",
        "with",
        "would",
        "you",
        "your",
        "yours",
        "yourself",
        "yourselves",
        "also",
        "any",
        "anything",
        "according",
        "comment",
        "comments",
        "quote",
        "quoted",
        "statement",
        "statements",
        "think",
        "thinks",
        "thought",
        "react",
        "reacted",
        "reaction",
        "remarks",
    ]
)


def words(text: str) -> list[str]:
    return [w.lower().replace("’", "'") for w in _WORD.findall(text)]


def keywords(text: str) -> list[str]:
    """Content words of a question, in order, without repeats."""
    seen: dict[str, None] = {}
    for w in words(text):
        if w not in STOP_WORDS and (len(w) > 1 or w.isdigit()):
            seen.setdefault(w.split("'")[0], None)
    return list(seen)


def idf(df: int, n: int) -> float:
    return math.log(1 + (n - df + 0.5) / (df + 0.5))


@lru_cache(maxsize=65536)
def _term_pattern(term: str) -> re.Pattern[str]:
    """A term found by a prefix of its Snowball stem at the start of a word ("invit" finds
    "invited", "invitation"; long words drop up to three more letters, so "asylum" finds
    "asylee"); short stems must be whole words, or "art" would find "article"."""
    # the stem may rewrite the ending ("dmitry" -> "dmitri"): keep what it shares with the word
    stem = os.path.commonprefix([term, _STEMMER.stemWord(term)])  # noqa: RUF071 (characters)
    stem = stem[: max(4, len(term) - 3)] if len(term) > 5 else stem
    if len(stem) < 4:
        return re.compile(rf"\b{re.escape(term)}\b", re.IGNORECASE)
    return re.compile(rf"\b{re.escape(stem)}", re.IGNORECASE)


def coverage(terms: dict[str, float], text: str) -> float:
    """Share of the question's term weight that ``text`` contains (0..1).

    Each term is one regular-expression scan of the text (in C), not a tokenisation of it:
    answers score thousands of paragraphs this way.
    """
    total = sum(terms.values())
    if total <= 0:
        return 0.0
    return sum(w for term, w in terms.items() if _term_pattern(term).search(text)) / total
