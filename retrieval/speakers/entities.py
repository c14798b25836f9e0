"""Speakers as entities across articles: which quoted names are one person.

Inside an article the extractor already gives each quote the fullest name the article
establishes; a name left short there ("Brown" beside "Gordon Brown") is that person when the
article names exactly one person with those words. Across articles, people are grouped by
surname, and only by what the articles say: the same full name is one person, a shorter name
whose words all belong to one longer name joins it ("Hernan Gomez" and "Hernan Dario Gomez"),
a bare surname joins the one full name that has it, or, when several people share it, the
one whose role it was given too ("Brown, the chancellor"), and otherwise stands alone.
Everything here is a pure function of stored quotes, so a surname's people can be recomputed
at any time from its stored mentions and always come out the same (ids included).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import pairwise

from citebot.retrieval.models import Person, Quote
from citebot.retrieval.speakers.search import (
    name_words,
    own_words,
    people,
    role_head,
    states_role,
)

# Bump when what is derived here changes: stored entities are then rebuilt from the quotes.
ENTITIES_VERSION = "1"

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}")
_POSSESSOR = re.compile(r"^(?P<org>(?:[A-Z][\w&.-]*\s+){0,4}[A-Z][\w&.-]*)['’]s?\s+\S")
_OF_ORG = re.compile(
    r"\b(?:of|at|for)\s+(?:the\s+)?(?P<org>(?:[A-Z][\w&.-]*)(?:\s+(?:of\s+|and\s+|for\s+)?[A-Z][\w&.-]*)*)"
)


@dataclass(frozen=True)
class SpeakerFacts:
    """What one article says about one of its speakers."""

    speaker: str  # as the quotes hold it
    person: str  # the article's fullest name for them
    surname: str
    roles: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()  # title forms seen ("Mr Brown", "Chancellor Brown")
    organisations: tuple[str, ...] = ()


def surname_of(name: str) -> str:
    """The word people are grouped by: the last word of what names them."""
    words = own_words(name)
    return words[-1] if words else ""


def entity_id(canonical: str) -> str:
    """Derived from the canonical name, so the same person gets the same id in any index
    built from the same articles, and a rebuild cannot renumber anyone."""
    return hashlib.sha1(canonical.casefold().encode("utf-8")).hexdigest()[:12]


def organisation_of(role: str) -> str:
    """The organisation a role names: "Tesco" in "Tesco's chief executive", "Refugee
    Council" in "chief executive of the Refugee Council"; "" when it names none."""
    m = _POSSESSOR.match(role) or _OF_ORG.search(role)
    return m.group("org") if m else ""


def _alias(text: str, quote: Quote, surname: str) -> str:
    """The mention near the cue when it is a title form of the name ("Mr Brown")."""
    if quote.speaker_start is None or quote.speaker_end is None:
        return ""
    mention = " ".join(text[quote.speaker_start : quote.speaker_end].split())
    if mention == quote.speaker or not mention[:1].isupper():
        return ""
    return mention if surname and surname in name_words(mention) else ""


def article_speakers(text: str, quotes: Iterable[Quote]) -> list[SpeakerFacts]:
    """The article's speakers with their roles and title forms, in first-quoted order."""
    quotes = [q for q in quotes if q.speaker]
    names = list(dict.fromkeys(q.speaker for q in quotes))
    person = {name: group[0] for group in people(sorted(names)) for name in group}
    found: dict[str, dict[str, dict[str, None]]] = {}
    for q in quotes:
        facts = found.setdefault(q.speaker, {"roles": {}, "aliases": {}, "orgs": {}})
        if q.speaker_role:
            facts["roles"][q.speaker_role] = None
            if org := organisation_of(q.speaker_role):
                facts["orgs"][org] = None
        if alias := _alias(text, q, surname_of(person[q.speaker])):
            facts["aliases"][alias] = None
    return [
        SpeakerFacts(
            speaker=name,
            person=person[name],
            surname=surname_of(person[name]),
            roles=tuple(facts["roles"]),
            aliases=tuple(facts["aliases"]),
            organisations=tuple(facts["orgs"]),
        )
        for name, facts in found.items()
    ]


def group_surname(persons: dict[str, set[str]]) -> dict[str, str]:
    """The people sharing one surname: each name (with the role heads the articles give it)
    -> its entity's canonical name (the fullest name of its group)."""
    names = sorted(persons)
    groups = people(names)
    canonical = {name: group[0] for group in groups for name in group}
    full = [g[0] for g in groups if len(own_words(g[0])) >= 2]
    for name in names:
        if canonical[name] != name or len(own_words(name)) >= 2 or not persons[name]:
            continue
        # a bare surname several people share: the one whose role the articles gave it too
        sharing = [f for f in full if persons[name] & _heads(groups, f, persons)]
        if len(sharing) == 1:
            for other, home in canonical.items():
                if home == name:
                    canonical[other] = sharing[0]
    return canonical


def _heads(groups: list[list[str]], first: str, persons: dict[str, set[str]]) -> set[str]:
    group = next(g for g in groups if g[0] == first)
    return set().union(*(persons[n] for n in group))


def role_heads(roles: Iterable[str]) -> set[str]:
    return {h for h in map(role_head, roles) if h}


def lookup_words(name: str) -> set[str]:
    """The words an entity is found by: the words that name it, and its initials."""
    own = own_words(name)
    initials = "".join(w[0] for w in re.findall(r"[\w'’-]+", name) if w[:1].isupper())
    return set(own) | ({initials.lower()} if len(initials) >= 2 else set())


def succession(role: str, holders: list[Person]) -> list[tuple[str, str, Person]] | None:
    """(first, last date stated in the role, holder), oldest first, when the holders held
    ``role`` one after another by their articles' dates (each one's last date before the
    next one's first); None when their dates overlap or are unknown: then which one is meant
    is the reader's to say."""
    spans = []
    for person in holders:
        dates = sorted(
            d[:10] for r, d in person.roles if _ISO_DATE.match(d) and states_role(role, r)
        )
        if not dates:
            return None
        spans.append((dates[0], dates[-1], person))
    spans.sort(key=lambda s: (s[0], s[1]))
    if any(later[0] <= earlier[1] for earlier, later in pairwise(spans)):
        return None
    return spans
