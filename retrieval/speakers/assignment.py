"""Give each found quote its speaker.

Mentions resolve in document order, interleaved with sentence subjects so that a pronoun finds
its antecedent; a floating quote takes the latest speaker.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import TYPE_CHECKING

from citebot.retrieval.articles.layout import analyse
from citebot.retrieval.lexicons import ORG_NOUNS, ORG_RELATIONS
from citebot.retrieval.models import Quote
from citebot.retrieval.quotes.backbone import ParsedParagraph
from citebot.retrieval.quotes.candidates import Candidate
from citebot.retrieval.quotes.layout import is_caption, sentence_spans
from citebot.retrieval.quotes.marks import Span, inside_quote
from citebot.retrieval.speakers.mentions import Mention, gender_of
from citebot.retrieval.speakers.resolution import Entity, Sighting, SpeakerResolver
from citebot.retrieval.speakers.subjects import mention_of, phrase_text, speechless

if TYPE_CHECKING:
    from spacy.tokens import Token


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
    learn_org_roles(text, parsed, resolver)
    subjects = _sentence_subjects(text, parsed, spans)
    quotes: list[Quote] = []
    events = sorted(
        [(pos, 0, s) for pos, s in subjects] + [(f.start, 1, f) for f in found], key=lambda e: e[:2]
    )
    kinds: list[str] = []
    for _, is_quote, item in events:
        if not is_quote:
            mention, speaks, until = item
            seen = len(resolver.history)
            resolver.entity(mention)
            resolver.history[seen:] = [
                replace(h, speaks=h.speaks and speaks, until=until) for h in resolver.history[seen:]
            ]
            continue
        f: Candidate = item
        speaker, role, kind, gender = "", "", "person", ""
        named: tuple[int, int] | None = None
        m = f.mention
        if f.speaker:
            speaker = f.speaker
        elif m is not None:
            ent = resolver.entity(m)
            if ent is not None:
                speaker, role, kind = ent.name, ent.role, ent.kind
                gender = ent.gender or gender_of(text, m)
                named = _relative_pronoun(parsed, f.cue_pos, m) or (m.head_start, m.head_end)
        elif f.floating:
            seen = _run_speaker(text, quotes, kinds, resolver, f.start, paras, spans)
            seen = seen or _latest(text, resolver, f.start, paras)
            if seen is not None:
                ent, named = seen.entity, seen.named
                speaker, role, kind, gender = ent.name, ent.role, ent.kind, ent.gender
        if speaker:
            # The quote's speaker is the most salient antecedent for a following pronoun.
            resolver.note(f.start, speaker, kind, gender, named)
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
                *(named or (None, None)),
            )
        )
    return quotes, kinds


_RELATIVES = frozenset({"who", "which", "that"})


def _relative_pronoun(
    parsed: list[ParsedParagraph], cue_pos: int, mention: Mention
) -> tuple[int, int] | None:
    """ "Ruiz, who said ...": the cue's own subject is the relative pronoun, whose antecedent
    (the mention) names the speaker; the pronoun is the mention the attribution is read from."""
    para = next((p for p in parsed if p.start <= cue_pos < p.end), None)
    if para is None:
        return None
    tok = next((t for t in para.doc if para.start + t.idx == cue_pos), None)
    for _ in range(4):
        if tok is None or tok.head == tok:
            return None
        rel = next((c for c in tok.children if c.dep_ == "nsubj"), None)
        if rel is not None:
            at = para.start + tok.head.idx
            if (
                tok.dep_ == "relcl"
                and rel.lower_ in _RELATIVES
                and mention.start <= at < mention.end
            ):
                return para.start + rel.idx, para.start + rel.idx + len(rel.text)
            return None
        tok = tok.head if tok.dep_ in {"xcomp", "conj", "advcl"} else None
    return None


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
) -> Sighting | None:
    """The last speaker or subject before ``pos`` in its paragraph or the one before (captions
    between do not count): the speaker of a floating quote. Further back nobody is sure who
    speaks: unknown."""
    here = next((i for i, (lo, hi) in enumerate(paras) if lo <= pos < hi), 0)
    before = [lo for lo, hi in paras[:here] if not is_caption(text, lo, hi)]
    since = before[-1] if before else 0
    for seen in reversed(resolver.history):
        if seen.current(pos) and seen.speaks:
            return seen if seen.at >= since else None
    return None


def _run_speaker(
    text: str,
    quotes: list[Quote],
    kinds: list[str],
    resolver: SpeakerResolver,
    pos: int,
    paras: list[tuple[int, int]],
    spans: list[Span],
) -> Sighting | None:
    """A quotation run: `"A," Park assured Ortega, after Ortega said ... "B."`: the floating
    quote continues the direct quote before it in its paragraph, when no one else became the
    subject after that quote's sentence (the attribution's own clauses do not count)."""
    at = next((i for i in reversed(range(len(quotes))) if quotes[i].kind == "direct"), None)
    prev = None if at is None else quotes[at]
    para = next(((lo, hi) for lo, hi in paras if lo <= pos < hi), None)
    if prev is None or not prev.speaker or para is None or prev.start < para[0]:
        return None
    sents = sentence_spans(text, para[0], para[1], spans)
    end = next((hi for lo, hi in sents if lo <= prev.start < hi), prev.end)
    if any(end <= seen.at and seen.current(pos) for seen in resolver.history):
        return None
    named = None if prev.named_start is None else (prev.named_start, prev.named_end or 0)
    # the run's speaker keeps its kind: `"...," read the email. "..."` gives no later "he"
    return Sighting(prev.start, Entity(prev.speaker, kinds[at], prev.speaker_role), named)


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
) -> list[tuple[int, tuple[Mention, bool, int | None]]]:
    """Named subjects of narrative sentences, from the parse (antecedents for pronouns and role
    nouns): every person or organisation that is a clause subject outside quotation marks,
    coordinated ones included ("Quist and Bell met"). Each comes with whether it can speak
    (a thing, "the oversized Ruiz face", says no floating quotation)."""
    out = []
    for para in parsed:
        if is_caption(text, para.start, para.end):
            continue
        for tok in para.doc:
            pos = para.start + tok.idx
            subject = tok.head if tok.dep_ == "conj" else tok
            if subject.dep_ not in {"nsubj", "nsubjpass"}:
                continue
            until = None
            if not _salient(subject.head, tok):
                until = _binding_scope(para, subject, tok)
                if until is None:
                    continue
            named = (
                tok.pos_ == "PROPN"
                or tok.ent_type_ in {"PERSON", "ORG", "NORP", "GPE"}
                or (tok.pos_ == "NOUN" and any(c.pos_ == "PROPN" for c in tok.lefts))
                # "Another delegate, Mia Brown of Leeds, explained": the name in apposition
                or any(c.dep_ == "appos" and c.ent_type_ == "PERSON" for c in tok.rights)
                # A capitalised subject the tagger took for a common noun or a verb ("Rathbun
                # requested"), if the article writes it as a name elsewhere (not "Rain fell").
                or (
                    tok.is_title
                    and tok.pos_ not in {"PRON", "DET"}
                    and _written_as_name(text, tok.text)
                )
            )
            if tok.ent_type_ == "PERSON" and tok.tag_ == "NNS":
                named = False  # the tagger's "person" on a plural common noun ("Roofs were")
            if not named or inside_quote(pos, spans):
                continue
            ment = mention_of(text, para.start, tok)
            if ment is not None and ment.kind != "pronoun":
                speaks = ment.kind == "person" or not speechless(tok)
                out.append((pos, (ment, speaks, until)))
    return out


def _binding_scope(para: ParsedParagraph, subject: Token, tok: Token) -> int | None:
    """Where a subject too low in its sentence to be salient stops being an antecedent (None
    for one that is none): a person subject of a clause in which a pronoun later is a subject
    (`spoke after Lane, who ..., held a rally in which he attacked Ortiz`) is what that pronoun
    means, through the end of its clause."""
    verb = subject.head
    if tok.ent_type_ != "PERSON":
        return None
    bound = any(
        t.dep_ == "nsubj" and t.pos_ == "PRON" and t.i > tok.i and t.lower_ in _BOUND_PRONOUNS
        for t in verb.subtree
    )
    last = verb.right_edge
    return para.start + last.idx + len(last.text) if bound else None


_BOUND_PRONOUNS = frozenset({"he", "she"})
_TIME_MARKS = frozenset({"when", "after", "before", "once", "as", "while", "until"})


def _salient(verb: Token, subject: Token) -> bool:
    """Is ``subject`` of ``verb`` one a later "he" may mean: a main clause's, or a person's or
    an organisation's in an adverbial clause opening it ("When Ruiz was asked ..., he
    laughed")? Subjects further down are not salient enough."""
    if verb.dep_ == "ROOT":
        return True
    if verb.dep_ in {"ccomp", "parataxis"} and any(c.text == ":" for c in verb.children):
        # `Fallon fired back: "...," he wrote`: the parser hung the opener on "wrote"
        return subject.ent_type_ in {"PERSON", "ORG"} or subject.is_title
    opening = verb.dep_ == "advcl" and verb.head.dep_ == "ROOT" and verb.i < verb.head.i
    # a time clause tells what happened; "If Ruiz loses, ..." is hypothetical
    when = any(c.dep_ in {"mark", "advmod"} and c.lower_ in _TIME_MARKS for c in verb.children)
    return opening and when and (subject.ent_type_ in {"PERSON", "ORG"} or subject.pos_ == "PROPN")


def _written_as_name(text: str, word: str) -> bool:
    """Is ``word`` capitalised somewhere in the text other than at a sentence start?"""
    return re.search(rf"[\w,;] {re.escape(word)}\b", text) is not None


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
            # `the president and the first lady, Ana Ruiz,`: the name is the nearest one's
            role = next((c for c in reversed(list(role.rights)) if c.dep_ == "conj"), role)
            role_text = phrase_text(text, para.start, role)
            resolver.learn_role(
                text[para.start + name.idx : para.start + name.idx + len(name.text)], role_text
            )


def learn_org_roles(text: str, parsed: list[ParsedParagraph], resolver: SpeakerResolver) -> None:
    """Organisations the article describes by what they are: "the security firm Brightwall"
    (the description before the name), "Brightwall, a security firm," and "the firm,
    Brightwall," (in apposition), so that a later "the firm said" resolves to Brightwall."""
    for para in parsed:
        for tok in para.doc:
            if tok.pos_ != "PROPN" or tok.dep_ in {"compound", "flat"}:
                continue
            described = [c for c in tok.children if _describes_org(c, tok)]
            if tok.dep_ == "appos" and _describes_org(tok.head, tok):
                described.append(tok.head)
            parts = [t for t in tok.lefts if t.dep_ in {"compound", "flat"} and t.pos_ == "PROPN"]
            first = min([*parts, tok], key=lambda t: t.i)
            name = text[para.start + first.idx : para.start + tok.idx + len(tok.text)]
            for noun in described:
                words = [t.text for t in noun.subtree if t.pos_ in {"NOUN", "ADJ"}]
                resolver.learn_org_role(name, " ".join(words))


def _describes_org(noun: Token, name: Token) -> bool:
    """Is ``noun`` an organisation noun before the name ("security firm Brightwall") or in
    apposition with it, and not a relation to another one ("Nabisco's parent company")?"""
    before = noun.dep_ == "compound" and noun.i < name.i
    apposed = noun.dep_ == "appos" or name.dep_ == "appos"
    related = any(c.dep_ == "poss" or c.lower_ in ORG_RELATIONS for c in noun.children)
    related |= any(t.dep_ == "poss" or t.lower_ in ORG_RELATIONS for t in name.lefts)
    return (
        noun.pos_ == "NOUN"
        and noun.lemma_.lower() in ORG_NOUNS
        and (before or apposed)
        and not related
    )
