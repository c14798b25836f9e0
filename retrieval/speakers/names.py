"""Capitalised name runs and the person name inside them ("Foreign Minister Sergey Lavrov").

Found by shape (capitalisation, particles, titles) without a tagger: the quote passes call these
many times per article and must stay cheap.
"""

from __future__ import annotations

import re
from functools import lru_cache

from citebot.retrieval.lexicons import (
    AFFILIATIONS,
    NAME_SUFFIXES,
    NON_NAMES,
    OCCUPATIONS,
    ORG_HEADS,
    TITLES,
)

WORD = re.compile(r"(?:[A-Za-z]\.){2,}|\w+(?:[-'’.@&/]\w+)*(?:\.(?=\s+[a-z]|,))?")
_PARTICLES = frozenset(
    {"al", "el", "bin", "ibn", "de", "da", "di", "van", "von", "der", "la", "le"}
)
# A compound that ends in a participle or an agent noun describes someone; it names nobody.
_DESCRIPTION = re.compile(r"-[a-z]+(?:ed|ing|ers?|born)$")
PREPOSITIONS = frozenset({"of", "for", "from", "in", "at", "to", "with", "by", "on"})


def words(text: str, lo: int, hi: int) -> list[re.Match[str]]:
    """Word tokens of text[lo:hi] as matches, so callers keep offsets into the text."""
    return list(WORD.finditer(text, lo, hi))


@lru_cache(maxsize=8192)
def lower_token(tok: str) -> str:
    """Lower case with the typographic apostrophe folded ("Russia’s" -> "russia's")."""
    return tok.lower().replace("’", "'")


def is_capitalised(tok: str) -> bool:
    """A capital initial, or a capital after a short hyphenated prefix ("al-Qaeda")."""
    return tok[:1].isupper() or (tok[:1].isdigit() is False and "-" in tok and tok[3:4].isupper())


@lru_cache(maxsize=8192)
def _name_token(tok: str) -> bool:
    """Can the token be part of a name: capitalised, an acronym or a particle ("bin")?"""
    low = lower_token(tok).rstrip(".")
    if low.endswith("'s") and low[:-2] in NON_NAMES:
        return False  # "There's", "It's", "What's"
    if _DESCRIPTION.search(tok):
        return False  # "Oscar-winning", "Ohio-based", "Oscar-winner"; not "Ki-moon"
    acronym = len(tok) > 1 and tok.replace(".", "").isupper()
    return acronym or (is_capitalised(tok) and low not in NON_NAMES) or low in _PARTICLES


def name_runs(text: str, lo: int, hi: int) -> list[list[re.Match[str]]]:
    """Maximal runs of adjacent capitalised words (single spaces / hyphens between them, or an
    initial's full stop)."""
    runs: list[list[re.Match[str]]] = []
    for m in words(text, lo, hi):
        tok = m.group()
        if not _name_token(tok):
            continue
        if (
            runs
            and text[runs[-1][-1].end() : m.start()] in _name_gaps(runs[-1][-1].group())
            and (is_capitalised(tok) or lower_token(tok) in _PARTICLES)
        ):
            runs[-1].append(m)
        else:
            runs.append([m])
    # A run cannot end with a particle ("de" in "the city de ...").
    return [r for r in (_trim_particles(r) for r in runs) if r]


def _name_gaps(prev: str) -> tuple[str, ...]:
    """What may stand between two words of one name: a space, a hyphen, and after an initial
    its full stop ("George W. Bush"). A dash after a word in capitals ends a dateline
    ("CLEVELAND - Donald Trump")."""
    if len(prev) == 1 and prev.isupper():
        return (" ", " - ", ". ")
    return (" ",) if prev.isupper() else (" ", " - ")


def _trim_particles(run: list[re.Match[str]]) -> list[re.Match[str]]:
    while run and lower_token(run[-1].group()) in _PARTICLES:
        run = run[:-1]
    while run and lower_token(run[0].group()) in _PARTICLES:
        run = run[1:]
    return run


_NOT_NAME_PARTS = TITLES | ORG_HEADS | OCCUPATIONS | AFFILIATIONS


def person_name(text: str, run: list[re.Match[str]]) -> list[re.Match[str]]:
    """The person's name inside a capitalised run: titles, nationalities and organisations cut.

    "Russian Foreign Minister Sergey Lavrov" -> "Sergey Lavrov"; "Refugee Council Enver Solomon"
    -> "Enver Solomon"; "CNBC's Becky Quick" -> "Becky Quick". Returns [] when nothing name-like
    remains.
    """
    last_title = max(
        (i for i, m in enumerate(run) if lower_token(m.group()).rstrip(".") in _NOT_NAME_PARTS),
        default=-1,
    )
    # "CNBC's Becky Quick": a possessor before the name is an affiliation, not part of it.
    owner = max(
        (i for i, m in enumerate(run[:-1]) if lower_token(m.group()).endswith("'s")), default=-1
    )
    name = run[max(last_title, owner) + 1 :]
    while len(name) > 2 and lower_token(name[-1].group()).strip(".,") in NAME_SUFFIXES:
        name = name[:-1]  # "Joseph R. Biden Jr." is known by "Biden"
    if not name:
        return []
    before = text[max(0, run[0].start() - 6) : run[0].start()].split()
    if len(name) > 2 and ((before and before[-1].lower() in PREPOSITIONS) or len(name) > 3):
        name = name[-2:]
    return name
