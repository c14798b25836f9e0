"""Question -> findings: the speaker's quotes, the speaker of a statement, or evidence sentences.

Everything shown is copied from stored article text by offsets. When the sources do not answer,
the findings are empty and carry the reason; nothing is cited then.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

import numpy as np

from citebot.bot.answering.answer import Evidence, QuoteItem
from citebot.bot.answering.display_context import display_context
from citebot.bot.answering.question_parsing import Intent, expected_answer
from citebot.retrieval.library import Library
from citebot.retrieval.models import Citation, Person, StoredQuote
from citebot.retrieval.search.lexical import STOP_WORDS, coverage, keywords
from citebot.retrieval.speakers.entities import HONORIFICS, succession
from citebot.retrieval.speakers.search import looks_like_role, name_words, states_role

# Evidence is accepted when the sentence holds enough of the question's keyword weight
# (IDF-weighted, so the rare words - names, places, numbers - decide), helped a little by the
# passage's cosine: MiniLM cosines alone cannot tell an off-topic question from a hard one.
_NAME = re.compile(r"\w[\w'’-]*")
MIN_COVERAGE = 0.3
MIN_EVIDENCE = 0.54  # a sentence's evidence score (retrieval.search.evidence)
MIN_QUOTE_MATCH = 0.5  # "who said ...": share of the statement's keyword weight in the quote
TOPIC_MATCH = 0.5  # share of a topic's words a quote must contain to be "on topic"
# A speaker with more quotes than this, asked about a topic, is shown the quotes whose meaning
# is within TOPIC_MARGIN (cosine) of the closest one first; the others follow on "more".
MANY_QUOTES = 3
# Above this many quotes, the split by topic compares the passages the quotes sit in (vectors
# stored at ingest) instead of encoding every quote at question time: a speaker with hundreds
# of quotes took 10-60 s per question at 100k passages (citebot bench).
MAX_ENCODED_QUOTES = 12
TOPIC_WORDS = 40  # words of each quote encoded for that comparison
TOPIC_MARGIN = 0.15
MAX_EVIDENCE = 5
SEARCH_DEPTH = 10


@dataclass
class Findings:
    kind: str  # "quotes" | "evidence" | "none"
    headline: str = ""
    # ranked; turned into QuoteItems page by page (a prolific speaker has thousands)
    quotes: list[StoredQuote] = field(default_factory=list)
    evidence: list[Evidence] = field(default_factory=list)
    speakers: list[str] = field(default_factory=list)  # resolved speakers, for follow-ups
    entity: str = ""  # who or what the question was about, for follow-ups
    # Items that answer the question's topic; the first page shows only these and the rest wait
    # behind "more" (None: no topic, or every item is on topic).
    on_topic: int | None = None
    # kind "clarify": the people a name may mean, as (full name, role); nothing is cited then
    candidates: list[tuple[str, str]] = field(default_factory=list)
    # quote id -> the other places the same words are quoted (shown once, cited everywhere)
    copies: dict[int, list[StoredQuote]] = field(default_factory=dict)


_WORDS = re.compile(r"\w+")
_PRONOUNS = frozenset({"he", "she", "they", "him", "her", "them", "it"})


# "What is the capital of France?": an answer names the attribute asked for, not only France.
_ATTRIBUTE_OF = re.compile(
    r"^\s*(?:what|who|which)\s+(?:is|are|was|were)\s+the\s+(?P<x>[\w' -]+?)\s+of\s+\S", re.I
)
# attributes whose answers rarely repeat the word ("his profession" -> "a lawyer")
_ANSWER_TYPE_WORDS = frozenset(
    "name names job role profession occupation title age position nationality".split()
)


def _asked_attribute(question: str) -> str:
    """The head noun of the attribute a "What is the X of Y?" question asks for, or ""."""
    m = _ATTRIBUTE_OF.match(question)
    words = keywords(m.group("x")) if m else []
    head = words[-1] if words else ""
    return "" if head in _ANSWER_TYPE_WORDS else head


def _citation(stored: StoredQuote) -> Citation:
    q = stored.quote
    return Citation(stored.article_id, stored.paragraph, q.start, q.end)


def _possessor(name: str) -> str:
    for mark in ("'s", "’s"):
        if mark in name:
            return name.split(mark)[0]
    return name.rstrip("'’")


def _names(question: str) -> list[str]:
    """Capitalised words after the first one: the names a question is about."""
    words = [re.sub(r"['’]s?$", "", w) for w in _NAME.findall(question)[1:]]
    return [w for w in words if w[:1].isupper() and w.lower() not in STOP_WORDS]


def _looks_like_name(text: str) -> bool:
    return any(w[:1].isupper() for w in text.split())


def _outermost(quotes: list[StoredQuote]) -> list[StoredQuote]:
    """Drop quotes lying inside another quote of the same list (a direct quote inside the mixed
    quote that contains it): the outer one already shows those words. One sweep per article
    over spans sorted by start (longest first): a popular speaker can have hundreds of quotes."""
    spans: dict[str, set[tuple[int, int]]] = {}
    for q in quotes:
        spans.setdefault(q.article_id, set()).add((q.quote.start, q.quote.end))
    inner: set[tuple[str, int, int]] = set()
    for article_id, found in spans.items():
        reach = -1  # furthest end of the spans starting earlier
        for start, end in sorted(found, key=lambda span: (span[0], -span[1])):
            if end <= reach:
                inner.add((article_id, start, end))
            reach = max(reach, end)
    return [q for q in quotes if (q.article_id, q.quote.start, q.quote.end) not in inner]


def _role_words(role: str) -> str:
    return " ".join(w for w in name_words(role) if w not in ("the", "a", "an"))


def _is_role(role: str) -> bool:
    """ "Home Secretary" is a role; "Ms" is only a title."""
    return bool(role) and role.lower().rstrip(".") not in HONORIFICS


def _usual_role(person: Person) -> str:
    """The role the articles give the person most often (ties: the earliest)."""
    roles = [r for r, _ in person.roles if _is_role(r)]
    return max(dict.fromkeys(roles), key=roles.count) if roles else ""


def _held(role: str, person: Person) -> str:
    """ "Prime Minister, 2005-03-01 to 2005-04-02": the role as stated, and when."""
    dates = sorted(d for r, d in person.roles if d and states_role(role, r))
    stated = next((r for r, _ in reversed(person.roles) if states_role(role, r)), "")
    when = "" if not dates else dates[0] if dates[0] == dates[-1] else f"{dates[0]} to {dates[-1]}"
    return ", ".join(x for x in (stated, when) if x)


class Composer:
    def __init__(self, library: Library) -> None:
        self.library = library

    # -- lookups ----------------------------------------------------------------------------
    def resolve_speaker(self, typed: str) -> list[Person]:
        """The people ``typed`` may name (stored speaker entities): by the role the articles
        give them ("the chancellor"), else by name."""
        if looks_like_role(typed) and (holders := self.library.role_holders(typed)):
            return holders
        for candidate in dict.fromkeys((typed, _possessor(typed))):
            if found := self.library.people_named(candidate):
                return found
        return []

    @staticmethod
    def role_of(quotes: list[StoredQuote]) -> str:
        """The role the articles give most often (ties to the first seen: stable headers)."""
        roles = [s.quote.speaker_role for s in quotes if _is_role(s.quote.speaker_role)]
        return Counter(roles).most_common(1)[0][0] if roles else ""

    def item(self, stored: StoredQuote, copies: list[StoredQuote] = ()) -> QuoteItem:
        q = stored.quote
        article = self.library.article(stored.article_id)
        return QuoteItem(
            speaker_id=self.library.speaker_ids([stored]).get(stored.id, ""),
            text=article.text[q.start : q.end],
            speaker=q.speaker,
            cue=q.cue,
            kind=q.kind,
            citation=_citation(stored),
            speaker_role=q.speaker_role,
            published=article.published,
            citations=[_citation(s) for s in (stored, *copies)],
            context=display_context(article.text, q),
        )

    def _once(self, quotes: list[StoredQuote]) -> tuple[list[StoredQuote], dict]:
        """Quotes whose words repeat an earlier one's (a statement reprinted by several
        articles, or twice in one) are shown once; the copies become extra citations."""
        first: dict[str, StoredQuote] = {}
        copies: dict[int, list[StoredQuote]] = {}
        kept = []
        for s in quotes:
            key = " ".join(_WORDS.findall(self._text(s).lower()))
            if key in first:
                copies.setdefault(first[key].id, []).append(s)
            else:
                first[key] = s
                kept.append(s)
        return kept, copies

    # -- answers ----------------------------------------------------------------------------
    def find(self, intent: Intent, question: str, readings: list[Intent]) -> Findings:
        if intent.kind == "who_said":
            return self._who_said(intent.statement)
        for reading in readings:
            if reading.kind == "speaker" and reading.speaker.lower() in _PRONOUNS:
                return Findings(
                    "none",
                    headline=f"I don't know whom you mean by “{reading.speaker}”: "
                    "please ask with a name.",
                )
            if reading.kind == "speaker" and (people := self.resolve_speaker(reading.speaker)):
                note = ""
                if len(people) > 1 and looks_like_role(reading.speaker):
                    people, note = self._newest_holder(reading.speaker, people)
                if len(people) > 1:
                    return self._which(reading.speaker, people)
                return self._quotes_of(people[0], reading, note)
        speaker_readings = [r for r in readings if r.kind == "speaker"]
        if speaker_readings and _looks_like_name(speaker_readings[0].speaker):
            return self._not_quoted(speaker_readings[0].speaker)
        return self._evidence(question, readings[-1].entity)

    def _newest_holder(self, role: str, holders: list[Person]) -> tuple[list[Person], str]:
        """Several people held the role one after another (by the articles' dates): the
        latest holder, and a note saying who is shown and who held it before; otherwise all
        of them, to ask which one is meant."""
        spans = succession(role, holders)
        if spans is None:
            return holders, ""
        (first, _, newest), earlier = spans[-1], spans[:-1]
        before = "; ".join(f"{p.name} until {last}" for _, last, p in reversed(earlier))
        return [newest], f" (the {_role_words(role)} in my sources since {first}; before: {before})"

    def _quotes_of(self, person: Person, intent: Intent, note: str = "") -> Findings:
        names = list(person.names) or [person.name]
        stored = self.library.quotes_of([person])
        if intent.topic:
            weights = {t: 1.0 for t in keywords(intent.topic)}
            relevance = {s.id: coverage(weights, self._text(s)) for s in stored}
            # stable sort: document order among equally relevant quotes
            stored.sort(key=lambda s: relevance[s.id], reverse=True)
        else:
            stored = self._by_date(stored, intent.oldest_first)
        kept, copies = self._once(_outermost(stored))
        if intent.topic and self._off_topic(kept, intent.topic):
            return Findings(
                "none",
                headline=f"{person.name} is quoted in my sources, but not about {intent.topic}.",
                speakers=names,
                entity=person.name,
            )
        on_topic = None
        if intent.addressee:
            on_topic = self._addressed(kept, intent.addressee)
        elif intent.topic and len(kept) > MANY_QUOTES:
            on_topic = self._about(kept, intent.topic)
        if on_topic is not None:
            kept = on_topic[0] + on_topic[1]
        if intent.oldest_first:  # asked "in order": by date within each part
            first, rest = on_topic or (kept, [])
            kept = self._by_date(first, True) + self._by_date(rest, True)
        role = self.role_of(kept)
        lead = (
            person.name + (f", {role}" if role else "") + (" (oldest first)" * intent.oldest_first)
        )
        return Findings(
            "quotes",
            headline=f"{lead}{note}:",
            quotes=kept,
            speakers=names,
            entity=person.name,
            on_topic=len(on_topic[0]) if on_topic else None,
            copies=copies,
        )

    def _by_date(self, quotes: list[StoredQuote], oldest_first: bool) -> list[StoredQuote]:
        """Grouped by article, newest article first (oldest first when asked "in order"), in
        document order within an article; the article id settles a date shared by two."""
        # only the quoted articles: listing them all costs ~0.4 s at 100k passages
        published = {
            aid: self.library.article(aid).published for aid in {s.article_id for s in quotes}
        }

        def when(s: StoredQuote) -> tuple[str, str]:
            return published[s.article_id], s.article_id

        if oldest_first:
            return sorted(quotes, key=lambda s: (*when(s), s.quote.start))
        return sorted(quotes, key=lambda s: (*when(s), -s.quote.start), reverse=True)

    def others_on(self, topic: str, exclude: list[str], articles: list[str]) -> Findings:
        """Quotes of other speakers ("Who else commented?"): in the passages nearest the topic,
        or, when the conversation had none, in the articles the last answer quoted."""
        if topic:
            found = [
                s
                for hit in self.library.search(topic, SEARCH_DEPTH)
                for s in self.library.attributed_quotes_in(hit.passage)
            ]
            where = f"on {topic}"
        else:
            found = [s for aid in articles for s in self.library.quotes_in(aid) if s.quote.speaker]
            where = "in the same articles"
        unique = {s.id: s for s in found if s.quote.speaker not in exclude}
        if not unique:
            return Findings("none", headline=f"Nobody else is quoted {where} in my sources.")
        quotes, copies = self._once(_outermost(list(unique.values())))
        speakers = list(dict.fromkeys(s.quote.speaker for s in quotes))
        return Findings(
            "quotes",
            headline=f"Also quoted {where}: {', '.join(speakers)}.",
            quotes=quotes,
            speakers=speakers,
            copies=copies,
        )

    def _which(self, typed: str, people: list[Person]) -> Findings:
        """Several people answer to the name: ask which one, citing nothing."""
        candidates = [(p.name, _usual_role(p)) for p in people]
        if looks_like_role(typed):  # "Which prime minister: ...", with when they held it
            shown = _role_words(typed)
            listed = ", ".join(f"{p.name} ({_held(typed, p)})" for p in people)
        else:
            shown = " ".join(w.capitalize() for w in name_words(typed)) or typed
            listed = ", ".join(f"{name} ({role})" if role else name for name, role in candidates)
        return Findings(
            "clarify", headline=f"Which {shown}: {listed}?", entity=typed, candidates=candidates
        )

    def _text(self, stored: StoredQuote) -> str:
        return self.library.article(stored.article_id).text[stored.quote.start : stored.quote.end]

    def _addressed(
        self, quotes: list[StoredQuote], addressee: str
    ) -> tuple[list[StoredQuote], list[StoredQuote]] | None:
        """Split quotes into those whose paragraph names the addressee ("what did he report to
        Putin?") and the rest; None when that does not tell them apart."""
        weights = {t: 1.0 for t in keywords(addressee)}
        inside, outside = [], []
        for s in quotes:
            paragraph = self._paragraph(s)
            (inside if coverage(weights, paragraph) >= TOPIC_MATCH else outside).append(s)
        return (inside, outside) if inside and outside else None

    def _paragraph(self, stored: StoredQuote) -> str:
        article = self.library.article(stored.article_id)
        span = article.paragraphs[stored.paragraph - 1] if stored.paragraph else article.title_span
        return article.text[span.start : span.end] if span else ""

    def _off_topic(self, quotes: list[StoredQuote], topic: str) -> bool:
        """None of the articles quoting the speaker shares a word with the topic, and none of
        the passages nearest the topic in meaning holds a quote: the speaker spoke, but not
        about that. Cautious on purpose: saying "not about X" wrongly would hide an answer."""
        weights = {t: 1.0 for t in keywords(topic)}
        articles = {s.article_id for s in quotes}
        if not weights or any(coverage(weights, self.library.article(a).text) for a in articles):
            return False
        # nor do the passages closest in meaning to the topic hold any of the quotes
        for hit in self.library.search(topic, SEARCH_DEPTH):
            p = hit.passage
            if any(
                s.article_id == p.article_id and s.quote.start < p.end and p.start < s.quote.end
                for s in quotes
            ):
                return False
        return True

    def _about(
        self, quotes: list[StoredQuote], topic: str
    ) -> tuple[list[StoredQuote], list[StoredQuote]] | None:
        """Split a prolific speaker's quotes into those about ``topic`` (by meaning: the words
        of an answer rarely repeat the question's) and the rest, which wait behind "more"."""
        query = self.library.encode_query(topic)
        if len(quotes) > MAX_ENCODED_QUOTES:
            sims = self.library.quote_passage_vectors(quotes) @ query
        else:
            # the opening words tell what a statement is about, at a fraction of the cost
            texts = [" ".join(self._text(s).split()[:TOPIC_WORDS]) for s in quotes]
            unique = list(dict.fromkeys(texts))  # a quote reprinted in many articles: once
            similarity = dict(
                zip(unique, self.library.encode_passages(unique) @ query, strict=True)
            )
            sims = np.array([similarity[t] for t in texts])
        best = float(sims.max())
        order = sorted(range(len(quotes)), key=lambda i: -sims[i])
        inside = [quotes[i] for i in order if sims[i] >= best - TOPIC_MARGIN]
        chosen = {q.id for q in inside}  # ids, not list membership: hundreds of quotes
        outside = [q for q in quotes if q.id not in chosen]
        return (inside, outside) if outside else None

    def _not_quoted(self, typed: str) -> Findings:
        mentioned = [h for h in self.library.search(typed, SEARCH_DEPTH) if h.coverage >= 0.999]
        if mentioned:
            title = self.library.article(mentioned[0].passage.article_id).title
            reason = (
                f"{typed} is mentioned in my sources (“{title}”), but nothing {typed} said is "
                "reported there."
            )
        else:
            reason = f"I have no statements by {typed} in my sources."
        return Findings("none", headline=reason, entity=typed)

    def _evidence(self, question: str, entity: str) -> Findings:
        """Evidence sentences, or nothing when no sentence holds enough of the question, or
        when the question names something (a capitalised word) that no passage mentions."""
        unknown = [n for n in _names(question) if not self.library.mentions(n)]
        if unknown:
            return Findings(
                "none", headline=f"I found nothing about {unknown[0]} in my sources.", entity=entity
            )
        scored = self.library.evidence(question, expected_answer(question), SEARCH_DEPTH)
        if attribute := _asked_attribute(question):
            scored = [s for s in scored if coverage({attribute: 1.0}, s.text)]
        # a number in the question ("the 2022 World Cup") must be in the answer: 2002 is not it
        numbers = re.findall(r"\b\d+(?:[.,]\d+)*\b", question)
        scored = [
            s for s in scored if all(re.search(rf"\b{re.escape(n)}\b", s.text) for n in numbers)
        ]
        if not any(s.coverage >= MIN_COVERAGE and s.score >= MIN_EVIDENCE for s in scored):
            return Findings(
                "none", headline="I found nothing in my sources that answers this.", entity=entity
            )
        return Findings(
            "evidence",
            evidence=[Evidence(s.text, s.score, s.citation) for s in scored[:MAX_EVIDENCE]],
            entity=entity,
        )

    def _who_said(self, statement: str) -> Findings:
        weights = self.library.term_weights(statement)
        best: list[tuple[float, StoredQuote]] = []
        for hit in self.library.search(statement, SEARCH_DEPTH, weights):
            text = self.library.article(hit.passage.article_id).text
            for s in self.library.attributed_quotes_in(hit.passage):
                best.append((coverage(weights, text[s.quote.start : s.quote.end]), s))
        best.sort(key=lambda t: t[0], reverse=True)
        if not best or best[0][0] < MIN_QUOTE_MATCH:
            return self._evidence(statement, "")
        top = [s for cov, s in best if cov >= best[0][0] - 0.1]
        seen: dict[int, StoredQuote] = {s.id: s for s in top}
        items = list(seen.values())
        speaker = items[0].quote.speaker
        return Findings(
            "quotes",
            headline=f"{speaker} said it:",
            quotes=items,
            speakers=[speaker],
            entity=speaker,
        )
