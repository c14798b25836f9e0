"""What a question asks for: someone's statements, the speaker of a statement, or a fact.

"What did X say about Y?", "How did X react to Y?", "Quote X on Y", "What were X's comments?",
"What did X tell Z?" all ask for X's quotes; "Who said S?" asks for a speaker; anything else is
answered with evidence sentences. The speech verbs come from the same lexicon the quote
extractor uses, so any verb that can introduce a quote in an article can ask for one here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from citebot.retrieval.lexicons import CLAUSE_VERBS

_EXTRA_SPEECH = (
    "react respond describe characterize characterise call urge ask plead think feel view see "
    "recommend cite quote comment criticize criticise praise deny demand propose"
)
_SPEECH_WORDS = sorted(
    set(CLAUSE_VERBS) | {f for w in _EXTRA_SPEECH.split() for f in (w, w + "s", w + "d", w + "ed")},
    key=len,
    reverse=True,
)
# Speech verbs are matched in lower case only: a capitalised "State" or "Reports" is part of a
# name ("the US State Department"), not the question's verb.
_VERB = "(?-i:" + "|".join(re.escape(w) for w in _SPEECH_WORDS) + ")"
_AUX = r"(?:did|does|do|has|have|had|was|were|is|are|will|would|could|can)"
_NOUNS = r"(?:comments?|remarks?|words|statements?|views?|position|response|reaction|quotes?|thoughts?|opinion)"
_REST = r"(?:\s+(?P<rest>.*?))?"

# What did X say (about Y)? / How did X react (to Y)? / What else did X say?  The verb is found
# at each position in turn, so "What have recent reports revealed" tries X = "recent" and then
# X = "recent reports"; the caller keeps the first X that names a speaker.
_ASK_LEAD = re.compile(rf"^(?:what|how|why|when|where|which\s+\w+)(?:\s+else)?\s+{_AUX}\s+", re.I)
_VERB_AT = re.compile(rf"\s(?:(?:have|had)\s+to\s+say|{_VERB})\b", re.I)
_OTHER_PATTERNS = [
    # Quote X (on Y)
    re.compile(r"^(?:quote|cite)\s+(?P<x>.+?)(?:\s+(?:on|about|regarding)\s+(?P<rest>.*))?$", re.I),
    # What were X's comments (on Y)? / X's remarks on Y
    re.compile(
        rf"^(?:(?:what|which)\s+(?:were|are|was|is)\s+)?(?P<x>.+?)['’]s?\s+{_NOUNS}\b{_REST}$", re.I
    ),
]
_WHO_SAID = re.compile(rf"^who\s+(?:has\s+|had\s+)?{_VERB}\s+(?P<s>.+)$", re.I)
_WHO_IS = re.compile(r"^(?i:who|what)\s+(?i:is|was|are|were)\s+(?P<x>[A-Z].+)$")
_TOPIC_LEAD = re.compile(r"^(?:about|on|regarding|concerning|to|of|in|after|during)\s+", re.I)
_RESPONSE_VERBS = frozenset(
    f"{v}{e}" for v in ("react", "reply", "respond", "object", "answer") for e in ("", "s", "ed")
) | {"replied", "replies"}
_TELL_VERBS = frozenset({"tell", "tells", "told", "telling"})
_ADDRESSEE = re.compile(r"^to\s+(.+)$", re.I)
_ELSE = re.compile(r"\belse\b|\bother\b|\banother\b|\bfurther\b", re.I)
_YEAR = re.compile(r",?\s+(?:in|during)\s+(?P<year>(?:1[89]|20)\d\d)$", re.I)
_ONLY_YEAR = re.compile(r"^(?:in|during)\s+(?P<year>(?:1[89]|20)\d\d)$", re.I)
_NOT_A_NAME = re.compile(r"^(?:the|a|an|it|this|that|there|you|i|we)$", re.I)
# "..., in order?", "chronologically", "oldest first": the quotes oldest article first. Taken
# out of the question before it is read, so "in order" is never taken for a topic.
_OLDEST_FIRST = re.compile(
    r"[,;]?\s*\b(?:in\s+(?:(?:chronological|date|time)\s+)?order(?!\s+(?:to|for|that)\b)|"
    r"chronologically|(?:the\s+)?(?:oldest|earliest)\s+first|"
    r"from\s+(?:the\s+)?(?:oldest|earliest|first)(?:\s+to\s+(?:the\s+)?(?:newest|latest|last))?)"
    r"\b",
    re.I,
)


@dataclass(frozen=True)
class Intent:
    kind: str  # "speaker" | "who_said" | "factoid"
    speaker: str = ""  # the name as typed ("Medvedev")
    topic: str = ""  # what the statements should be about ("relations with the Taliban")
    addressee: str = ""  # "what did he report TO PUTIN": whom the statements were made to
    statement: str = ""  # for "who said ...": the words to attribute
    entity: str = ""  # for factoid questions about someone ("Who is Zamir Kabulov?")
    more_of_same: bool = False  # "what ELSE did X say": skip quotes already shown
    oldest_first: bool = False  # "in order": the quotes oldest article first (default newest)
    year: str = ""  # "the prime minister in 2005", "what did X say in 2005": that year only


def _clean(question: str) -> str:
    return re.sub(r"\s+", " ", question).strip().rstrip("?!. ").strip()


def _speaker_intent(q: str, speaker: str, rest: str, verb: str = "") -> Intent | None:
    """``verb`` is the question's speech verb; "say/report/tweet ... to X" names an addressee,
    while "react/reply/respond to X" names a topic. A year right after the speaker ("the
    prime minister in 2005 said") or as all the rest ("say in 2005") restricts the answer to
    that year; one inside a topic ("about the flood in 1953") is the topic's."""
    speaker, rest = speaker.strip(), rest.strip()
    year = ""
    if m := _YEAR.search(speaker):
        speaker, year = speaker[: m.start()], m.group("year")
    elif m := _ONLY_YEAR.match(rest):
        rest, year = "", m.group("year")
    if not speaker or _NOT_A_NAME.match(speaker) or len(speaker.split()) > 8:
        return None
    addressee = ""
    if verb.lower() in _TELL_VERBS and rest and not _TOPIC_LEAD.match(rest):
        addressee = rest  # "what did X tell LA Weekly": whom, not what about
    elif verb.lower() not in _RESPONSE_VERBS and (m := _ADDRESSEE.match(rest)):
        addressee = m.group(1)
    return Intent(
        "speaker",
        speaker=speaker,
        topic="" if addressee == rest else _TOPIC_LEAD.sub("", rest),
        addressee=addressee,
        more_of_same=bool(_ELSE.search(q[: q.find(speaker)])),
        year=year,
    )


def parse_all(question: str) -> list[Intent]:
    """Every reading of the question, most likely first; the last one is always a factoid."""
    q = _clean(question)
    ordered = _clean(_OLDEST_FIRST.sub("", q)).strip(",; ")
    if ordered != q and ordered:
        return [replace(r, oldest_first=True) for r in parse_all(ordered)]
    if m := _WHO_SAID.match(q):
        return [Intent("who_said", statement=m.group("s").strip(" \"'“”‘’"))]
    readings: list[Intent] = []
    if lead := _ASK_LEAD.match(q):
        for verb in _VERB_AT.finditer(q, lead.end() - 1):
            intent = _speaker_intent(
                q, q[lead.end() : verb.start()], q[verb.end() :], verb.group().strip()
            )
            if intent:
                readings.append(intent)
    for pattern in _OTHER_PATTERNS:
        if m := pattern.match(q):
            intent = _speaker_intent(q, m.group("x"), m.group("rest") or "")
            if intent:
                readings.append(intent)
    who = _WHO_IS.match(q)
    readings.append(Intent("factoid", entity=who.group("x").strip() if who else ""))
    return readings


_NUMBER = (
    r"\d|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|"
    r"forty|fifty|hundreds?|thousands?|millions?|billions?|dozens?|once|twice|thrice|half)\b"
)
_DATE = (
    r"\b(?:1[5-9]|20)\d\d\b|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d|"
    r"\b(?:mon|tues|wednes|thurs|fri|satur|sun)day\b|\b(?:yesterday|today|tomorrow|ago|last|next)\b"
)
_PLACE = r"\b(?:in|at|on|near|from|outside|inside)\s+(?:the\s+|an?\s+)?[A-Z]"
NUMBER_ANSWER = re.compile(_NUMBER, re.I)
_ANSWER_TYPES = [
    (
        re.compile(
            r"^(?:how\s+(?:many|much|old|long|far|often|big|large|tall)|what\s+(?:percentage|"
            r"proportion|share|age|number|amount))\b",
            re.I,
        ),
        NUMBER_ANSWER,
    ),
    (
        re.compile(
            r"^(?:when|what\s+(?:year|date|day|month|time)|on\s+what\s+date|since\s+when)\b", re.I
        ),
        re.compile(_DATE, re.I),
    ),
    (
        re.compile(r"^(?:where|in\s+which\s+(?:city|country|town|place))\b", re.I),
        re.compile(_PLACE),
    ),
]


def expected_answer(question: str) -> re.Pattern[str] | None:
    """What an answer to a how-many/when/where question must contain (a number, a date, a
    named place), if known."""
    q = _clean(question)
    return next((answer for asks, answer in _ANSWER_TYPES if asks.match(q)), None)
