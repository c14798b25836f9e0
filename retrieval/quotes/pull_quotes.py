"""Pull quotes: a line of speech without quotation marks, followed by its speaker's byline."""

from __future__ import annotations

import re

from citebot.retrieval.quotes.candidates import Candidate
from citebot.retrieval.speakers.mentions import Mention, parse_np


def pull_quotes(text: str, paras: list[tuple[int, int]]) -> list[Candidate]:
    """Unmarked pull quotes with a byline: `Words said. Charles Bolden, NASA Administrator`."""
    out = []
    for lo, hi in paras:
        m = re.fullmatch(
            r"([A-Z][^\"“”]*[.!?])\s+([A-Z][\w.'’-]+(?: [A-Z][\w.'’-]+){1,3}),"
            r"\s*((?:[^.!?]|(?<=\b[A-Z])\.){2,60})",
            text[lo:hi],
        )
        if m and len(m.group(1).split()) >= 6:
            ment = parse_np(text, lo + m.start(2), lo + m.end(2))
            if ment and ment.kind == "person":
                out.append(
                    Candidate(
                        lo,
                        lo + m.end(1),
                        "direct",
                        "",
                        Mention(*[lo + m.start(2), lo + m.end(2)] * 2, "person", m.group(3)),
                    )
                )
    return out
