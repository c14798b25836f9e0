"""Match a name as a person types it ("Medvedev", "coach Alireza Mehraban", "the Home Office")
to the speakers the quote extractor resolved ("Dmitry Medvedev", "UK Home Office").

A speaker matches when the typed name's head word (its last word: the surname, or the noun of
"the government") is one of the speaker's words; among matches, the ones that explain most of
the typed words win. So "Sergey Brin" never matches "Sergey Lavrov", while "Putin" matches
"Vladimir Putin" and "Panama coach Hernan Dario Gomez" matches "Hernan Dario Gomez".
"""

from __future__ import annotations

import re

# Titles, roles and articles that precede names and are not part of them.
_TITLES = frozenset(
    [
        "the",
        "a",
        "an",
        "mr",
        "mr.",
        "mrs",
        "ms",
        "ms.",
        "miss",
        "dr",
        "dr.",
        "prof",
        "prof.",
        "professor",
        "president",
        "prime",
        "minister",
        "senator",
        "sen",
        "sen.",
        "rep",
        "rep.",
        "representative",
        "governor",
        "gov",
        "gov.",
        "ambassador",
        "coach",
        "judge",
        "justice",
        "chancellor",
        "king",
        "queen",
        "prince",
        "princess",
        "pope",
        "sir",
        "lord",
        "lady",
        "general",
        "gen",
        "colonel",
        "captain",
        "secretary",
        "chairman",
        "chairwoman",
        "chair",
        "ceo",
        "spokesman",
        "spokeswoman",
        "spokesperson",
        "director",
        "minister",
        "foreign",
        "deputy",
        "head",
        "leader",
        "mayor",
        "officer",
        "prosecutor",
        "lawyer",
        "attorney",
        "dame",
        "saint",
        "st",
        "former",
        "acting",
        "chief",
        "us",
        "u.s.",
        "uk",
    ]
)
_TOKEN = re.compile(r"[\w'’-]+")


def name_words(name: str) -> list[str]:
    words = [
        w.lower().strip("'’-").removesuffix("'s").removesuffix("’s") for w in _TOKEN.findall(name)
    ]
    return [w for w in words if w]


def _core(words: list[str]) -> list[str]:
    core = [w for w in words if w not in _TITLES and len(w) > 1]
    return core or words


def match_speakers(typed: str, speakers: list[str]) -> list[str]:
    """Speakers that ``typed`` names, best first; empty when nobody matches."""
    typed_words = _core(name_words(typed))
    if not typed_words:
        return []
    head = typed_words[-1]
    typed_set = set(typed_words)
    scored: list[tuple[float, float, str]] = []
    for speaker in speakers:
        words = set(_core(name_words(speaker)))
        if head not in words and not (typed_set and typed_set <= words):
            continue
        shared = len(typed_set & words)
        scored.append((shared / len(typed_set), shared / len(words), speaker))
    if not scored:
        return []
    best = max(s[0] for s in scored)
    return [s[2] for s in sorted(scored, reverse=True) if s[0] == best]
