"""Quote extraction: direct, indirect and mixed reported speech with their cues and speakers.

``extract_quotes(text)`` returns ``Quote`` records in document order; every span is an offset
into ``text`` (the text is never modified). Conventions follow the dev set's README (GGT-based):
direct quotes include their quotation marks; indirect quotes are the reported clause with a
leading "that" and without the final full stop; a quote running over a paragraph break is split
at the break; a quote with no attribution of its own takes the previous speaker ("floating").

Each kind of quote has its own pass (``embedded_posts``, ``direct_quotes``, ``reported_speech``,
``pull_quotes``, ``headline_claims``, ``interview_quotes``); ``quote_speakers`` then names the speakers.
"""

from __future__ import annotations

from citebot.retrieval.models import Quote
from citebot.retrieval.quotes.backbone import ParsedParagraph, parse_paragraphs
from citebot.retrieval.quotes.candidates import dedupe
from citebot.retrieval.quotes.direct import direct_quotes
from citebot.retrieval.quotes.headlines import headline_claims, headline_speakers
from citebot.retrieval.quotes.interviews import interview_answers, interview_quotes
from citebot.retrieval.quotes.layout import forget_sentence_splits, paragraphs
from citebot.retrieval.quotes.marks import quotation_spans
from citebot.retrieval.quotes.posts import embedded_posts
from citebot.retrieval.quotes.pull_quotes import pull_quotes
from citebot.retrieval.quotes.reports import reported_speech
from citebot.retrieval.speakers.assignment import resolve_speakers

# Stored with the quotes: when it differs from what an index holds, the quotes of stored articles
# are re-extracted from their stored text (no model needed) instead of silently going stale.
# Bump it whenever the extractor's output changes; tests/test_extractor_version.py fails until
# the new output's fingerprint is recorded under a new version.
EXTRACTOR_VERSION = "2026.12.81"


def extract_quotes(
    text: str, title: str = "", parsed: list[ParsedParagraph] | None = None
) -> list[Quote]:
    """All quotes in an article, in document order.

    ``title`` (optional metadata headline) only helps name an interviewee that the text never
    names in full. ``parsed`` is the article's parse from ``parse_article_texts`` (ingest parses
    many articles in one batch); without it the article is parsed here.
    """
    forget_sentence_splits()
    paras = paragraphs(text)
    if parsed is None:
        parsed = parse_article_texts([text])[0]
    answers = interview_answers(text, paras)
    spans = quotation_spans(text, paras, answers)
    direct = direct_quotes(text, paras, spans, parsed)
    found = [
        *embedded_posts(text, paras),  # before the direct pass: its signature names the speaker
        *direct,
        *reported_speech(text, parsed, spans, answers),
        *pull_quotes(text, paras),
        *headline_claims(text, paras),
        *interview_quotes(text, paras, answers, title),
    ]
    quotes, kinds = resolve_speakers(text, parsed, spans, dedupe(found))
    return headline_speakers(text, quotes, kinds)


def parse_article_texts(texts: list[str]) -> list[list[ParsedParagraph]]:
    """The parse ``extract_quotes`` needs for each text, in one batched pass."""
    return parse_paragraphs(texts, [paragraphs(t) for t in texts])
