"""The attribution of a quotation, read off the parse: `"...," quipped Green`, `He added: "..."`.

The cue is a verb outside the quotation, next to it (between it and the neighbouring quotation
or the sentence end), joined to it by a dependency: the verb governs a word of the quotation
(`"Not even one," he said`), or its subject does (the parser may hang the quotation on the
subject), or it hangs on the quotation's own verb as a parenthetical (`But, he added, "we are
..."`). Any verb will do ("sniffed", "crowed" need no lexicon entry), because only speech-like
quotations reach this point, and its subject is the speaker. Where the parser split the
attribution off into a sentence of its own (`"...?" Ortega said.`), or it ends in a colon before
the quotation (`He told reporters:`, also at the end of the previous paragraph), that clause is
read alone.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from citebot.retrieval.lexicons import NOUN_CUES, SPEECH_LEMMAS, WH_WORDS
from citebot.retrieval.quotes.backbone import ParsedParagraph
from citebot.retrieval.speakers.mentions import Mention, parse_np
from citebot.retrieval.speakers.subjects import agent_of, mention_of, subject_of

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

# How a quotation's clause hangs on a word outside it.
_CLAUSE_DEPS = frozenset({"ccomp", "parataxis", "acl", "relcl", "advcl", "conj"})
# How a parenthetical attribution hangs on the quotation's verb in the parse.
_PARENTHETICAL_DEPS = frozenset({"parataxis", "ccomp", "advcl", "conj"})
# Prepositions whose participle shares the clause's subject ("by saying", "after adding").
_SUBJECT_PREPS = frozenset({"by", "after", "before", "in", "while", "when", "upon", "on"})
# The subject before a cue in an attribution clause read alone ("the party's nominee, Ana Ruiz,
# said"), its descriptions aside.
_MAX_SUBJECT_WORDS = 8
# The words between a cue and the comma before its quotation (`told the crowd on Sunday, "`).
_MAX_ADDRESSEE_WORDS = 6
_DESCRIPTIONS = frozenset({"appos", "relcl", "acl"})
_NP_OPENERS = frozenset({"DET", "ADJ", "NUM", "NOUN", "PROPN", "PRON"})
# What a verb that is a whole attribution cannot have: something it acts on or says.
_OBJECTS = frozenset({"dobj", "ccomp", "xcomp", "attr", "acomp", "oprd", "dative"})


@dataclass(frozen=True)
class Attribution:
    """A quotation's cue word, its speaker mention, the cue's offset, and on which side."""

    cue: str
    mention: Mention
    pos: int
    before: bool


def framing_cue(
    text: str,
    para: ParsedParagraph,
    span: tuple[int, int],
    window: tuple[int, int],
    quoted: list[tuple[int, int]],
) -> Attribution | None:
    """The cue of the quotation text[span] in text[window] (its sentence, cut at the
    neighbouring quotations ``quoted``): the verb nearest the quotation that is joined to it."""
    off = para.start
    start, end = span
    lo, hi = window
    inside = {t.i for t in para.doc if start <= off + t.idx < end}
    if not inside:
        return None
    in_quotes = {t.i for t in para.doc if any(a <= off + t.idx < b for a, b in quoted)}
    found = []
    for verb in _joined_verbs(para.doc, inside, in_quotes):
        at = off + verb.idx
        if not lo <= at < hi:
            continue
        before = at < start
        first = next(t.i for t in para.doc if off + t.idx >= lo) if before else max(inside) + 1
        if before and not _introduces(text[at + len(verb.text) : start], verb, inside):
            continue
        if before and verb.lemma_.lower() not in SPEECH_LEMMAS and _subordinate(verb):
            continue  # `Unless rivals quit the race, "..."`: a condition, not who spoke
        if _own_quotation(verb, inside, in_quotes):
            continue
        if not before and _opens_with_conjunction(para.doc[max(inside) + 1 : verb.i]):
            continue  # `"...," and buyers returned`: a clause of its own, not an attribution
        attribution = _attribution(text, off, verb, in_quotes, first, before)
        if attribution is not None:
            found.append(attribution)
    # `When a fan shouted, "Encore," the band ...`: the fan's; else the nearest edge: `X did
    # so, with a caveat: "..." the source said` is the source's.
    direct = [a for a in found if a.before and introduces_directly(text, para, a, start)]
    return min(
        direct or found, key=lambda a: start - a.pos if a.before else a.pos - end, default=None
    )


def introduces_directly(text: str, para: ParsedParagraph, found: Attribution, start: int) -> bool:
    """Is ``found`` a speech verb right before the quotation at ``start``, a comma or colon
    between? Then it introduces the quotation, whatever clause follows."""
    gap = text[found.pos + len(found.cue) : start].strip()
    return gap in {",", ":"} and speech_cue(para, found)


def speech_cue(para: ParsedParagraph, found: Attribution) -> bool:
    """Is the attribution's cue a speech verb (not just any verb next to the quotation)?"""
    cue = para.doc.char_span(found.pos - para.start, found.pos - para.start + len(found.cue))
    return cue is not None and cue.root.lemma_.lower() in SPEECH_LEMMAS


def _subordinate(verb: Token) -> bool:
    """Does ``verb`` head a subordinate clause ("unless", "if", "because"), not an "as"
    clause (`As Ruiz put it, "..."` is an attribution)?"""
    return any(c.dep_ == "mark" and c.lower_ != "as" for c in verb.children)


def _opens_with_conjunction(after: Iterable[Token]) -> bool:
    """Does what follows a quotation open with "and", "but" (a clause of its own)?"""
    first = next((t for t in after if not t.is_punct), None)
    return first is not None and first.pos_ == "CCONJ"


def clause_attribution(
    text: str, para: ParsedParagraph, lo: int, hi: int, before: bool, any_verb: bool = False
) -> Attribution | None:
    """The attribution clause text[lo:hi] read alone: after the quotation, a speech verb
    opening it after at most a subject (`Ortega said to cheers.`, `asked Mr. Ortega, referring
    to ...`); before it, ending in a colon, the last speech verb. Either with a subject and no
    content of its own (`Marsh said on Monday that ...` reports something else). After a
    quotation that reads as speech (``any_verb``), any verb will do where a speaker and the
    verb alone make the clause (`"...," Ortega barked and left.`)."""
    off = para.start
    toks = [t for t in para.doc if lo <= off + t.idx < hi]
    if not before and _opens_with_conjunction(toks):
        return None  # `"a bold step," and lawmakers agreed`: a clause of its own
    for k, tok in enumerate(reversed(toks) if before else toks):
        if not before and _subject_words(toks[:k]) > _MAX_SUBJECT_WORDS:
            return None
        if tok.pos_ != "VERB":
            continue
        if tok.lemma_.lower() not in SPEECH_LEMMAS and not (
            any_verb and not before and _bare_attribution(tok, toks[:k], toks[k + 1 :])
        ):
            if not before and _main_clause(tok):
                return None  # `"Mr. Vale?" I had prepared a statement to read`: its own clause
            continue
        after = [t for t in toks if t.i > tok.i]
        if _reports_own_clause(tok) or (
            before and any(t.lower_ in WH_WORDS | {"that", "if"} for t in after)
        ):
            return None
        return _attribution(text, off, tok, set(), toks[0].i, before)
    return None


def _main_clause(verb: Token) -> bool:
    """A verb with a subject of its own that heads the sentence (not a relative clause about
    the speaker, `Ortega, who has led the town since 2010, said`)."""
    return verb.dep_ == "ROOT" and any(c.dep_ in {"nsubj", "nsubjpass"} for c in verb.children)


def _bare_attribution(verb: Token, lead: list[Token], rest: list[Token]) -> bool:
    """Is ``verb`` with the words ``lead`` before it a whole attribution: a speaker (a noun
    phrase with no verb of its own) and the verb, with nothing after it but adverbials, up to
    a comma or a conjunction (`the crowd cried out, booing`)? Or, right after the quotation,
    the verb and then a named speaker (`"...," beamed Ana Ruiz of Tulsa`)?"""
    words = [t for t in lead if not t.is_punct]
    if not words:
        subject = next((t for t in rest if t.head == verb and t.dep_ == "nsubj"), None)
        if (
            subject is None
            or subject.ent_type_ != "PERSON"
            or any(c.dep_ == "case" for c in subject.children)
        ):
            return False  # `"...," came the reply`, `"...!" followed Ruiz's win`
    elif words[0].pos_ not in _NP_OPENERS or any(t.pos_ in {"VERB", "AUX"} for t in lead):
        return False  # `"...!" until the police arrived`: a clause of its own
    elif not any(t.pos_ in {"NOUN", "PROPN", "PRON"} and t.head.i >= verb.i for t in lead):
        return False
    for t in rest:
        if t.text == "," or t.pos_ == "CCONJ":
            break
        if t.pos_ in {"VERB", "AUX"} or (t.head == verb and t.dep_ in _OBJECTS):
            return False
    return True


def noun_cue_lead(text: str, para: ParsedParagraph, lo: int, hi: int) -> Attribution | None:
    """`From the governor's online post:`, `In her statement:`: a lead without a verb, ending in
    the colon before a quotation, whose speech noun's possessor is the speaker."""
    off = para.start
    toks = [t for t in para.doc if lo <= off + t.idx < hi]
    if any(t.pos_ in {"VERB", "AUX"} for t in toks):
        return None
    for noun in reversed(toks):
        if noun.pos_ != "NOUN" or noun.lemma_.lower() not in NOUN_CUES:
            continue
        owner = next((c for c in noun.children if c.dep_ == "poss"), None)
        mention = mention_of(text, off, owner) if owner is not None else None
        return Attribution(noun.text, mention, off + noun.idx, True) if mention else None
    return None


def name_lead(text: str, para: ParsedParagraph, lo: int, hi: int) -> Attribution | None:
    """`Bush: "..."`, `Pollsters agree - Carl Bialik: "..."`: a name standing alone before the
    colon (after a dash, a full stop or a quotation, or opening the lead) names the speaker,
    as in a transcript or a round-up; not the addressee in `told Jane Doe:`."""
    off = para.start
    toks = [t for t in para.doc if lo <= off + t.idx < hi and not t.is_space]
    if not toks or not (toks[-1].ent_type_ in {"PERSON", "ORG"} or toks[-1].pos_ == "PROPN"):
        return None
    first = len(toks) - 1
    while first > 0 and (
        toks[first].ent_iob_ == "I"
        or (toks[first - 1].pos_ == "PROPN" and not toks[first].ent_type_)
    ):
        first -= 1
    if first > 0 and not toks[first - 1].is_punct:
        return None
    mention = mention_of(text, off, toks[-1])
    return Attribution(":", mention, off + toks[-1].idx, True) if mention else None


def _subject_words(toks: list[Token]) -> int:
    """The words of a subject before its cue, not counting the appositions and relative clauses
    that describe it (`Tom Reddy, the agronomist who runs the county office, tweeted`)."""
    described = {d.i for t in toks if t.dep_ in _DESCRIPTIONS for d in t.subtree}
    return sum(not t.is_punct and t.i not in described for t in toks)


def according_to(
    text: str, para: ParsedParagraph, lo: int, start: int, end: int, hi: int
) -> Attribution | None:
    """`According to the Herald, "..."`, `"...," according to the Herald`, `in the words of the
    prosecutor, "..."`: the source phrase right before (in text[lo:start]) or right after (in
    text[end:hi]) the quotation."""
    off = para.start
    for tok in para.doc:
        at = off + tok.idx
        source, words = _source_of(tok)
        if source is None or not (lo <= at < start or end <= at < hi):
            continue
        last = (words or source).right_edge
        if at < start and text[off + last.idx + len(last.text) : start].strip(" ,:"):
            continue
        mention = mention_of(text, off, source)
        if mention is not None:
            cue_end = off + (last.idx + len(last.text) if words else source.left_edge.idx)
            return Attribution(text[at:cue_end].strip(), mention, at, at < start)
    return None


def _source_of(tok: Token) -> tuple[Token | None, Token | None]:
    """The source a phrase opened by ``tok`` names: "according to X", "in the words of X", and
    "in X's words" (with the "words" its name is the owner of)."""
    doc = tok.doc
    if tok.lower_ == "according" and tok.i + 1 < len(doc) and doc[tok.i + 1].lower_ == "to":
        prep = doc[tok.i + 1]
    elif [t.lower_ for t in doc[tok.i : tok.i + 4]] == ["in", "the", "words", "of"]:
        prep = doc[tok.i + 3]
    elif tok.lower_ == "in":
        words = next((c for c in tok.children if c.dep_ == "pobj" and c.lower_ == "words"), None)
        owner = next((c for c in words.children if c.dep_ == "poss"), None) if words else None
        mark = words.i - 1 - (doc[words.i - 1].lower_ == "own") if words else 0
        if owner is None and mark > tok.i + 1 and doc[mark].text in {"'", "’"}:
            owner = doc[mark - 1]  # `in Forbes’ words`: the tokenizer splits the bare mark off
        return (owner, words) if owner is not None else (None, None)
    else:
        return None, None
    return next((c for c in prep.children if c.dep_ == "pobj"), None), None


def _joined_verbs(doc: Doc, inside: set[int], in_quotes: set[int]) -> list[Token]:
    """The verbs outside quotation marks joined to the quotation ``inside``: its governor, the
    verb whose subject governs its clause (`"It's unanimous," councilmember Levine said`, as
    the parser may read it), the verb whose preposition introduces it (`call for "..."`), or a
    parenthetical hanging on one of its words. The marks' own attachment does not count."""
    verbs: dict[int, Token] = {}
    first = min(inside)
    for i in inside:
        tok = doc[i]
        head = tok.head
        if tok.is_punct or head.i in inside or head.i in in_quotes:
            continue
        if head.pos_ == "VERB":
            verbs[head.i] = head
        elif tok.dep_ in _CLAUSE_DEPS and _subject_verb(head) is not None:
            verbs[head.i] = _subject_verb(head)
        elif head.dep_ == "prep" and head.i == first - 1 and head.head.i < first:
            verbs[head.head.i] = head.head
    for tok in doc:
        if tok.i not in in_quotes and tok.head.i in inside and tok.dep_ in _PARENTHETICAL_DEPS:
            verbs[tok.i] = tok
    for verb in (_speech_verb_before(doc, first), _speech_verb_after(doc, max(inside))):
        if verb is not None:
            verbs[verb.i] = verb
    return [v for i, v in sorted(verbs.items()) if v.pos_ == "VERB"]


def _speech_verb_before(doc: Doc, mark: int) -> Token | None:
    """`was joined on stage and joked, "..."`, `..., telling the crowd, "..."`: a speech verb
    whose words end right before the opening mark (after a comma or colon) introduces the
    quotation even where the parser hung it on another verb."""
    i = mark - 1
    if i >= 0 and doc[i].text in {",", ":"}:
        i -= 1
    if i < 0 or i == mark - 1:
        return None
    verb = doc[i]
    # `telling the crowd, "..."`: the verb whose phrase (its addressee, its manner) ends there
    while verb.head != verb and verb.head.i < verb.i and verb.pos_ != "VERB":
        verb = verb.head
    if verb.i < i and (
        i - verb.i > _MAX_ADDRESSEE_WORDS or any(c.dep_ == "ccomp" for c in verb.children)
    ):
        return None  # `said the plan was dead, "..."`: the verb's content is its own clause
    return verb if verb.pos_ == "VERB" and verb.lemma_.lower() in SPEECH_LEMMAS else None


def asked_unnamed(para: ParsedParagraph, start: int) -> bool:
    """`Lane was asked, "..."`: a passive speech verb right before the quotation at ``start``,
    with no one named as asking: the words are an unnamed questioner's, not those of whoever
    spoke last (they do not float)."""
    doc = para.doc
    mark = next((t.i for t in doc if para.start + t.idx >= start), None)
    verb = _speech_verb_before(doc, mark) if mark is not None else None
    return verb is not None and _passive(verb) and agent_of(verb) is None


def _passive(verb: Token) -> bool:
    return any(c.dep_ == "auxpass" for c in verb.children)


def _speech_verb_after(doc: Doc, mark: int) -> Token | None:
    """`"...," Lee said, after Ruiz said ...`: a speech verb right after the closing mark whose
    subject stands between them frames the quotation, however the parser attached it."""
    for tok in doc[mark + 1 : mark + 1 + _MAX_SUBJECT_WORDS]:
        if tok.pos_ == "VERB":
            subject = subject_of(tok)
            between = subject is not None and mark < subject.left_edge.i and subject.i < tok.i
            own = _reports_own_clause(tok)
            return tok if between and not own and tok.lemma_.lower() in SPEECH_LEMMAS else None
    return None


def _reports_own_clause(verb: Token) -> bool:
    """Does the verb after a quotation report a clause of its own (`Lee said that ...`), so
    that it is not the quotation's cue? A participle set off by a comma (`"...?" Lee asked,
    shaking her head`), or a clause after one (`asked, repeating a charge - that ... -`), is
    where the parser hung a later aside; `Lee said, twice, that ...` still reports its own."""
    return any(
        c.dep_ in {"ccomp", "xcomp"} and c.i > verb.i and not _after_aside(verb, c)
        for c in verb.children
    )


def _after_aside(verb: Token, clause: Token) -> bool:
    between = verb.doc[verb.i + 1 : clause.left_edge.i]
    bare = not any(c.dep_ in {"nsubj", "mark", "aux"} for c in clause.children)
    participle = (clause.tag_ == "VBG" and bare) or any(t.pos_ == "VERB" for t in between)
    return participle and any(t.is_punct for t in between)


def _subject_verb(noun: Token) -> Token | None:
    """The verb whose subject ``noun`` is part of (over compounds and appositions)."""
    while noun.dep_ in {"compound", "flat", "appos"} and noun.head != noun:
        noun = noun.head
    return noun.head if noun.dep_.startswith("nsubj") else None


def _introduces(gap: str, verb: Token, inside: set[int]) -> bool:
    """Does ``verb``, followed by ``gap``, introduce the quotation after it: `said, "`, `told
    CNN on Sunday: "`, `said "`; not `called the plan "a disaster"` (an object, then the quoted
    words), `said that "`, nor a verb whose words end before the gap (`her parents changed her
    clothes, and in the words of the prosecutor, "..."`)?"""
    words = gap.split()
    if words and words[0].lower().strip(",:") in WH_WORDS | {"that"}:
        return False
    lead = gap.rstrip()
    if not (not words or lead.endswith((",", ":")) or gap.strip() in {"for", "as"}):
        return False
    own = {t.i for t in verb.subtree}
    between = verb.doc[verb.i + 1 : min(inside)]
    return all(t.i in own or t.is_punct for t in between)


def _own_quotation(verb: Token, inside: set[int], in_quotes: set[int]) -> bool:
    """`"...", the government recommending "online tools"`: a parenthetical verb whose object
    is the next quotation, right after it, frames that quotation, not this one."""
    if verb.head.i not in inside:
        return False
    doc = verb.doc
    nxt = verb.i + 1
    while nxt < len(doc) and nxt not in in_quotes and not doc[nxt].is_punct:
        nxt += 1
    return nxt < len(doc) and nxt in in_quotes and nxt not in inside


_NOUN_DEPS = frozenset({"nsubj", "nsubjpass", "compound", "poss", "dobj", "pobj"})


def _attribution(
    text: str, off: int, verb: Token, quoted: set[int], first: int, before: bool
) -> Attribution | None:
    """The attribution of ``verb``, whose clause starts at token ``first``; ``quoted`` are the
    tokens inside quotation marks, which can hold no speaker."""
    if verb.pos_ != "VERB" or any(c.dep_ == "neg" and c.i not in quoted for c in verb.children):
        return None  # "did not say"; a "not" inside the quotation (`"Absolutely not," he said`)
    if verb.dep_ in _NOUN_DEPS and verb.lemma_.lower() not in SPEECH_LEMMAS:
        return None  # `"...," harbour delegate Reddy said`: a noun the tagger read as a verb
    subject = _speaker(verb, quoted, first)
    if subject is None:
        return None
    mention = mention_of(text, off, subject)
    quoted_words = [verb.doc[i] for i in quoted if verb.doc[i].i < subject.i]
    last = max(quoted_words, key=lambda t: t.i) if quoted_words else None
    cut = off + last.idx + len(last.text) if last is not None else off + verb.doc[first].idx
    if mention is not None and mention.start < cut:
        # The parser hung the quotation on the subject: the phrase starts after it.
        mention = parse_np(text, cut, mention.end)
    if mention is None:
        return None
    return Attribution(verb.text, mention, off + verb.idx, before)


def _speaker(verb: Token, quoted: set[int], first: int) -> Token | None:
    """The cue's subject, in its own clause (from token ``first``); when the parser finds none
    there (it often hangs the speaker on the quotation's own verb), the noun phrase of the
    clause before the cue (`"...," Ramos, 58, told AFP`) or right after it (`"...," said Jim
    Bopp, a ...`)."""
    if _passive(verb):
        # `Ruiz was asked by host Tom Hale, "..."`: the one asking, if named
        agent = agent_of(verb)
        return agent if agent is not None and agent.i not in quoted else None
    subject = subject_of(verb) or governor_subject(verb)
    if subject is not None and subject.i not in quoted and subject.i >= first:
        return _person_ending(subject, verb)
    doc = verb.doc
    gap = [t for t in doc[first : verb.i] if not t.is_punct and t.i not in quoted]
    if any(t.pos_ in {"VERB", "AUX"} for t in gap):
        return None
    if gap:
        roots = [t for t in gap if not first <= t.head.i < verb.i or t.head == t]
        return next((t for t in roots if t.pos_ in {"PROPN", "NOUN", "PRON"}), None)
    return _inverted(verb)


def governor_subject(verb: Token) -> Token | None:
    """A participle's speaker ("explained it by saying:", "after saying"), or the subject the
    parser gave an aside before the cue ("Clinton, exasperated, responded:"); not the object's
    ("criticised him for saying", "banned them from claiming")."""
    node = verb
    # "by thanking them and adding:": coordinated participles share the governor
    while node.dep_ in {"prep", "pcomp", "advcl", "conj"} and node.head != node:
        if node.dep_ == "prep" and node.lower_ not in _SUBJECT_PREPS:
            return None
        node = node.head
    if node is not verb and node.pos_ in {"VERB", "AUX"} and node.dep_ != "acl":
        found = subject_of(node)
        if found is not None:
            return found
    aside = (c for c in verb.children if c.dep_ == "parataxis" and c.i < verb.i)
    return next((s for c in aside for s in c.children if s.dep_ == "nsubj"), None)


def _person_ending(subject: Token, verb: Token) -> Token:
    """`American academic and professor Jo Hill commented`: a subject that is no name but ends
    in a person's name right before the cue is that person."""
    if subject.pos_ in {"PROPN", "PRON"} or subject.ent_type_ == "PERSON" or verb.i == 0:
        return subject
    last = verb.doc[verb.i - 1]
    own = {t.i for t in subject.subtree}
    return last if last.ent_type_ == "PERSON" and last.i in own else subject


def _inverted(verb: Token) -> Token | None:
    """`"...," crowed Green`, `"...," added another Ohio Republican`: the head of the noun
    phrase right after the cue, whatever the parser made of it."""
    doc = verb.doc
    i = verb.i + 1
    # `said retired neurosurgeon Ben Carson`: past the modifiers
    while i < len(doc) and (doc[i].pos_ in {"DET", "ADJ", "NUM"} or doc[i].dep_ == "amod"):
        i += 1
    if verb.tag_ == "VBG" or i >= len(doc):
        return None  # `"...," drawing laughter`: a participle's object is no inverted subject
    if not (doc[i].pos_ in {"PROPN", "PRON", "NOUN"} or doc[i].is_title):
        return None
    tok = doc[i]
    # "said Ruiz's introducer, actress Jo Hill": the introducer (and so her name), not Ruiz
    while tok.head.i > tok.i and (
        tok.dep_ in {"compound", "flat"} or (tok.dep_ == "poss" and tok.pos_ != "PRON")
    ):
        tok = tok.head
    return tok
