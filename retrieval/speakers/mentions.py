"""Speaker mentions: what a noun phrase near a cue names (a person, a group, a pronoun).

"Russian Foreign Minister Sergey Lavrov" is a person with a role, "Scientology officials" a
group, "Thomas' sister" a relative; the resolver later maps the mention onto the article's names.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from citebot.retrieval.lexicons import (
    ADVERBS,
    ALL_CUES,
    AUXILIARIES,
    DOCUMENT_NOUNS,
    FEMALE_WORDS,
    FINDING_NOUNS,
    FIRST_PERSON,
    GROUP_NOUNS,
    GROUP_PRONOUNS,
    KIN,
    MALE_WORDS,
    NEGATORS,
    NOUN_CUES,
    OCCUPATIONS,
    ORG_HEADS,
    PERSON_NOUNS,
    PERSON_PRONOUNS,
    RELATIVE_WORDS,
    SPOKESPEOPLE,
    TITLES,
)
from citebot.retrieval.quotes.marks import CLOSE_MARKS, OPEN_MARKS, SINGLE_MARKS
from citebot.retrieval.speakers.names import (
    PREPOSITIONS,
    WORD,
    is_capitalised,
    lower_token,
    name_runs,
    person_name,
    words,
)

# Words a possessor's relative or aide may take ("Thomas' sister", "Lane's top advisers").
_PERSON_NOUNS = KIN | PERSON_NOUNS | OCCUPATIONS | SPOKESPEOPLE
_MAX_RELATIVE_WORDS = 6
_OWNER_PRONOUN = re.compile(r"\s*\b(his|her|their|its|His|Her|Their|Its)\s+")
_POSSESSIVE_END = re.compile(r"\w(?:'s|’s|s'|s’)\s*$")
NP_STOP = RELATIVE_WORDS | PREPOSITIONS | frozenset({"and", "but", "while", "whilst", "as"})
DETERMINERS = frozenset({"the", "a", "an", "his", "her", "its", "their", "our", "this", "that"})
# What a source puts out ("a post from Ruiz", "data from the census"): it speaks for the name.
_SOURCE_NOUNS = DOCUMENT_NOUNS | NOUN_CUES | FINDING_NOUNS
_NOT_HEADS = frozenset(
    {"yesterday", "today", "tonight", "himself", "herself", "itself", "themselves", "alone"}
)


@dataclass(frozen=True)
class Mention:
    """A speaker mention: ``start/end`` is the whole noun phrase, ``head`` the name inside it."""

    start: int
    end: int
    head_start: int
    head_end: int
    kind: str  # "person" | "group" | "pronoun" | "relative"
    role: str = ""
    # The tagger read the head as a plural ("Commuters", "Republicans"; but also "Sanders"):
    # a group unless the article names a person by that word.
    plural: bool = False


def gender_of(text: str, mention: Mention) -> str:
    """ "m", "f" or "" from honorifics, gendered roles and common first names."""
    for tok in words(text, mention.start, mention.end):
        low = lower_token(tok.group()).rstrip(".")
        if low in FEMALE_WORDS or low + "." in FEMALE_WORDS:
            return "f"
        if low in MALE_WORDS or low + "." in MALE_WORDS:
            return "m"
    return ""


def _owned_kind(text: str, at: int, hi: int) -> str | None:
    """What lower-case words after a possessive pronoun name: one "person" ("her lawyer"), a
    "group" (a plural or an organisation: "his aides", "her campaign"), or None ("his eyes")."""
    people = _people_after(text, at, hi)
    if people is not None:
        return "group" if people else "person"
    found = text[at:hi].split()
    return "group" if found and found[-1] in ORG_HEADS and all(w.islower() for w in found) else None


def _owned_document(text: str, at: int, hi: int) -> bool:
    """Do the lower-case words from ``at`` end in something a person issues ("statement",
    "latest tweet")?"""
    found = text[at:hi].split()
    return bool(found) and all(w.islower() for w in found) and found[-1] in NOUN_CUES


def _people_after(text: str, at: int, hi: int) -> bool | None:
    """After a possessive ending at ``at``: do lower-case words ending in a person noun follow
    ("'s top advisers", "'s sister")? True for a plural, False for one person, None when the
    words name something else ("'s statement", "'s campaign")."""
    tail = re.sub(r"^(?:'s|’s|')\s+", "", text[at:hi])
    found = tail.split()
    if not found or not all(w.islower() for w in found):
        return None
    head = found[-1]
    one = re.sub(r"ies$", "y", head) if head.endswith("ies") else head.removesuffix("s")
    if one != head and one in _PERSON_NOUNS:
        return True  # "advisers", "parents"
    return False if head in _PERSON_NOUNS else None


def parse_np(text: str, lo: int, hi: int) -> Mention | None:
    """Interpret a subject noun phrase: a name (with a title/apposition role), a pronoun or a
    group NP ("Scientology officials", "The Home Office letter", "PC World's recent analysis")."""
    ws = words(text, lo, hi)
    if not ws:
        return None
    first = lower_token(ws[0].group())
    if len(ws) == 1 and first in {*PERSON_PRONOUNS, *GROUP_PRONOUNS}:
        return Mention(ws[0].start(), ws[0].end(), ws[0].start(), ws[0].end(), "pronoun")
    if (first in FIRST_PERSON and not ws[0].group().isupper()) or first in {"i", *NEGATORS}:
        return None
    if _POSSESSIVE_END.search(text, lo, hi):
        return None  # "Russia's [state news agency]": a determiner of a following noun
    # Possessive subject: "Cornyn's statement added" -> Cornyn (a kin/role noun keeps the NP).
    poss = re.match(r"\s*((?:[A-Z][\w.-]*\s)*[A-Z][\w.-]*)(?:'s|’s|')\s+([a-z]\w*)", text[lo:hi])
    people = _people_after(text, lo + poss.end(1), hi) if poss else None
    if people is not None and len(ws) <= _MAX_RELATIVE_WORDS:
        # "Thomas' sister pleaded", "Lane's top advisers conceded": the possessor's relative,
        # aides or supporters speak, not the possessor; the head is the possessor's name and
        # the role the words after it.
        s = lo + poss.start(1)
        role = text[lo + poss.start(2) : hi]
        return Mention(lo, hi, s, lo + poss.end(1), "relative", role, plural=people)
    if poss and poss.group(2).lower() not in KIN:
        s = lo + poss.start(1)
        return Mention(lo, hi, s, lo + poss.end(1), "person")
    owner = _OWNER_PRONOUN.match(text, lo, hi)
    if owner is not None and _owned_document(text, owner.end(), hi):
        # "Her statement read", "his tweet said": whoever "she" is speaks through it, as
        # "Cornyn's statement added" is Cornyn's
        return Mention(lo, hi, owner.start(1), owner.end(1), "pronoun")
    kind = _owned_kind(text, owner.end(1), hi) if owner else None
    if owner is not None and kind is not None and len(ws) <= _MAX_RELATIVE_WORDS:
        # "Her office told reporters", "his top aides said": the pronoun's antecedent owns them
        role = text[owner.end() : hi]
        return Mention(lo, hi, owner.start(1), owner.end(1), "relative", role, kind == "group")
    if (
        len(ws) > 2
        and is_capitalised(ws[0].group())
        and (first in GROUP_NOUNS or first.removesuffix("s") in GROUP_NOUNS)
        and lower_token(ws[1].group()) in PREPOSITIONS
    ):
        # "Articles in peer-reviewed journals including Social Science & Medicine have ...": a
        # common-noun head with its modifiers, not the name inside them.
        cut = re.search(r",|\s(?:including|such as)\s", text[lo:hi])
        e = lo + cut.start() if cut else hi
        preps = [m for m in ws[2:] if lower_token(m.group()) in PREPOSITIONS and m.start() < e]
        e = preps[0].start() if preps else e  # "Posts on the message board [for the site ...]"
        e = lo + len(text[lo:e].rstrip())
        return Mention(ws[0].start(), e, ws[0].start(), e, "group")
    # `the "Avatar" star`: a title in quotation marks is no name
    runs = [r for r in name_runs(text, lo, hi) if not _quoted(text, r[0].start(), r[-1].end())]
    nxt = WORD.search(text, runs[0][-1].end(), hi) if runs else None
    if (
        len(runs) > 1
        and len(runs[0]) == 1
        and not text[lo : runs[0][0].start()].strip()
        and nxt
        and lower_token(nxt.group()) in PREPOSITIONS | {"including"}
        and lower_token(runs[0][0].group()).rstrip(".") not in TITLES | ORG_HEADS
        and lower_token(nxt.group()) != "of"
    ):
        runs = runs[:1]  # "Critics of Scientology at ...": the head comes first
    people = []
    after_modifier = False
    for i, run in enumerate(runs):
        name = person_name(text, run)
        # "Lydia Buchtmann for Food Standards Australia": a run after a preposition with no
        # title cut is the modifier's organisation, not the speaker; so is the place that
        # goes on after a comma ("a woman in Leeds, Yorkshire").
        prep = text[lo : run[0].start()].split()[-2:]
        titled = any(lower_token(m.group()).rstrip(".") in TITLES | ORG_HEADS for m in run)
        gap = text[runs[i - 1][-1].end() : run[0].start()] if i else ""
        continued = after_modifier and gap.strip() == ","
        modifier = not titled and (any(w.lower() in PREPOSITIONS for w in prep) or continued)
        after_modifier = modifier
        if len(name) >= 2 or (name and len(run) > len(name)):
            people.append((modifier, run, name))
    described = [m for m in ws if m.start() < runs[0][0].start()] if runs else []
    heads = [
        m.group()
        for m in described
        if m.group().isalpha() and m.group().islower() and m.group() not in DETERMINERS | NP_STOP
    ]
    sourced = any(h in _SOURCE_NOUNS or h.removesuffix("s") in _SOURCE_NOUNS for h in heads)
    if after_modifier and all(p[0] for p in people) and heads and not sourced:
        # "The mayor of Leeds", "a woman in Leeds, Yorkshire": the names are the modifier's
        # place or organisation; the speaker is the one the phrase describes, unnamed. (A
        # document or finding "from"/"by"/"in" a name is that name's: "a post from Ruiz".)
        return Mention(lo, hi, ws[0].start(), ws[-1].end(), "group")
    if people:
        _, run, name = next((p for p in reversed(people) if not p[0]), people[-1])
        role = text[lo : run[0].start()].strip() + " " + text[run[0].start() : name[0].start()]
        role = " ".join(role.split()).strip(" ,")
        return Mention(lo, hi, name[0].start(), name[-1].end(), "person", role)
    if runs:
        run = runs[-1]
        noun = WORD.match(text, run[-1].end() + 1, hi)
        after = WORD.search(text, noun.end(), hi) if noun else None
        if (
            noun
            and text[run[-1].end()] == " "
            and _common_head(noun.group())
            and (after is None or lower_token(after.group()) not in DETERMINERS)
        ):
            # "an Internet posting", "Scientology officials": the name modifies a common noun.
            return Mention(lo, hi, run[0].start(), noun.end(), "group")
        kind = "group" if len(run) > 1 or run[0].group().isupper() else "person"
        return Mention(lo, hi, run[0].start(), run[-1].end(), kind)
    if any(lower_token(m.group()) in GROUP_NOUNS for m in ws):
        return Mention(lo, hi, ws[0].start(), ws[-1].end(), "group")
    return None


def _quoted(text: str, start: int, end: int) -> bool:
    before, after = text[start - 1 : start], text[end : end + 1]
    return (
        bool(before and after)
        and before in OPEN_MARKS + SINGLE_MARKS
        and after in CLOSE_MARKS + SINGLE_MARKS
    )


def _common_head(tok: str) -> bool:
    """A lower-case noun that can head an NP after a name modifier ("Scientology officials")."""
    low = tok.lower()
    return (
        tok.isalpha()
        and tok.islower()
        and not low.endswith(("ly", "ed"))
        and low not in NP_STOP | AUXILIARIES | ADVERBS | NEGATORS | _NOT_HEADS
        and low not in ALL_CUES
    )
