"""Rewrite a follow-up into a self-contained question, using what the conversation was about.

"What else did he say?" (or just "What else?") -> "What else did Dmitry Medvedev say?";
"And Lavrov?" after "What did Medvedev say?" -> "What did Lavrov say?";
"What did he report to Putin?" after "Who is Zamir Kabulov?" -> "What did Zamir Kabulov report
to Putin?". Retrieval then only ever sees complete questions.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from citebot.retrieval.lexicons import FEMALE_WORDS, MALE_WORDS

_MORE = re.compile(
    r"^\s*(?:(?:show|give me|tell me|any|and)\s+)?(?:more|next|continue|go on|more please|"
    r"next page|keep going)\s*[.!?]*\s*$",
    re.I,
)
_ELLIPSIS = re.compile(
    r"^\s*(?:and|but|also|what about|how about|and what about|same for)\s+(?P<x>.+?)\s*[?.!]*\s*$",
    re.I,
)
_NEW_TOPIC = re.compile(r"^(about|on|regarding|concerning)\s+(.+)$", re.I)
# "What else?", "Anything else?": more of what the same person said
_WHAT_ELSE = re.compile(r"^\s*(?:and\s+)?(?:what|anything)\s+else\s*[?.!]*\s*$", re.I)
_PRONOUNS = {
    "he": "{}",
    "she": "{}",
    "they": "{}",
    "him": "{}",
    "her": "{}",
    "them": "{}",
    "his": "{}'s",
    "hers": "{}'s",
    "their": "{}'s",
}
_PRONOUN = re.compile(r"\b(" + "|".join(_PRONOUNS) + r")\b", re.I)


@dataclass
class Focus:
    """What the last question was about."""

    question: str = ""  # the last resolved question
    subject: str = ""  # the name it was about, as typed ("Medvedev")
    entity: str = ""  # the resolved name ("Dmitry Medvedev")
    earlier: tuple[str, ...] = ()  # the entities before it, most recent first
    # whom and where the answer quoted, for "Who else commented?"
    speakers: tuple[str, ...] = ()
    articles: tuple[str, ...] = ()


_WHO_ELSE = re.compile(
    r"^\s*(?:and\s+)?who\s+else\s+(?:has\s+|had\s+)?(?:commented|spoke|said\s+something|"
    r"talked|weighed\s+in|reacted)(?:\s+(?:on|about|to)\s+(?P<topic>.+?))?\s*[?.!]*\s*$",
    re.I,
)


def who_else(text: str) -> str | None:
    """ "Who else commented (on that | on X)?": other speakers on the conversation's topic (the
    empty string) or on the topic named; None for any other question."""
    m = _WHO_ELSE.match(text)
    if m is None:
        return None
    topic = (m.group("topic") or "").strip()
    return "" if topic.lower() in {"", "that", "this", "it"} else topic


def is_more(text: str) -> bool:
    return bool(_MORE.match(text))


def rewrite(text: str, focus: Focus, gender: Callable[[str], str] | None = None) -> str:
    """The question as it would be asked without the conversation (unchanged if standalone).
    ``gender`` tells a person's gender ("m", "f", "") better than their name alone can."""
    if not focus.question:
        return text
    if _WHAT_ELSE.match(text) and focus.entity:
        return f"What else did {focus.entity} say?"
    if (m := _ELLIPSIS.match(text)) and focus.subject and len(m.group("x").split()) <= 6:
        new = m.group("x")
        if topic := _NEW_TOPIC.match(new):  # "And about council tax?": same person, new topic
            return f"What did {focus.subject} say {topic.group(1)} {topic.group(2)}?"
        pattern = re.compile(re.escape(focus.subject), re.I)
        if pattern.search(focus.question):
            return pattern.sub(lambda _: new, focus.question, count=1)
    pronoun = _PRONOUN.search(text)
    referent = _referent(pronoun.group(1), focus, gender or gender_of) if pronoun else ""
    if referent:

        def swap(m: re.Match[str]) -> str:
            return _PRONOUNS[m.group(1).lower()].format(referent)

        return _PRONOUN.sub(swap, text, count=1)
    return text


def _referent(pronoun: str, focus: Focus, gender: Callable[[str], str]) -> str:
    """Whom the pronoun means: the most recent person of its gender ("she" after Ana Ruiz and
    then Sergey Lavrov is Ana Ruiz), else the most recent one whose gender is unknown; never
    one of the other gender ("she" is not a man the conversation was about)."""
    wanted = _GENDER.get(pronoun.lower(), "")
    people = [e for e in (focus.entity, *focus.earlier) if e]
    genders = {p: gender(p) for p in people} if wanted else {}
    if wanted:
        for person in people:
            if genders[person] == wanted:
                return person
    return next((p for p in people if genders.get(p, "") in ("", wanted)), "")


_GENDER = {"he": "m", "him": "m", "his": "m", "she": "f", "her": "f", "hers": "f"}


def gender_of(name: str) -> str:
    """ "m", "f" or "" from a title or a first name the lexicon knows ("Mrs", "Sergey")."""
    for word in name.lower().replace(".", " ").split()[:2]:
        if word in FEMALE_WORDS:
            return "f"
        if word in MALE_WORDS:
            return "m"
    return ""
