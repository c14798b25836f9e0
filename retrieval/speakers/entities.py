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
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import combinations, pairwise

from citebot.retrieval.lexicons import FEMALE_WORDS, MALE_WORDS
from citebot.retrieval.models import Person, Quote
from citebot.retrieval.speakers.search import (
    name_parts,
    name_words,
    names_group,
    own_words,
    people,
    resolve_names,
    states_role,
)

# Bump when what is derived here changes: stored entities are then rebuilt from the quotes.
ENTITIES_VERSION = "3"

HONORIFICS = frozenset({"mr", "mrs", "ms", "miss", "mx", "dr"})
_RELATION_WORDS = frozenset({"for", "of", "to", "at", "with"})  # "a spokesman for X" is not X
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
    # A bare surname that several of the article's people share belongs to none of them.
    person = {name: name for name in names}
    person.update({name: group[0] for group in people(sorted(names)) for name in group})
    found: dict[str, dict[str, dict[str, None]]] = {}
    for q in quotes:
        facts = found.setdefault(q.speaker, {"roles": {}, "aliases": {}, "orgs": {}})
        surname = surname_of(person[q.speaker])
        if q.speaker_role.lower().rstrip(".") in HONORIFICS:  # "Ms": a title form, no role
            facts["aliases"][f"{q.speaker_role} {person[q.speaker].split()[-1]}"] = None
        elif q.speaker_role:
            facts["roles"][q.speaker_role] = None
            if org := organisation_of(q.speaker_role):
                facts["orgs"][org] = None
        if alias := _alias(text, q, surname):
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


def clue(kind: str, value: str, head: str) -> str:
    """What a stored fact tells about who a bare surname is: the role's head noun
    ("role:secretary"), or the gender of a title form ("gender:f" for "Ms Hale")."""
    if kind == "role" and head:
        return f"role:{head}"
    if kind == "alias" and (gender := _gender(value.split()[0])):
        return f"gender:{gender}"
    return ""


def title_gender(typed: str) -> str:
    """ "f" for "Ms Hale", "m" for "Mr Hale", "" otherwise."""
    words = typed.split()
    return _gender(words[0]) if len(words) >= 2 else ""


def name_gender(name: str) -> str:
    """The gender a full name's given name suggests ("Margaret Hale": "f"), or ""."""
    words = own_words(name)
    return _gender(words[0]) if len(words) >= 2 else ""


def _gender(word: str) -> str:
    low = word.lower().rstrip(".")
    return "f" if low in FEMALE_WORDS else "m" if low in MALE_WORDS else ""


def group_surname(persons: dict[str, set[str]]) -> dict[str, str]:
    """The people sharing one surname: each name (with the clues its facts give) -> its
    entity's canonical name (the fullest name of its group)."""
    names = sorted(persons)
    groups = people(names)
    canonical = {name: group[0] for group in groups for name in group}
    for name in names:  # a bare surname several people share stands alone...
        if name not in canonical:
            canonical[name] = name
            groups.append([name])
    clues = {g[0]: set().union(*(persons[n] for n in g)) for g in groups}
    full = [g[0] for g in groups if len(own_words(g[0])) >= 2]
    for f in full:
        if gender := name_gender(f):
            clues[f].add(f"gender:{gender}")
    for name in names:
        if canonical[name] != name or len(own_words(name)) >= 2:
            continue
        # ...unless its articles give it the role of exactly one of them, or the title of
        # exactly one's gender ("Ms Hale" beside Margaret and Peter Hale)
        roles = {c for c in clues[name] if c.startswith("role:")}
        home = [f for f in full if roles & clues[f]]
        genders = {c for c in clues[name] if c.startswith("gender:")}
        if not home and len(genders) == 1 and all(_gendered(clues[f]) for f in full):
            home = [f for f in full if genders & clues[f]]
        if len(home) == 1:
            for other, at in canonical.items():
                if at == name:
                    canonical[other] = home[0]
    return canonical


def _as_one(
    given: str,
    canonical: dict[str, str],
    names: dict[str, list[str]],
    articles: Counter[str],
) -> tuple[tuple[str, ...], str, list[str], int]:
    """Entities answered as one, named by the most quoted (of equals, the one without words
    before the ``given`` name)."""
    first = max(canonical, key=lambda e: (articles[e], -_position(given, canonical[e])))
    every = [n for eid in sorted(canonical) for n in names[eid]]
    return (tuple(sorted(canonical)), canonical[first], every, sum(articles[e] for e in canonical))


def _words(name: str) -> list[str]:
    return [w.strip(",").lower() for w in name.split()]


def _themselves(typed: str, canonical: dict[str, str]) -> dict[str, str]:
    """Without "a spokesman for Nadia Petrov" when Nadia Petrov is quoted herself."""
    words = own_words(typed)
    if not words:
        return canonical  # "Clinton's N.Y.": nothing of its own names a person
    first = words[0]
    own = {
        e: n
        for e, n in canonical.items()
        if not any(w in _RELATION_WORDS for w in _words(n)[: _position(first, n)])
    }
    return own or canonical


def _from(word: str, name: str) -> str:
    return " ".join(name.split()[_position(word, name) :])


def _position(word: str, name: str) -> int:
    return next((i for i, w in enumerate(_words(name)) if name_words(w) == [word]), 0)


def _given_name(typed: str, names: list[str]) -> str:
    """The given name the people asked about share: the typed one ("Nadia Petrov"), or, for a
    surname alone, a word every name found has ("Ohioan Nadia Petrov", "Nadia Ilona
    Petrov"); "" when they share none."""
    typed_words = own_words(typed)
    if len(typed_words) >= 2:
        return typed_words[0]
    shared = set.intersection(*(set(own_words(n)) for n in names)) - set(typed_words)
    return next((w for w in own_words(names[0]) if w in shared), "")


def _one_name(names: list[str]) -> bool:
    """Every name's words and initials belong to the longest one ("Hillary Clinton", "Hillary
    Rodham Clinton"); "George W. Bush" and "George H.W. Bush" are two people."""
    parts = [name_parts(n) for n in names]
    longest = max(parts, key=len)
    return all(p <= longest for p in parts)


def _gendered(clues: set[str]) -> bool:
    return sum(c.startswith("gender:") for c in clues) == 1


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
    asked = set(name_words(role))
    spans, qualifiers = [], []
    for person in holders:
        stated = [(r, d) for r, d in person.roles if states_role(role, r)]
        dates = sorted(d[:10] for _, d in stated if _ISO_DATE.match(d))
        if not dates:
            return None
        spans.append((dates[0], dates[-1], person))
        qualifiers.append({w for r, _ in stated for w in name_words(r)} - asked - {"the", "a"})
    # "French Foreign Minister" and "Spanish Foreign Minister" are two roles, not one held twice
    if any(a and b and not a & b for a, b in combinations(qualifiers, 2)):
        return None
    spans.sort(key=lambda s: (s[0], s[1]))
    if any(later[0] <= earlier[1] for earlier, later in pairwise(spans)):
        return None
    return spans


def choose_people(
    typed: str, rows: list[tuple[str, str, str, int]]
) -> list[tuple[tuple[str, ...], str, list[str], int]]:
    """Which of the stored entities a typed name means, most quoted first, as (entity ids,
    canonical name, speaker names, articles); ``rows`` are (entity id, canonical name, a
    speaker name, articles quoting it) of the entities its words found. A group noun ("the
    government", "officials") means all of them as one; a title ("Ms Hale") only people of
    its gender; a bare surname nobody's full name explains stands aside when people named in
    full answer to it: its quotes are not shown as anyone's. Entities whose names agree from
    the given name they share on are one person ("Rival Hillary Clinton", "Hillary Rodham
    Clinton"); "Obama" is not the "Obama administration", nor a spokesman for him."""
    found = set(resolve_names(typed, sorted({r[2] for r in rows})))
    canonical: dict[str, str] = {}
    names: dict[str, list[str]] = {}
    articles: Counter[str] = Counter()
    for eid, name, speaker, count in rows:
        # "Oliver Hale" is not Margaret Hale, whose bare "Ms Hale" matched it
        if speaker in found and resolve_names(typed, [name]):
            canonical[eid] = name
            names.setdefault(eid, []).append(speaker)
            articles[eid] += count
    if names_group(typed) and len(canonical) > 1:
        return [_as_one(own_words(typed)[0], canonical, names, articles)]
    if gender := title_gender(typed):
        canonical = {e: n for e, n in canonical.items() if name_gender(n) in ("", gender)}
    if any(len(own_words(name)) >= 2 for name in canonical.values()):
        canonical = {e: n for e, n in canonical.items() if len(own_words(n)) >= 2}
    # "Obama" is Barack Obama, not the "Obama administration" or "Obama aides"
    last = name_words(typed)[-1:]
    if ending := {e: n for e, n in canonical.items() if name_words(n)[-1:] == last}:
        canonical = ending
    if len(canonical) > 1:
        canonical = _themselves(typed, canonical)
    given = _given_name(typed, list(canonical.values())) if len(canonical) > 1 else ""
    # a description an article wrote before the name is none of it ("Rival Hillary Clinton")
    if given and _one_name([_from(given, n) for n in canonical.values()]):
        return [_as_one(given, canonical, names, articles)]
    ordered = sorted(canonical, key=lambda e: (-articles[e], -len(canonical[e]), canonical[e]))
    return [((e,), canonical[e], names[e], articles[e]) for e in ordered]
