"""Give each found quote its speaker.

Mentions resolve in document order, interleaved with sentence subjects so that a pronoun finds
its antecedent; a floating quote takes the latest speaker.
"""

from __future__ import annotations

from citebot.retrieval.articles.layout import analyse
from citebot.retrieval.models import Quote
from citebot.retrieval.quotes.backbone import ParsedParagraph
from citebot.retrieval.quotes.candidates import Candidate
from citebot.retrieval.quotes.layout import is_caption, sentence_spans
from citebot.retrieval.quotes.marks import Span, inside_quote
from citebot.retrieval.speakers.mentions import Mention, gender_of
from citebot.retrieval.speakers.resolution import Entity, SpeakerResolver
from citebot.retrieval.speakers.subjects import mention_of, phrase_text


def resolve_speakers(
    text: str,
    parsed: list[ParsedParagraph],
    spans: list[Span],
    found: list[Candidate],
) -> tuple[list[Quote], list[str]]:
    """Resolve mentions in document order; floating quotes take the latest speaker.

    Returns the quotes and each speaker's kind ("person", "group") for the headline pass.
    """
    resolver = SpeakerResolver(text)
    paras = [(p.start, p.end) for p in parsed]
    title = analyse(text).title
    outside = _outside_quotes(text, spans)
    if title is not None and is_caption(text, title.start, title.end):
        # A headline without a full stop ("Debating Clinton: ...") names no one reliably.
        outside = [(max(lo, title.end), hi) for lo, hi in outside if hi > title.end]
    resolver.learn_names(outside, _proper_nouns(parsed))
    learn_roles(text, parsed, resolver)
    subjects = _sentence_subjects(text, parsed, spans)
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
            run = _run_speaker(text, quotes, resolver, f.start, paras, spans)
            ent = run or _latest(text, resolver, f.start, paras)
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


def _proper_nouns(parsed: list[ParsedParagraph]) -> list[tuple[int, int]]:
    """The words the tagger takes for proper nouns or people: a gerund or a preposition in a
    title-case headline ("Debating Clinton", "Message About Latinos") is no part of a name."""
    return [
        (para.start + t.idx, para.start + t.idx + len(t.text))
        for para in parsed
        for t in para.doc
        if t.pos_ == "PROPN" or t.ent_type_ == "PERSON"
    ]


def _latest(
    text: str, resolver: SpeakerResolver, pos: int, paras: list[tuple[int, int]]
) -> Entity | None:
    """The last speaker or subject before ``pos`` in its paragraph or the one before (captions
    between do not count): the speaker of a floating quote. Further back nobody is sure who
    speaks: unknown."""
    here = next((i for i, (lo, hi) in enumerate(paras) if lo <= pos < hi), 0)
    before = [lo for lo, hi in paras[:here] if not is_caption(text, lo, hi)]
    since = before[-1] if before else 0
    for at, ent in reversed(resolver.history):
        if at < pos:
            return ent if at >= since else None
    return None


def _run_speaker(
    text: str,
    quotes: list[Quote],
    resolver: SpeakerResolver,
    pos: int,
    paras: list[tuple[int, int]],
    spans: list[Span],
) -> Entity | None:
    """A quotation run: `"A," Park assured Ortega, after Ortega said ... "B."`: the floating
    quote continues the direct quote before it in its paragraph, when no one else became the
    subject after that quote's sentence (the attribution's own clauses do not count)."""
    prev = next((q for q in reversed(quotes) if q.kind == "direct"), None)
    para = next(((lo, hi) for lo, hi in paras if lo <= pos < hi), None)
    if prev is None or not prev.speaker or para is None or prev.start < para[0]:
        return None
    sents = sentence_spans(text, para[0], para[1], spans)
    end = next((hi for lo, hi in sents if lo <= prev.start < hi), prev.end)
    if any(end <= at < pos for at, _ in resolver.history):
        return None
    return Entity(prev.speaker, "person", prev.speaker_role)


def _outside_quotes(text: str, spans: list[Span]) -> list[tuple[int, int]]:
    """The stretches of text between quotations, where the article introduces its names."""
    out, pos = [], 0
    for s in sorted(spans, key=lambda s: s.start):
        out.append((pos, s.start))
        pos = max(pos, s.end)
    out.append((pos, len(text)))
    return out


def _sentence_subjects(
    text: str, parsed: list[ParsedParagraph], spans: list[Span]
) -> list[tuple[int, Mention]]:
    """Named subjects of narrative sentences, from the parse (antecedents for pronouns and role
    nouns): every person or organisation that is a clause subject outside quotation marks,
    coordinated ones included ("Quist and Bell met")."""
    out = []
    for para in parsed:
        if is_caption(text, para.start, para.end):
            continue
        for tok in para.doc:
            pos = para.start + tok.idx
            subject = tok.head if tok.dep_ == "conj" else tok
            if subject.dep_ not in {"nsubj", "nsubjpass"} or subject.head.dep_ != "ROOT":
                continue  # only main-clause subjects are salient enough for a later "he"
            named = (
                tok.pos_ == "PROPN"
                or tok.ent_type_ in {"PERSON", "ORG", "NORP", "GPE"}
                or (tok.pos_ == "NOUN" and any(c.pos_ == "PROPN" for c in tok.lefts))
                # A capitalised subject the tagger took for a common noun or a verb ("Rathbun
                # requested"); the resolver tells names from sentence-initial nouns.
                or (tok.is_title and tok.pos_ not in {"PRON", "DET"})
            )
            if not named or inside_quote(pos, spans):
                continue
            ment = mention_of(text, para.start, tok)
            if ment is not None and ment.kind != "pronoun":
                out.append((pos, ment))
    return out


def learn_roles(text: str, parsed: list[ParsedParagraph], resolver: SpeakerResolver) -> None:
    """Roles the article gives people in apposition ("Rob Hale, the Ohio Republican,"; "the
    team's coach, Ana Ruiz,"), so a later "the Ohio Republican said" resolves to the person."""
    for para in parsed:
        for tok in para.doc:
            if tok.dep_ != "appos":
                continue
            name, role = (tok.head, tok) if tok.head.ent_type_ == "PERSON" else (tok, tok.head)
            if name.ent_type_ != "PERSON" or not (role.pos_ == "NOUN" or role.ent_type_ == "NORP"):
                continue
            role_text = phrase_text(text, para.start, role)
            resolver.learn_role(
                text[para.start + name.idx : para.start + name.idx + len(name.text)], role_text
            )
