"""Whether a sentence can answer a factual question, beyond sharing its words.

A sentence that merely contains a question's words ("the koala population of eastern Australia
has fallen" for "What is the population of Australia?") is no answer. What an answer must hold
comes from the question itself:

* the kind of answer its wh-words ask for: a number for "how many", "how much" and a measured
  quantity ("the population of", "the cost of"), a date for "when", a place for "where";
* the words that say what is asked about it: the X of "What is the X of Y?" (the capital, not
  just France), a superlative ("the best programming language" is not any sentence about
  programming languages) and the measured quantity (a number alone is not a cost);
* every number the question names ("the 2022 World Cup": 2002 is not it).

Those must be in the sentence itself. The topic (the question's other words) may be in the
sentence's paragraph instead ("He was released on $20,000 bail" answers "How much was Daniel
Montalvo's bail?" in the paragraph that names him), but it must be there: a sentence that has
the superlative and nothing of the topic answers another question.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from citebot.bot.answering.question_parsing import NUMBER_ANSWER, expected_answer
from citebot.retrieval.lexicons import MEASURED_QUANTITIES, SUPERLATIVES
from citebot.retrieval.search.evidence import ScoredSentence
from citebot.retrieval.search.lexical import coverage, keywords

# "What is the capital of France?": an answer names the attribute asked for, not only France.
_ATTRIBUTE_OF = re.compile(
    r"^\s*(?:what|who|which)\s+(?:is|are|was|were)\s+the\s+(?P<x>[\w' -]+?)\s+of\s+\S", re.I
)
# attributes whose answers rarely repeat the word ("his profession" -> "a lawyer")
_ANSWER_TYPE_WORDS = frozenset(
    "name names job role profession occupation title age position nationality".split()
)
_WORD = re.compile(r"\w+")
_NUMBERS = re.compile(r"\b\d+(?:[.,]\d+)*\b")


def _asked_attribute(question: str) -> str:
    """The head noun of the attribute a "What is the X of Y?" question asks for, or ""."""
    m = _ATTRIBUTE_OF.match(question)
    words = keywords(m.group("x")) if m else []
    head = words[-1] if words else ""
    return "" if head in _ANSWER_TYPE_WORDS else head


@dataclass(frozen=True)
class Needs:
    """What a sentence must hold to answer one question."""

    terms: tuple[str, ...]  # words (stem-matched) the answer must contain
    numbers: tuple[str, ...]  # numbers the question names
    kind: re.Pattern[str] | None  # the kind of answer: a number, a date, a place

    def met_by(self, sentence: str) -> bool:
        if any(not coverage({t: 1.0}, sentence) for t in self.terms):
            return False
        if any(not re.search(rf"\b{re.escape(n)}\b", sentence) for n in self.numbers):
            return False
        return self.kind is None or bool(self.kind.search(sentence))


def needs_of(question: str) -> Needs:
    words = {w.lower() for w in _WORD.findall(question)}
    measured = sorted(words & MEASURED_QUANTITIES)
    terms = sorted(words & SUPERLATIVES) + measured
    if (attribute := _asked_attribute(question)) and attribute not in terms:
        terms.append(attribute)
    kind = expected_answer(question) or (NUMBER_ANSWER if measured else None)
    return Needs(tuple(terms), tuple(_NUMBERS.findall(question)), kind)


def answering(
    question: str,
    scored: list[ScoredSentence],
    weights: dict[str, float],
    min_coverage: float,
    min_evidence: float,
) -> list[ScoredSentence]:
    """The scored sentences that answer the question, in their order; none when nothing does.

    A sentence answers when it holds what ``needs_of`` asks for and its paragraph holds the
    topic: some sentence there has ``min_coverage`` of the topic's keyword weight and an
    evidence score (that coverage plus the passage's share of cosine) of ``min_evidence``."""
    needs = needs_of(question)
    topic = {t: w for t, w in weights.items() if t not in needs.terms} or weights

    def on_topic(s: ScoredSentence) -> bool:
        share = coverage(topic, s.text)
        return share >= min_coverage and share + s.score - s.coverage >= min_evidence

    def paragraph(s: ScoredSentence) -> tuple[str, int]:
        return s.citation.article_id, s.citation.paragraph

    places = {paragraph(s) for s in scored if on_topic(s)}
    return [s for s in scored if paragraph(s) in places and needs.met_by(s.text)]
