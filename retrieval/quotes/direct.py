"""Direct quotes: quotation-mark spans that are speech, with the attribution the parse gives them."""

from __future__ import annotations

import re

from citebot.retrieval.lexicons import SPEECH_LEMMAS
from citebot.retrieval.quotes.backbone import ParsedParagraph
from citebot.retrieval.quotes.candidates import Candidate
from citebot.retrieval.quotes.framing import (
    Attribution,
    according_to,
    asked_unnamed,
    clause_attribution,
    framing_cue,
    introduces_directly,
    name_lead,
    noun_cue_lead,
    speech_cue,
)
from citebot.retrieval.quotes.layout import sentence_spans
from citebot.retrieval.quotes.marks import DASHES, Span, capitals_share, is_speechlike, opens_at

_CUE_REACH = 6  # words after a quotation within which a speech verb marks it as speech
_FIRST_PERSON = re.compile(r"\b(?:I|I'm|I’m|we|We|my|My|our|Our|me|us)\b")
_FIRST_PERSON_WORDS = 8
_JOINERS = frozenset({"and", "or", "and then", "then", "and later"})
# Words that open an adverbial ("on Friday", "yesterday") rather than a quote's continuation.
_ADVERBIAL = frozenset(
    """
    in on at to during after via through yesterday today recently also earlier later
    publicly again
    """.split()
)


def _inner(text: str, span: Span) -> str:
    """The quotation without its closing mark."""
    return text[span.start : span.end].rstrip("\"”»'’ ")


def _whole_sentence(text: str, span: Span, lo: int, hi: int, introduced: bool) -> bool:
    """A quotation that is a sentence of its own (`"But, come on."`, or `Lee said, "Probably."`
    after its cue) is speech however short."""
    opens = span.start == lo or (introduced and text[lo : span.start].rstrip().endswith((",", ":")))
    return opens and not text[span.end : hi].strip() and _inner(text, span)[-1:] in ".!?…"


def _attribution(
    text: str,
    paras: list[tuple[int, int]],
    parsed: list[ParsedParagraph],
    spans: list[Span],
    span: Span,
    window: tuple[int, int],
    sents: list[tuple[int, int]],
    nxt: int,
) -> Attribution | None:
    """The quotation's cue and speaker: a verb joined to it in its sentence, an "according to"
    phrase, the attribution clause after it (read alone where the parser split it off), or a
    clause ending in a colon just before it."""
    lo, hi = window
    para = parsed[span.para]
    quoted = [(s.start, s.end) for s in spans if s.para == span.para]
    source = according_to(text, para, lo, span.start, span.end, hi)
    found = source if source is not None and source.before else None
    found = found or framing_cue(text, para, (span.start, span.end), window, quoted) or source
    rest = text[span.end : hi].strip()
    # Any verb may then attribute it; not after a dash (`— "..." — the balloons fell`: an aside).
    aside = rest.startswith(tuple(DASHES))
    speech = (is_speechlike(text, span) or _exclaims(text, span)) and not aside
    if (
        (found is None or (found.before and not introduces_directly(text, para, found, span.start)))
        and rest.strip(".,")
        and not _frames_next(para, hi)
    ):
        # The clause after the quotation, where the parser split it off or hung the quotation
        # on a verb before it (`declared the need for change: "..." she said`).
        found = clause_attribution(text, para, span.end, hi, False, speech) or found
    elif found is None and not text[lo : span.start].strip() and _inner(text, span)[-1:] in ".?!":
        after = next(((a, b) for a, b in sents if a >= span.end), None)
        if after is not None and after[1] <= nxt and not text[span.end : after[0]].strip():
            # a sentence of its own needs more than a verb: `"..." The board meets on Friday.`
            found = clause_attribution(text, para, *after, False, speech and _exclaims(text, span))
    lead = text[lo : span.start].rstrip()
    if lead.endswith(":") and (found is None or found.before):
        # `Pollsters agree - Carl Bialik: "..."`: the name before the colon, not the verb
        found = name_lead(text, para, lo, lo + len(lead) - 1) or found
    if found is None and lead.endswith(":"):
        found = _lead_attribution(text, para, lo, lo + len(lead) - 1)
    elif found is None and not lead and span.para > 0 and text[paras[span.para - 1][1] - 1] in ":,":
        plo, phi = paras[span.para - 1]
        last = sentence_spans(text, plo, phi, [])[-1][0]
        found = _lead_attribution(text, parsed[span.para - 1], last, phi - 1)
    return found


def _lead_attribution(text: str, para: ParsedParagraph, lo: int, hi: int) -> Attribution | None:
    """The clause text[lo:hi] that ends in the colon or comma before a quotation."""
    return (
        name_lead(text, para, lo, hi)
        or clause_attribution(text, para, lo, hi, before=True)
        or noun_cue_lead(text, para, lo, hi)
    )


def _resumed(text: str, found: list[Candidate], span: Span, s_lo: int) -> Attribution | None:
    """`"The risk," said Ana Ruiz, an economist who ..., "is that ..."`: the quotation the
    sentence resumes after the attribution of its first part has that attribution too, as has
    one joined to a quotation its cue introduced (`joked, "...," and then, "..."`)."""
    prev = found[-1] if found else None
    if prev is None or prev.start < s_lo or prev.mention is None or prev.kind != "direct":
        return None
    between = text[prev.end : span.start]
    resumes = prev.end < prev.cue_pos < span.start and between.rstrip().endswith(",")
    # `told the crowd, "...," and, "..."`: a second quotation the same cue introduces
    joined = s_lo <= prev.cue_pos < prev.start and between.strip(" ,;").lower() in _JOINERS
    if not (resumes or joined):
        return None
    return Attribution(prev.cue, prev.mention, prev.cue_pos, True)


def _goes_on(text: str, span: Span, tail: str, para: ParsedParagraph) -> bool:
    """`"...," which Reddy thinks will ...`: speech, ending in a comma, that the writer's clause
    goes on from; not a byline (`"Headline," by Ana Ruiz`) nor an attribution the parse could
    not read (`"...," read one.`: a verb comes first)."""
    if not (_inner(text, span).endswith(",") and is_speechlike(text, span)):
        return False
    word = next((t for t in para.doc if para.start + t.idx >= span.end and not t.is_punct), None)
    return not tail.startswith("by ") and not (word is not None and word.pos_ in {"VERB", "AUX"})


def _opens_sentence(text: str, span: Span, lead: str) -> bool:
    """`..., said Rep. Lane, D-N.Y. "I understand. But ..."`: a quotation of whole sentences after
    a full stop opens a sentence the splitter missed (it took the stop for an abbreviation's);
    after a comma (`Ruiz, noting ..., said, "Let me tell you ..."`) it is a sentence that is
    quoted, whatever the parse made of the clause before it."""
    inner = _inner(text, span)
    return (
        lead.endswith((".", ","))
        and inner[1:2].isupper()
        and inner[-1:] in ".!?"
        and is_speechlike(text, span)
        # `its slogan, "Keep It Local."`
        and not (lead.endswith(",") and capitals_share(inner) > 0.5)
    )


def _first_person(words: str) -> bool:
    """Speech in the first person (`"After much thought, I have concluded ..." or ...`): a
    sentence that goes on after it still quotes someone, unlike a title or a headline."""
    return len(words.split()) >= _FIRST_PERSON_WORDS and bool(_FIRST_PERSON.search(words))


def _cue_after(para: ParsedParagraph, lo: int, hi: int) -> bool:
    """Is text[lo:hi], after a quotation, a speaker and a speech verb (`"...?" the 43-year-old
    asked`) from which no speaker could be read? Then the quotation is speech, not a citation;
    the parse of such clauses is often too broken to say more."""
    words = [t for t in para.doc if lo <= para.start + t.idx < hi and not t.is_punct]
    for k, tok in enumerate(words[:_CUE_REACH]):
        if tok.pos_ in {"VERB", "AUX"}:
            lead = words[:k]
            named = any(t.pos_ in {"NOUN", "PROPN", "PRON"} for t in lead)
            return named and tok.lemma_.lower() in SPEECH_LEMMAS
    return False


def _exclaims(text: str, span: Span) -> bool:
    """A question or an exclamation is speech however short (`"Nooo!" the fans groaned`)."""
    return _inner(text, span)[-1:] in "!?"


def _frames_next(para: ParsedParagraph, quote: int) -> bool:
    """`"...", the government recommending "online tools"`: a verb right before the next
    quotation (at ``quote``, no comma or colon between) takes it as its object; its clause is
    that quotation's frame."""
    before = [t for t in para.doc if para.start + t.idx < quote]
    return (
        bool(before) and before[-1].pos_ == "VERB" and opens_at(para.doc.text, quote - para.start)
    )


def direct_quotes(
    text: str, paras: list[tuple[int, int]], spans: list[Span], parsed: list[ParsedParagraph]
) -> list[Candidate]:
    """Quotation-mark spans that are speech, with their cue and speaker; a quote with neither
    floats (it takes the previous speaker)."""
    out: list[Candidate] = []
    for k, span in enumerate(spans):
        lo, hi = paras[span.para]
        sents = sentence_spans(text, lo, hi, [s for s in spans if s.para == span.para])
        s_lo, s_hi = next(((a, b) for a, b in sents if a <= span.start < b), (lo, hi))
        prev_end = max(
            (s.end for s in spans[:k] if s.para == span.para and s.end <= span.start), default=s_lo
        )
        nxt = next((s.start for s in spans[k + 1 :] if s.para == span.para), hi)
        window = (max(s_lo, prev_end), min(s_hi, nxt))
        found = _attribution(text, paras, parsed, spans, span, window, sents, nxt)
        found = found or _resumed(text, out, span, s_lo)
        before = found is not None and found.before
        # `joked, "Go home now," drawing laughter`, `chanted, "Lock him up!" as ...`: the
        # quotation's own words end where it does.
        exclaims = _exclaims(text, span)
        whole = exclaims or _inner(text, span).endswith(",")
        introduced = before and text[window[0] : span.start].rstrip().endswith((",", ":"))
        if not (
            is_speechlike(text, span)
            or _whole_sentence(text, span, window[0], s_hi, before)
            or (
                found
                and not before
                and (exclaims or (whole and speech_cue(parsed[span.para], found)))
            )
            or (introduced and exclaims)
        ):
            continue
        tail = text[span.end : s_hi].strip(" .")
        if before and not whole and tail[:1].isalnum() and tail.split()[0] not in _ADVERBIAL:
            continue  # `the government recommending "X" if needed`: mixed, left to reported_speech
        if found is None:
            lead = text[s_lo : span.start].rstrip()
            if (
                span.start > s_lo
                and not lead.endswith(":")
                and not _opens_sentence(text, span, lead)
            ):
                continue  # mid-sentence quotation without a cue: a scare quote or a title
            if (
                tail
                and (tail[0] in DASHES or tail[0].isalnum())
                and not _cue_after(parsed[span.para], span.end, s_hi)
                and not (
                    tail[0].islower()
                    and (
                        _goes_on(text, span, tail, parsed[span.para])
                        or _first_person(_inner(text, span))
                    )
                )
            ):
                continue  # `"Headline" — Source, date`: a citation, not speech
        cue, ment, pos = (found.cue, found.mention, found.pos) if found else ("", None, -1)
        floats = ment is None and not asked_unnamed(parsed[span.para], span.start)
        out.append(Candidate(span.start, span.end, "direct", cue, ment, floats, cue_pos=pos))
    return out
