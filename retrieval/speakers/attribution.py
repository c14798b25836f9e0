"""Find the speaker mention of a reporting cue: its subject, or the noun phrase after it.

Rule-based on purpose: it runs at ingest next to the encoder and must cost a few ms per article.
A mention is the noun phrase that is the subject of the cue ("Russian Foreign Minister Sergey
Lavrov, in separate remarks, has said") or the noun phrase after an inverted cue ("said
Ambassador Mohib"); ``speaker_mentions.parse_np`` says what it names.
"""

from __future__ import annotations

import re

from citebot.retrieval.lexicons import (
    ADVERBS,
    ALL_CUES,
    AUXILIARIES,
    GROUP_NOUNS,
    INTRO_WORDS,
    NEGATORS,
    RELATIVE_WORDS,
    TITLES,
)
from citebot.retrieval.speakers.mentions import NP_STOP, Mention, parse_np
from citebot.retrieval.speakers.names import PREPOSITIONS, WORD, is_capitalised, lower_token, words

_PARTICIPLE_INTRO = re.compile(r"[A-Z][a-z]{2,}ing\s+[a-z]")
_VERBISH = AUXILIARIES | RELATIVE_WORDS


def skip_adverbial(text: str, lo: int, hi: int) -> int:
    """Skip an introductory adverbial ("Earlier on Monday, ", "Separately, ") before a subject."""
    comma = text.find(",", lo, hi) - lo
    first = WORD.search(text, lo, hi)
    if first is None:
        return lo
    low = lower_token(first.group())
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
    while ws and (lower_token(ws[-1].group()) in ADVERBS or ws[-1].group().endswith("ly")):
        if text[ws[-1].end() : end].strip(" "):
            break
        end = ws[-1].start()
        ws.pop()
    if ws and lower_token(ws[-1].group()) in NEGATORS:
        return None
    acro = re.search(r"\s*\([A-Z][A-Z.&]{1,9}\)\s*$", text[lo:end])
    if acro:  # "The World Health Organisation (WHO) recommends": the acronym is no subject
        end = lo + acro.start()
        ws = words(text, lo, end)
    if ws and ws[-1].group() in {"who", "which", "Who", "Which"}:
        # "Devocht, who had told Montalvo ..." -> the relative pronoun's antecedent.
        return subject_before(text, lo, ws[-1].start())
    if ws and lower_token(ws[-1].group()) in {"and", "but"}:
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
            if appos and lower_token(appos.split()[0]) not in RELATIVE_WORDS | PREPOSITIONS:
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
            lower_token(lead[0].group()) in {"a", "an", "the"}
            or lower_token(lead[0].group()) in GROUP_NOUNS
            or lower_token(lead[0].group()).removesuffix("s") in GROUP_NOUNS
        )
        and not any(
            lower_token(m.group()) in _VERBISH or lower_token(m.group()) in ALL_CUES for m in lead
        )
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
        low = lower_token(m.group())
        if len(m.group()) > 1 and m.group().isupper():
            low = ""  # an acronym ("WHO", "US") is a name, not a function word
        if (low in NP_STOP and low not in {"of", "and"}) or low in AUXILIARIES:
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
    while ws and lower_token(ws[0].group()) in INTRO_WORDS - {"of", "for", "in", "at"}:
        ws.pop(0)
        start = ws[0].start() if ws else hi
    return start


_NP_AFTER = re.compile(
    r"\s*((?:[\w.'’-]+\s){0,6}?[\w.'’-]+?)(?=\s+(?:to|in|on|at|during|after|of)\s|[,.;:!?]|\s*$)"
)


def np_after(text: str, pos: int, hi: int) -> Mention | None:
    """The noun phrase right after an inverted cue ("said Bolden to the crowd"), with an
    apposition role ("said Dmitry Medvedev, deputy head of the Security Council")."""
    m = _NP_AFTER.match(text, pos, hi)
    if not m:
        return None
    s, e = m.start(1), m.end(1)
    while text[e : e + 1] == "." and lower_token(text[s:e]).split()[-1] + "." in TITLES:
        # "said Sen. Tom Carper": the period closes the title, not the phrase
        more = _NP_AFTER.match(text, e + 1, hi)
        if not more:
            break
        e = more.end(1)
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
