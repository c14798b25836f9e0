"""Match a name as a person types it ("Medvedev", "coach Alireza Mehraban", "the Home Office",
"KCNA") to the speakers the quote extractor resolved ("Dmitry Medvedev", "UK Home Office",
"Korean Central News Agency").

A speaker matches when the typed name's head word (its last word: the surname, or the noun of
"the government") is one of the speaker's words, or when the typed name is an acronym of the
speaker's capitalised words; among matches, the ones that explain most of the typed words win.
So "Sergey Brin" never matches "Sergey Lavrov", while "Putin" matches "Vladimir Putin" and
"Panama coach Hernan Dario Gomez" matches "Hernan Dario Gomez". A possessive speaker
("Thomas Sam's sister") is someone else than its possessor: "Thomas Sam" does not match it.
"""

from __future__ import annotations

import re
import unicodedata

from citebot.retrieval.lexicons import GROUP_NOUNS
from citebot.retrieval.speakers.given_names import same_given_name

# Titles, roles and articles that precede names and are not part of them.
_TITLES = frozenset(
    """the a an mr mrs ms miss dr prof professor president prime minister senator sen rep
    representative governor gov ambassador coach judge justice chancellor king queen prince
    princess pope sir lord lady general gen colonel pres admiral captain secretary chairman chairwoman chair
    ceo spokesman spokeswoman spokesperson director foreign deputy head leader mayor officer
    prosecutor lawyer attorney dame saint st former acting chief us uk""".split()
)
_ARTICLES = frozenset({"the", "a", "an"})
_TOKEN = re.compile(r"[\w'’-]+")
_POSSESSIVE = re.compile(r"['’]s?\s+(?=\w)")
_ACRONYM = re.compile(r"^[A-Z]{2,6}$")
_INITIALS = re.compile(r"\b(?:[A-Z]\.)+")


def name_words(name: str) -> list[str]:
    """A name's words in lower case, accents folded: people type "Francois Hollande" for
    "François Hollande"."""
    words = [
        _fold(w.lower()).strip("'’-").removesuffix("'s").removesuffix("’s")
        for w in _TOKEN.findall(name)
    ]
    return [w for w in words if w]


def _fold(word: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", word) if not unicodedata.combining(c))


def _title_surname(words: list[str]) -> bool:
    """Does a title end the name as its surname, after a given name ("Ada Pope")?"""
    return len(words) >= 2 and words[-1] in _TITLES and words[-2] not in _TITLES


def _core(words: list[str]) -> list[str]:
    # A title precedes a name: one that ends it after a name word is a surname ("Ada Pope",
    # "Peter T. King"), as is the noun after a department ("Treasury spokesman").
    last = len(words) - 1 if _title_surname(words) else -1
    core = [w for i, w in enumerate(words) if len(w) > 1 and (w not in _TITLES or i == last)]
    return core or [w for w in words if len(w) > 1 and w not in _ARTICLES]


def _is_role(words: list[str]) -> bool:
    """ "pope", "the king": titles alone, naming a role (or a bare surname that is one)."""
    return all(w in _TITLES for w in words if len(w) > 1)


def _typed_role(typed: str) -> bool:
    """ "the pope", "the Pope", "pope": a role asked about, not the surname "King" typed."""
    tokens = _TOKEN.findall(typed)
    return (
        bool(tokens)
        and _is_role(name_words(typed))
        and (tokens[0].lower() in _ARTICLES or tokens[-1].islower())
    )


def own_words(speaker: str) -> list[str]:
    """The words that name the speaker: for "Thomas Sam's sister", only "sister"."""
    parts = _POSSESSIVE.split(speaker)
    return _core(name_words(parts[-1]))


def _initials(speaker: str) -> str:
    return "".join(w[0] for w in _TOKEN.findall(speaker) if w[:1].isupper())


def match_speakers(typed: str, speakers: list[str]) -> list[str]:
    """Speakers that ``typed`` names, best first; empty when nobody matches."""
    typed_words = _core(name_words(typed))
    if not typed_words:
        return []
    acronyms = {w for w in _TOKEN.findall(typed) if _ACRONYM.match(w)}
    head = typed_words[-1]
    typed_set = set(typed_words)
    possessive = bool(_POSSESSIVE.search(typed))
    role = _typed_role(typed)
    scored: list[tuple[float, float, str]] = []
    for speaker in speakers:
        if role and _title_surname(name_words(speaker)):
            continue  # "the pope" is not Ada Pope
        words = set(_speaker_words(speaker, possessive))
        if _initials(speaker) in acronyms:
            scored.append((1.0, 1.0, speaker))
            continue
        if head not in words and not typed_set <= words:
            continue
        shared = len(typed_set & words)
        scored.append((shared / len(typed_set), shared / len(words), speaker))
    if not scored:
        return []
    best = max(s[0] for s in scored)
    return [s[2] for s in sorted(scored, reverse=True) if s[0] == best]


def _speaker_words(speaker: str, possessive: bool) -> list[str]:
    """The speaker's words a typed name is matched against: all of them for a possessive
    ("Lane's aides" names Tom Lane too), else only its own ("sister" in "Thomas Sam's sister")."""
    return _core(name_words(speaker)) if possessive else own_words(speaker)


def _conflicts(typed_words: list[str], speaker: str, possessive: bool) -> bool:
    """A speaker whose other names share none of the typed ones is someone else: "Cherie
    Blair" is not "Tony Blair", and "Oliver Irish" is not "Irish boys"; "G." (from "G.
    Brown") and "Ken" (Kenneth) are given names they may share."""
    head = typed_words[-1]
    given = {w for w in _speaker_words(speaker, possessive) if w != head}
    typed = [w for w in typed_words[:-1] if w != head]
    if not typed or not given:
        return False
    return not any(same_given_name(w, g) for w in typed for g in given)


def people(speakers: list[str]) -> list[list[str]]:
    """Group speaker names into people: a name whose words all belong to a longer name is that
    person ("Hernan Gomez" → "Hernan Dario Gomez"); a bare surname joins the one full name
    with that surname, and stands alone when several people share it."""
    full = sorted((s for s in speakers if len(own_words(s)) >= 2), key=lambda s: -len(s))
    groups: list[list[str]] = []
    for name in full:
        words = name_parts(name)
        home = next((g for g in groups if words <= name_parts(g[0])), None)
        if home is None:
            groups.append([name])
        else:
            home.append(name)
    for name in (s for s in speakers if len(own_words(s)) < 2):
        words = set(own_words(name))
        # a bare surname is that person; "officials" or "government" is not "Scientology
        # officials" or "federal government", nor "Pope" (a role, in another article) Ada Pope
        joins = words and not words & GROUP_NOUNS and not _is_role(list(words))
        homes = [g for g in groups if joins and words <= set(own_words(g[0]))]
        if len(homes) == 1:
            homes[0].append(name)
        elif not homes:
            groups.append([name])
    return groups


def name_parts(name: str) -> set[str]:
    """A name's words and its initials: "George W. Bush" is not "George H.W. Bush"."""
    return set(own_words(name)) | set(_INITIALS.findall(name))


def typed_keys(typed: str) -> set[str]:
    """The words a typed name finds stored people by (``speakers.entities.lookup_words``):
    its head word and any acronym in it."""
    words = _core(name_words(typed))
    acronyms = {w.lower() for w in _TOKEN.findall(typed) if _ACRONYM.match(w)}
    return ({words[-1]} if words else set()) | acronyms


def names_group(typed: str) -> bool:
    """ "the government", "officials": a group, not one person."""
    words = _core(name_words(typed))
    return bool(words) and words[-1] in GROUP_NOUNS


def resolve_names(typed: str, speakers: list[str]) -> list[str]:
    """The speaker names ``typed`` names: the best matches, without those whose given names
    are someone else's ("Cherie Blair" is not "Tony Blair")."""
    typed_words = _core(name_words(typed))
    if not typed_words:
        return []
    possessive = bool(_POSSESSIVE.search(typed))
    return [
        s for s in match_speakers(typed, speakers) if not _conflicts(typed_words, s, possessive)
    ]


_ROLE_CUT = re.compile(r"\s+(?:of|to|for|at|in|on|with|from)\s+", re.IGNORECASE)


def role_head(role: str) -> str:
    """The noun a role phrase is about: "minister" in "New Zealand's Prime Minister", "CEO" in
    "CEO of the Refugee Council", "undersecretary" in "undersecretary to the prime minister"."""
    words = name_words(_ROLE_CUT.split(role, maxsplit=1)[0])
    return words[-1] if words else ""


def states_role(asked: str, stated: str) -> bool:
    """Whether a role the articles give (``stated``) is the one asked for ("the prime
    minister", "Tesco's chief executive"): same head noun, and every other word of the asked
    role in it. Strict on purpose: a role given to the wrong person is worse than no answer."""
    words = [w for w in name_words(asked) if w not in _ARTICLES]
    return (
        bool(words)
        and role_head(stated) == role_head(asked)
        and set(words) <= set(name_words(stated))
    )


def looks_like_role(typed: str) -> bool:
    """ "the prime minister", "Tesco's chief executive": a role, not a name (its head word is
    written in lower case)."""
    words = typed.split()
    return len(words) >= 1 and words[-1][:1].islower() and words[-1].lower() not in _ARTICLES
