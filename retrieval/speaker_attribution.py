"""Speaker mentions near a reporting cue, and their resolution to the article's fullest name.

Rule-based on purpose: it runs at ingest next to the encoder and must cost a few ms per article.
A mention is the noun phrase that is the subject of the cue ("Russian Foreign Minister Sergey
Lavrov, in separate remarks, has said"), the noun phrase after an inverted cue ("said Ambassador
Mohib") or the object of "according to". Resolution maps surnames, titles + surnames, acronyms
and pronouns onto the names the article establishes, and keeps the role the article gives.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from functools import lru_cache

from retrieval.reporting_verbs import (
    ADVERBS,
    ALL_CUES,
    AUXILIARIES,
    FEMALE_WORDS,
    FIRST_PERSON,
    GROUP_ALIASES,
    GROUP_NOUNS,
    GROUP_PRONOUNS,
    INTRO_WORDS,
    KIN,
    MALE_WORDS,
    NEGATORS,
    NON_NAMES,
    ORG_HEADS,
    PERSON_PRONOUNS,
    PLACES,
    RELATIVE_WORDS,
    TITLES,
)

WORD = re.compile(r"(?:[A-Za-z]\.){2,}|\w+(?:[-'’.@&/]\w+)*(?:\.(?=\s+[a-z]|,))?")
_PARTICLES = frozenset(
    {"al", "el", "bin", "ibn", "de", "da", "di", "van", "von", "der", "la", "le"}
)
_PREPOSITIONS = frozenset({"of", "for", "from", "in", "at", "to", "with", "by", "on"})
_LOWER_WORD = re.compile(r"(?<![\w.])[a-z]+(?![\w'’-])")
_PARTICIPLE_INTRO = re.compile(r"[A-Z][a-z]{2,}ing\s+[a-z]")
_POSSESSIVE_END = re.compile(r"\w(?:'s|’s|s'|s’)\s*$")
_NP_STOP = RELATIVE_WORDS | _PREPOSITIONS | frozenset({"and", "but", "while", "whilst", "as"})
_VERBISH = AUXILIARIES | RELATIVE_WORDS


@dataclass(frozen=True)
class Mention:
    """A speaker mention: ``start/end`` is the whole noun phrase, ``head`` the name inside it."""

    start: int
    end: int
    head_start: int
    head_end: int
    kind: str  # "person" | "group" | "pronoun"
    role: str = ""


def words(text: str, lo: int, hi: int) -> list[re.Match[str]]:
    return list(WORD.finditer(text, lo, hi))


@lru_cache(maxsize=8192)
def _low(tok: str) -> str:
    return tok.lower().replace("’", "'")


def is_capitalised(tok: str) -> bool:
    return tok[:1].isupper() or (tok[:1].isdigit() is False and "-" in tok and tok[3:4].isupper())


@lru_cache(maxsize=8192)
def _name_token(tok: str) -> bool:
    low = _low(tok).rstrip(".")
    if low.endswith("'s") and low[:-2] in NON_NAMES:
        return False  # "There's", "It's", "What's"
    acronym = len(tok) > 1 and tok.replace(".", "").isupper()
    return acronym or (is_capitalised(tok) and low not in NON_NAMES) or low in _PARTICLES


def name_runs(text: str, lo: int, hi: int) -> list[list[re.Match[str]]]:
    """Maximal runs of adjacent capitalised words (single spaces / hyphens between them)."""
    runs: list[list[re.Match[str]]] = []
    for m in words(text, lo, hi):
        tok = m.group()
        if not _name_token(tok):
            continue
        if (
            runs
            and text[runs[-1][-1].end() : m.start()] in (" ", " - ")
            and (is_capitalised(tok) or _low(tok) in _PARTICLES)
        ):
            runs[-1].append(m)
        else:
            runs.append([m])
    # A run cannot end with a particle ("de" in "the city de ...").
    return [r for r in (_trim_particles(r) for r in runs) if r]


def _trim_particles(run: list[re.Match[str]]) -> list[re.Match[str]]:
    while run and _low(run[-1].group()) in _PARTICLES:
        run = run[:-1]
    while run and _low(run[0].group()) in _PARTICLES:
        run = run[1:]
    return run


def person_name(text: str, run: list[re.Match[str]]) -> list[re.Match[str]]:
    """The person's name inside a capitalised run: titles, nationalities and organisations cut.

    "Russian Foreign Minister Sergey Lavrov" -> "Sergey Lavrov"; "Refugee Council Enver Solomon"
    -> "Enver Solomon". Returns [] when nothing name-like remains.
    """
    last_title = max(
        (i for i, m in enumerate(run) if _low(m.group()).rstrip(".") in TITLES | ORG_HEADS),
        default=-1,
    )
    name = run[last_title + 1 :]
    if not name:
        return []
    before = text[max(0, run[0].start() - 6) : run[0].start()].split()
    if len(name) > 2 and ((before and before[-1].lower() in _PREPOSITIONS) or len(name) > 3):
        name = name[-2:]
    return name


def gender_of(text: str, mention: Mention) -> str:
    """ "m", "f" or "" from honorifics, gendered roles and common first names."""
    for tok in words(text, mention.start, mention.end):
        low = _low(tok.group()).rstrip(".")
        if low in FEMALE_WORDS or low + "." in FEMALE_WORDS:
            return "f"
        if low in MALE_WORDS or low + "." in MALE_WORDS:
            return "m"
    return ""


def parse_np(text: str, lo: int, hi: int) -> Mention | None:
    """Interpret a subject noun phrase: a name (with a title/apposition role), a pronoun or a
    group NP ("Scientology officials", "The Home Office letter", "PC World's recent analysis")."""
    ws = words(text, lo, hi)
    if not ws:
        return None
    first = _low(ws[0].group())
    if len(ws) == 1 and first in {*PERSON_PRONOUNS, *GROUP_PRONOUNS}:
        return Mention(ws[0].start(), ws[0].end(), ws[0].start(), ws[0].end(), "pronoun")
    if (first in FIRST_PERSON and not ws[0].group().isupper()) or first in {"i", *NEGATORS}:
        return None
    if _POSSESSIVE_END.search(text, lo, hi):
        return None  # "Russia's [state news agency]": a determiner of a following noun
    # Possessive subject: "Cornyn's statement added" -> Cornyn (a kin/role noun keeps the NP).
    poss = re.match(r"\s*((?:[A-Z][\w.-]*\s)*[A-Z][\w.-]*)(?:'s|’s|')\s+([a-z]\w*)", text[lo:hi])
    if poss and poss.group(2).lower() not in KIN:
        s = lo + poss.start(1)
        return Mention(lo, hi, s, lo + poss.end(1), "person")
    if poss and not text[lo + poss.end(2) : hi].strip() and len(ws) <= 4:
        # "Thomas' sister pleaded": the speaker is the possessor's relative; the head is the
        # possessor's name and the role the kin noun.
        s = lo + poss.start(1)
        return Mention(lo, lo + poss.end(2), s, lo + poss.end(1), "relative", poss.group(2))
    if (
        len(ws) > 2
        and is_capitalised(ws[0].group())
        and (first in GROUP_NOUNS or first.removesuffix("s") in GROUP_NOUNS)
        and _low(ws[1].group()) in _PREPOSITIONS
    ):
        # "Articles in peer-reviewed journals including Social Science & Medicine have ...": a
        # common-noun head with its modifiers, not the name inside them.
        cut = re.search(r",|\s(?:including|such as)\s", text[lo:hi])
        e = lo + cut.start() if cut else hi
        preps = [m for m in ws[2:] if _low(m.group()) in _PREPOSITIONS and m.start() < e]
        e = preps[0].start() if preps else e  # "Posts on the message board [for the site ...]"
        e = lo + len(text[lo:e].rstrip())
        return Mention(ws[0].start(), e, ws[0].start(), e, "group")
    runs = name_runs(text, lo, hi)
    nxt = WORD.search(text, runs[0][-1].end(), hi) if runs else None
    if (
        len(runs) > 1
        and len(runs[0]) == 1
        and not text[lo : runs[0][0].start()].strip()
        and nxt
        and _low(nxt.group()) in _PREPOSITIONS | {"including"}
        and _low(runs[0][0].group()).rstrip(".") not in TITLES | ORG_HEADS
        and _low(nxt.group()) != "of"
    ):
        runs = runs[:1]  # "Critics of Scientology at ...": the head comes first
    people = []
    for run in runs:
        name = person_name(text, run)
        if len(name) >= 2 or (name and len(run) > len(name)):
            # "Lydia Buchtmann for Food Standards Australia": a run after a preposition with no
            # title cut is the modifier's organisation, not the speaker.
            prep = text[lo : run[0].start()].split()[-2:]
            titled = any(_low(m.group()).rstrip(".") in TITLES | ORG_HEADS for m in run)
            modifier = not titled and any(w.lower() in _PREPOSITIONS for w in prep)
            people.append((modifier, run, name))
    if people:
        _, run, name = next((p for p in reversed(people) if not p[0]), people[-1])
        role = text[lo : run[0].start()].strip() + " " + text[run[0].start() : name[0].start()]
        role = " ".join(role.split()).strip(" ,")
        return Mention(lo, hi, name[0].start(), name[-1].end(), "person", role)
    if runs:
        run = runs[-1]
        noun = WORD.match(text, run[-1].end() + 1, hi)
        after = WORD.search(text, noun.end(), hi) if noun else None
        if (
            noun
            and text[run[-1].end()] == " "
            and _common_head(noun.group())
            and (after is None or _low(after.group()) not in _DETERMINERS)
        ):
            # "an Internet posting", "Scientology officials": the name modifies a common noun.
            return Mention(lo, hi, run[0].start(), noun.end(), "group")
        kind = "group" if len(run) > 1 or run[0].group().isupper() else "person"
        return Mention(lo, hi, run[0].start(), run[-1].end(), kind)
    if any(_low(m.group()) in GROUP_NOUNS for m in ws):
        return Mention(lo, hi, ws[0].start(), ws[-1].end(), "group")
    return None


_DETERMINERS = frozenset({"the", "a", "an", "his", "her", "its", "their", "our", "this", "that"})
_DOCUMENT_NOUNS = frozenset(
    {"letter", "memo", "memorandum", "document", "email", "e-mail", "questionnaire", "form"}
)
_STUDY_HEADS = frozenset({"study", "survey", "report", "review", "census", "inquiry", "trial"})
_RESEARCH_NOUNS = frozenset(
    """
    study report survey research results findings authors researchers paper analysis
    """.split()
)
_NOT_HEADS = frozenset(
    {"yesterday", "today", "tonight", "himself", "herself", "itself", "themselves", "alone"}
)


def _common_head(tok: str) -> bool:
    """A lower-case noun that can head an NP after a name modifier ("Scientology officials")."""
    low = tok.lower()
    return (
        tok.isalpha()
        and tok.islower()
        and not low.endswith(("ly", "ed"))
        and low not in _NP_STOP | AUXILIARIES | ADVERBS | NEGATORS | _NOT_HEADS
        and low not in ALL_CUES
    )


def skip_adverbial(text: str, lo: int, hi: int) -> int:
    """Skip an introductory adverbial ("Earlier on Monday, ", "Separately, ") before a subject."""
    comma = text.find(",", lo, hi) - lo
    first = WORD.search(text, lo, hi)
    if first is None:
        return lo
    low = _low(first.group())
    if comma > 0 and low in INTRO_WORDS:
        return skip_adverbial(text, lo + comma + 1, hi)
    if comma > 0 and re.match(r"\s*(?:[Aa]ccording to|[Ii]n the words of)\s", text[lo:hi]):
        # "According to the Herald, Professor X said ...": the source phrase is an adverbial.
        return skip_adverbial(text, lo + comma + 1, hi)
    if 0 < comma < 80 and _PARTICIPLE_INTRO.match(text, first.start()):
        # "Writing in a blog post, Matthew Ingram ...": a participial adjunct, not the subject.
        return skip_adverbial(text, lo + comma + 1, hi)
    if low in {"but", "and", "so", "yet", "then", "meanwhile", "however"}:
        return first.end()
    return lo


def subject_before(text: str, lo: int, verb: int) -> Mention | None:
    """The subject of a cue at ``verb``, searched in ``text[lo:verb]`` (the clause so far)."""
    ws = words(text, lo, verb)
    end = verb
    # Drop auxiliaries and adverbs between subject and verb ("has also said").
    while ws and (_low(ws[-1].group()) in ADVERBS or ws[-1].group().endswith("ly")):
        if text[ws[-1].end() : end].strip(" "):
            break
        end = ws[-1].start()
        ws.pop()
    if ws and _low(ws[-1].group()) in NEGATORS:
        return None
    acro = re.search(r"\s*\([A-Z][A-Z.&]{1,9}\)\s*$", text[lo:end])
    if acro:  # "The World Health Organisation (WHO) recommends": the acronym is no subject
        end = lo + acro.start()
        ws = words(text, lo, end)
    if ws and ws[-1].group() in {"who", "which", "Who", "Which"}:
        # "Devocht, who had told Montalvo ..." -> the relative pronoun's antecedent.
        return subject_before(text, lo, ws[-1].start())
    if ws and _low(ws[-1].group()) in {"and", "but"}:
        # Coordinated cue ("tweeted to Mohamed and said ...") shares the clause subject.
        return sentence_subject(text, lo, ws[-1].start())
    tail = text[lo:end].rstrip()
    if tail.endswith(","):
        # Apposition or parenthesis before the verb: the subject heads the comma chain.
        start = skip_adverbial(text, _clause_start(text, lo, end), end)
        comma = text.find(",", start, end)
        head = parse_np(text, start, comma if comma > 0 else end)
        if head is None:
            return None
        role = ""
        close = text.find(",", comma + 1, end) if comma > 0 else -1
        if head.kind == "person" and close > 0:
            appos = text[comma + 1 : close].strip()
            if appos and _low(appos.split()[0]) not in RELATIVE_WORDS | _PREPOSITIONS:
                role = appos
        return Mention(
            head.start, head.end, head.head_start, head.head_end, head.kind, role or head.role
        )
    start = _np_start(text, lo, end)
    c_lo = skip_adverbial(text, _clause_start(text, lo, end), end)
    lead = words(text, c_lo, start)
    if (
        lead
        and (
            _low(lead[0].group()) in {"a", "an", "the"}
            or _low(lead[0].group()) in GROUP_NOUNS
            or _low(lead[0].group()).removesuffix("s") in GROUP_NOUNS
        )
        and not any(_low(m.group()) in _VERBISH or _low(m.group()) in ALL_CUES for m in lead)
        and not re.search(r"[,;:\"“”]", text[c_lo:start])
    ):
        # "A new study documenting iodine status in Australian children has revealed": the
        # subject NP runs from the clause start, over its prepositional modifiers.
        ment = parse_np(text, c_lo, end)
        if ment is not None:
            return ment
    return parse_np(text, start, end) if start < end else None


def sentence_subject(text: str, lo: int, hi: int) -> Mention | None:
    """The clause's first name ("Sunak defended ... whilst promising" -> Sunak)."""
    start = skip_adverbial(text, _clause_start(text, lo, hi), hi)
    for m in words(text, start, hi):
        low = m.group()
        if low in ALL_CUES or low in AUXILIARIES or (low.endswith("ed") and low.islower()):
            return parse_np(text, start, m.start()) if m.start() > start else None
    return None


def _clause_start(text: str, lo: int, hi: int) -> int:
    """Start of the clause that ends at ``hi``: after the last ";" / ":" / conjunction."""
    best = lo
    for m in re.finditer(
        r"[;:]|,\s*(?:but|and (?=[a-z])|while|whilst)\s|\s(?:but|while|whereas)\s", text[lo:hi]
    ):
        best = lo + m.end()
    return best


def _np_start(text: str, lo: int, hi: int) -> int:
    """Walk left from ``hi`` over the noun phrase directly before it."""
    start = hi
    for m in reversed(words(text, lo, hi)):
        gap = text[m.end() : start]
        if gap.strip(" '’"):
            break
        low = _low(m.group())
        if len(m.group()) > 1 and m.group().isupper():
            low = ""  # an acronym ("WHO", "US") is a name, not a function word
        if (low in _NP_STOP and low not in {"of", "and"}) or low in AUXILIARIES:
            break
        name_part = is_capitalised(m.group()) and is_capitalised(text[start : start + 2] or "x")
        if (
            low in ALL_CUES
            and not name_part
            and not re.search(
                r"(?:\b(?:the|a|an|its|their|his|her)|'s|’s)\s*$", text[lo : m.start()], re.I
            )
        ):
            # A verb ("said he believes"), unless a determiner makes it a noun ("The report") or
            # it is inside a name ("the US State Department").
            break
        if low == "and" and not is_capitalised(text[start : start + 2].strip() or "x"):
            break
        if low in INTRO_WORDS and low != "of" and start < hi and not is_capitalised(m.group()):
            break
        start = m.start()
    # A capitalised introductory word ("Separately Putin said") is not part of the NP.
    ws = words(text, start, hi)
    while ws and _low(ws[0].group()) in INTRO_WORDS - {"of", "for", "in", "at"}:
        ws.pop(0)
        start = ws[0].start() if ws else hi
    return start


def np_after(text: str, pos: int, hi: int) -> Mention | None:
    """The noun phrase right after an inverted cue ("said Bolden to the crowd"), with an
    apposition role ("said Dmitry Medvedev, deputy head of the Security Council")."""
    m = re.match(
        r"\s*((?:[\w.'’-]+\s){0,6}?[\w.'’-]+?)(?=\s+(?:to|in|on|at|during|after|of)\s|[,.;:!?]|\s*$)",
        text[pos:hi],
    )
    if not m:
        return None
    s, e = pos + m.start(1), pos + m.end(1)
    ment = parse_np(text, s, e)
    if ment is None or (
        ment.kind == "pronoun" and text[s:e].lower() not in {"he", "she", "it", "they"}
    ):
        return None
    rest = text[e:hi]
    appos = re.match(r",\s*((?:the |a |an )?[a-z][^,.;]*)", rest)
    if appos and ment.kind == "person":
        return Mention(
            ment.start, ment.end, ment.head_start, ment.head_end, ment.kind, appos.group(1)
        )
    return ment


@dataclass
class Entity:
    name: str
    kind: str
    role: str = ""
    gender: str = ""


@dataclass
class SpeakerResolver:
    """Maps mentions onto the fullest names the article establishes, in document order.

    Pronouns go to the most recent compatible subject (a quote's speaker or a sentence subject).
    """

    text: str
    by_last: dict[str, Entity] = field(default_factory=dict)
    by_first: dict[str, set[str]] = field(default_factory=dict)  # first name -> full names
    acronyms: dict[str, str] = field(default_factory=dict)
    history: list[tuple[int, Entity]] = field(default_factory=list)
    _lower: frozenset[str] | None = None
    study: str = ""  # the named study/report the article is about ("... Nutrition Study")
    orgs: list[str] = field(default_factory=list)  # organisation names ("UK Home Office")
    documents: dict[str, str] = field(default_factory=dict)  # "letter" -> its author org

    def learn_names(self, spans: list[tuple[int, int]]) -> None:
        """Index every person name and acronym definition in the given (non-quoted) spans."""
        for lo, hi in spans:
            for run in name_runs(self.text, lo, hi):
                lows = [_low(m.group()) for m in run]
                if len(run) >= 2 and lows[-1] in ORG_HEADS:
                    # after a possessive: "North Korea's Korean Central News Agency"
                    own = [i + 1 for i, w in enumerate(lows) if w.endswith("'s")]
                    first = max([*own, 0])
                    first += lows[first] in _DETERMINERS if first < len(run) else 0
                    if len(run) - first >= 2:
                        self.orgs.append(" ".join(m.group() for m in run[first:]))
                doc = re.match(r" ([a-z]+)\b", self.text[run[-1].end() : run[-1].end() + 20])
                if doc and doc.group(1) in _DOCUMENT_NOUNS and lows[-1] in ORG_HEADS:
                    # "the Home Office letter": the document's author
                    self.documents.setdefault(doc.group(1), " ".join(m.group() for m in run))
                if len(run) >= 2 and _low(run[-1].group()) in _STUDY_HEADS and not self.study:
                    first = next(
                        i for i, m in enumerate(run) if _low(m.group()) not in _DETERMINERS
                    )
                    self.study = " ".join(m.group() for m in run[first:])
                after = self.text[run[-1].end() : run[-1].end() + 12]
                acro = re.match(r"\s*\(([A-Z][A-Z.&]{1,9})\)", after)
                if acro:  # "North Korea's Korean Central News Agency (KCNA)": after the possessive
                    own = [i for i, m in enumerate(run) if m.group().endswith(("'s", "’s"))]
                    tail = run[own[-1] + 1 :] if own else run
                    self.acronyms[acro.group(1)] = " ".join(m.group() for m in tail or run)
                name = person_name(self.text, run)
                if len(name) >= 2:
                    full = re.sub(r"(?:'s|’s|')$", "", self.text[name[0].start() : name[-1].end()])
                    key = _low(full.split()[-1])
                    self.by_first.setdefault(_low(full.split()[0]), set()).add(key)
                    old = self.by_last.get(key)
                    if old is None or len(full) > len(old.name):
                        role = self.text[run[0].start() : name[0].start()].strip()
                        gender = gender_of(
                            self.text, Mention(run[0].start(), name[-1].end(), 0, 0, "")
                        )
                        self.by_last[key] = Entity(
                            full, "person", role or (old.role if old else ""), gender
                        )

    def _lower_words(self) -> frozenset[str]:
        if self._lower is None:
            self._lower = frozenset(_LOWER_WORD.findall(self.text))
        return self._lower

    def note(self, pos: int, speaker: str, kind: str, gender: str = "") -> None:
        """Record a salient subject at ``pos`` for later pronoun resolution."""
        self.history.append((pos, Entity(speaker, kind, gender=gender)))

    def resolve(self, mention: Mention) -> tuple[str, str]:
        """(speaker, role) for a mention; records it as the latest subject."""
        ent = self.entity(mention)
        return (ent.name, ent.role) if ent else ("", "")

    def entity(self, mention: Mention) -> Entity | None:
        """The entity a mention refers to; records it as the latest subject."""
        head = self.text[mention.head_start : mention.head_end]
        if mention.kind == "pronoun":
            return self._antecedent(_low(head), mention.start)
        role = mention.role
        toks = head.split()
        if self.study and self._research_np(mention):
            # "researchers say", "The report's authors", "The results of the X Study", "They":
            # the generic mentions of the article's named study are one source, its authors.
            self.note(mention.start, f"{self.study} authors", "group")
            return self.history[-1][1]
        if (
            mention.kind == "person"
            and len(toks) == 1
            and _low(head) in PLACES
            and _low(head) not in self.by_last
        ):
            # "Moscow said", "Russia is close to ...": a country or city stands for its
            # government (metonymy); it is never the antecedent of he/she.
            self.note(mention.start, head, "group")
            return self.history[-1][1]
        if (
            mention.kind == "person"
            and len(toks) == 1
            and not mention.role
            and _low(head) not in self.by_last
            and _low(head) in self._lower_words()
        ):
            # A capitalised word the article also writes in lower case ("Critics of ...",
            # "Articles in ...") is a common noun at sentence start, not a person's name.
            self.note(mention.start, head, "group")
            return self.history[-1][1]
        if mention.kind == "relative":
            # "Thomas' sister" -> "Thomas Sam's sister"; the possessor stays a he/she antecedent.
            owner = self._person(head) or Entity(head, "person")
            self.history.append((mention.start, owner))
            gender = "f" if role in FEMALE_WORDS else "m" if role in MALE_WORDS else ""
            self.history.append(
                (mention.start, Entity(f"{owner.name}'s {role}", "person", gender=gender))
            )
            return self.history[-1][1]
        if mention.kind == "group":
            name = self.acronyms.get(head, self.text[mention.head_start : mention.head_end])
            if (
                mention.head_start == mention.start
                and self.text[mention.head_end : mention.end].strip()
            ):
                name = self.text[mention.start : mention.end]
            name = re.sub(r"^(?:the|The)\s+", "", name).strip()
            name = GROUP_ALIASES.get(name.lower(), name)
            self.note(mention.start, self._document(mention) or self._org(name), "group")
            ent = self.history[-1][1]
            ent.role = role
            return ent
        ent = self.by_last.get(_low(toks[-1]))
        if ent is None and len(toks) == 1:
            ent = self._person(head)  # a first name ("Thomas" for Thomas Sam)
        name = head
        gender = gender_of(self.text, mention)
        if ent and (len(toks) == 1 or ent.name.endswith(head)):
            name, role, gender = ent.name, role or ent.role, gender or ent.gender
        elif len(toks) == 1 and head in self.acronyms:
            name = self.acronyms[head]
        if ent is None and not role:
            role = ""
        self.history.append((mention.start, Entity(name, "person", role, gender)))
        return self.history[-1][1]

    def _org(self, name: str) -> str:
        """The fullest form of an organisation name ("State Department" -> "US State
        Department") among the organisations the article names."""
        if len(name.split()) < 2 or _low(name.split()[-1]) not in ORG_HEADS:
            return name
        longer = [o for o in self.orgs if o.endswith(" " + name)]
        return max(longer, key=len) if longer else name

    def _document(self, mention: Mention) -> str:
        """A document as speaker ("The Home Office letter", "A leaked internal letter seen by
        Sky News") stands for its author organisation, named before the noun or elsewhere in
        the article ("the Home Office letter"); "" when the mention is no document."""
        np = self.text[mention.start : mention.end]
        for m in WORD.finditer(np):
            low = _low(m.group())
            if low in _PREPOSITIONS or low in RELATIVE_WORDS:
                return ""  # the head noun comes before its modifiers
            if low in _DOCUMENT_NOUNS:
                before = np[: m.start()]
                author = name_runs(before, 0, len(before))
                if author:
                    return self._org(" ".join(t.group() for t in author[-1]))
                if low in self.documents:
                    return self._org(self.documents[low])
                return " ".join(np[: m.end()].split()[1:]) if before.strip() else ""
        return ""

    def _person(self, name: str) -> Entity | None:
        """The known person a surname or an unambiguous first name refers to."""
        low = _low(name.split()[-1])
        if low in self.by_last:
            return self.by_last[low]
        if len(name.split()) > 1:
            return None
        lasts = self.by_first.get(low, set())
        if len(lasts) == 1:
            return self.by_last[next(iter(lasts))]
        # A misspelt surname ("Ms Bauchtman" after "Lydia Buchtmann"): the one known surname
        # that differs by a letter or two.
        close = [
            k
            for k in self.by_last
            if len(low) >= 6 and k[:1] == low[:1] and SequenceMatcher(None, k, low).ratio() >= 0.85
        ]
        return self.by_last[close[0]] if len(close) == 1 else None

    def _research_np(self, mention: Mention) -> bool:
        """Is the mention a study, its report, results or authors ("A new study documenting
        ...", "The results of the ... Study", "researchers")? Not when another source is named
        ("a report by Amnesty International")."""
        np = self.text[mention.start : mention.end]
        if self.study in np:
            return True
        for m in WORD.finditer(np):
            low = _low(m.group()).removesuffix("'s")
            if low in _RESEARCH_NOUNS:
                rest = np[m.end() :]
                return not re.match(r"\s+(?:by|from|for|of)\s+(?:the\s+)?[A-Z]", rest)
            if low not in _DETERMINERS and not (m.group().islower() and low.isalpha()):
                return False  # a name or other modifier comes first ("Amnesty's report")
            if low.endswith("ing") or low in _PREPOSITIONS:
                return False
        return False

    def _antecedent(self, pronoun: str, pos: int) -> Entity | None:
        want = PERSON_PRONOUNS.get(pronoun)
        for at, ent in reversed(self.history):
            if at >= pos:
                continue
            if want and ent.kind == "person" and ent.gender in ("", want):
                return ent
            if not want and (ent.kind == "group" or pronoun == "they"):
                return ent
        return None
