"""Headline claims: headlinese attribution ("..., says X", "... 'close' to ...: Moscow").

A claim credited to a place or institution takes the speaker of the body quote that repeats it.
"""

from __future__ import annotations

import re
from dataclasses import replace

from citebot.retrieval.models import Quote
from citebot.retrieval.quotes.candidates import Candidate
from citebot.retrieval.quotes.marks import quote_kind
from citebot.retrieval.speakers.mentions import parse_np

_HEADLINE_SOURCE = re.compile(
    r"(?P<claim>[^:]{20,}?)\s*:\s+(?P<source>[A-Z][\w.'’&-]*(?:\s+[A-Z][\w.'’&-]*){0,3})"
)
# Headlinese attribution in a title or a cited headline: `"Document not secret, say feds" — CP`.
_HEADLINE_SAYS = re.compile(
    r"(?:^|(?<=[\"“]))(?P<claim>[A-Z][^\"“”:]{14,}?),\s+(?P<cue>says?|said|warns?|claims?)\s+"
    r"(?P<source>[A-Za-z][\w.'’&-]*(?:\s+[A-Z][\w.'’&-]*){0,3})(?=[\"”]|$)",
    re.MULTILINE,
)
_QUOTED_WORDS = re.compile(r"(?:^|\s)['‘\"“][\w][^'’\"”]*['’\"”](?=[\s,.:;!?]|$)")


def headline_claims(text: str, paras: list[tuple[int, int]]) -> list[Candidate]:
    """Agency headline `Russia 'close' to restoring relations with Taliban: Moscow`: a title
    line (no final punctuation) whose claim contains quoted words and that ends with ": Source"
    (a name) reports the source's words (a mixed quote with the cue ":")."""
    out = []
    for lo, hi in paras:
        if text[hi - 1] in ".!?\"”’'" or hi - lo > 200:
            continue
        said = _HEADLINE_SAYS.search(text, lo, hi)
        if said:
            ment = parse_np(text, said.start("source"), said.end("source"))
            if ment is not None and ment.kind != "pronoun":
                s, e = said.span("claim")
                out.append(
                    Candidate(
                        s, e, quote_kind(text, s, e), said["cue"], ment, cue_pos=said.start("cue")
                    )
                )
                continue
        m = _HEADLINE_SOURCE.fullmatch(text, lo, hi)
        if not m or not _QUOTED_WORDS.search(m.group("claim")) or len(m["claim"].split()) < 4:
            continue
        ment = parse_np(text, m.start("source"), m.end("source"))
        if ment is None or ment.kind == "pronoun":
            continue
        colon = text.index(":", m.end("claim"))
        out.append(Candidate(lo, m.end("claim"), "mixed", ":", ment, cue_pos=colon))
    return out


_STOP = frozenset(
    """
    the a an to of in on at for with and or is are was were be been its it that this from by as
    """.split()
)


def _content_words(text: str) -> set[str]:
    """Content words of a claim, for telling whether a body quote repeats a headline."""
    return {w for w in re.findall(r"[a-z0-9]+", text.lower()) if len(w) > 2 and w not in _STOP}


def headline_speakers(text: str, quotes: list[Quote], kinds: list[str]) -> list[Quote]:
    """A headline claim credited to a place or institution ("...: Moscow") whose claim a body
    quote repeats is that quote's speaker's ("Russia is close to ..., said Dmitry Medvedev")."""
    for i, q in enumerate(quotes):
        if q.cue != ":" or kinds[i] == "person":
            continue
        claim = _content_words(text[q.start : q.end])
        for j in range(i + 1, min(len(quotes), i + 6)):
            other = quotes[j]
            shared = claim & _content_words(text[other.start : other.end])
            if kinds[j] == "person" and other.speaker and len(shared) >= 0.6 * len(claim):
                quotes[i] = replace(q, speaker=other.speaker, speaker_role=other.speaker_role)
                break
    return quotes
