"""Direct quotes: quotation-mark spans paired with the cue and speaker before or after them."""

from __future__ import annotations

import re

from citebot.retrieval.lexicons import ALL_CUES, SUBORDINATORS, WH_WORDS
from citebot.retrieval.quotes.backbone import ParsedParagraph
from citebot.retrieval.quotes.candidates import Candidate
from citebot.retrieval.quotes.cues import ADVERBIAL, cue_tokens, is_negated
from citebot.retrieval.quotes.framing import framing_cue
from citebot.retrieval.quotes.layout import sentence_spans
from citebot.retrieval.quotes.marks import Span, is_speechlike, opens_at
from citebot.retrieval.speakers.attribution import np_after, sentence_subject, subject_before
from citebot.retrieval.speakers.mentions import Mention, parse_np
from citebot.retrieval.speakers.names import words

_Attribution = tuple[str, Mention, int]  # cue text, speaker mention, cue offset


def _attribution_after(text: str, lo: int, hi: int) -> _Attribution | None:
    """`"...," he said` / `"...," said Bolden` / `"...," X, editor at Y, said`."""
    for i, m in enumerate(words(text, lo, hi)[:16]):
        if m.group().lower() in SUBORDINATORS:
            return None  # the framing verb, if any, comes before: the parse finds it
        if m.group().lower() not in ALL_CUES:
            continue
        if m.group().endswith("ing") and opens_at(text, hi) and "," not in text[m.end() : hi]:
            return None  # `"X", the government recommending "Y"`: the next quotation is its object
        ment = np_after(text, m.end(), hi) if i == 0 else subject_before(text, lo, m.start())
        if ment and not is_negated(text, m, lo):
            return m.group(), ment, m.start()
        return None
    return None


def _attribution_sentence(
    text: str, sents: list[tuple[int, int]], span: Span, nxt: int, para: ParsedParagraph
) -> _Attribution | None:
    """`"Does anyone believe that?" Ortega said.`: a quotation that is a whole sentence, then
    a short sentence that is only an attribution (a cue with no content of its own)."""
    end = span.end
    own = next((a for a, b in sents if a <= span.start < b), span.start)
    if text[end - 2 : end - 1] not in {".", "?", "!"} or text[own : span.start].strip():
        return None
    lo, hi = next(((a, b) for a, b in sents if a >= end), (end, end))
    if text[end:lo].strip() or hi > nxt or len(words(text, lo, hi)) > 10:
        return None
    found = _attribution_after(text, lo, hi)
    cue = next((t for t in para.doc if para.start + t.idx == found[2]), None) if found else None
    if cue is None or cue.pos_ != "VERB":
        return None  # "But first, Pence sounded a positive note": a noun, no cue
    rest = {w.group().lower() for w in words(text, found[2], hi)}
    return None if rest & (WH_WORDS | {"that", "if"}) else found


def _attribution_before(text: str, lo: int, quote: int) -> _Attribution | None:
    """`He added: "..."`, `X said, "..."`, `X told GB News: "..."`, `in the words of X, "..."`."""
    lead = text[lo:quote].rstrip()
    phrase = re.search(
        r"\b(?:[Ii]n the words of|[Aa]ccording to)\s+([^,]+(?:,[^,]+){0,2}),\s*$", lead
    )
    if phrase:
        ment = parse_np(text, lo + phrase.start(1), lo + phrase.end(1))
        cue = text[lo + phrase.start() : lo + phrase.start(1)].strip()
        return (cue, ment, lo + phrase.start()) if ment else None
    cues = [c for c in cue_tokens(text, lo, quote) if not is_negated(text, c, lo)]
    if not cues:
        return None
    cue = cues[-1]
    gap = text[cue.end() : quote].strip()
    first = gap.split()[0].lower() if gap else ""
    if first in WH_WORDS | {"that"} or not (
        lead.endswith((":", ",")) or not gap or gap in {"for", "as"}
    ):
        return None
    if len(gap.split()) > 3 and not lead.endswith(":"):
        return None
    ment = subject_before(text, lo, cue.start())
    if ment is None and cue.group().endswith("ing"):
        ment = sentence_subject(text, lo, cue.start())
    if ment is None:
        ment = np_after(text, cue.end(), quote)
    return (cue.group(), ment, cue.start()) if ment else None


def _inner(text: str, span: Span) -> str:
    """The quotation without its closing mark."""
    return text[span.start : span.end].rstrip("\"”»'’ ")


def _whole_sentence(text: str, span: Span, lo: int, hi: int, introduced: bool) -> bool:
    """A quotation that is a sentence of its own (`"But, come on."`, or `Lee said, "Probably."`
    after its cue) is speech however short."""
    opens = span.start == lo or (introduced and text[lo : span.start].rstrip().endswith((",", ":")))
    return opens and not text[span.end : hi].strip() and _inner(text, span)[-1:] in ".!?…"


def direct_quotes(
    text: str, paras: list[tuple[int, int]], spans: list[Span], parsed: list[ParsedParagraph]
) -> list[Candidate]:
    """Quotation-mark spans that are speech, with the cue and speaker before or after them;
    a quote with neither floats (it takes the previous speaker)."""
    out: list[Candidate] = []
    for k, span in enumerate(spans):
        lo, hi = paras[span.para]
        sents = sentence_spans(text, lo, hi, [s for s in spans if s.para == span.para])
        s_lo, s_hi = next(((a, b) for a, b in sents if a <= span.start < b), (lo, hi))
        prev_end = max(
            (s.end for s in spans[:k] if s.para == span.para and s.end <= span.start), default=s_lo
        )
        nxt = next((s.start for s in spans[k + 1 :] if s.para == span.para), hi)
        after = _attribution_after(text, span.end, min(s_hi, nxt))
        before = _attribution_before(text, max(s_lo, prev_end), span.start)
        if before is None and span.start == lo and span.para > 0:
            plo, phi = paras[span.para - 1]
            if text[phi - 1] in ":,":
                before = _attribution_before(text, sentence_spans(text, plo, phi, [])[-1][0], phi)
        if not (after or before):
            after = _attribution_sentence(text, sents, span, nxt, parsed[span.para])
        if not (after or before):
            after = framing_cue(text, parsed[span.para], span.start, span.end)
        if not (
            is_speechlike(text, span)
            or _whole_sentence(text, span, max(s_lo, prev_end), s_hi, before is not None)
            or (after and _inner(text, span).endswith(","))
        ):
            continue
        tail = text[span.end : s_hi].strip(" .")
        if before and not after and tail[:1].isalnum() and tail.split()[0] not in ADVERBIAL:
            continue  # `the government recommending "X" if needed`: mixed, left to reported_speech
        if not (after or before):
            if span.start > s_lo and not text[s_lo : span.start].rstrip().endswith(":"):
                continue  # mid-sentence quotation without a cue: a scare quote or a title
            if tail and (tail[0] in "—–-" or tail[0].isalnum()):
                continue  # `"Headline" — Source, date`: a citation, not speech
        cue, ment, pos = after or before or ("", None, -1)
        out.append(Candidate(span.start, span.end, "direct", cue, ment, ment is None, cue_pos=pos))
    return out
