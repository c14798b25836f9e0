"""Quote extraction: direct, indirect and mixed reported speech with their cues and speakers.

``extract_quotes(text)`` returns ``Quote`` records in document order; every span is an offset
into ``text`` (the text is never modified). Conventions follow the dev set's README (GGT-based):
direct quotes include their quotation marks; indirect quotes are the reported clause with a
leading "that" and without the final full stop; a quote running over a paragraph break is split
at the break; a quote with no attribution of its own takes the previous speaker ("floating").

Each kind of quote has its own pass (``direct_quotes``, ``reported_speech``, ``pull_quotes``,
``headline_claims``, ``interview_quotes``); ``quote_speakers`` then names the speakers.
"""

from __future__ import annotations

import ast
import hashlib
from functools import cache
from pathlib import Path

from retrieval.direct_quotes import direct_quotes
from retrieval.headline_claims import headline_claims, headline_speakers
from retrieval.interview_quotes import interview_answers, interview_quotes
from retrieval.models import Quote
from retrieval.pull_quotes import pull_quotes
from retrieval.quote_candidates import dedupe
from retrieval.quote_layout import paragraphs
from retrieval.quote_marks import quotation_spans
from retrieval.quote_speakers import resolve_speakers
from retrieval.reported_speech import reported_speech


def extract_quotes(text: str, title: str = "") -> list[Quote]:
    """All quotes in an article, in document order.

    ``title`` (optional metadata headline) only helps name an interviewee that the text never
    names in full.
    """
    paras = paragraphs(text)
    answers = interview_answers(text, paras)
    spans = quotation_spans(text, paras, answers)
    direct = direct_quotes(text, paras, spans)
    used_cues = {f.cue_pos for f in direct}
    found = [
        *direct,
        *reported_speech(text, paras, spans, answers, used_cues),
        *pull_quotes(text, paras),
        *headline_claims(text, paras),
        *interview_quotes(text, paras, answers, title),
    ]
    quotes, kinds = resolve_speakers(text, paras, spans, dedupe(found))
    return headline_speakers(text, quotes, kinds)


@cache
def extractor_version() -> str:
    """A digest of this module and every retrieval module it imports, directly or not.

    Stored with the quotes: when the extraction code changes, the quotes of stored articles are
    re-extracted (from their stored text, no model needed) instead of silently going stale.
    """
    package = Path(__file__).parent
    digest = hashlib.sha256()
    todo, seen = ["quote_extraction"], set()
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        source = (package / f"{name}.py").read_bytes()
        digest.update(name.encode() + source)
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("retrieval."):
                todo.append(node.module.removeprefix("retrieval."))
    return digest.hexdigest()[:16]
