"""Resolve speaker mentions to the fullest names the article establishes, in document order.

Surnames, titles + surnames, first names, acronyms and pronouns map onto the article's names and
keep the role the article gives; a study's generic mentions ("researchers say") become its
authors, and a document ("the Home Office letter") its author organisation.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from difflib import SequenceMatcher

from citebot.retrieval.lexicons import (
    FEMALE_WORDS,
    GROUP_ALIASES,
    MALE_WORDS,
    ORG_HEADS,
    ORG_NOUNS,
    PERSON_PRONOUNS,
    PLACES,
    POSSESSIVE_PRONOUNS,
    RELATIVE_WORDS,
)
from citebot.retrieval.speakers.given_names import same_given_name
from citebot.retrieval.speakers.mentions import DETERMINERS, Mention, gender_of
from citebot.retrieval.speakers.names import PREPOSITIONS, WORD, lower_token, name_runs, person_name

_LOWER_WORD = re.compile(r"(?<![\w.])[a-z]+(?![\w'’-])")
_DOCUMENT_NOUNS = frozenset(
    {"letter", "memo", "memorandum", "document", "email", "e-mail", "questionnaire", "form"}
)
_STUDY_HEADS = frozenset({"study", "survey", "report", "review", "census", "inquiry", "trial"})
_RESEARCH_NOUNS = frozenset(
    """
    study report survey research results findings authors researchers paper analysis
    """.split()
)


def _same_person(a: str, b: str) -> bool:
    """Two full names with one surname name one person when their first names agree ("George
    Bush", "George W. Bush", "G. W. Bush", "Ken Dale" and "Kenneth Dale") or one is the
    other's tail."""
    if same_given_name(a.split()[0], b.split()[0]):
        return True
    # "Debbie Wasserman Schultz" and a double surname alone, "Donald J. Trump" and "J. Trump"
    return a.endswith(" " + b) or b.endswith(" " + a)


def _namesakes(sightings: list[Entity]) -> list[Entity]:
    """The people the full names with one surname stand for, the one a bare surname names first.

    Names whose first names agree are one person, shown by the fullest. Of namesakes (a
    senator and a victim his speech mentions) the surname goes to the one named most often, the
    first one named on a tie: a writer gives a minor namesake her full name each time.
    """
    people: list[list[Entity]] = []
    for ent in sightings:
        group = next((g for g in people if any(_same_person(ent.name, e.name) for e in g)), None)
        if group is None:
            people.append([ent])
        else:
            group.append(ent)
    people.sort(key=len, reverse=True)  # stable: the first named of equals stays first
    return [
        Entity(
            max((e.name for e in group), key=len),
            "person",
            next((e.role for e in group if e.role), ""),
            next((e.gender for e in group if e.gender), ""),
        )
        for group in people
    ]


def _common_word(word: str, lower: frozenset[str]) -> bool:
    low = word.lower()
    return low in lower and low not in FEMALE_WORDS and low not in MALE_WORDS


def _all_proper(name: list[re.Match[str]], proper: frozenset[int]) -> bool:
    """Does every word of the name start a proper-noun token?"""
    return all(m.start() in proper for m in name)


@dataclass
class Entity:
    """A speaker the article establishes; ``gender`` lets a later pronoun find it."""

    name: str
    kind: str
    role: str = ""
    gender: str = ""


@dataclass(frozen=True)
class Sighting:
    """Where the article last named an entity: ``at`` orders it, ``named`` is the mention's
    span (None for a quote's speaker that no mention names), which a floating quote that takes
    its speaker from here reports as where its speaker is named."""

    at: int
    entity: Entity
    named: tuple[int, int] | None = None
    # False for a thing that is a sentence's subject ("the oversized Ruiz face on billboards"):
    # a later pronoun may still mean what it names, but it says no floating quotation.
    speaks: bool = True
    # A subject low in its sentence (`spoke after Lane held a rally in which he ...`) is what a
    # pronoun in its own clause means, up to this offset; after it, it is no antecedent.
    until: int | None = None

    def current(self, pos: int) -> bool:
        return self.at < pos and (self.until is None or pos < self.until)


@dataclass
class SpeakerResolver:
    """Maps mentions onto the fullest names the article establishes, in document order.

    Pronouns go to the most recent compatible subject (a quote's speaker or a sentence subject).
    """

    text: str
    by_last: dict[str, Entity] = field(default_factory=dict)  # surname -> whom it names
    namesakes: dict[str, list[Entity]] = field(default_factory=dict)  # surname -> all its people
    by_first: dict[str, set[str]] = field(default_factory=dict)  # first name -> full names
    acronyms: dict[str, str] = field(default_factory=dict)
    history: list[Sighting] = field(default_factory=list)
    _lower: frozenset[str] | None = None
    study: str = ""  # the named study/report the article is about ("... Nutrition Study")
    orgs: list[str] = field(default_factory=list)  # organisation names ("UK Home Office")
    documents: dict[str, str] = field(default_factory=dict)  # "letter" -> its author org
    genders: dict[str, str] = field(default_factory=dict)  # learnt from the article's pronouns
    roles: list[tuple[frozenset[str], Entity]] = field(default_factory=list)  # appositions
    org_roles: list[tuple[frozenset[str], str]] = field(default_factory=list)  # "security firm"

    def learn_names(self, spans: list[tuple[int, int]], proper: list[tuple[int, int]]) -> None:
        """Index every person name and acronym definition in the given (non-quoted) spans.

        A person's name is learnt only from words the tagger takes for proper nouns
        (``proper``: token spans), so a capitalised gerund or preposition is no name.
        """
        starts = frozenset(s for s, _ in proper)
        named: dict[str, list[Entity]] = {}  # surname -> each full-name sighting, in order
        for lo, hi in spans:
            for run in name_runs(self.text, lo, hi):
                lows = [lower_token(m.group()) for m in run]
                if len(run) >= 2 and lows[-1] in ORG_HEADS:
                    # after a possessive: "North Korea's Korean Central News Agency"
                    own = [i + 1 for i, w in enumerate(lows) if w.endswith("'s")]
                    first = max([*own, 0])
                    first += lows[first] in DETERMINERS if first < len(run) else 0
                    if len(run) - first >= 2:
                        self.orgs.append(" ".join(m.group() for m in run[first:]))
                doc = re.match(r" ([a-z]+)\b", self.text[run[-1].end() : run[-1].end() + 20])
                if doc and doc.group(1) in _DOCUMENT_NOUNS and lows[-1] in ORG_HEADS:
                    # "the Home Office letter": the document's author
                    self.documents.setdefault(doc.group(1), " ".join(m.group() for m in run))
                if (
                    len(run) >= 2
                    and lower_token(run[-1].group()) in _STUDY_HEADS
                    and not self.study
                ):
                    first = next(
                        i for i, m in enumerate(run) if lower_token(m.group()) not in DETERMINERS
                    )
                    self.study = " ".join(m.group() for m in run[first:])
                after = self.text[run[-1].end() : run[-1].end() + 12]
                acro = re.match(r"\s*\(([A-Z][A-Z.&]{1,9})\)", after)
                if acro:  # "North Korea's Korean Central News Agency (KCNA)": after the possessive
                    own = [i for i, m in enumerate(run) if m.group().endswith(("'s", "’s"))]
                    tail = run[own[-1] + 1 :] if own else run
                    self.acronyms[acro.group(1)] = " ".join(m.group() for m in tail or run)
                titled = person_name(self.text, run)
                name = self._without_common_words(titled)
                if len(name) >= 2 and _all_proper(name, starts):
                    full = re.sub(r"(?:'s|’s|')$", "", self.text[name[0].start() : name[-1].end()])
                    key = lower_token(full.split()[-1])
                    self.by_first.setdefault(lower_token(full.split()[0]), set()).add(key)
                    # the title cut before the name ("Sen."), not a word like "Rival"
                    role = self.text[run[0].start() : titled[0].start()].strip()
                    gender = gender_of(self.text, Mention(run[0].start(), name[-1].end(), 0, 0, ""))
                    named.setdefault(key, []).append(Entity(full, "person", role, gender))
        for key, entities in named.items():
            self.namesakes[key] = _namesakes(entities)
            self.by_last[key] = self.namesakes[key][0]

    def learn_role(self, name: str, role: str) -> None:
        """Give the known person ``name`` (by surname; of namesakes, the one with that first
        name) a role the article states in apposition."""
        key = lower_token(name.split()[-1])
        ent = self.by_last.get(key)
        if len(name.split()) > 1:
            same = [p for p in self.namesakes.get(key, []) if _same_person(name, p.name)]
            ent = same[0] if same else ent
        if ent is not None:
            self.roles.append((frozenset(lower_token(w) for w in role.split()), ent))
            ent.role = ent.role or role

    def learn_org_role(self, name: str, role: str) -> None:
        """An organisation the article describes ("the security firm Brightwall"), so that a
        later "the firm" is it."""
        self.org_roles.append((frozenset(lower_token(w) for w in role.split()), name))

    def _without_common_words(self, name: list[re.Match[str]]) -> list[re.Match[str]]:
        """A name's leading words that the article also writes in lower case and that are no
        given names ("Rival", "Top", "Telling" before "Jeb Bush") are not part of it."""
        lower = self._lower_words()
        while len(name) > 1 and _common_word(name[0].group(), lower):
            name = name[1:]
        return name

    def _lower_words(self) -> frozenset[str]:
        if self._lower is None:
            self._lower = frozenset(_LOWER_WORD.findall(self.text))
        return self._lower

    def note(
        self,
        pos: int,
        speaker: str,
        kind: str,
        gender: str = "",
        named: tuple[int, int] | None = None,
    ) -> Entity:
        """Record a salient subject at ``pos`` for later pronoun resolution."""
        return self._seen(pos, Entity(speaker, kind, gender=gender), named)

    def _seen(self, pos: int, ent: Entity, named: tuple[int, int] | None) -> Entity:
        self.history.append(Sighting(pos, ent, named))
        return ent

    def entity(self, mention: Mention) -> Entity | None:
        """The entity a mention refers to; records it as the latest subject."""
        head = self.text[mention.head_start : mention.head_end]
        named = (mention.head_start, mention.head_end)
        if mention.kind == "pronoun":
            word = lower_token(head)  # "his tweet said": whoever "he" is
            return self._antecedent(POSSESSIVE_PRONOUNS.get(word, word), mention.start)
        role = mention.role
        toks = head.split()
        if self.study and self._research_np(mention):
            # "researchers say", "The report's authors", "The results of the X Study", "They":
            # the generic mentions of the article's named study are one source, its authors.
            return self.note(mention.start, f"{self.study} authors", "group", named=named)
        if (
            mention.kind == "person"
            and len(toks) == 1
            and lower_token(head) in PLACES
            and lower_token(head) not in self.by_last
        ):
            # "Moscow said", "Russia is close to ...": a country or city stands for its
            # government (metonymy); it is never the antecedent of he/she.
            return self.note(mention.start, head, "group", named=named)
        if (
            mention.kind == "person"
            and len(toks) == 1
            and not mention.role
            and lower_token(head) not in self.by_last
            and (mention.plural or lower_token(head) in self._lower_words())
        ):
            # A capitalised word the article also writes in lower case ("Critics of ...",
            # "Articles in ...") or a plural no one in the article is named by ("Commuters")
            # is a common noun at sentence start, not a person's name.
            return self.note(mention.start, head, "group", named=named)
        if mention.kind == "relative" and lower_token(head) in POSSESSIVE_PRONOUNS:
            # "Her office told reporters": the office of whoever "she" is, or as written
            owner = self._owner(POSSESSIVE_PRONOUNS[lower_token(head)], mention.start)
            if owner is None:
                return self.note(mention.start, self.text[mention.start : mention.end], "group")
            return self._seen(mention.start, self._relative(owner, mention), named)
        if mention.kind == "relative":
            # "Thomas' sister" -> "Thomas Sam's sister"; the possessor stays a he/she antecedent.
            owner_gender = gender_of(self.text, replace(mention, end=mention.head_end))
            owner = self._of_gender(self._person(head), toks[-1], owner_gender)
            owner = owner or Entity(head, "person")
            self._seen(mention.start, owner, named)
            return self._seen(mention.start, self._relative(owner, mention), named)
        holder = self._role_holder(mention) or self._described_org(mention)
        if holder is not None:
            return self._seen(mention.start, holder, named)
        if mention.kind == "group":
            name = self.acronyms.get(head, self.text[mention.head_start : mention.head_end])
            if (
                mention.head_start == mention.start
                and self.text[mention.head_end : mention.end].strip()
            ):
                name = self.text[mention.start : mention.end]
            name = re.sub(r"^(?:the|The)\s+", "", name).strip()
            name = GROUP_ALIASES.get(name.lower(), name)
            ent = self.note(
                mention.start, self._document(mention) or self._org(name), "group", named=named
            )
            ent.role = role
            return ent
        ent = self.by_last.get(lower_token(toks[-1]))
        if ent is None and len(toks) == 1:
            ent = self._person(head)  # a first name ("Thomas" for Thomas Sam)
        name = head
        gender = gender_of(self.text, mention)
        ent = self._of_gender(ent, toks[-1], gender)
        if ent and len(toks) > 1 and not ent.name.endswith(head):
            # "Ken Dale" after "Kenneth Dale": the namesake the given name agrees with
            same = self.namesakes.get(lower_token(toks[-1]), [])
            ent = next((p for p in same if _same_person(head, p.name)), None)
        if ent:
            name, role, gender = ent.name, role or ent.role, gender or ent.gender
        elif len(toks) == 1 and head in self.acronyms:
            name = self.acronyms[head]
        return self._seen(mention.start, Entity(name, "person", role, gender), named)

    def _role_holder(self, mention: Mention) -> Entity | None:
        """The person a definite role noun phrase refers to: "the minister" after "Health
        Minister Ana Ruiz", "the Ohio Republican" after "Rob Hale, the Ohio Republican"; the
        most recent holder of a role with all of the phrase's words. None when nobody holds it
        (the phrase then stays as written)."""
        words = self._words(mention)
        if len(words) < 2 or words[0] != "the" or any(w.endswith(("'s", "’s")) for w in words):
            return None
        if words[-1] in ORG_HEADS | ORG_NOUNS:
            return None  # "the White House" is the organisation, not its press secretary
        wanted = set(words[1:])
        people = [s.entity for s in reversed(self.history) if s.entity.kind == "person"]
        people += list(self.by_last.values())
        for ent in people:
            if ent.role and wanted <= {lower_token(w) for w in ent.role.split()}:
                return ent
        return next((ent for words, ent in reversed(self.roles) if wanted <= words), None)

    def _words(self, mention: Mention) -> list[str]:
        return [lower_token(w) for w in self.text[mention.start : mention.end].split()]

    def _described_org(self, mention: Mention) -> Entity | None:
        """ "The firm said" after "the security firm Brightwall": the one organisation the
        article describes with all of the phrase's words; None when it describes none or
        several (the phrase then stays as written: a guess could name the wrong one)."""
        words = self._words(mention)
        if len(words) < 2 or words[0] != "the" or words[-1] not in ORG_NOUNS:
            return None
        wanted = set(words[1:])
        names = {name for described, name in self.org_roles if wanted <= described}
        return Entity(names.pop(), "group") if len(names) == 1 else None

    def _org(self, name: str) -> str:
        """The fullest form of an organisation name ("State Department" -> "US State
        Department") among the organisations the article names."""
        if len(name.split()) < 2 or lower_token(name.split()[-1]) not in ORG_HEADS:
            return name
        longer = [o for o in self.orgs if o.endswith(" " + name)]
        return max(longer, key=len) if longer else name

    def _document(self, mention: Mention) -> str:
        """A document as speaker ("The Home Office letter", "A leaked internal letter seen by
        Sky News") stands for its author organisation, named before the noun or elsewhere in
        the article ("the Home Office letter"); "" when the mention is no document."""
        np = self.text[mention.start : mention.end]
        for m in WORD.finditer(np):
            low = lower_token(m.group())
            if low in PREPOSITIONS or low in RELATIVE_WORDS:
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

    def _relative(self, owner: Entity, mention: Mention) -> Entity:
        """ "Thomas Sam's sister", "Lane's advisers" (a group: no later "he" means them)."""
        last = (mention.role.split() or [""])[-1]
        gender = "f" if last in FEMALE_WORDS else "m" if last in MALE_WORDS else ""
        kind = "group" if mention.plural else "person"
        return Entity(f"{owner.name}'s {mention.role}", kind, gender=gender)

    def _of_gender(self, ent: Entity | None, surname: str, gender: str) -> Entity | None:
        """ "Mr. Clinton" in an article about Hillary Clinton: the namesake of that gender."""
        if ent is None or not gender or ent.gender == gender:
            return ent
        same = self.namesakes.get(lower_token(surname), [])
        return next((p for p in same if p.gender == gender), ent)

    def _person(self, name: str) -> Entity | None:
        """The known person a surname or an unambiguous first name refers to."""
        low = lower_token(name.split()[-1])
        if low in self.by_last:
            return self.by_last[low]
        if len(name.split()) > 1:
            return None
        lasts = self.by_first.get(low, set())
        if len(lasts) == 1:
            return self.by_last[next(iter(lasts))]
        if low.endswith("s") and low[:-1] in self.by_last:
            return None  # "the Clintons": the family, not the one Clinton the article names
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
            low = lower_token(m.group()).removesuffix("'s")
            if low in _RESEARCH_NOUNS:
                rest = np[m.end() :]
                return not re.match(r"\s+(?:by|from|for|of)\s+(?:the\s+)?[A-Z]", rest)
            if low not in DETERMINERS and not (m.group().islower() and low.isalpha()):
                return False  # a name or other modifier comes first ("Amnesty's report")
            if low.endswith("ing") or low in PREPOSITIONS:
                return False
        return False

    def _owner(self, pronoun: str, pos: int) -> Entity | None:
        """Whose "his aides", "her office": the nearest person, when known to be of the
        pronoun's gender (by name or title first: a gender learnt from a pronoun may come from
        a misread one). A name built on the owner must not guess, so "their lawyers" has none."""
        want = PERSON_PRONOUNS.get(pronoun)
        people = (s.entity for s in reversed(self.history) if s.current(pos))
        nearest = next((e for e in people if e.kind == "person"), None)
        if not want or nearest is None:
            return None
        return nearest if (nearest.gender or self.genders.get(nearest.name)) == want else None

    def _antecedent(self, pronoun: str, pos: int) -> Entity | None:
        """The most recent compatible subject; a person's gender is the one the article's own
        pronouns gave them, else from titles and first names."""
        want = PERSON_PRONOUNS.get(pronoun)
        for seen in reversed(self.history):
            ent = seen.entity
            if not seen.current(pos):
                continue
            gender = self.genders.get(ent.name) or ent.gender
            if want and ent.kind == "person" and gender in ("", want):
                if not gender:
                    self.genders[ent.name] = want  # "She said": the article says who she is
                return ent
            if not want and (ent.kind == "group" or pronoun == "they"):
                return ent
        return None
