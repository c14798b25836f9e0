"""Sentence and paragraph boundaries as offsets into the original text.

Sentences come from blingfire (a compiled, rule-trained splitter that returns offsets), run one
paragraph at a time so a sentence never spans a line break.
"""

from __future__ import annotations

import re

import blingfire

from citebot.retrieval.models import Span

_LINE = re.compile(r"[^\r\n]+")  # LF, CRLF and old Mac CR-only line ends alike


def lines(text: str, start: int = 0, end: int | None = None) -> list[Span]:
    """Non-blank lines, trimmed of surrounding white space: the paragraphs of a news text."""
    end = len(text) if end is None else end
    spans = []
    for m in _LINE.finditer(text, start, end):
        s, e = m.start(), m.end()
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if s < e:
            spans.append(Span(s, e))
    return spans


def sentences(text: str, within: Span) -> list[Span]:
    """Sentences of one paragraph, absolute offsets; covers the paragraph's text without gaps."""
    chunk = text[within.start : within.end]
    if not chunk.strip():
        return []
    _, offsets = blingfire.text_to_sentences_and_offsets(chunk)
    spans = [Span(within.start + s, within.start + e) for s, e in offsets if e > s]
    return spans or [within]
