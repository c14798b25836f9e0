"""Embedded posts: a post's text followed by its signature line, `— Name (@handle) March 3, 2024`.

A news page that embeds a post (a tweet, a Bluesky or Mastodon post) keeps the post's words and,
after them, a dash, the author's name, the handle in brackets and the date. The words are the
author's own, so the post is a direct quote by Name: the handle and the date are neither part of
the name nor of the quote. The words are on the signature's own line before the dash, or else
the paragraph just before it. A quotation paragraph signed by a line of its own with a dash and
a person's name only (`— Ana Ruiz.`), as pages set a quote apart, is that person's quote too.
"""

from __future__ import annotations

import re

from citebot.retrieval.quotes.candidates import Candidate
from citebot.retrieval.quotes.marks import capitals_share, closes_at, opens_at
from citebot.retrieval.speakers.mentions import parse_np

_MONTH = r"[A-Z][a-z]{2,8}\.?"
_SIGNATURE = re.compile(
    r"(?:^|(?<=\s))[—–-]{1,2}\s*(?P<name>[^\s()@—–-][^()@\n]{0,60}?)\s*\(@\w{1,30}\)"
    rf"\s*(?:{_MONTH}\s+\d{{1,2}},?\s+\d{{4}}|\d{{1,2}}\s+{_MONTH}\s+\d{{4}})?\s*"
)
# A signature line with no handle: a dash and a name, nothing else.
_BARE_SIGNATURE = re.compile(r"[—–-]{1,2}\s*(?P<name>[A-Z][^()@\n—–\d]{1,40}?)\.?\s*")


def embedded_posts(text: str, paras: list[tuple[int, int]]) -> list[Candidate]:
    """Direct quotes of the posts embedded in the article, each by the name that signs it."""
    out = []
    for i, (lo, hi) in enumerate(paras):
        sign = _SIGNATURE.search(text, lo, hi)
        if sign is None or sign.end() != hi:
            if i > 0 and (signed := _signed_quotation(text, paras[i - 1], lo, hi)) is not None:
                out.append(signed)
            continue
        if text[lo : sign.start()].strip():
            start, end = lo, lo + len(text[lo : sign.start()].rstrip())
        elif i > 0 and text[paras[i - 1][1] - 1] != ":":
            start, end = paras[i - 1]
        else:
            continue  # `She posted:` then the signature: the post's words are missing
        out.append(_post(text, start, end, sign))
    return out


def _post(text: str, start: int, end: int, sign: re.Match[str]) -> Candidate:
    """The post text[start:end] by the name of ``sign``; a name that is no person or group
    (an emoji, a slogan) is kept as written."""
    lo, hi = sign.span("name")
    name = parse_np(text, lo, hi)
    if name is not None and name.kind in {"person", "group"}:
        return Candidate(start, end, "direct", "", name)
    return Candidate(start, end, "direct", "", speaker=text[lo:hi])


def _signed_quotation(text: str, quoted: tuple[int, int], lo: int, hi: int) -> Candidate | None:
    """The quotation paragraph ``quoted`` when text[lo:hi] signs it with a person's name."""
    sign = _BARE_SIGNATURE.fullmatch(text, lo, hi)
    start, words = quoted[0], text[quoted[0] : quoted[1]].rstrip()
    if (
        sign is None
        or not opens_at(text, start)
        or not closes_at(text, start + len(words.rstrip(".")))
    ):
        return None
    lo, hi = sign.span("name")
    name = parse_np(text, lo, hi)
    if name is None or name.kind != "person" or capitals_share(text[lo:hi]) < 1:
        return None  # "— Staff reports": no one's name
    return Candidate(start, start + len(words), "direct", "", name)
