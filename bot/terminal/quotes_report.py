"""``citebot quotes``: the quotes of article files, printed without touching the index."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from citebot.retrieval.articles.loading import ArticleError, articles_from_bytes
from citebot.retrieval.quotes.extraction import extract_quotes


def print_quotes(files: list[Path], as_json: bool) -> None:
    failed = 0
    for path in files:
        try:
            items = list(articles_from_bytes(path.read_bytes(), str(path)))
        except (ArticleError, OSError) as e:
            items = [ArticleError(str(e))]
        for item in items:
            if isinstance(item, ArticleError):
                print(f"error: {item}", file=sys.stderr)
                failed += 1
                continue
            quotes = extract_quotes(item.text, item.title)
            if as_json:
                record = {
                    "path": str(path),
                    "doc_id": item.id,
                    "quotes": [
                        {
                            "text": item.text[q.start : q.end],
                            "start": q.start,
                            "end": q.end,
                            "speaker": q.speaker or None,
                            "speaker_start": q.speaker_start,
                            "speaker_end": q.speaker_end,
                            "cue": q.cue,
                            "kind": q.kind,
                            "role": q.speaker_role,
                            "published": item.published,
                        }
                        for q in quotes
                    ],
                }
                print(json.dumps(record, ensure_ascii=False))
                continue
            print(f"== {item.id}: {item.title} ({len(quotes)} quotes)")
            for q in quotes:
                who = q.speaker or "(unknown speaker)"
                cue = f" [{q.cue}]" if q.cue else ""
                print(f"- {who}{cue} ({q.kind}, {q.start}-{q.end}): {item.text[q.start : q.end]}")
    if failed:
        sys.exit(1)
