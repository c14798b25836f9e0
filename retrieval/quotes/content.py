"""Where a reported clause begins and ends.

It begins after the cue, its addressee ("told reporters") or a manner phrase ("said in a
statement,"), and only if it looks like a clause; it ends before a following quotation, a
coordinated report or a contrastive clause.
"""

from __future__ import annotations

import re

from citebot.retrieval.lexicons import (
    ADDRESSEE_VERBS,
    AS_VERBS,
    CLAUSE_VERBS,
    FINITE_MARKERS,
    KIN,
    LENIENT,
    QUOTE_ONLY_VERBS,
    RELATIVE_WORDS,
    REQUEST_VERBS,
    THAT_ONLY,
    TITLES,
    WH_WORDS,
)
from citebot.retrieval.quotes.cues import ADVERBIAL
from citebot.retrieval.quotes.marks import CLOSE_MARKS, OPEN_MARKS, Span, inside_quote
from citebot.retrieval.speakers.names import words

_TAIL_STOP = ADVERBIAL | frozenset({"from", "for", "with", "by", "of", "and", "but"})


def content_end(text: str, lo: int, hi: int) -> int:
    """Sentence end without the final punctuation (quotation marks inside are kept)."""
    end = hi
    while end > lo and text[end - 1] in ".!?;, ":
        end -= 1
    return end


def clause_end_before(text: str, lo: int, pos: int) -> int:
    """End of the content before a trailing attribution at ``pos``: the comma is dropped unless a
    closing quotation mark follows it (`"...," he said` keeps `,"`)."""
    seg = text[lo:pos].rstrip()
    if seg.endswith(tuple(CLOSE_MARKS)) and seg[-2:-1] == ",":
        return lo + len(seg)
    return lo + len(seg.rstrip(","))


def strip_intro(text: str, lo: int, hi: int) -> int:
    """Skip `By this time, ` before a content that is a quotation."""
    m = re.match(r"[A-Z][^,\"“]{0,40},\s*(?=[\"“«])", text[lo:hi])
    return lo + m.end() if m else lo


def clause_start_of(text: str, lo: int, hi: int) -> int:
    """Start of the clause ending at ``hi``: after the last ";" or ":"."""
    start = lo
    for m in re.finditer(r"[;:]\s", text[lo:hi]):
        start = lo + m.end()
    return start


def content_start(text: str, cue: re.Match[str], end: int, lemma: str) -> int | None:
    """Where the reported content begins after the cue; None when the object is no clause."""
    ws = words(text, cue.end(), end)[:14]
    if not ws or ":" in text[cue.end() : ws[0].start()]:
        return None
    opener = next((i for i in range(cue.end(), ws[0].start()) if text[i] in OPEN_MARKS), None)
    if opener is not None:
        # `recommending "online translation tools" if needed`: a quotation continued by the
        # reporter's words is a mixed quote; a bare quotation is left to the direct pass.
        close = next((i for i in range(opener + 1, end) if text[i] in CLOSE_MARKS), end)
        tail = words(text, close + 1, end)
        if lemma in QUOTE_ONLY_VERBS.values() or lemma in AS_VERBS.values():
            return None  # `a print called "Cowboys and Indians" from 1987`: a title
        return opener if tail and tail[0].group().lower() not in _TAIL_STOP else None
    low = [m.group().lower() for m in ws]
    if lemma in AS_VERBS.values():
        j = low.index("as") + 1 if "as" in low[:8] else 0
        if not 0 < j < len(ws) - 1:
            return None  # "described the judgement as historic": a one-word label
        k = j + (low[j] in {"a", "an", "the", "its", "his", "her", "their"})
        if k < len(low) and low[k] in TITLES | KIN:
            return None  # "described him as a spokesman for ...": a role, not a claim
        return ws[j].start()
    if lemma in REQUEST_VERBS.values() and lemma not in CLAUSE_VERBS.values():
        for j, w in enumerate(low[:10]):
            if w == "to" or w in WH_WORDS - {"who", "which"}:
                return ws[j - 1 if j and low[j - 1] == "not" else j].start()
        return None
    if lemma in QUOTE_ONLY_VERBS.values() or low[0] in {"and", "but", "or"}:
        return None
    if "that" in low[:9]:
        j = low.index("that")
        gap = text[cue.end() : ws[j].start()]
        # Between cue and "that" only an addressee or adverbial may stand ("told the court that",
        # "announced on Friday that"); "announced the locations that" is a relative clause.
        object_np = (
            j and lemma not in ADDRESSEE_VERBS and low[0] not in ADVERBIAL and low[0].islower()
        )
        if (
            not object_np
            and not any(w in FINITE_MARKERS for w in low[:j])
            and not re.search(r"[;:\"“]", gap)
        ):
            return ws[j].start()
    k = 0
    if lemma in ADDRESSEE_VERBS:
        k = _skip_addressee(ws)
        if k is None:
            return None
    # Skip a manner/time phrase closed by a comma: "said in a statement, ...".
    if k < len(ws) and low[k] in {"in", "on", "at", "during", "after", "via", "through", "to"}:
        comma = text.find(",", ws[k].start(), end)
        if comma < 0 or len(text[ws[k].start() : comma].split()) > 6:
            return None
        ws, k = words(text, comma + 1, end), 0
    rest = ws[k:]
    if not rest or (rest[0].group().lower() in WH_WORDS and lemma in THAT_ONLY):
        return rest[0].start() if rest else None
    lenient = lemma in LENIENT and not cue.group().endswith("ing")
    return rest[0].start() if _is_clause(rest, lenient) else None


def _skip_addressee(ws: list[re.Match[str]]) -> int | None:
    """Index of the first word after the addressee of "told/asked/warned X ..."."""
    low = [m.group().lower() for m in ws]
    if low[0] in {"him", "her", "them", "us", "me", "you", "reporters", "journalists"}:
        return 1
    if low[:2] in (["the", "police"], ["the", "press"], ["the", "media"], ["the", "court"]):
        return 2
    k = 1 if low[0] in {"the", "a"} else 0
    while k < len(ws) and (ws[k].group()[0].isupper() or low[k] in {"press", "media", "court"}):
        k += 1
    return k if k > 0 else None


def _is_clause(ws: list[re.Match[str]], lenient: bool) -> bool:
    """Does the complement look like a clause? After "said"/"told X" almost anything that is not
    a preposition is; other verbs need a finite verb after a short subject ("many are ...")."""
    low = [m.group().lower() for m in ws[:12]]
    if len(low) < 3 or low[0] in {
        "in",
        "on",
        "at",
        "to",
        "for",
        "with",
        "by",
        "about",
        "of",
        "nothing",
        "so",
        "goodbye",
        "hello",
        "yes",
        "no",
        "thanks",
    }:
        return False
    if lenient:
        return True
    for j, w in enumerate(low[1:], 1):
        if w in RELATIVE_WORDS:
            return False
        if w in FINITE_MARKERS or w.endswith("n't") or (w.endswith("ed") and j <= 6):
            return True
    return False


def clip_content(text: str, start: int, end: int, spans: list[Span]) -> int:
    """Cut the content at a following `: "..."` quotation, a coordinated report or clause."""
    cuts = [end]
    m = re.search(r"\s*:\s*[\"“«]", text[start:end])
    if m and not inside_quote(start + m.start(), spans):
        cuts.append(start + m.start())
    for c in re.finditer(r",?\s+and\s+(?:\w+\s+){0,2}?(\w+)", text[start:end]):
        if c.group(1).lower() in CLAUSE_VERBS and not inside_quote(start + c.start(), spans):
            cuts.append(start + c.start())
    for c in re.finditer(
        r",\s*(?:according to|but|with|whilst|while)\s|\s(?:whilst|while)\s", text[start:end]
    ):
        if not inside_quote(start + c.start(), spans):
            cuts.append(start + c.start())
    return min(cuts)
