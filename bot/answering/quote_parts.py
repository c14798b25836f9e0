"""A statement that its attribution splits ("Tourism, Ruiz noted, has carried the island",
`"We will not raise the fares," Ruiz said, "and we will not close the clinic."`) is stored as
two quotes, as the annotation conventions ask; shown apart, the first part reads as a fragment
("Ruiz noted: Tourism") and the second as a clause without its start, and the two take two of
a page's places. So does a run of quotations in one paragraph (`"Diesel costs us twice what it
did," Osei said. "We held the fares as long as we could."`), whose later quotations have no
attribution of their own: shown apart, nothing in them says who spoke. An answer shows such
parts as one item, the words as the article wrote them from the first part's start to the
last part's end.

Parts are recognised from what is stored, at question time: the same speaker and mention, and
nothing between the two but the attribution (a split statement: the mention between them and
no sentence break; a run: the quotation after it has no mention of its own, a few words of
attribution at most before it).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from citebot.retrieval.models import Quote, StoredQuote

MAX_ASIDE = 80  # characters between two parts: an attribution, not a sentence
# Words between two quotations of a run besides the speaker's name ("port director ... said.")
_RUN_WORDS = 4
_MARKS = '"“”«»'  # another quotation between two quotes: not one run
_BREAK = re.compile(r"[.!?;:\n]")
_ABBREVIATION = re.compile(r"\b[A-Z][a-z]{0,3}\.$")  # "Mr.", "Sen.", "F.": no sentence end


def continues(first: StoredQuote, then: StoredQuote, text_of: Callable[[str], str]) -> bool:
    """Is ``then`` the rest of the statement ``first`` begins, split by its attribution, or the
    next quotation of its run? The article's text (``text_of``) is read only for quotes that
    could be parts of one."""
    a, b = first.quote, then.quote
    if first.article_id != then.article_id or first.paragraph != then.paragraph:
        return False
    if _runs_on(a, b):
        text = text_of(first.article_id)
        lo, hi = a.named_start, a.named_end
        named_between = lo is not None and hi is not None and a.end <= lo < hi <= b.start
        between = text[a.end : lo] + text[hi : b.start] if named_between else text[a.end : b.start]
        return len(between.split()) <= _RUN_WORDS and not any(m in between for m in _MARKS)
    if a.speaker_start is None:
        return False
    if (a.speaker, a.cue, a.speaker_start, a.speaker_end) != (
        b.speaker,
        b.cue,
        b.speaker_start,
        b.speaker_end,
    ):
        return False
    if a.speaker_end is None or not a.end <= a.speaker_start < a.speaker_end <= b.start:
        return False
    if b.start - a.end > MAX_ASIDE:
        return False
    text = text_of(first.article_id)
    around = text[a.end : a.speaker_start] + text[a.speaker_end : b.start]
    return not any(
        m.group() != "." or not _ABBREVIATION.search(around[: m.end()])
        for m in _BREAK.finditer(around)
    )


def _runs_on(a: Quote, b: Quote) -> bool:
    """Could ``b`` be the next quotation of the run ``a`` is in: a direct quote after it with no
    mention of its own, credited through the same mention?"""
    return (
        a.kind == b.kind == "direct"
        and b.speaker_start is None
        and b.named_start is not None
        and (a.speaker, a.named_start, a.named_end) == (b.speaker, b.named_start, b.named_end)
        and a.end <= b.start
        and b.start - a.end <= MAX_ASIDE
    )


def parts_together(quotes: list[StoredQuote], text_of: Callable[[str], str]) -> list[StoredQuote]:
    """``quotes`` in their order, each statement's later parts moved right after its first.
    Only quotes that share an article, a paragraph and a speaker mention can be parts of one
    statement, so each is compared with those alone (a prolific speaker has thousands)."""
    by_mention: dict[tuple, list[StoredQuote]] = {}
    for s in quotes:
        if s.quote.named_start is not None:
            by_mention.setdefault(_mention_key(s), []).append(s)
    placed: set[int] = set()
    out: list[StoredQuote] = []
    for s in quotes:
        if s.id in placed:
            continue
        out.append(s)
        placed.add(s.id)
        same = [o for o in by_mention.get(_mention_key(s), []) if o.id not in placed]
        while same:
            nxt = next((o for o in same if continues(out[-1], o, text_of)), None)
            if nxt is None:
                break
            same.remove(nxt)
            out.append(nxt)
            placed.add(nxt.id)
    return out


def _mention_key(s: StoredQuote) -> tuple:
    return (s.article_id, s.paragraph, s.quote.named_start, s.quote.named_end)


def statements(quotes: list[StoredQuote], text_of: Callable[[str], str]) -> list[list[StoredQuote]]:
    """``quotes`` (parts already together) grouped into statements, in order."""
    groups: list[list[StoredQuote]] = []
    for q in quotes:
        if groups and continues(groups[-1][-1], q, text_of):
            groups[-1].append(q)
        else:
            groups.append([q])
    return groups
