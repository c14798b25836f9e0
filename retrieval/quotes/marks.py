"""Quotation-mark spans: pair the marks of each paragraph, and tell speech from scare quotes.

A double mark is one of ``" “ ” « » „`` or two apostrophes (``''``), the typewriter convention some
papers use for double quotation marks.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

OPEN_MARKS = '"“«„'
CLOSE_MARKS = '"”»“'
SINGLE_MARKS = "'‘’"
TWO_APOSTROPHES = "''"
# Mark tokens as spaCy writes them (it keeps ``''`` whole): for token-level checks.
OPEN_TOKENS = frozenset([*OPEN_MARKS, TWO_APOSTROPHES])
QUOTE_TOKENS = frozenset([*OPEN_MARKS, *CLOSE_MARKS, *SINGLE_MARKS, TWO_APOSTROPHES])
DASHES = frozenset({"-", "—", "–", "--"})  # as tokens, and as the first character of a text
_MARK = re.compile("''|[\"“”«»„]")


@dataclass
class Span:
    """A quotation-mark span inside one paragraph."""

    start: int
    end: int
    para: int


def quotation_spans(text: str, paras: list[tuple[int, int]], skip: set[int]) -> list[Span]:
    """Quotation-mark spans of every paragraph but ``skip`` (interview answers are speech whole);
    a quote left open at a paragraph end may be closed at the start of the next one."""
    spans: list[Span] = []
    for i, (lo, hi) in enumerate(paras):
        if i not in skip:
            carry = bool(spans) and spans[-1].para == i - 1 and spans[-1].end == paras[i - 1][1]
            spans += _pair_marks(text, lo, hi, i, carry and not closes_at(text, spans[-1].end))
    return spans


def _pair_marks(text: str, lo: int, hi: int, para: int, carry: bool) -> list[Span]:
    """Pair quotation marks inside one paragraph by their flanking context.

    A closing mark with no opener at the start of the paragraph closes a quote carried over from
    the previous paragraph; an opener left open runs to the paragraph end.
    """
    out: list[Span] = []
    opened: int | None = None
    outer = ""  # the style of the open quotation's mark
    nested = False  # `"... about “Fair Rules” anymore. ..."`: a title quoted in the other style
    for mark in _MARK.finditer(text, lo, hi):
        i, j, ch = mark.start(), mark.end(), mark.group()
        before = text[i - 1] if i > lo else " "
        after = text[j] if j < hi else " "
        is_open = (before.isspace() or before in "([{—–-/:") and not after.isspace()
        is_close = not before.isspace() and (after.isspace() or after in ".,;:!?)]—–-'’")
        if ch in "“«„" and not is_close:
            is_open = True
        if opened is not None and is_open and not is_close and not nested:
            nested = _style(ch) != outer
        elif opened is not None and nested and is_close:
            nested = False
        elif opened is None and (is_open or (not is_close and ch not in "”»")):
            opened, outer = i, _style(ch)
        elif opened is not None and (is_close or not is_open):
            out.append(Span(opened, j, para))
            opened = None
        elif opened is None and is_close and carry and not out:
            out.append(Span(lo, j, para))
    if opened is not None and hi - opened > 1:
        out.append(Span(opened, hi, para))
    if not out:
        out = _single_quoted(text, lo, hi, para)
    return out


def _style(mark: str) -> str:
    """Which family a double mark belongs to: straight, curly, angle or two apostrophes."""
    if mark.startswith(TWO_APOSTROPHES):
        return TWO_APOSTROPHES
    return next((family for family in ('"', "“”„", "«»") if mark[:1] in family), mark[:1])


def _single_quoted(text: str, lo: int, hi: int, para: int) -> list[Span]:
    """'...' speech in single marks (headlines, British style); apostrophes are skipped."""
    out: list[Span] = []
    opened = None
    for m in re.finditer(r"['‘’]", text[lo:hi]):
        i = lo + m.start()
        before = text[i - 1] if i > lo else " "
        after = text[i + 1] if i + 1 < hi else " "
        if opened is None and (before.isspace() or before in "(:") and after.isalnum():
            opened = i
        elif opened is not None and before.isalnum() | (before in ".,!?") and not after.isalnum():
            out.append(Span(opened, i + 1, para))
            opened = None
    return out


def opens_at(text: str, pos: int) -> bool:
    """Does a double quotation mark start at ``pos``?"""
    return (pos < len(text) and text[pos] in OPEN_MARKS) or text.startswith(TWO_APOSTROPHES, pos)


def closes_at(text: str, end: int) -> bool:
    """Does a closing double quotation mark end at ``end``?"""
    return end > 0 and (text[end - 1] in CLOSE_MARKS or text.endswith(TWO_APOSTROPHES, 0, end))


_WORD = re.compile(r"[A-Za-z][\w'’-]*")


def capitals_share(words: str) -> float:
    """The share of words that start with a capital: high in a title or a slogan."""
    toks = _WORD.findall(words)
    return sum(t[0].isupper() for t in toks) / len(toks) if toks else 0.0


def is_speechlike(text: str, span: Span) -> bool:
    """Filter scare quotes, names and titles: speech has several words and is not Title Case."""
    inner = text[span.start + 1 : span.end - 1]
    if len(_WORD.findall(inner)) < 4:
        return False
    return capitals_share(inner) < 0.6 or bool(re.search(r"[.!?]", inner))


def inside_quote(pos: int, spans: list[Span]) -> bool:
    """Is ``pos`` inside a quotation (a cue there belongs to the quoted speaker's words)?"""
    return any(s.start <= pos < s.end for s in spans)


def quote_kind(text: str, lo: int, hi: int) -> str:
    """ "direct" for one whole quotation, "mixed" for words partly quoted, else "indirect"."""
    marks = list(_MARK.finditer(text, lo, hi))
    if len(marks) == 2 and marks[0].start() == lo and marks[1].end() == hi:
        return "direct"
    return "mixed" if marks else "indirect"
