"""Plain dataclasses passed between ingest, the store, search and the answer composer.

Every piece of article text is kept as ``[start, end)`` offsets into ``Article.text`` (Python
str indices), so whatever is shown to a user can be copied from the stored original verbatim.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Span:
    start: int
    end: int

    def text_of(self, text: str) -> str:
        return text[self.start : self.end]


@dataclass
class Article:
    """One news article: the original text exactly as given plus its metadata."""

    id: str
    text: str
    title: str = ""
    source: str = ""
    published: str = ""  # ISO date (YYYY-MM-DD) when known, else as written, else ""
    url: str = ""
    path: str = ""  # where it was ingested from
    # Offsets of the article body: header lines (headline, agency line, byline) and boilerplate
    # ("Contact Us", "(AA File Photo)") are outside these spans and never indexed as content.
    paragraphs: list[Span] = field(default_factory=list)
    # Where the headline sits in ``text`` (None when the title came from metadata only).
    title_span: Span | None = None
    aliases: tuple[str, ...] = ()  # other ids ingested with the same text (set by the store)


@dataclass(frozen=True)
class Passage:
    """A retrieval unit: a paragraph, or a sentence-aligned piece of a long one."""

    article_id: str
    paragraph: int  # 1-based paragraph number within the article body
    start: int
    end: int
    id: int = -1  # store row id, also the FAISS vector id; -1 before storing


@dataclass(frozen=True)
class Quote:
    """A statement reported in an article, with who made it.

    ``kind`` is "direct" (in quotation marks), "indirect" (reported clause) or "mixed".
    ``speaker`` is the fullest name the article establishes ("Dmitry Medvedev" for "He added"),
    "" when unknown; ``speaker_start``/``speaker_end`` locate the mention near the cue
    (the pronoun "He"), or are None when the quote has no mention of its own.
    """

    start: int
    end: int
    speaker: str = ""
    speaker_start: int | None = None
    speaker_end: int | None = None
    cue: str = ""
    kind: str = "direct"
    # The role the article gives the speaker ("deputy head of the Security Council"), "" if none.
    speaker_role: str = ""
    # Where the article names the speaker this quote is credited to: the quote's own mention,
    # or, for a quote without one (a quote run, "...," she said. "..."), the mention its
    # speaker is taken from. None when the speaker is unknown or no mention names it.
    named_start: int | None = None
    named_end: int | None = None


@dataclass(frozen=True)
class Citation:
    article_id: str
    paragraph: int
    start: int
    end: int

    def as_dict(self) -> dict:
        return {
            "article_id": self.article_id,
            "paragraph": self.paragraph,
            "start": self.start,
            "end": self.end,
        }


@dataclass(frozen=True)
class ArticleInfo:
    id: str
    title: str
    source: str
    published: str
    url: str
    path: str
    n_passages: int
    n_quotes: int
    aliases: tuple[str, ...] = ()  # other ids ingested with the same text


@dataclass(frozen=True)
class StoredQuote:
    id: int
    article_id: str
    paragraph: int
    quote: Quote


@dataclass(frozen=True)
class Person:
    """A speaker entity (or, for a group noun such as "the government", the entities it
    names together), as the stored articles establish it."""

    ids: tuple[str, ...]  # speaker entity ids (``speakers.entities.entity_id``)
    name: str  # canonical full name
    names: tuple[str, ...]  # the names its quotes are stored under
    articles: int = 0  # articles quoting them
    # (role as an article gives it, that article's date), oldest first
    roles: tuple[tuple[str, str], ...] = ()
    organisation: str = ""


@dataclass
class Statements:
    """A person's quotes as an answer lists them (``search.statements``): each wording's first
    quote in the order asked, with its words (its article's ``text[start:end]``), and its
    article's date, and by quote id the other places the same words are quoted."""

    quotes: list[StoredQuote]
    words: dict[int, str]
    published: dict[int, str]
    copies: dict[int, list[Citation]]


@dataclass(frozen=True)
class SourceInfo:
    """What a citation shows of its article: everything but the text."""

    id: str
    title: str
    source: str
    published: str
    url: str
    aliases: tuple[str, ...] = ()
