"""A statement that its attribution splits ("Tourism, Ruiz noted, has carried the island",
`"We will not raise the fares," Ruiz said, "and we will not close the clinic."`) is stored as
two quotes, as the annotation conventions ask; shown apart, the first part reads as a fragment
("Ruiz noted: Tourism") and the second as a clause without its start, and the two take two of
a page's places. An answer shows such parts as one item, the words as the article wrote them
from the first part's start to the last part's end.

Parts are recognised from what is stored, at question time: the same speaker, cue and speaker
mention, the mention between the two parts, and nothing but the attribution between them.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from citebot.retrieval.models import StoredQuote

MAX_ASIDE = 80  # characters between two parts: an attribution, not a sentence
_BREAK = re.compile(r"[.!?;:\n]")
_ABBREVIATION = re.compile(r"\b[A-Z][a-z]{0,3}\.$")  # "Mr.", "Sen.", "F.": no sentence end


def continues(first: StoredQuote, then: StoredQuote, text_of: Callable[[str], str]) -> bool:
    """Is ``then`` the rest of the statement ``first`` begins, split by its attribution? The
    article's text (``text_of``) is read only for quotes that could be parts of one."""
    a, b = first.quote, then.quote
    if first.article_id != then.article_id or first.paragraph != then.paragraph:
        return False
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


def parts_together(quotes: list[StoredQuote], text_of: Callable[[str], str]) -> list[StoredQuote]:
    """``quotes`` in their order, each statement's later parts moved right after its first.
    Only quotes that share an article, a paragraph and a speaker mention can be parts of one
    statement, so each is compared with those alone (a prolific speaker has thousands)."""
    by_mention: dict[tuple, list[StoredQuote]] = {}
    for s in quotes:
        if s.quote.speaker_start is not None:
            key = (s.article_id, s.paragraph, s.quote.speaker_start, s.quote.speaker_end)
            by_mention.setdefault(key, []).append(s)
    placed: set[int] = set()
    out: list[StoredQuote] = []
    for s in quotes:
        if s.id in placed:
            continue
        out.append(s)
        placed.add(s.id)
        key = (s.article_id, s.paragraph, s.quote.speaker_start, s.quote.speaker_end)
        same = [o for o in by_mention.get(key, []) if o.id not in placed]
        while same:
            nxt = next((o for o in same if continues(out[-1], o, text_of)), None)
            if nxt is None:
                break
            same.remove(nxt)
            out.append(nxt)
            placed.add(nxt.id)
    return out


def statements(quotes: list[StoredQuote], text_of: Callable[[str], str]) -> list[list[StoredQuote]]:
    """``quotes`` (parts already together) grouped into statements, in order."""
    groups: list[list[StoredQuote]] = []
    for q in quotes:
        if groups and continues(groups[-1][-1], q, text_of):
            groups[-1].append(q)
        else:
            groups.append([q])
    return groups
