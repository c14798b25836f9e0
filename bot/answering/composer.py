"""Question -> findings: the speaker's quotes, the speaker of a statement, or evidence sentences.

Everything shown is copied from stored article text by offsets. When the sources do not answer,
the findings are empty and carry the reason; nothing is cited then.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from citebot.bot.answering.answer import Evidence, QuoteItem
from citebot.bot.answering.answerability import answering
from citebot.bot.answering.display_context import display_context
from citebot.bot.answering.question_parsing import Intent, expected_answer
from citebot.bot.answering.quote_parts import continues, parts_together, statements
from citebot.retrieval.library import Library
from citebot.retrieval.models import Citation, Person, StoredQuote
from citebot.retrieval.search.lexical import STOP_WORDS, coverage, keywords
from citebot.retrieval.search.statements import Place, first_places, outermost, words_key
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
# A speaker with more quotes than this, asked about a topic, is shown the quotes of the articles
# whose closest quote is within TOPIC_MARGIN (cosine) of the closest one first; the others
# follow on "more".
MANY_QUOTES = 3
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
    copies: dict[int, list[Citation]] = field(default_factory=dict)


_PRONOUNS = frozenset({"he", "she", "they", "him", "her", "them", "it"})


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


def _oldest_first(quotes: list[StoredQuote], published: dict[int, str]) -> list[StoredQuote]:
    """Oldest article first (the article id settles a date shared by two), in document order
    within an article."""
    return sorted(quotes, key=lambda s: (published[s.id], s.article_id, s.quote.start))


def _role_words(role: str) -> str:
    return " ".join(w for w in name_words(role) if w not in ("the", "a", "an"))


def _is_role(role: str) -> bool:
    """ "Home Secretary" is a role; "Ms" is only a title."""
    return bool(role) and role.lower().rstrip(".") not in HONORIFICS


def _usual_role(person: Person) -> str:
    """The role the articles give the person most often (ties: the earliest)."""
    roles = [r for r, _ in person.roles if _is_role(r)]
    return max(dict.fromkeys(roles), key=roles.count) if roles else ""


def _by_qualification(role: str, holders: list[Person]) -> tuple[list[Person], list[Person]]:
    """The holders some article gives ``role`` with no more words than asked ("Prime
    Minister Helen Marsh" for "the prime minister"), and those only ever given it qualified
    ("New Zealand's Prime Minister John Key", "Tesco's chief executive", "former prime
    minister")."""
    asked = set(name_words(role)) | {"the", "a", "an"}
    bare, qualified = [], []
    for person in holders:
        stated = [r for r, _ in person.roles if states_role(role, r)]
        plain = any(set(name_words(r)) <= asked for r in stated)
        (bare if plain else qualified).append(person)
    return bare, qualified


def _holders_in(role: str, holders: list[Person], year: str) -> list[Person]:
    """The holders an article of ``year`` gives the role: who held it then, by the
    articles' dates (none stated then: nobody, rather than a guess)."""
    return [
        p for p in holders if any(d.startswith(year) and states_role(role, r) for r, d in p.roles)
    ]


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

    def items(
        self, quotes: list[StoredQuote], copies: dict[int, list[Citation]]
    ) -> list[QuoteItem]:
        """The answer's items for ``quotes`` (a statement's parts together, see quote_parts):
        one per statement; ``copies`` are the other places each quote's words appear."""
        return [self._item(parts, copies) for parts in statements(quotes, self._article_text)]

    def parts_together(self, quotes: list[StoredQuote]) -> list[StoredQuote]:
        return parts_together(quotes, self._article_text)

    def continues(self, first: StoredQuote, then: StoredQuote) -> bool:
        return continues(first, then, self._article_text)

    def _article_text(self, article_id: str) -> str:
        return self.library.article(article_id).text

    def _item(self, parts: list[StoredQuote], copies: dict[int, list[Citation]]) -> QuoteItem:
        stored, q = parts[0], parts[0].quote
        article = self.library.article(stored.article_id)
        cited = _citation(stored)
        places, context = [cited, *copies.get(stored.id, [])], display_context(article.text, q)
        if len(parts) > 1:  # one statement split by its attribution: the words as written
            cited = Citation(stored.article_id, stored.paragraph, q.start, parts[-1].quote.end)
            places, context = [cited], None
        return QuoteItem(
            speaker_id=self.library.speaker_ids([stored]).get(stored.id, ""),
            text=article.text[cited.start : cited.end],
            speaker=q.speaker,
            cue=q.cue,
            kind=q.kind,
            citation=cited,
            speaker_role=q.speaker_role,
            published=article.published,
            citations=places,
            context=context,
            parts=[_citation(p) for p in parts] if len(parts) > 1 else [],
        )

    def _once(self, quotes: list[StoredQuote]) -> tuple[list[StoredQuote], dict]:
        """The quotes of a list gathered from passages (not one person's: those come from
        ``Library.statements_of``) by the same rules: inner quotes dropped, each wording
        shown once with the other places it is quoted as extra citations."""
        by_id = {s.id: s for s in quotes}
        places = [
            Place(
                s.id,
                s.article_id,
                s.paragraph,
                s.quote.start,
                s.quote.end,
                words_key(self._text(s)),
                "",
            )
            for s in quotes
        ]
        kept, copies = first_places(outermost(places))
        return [by_id[p.id] for p in kept], {
            qid: [Citation(c.article_id, c.paragraph, c.start, c.end) for c in more]
            for qid, more in copies.items()
        }

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
                if reading.year and looks_like_role(reading.speaker):
                    people = _holders_in(reading.speaker, people, reading.year)
                    if not people:
                        return Findings(
                            "none",
                            headline=f"My sources give nobody the role of {reading.speaker} "
                            f"in {reading.year}.",
                            entity=reading.speaker,
                        )
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
        of them, to ask which one is meant.

        A role the articles qualify ("New Zealand's Prime Minister", "former prime
        minister") is another role than the one they give unqualified ("Prime Minister Helen
        Marsh"): asked for the bare role, the holders of the bare one are answered, and the
        note names the others."""
        bare, other = _by_qualification(role, holders)
        if bare and other:
            chosen, note = self._newest_holder(role, bare) if len(bare) > 1 else (bare, "")
            if len(chosen) > 1:
                return holders, ""
            also = "; ".join(f"{p.name}, {_held(role, p)}" for p in other)
            note = f"{note[:-1]}; not shown: {also})" if note else f" (not shown: {also})"
            return chosen, note
        spans = succession(role, holders)
        if spans is None:
            return holders, ""
        (first, _, newest), earlier = spans[-1], spans[:-1]
        before = "; ".join(f"{p.name} until {last}" for _, last, p in reversed(earlier))
        return [newest], f" (the {_role_words(role)} in my sources since {first}; before: {before})"

    def _quotes_of(self, person: Person, intent: Intent, note: str = "") -> Findings:
        names = list(person.names) or [person.name]
        # a topic ranks the quotes by relevance (stable: document order among equals)
        order = "document" if intent.topic else "oldest" if intent.oldest_first else "newest"
        said = self.library.statements_of([person], order)
        kept, words, copies = said.quotes, said.words, said.copies
        if intent.year:  # "in 2005": the quotes of that year's articles
            kept = [s for s in kept if said.published[s.id].startswith(intent.year)]
            if not kept:
                return Findings(
                    "none",
                    headline=f"{person.name} is quoted in my sources, but not in {intent.year}.",
                    speakers=names,
                    entity=person.name,
                )
        if intent.topic:
            weights = {t: 1.0 for t in keywords(intent.topic)}
            relevance = {s.id: coverage(weights, words[s.id]) for s in kept}
            kept.sort(key=lambda s: relevance[s.id], reverse=True)
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
            kept = _oldest_first(first, said.published) + _oldest_first(rest, said.published)
        role = self.role_of(kept)
        lead = (
            person.name
            + (f", {role}" if role else "")
            + (f" (in {intent.year})" if intent.year else "")
            + (" (oldest first)" * intent.oldest_first)
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
        quotes, copies = self._once(list(unique.values()))
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
        # nor do the passages closest in meaning to the topic hold any of the quotes (closest:
        # near the best cosine, not merely ranked: a small library ranks all its passages)
        hits = self.library.search(topic, SEARCH_DEPTH)
        closest = max((hit.dense for hit in hits), default=0.0) - TOPIC_MARGIN
        for hit in (h for h in hits if h.dense >= closest):
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
        """Split a prolific speaker's quotes into the articles about ``topic`` and the rest,
        which wait behind "more".

        Meaning comes from each quote's topic vector, made at ingest (the words of an answer
        rarely repeat the question's). A speaker's quotes in one news article are about that
        article's story, so the topic picks articles - those whose closest quote is within
        TOPIC_MARGIN of the closest of all - and all of their quotes come first, closest first.
        """
        sims = self.library.topic_similarities(quotes, topic)
        closest: dict[str, float] = {}
        for q, sim in zip(quotes, sims, strict=True):
            closest[q.article_id] = max(closest.get(q.article_id, -1.0), float(sim))
        best = max(closest.values())
        order = sorted(range(len(quotes)), key=lambda i: (-closest[quotes[i].article_id], -sims[i]))
        inside = [quotes[i] for i in order if closest[quotes[i].article_id] >= best - TOPIC_MARGIN]
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
        weights = self.library.term_weights(question)
        scored = answering(question, scored, weights, MIN_COVERAGE, MIN_EVIDENCE)
        if not scored:
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
