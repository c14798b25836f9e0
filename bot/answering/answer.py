"""The Answer a front end renders: composed once, shown by the REPL, the CLI, JSON and Telegram.

``as_dict`` is the stable ``citebot ask --json`` schema; scripts and tests read it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from citebot.retrieval.models import Citation


@dataclass(frozen=True)
class DisplayContext:
    """The article's words from a reported quote's cue to its end ("urged Ken Livingstone to
    apologise ..."): shown instead of the bare quote, which would drop whom it was urged on."""

    text: str  # == article.text[start:end]; ends with the quote's own text
    start: int
    end: int

    def as_dict(self) -> dict:
        return {"text": self.text, "start": self.start, "end": self.end}


@dataclass(frozen=True)
class QuoteItem:
    text: str  # == article.text[citation.start:citation.end]
    speaker: str
    cue: str
    kind: str
    citation: Citation  # the first place the words are quoted
    speaker_role: str = ""
    published: str = ""  # the cited article's date
    citations: list[Citation] = field(default_factory=list)  # every place they are quoted
    context: DisplayContext | None = None  # reported speech: from the cue to the quote's end
    speaker_id: str = ""  # the speaker entity (the same person, the same id)
    # A statement its attribution splits (quote_parts): each stored quote's own span; the
    # text runs from the first to the last, the attribution between them included.
    parts: list[Citation] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {
            "text": self.text,
            "speaker": self.speaker,
            "speaker_id": self.speaker_id,
            "cue": self.cue,
            "kind": self.kind,
            "citation": self.citation.as_dict(),
            "role": self.speaker_role,
            "published": self.published,
            "citations": [c.as_dict() for c in self.citations or [self.citation]],
            "context": self.context.as_dict() if self.context else None,
            "parts": [c.as_dict() for c in self.parts],
        }


@dataclass(frozen=True)
class Evidence:
    text: str  # == article.text[citation.start:citation.end]
    score: float
    citation: Citation

    def as_dict(self) -> dict:
        return {
            "text": self.text,
            "score": round(self.score, 4),
            "citation": self.citation.as_dict(),
        }


@dataclass(frozen=True)
class Source:
    article_id: str
    title: str
    source: str
    published: str
    url: str
    aliases: tuple[str, ...] = ()  # other ids the same text was ingested under

    def as_dict(self) -> dict:
        return {
            "article_id": self.article_id,
            "title": self.title,
            "source": self.source,
            "published": self.published,
            "url": self.url,
            "aliases": list(self.aliases),
        }


@dataclass(frozen=True)
class Choice:
    """One person a name may mean, when the answer asks back ("Which Brown?")."""

    speaker: str
    role: str
    question: str  # the question again, naming this person in full

    def as_dict(self) -> dict:
        return {"speaker": self.speaker, "role": self.role, "question": self.question}


@dataclass
class Answer:
    question: str
    resolved_question: str
    found: bool
    answer: str  # plain-text rendering with [n] markers, for logs and JSON consumers
    quotes: list[QuoteItem] = field(default_factory=list)
    evidence: list[Evidence] = field(default_factory=list)
    sources: list[Source] = field(default_factory=list)
    # A one-line lead-in ("Dmitry Medvedev, deputy head of the Security Council, said:") or the
    # reason nothing was found; front ends show it above the quotes.
    headline: str = ""
    has_more: bool = False  # further quotes/evidence can be paged with "more"
    page: int = 1  # 1-based page of the answer's items this Answer shows
    clarify: list[Choice] = field(default_factory=list)  # set when the answer asks back

    def as_dict(self) -> dict:
        return {
            "question": self.question,
            "resolved_question": self.resolved_question,
            "found": self.found,
            "answer": self.answer,
            "quotes": [q.as_dict() for q in self.quotes],
            "evidence": [e.as_dict() for e in self.evidence],
            "sources": [s.as_dict() for s in self.sources],
            "page": self.page,
            "has_more": self.has_more,
            "clarify": [c.as_dict() for c in self.clarify],
        }
