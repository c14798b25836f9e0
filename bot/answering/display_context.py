"""The article's words that keep a reported statement's meaning: "urged Ken Livingstone to
apologise", not just "to apologise".

A reported quote's span follows the dev set's rules (the content clause only), so the addressee
or object of its cue ("urged X", "told reporters") falls outside it. The context is the extra
span from the cue to the end of the quote, found from what is stored - the speaker mention's
offsets and the cue word - by plain string search at question time: no parser, and indexes
built before it need no re-extraction.
"""

from __future__ import annotations

import re

from citebot.bot.answering.answer import DisplayContext
from citebot.retrieval.models import Quote

MAX_GAP = 160  # characters between the speaker mention and the quote: one clause, not more
_SENTENCE_END = re.compile(r"[.!?;:][\"”’)]*\s+\S")


def display_context(text: str, quote: Quote) -> DisplayContext | None:
    """The article's ``[cue start, quote end)`` when words between the cue and the quote (the addressee, the
    object) change what it means, else None: direct quotes, "CONTENT, X said", "said that",
    "according to", and a cue not found between the speaker and the quote."""
    if quote.kind == "direct" or quote.speaker_end is None or not quote.cue[:1].isalpha():
        return None
    if quote.cue.lower().startswith("according"):
        return None
    gap_start, gap_end = quote.speaker_end, quote.start
    if not 0 <= gap_end - gap_start <= MAX_GAP:
        return None
    gap = text[gap_start:gap_end]
    if "\n" in gap or _SENTENCE_END.search(gap):
        return None
    cues = list(re.finditer(rf"\b{re.escape(quote.cue)}\b", gap))
    if not cues:
        return None
    cue = cues[-1]  # the one that governs the quote: the nearest to it
    between = gap[cue.end() :].rstrip()
    if not re.search(r"\w", between):
        return None  # "said that ...": the quote alone reads the same
    if between.endswith(","):
        return None  # "The plan, said Ruiz, will fail": an aside, not the cue's object
    start = gap_start + cue.start()
    return DisplayContext(text[start : quote.end], start, quote.end)
