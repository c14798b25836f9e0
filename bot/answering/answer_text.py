"""Build an Answer (numbered citations, source list) and its plain-text form.

Citation numbers go to cited paragraphs in order of first use; the source list names each
paragraph's article. The plain text is what the REPL and ``ask`` print and what JSON carries.
"""

from __future__ import annotations

from citebot.bot.answering.answer import Answer, Choice, Evidence, QuoteItem, Source
from citebot.retrieval.library import Library
from citebot.retrieval.models import Citation

_OPENING_MARKS = "\"“”„«»‘’'‹›「『"


def quote_line(item: QuoteItem) -> str:
    """A quote as shown: direct words in their own quotation marks, reported speech introduced
    by its speaker and cue. The quote's characters are never altered."""
    if item.kind == "direct":
        return item.text if item.text[:1] in _OPENING_MARKS else f"“{item.text}”"
    speaker = item.speaker or "The article"
    if item.parts:  # "Tourism, Ruiz noted, has ...": the attribution is in the words shown
        return f"{speaker}: {item.text}"
    if item.context is not None:  # "Tony Blair urged Ken Livingstone to apologise ..."
        return f"{speaker} {item.context.text}"
    if item.cue.lower().startswith("according"):
        return f"According to {speaker}: {item.text}"
    if not item.cue[:1].isalpha():  # a headline's "Claim: Source" has punctuation for a cue
        return f"{speaker}: {item.text}"
    return f"{speaker} {item.cue}: {item.text}"


def marker_numbers(citations: list[Citation]) -> dict[tuple[str, int], int]:
    numbers: dict[tuple[str, int], int] = {}
    for c in citations:
        numbers.setdefault((c.article_id, c.paragraph), len(numbers) + 1)
    return numbers


def paragraph_label(paragraph: int) -> str:
    return "headline" if paragraph == 0 else f"paragraph {paragraph}"


def source_line(number: int, source: Source, paragraph: int) -> str:
    parts = [p for p in (source.source, source.published, paragraph_label(paragraph)) if p]
    also = f" (also filed as {', '.join(source.aliases)})" if source.aliases else ""
    return f"[{number}] {source.title} — {', '.join(parts)}{also}"


def build_answer(
    library: Library,
    *,
    question: str,
    resolved: str,
    headline: str,
    quotes: list[QuoteItem],
    evidence: list[Evidence],
    has_more: bool,
    page: int = 1,
    clarify: list[Choice] | None = None,
) -> Answer:
    citations = [c for q in quotes for c in q.citations or [q.citation]]
    citations += [e.citation for e in evidence]
    found = bool(citations)
    cited = library.sources([c.article_id for c in citations]) if citations else {}
    sources = {
        aid: Source(a.id, a.title, a.source, a.published, a.url, a.aliases)
        for aid, a in cited.items()
    }
    numbers = marker_numbers(citations)
    lines = [headline] if headline else []
    for q in quotes:
        places = dict.fromkeys(
            numbers[(c.article_id, c.paragraph)] for c in q.citations or [q.citation]
        )
        lines.append(f"• {quote_line(q)} " + "".join(f"[{n}]" for n in places))
    for e in evidence:
        lines.append(f"• {e.text} [{numbers[(e.citation.article_id, e.citation.paragraph)]}]")
    if found:
        lines.append("")
        lines.append("Sources:")
        lines += [source_line(n, sources[aid], para) for (aid, para), n in numbers.items()]
    if clarify:
        lines += [f"  {n}. {c.question}" for n, c in enumerate(clarify, 1)]
        lines.append("(reply with a number or a full name)")
    if has_more:
        lines.append("(more available: say “more”)")
    return Answer(
        question=question,
        resolved_question=resolved,
        found=found,
        answer="\n".join(lines),
        quotes=quotes,
        evidence=evidence,
        sources=list(sources.values()),
        headline=headline,
        has_more=has_more,
        page=page,
        clarify=clarify or [],
    )
