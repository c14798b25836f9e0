"""Word lists for quote extraction, speaker attribution and factual answers, read from the TOML
files beside this module.

Kept as data so the lexicons can grow without touching the rules. All entries are lower-case;
lookups lower-case the token first. May import only the standard library.
"""

from __future__ import annotations

import tomllib
from importlib.resources import files


def _load(name: str) -> dict:
    return tomllib.loads(files(__package__).joinpath(name).read_text(encoding="utf-8"))


def _inflect(lemmas: str) -> dict[str, str]:
    """Map every regular inflection of each lemma ("say|said") to its lemma.

    An entry "x|y|z" lists the lemma followed by its irregular forms.
    """
    forms: dict[str, str] = {}
    for entry in lemmas.split():
        lemma, *irregular = entry.split("|")
        stem = lemma[:-1] if lemma.endswith("e") and not lemma.endswith("ee") else lemma
        es = lemma + ("es" if lemma.endswith(("s", "sh", "ch", "x", "z")) else "s")
        if lemma.endswith("y") and lemma[-2] not in "aeiou":
            es = lemma[:-1] + "ies"
        regular = [lemma, es, stem + "ing"]
        if not irregular:
            past = lemma + "d" if lemma.endswith("e") else lemma + "ed"
            if lemma.endswith("y") and lemma[-2] not in "aeiou":
                past = lemma[:-1] + "ied"
            regular.append(past)
        for form in [*regular, *irregular]:
            forms[form] = lemma
    return forms


_reporting = _load("reporting.toml")
_function = _load("function_words.toml")
_people = _load("people.toml")

CLAUSE_VERBS = _inflect(_reporting["clause_verbs"])
THAT_ONLY = frozenset(_reporting["that_only"].split())
REQUEST_VERBS = _inflect(_reporting["request_verbs"])
INFINITIVE_VERBS = frozenset(REQUEST_VERBS.values()) | frozenset(
    _reporting["infinitive_verbs"].split()
)
AS_VERBS = _inflect(_reporting["as_verbs"])
QUESTION_VERBS = frozenset(_reporting["question_verbs"].split())
LIKELIHOOD_VERBS = frozenset(_reporting["likelihood_verbs"].split())
ANONYMITY_VERBS = frozenset(_reporting["anonymity_verbs"].split())
ANONYMITY_NOUNS = frozenset(_reporting["anonymity_nouns"].split())
AUTHORSHIP_VERBS = frozenset(_reporting["authorship_verbs"].split())
QUOTE_ONLY_VERBS = _inflect(_reporting["quote_only_verbs"])
ALL_CUES: dict[str, str] = {**QUOTE_ONLY_VERBS, **AS_VERBS, **REQUEST_VERBS, **CLAUSE_VERBS}
ALL_CUES.pop("reading", None)  # "reading" is nearly always the noun/activity
NEGATORS = frozenset(_reporting["negators"].split())
# Lemmas (not forms) for the syntax pass, which reads lemmas off the parse.
SPEECH_LEMMAS = frozenset(ALL_CUES.values()) | frozenset(
    e.split("|")[0] for e in _reporting["speech_verbs"].split()
)
CLAUSE_ONLY = frozenset(_reporting["clause_only"].split()) | THAT_ONLY
NOUN_CUES = frozenset(_reporting["noun_cues"].split())
CANCELLING_VERBS = frozenset(_reporting["cancelling_verbs"].split())
SET_PHRASES = frozenset(
    tuple(line.split()) for line in _reporting["set_phrases"].splitlines() if line.strip()
)
OBJECT_VERBS: dict[str, str] = dict(_reporting["object_verbs"])
NAMING_VERBS = frozenset(_reporting["naming_verbs"].split())
DEMAND_PREPS = frozenset(tuple(e.split("|")) for e in _reporting["demand_preps"].split())

AUXILIARIES = frozenset(_function["auxiliaries"].split())
ADVERBS = frozenset(_function["adverbs"].split())
RELATIVE_WORDS = frozenset(_function["relative_words"].split())
WH_WORDS = frozenset(_function["wh_words"].split())
INTRO_WORDS = frozenset(_function["intro_words"].split())
CONNECTIVES = frozenset(line.strip() for line in _function["connectives"].splitlines() if line)
PERSON_PRONOUNS: dict[str, str] = dict(_function["person_pronouns"])
GROUP_PRONOUNS = frozenset(_function["group_pronouns"].split())
POSSESSIVE_PRONOUNS: dict[str, str] = dict(_function["possessive_pronouns"])
FIRST_PERSON = frozenset(_function["first_person"].split())
QUANTIFIERS = frozenset(_function["quantifiers"].split())

# Both spellings of an abbreviated title ("Sen." and "Sen"), whichever the lexicon lists.
TITLES = frozenset(w for t in _people["titles"].split() for w in (t, t.rstrip(".")))
ORG_HEADS = frozenset(_people["org_heads"].split())
ORG_NOUNS = frozenset(_people["org_nouns"].split())
ORG_RELATIONS = frozenset(_people["org_relations"].split())
NAME_SUFFIXES = frozenset(_people["name_suffixes"].split())
AFFILIATIONS = frozenset(_people["affiliations"].split())
KIN = frozenset(_people["kin"].split())
GROUP_ALIASES: dict[str, str] = dict(_people["group_aliases"])
NON_NAMES = frozenset(_people["non_names"].split()) | INTRO_WORDS
GROUP_NOUNS = frozenset(_people["group_nouns"].split())
OCCUPATIONS = frozenset(_people["occupations"].split())
PERSON_NOUNS = frozenset(_people["person_nouns"].split())
SPOKESPEOPLE = frozenset(_people["spokespeople"].split())
PRESS = frozenset(_people["press"].split())
DOCUMENT_NOUNS = frozenset(_people["documents"].split())
FINDING_NOUNS = frozenset(_people["finding_nouns"].split())
FEMALE_WORDS = frozenset(_people["female_words"].split())
MALE_WORDS = frozenset(_people["male_words"].split())

PLACES = frozenset(_load("places.toml")["places"].split())

_answers = _load("answers.toml")
SUPERLATIVES = frozenset(_answers["superlatives"].split())
MEASURED_QUANTITIES = frozenset(_answers["measured"].split())
