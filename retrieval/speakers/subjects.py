"""The speaker of a reporting cue, read off the dependency parse.

The speaker is the cue's subject (nsubj, on either side: `"...," quipped Green`), or, when the
cue has none of its own, the subject of the clause it depends on ("went on to say", ", saying",
"and said") or the noun a relative clause hangs on ("Ruiz, who said"). The subject becomes a
``Mention`` over its noun phrase core (determiners and names up to the head noun; no relative
clause, apposition or prepositional tail), so the resolver sees "The minister" or "Ana Ruiz".
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from citebot.retrieval.lexicons import (
    AUTHORSHIP_VERBS,
    DOCUMENT_NOUNS,
    FINDING_NOUNS,
    GROUP_NOUNS,
    NON_NAMES,
    NOUN_CUES,
    OCCUPATIONS,
    QUANTIFIERS,
    SPEECH_LEMMAS,
    SPOKESPEOPLE,
    TITLES,
)
from citebot.retrieval.quotes.marks import DASHES, QUOTE_TOKENS
from citebot.retrieval.speakers.mentions import Mention, parse_np

if TYPE_CHECKING:
    from spacy.tokens import Token

# Dependencies through which a cue without a subject shares its governor's subject.
_SHARED_SUBJECT = frozenset({"xcomp", "advcl", "conj", "pcomp", "ccomp"})
_SPEAKER_DEPS = frozenset({"nsubj"})
_OBJECT_DEPS = frozenset({"dobj", "pobj", "dative", "attr", "oprd"})
_DOCUMENTS = NOUN_CUES | DOCUMENT_NOUNS
_OPENING_NP = frozenset({"PROPN", "NOUN", "DET", "NUM", "ADJ"})
_OPENING_PP = 6  # words of an opening prepositional phrase before its comma
_LEAD_WORDS = 6  # words before a subjectless cue that can still be its subject
# How the parser may hang a name it did not take for the subject on the verb
_LOOSE_DEPS = frozenset({"npadvmod", "nsubj", "dep", "appos", "nmod"})


def subject_of(cue: Token) -> Token | None:
    """The token that heads the cue's speaker, or None (imperatives, passives, fragments)."""
    subject = _syntactic_subject(cue)
    if subject is not None and subject.pos_ == "ADP":
        subject = None  # `Of Carson, Levine, who ..., said`: the parser made "Of" the subject
    return _person_before(subject) if subject is not None else _misparsed_subject(cue)


def _person_before(subject: Token) -> Token:
    """ "Facebook co-founder Mark Zuckerberg tweeted": when the parser heads the subject on a
    title, the person named right after it in the same phrase is the speaker."""
    verb = subject.head
    for c in subject.rights:
        # `..., now, Lund, Tom Wilkin said`: an "apposition" that runs into the verb with no
        # comma to close it is the subject; the word before it ends what was said.
        if c.dep_ == "appos" and c.ent_type_ == "PERSON" and c.right_edge.i == verb.i - 1:
            return c
    if subject.ent_type_ == "PERSON" or subject.pos_ == "PRON":
        return subject
    named = _named_before(subject)
    if named is not None:
        return named
    titled = subject.pos_ == "NOUN" or subject.lower_ in TITLES
    if titled and not any(c.dep_ in {"det", "poss"} for c in subject.children):
        # "Harbour board member and former captain Lena Vaughn said", "Vice President for news
        # and talk Ed Marlow said": titles of one person coordinated before the name (or read
        # so); "The mayor and Lena Vaughn" (a determiner) are two.
        named = [c for c in subject.children if c.dep_ == "conj" and c.ent_type_ == "PERSON"]
        if len(named) == 1:
            return named[0]
    doc = subject.doc
    nxt = subject.i + 1
    while nxt < len(doc) and (doc[nxt].text in "-" or doc[nxt].dep_ in {"compound", "appos"}):
        if doc[nxt].ent_type_ == "PERSON":
            last = nxt
            while last + 1 < len(doc) and doc[last + 1].ent_iob_ == "I":
                last += 1
            return doc[last]
        nxt += 1
    return subject


def _named_before(subject: Token) -> Token | None:
    """`Ana Ruiz, the chair of the party, recalled`, which the parser may read as the chair
    recalling: a person's name right before a role noun's comma is the one the role describes
    and the speaker (the name hangs on the verb, not inside another phrase)."""
    doc, start = subject.doc, subject.left_edge.i
    if subject.pos_ != "NOUN" or start < 2 or doc[start - 1].text != ",":
        return None
    name = doc[start - 2]
    if name.ent_type_ != "PERSON" or name.head != subject.head or name.dep_ not in _LOOSE_DEPS:
        return None
    return name


def _misparsed_subject(cue: Token) -> Token | None:
    """A named speaker the parser attached elsewhere ("Earlier on Monday, Zamir Kabulov, director
    of ..., said"): the last person or organisation before the cue in its sentence, reached
    from the cue without crossing a verb that has a subject of its own."""
    if cue.dep_ not in {"ROOT", "parataxis"} or any(c.dep_ == "nsubjpass" for c in cue.children):
        return None
    opening = _opening_name(cue)
    if opening is not None:
        return opening
    before = [e for e in cue.sent.ents if e.end <= cue.i]
    people = [e for e in before if e.label_ == "PERSON"]
    for ent in reversed(people or [e for e in before if e.label_ in {"ORG", "NORP"}]):
        if ent.root.dep_ == "poss" and ent.root.head.dep_ in _OBJECT_DEPS:
            continue  # `Ruiz, noting the size of Lane's following, said`: an object's owner
        node = ent.root
        while node != cue and node.head != node:
            node, below = node.head, node
            if (
                node != cue
                and node.pos_ in {"VERB", "AUX"}
                and any(c.dep_.startswith("nsubj") and c != below for c in node.children)
            ):
                return None
            if node != cue and below.dep_ == "nsubj" and node.tag_ not in {"VBG", "VBN"}:
                return None  # the subject of a finite verb of its own, not a misplaced one
        return ent.root if node == cue else None
    return _bare_lead(cue)


def _bare_lead(cue: Token) -> Token | None:
    """`Jolly said he ...`, `About 4 in 10 say ...`: a few words that open the sentence right
    before a cue that has no subject, with no verb or punctuation among them, are the subject
    however the tagger read them (an adverb, a number's modifier)."""
    doc, start = cue.doc, cue.sent.start
    while start < cue.i and (doc[start].is_punct or doc[start].is_space):
        start += 1
    lead = doc[start : cue.i]
    if not 0 < len(lead) <= _LEAD_WORDS or any(
        (t.pos_ in {"VERB", "AUX", "PRON", "ADP"} and t.dep_ != "quantmod") or t.is_punct
        for t in lead
    ):
        return None
    head = next((t for t in lead if t.head == cue), None)
    if head is None or not (head.pos_ in {"PROPN", "NOUN", "NUM"} or head.text[:1].isupper()):
        return None
    return None if head.lower_ in NON_NAMES else head


def _opening_name(cue: Token) -> Token | None:
    """`Nadia Salkin, a Boise rabbi helping ..., said`, `One attendee, who ..., said`: the noun
    phrase that opens the sentence (after a short opening phrase of a preposition: `Of the
    plan, Ruiz, who ...`), its description or relative clause set off by commas right up to
    the cue, whatever the parser made of it."""
    doc, start = cue.doc, cue.sent.start
    if doc[start].pos_ == "ADP":
        comma = next((t.i for t in doc[start : start + _OPENING_PP] if t.text == ","), None)
        start = comma + 1 if comma is not None else start
    end = start
    while end < cue.i and doc[end].pos_ in _OPENING_NP:
        end += 1
    if end == start or end + 1 >= cue.i or doc[end].text != ",":
        return None
    last = cue.i - 1
    while last > end and doc[last].pos_ == "ADV":
        last -= 1  # `..., also said`
    if doc[end - 1].pos_ not in {"NOUN", "PROPN"} or doc[last].text != ",":
        return None
    described = doc[end + 1].lower_ in {"a", "an", "the", "who"}
    # `Ann Voss, executive director of the League, ..., said`: a person's title, no article
    titled = doc[end - 1].ent_type_ == "PERSON" and any(
        t.lower_ in TITLES for t in doc[end + 1 : end + 3]
    )
    return doc[end - 1] if described or titled else None


def _object_saying(cue: Token) -> Token | None:
    """`left 70 percent of farmers saying ...`: a participle right after its verb's object (no
    comma between) reports what that object says."""
    if cue.tag_ != "VBG" or cue.dep_ != "advcl" or cue.i == 0:
        return None
    obj = next((c for c in cue.head.children if c.dep_ == "dobj" and c.i < cue.i), None)
    if obj is None or obj.right_edge.i != cue.i - 1 or not _people(obj):
        return None
    return obj


def _syntactic_subject(cue: Token, skip: Token | None = None) -> Token | None:
    found = _object_saying(cue)
    if found is not None:
        return found
    outer = _outer_report(cue)
    if outer is not None:
        return _syntactic_subject(outer, skip)
    tok, dateline, coordinated = cue, _dateline(cue), False
    for _ in range(4):
        # "Ruiz was forced into an apology and said ...": a verb coordinated with a passive one
        # shares its subject, which is the passive's
        deps = _SPEAKER_DEPS | {"nsubjpass"} if coordinated else _SPEAKER_DEPS
        subj = _pick(
            [c for c in tok.children if c.dep_ in deps and c != skip and c.i != dateline], tok
        )
        if subj is None and dateline is not None and tok.doc[dateline].head == tok:
            # the parser hung the subject on the dateline's place: its apposition
            subj = _pick([c for c in tok.doc[dateline].children if c.dep_ == "appos"], tok)
        if subj is None:
            subj = _reduced_relative_subject(tok) or _name_read_as_modal(tok)
        if subj is not None and _mute_in_report(subj, tok, cue):
            # `argued that a database would keep ..., saying`: the one who argued
            if tok.dep_ == "ccomp":
                tok, coordinated = tok.head, False
                continue
            subj = None
        elif subj is not None:
            relative = subj.lower_ in {"who", "which", "that"} and tok.dep_ == "relcl"
            return _described(tok.head) if relative else subj  # "Ruiz, who told ...": Ruiz
        if any(c.dep_ in {"nsubjpass", "auxpass"} for c in tok.children):
            return None  # "was told that ...": the speaker is someone else
        if tok.dep_ == "relcl":
            return _described(tok.head)  # "Ruiz, who said ..."
        if tok.dep_ == "acl":
            return _participle_subject(tok)
        if tok.dep_ not in _SHARED_SUBJECT or tok.head == tok:
            return None
        controller = _object_control(tok) or _set_off_name(tok)
        if controller is not None:
            return controller
        coordinated = tok.dep_ == "conj"
        tok = tok.head
    return None


def _outer_report(cue: Token) -> Token | None:
    """`Lee told the AP her group never met them and said ...`: a speech verb with no subject
    that the parser joined to a verb inside another report's content goes with that report's
    verb (the one who told also said), not with the reported clause; unless that clause tells
    of speaking too (`Ruiz said Lee had called and said she was ill`: Lee said it)."""
    if cue.dep_ != "conj" or cue.lemma_.lower() not in SPEECH_LEMMAS:
        return None
    if cue.head.lemma_.lower() in SPEECH_LEMMAS:
        return None
    if any(c.dep_ in _SPEAKER_DEPS | {"nsubjpass"} for c in cue.children):
        return None
    tok = cue.head
    while tok.dep_ in {"conj", "ccomp"} and tok.head != tok:
        if tok.dep_ == "ccomp" and tok.head.lemma_.lower() in SPEECH_LEMMAS:
            return tok.head
        tok = tok.head
    return None


def agent_of(verb: Token) -> Token | None:
    """The speaker of a passive cue: "asked by a reporter" -> reporter."""
    agent = next((c for c in verb.children if c.dep_ == "agent"), None)
    return next((c for c in agent.children if c.dep_ == "pobj"), None) if agent else None


def _object_control(verb: Token) -> Token | None:
    """ "The ruling prompted the Trust to state ...", "led Reddy to declare": the infinitive's
    subject is its governor's object, when that object can speak."""
    if verb.dep_ != "xcomp" or not any(a.lower_ == "to" for a in verb.lefts):
        return None
    obj = next((c for c in verb.head.children if c.dep_ == "dobj" and c.i < verb.i), None)
    return obj if obj is not None and _can_speak(obj) else None


def _set_off_name(verb: Token) -> Token | None:
    """`It was no accident — Dan Reyes, a spokesman for Lane, told the Herald ...`: a second
    "conjunct" with no conjunction, right after a person's phrase that a dash (or the sentence
    start) opens and a comma closes, is that person's verb, which the parser misread."""
    doc = verb.doc
    if verb.dep_ != "conj" or verb.i < 2 or doc[verb.i - 1].text != ",":
        return None
    for tok in doc[verb.sent.start : verb.i - 1]:
        opened = tok.left_edge.i == verb.sent.start or doc[tok.left_edge.i - 1].text in DASHES
        if (
            tok.ent_type_ == "PERSON"
            and tok.dep_ not in _OBJECT_DEPS | {"compound", "nsubj"}
            and tok.right_edge.i in {verb.i - 2, verb.i - 1}
            and opened
        ):
            return tok
    return None


def _name_read_as_modal(verb: Token) -> Token | None:
    """`Will described the plan as ...`: a capitalised "Will" or "May" the tagger read as a
    modal before a past form (a modal takes the bare verb) is a name, the verb's subject."""
    if verb.tag_ not in {"VBD", "VBN", "VBZ"}:
        return None
    return next(
        (c for c in verb.lefts if c.tag_ == "MD" and c.dep_ == "aux" and c.text.istitle()), None
    )


def _mute_in_report(subject: Token, clause: Token, cue: Token) -> bool:
    """Is ``subject``, reached from a ``cue`` with no subject of its own (", saying", "and
    said"), the subject of a reported clause, and one that cannot speak or a participle set off
    after the clause ("rejected the idea that the developer would ..., saying")? Then the cue
    shares the subject of the verb that reports the clause."""
    if clause is cue:
        return False
    if clause.dep_ == "ccomp" and voiceless(subject, cue):
        return True
    trailing = cue.head == clause and cue.tag_ == "VBG" and cue.doc[cue.i - 1].text == ","
    if not trailing or clause.lemma_.lower() in SPEECH_LEMMAS or clause.head.i > clause.i:
        # a clause that is itself a report (`"...," Ruiz added, saying`) lends its own subject;
        # one the parser made the complement of a later quotation (`Ruiz was critical, telling
        # a paper: "... are ..."`) reports nothing
        return False
    if clause.dep_ == "ccomp":
        return clause.head.lemma_.lower() in SPEECH_LEMMAS
    return clause.dep_ == "acl" and any(
        c.dep_ == "mark" and c.lower_ == "that" for c in clause.children
    )


def voiceless(subject: Token, cue: Token) -> bool:
    """Can ``subject`` of a reported clause not be who says what ``cue`` reports? A thing
    cannot; nor can the empty "it" or "there" before a cue that opens a quotation (`said it
    was too early but added, "..."`: the one who said it added)."""
    if speechless(subject):
        return True
    return opens_quotation(cue) and subject.lower_ in {"it", "there"}


def opens_quotation(cue: Token) -> bool:
    """Does a quotation follow the cue, a comma or colon between (`added, "..."`)?"""
    doc = cue.doc
    opens = cue.i + 2 < len(doc) and doc[cue.i + 1].text in {",", ":"}
    return opens and doc[cue.i + 2].text in QUOTE_TOKENS


def speechless(noun: Token) -> bool:
    """A common noun that names no one who could speak: no person, group, organisation or
    document ("a database", "the base", "troop strength")."""
    return noun.pos_ == "NOUN" and not _can_speak(noun) and noun.lemma_.lower() not in _DOCUMENTS


def _described(noun: Token) -> Token:
    """The one a relative clause is about: the noun it hangs on, or, when that noun only says
    what someone is (`Ruiz is a lawyer, a writer and an activist who said ...`), that someone."""
    first = noun
    while first.dep_ == "conj" and first.head != first:
        first = first.head
    if first.dep_ == "attr" and first.pos_ == "NOUN":  # not a name: `it was Obama who ...`
        verb = first.head
        if verb.dep_ == "conj" and not any(c.dep_ == "nsubj" for c in verb.children):
            verb = verb.head  # `Ruiz runs the firm and is a lawyer who ...`: the shared subject
        subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
        if subject is not None and subject.lower_ not in {"it", "this", "that", "there"}:
            return subject
    return noun


def _reduced_relative_subject(verb: Token) -> Token | None:
    """`Voters in six states going to the polls said ...`: the parser may read a subject with a
    participle phrase as a clausal subject headed by the participle; the speaker is the
    participle's own subject."""
    clause = next(
        (c for c in verb.children if c.dep_ == "csubj" and c.tag_ in {"VBG", "VBN"}), None
    )
    if clause is None:
        return None
    return next((c for c in clause.children if c.dep_ == "nsubj" and c.i < clause.i), None)


def _pick(subjects: list[Token], verb: Token) -> Token | None:
    """One subject where the parser gave several ("Radio One Vice President ... Dave Moran
    called", "Oslo (AFP) - Labour leader Kari Moen"): the last person named before the verb, else
    the first."""
    people = [s for s in subjects if s.ent_type_ == "PERSON" and s.i < verb.i]
    # `The crowd cheers, and then Lane continues`: a name right before the verb
    doc = verb.doc
    named = [
        s
        for s in subjects
        if s.pos_ == "PROPN"
        and s.i < verb.i
        and all(t.pos_ == "ADV" for t in doc[s.i + 1 : verb.i])
    ]
    if people or named:
        return (people or named)[-1]
    # `11:00 am – Police receive calls`: a time the parser made a subject says nothing
    return next((s for s in subjects if s.ent_type_ != "TIME"), None)


def _dateline(cue: Token) -> int | None:
    """The index of a dateline's place ("CLEVELAND, July 19 (UPI) — The senator said", "Oslo
    (AFP) – The senator said"), which the parser takes for the subject: a word opening the
    sentence, upper-case before a comma or any before a bracketed agency, and a dash before the
    cue."""
    first = place = cue.sent[0]
    doc = first.doc
    while place.i + 1 < cue.i and first.is_upper and doc[place.i + 1].is_upper:
        place = doc[place.i + 1]  # "LA CROSSE, Wisc. —"
    nxt = place.nbor() if place.i + 1 < len(doc) else None
    upper = first.is_upper and len(doc[first.i : place.i + 1].text) > 2
    comma = upper and nxt is not None and nxt.text == ","
    agency = first.is_title and nxt is not None and nxt.text == "("
    if not (comma or agency):
        return None
    dash = any(t.text in {"—", "–", "--"} for t in doc[first.i : cue.i])
    return place.i if dash else None


def _participle_subject(cue: Token) -> Token | None:
    """The speaker of a cue the parser hung on a noun ("a statement saying ...")."""
    noun = cue.head
    if noun.dep_ == "appos" and (cue.tag_ in {"VBD", "VBZ"} or _after_relative(noun, cue)):
        # `Tom Reddy, the agronomist who runs the office tweeted`: a finite verb the parser hung
        # on an apposition is the sentence's verb (also when tagged as a participle, right
        # after the relative clause); the speaker is the person described.
        return noun.head
    if _can_speak(noun) or (noun.dep_ not in _OBJECT_DEPS and noun.lemma_.lower() in _DOCUMENTS):
        return noun  # "a lawmaker saying ...", "A letter saying ... arrived"
    # "issued a statement saying", "rejected the notion ..., saying", "argued that a database
    # would ..., saying", "ran on his ability to ... and accused": the verb reports what the
    # clause's subject says, not the noun the parser hung it on.
    verb = noun.head
    while verb.pos_ not in {"VERB", "AUX"} and verb.head != verb:
        verb = verb.head
    if verb.pos_ not in {"VERB", "AUX"}:
        return None
    return _syntactic_subject(verb, skip=noun) or _misparsed_subject(verb)


def _after_relative(noun: Token, verb: Token) -> bool:
    """Does ``verb`` follow right on a relative clause of ``noun`` (`the analyst who founded
    the site tweeted`)? A participle there is no reduced relative: it would need a comma."""
    return any(c.dep_ == "relcl" and c.right_edge.i == verb.i - 1 for c in noun.children)


def _can_speak(noun: Token) -> bool:
    """A person, a group or an organisation, by the parse or by the noun itself; a counted share
    of people ("70 percent of farmers", "two of the delegates") too."""
    if noun.pos_ in {"PROPN", "PRON"} or noun.ent_type_ in {"PERSON", "ORG", "NORP", "GPE"}:
        return True
    words = {noun.lower_, noun.lemma_.lower()}
    if not words & _DOCUMENTS and words & (GROUP_NOUNS | OCCUPATIONS | SPOKESPEOPLE):
        return True
    of = next((c for c in noun.children if c.dep_ == "prep" and c.lower_ == "of"), None)
    whole = next((c for c in of.children if c.dep_ == "pobj"), None) if of is not None else None
    quantity = noun.ent_type_ in {"PERCENT", "CARDINAL"} or any(
        c.dep_ == "nummod" for c in noun.children
    )
    return quantity and whole is not None and _people(whole)


def _people(noun: Token) -> bool:
    """A plural common noun ("farmers") or a noun that can speak."""
    return noun.tag_ == "NNS" or _can_speak(noun)


def mention_of(text: str, offset: int, head: Token) -> Mention | None:
    """The mention a subject token stands for (token offsets shifted by ``offset``), marked
    plural when the tagger reads its head so ("Commuters", but also "Sanders")."""
    ment = _mention_of(text, offset, head)
    plural = head.tag_ in {"NNS", "NNPS"} and head.ent_type_ != "PERSON"
    if ment is not None and ment.kind == "person" and plural:
        return replace(ment, plural=True)
    return ment


def _mention_of(text: str, offset: int, head: Token) -> Mention | None:
    """The mention as the phrase's words give it.

    The noun phrase runs over the subject's subtree up to a comma, bracket or relative clause,
    so a title or role before the name stays in it ("CEO of the Refugee Council Enver Solomon")
    and ``parse_np`` picks the name out; a role noun with a name in apposition ("the team's
    coach, Ana Ruiz,") is that name.
    """
    if head.pos_ == "PRON" and not _counted(head):
        s = offset + head.idx
        return parse_np(text, s, s + len(head.text))
    if (author := _author(head)) is not None:
        return mention_of(text, offset, author)
    if head.pos_ in {"NOUN", "PROPN", "NUM"} and (found := _named_apposition(head)) is not None:
        named, described = found
        ment = mention_of(text, offset, named)
        last = described
        if described.pos_ == "NUM":
            # "One of her aides, Mia Brown,": the role is the whole share, "one of her aides"
            last = max(
                (t for t in described.subtree if t.i < named.left_edge.i - 1), key=lambda t: t.i
            )
        role = _text(text, offset, described.left_edge, last)
        if ment is not None and ment.kind == "person":
            return Mention(ment.start, ment.end, ment.head_start, ment.head_end, "person", role)
    toks = _core(head)
    if not toks:
        return None
    start = offset + toks[0].idx
    end = offset + toks[-1].idx + len(toks[-1].text)
    if _counted(head):
        # "Six in 10 said", "most of them say", "all but two said": a share or count of people
        # that names no one, kept as written (a capital at the sentence start is no name).
        but = [c for c in head.rights if c.dep_ == "cc" and c.lower_ == "but"]  # "all but two"
        tail = [c.right_edge for c in head.rights if but and c.dep_ in {"cc", "conj"}]
        last = max([toks[-1], *tail], key=lambda t: t.i)
        if not any(t.is_punct for t in head.doc[toks[-1].i + 1 : last.i + 1]):
            end = offset + last.idx + len(last.text)
        return Mention(start, end, start, end, "group")
    if head.lower_ in SPOKESPEOPLE and any(t.pos_ == "PROPN" for t in toks):
        # "A Northwind Air spokesperson": the organisation's spokesperson, kept as such.
        named = [t for t in toks if t.dep_ != "det"]
        s = offset + named[0].idx
        return Mention(start, end, s, end, "group")
    role = next(
        (
            _text(text, offset, c.left_edge, c.right_edge)
            for c in head.rights
            if c.dep_ == "appos" and c.pos_ in {"NOUN", "PROPN"}
        ),
        "",
    ).strip(" ,")
    ment = parse_np(text, start, end)
    if head.ent_type_ == "PERSON":
        name = _entity_of(head)
        ent_start, ent_end = offset + name[0].idx, offset + name[-1].idx + len(name[-1].text)
        if start <= ent_start and (ment is None or not ent_start <= ment.head_start < ent_end):
            # The parser's person entity beats a name guessed from capitals ("Facebook
            # co-founder Mark Zuckerberg").
            lead = text[start:ent_start].strip(" ,")
            return Mention(start, end, ent_start, ent_end, "person", role or lead)
    if ment is None:
        if head.pos_ not in {"NOUN", "PROPN"}:
            return None
        # "Some advocates", "three-quarters": the article names no one; the phrase as written.
        return Mention(start, end, start, end, "group", role)
    words = [t for t in toks if t.dep_ != "det"]
    if (
        any(t.lower_ in {"and", "&"} for t in words)
        and ment.kind != "pronoun"
        and not any(t.ent_type_ == "PERSON" for t in words)
        and all(t.is_title or t.is_upper or t.lower_ in {"and", "of", "&", "for"} for t in words)
    ):
        # "Science and Technology Citation Index": one name over "and", not its last part.
        s = offset + words[0].idx
        return Mention(ment.start, ment.end, s, end, "group", ment.role)
    if role and not ment.role and ment.kind == "person":
        return Mention(ment.start, ment.end, ment.head_start, ment.head_end, ment.kind, role)
    return ment


def _author(noun: Token) -> Token | None:
    """ "A court document filed by Dana Reyes", "an interview her brother gave": whoever wrote,
    filed or gave the document speaks through it."""
    if noun.pos_ != "NOUN" or noun.lemma_.lower() not in _DOCUMENTS | FINDING_NOUNS:
        return None
    for verb in (c for c in noun.children if c.lemma_.lower() in AUTHORSHIP_VERBS):
        if verb.dep_ == "acl":
            agent = (p for a in verb.children if a.dep_ == "agent" for p in a.children)
            found = next((p for p in agent if p.dep_ == "pobj"), None)
        elif verb.dep_ == "relcl":
            found = next((c for c in verb.children if c.dep_ == "nsubj"), None)
        else:
            continue
        named = found is not None and (found.pos_ == "PROPN" or _named_apposition(found))
        if named and _can_speak(found):
            return found
    return None


def _counted(head: Token) -> bool:
    """A number or a quantifier heads the phrase ("six in 10", "most of them"): a share of
    people, not a name, whatever its capitals."""
    return head.ent_type_ != "PERSON" and (
        head.pos_ == "NUM" or (head.pos_ in {"ADJ", "DET", "PRON"} and head.lower_ in QUANTIFIERS)
    )


def _named_apposition(head: Token) -> tuple[Token, Token] | None:
    """The name a role noun stands in apposition with, and the noun that describes the person:
    "the team's coach, Ana Ruiz," (the name itself in apposition) or "her son, the architect
    Ana Ruiz," (a name in apposition to the apposition, which is then the description). A role
    the tagger read as a proper noun ("The Harbor Group's CEO, Kim Fanton,") needs a person's
    name in apposition, not a place or a party ("Sen. Lee, R-Ohio,")."""
    for c in head.rights:
        if c.dep_ != "appos":
            continue
        # "One of his aides, Tad Devine,": a share of a group names its one member too
        one = head.pos_ == "NUM" and c.ent_type_ == "PERSON"
        if c.pos_ == "PROPN" and (head.pos_ == "NOUN" or one or _role_for(head, c)):
            return c, head
        if c.pos_ == "NOUN":
            inner = next((g for g in c.rights if g.dep_ == "appos" and g.pos_ == "PROPN"), None)
            if inner is not None and inner.ent_type_ == "PERSON":
                return inner, c
    return None


def _role_for(head: Token, name: Token) -> bool:
    """A title ("CEO") or someone's role ("the firm's chief"), not a name of its own ("the
    Daily Post, Jane Hill," as the parser may read a source and the speaker after it)."""
    owned = any(c.dep_ == "poss" for c in head.children)
    return name.ent_type_ == "PERSON" and (head.lower_ in TITLES or owned)


def phrase_text(text: str, offset: int, head: Token) -> str:
    """The noun phrase a token heads, as written ("deputy head of the Security Council")."""
    toks = _core(head)
    return _text(text, offset, toks[0], toks[-1]) if toks else head.text


def _core(head: Token) -> list[Token]:
    """The subject's noun phrase core: its left part, and to the right only name parts and a
    prepositional tail not set off by punctuation ("CEO of the Refugee Council Enver Solomon"),
    never an apposition, relative clause or object the parser hung on it."""
    doc = head.doc
    end = head.i
    for c in head.rights:
        if c.dep_ not in {"prep", "compound", "flat", "nummod"} or any(
            t.is_punct and t.text not in ".-&" for t in doc[end + 1 : c.left_edge.i]
        ):
            break
        end = c.right_edge.i
        # a relative clause inside the tail ("one of the aides, who ...") is no part of it
        cut = next((t for t in doc[c.i + 1 : end + 1] if _opens_relative_clause(t)), None)
        if cut is not None:
            end = cut.i - 1
            break
    out = [t for t in doc[head.left_edge.i : end + 1]]
    while out and (out[0].is_punct or out[0].dep_ in {"cc", "preconj"}):
        out.pop(0)
    while out and out[-1].is_punct and out[-1].text != ".":
        out.pop()
    return out


def _opens_relative_clause(tok: Token) -> bool:
    """The relative pronoun of a clause that describes a noun; not one that says who "those"
    are ("27 percent of those who ..."), which the phrase needs."""
    relcl = tok.head
    return tok.tag_ in {"WDT", "WP", "WP$"} and relcl.dep_ == "relcl" and relcl.head.pos_ != "PRON"


def _entity_of(tok: Token) -> list[Token]:
    """The name tokens of the person entity ``tok`` belongs to, up to ``tok``, without the
    titles and occupations the tagger sometimes takes in ("Author Jane Roe")."""
    first = tok
    while first.i > 0 and first.ent_iob_ == "I":
        first = first.doc[first.i - 1]
    name = list(tok.doc[first.i : tok.i + 1])
    while len(name) > 1 and name[0].lower_.rstrip(".") in TITLES | OCCUPATIONS:
        name.pop(0)
    return name


def _text(text: str, offset: int, first: Token, last: Token) -> str:
    return text[offset + first.idx : offset + last.idx + len(last.text)]
