"""Reporting cues in running text ("said", "warned") and the negations that cancel them.

The cue lexicon itself is ``reporting_verbs``; this module finds and vets its words in a text.
"""

from __future__ import annotations

import re

from citebot.retrieval.lexicons import ALL_CUES, NEGATORS
from citebot.retrieval.speakers.names import words

# Words that open an adverbial ("on Friday", "yesterday") rather than a quote's object.
ADVERBIAL = frozenset(
    """
    in on at to during after via through yesterday today recently also earlier later
    publicly again
    """.split()
)


def cue_tokens(text: str, lo: int, hi: int) -> list[re.Match[str]]:
    """Reporting verbs in text[lo:hi], as written (a capitalised "Report" is no cue)."""
    return [m for m in words(text, lo, hi) if m.group() in ALL_CUES]


def is_negated(text: str, cue: re.Match[str], lo: int) -> bool:
    """ "did not say", "never claimed": a negated cue reports nothing."""
    before = [m.group().lower() for m in words(text, max(lo, cue.start() - 40), cue.start())][-3:]
    return any(w in NEGATORS or w.endswith("n't") for w in before)
