"""Give each found quote its speaker.

Mentions resolve in document order, interleaved with sentence subjects so that a pronoun finds
its antecedent; a floating quote takes the latest speaker.
"""

from __future__ import annotations

import re

from citebot.retrieval.models import Quote
from citebot.retrieval.quotes.candidates import Candidate
from citebot.retrieval.quotes.layout import is_caption, sentence_spans
from citebot.retrieval.quotes.marks import Span, inside_quote
from citebot.retrieval.speakers.attribution import skip_adverbial
from citebot.retrieval.speakers.mentions import Mention, gender_of, parse_np
from citebot.retrieval.speakers.names import name_runs
from citebot.retrieval.speakers.resolution import Entity, SpeakerResolver


def resolve_speakers(
    text: str, paras: list[tuple[int, int]], spans: list[Span], found: list[Candidate]
) -> tuple[list[Quote], list[str]]:
    """Resolve mentions in document order; floating quotes take the latest speaker.

    Returns the quotes and each speaker's kind ("person", "group") for the headline pass.
    """
    resolver = SpeakerResolver(text)
    outside = _outside_quotes(text, spans)
    resolver.learn_names(outside)
    subjects = _sentence_subjects(text, paras, spans)
    quotes: list[Quote] = []
    events = sorted(
        [(pos, 0, m) for pos, m in subjects] + [(f.start, 1, f) for f in found], key=lambda e: e[:2]
    )
    kinds: list[str] = []
    for _, is_quote, item in events:
        if not is_quote:
            resolver.entity(item)
            continue
        f: Candidate = item
        speaker, role, kind, gender = "", "", "person", ""
        if f.speaker:
            speaker = f.speaker
        elif f.mention is not None:
            ent = resolver.entity(f.mention)
            if ent is not None:
                speaker, role, kind = ent.name, ent.role, ent.kind
                gender = ent.gender or gender_of(text, f.mention)
        elif f.floating:
            ent = _latest(resolver, f.start)
            if ent is not None:
                speaker, role, kind, gender = ent.name, ent.role, ent.kind, ent.gender
        if speaker:
            # The quote's speaker is the most salient antecedent for a following pronoun.
            resolver.note(f.start, speaker, kind, gender)
        m = f.mention
        kinds.append(kind)
        quotes.append(
            Quote(
                f.start,
                f.end,
                speaker,
                m.head_start if m else None,
                m.head_end if m else None,
                f.cue,
                f.kind,
                role,
            )
        )
    return quotes, kinds


def _latest(resolver: SpeakerResolver, pos: int) -> Entity | None:
    """The last speaker or subject before ``pos``: the speaker of a floating quote."""
    for at, ent in reversed(resolver.history):
        if at < pos:
            return ent
    return None


def _outside_quotes(text: str, spans: list[Span]) -> list[tuple[int, int]]:
    """The stretches of text between quotations, where the article introduces its names."""
    out, pos = [], 0
    for s in sorted(spans, key=lambda s: s.start):
        out.append((pos, s.start))
        pos = max(pos, s.end)
    out.append((pos, len(text)))
    return out


def _sentence_subjects(
    text: str, paras: list[tuple[int, int]], spans: list[Span]
) -> list[tuple[int, Mention]]:
    """Sentence-initial name subjects of narrative paragraphs (antecedents for pronouns)."""
    out = []
    for i, (lo, hi) in enumerate(paras):
        if is_caption(text, lo, hi):
            continue
        pspans = [s for s in spans if s.para == i]
        for s_lo, s_hi in sentence_spans(text, lo, hi, pspans):
            if inside_quote(s_lo, pspans):
                continue
            # "Meanwhile, Mohammad Suhail Shaheen, head of ..., welcomed ...": the subject
            # follows an introductory adverbial.
            c_lo = skip_adverbial(text, s_lo, s_hi)
            runs = name_runs(text, c_lo, min(s_hi, c_lo + 80))
            if runs and not text[c_lo : runs[0][0].start()].strip(" ,"):
                end = runs[0][-1].end()
                noun = re.match(r" [a-z]+\b", text[end : end + 30])
                ment = parse_np(text, c_lo, end + (noun.end() if noun else 0))
                if ment and ment.kind != "pronoun":
                    out.append((s_lo, ment))
    return out
