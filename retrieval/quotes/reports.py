"""Reported speech found by syntax: a cue that governs a content clause, and its speaker.

A cue is a speech verb (lemma in the lexicon) with a clausal complement ("said the plan would
fail", "CONTENT, Lee said"), a request verb with an infinitive ("urged them to leave"), a speech
noun with a "that" clause ("her claim that ..."), "according to X", or a parenthetical
attribution ("The plan, she said, will fail"). Syntax decides: "Carolina added three goals" has
no complement clause and reports nothing; a negated or declined cue ("declined to say") neither.
Quotations are left to the direct pass: a content inside quotation marks is not re-reported.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING

from citebot.retrieval.lexicons import (
    ANONYMITY_NOUNS,
    ANONYMITY_VERBS,
    AS_VERBS,
    AUTHORSHIP_VERBS,
    CANCELLING_VERBS,
    CLAUSE_ONLY,
    CONNECTIVES,
    DEMAND_PREPS,
    DOCUMENT_NOUNS,
    FINDING_NOUNS,
    INFINITIVE_VERBS,
    LIKELIHOOD_VERBS,
    NAMING_VERBS,
    NOUN_CUES,
    OBJECT_VERBS,
    PERSON_NOUNS,
    QUESTION_VERBS,
    REQUEST_VERBS,
    SET_PHRASES,
    SPEECH_LEMMAS,
    TITLES,
    WH_WORDS,
)
from citebot.retrieval.quotes.backbone import ParsedParagraph
from citebot.retrieval.quotes.candidates import Candidate
from citebot.retrieval.quotes.framing import governor_subject
from citebot.retrieval.quotes.layout import is_caption
from citebot.retrieval.quotes.marks import DASHES, OPEN_TOKENS, QUOTE_TOKENS, Span, quote_kind
from citebot.retrieval.speakers.subjects import (
    agent_of,
    mention_of,
    opens_quotation,
    speechless,
    subject_of,
    voiceless,
)

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

_AS_LEMMAS = frozenset(AS_VERBS.values())
_REQUEST_LEMMAS = frozenset(REQUEST_VERBS.values())
_SPEAKER_TYPES = frozenset({"PERSON", "ORG", "NORP", "GPE"})
_RELATIVE_WH = frozenset({"what", "who", "whom", "which"})
_DEMAND_LEMMAS = frozenset(verb for verb, _ in DEMAND_PREPS)
_OBJECT_LEMMAS = _DEMAND_LEMMAS | NAMING_VERBS | frozenset(OBJECT_VERBS)
_CONTENT_MIN_WORDS = 2
# Subjects that name no one but still report ("most said ...", "two in three said ..."): the
# quote is kept with an unknown speaker.
_UNNAMED_SUBJECTS = frozenset({"NOUN", "NUM", "ADJ", "DET"})
_MADE_CLEAR = frozenset({"clear", "plain"})
_COMPLEMENTIZERS = frozenset({"that", "whether", "if"})
_SUBJECTS = frozenset({"nsubj", "nsubjpass", "csubj", "expl"})
_ARGUMENTS = frozenset({"nsubj", "nsubjpass", "dobj", "pobj"})
_ASIDE_REACH = 5  # words after a quotation within which its own attribution verb comes
_SAME_ROLE = {"dobj": {"dobj", "nsubjpass"}}
_QUOTE_AFTER_COLON = re.compile(r"\s*:\s*(?:[\"“«]|'')")


def reported_speech(
    text: str, parsed: list[ParsedParagraph], spans: list[Span], skip: set[int]
) -> list[Candidate]:
    """Indirect and mixed quotes of every parsed paragraph but ``skip`` (interview answers)."""
    out: list[Candidate] = []
    for i, para in enumerate(parsed):
        if i in skip or (
            is_caption(text, para.start, para.end)
            and not text[para.start : para.end].endswith(('"', "”"))
        ):
            continue
        quoted = [(s.start, s.end) for s in spans if s.para == i]
        for tok in para.doc:
            out += _reports_at(text, para.start, tok, quoted)
    return out


def _reports_at(text: str, off: int, tok: Token, quoted: list[tuple[int, int]]) -> list[Candidate]:
    """The reports whose cue is ``tok``."""
    if _inside(off + tok.idx, off + tok.idx + 1, quoted):
        return []  # a report inside a quotation belongs to the quoted speaker's words
    if tok.lower_ == "according" and tok.i + 1 < len(tok.doc) and tok.nbor().lower_ == "to":
        return _according_to(text, off, tok, quoted)
    lemma = tok.lemma_.lower()
    if tok.pos_ == "NOUN" and lemma in NOUN_CUES:
        return _noun_cue(text, off, tok, quoted)
    if lemma == "make" and any(c.lower_ in _MADE_CLEAR for c in tok.children):
        lemma = "state"  # "made clear that ...", "made it plain that ..."
    if tok.pos_ != "VERB" or lemma not in SPEECH_LEMMAS | _OBJECT_LEMMAS:
        return []
    if _cancelled(tok, off, quoted) or _in_set_phrase(tok):
        return []
    if lemma in SPEECH_LEMMAS and (aside := _inverted_aside(tok)) is not None:
        return _parts(text, off, tok, *aside, quoted)
    passive = _passive(tok)
    content = _content_of(tok, lemma) if lemma in SPEECH_LEMMAS else None
    if content is None and lemma in _OBJECT_LEMMAS and not passive:
        found = _object_content(tok, lemma)
        subject = subject_of(tok) if found else None
        return _candidate(text, off, *found, tok, subject, quoted) if subject is not None else []
    if content is not None and content.i < tok.i and _goes_on_doing(tok, lemma):
        return []  # `X was valid, so she continued to renew it`: what she went on doing
    if content is not None and content.lower_ in _MADE_CLEAR:
        content = next(
            (c for c in content.children if c.dep_ in {"ccomp", "advcl", "csubj"}), content
        )
    subject = agent_of(tok) if passive else subject_of(tok)
    if subject is not None and lemma in LIKELIHOOD_VERBS and _thing(subject):
        return []  # `a ballot measure threatened to double the fare`: likely, not said
    if content is None:
        if subject is not None and (tok.dep_ == "parataxis" or _as_clause(tok)):
            return _parenthetical(text, off, tok, subject, quoted)
        if subject is not None and (lead := _closing_attribution(tok, subject)) is not None:
            return _candidate(text, off, *lead, tok, subject, quoted)
        return []
    if subject is None and not passive:
        subject = governor_subject(tok)
    if subject is None and not (passive and _clear_content(tok, content)):
        return []
    lo, hi = _span(content)
    lo = _detached_subject(tok, content, lo)
    if lo < tok.i < content.i:
        # `..., which traders say could hurt Lane`: the relative pronoun before the cue
        # is no part of what was said
        lo = tok.i + 1
    if subject is not None and lo <= subject.i < hi:
        return []  # `Ruiz, noting the cost, said`: the parser's clause holds the speaker
    hi = _not_but(tok, lo, _before_next_report(content, hi))
    if subject is not None and _dash_before(subject):
        # `a planner - a former aide said she ... - and her ...`: an aside between dashes; what
        # was said ends at the closing dash.
        hi = next((t.i for t in tok.doc[tok.i : hi] if t.text in DASHES), hi)
    for more in tok.children:
        # Two complements in a row ("said the plan ... "reflects reality."), or joined by
        # "and" before the cue (`X tried A, and in doing so B, Vale said`): one content.
        gap = tok.doc[hi : more.left_edge.i]
        joined = more.i < tok.i and all(t.is_punct or t.dep_ == "cc" for t in gap)
        if more.dep_ == "ccomp" and more.i > content.i and (len(gap) <= 1 or joined):
            hi = max(hi, _span(more)[1])
    hi = _before_attributed_aside(tok, off, lo, hi, quoted)
    hi = _before_closing_according(tok.doc, lo, hi)
    if content.dep_ == "dobj":
        lo = content.left_edge.i - (content.doc[content.left_edge.i].text not in OPEN_TOKENS)
    if content.dep_ == "dobj" or (lemma in _AS_LEMMAS and content.dep_ == "pobj"):
        # "described him as an outsider, "the kind who ..."; not `..., adding: ...`
        hi = max(hi, _before_own_phrase(tok, _span(tok)[1]))
    if lemma in CLAUSE_ONLY and not (_framed(content) or _finite_clause(content)):
        return []  # "announced the winner", "noted the date": narration, not a report
    doc = tok.doc
    if hi <= tok.i and any(off + doc[hi - 1].idx < s and e <= off + tok.idx for s, e in quoted):
        return []  # `X set out the need for Y: "...," she said`: the quotation is what she said
    return _candidate(text, off, lo, hi, tok, subject, quoted)


_SETTING_PREPS = frozenset({"in", "on", "at", "during", "to", "after", "before", "from"})


def _closing_attribution(verb: Token, subject: Token) -> tuple[int, int] | None:
    """`Those who take on debt struggle, he said.`: a sentence that ends in its attribution
    reports what comes before the comma, where the parser found no clause to hang on the cue.
    The part before must read as a clause (a verb) and the attribution must end the sentence."""
    doc, sent = verb.doc, verb.sent
    if any(t.dep_ in {"relcl", "acl", "appos"} for t in (verb, *verb.ancestors)):
        return None  # `said Ruiz, a strategist who has advised ...`: a description, no report
    first = min(subject.left_edge.i, verb.i)
    if first <= sent.start or doc[first - 1].text != ",":
        return None
    # `..., said the firm's manager, Tom Reddy.`: a person noun (or a document) speaks; `...,
    # the borrowing continued.`, `..., a process that concluded Monday.` are no attributions
    named = subject.pos_ in {"PRON", "PROPN"} or subject.ent_type_ == "PERSON"
    noun = subject.pos_ == "NOUN" and (
        subject.lemma_.lower() in PERSON_NOUNS or not speechless(subject)
    )
    if not (named or noun):
        return None
    # The attribution ends the sentence, its own words aside (`..., he told reporters on
    # Monday.`): not `..., Ruiz wrote:` before a quotation, nor a clause that goes on.
    tail = [t for t in doc[max(verb.i, subject.right_edge.i) + 1 : sent.end] if not t.is_punct]
    own = {t.i for c in verb.children if _attribution_words(c, verb) for t in c.subtree}
    if doc[sent.end - 1].text != "." or any(t.i not in own or _has_verb([t]) for t in tail):
        return None
    lo, hi = _trimmed(doc, sent.start, first - 1)
    if hi - lo < 3 or not _has_verb(doc[lo:hi]):
        return None
    if tail and _adverbial_opening(doc[lo:hi]):
        # `As the crowd waited, Ruiz told reporters ...`, `According to the paper, ...`: where
        # the attribution has words of its own, an opening adverbial is likelier than a
        # report before it
        return None
    return lo, hi


def _attribution_words(child: Token, verb: Token) -> bool:
    """Words an attribution may end with: whom it was told to, when, where or in what
    (`told reporters`, `said on Monday in a statement`), not what the verb is about
    (`asked for the harbour back`)."""
    if child.dep_ in {"npadvmod", "advmod", "dative"}:
        return True
    if child.dep_ == "dobj":
        return verb.lemma_.lower() == "tell"
    return child.dep_ == "prep" and child.lower_ in _SETTING_PREPS


def _adverbial_opening(part: Iterable[Token]) -> bool:
    """Does ``part`` open with a subordinator, preposition, infinitive or participle before
    any noun phrase ("But instead of ...", "Not long after ...", "To nudge it along")?"""
    for t in part:
        if t.pos_ in {"NOUN", "PROPN", "PRON", "DET", "NUM", "ADJ"}:
            return False
        if t.pos_ in {"SCONJ", "ADP"} or t.tag_ in {"TO", "WRB", "VBN", "VBG"}:
            return True
    return False


def _has_verb(tokens: Iterable[Token]) -> bool:
    return any(t.pos_ in {"VERB", "AUX"} for t in tokens)


def _passive(verb: Token) -> bool:
    """ "was told that ...", "Asked about the plan, Ruiz said ...": the cue's subject, if any,
    is the one spoken to; the speaker is the agent ("by a reporter") or unknown."""
    kids = [c for c in verb.children if c.lower_ not in {"'s", "’s"}]  # "who's argued": has
    bare_participle = verb.tag_ == "VBN" and verb.dep_ in {"advcl", "acl"}
    # `Asked what ..., Lane said`: a past form that opens the sentence with no subject of its
    # own is the participle, however the tagger read it
    bare_participle |= (
        verb.i == verb.sent.start
        and verb.tag_ == "VBD"
        and verb.dep_ == "advcl"
        and not any(c.dep_ in _SUBJECTS for c in kids)
    )
    # `the candidate often described as an outsider`: "describe" with no object is passive
    described = verb.tag_ == "VBN" and verb.lemma_.lower() in _AS_LEMMAS
    bare_participle |= described and not any(c.dep_ == "dobj" for c in kids)
    return any(c.dep_ == "auxpass" for c in kids) or (
        (bare_participle or _reduced_passive(verb)) and not any(c.dep_ == "aux" for c in kids)
    )


def _reduced_passive(verb: Token) -> bool:
    """`said Ana Ruiz, asked about the plan`: a past form right after a comma, with no subject
    or only the bare name before that comma, is a participle (Ruiz was asked), though the
    tagger may read a past tense and the parser make the name its subject."""
    if verb.tag_ != "VBD" or verb.i == 0 or verb.nbor(-1).text != ",":
        return False
    if verb.lemma_ == "say" or any(c.dep_ == "mark" or c.tag_ == "WRB" for c in verb.children):
        return False  # `And Trump, said Lee, ...`; `when Ruiz, who ..., called for`
    subjects = [c for c in verb.children if c.dep_ in _SUBJECTS]
    if not subjects:
        return verb.dep_ in {"advcl", "acl"}
    return all(s.i == verb.i - 2 for s in subjects)


def _clear_content(verb: Token, content: Token) -> bool:
    """Is a passive report clear without a speaker: a "that", "to", wh- or "about" content
    ("I was told that ...", "when asked whether ...", "asked about the plan"), and not the
    writer's own "it should be noted that"?"""
    if any(c.dep_ == "aux" and c.tag_ == "MD" for c in verb.children):
        return False
    if content.dep_ == "pobj":
        return content.head.lower_ == "about"
    first = content.doc[_span(content)[0]]
    # `was asked to ...` reports a request; `was told to wait`, `was advised to ...` name no
    # one who told or advised
    to = first.lower_ == "to" and verb.lemma_.lower() in _REQUEST_LEMMAS
    return content.dep_ in {"ccomp", "xcomp"} and (first.lower_ in {"that", *WH_WORDS} or to)


def _detached_subject(verb: Token, content: Token, lo: int) -> int:
    """Where a subjectless clause starts when the parser hung its long subject on the verb:
    `said the days when the town had one paper are gone` (the days: the verb's adverbial in
    the parse, the subject of "are gone" in the sentence)."""
    if content.dep_ != "ccomp" or any(c.dep_ in _SUBJECTS for c in content.children):
        return lo
    if content.doc[lo].lower_ in _COMPLEMENTIZERS:
        return lo  # `told the President that ...`: the noun before "that" is who heard it
    for c in verb.children:
        if (
            c.dep_ in {"npadvmod", "dobj", "nsubj"}
            and verb.i < c.i < content.i
            and c.pos_ == "NOUN"
            and c.ent_type_ not in {"PERSON", "ORG", "NORP", "GPE"}  # `told POLITICO the ...`
            and c.right_edge.i < lo
            and not any(t.is_punct for t in c.doc[c.right_edge.i + 1 : lo])
        ):
            return c.left_edge.i
    return lo


def _before_next_report(content: Token, hi: int) -> int:
    """Where a content clause ends when a report of its own is coordinated with it: `Ruiz said
    the plan would fail and Lee said it would work` holds two reports, not one, as do `said the
    base went on alert and said ...` (a base says nothing: the second "said" is Ruiz's) and
    `told the AP her group never met them and said it ...` (a clause of its own: also Ruiz's,
    see ``subject_of``); `said that the plan would fail but that he insisted on it` is one
    report of two clauses, and `said he held no dinners and never called a donor` one."""
    subject = next((c for c in content.children if c.dep_ in _SUBJECTS), None)
    for c in content.children:
        own = any(k.dep_ == "nsubj" for k in c.children)
        if (
            c.dep_ == "conj"
            and c.i > content.i
            and c.lemma_.lower() in SPEECH_LEMMAS
            # `said the base went into "collect mode" and said ...`: the base says nothing
            # `said that Voss would vote for it but added, "..."`: a quotation of its own
            and (
                own
                or _opens_own_quotation(c, content)
                or (subject is not None and voiceless(subject, c))
                or any(k.dep_ == "ccomp" for k in c.children)
            )
            and not any(k.dep_ == "mark" and k.lower_ == "that" for k in c.children)
        ):
            cut = c.left_edge.i
            doc = content.doc
            while cut > content.i and (doc[cut - 1].dep_ == "cc" or doc[cut - 1].is_punct):
                cut -= 1
            return min(hi, cut)
    return hi


def _before_attributed_aside(
    cue: Token, off: int, lo: int, hi: int, quoted: list[tuple[int, int]]
) -> int:
    """Where a content clause ends before a dash that opens a quotation with its own
    attribution (`suggested Lane admired harsh rulers - "He would have liked Nero," Ruiz said
    again -`): the aside is a direct quote of its own, not more of what was suggested."""
    doc = cue.doc
    for t in doc[lo + 1 : hi]:
        if t.text not in DASHES or t.i + 1 >= len(doc):
            continue
        at = off + doc[t.i + 1].idx
        end = next((e for s, e in quoted if s == at), None)
        if end is None:
            continue
        after = [w for w in doc[t.i + 1 :] if off + w.idx >= end][:_ASIDE_REACH]
        verb = next((w for w in after if w.pos_ == "VERB"), None)
        speech = verb is not None and verb != cue and verb.lemma_.lower() in SPEECH_LEMMAS
        if speech and subject_of(verb) is not None:
            return t.i
    return hi


def _before_own_phrase(cue: Token, hi: int) -> int:
    """Where the cue's words end before a participle of its own (`..., adding: ...`); one in
    quotation marks is what was said (`as an individual, "facing ..."`)."""
    doc = cue.doc
    for c in cue.rights:
        if c.dep_ in {"advcl", "xcomp", "conj"} and c.tag_ == "VBG" and not _opens_quotation(c):
            cut = c.left_edge.i
            while cut > cue.i and (doc[cut - 1].is_punct or doc[cut - 1].dep_ == "cc"):
                cut -= 1
            return min(hi, cut)
    return hi


def _before_closing_according(doc: Doc, lo: int, hi: int) -> int:
    """Where a content clause ends before a closing `, according to X`: the phrase attributes
    the whole report to its own source (`The mayor told her that ..., according to an account
    she gave`) and is no part of what was said."""
    for t in doc[lo + 1 : hi]:
        if (
            t.lower_ == "according"
            and doc[t.i - 1].text == ","
            and t.i + 1 < len(doc)
            and doc[t.i + 1].lower_ == "to"
            and t.right_edge.i >= hi - 1
        ):
            return t.i - 1
    return hi


def _not_but(cue: Token, lo: int, hi: int) -> int:
    """Where a reported "not X but Y" ends (`said the goal was not to "..." but to "..."`): the
    parser may hang the "but" half on the cue, yet it is the same claim."""
    doc = cue.doc
    if not any(t.lower_ == "not" for t in doc[lo:hi]):
        return hi
    j = hi
    while j < len(doc) and doc[j].is_punct:
        j += 1
    if j >= len(doc) or doc[j].lower_ != "but" or doc[j].head != cue:
        return hi
    rest = next((c for c in cue.children if c.i > j and c.dep_ in {"conj", "advcl"}), None)
    if rest is None or rest.lemma_.lower() in SPEECH_LEMMAS:
        return hi
    # `..., but she has bristled at ...`: a clause of its own subject is the writer's
    own = any(c.dep_ in _SUBJECTS for c in rest.children)
    if own and not any(c.dep_ == "mark" for c in rest.children):
        return hi
    return _span(rest)[1]


def _opens_own_quotation(verb: Token, content: Token) -> bool:
    """Does ``verb`` open a quotation of its own, outside any quotation marks since the content
    began (`said that Voss would vote for it but added, "..."`)?"""
    between = verb.doc[content.i : verb.i]
    return opens_quotation(verb) and not any(t.text in QUOTE_TOKENS for t in between)


def _in_dashes(verb: Token) -> bool:
    """Is the verb's subject an aside opened by a dash (`a planner - a former aide said`)?"""
    subject = subject_of(verb)
    return subject is not None and _dash_before(subject)


def _dash_before(subject: Token) -> bool:
    first = subject.left_edge.i
    return first > 0 and subject.doc[first - 1].text in DASHES


def _adjacent(clause: Token) -> bool:
    """Does the complement follow its verb directly ("said the plan ...", "said that ..."), not
    after a subordinator ("said as the crowd booed")?"""
    first = clause.doc[_span(clause)[0]]
    verb = clause.head
    return (
        first.i == verb.i + 1
        and clause.i > verb.i
        and (first.dep_ != "mark" or first.lower_ == "that")
    )


def _content_of(verb: Token, lemma: str) -> Token | None:
    """The complement that holds what was said, or None when the verb takes none."""
    # `"...," she said, but ..., "...," said Voss`: a report of its own before the verb, with
    # its own speaker, is no part of what this verb reports
    clauses = [
        c
        for c in verb.children
        if c.dep_ == "ccomp" and not _report_before(c, verb) and not _introduces(c, verb)
    ]
    if len(clauses) > 1 and (_adjacent(clauses[-1]) or _in_dashes(verb)):
        # `X was Y - an aide said Z -`, `"...," Lee said, after Ruiz said Z` (as the parser may
        # read it): the clause right after the verb, not an aside or a quotation before it
        return clauses[-1]
    if clauses:
        return clauses[0]
    for c in verb.children:
        # "told LA Weekly in a statement that ...": the clause hangs on the addressee or manner
        # phrase in the parse, but it is what the verb reports.
        if c.dep_ in {"dobj", "dative", "prep", "npadvmod"}:
            for d in [c, *(p for p in c.children if p.dep_ == "pobj")]:
                if _owned_noun_cue(d):
                    continue  # "rejected the Trust's claim that ...": the claim is the Trust's
                for e in d.children:
                    if e.dep_ in {"acl", "ccomp", "relcl"} and (
                        _starts_with_that(e) or (lemma in QUESTION_VERBS and _asks(e))
                    ):
                        return e
    for c in verb.children:
        if c.dep_ == "dobj" and c.i > verb.i and _opens_quotation(c):
            return c  # `recommending "a black pen" if possible`: the quoted words themselves
    if lemma in INFINITIVE_VERBS:
        for c in verb.children:
            if (
                c.dep_ == "xcomp"
                and any(a.lower_ == "to" for a in c.lefts)
                and not _wh_gap(verb, c)
                and not _anonymity(c)
            ):
                return c
    gerund = next((c for c in verb.children if c.dep_ == "xcomp" and c.i == verb.i + 1), None)
    if gerund is not None and gerund.tag_ == "VBG" and _finite_clause_in(gerund):
        return gerund  # `said seeing so many officers was a relief`: the gerund opens the clause
    if lemma in QUESTION_VERBS:
        # `asked the mayor if he ...`: the parser may read the question as a condition
        addressee = {t.i for c in verb.children if c.dep_ in {"dobj", "dative"} for t in c.subtree}
        for c in verb.children:
            if c.dep_ == "advcl" and c.i > verb.i and _asks(c):
                # right after the verb or whom it asks; `asked for a lawyer if ...` is a condition
                between = verb.doc[verb.i + 1 : c.left_edge.i]
                return c if all(t.i in addressee for t in between) else None
    if lemma in _AS_LEMMAS | {"ask"}:
        # "described him as an outsider"; "asked about the plan": the topic of the question.
        # The "as" may hang on the object (`described the vote as "a grave error"`), and
        # what follows it may be an adjective (`as "rather strong"`).
        prep = "about" if lemma == "ask" else "as"
        objects = [c for c in verb.children if c.dep_ == "dobj" and prep == "as"]
        for holder in (verb, *objects):
            for c in holder.children:
                if c.dep_ == "prep" and c.lower_ == prep:
                    words = [p for p in c.children if not p.is_punct]
                    pobj = next((p for p in words if p.dep_ == "pobj"), None)
                    return pobj or (words[0] if words and prep == "as" else None)
    return None


def _goes_on_doing(verb: Token, lemma: str) -> bool:
    """A verb with an infinitive or gerund right after it (`continued to renew it`) tells
    what someone did, unless it reports what was asked or promised."""
    return lemma not in INFINITIVE_VERBS and any(
        c.dep_ == "xcomp" and c.left_edge.i == verb.i + 1 for c in verb.children
    )


def _anonymity(clause: Token) -> bool:
    """ "Asked not to be named", "requested anonymity to speak freely": what a source asks of
    the reporter, not of anyone in the news."""
    passive = any(c.dep_ == "auxpass" for c in clause.children)
    asked = (c.lemma_.lower() for c in clause.head.children if c.dep_ == "dobj")
    return (passive and clause.lemma_.lower() in ANONYMITY_VERBS) or any(
        a in ANONYMITY_NOUNS for a in asked
    )


def _thing(subject: Token) -> bool:
    """A singular common noun that names no one or nothing that speaks (`a debate`, `the
    initiative`)."""
    words = {subject.lemma_.lower(), subject.lower_}
    someone = words & (PERSON_NOUNS | DOCUMENT_NOUNS) or subject.ent_type_ in _SPEAKER_TYPES
    common = subject.tag_ == "NN" and subject.is_lower  # not a name the tagger took for a noun
    return common and speechless(subject) and not someone


def _wh_gap(verb: Token, infinitive: Token) -> bool:
    """`did what his coach told him to do`: an infinitive whose object is a wh-word opening the
    cue's clause (not its subject: `who vowed to ...`) or hung on the infinitive tells what
    was done, not what was told."""
    opener = verb.doc[verb.left_edge.i]
    gap = opener.lower_ in _RELATIVE_WH and opener.dep_ not in _SUBJECTS
    return gap or any(c.lower_ in _RELATIVE_WH and c.dep_ == "dobj" for c in infinitive.children)


def _introduces(clause: Token, verb: Token) -> bool:
    """`The backers sounded unsure: Jane Hart called it "..."`: a clause before a colon
    introduces the sentence after it; it is not what that sentence's verb reports."""
    between = verb.doc[clause.right_edge.i + 1 : verb.i]
    return clause.i < verb.i and any(t.text in {":", ";"} for t in between)


def _report_before(clause: Token, verb: Token) -> bool:
    """Is ``clause`` a quotation's own attribution (`"...," she said`) before ``verb``, or the
    same speaker's report with its own content (`Ruiz suggested that ... - "...," she said -`)?
    Another speaker's report is what the verb reports (`Lee said ..., the Post reported`)."""
    own = next((c for c in clause.children if c.dep_ == "nsubj"), None)
    if clause.i > verb.i or own is None or clause.lemma_.lower() not in SPEECH_LEMMAS:
        return False
    if clause.left_edge.text in QUOTE_TOKENS:
        return True
    again = subject_of(verb)
    same = again is not None and (again.pos_ == "PRON" or again.lower_ == own.lower_)
    return same and any(c.dep_ == "ccomp" for c in clause.children)


def _object_content(verb: Token, lemma: str) -> tuple[int, int] | None:
    """Token range of what a naming, judging or demanding verb reports, or None:
    "called the plan a disaster", "accused the mayor of lying", "called on the board to resign".
    An object alone ("praised the mayor", "called a meeting") reports nothing."""
    if verb.dep_ == "acl" and verb.tag_ == "VBN":
        return None  # "a group called Renew", "a movement accused of fraud": no one speaks
    kids = list(verb.children)
    obj = next((c for c in kids if c.dep_ == "dobj"), None)
    pred = next((c for c in kids if c.dep_ == "oprd"), None)
    if lemma in NAMING_VERBS and pred is None and obj is not None:
        # `called the chaos "a lesson"`, `called that "absurd"`: the parser may hang the quoted
        # description on the object or the verb; a quotation right after the object is it.
        after = [*obj.rights, *(c for c in kids if c.i > obj.i)]
        pred = next((c for c in after if not c.is_punct and _opens_quotation(c)), None)
    if lemma in NAMING_VERBS and pred is not None:
        if not _characterises(pred):
            return None  # "will call the museum home"
        # `which Lane called "a sham"`: a relative pronoun before the verb is not said
        parts = [pred, *([obj] if obj is not None and verb.i < obj.i < pred.i else [])]
        return min(_span(p)[0] for p in parts), max(_span(p)[1] for p in parts)
    for prep in kids:
        if prep.dep_ != "prep" or prep.i < verb.i:
            continue
        if (lemma, prep.lower_) in DEMAND_PREPS:
            # "called for the mayor to resign": the parser may hang the infinitive on the verb.
            # (not a participle set off by a comma: `called for an inquiry, saying ...`)
            tail = [
                c
                for c in kids
                if c.i > prep.i
                and c.dep_ in {"xcomp", "advcl", "ccomp"}
                and verb.doc[c.left_edge.i - 1].text != ","
            ]
            hi = max([_span(prep)[1], *(_span(c)[1] for c in tail)])
            return prep.i + 1, hi
        if OBJECT_VERBS.get(lemma) == prep.lower_ and any(
            c.dep_ in {"pobj", "pcomp"} for c in prep.children
        ):
            if obj is not None and obj.i < verb.i:
                return None  # `the mood that critics blame for ...`: whom or what is elsewhere
            lo = _span(obj)[0] if obj is not None and obj.i < prep.i else prep.i
            return lo, _span(prep)[1]
    return None


def _characterises(pred: Token) -> bool:
    """Is a naming verb's predicate a description ("a disaster", "reckless", "a 'hoax'") rather
    than a bare noun or a name ("home", "Clara")?"""
    size = pred.right_edge.i - pred.left_edge.i + 1
    if _opens_quotation(pred) and not (size == 1 and pred.pos_ == "PROPN"):
        return True
    return pred.pos_ == "ADJ" or (size >= 2 and pred.pos_ != "PROPN")


def _as_clause(verb: Token) -> bool:
    """ "As the Post reported, the plan ...", "Lee said ..., as reported by the Post": an "as"
    clause whose verb has no object of its own reports the clause it qualifies; not in `Lee
    said ... as the crowd cheered`, where it tells when."""
    kids = list(verb.children)
    head = verb.head
    timing = not _passive(verb) and head.i < verb.i and head.lemma_.lower() in SPEECH_LEMMAS
    return (
        verb.dep_ == "advcl"
        and not timing
        and any(c.dep_ == "mark" and c.lower_ == "as" for c in kids)
        and not any(c.dep_ in {"dobj", "ccomp", "xcomp", "oprd"} for c in kids)
    )


def _owned_noun_cue(noun: Token) -> bool:
    return noun.lemma_.lower() in NOUN_CUES and any(
        c.dep_ == "poss" or (c.dep_ == "compound" and c.pos_ == "PROPN") for c in noun.children
    )


def _opens_quotation(phrase: Token) -> bool:
    """Does the phrase begin with (or right after) an opening quotation mark?"""
    first = phrase.left_edge.i
    doc = phrase.doc
    return doc[first].text in OPEN_TOKENS or (first > 0 and doc[first - 1].text in OPEN_TOKENS)


def _starts_with_that(clause: Token) -> bool:
    """Does the clause open with the conjunction "that"? Not the pronoun of a relative clause
    (`repeating a charge that he made`: what he made, not what he said). A "that" read as an
    argument its clause already has (`at the hearing that rivals will carry "every ward"`, `a
    recommendation that all salt be iodised`: a passive's object is its subject) is the
    conjunction."""
    first = clause.doc[_span(clause)[0]]
    if first.lower_ != "that":
        return False
    filled = _SAME_ROLE.get(first.dep_, {first.dep_})
    return first.dep_ not in _ARGUMENTS or any(
        c.dep_ in filled and c != first for c in first.head.children
    )


def _finite_clause(content: Token) -> bool:
    """A complement with its own subject and a tensed verb ("revealed many are not ...")."""
    has_subject = any(c.dep_ in {"nsubj", "nsubjpass", "expl"} for c in content.children)
    tensed = content.tag_ in {"VBD", "VBZ", "VBP", "MD"} or any(
        c.dep_ in {"aux", "auxpass"} and c.tag_ in {"VBD", "VBZ", "VBP", "MD"}
        for c in content.children
    )
    # `Most of the cousins long ago soured on him`: a participle with an active subject
    # and no auxiliary is a past tense the tagger misread
    past = (
        content.tag_ == "VBN"
        and not any(c.dep_ in {"aux", "auxpass", "nsubjpass"} for c in content.children)
        and any(c.dep_ == "nsubj" for c in content.children)
    )
    return has_subject and (tensed or past)


def _finite_clause_in(gerund: Token) -> bool:
    """Does a clause with its own subject and tense hang on the gerund, as where the parser
    took a gerund subject for the verb's complement?"""
    return any(c.dep_ in {"ccomp", "conj"} and _finite_clause(c) for c in gerund.children)


def _asks(clause: Token) -> bool:
    """Does the clause open as an indirect question ("if", "whether", a wh-word)? Not a
    relative clause (`questioned the judge, who fights with ...`: "who" is its subject)."""
    first = clause.doc[_span(clause)[0]]
    relative = first.lower_ in _RELATIVE_WH and first.head == clause and first.dep_ in _ARGUMENTS
    return first.lower_ in WH_WORDS and not relative


def _framed(content: Token) -> bool:
    """Is the complement a "that"/wh clause or a quotation (what clause-only verbs need)?"""
    first = content.doc[_span(content)[0]]
    return first.lower_ in {"that", *WH_WORDS} or _opens_quotation(content)


def _in_set_phrase(verb: Token) -> bool:
    """Does ``verb`` end a fixed phrase that reports nothing ("All told, ...")?"""
    doc = verb.doc
    return any(
        len(p) <= verb.i + 1 and tuple(t.lower_ for t in doc[verb.i + 1 - len(p) : verb.i + 1]) == p
        for p in SET_PHRASES
    )


def _cancelled(verb: Token, off: int, quoted: list[tuple[int, int]]) -> bool:
    """ "did not say", "never claimed", "declined to say": nothing was reported. A "not" the
    parser hung on the cue from inside a quotation (`"Absolutely not," he said`) cancels nothing."""
    if any(
        c.dep_ == "neg" and not _inside(off + c.idx, off + c.idx + 1, quoted) for c in verb.children
    ):
        return True
    head = verb.head
    return verb.dep_ == "xcomp" and head.lemma_.lower() in CANCELLING_VERBS


def _span(head: Token) -> tuple[int, int]:
    """Token range [lo, hi) of a complement: its subtree without edge punctuation, a leading
    conjunction or a leading time adverbial ("said Tuesday the plan ...")."""
    lo, hi = head.left_edge.i, head.right_edge.i + 1
    doc = head.doc
    while lo < hi and (
        (doc[lo].is_punct and doc[lo].text not in QUOTE_TOKENS)
        or (doc[lo].dep_ in {"cc", "prep"} and doc[lo].head.i != head.i)
        or (
            doc[lo].ent_type_ in {"DATE", "TIME"}
            and doc[lo].i < head.i
            and doc[lo].head.i == head.i
            and doc[lo].dep_ not in _SUBJECTS  # `said the years when ... are over`
        )
        or (
            doc[lo].ent_type_ in {"DATE", "TIME"}
            and doc[lo].head.ent_type_ in {"DATE", "TIME"}
            and doc[lo].head.head.i == head.i
            and doc[lo].head.i < head.i
            and doc[lo].head.dep_ not in _SUBJECTS
        )
    ):
        lo += 1
    # and a trailing conjunction whose second conjunct the parser hung elsewhere ("... the
    # plan but said, ...")
    while hi > lo and (
        (doc[hi - 1].is_punct and doc[hi - 1].text not in QUOTE_TOKENS)
        or doc[hi - 1].pos_ == "CCONJ"
    ):
        hi -= 1
    return lo, hi


def _inside(lo: int, hi: int, quoted: list[tuple[int, int]]) -> bool:
    return any(s <= lo and hi <= e for s, e in quoted)


def _candidate(
    text: str,
    off: int,
    lo: int,
    hi: int,
    cue: Token,
    subject: Token | None,
    quoted: list[tuple[int, int]],
    cue_text: str = "",
    relayed: bool = False,
    min_words: int = _CONTENT_MIN_WORDS,
) -> list[Candidate]:
    doc = cue.doc
    if hi - lo < min_words:
        return []
    start = off + doc[lo].idx
    end = off + doc[hi - 1].idx + len(doc[hi - 1].text)
    for s, e in quoted:
        if start <= s < end < e:
            end = e  # a quotation the clause opens runs to its closing mark (`... reality."`)
        if s < start < e < end and not text[s:start].strip("\"“”'‘’ "):
            start = s  # `"We are grateful" for the help, Moreno said`: from the opening mark
    colon = _QUOTE_AFTER_COLON.search(text, start, end)
    if colon and off + cue.idx > colon.start():
        return []  # `X stressed the need for Y: "...," she said`: she said the quotation
    if colon:
        end = colon.start()  # `told X any process "...": "Moves ..."`: the next quote is its own
    whole = next(((s, e) for s, e in quoted if s - 1 <= start and end <= e + 1), None)
    if whole is not None:
        # The whole content is a quotation (`described her as "..."`): the quotation is the
        # quote. Where the direct pass found it too, its find is kept.
        start, end = whole
    mention = mention_of(text, off, subject) if subject is not None else None
    if subject is not None and mention is None and not _unnamed_reporter(subject):
        return []  # the writer's "I believe ...", a fragment the parser took for a subject
    return [
        Candidate(
            start,
            end,
            quote_kind(text, start, end),
            cue_text or cue.text,
            mention,
            cue_pos=off + cue.idx,
            relayed=relayed,
        )
    ]


def _unnamed_reporter(subject: Token) -> bool:
    """A subject that names no one but reports (a word the tagger took for an adjective or a
    determiner, "Republicans" as "Republican"); a pronoun the speaker pass cannot place (the
    writer's own "I", "this") is no reporter."""
    quantifier = subject.tag_ == "DT" and "Dem" not in subject.morph.get("PronType")
    return subject.pos_ in _UNNAMED_SUBJECTS or quantifier


def _parenthetical(
    text: str, off: int, verb: Token, subject: Token, quoted: list[tuple[int, int]]
) -> list[Candidate]:
    """ "The plan, she said, will fail": the clause around the attribution, in its two parts."""
    clause = verb.head
    if clause.dep_ in {"aux", "auxpass"}:
        clause = clause.head  # `Worry, he said, is rising`: the aside hangs on the auxiliary
    if any(c.dep_ == "mark" and c.lower_ not in _COMPLEMENTIZERS for c in clause.children):
        return []  # `"...," Lee said, after Ruiz said ...`: no main clause around the aside
    lo, hi = _span(clause)
    sides = [
        _trimmed(verb.doc, a, b) for a, b in ((lo, verb.left_edge.i), (verb.right_edge.i + 1, hi))
    ]
    # `In a statement, an aide said, "..."`: before a quotation, the opening phrase says how
    # it was said, not what
    rest = verb.doc[sides[1][0] : sides[1][1]]
    quotation = bool(rest) and rest[0].text in OPEN_TOKENS
    parts = [
        (a, b)
        for a, b in sides
        if _part_of_content(verb.doc, a, b, clause)
        or (not quotation and _opening(verb.doc, a, b, clause))
    ]
    return _parts(text, off, verb, subject, parts, quoted, relayed=_as_clause(verb))


def _inverted_aside(verb: Token) -> tuple[Token, list[tuple[int, int]]] | None:
    """`The plan, said Ruiz, had failed`, which the parser reads as the plan saying that Ruiz
    had failed: a cue between commas whose parsed subject stands before the first comma and
    whose clause's subject, a name or a pronoun, fills the second. Returns that speaker and the
    two parts of the clause the aside splits."""
    doc = verb.doc
    subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    clause = next((c for c in verb.children if c.dep_ == "ccomp" and c.i > verb.i), None)
    if subject is None or clause is None or verb.i < 2 or doc[verb.i - 1].text != ",":
        return None
    if subject.right_edge.i != verb.i - 2 and subject.right_edge.i != verb.i - 1:
        return None
    speaker = next((c for c in clause.children if c.dep_ == "nsubj"), None)
    if speaker is None or speaker.left_edge.i != verb.i + 1:
        return None
    if not (speaker.pos_ in {"PROPN", "PRON"} or speaker.ent_type_ in {"PERSON", "ORG"}):
        return None
    # the comma that closes the speaker's phrase, its description included ("said Ana Ruiz,
    # an economist at the port,")
    last = speaker.right_edge.i
    comma = last if doc[last].text == "," else last + 1
    if comma >= clause.i or doc[comma].text != ",":
        return None
    sides = ((subject.left_edge.i, verb.i), (comma + 1, _span(clause)[1]))
    return speaker, [_trimmed(doc, a, b) for a, b in sides]


def _parts(
    text: str,
    off: int,
    verb: Token,
    speaker: Token,
    parts: list[tuple[int, int]],
    quoted: list[tuple[int, int]],
    relayed: bool = False,
) -> list[Candidate]:
    """The parts of a clause an aside splits, each one the aside's speaker's."""
    out: list[Candidate] = []
    for a, b in parts:
        out += _candidate(text, off, a, b, verb, speaker, quoted, relayed=relayed, min_words=1)
    return out


def _trimmed(doc: Doc, a: int, b: int) -> tuple[int, int]:
    """Token range [a, b) without the punctuation at its edges (quotation marks stay)."""
    while a < b and doc[a].is_punct and doc[a].text not in QUOTE_TOKENS:
        a += 1
    while b > a and doc[b - 1].is_punct and doc[b - 1].text not in QUOTE_TOKENS:
        b -= 1
    return a, b


# How a phrase that opens the clause before the aside hangs on it ("In a merger, he said, ...")
_OPENERS = frozenset({"prep", "advmod", "npadvmod", "advcl"})
_SAYING_NOUNS = NOUN_CUES | DOCUMENT_NOUNS | FINDING_NOUNS


def _part_of_content(doc: Doc, a: int, b: int, clause: Token) -> bool:
    """Is one side of an aside that splits a clause ("The plan, she said, will fail") a part of
    what was said? A side with a verb is; so is the clause's subject alone ("Loyalty, he noted,
    has ..."), but not a fronted adverbial ("In the end, he said, ...")."""
    part = doc[a:b]
    clausal = b - a >= 2 and _has_verb(part)
    fronted = any(t.dep_ in _SUBJECTS and clause in (t.head, t.head.head) for t in part) and (
        b - a >= 2 or part[0].pos_ in {"NOUN", "PROPN"}
    )
    return clausal or fronted


def _opening(doc: Doc, a: int, b: int, clause: Token) -> bool:
    """Is doc[a:b], before the aside, a phrase that opens the clause and belongs to what was
    said ("In a merger, he said, the town would keep its name")? Not a connective ("Still, he
    said, ..."), the relative word of a clause ("..., when, he said, ..."), how it was said
    ("In a statement, ...") or a phrase with a quotation (a direct quote of its own)."""
    part = [t for t in doc[a:b] if not t.is_punct]
    while part and part[0].dep_ == "cc":
        part.pop(0)  # "But ultimately, ...", "And yet, ..."
    if not part or b > clause.i or part[0].lower_ in WH_WORDS:
        return False
    if " ".join(t.lower_ for t in part) in CONNECTIVES:
        return False
    if any(t.text in QUOTE_TOKENS or t.lemma_.lower() in _SAYING_NOUNS for t in doc[a:b]):
        return False
    return any(t.head == clause and t.dep_ in _OPENERS for t in part)


def _according_to(
    text: str, off: int, according: Token, quoted: list[tuple[int, int]]
) -> list[Candidate]:
    """ "According to X, CONTENT" / "CONTENT, according to X": the sentence without the phrase."""
    to = according.nbor()
    source = next((c for c in to.children if c.dep_ in {"pobj", "pcomp"}), None)
    if source is None:
        source = next((c for c in according.children if c.dep_ == "pobj"), None)
    if source is None:
        return []
    clause = according.head
    while clause.pos_ not in {"VERB", "AUX"} and clause.head != clause:
        clause = clause.head
    named = _subject_inside(source, clause)
    if named is not None:
        # "According to the Citation Index Professor Lee is ...": with no comma the parser
        # runs the source into the clause's subject; the clause starts at the person's title.
        source = according.doc[named - 1]
    phrase_lo = min(according.i, according.left_edge.i)
    # The source phrase: its head with the modifiers that name it ("a report by the Times"),
    # not a clause the parser hung on it when no comma follows ("According to X the plan ...").
    phrase_hi = source.i + 1
    subjectless = not any(c.dep_.startswith("nsubj") for c in clause.children)
    for c in source.rights if named is None else ():
        # `a memo obtained by the Gazette`, `an interview his brother gave`: the source's own
        own = (c.dep_ == "acl" and c.tag_ == "VBN") or (
            c.dep_ == "relcl" and c.lemma_.lower() in AUTHORSHIP_VERBS
        )
        if c.dep_ not in {"appos", "prep", "compound", "flat", "punct", "cc", "conj"} and not own:
            break
        if c.dep_ == "appos" and subjectless:
            break  # `According to Rep. Lee, congressional probing was ...`: the clause's subject
        phrase_hi = c.right_edge.i + 1
    inner = _inner_apposition(source) if subjectless else None
    if inner is not None:
        # `According to a study by Reddy and Ruiz, the recession is ...`: the parser hung the
        # clause's subject on the last name of the source, which names who says it
        phrase_hi = min(phrase_hi, inner.left_edge.i - 1)
        source = inner.head
    # The clause the phrase qualifies, on whichever side of it ("which, according to X, ...").
    doc = according.doc
    before = _trimmed(doc, clause.left_edge.i, phrase_lo)
    after = _trimmed(doc, phrase_hi, clause.right_edge.i + 1)
    main = max(before, after, key=lambda r: r[1] - r[0])
    if main[1] - main[0] < 4:
        return []
    # "His plan, according to aides, is ...": the other side is said too when it is a part of
    # it, and neither the source's own modifiers ("data released Friday") nor a new clause.
    parts = [
        r
        for r in (before, after)
        if r == main
        or (
            r[1] > r[0]
            and doc[r[0]].dep_ not in {"cc", "mark"}
            and (r == before or r[0] > source.right_edge.i)
            and _part_of_content(doc, *r, clause)
        )
    ]
    return [
        c
        for a, b in parts
        for c in _candidate(
            text, off, a, b, according, source, quoted, "according to", True, min_words=1
        )
    ]


def _inner_apposition(source: Token) -> Token | None:
    """An apposition after a comma deep inside the source phrase (not on its head)."""
    doc = source.doc
    return next(
        (
            t
            for t in source.subtree
            if t.dep_ == "appos" and t.head != source and doc[t.left_edge.i - 1].text == ","
        ),
        None,
    )


def _subject_inside(source: Token, clause: Token) -> int | None:
    """Where a subjectless clause's subject starts inside the source phrase: a person entity
    (with its titles) at the end of the source, or None."""
    if any(c.dep_.startswith("nsubj") for c in clause.children) or source.ent_type_ != "PERSON":
        return None
    doc = source.doc
    first = source.i
    while first > 0 and doc[first - 1].ent_type_ == "PERSON":
        first -= 1
    while first > 0 and doc[first - 1].lower_.rstrip(".") in TITLES:
        first -= 1
    lead = doc[source.left_edge.i : first]
    return first if len([t for t in lead if not t.is_punct and t.pos_ != "DET"]) >= 1 else None


def _noun_cue(text: str, off: int, noun: Token, quoted: list[tuple[int, int]]) -> list[Candidate]:
    """ "Her claim that the vote was rigged": a speech noun with a "that" clause; the speaker is
    its possessor or the name that modifies it ("the Northwind statement that ...")."""
    clause = next(
        (c for c in noun.children if c.dep_ in {"acl", "ccomp"} and _starts_with_that(c)), None
    )
    owner = next((c for c in noun.children if c.dep_ == "poss"), None) or next(
        (c for c in reversed(list(noun.lefts)) if c.dep_ == "compound" and c.pos_ == "PROPN"),
        None,
    )
    if clause is None or owner is None:
        return []
    lo, hi = _span(clause)
    return _candidate(text, off, lo, hi, noun, owner, quoted)
