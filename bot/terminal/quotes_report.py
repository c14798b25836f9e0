"""``citebot quotes``: the quotes of article files, printed without touching the index."""

from __future__ import annotations

import sys
from pathlib import Path

from citebot.bot.answering.display_context import display_context
from citebot.bot.terminal.sanitize import clean, json_line
from citebot.retrieval.articles.loading import (
    ArticleError,
    articles_from_bytes,
    display_name,
    read_file,
)
from citebot.retrieval.models import Quote
from citebot.retrieval.quotes.extraction import extract_quotes
from citebot.retrieval.speakers.entities import article_speakers, entity_id


def _context(text: str, quote: Quote) -> dict | None:
    """What an answer would show around a reported quote (see ``display_context``)."""
    context = display_context(text, quote)
    return context.as_dict() if context else None


def print_quotes(files: list[Path], as_json: bool) -> None:
    failed = 0
    for path in files:
        try:
            items = list(articles_from_bytes(read_file(path), display_name(path)))
        except ArticleError as e:
            items = [ArticleError(str(e))]
        for item in items:
            if isinstance(item, ArticleError):
                print(clean(f"error: {item}"), file=sys.stderr)
                failed += 1
                continue
            quotes = extract_quotes(item.text, item.title)
            if as_json:
                # the id the index gives the article's person (when no other article's
                # namesake makes it someone else)
                ids = {f.speaker: entity_id(f.person) for f in article_speakers(item.text, quotes)}
                record = {
                    "path": str(path),
                    "doc_id": item.id,
                    "quotes": [
                        {
                            "text": item.text[q.start : q.end],
                            "start": q.start,
                            "end": q.end,
                            "speaker": q.speaker or None,
                            "speaker_id": ids.get(q.speaker, ""),
                            "speaker_start": q.speaker_start,
                            "speaker_end": q.speaker_end,
                            "named_start": q.named_start,
                            "named_end": q.named_end,
                            "cue": q.cue,
                            "kind": q.kind,
                            "role": q.speaker_role,
                            "published": item.published,
                            "context": _context(item.text, q),
                        }
                        for q in quotes
                    ],
                }
                print(json_line(record))
                continue
            print(clean(f"== {item.id}: {item.title} ({len(quotes)} quotes)"))
            for q in quotes:
                who = q.speaker or "(unknown speaker)"
                cue = f" [{q.cue}]" if q.cue else ""
                text = item.text[q.start : q.end]
                print(clean(f"- {who}{cue} ({q.kind}, {q.start}-{q.end}): {text}"))
    if failed:
        sys.exit(1)
