"""A speaker's quotes as an answer lists them: each wording once, cited everywhere it is quoted.

A prolific speaker has thousands of quotes, many of them the same words reprinted by several
articles. Their words are compared by a key made once at ingest (``words_key``, stored with
each quote), so listing them reads light rows - offsets, key, article date - and only the
quotes shown first have their words cut out of the stored text. The rules:

- a quote lying inside another quote of the same list (a direct quote inside the mixed quote
  that contains it) is dropped: the outer one already shows those words;
- the first quote (in the order asked) of each wording is kept; the later ones with the same
  words, whatever their case and punctuation, become its other places.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from typing import NamedTuple

_WORDS = re.compile(r"\w+")


def words_key(text: str) -> str:
    """What two quotes with the same words share: their words, lower-cased, hashed (64 bits:
    a collision between two statements of one speaker is not a practical concern)."""
    words = " ".join(_WORDS.findall(text.lower()))
    return hashlib.blake2b(words.encode("utf-8"), digest_size=8).hexdigest()


class Place(NamedTuple):
    """Where one quote is: what ordering, grouping and citing it needs, without its words."""

    id: int
    article_id: str
    paragraph: int
    start: int
    end: int
    key: str | None  # words_key (None in a read-only store made before schema 6)
    published: str  # its article's date


ORDERS = ("document", "newest", "oldest")


def ordered(places: list[Place], order: str) -> list[Place]:
    """``document``: by article and position; ``newest``: newest article first (the article
    id settles a date shared by two), the last words of an article first; ``oldest``: oldest
    article first, in document order."""
    if order == "newest":
        return sorted(places, key=lambda p: (p.published, p.article_id, -p.start), reverse=True)
    if order == "oldest":
        return sorted(places, key=lambda p: (p.published, p.article_id, p.start))
    return sorted(places, key=lambda p: (p.article_id, p.start))


def outermost(places: Iterable[Place]) -> list[Place]:
    """Drop the places lying inside another place of the same article. One sweep per article
    over spans sorted by start (longest first)."""
    places = list(places)
    spans: dict[str, set[tuple[int, int]]] = {}
    for p in places:
        spans.setdefault(p.article_id, set()).add((p.start, p.end))
    inner: set[tuple[str, int, int]] = set()
    for article_id, found in spans.items():
        if len(found) < 2:
            continue
        reach = -1  # furthest end of the spans starting earlier
        for start, end in sorted(found, key=lambda span: (span[0], -span[1])):
            if end <= reach:
                inner.add((article_id, start, end))
            else:
                reach = end
    if not inner:
        return places
    return [p for p in places if (p.article_id, p.start, p.end) not in inner]


def first_places(places: list[Place]) -> tuple[list[Place], dict[int, list[Place]]]:
    """The first place of each wording, in the given order, and by its id the later places
    of the same words."""
    first: dict[str | None, Place] = {}
    copies: dict[int, list[Place]] = {}
    kept = []
    for p in places:
        home = first.get(p.key)
        if home is None:
            first[p.key] = p
            kept.append(p)
        else:
            copies.setdefault(home.id, []).append(p)
    return kept, copies
