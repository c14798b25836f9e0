"""Reported speech: indirect and mixed quotes.

Forward reports ("X said that ..."), inverted ones ("..., X said."), "according to X" in any
position, and speech nouns with a content clause ("the UN's warning that ...").
"""

from __future__ import annotations

import re

from citebot.retrieval.lexicons import ALL_CUES, AUXILIARIES, TITLES
from citebot.retrieval.quotes.candidates import Candidate
from citebot.retrieval.quotes.content import (
    clause_end_before,
    clause_start_of,
    clip_content,
    content_end,
    content_start,
    strip_intro,
)
from citebot.retrieval.quotes.cues import cue_tokens, is_negated
from citebot.retrieval.quotes.layout import is_caption, sentence_spans
from citebot.retrieval.quotes.marks import OPEN_MARKS, Span, inside_quote, quote_kind
from citebot.retrieval.speakers.attribution import np_after, sentence_subject, subject_before
from citebot.retrieval.speakers.mentions import Mention, parse_np
from citebot.retrieval.speakers.names import name_runs, person_name, words

_NOMINAL_OR_PASSIVE = frozenset(
    """
    the a an his her its their this is was were are been be being from of
    """.split()
)
_CONTRACTED = frozenset({"he", "she", "it", "that", "there", "who", "what", "here", "let"})


def reported_speech(
    text: str, paras: list[tuple[int, int]], spans: list[Span], skip: set[int], used_cues: set[int]
) -> list[Candidate]:
    """Indirect and mixed quotes of every paragraph but ``skip`` (interview answers); a cue a
    direct quote already used (``used_cues``) is not reused."""
    out: list[Candidate] = []
    for i, (lo, hi) in enumerate(paras):
        if i in skip or (is_caption(text, lo, hi) and not text[lo:hi].endswith(('"', "”"))):
            continue
        pspans = [s for s in spans if s.para == i]
        for s_lo, s_hi in sentence_spans(text, lo, hi, pspans):
            out += _reports_in_sentence(text, s_lo, s_hi, pspans, used_cues)
    return out


def _reports_in_sentence(
    text: str, lo: int, hi: int, spans: list[Span], used_cues: set[int]
) -> list[Candidate]:
    """Reports in one sentence: "according to", verb cues and speech-noun cues."""
    out: list[Candidate] = []
    end = content_end(text, lo, hi)
    acc = re.search(r"\b[Aa]ccording to\s+", text[lo:hi])
    if acc and not inside_quote(lo + acc.start(), spans) and lo + acc.start() not in used_cues:
        found = _according_to(text, lo, end, lo + acc.start(), lo + acc.end())
        out += [found] if found else []
    for cue in cue_tokens(text, lo, hi):
        if (
            cue.start() in used_cues
            or inside_quote(cue.start(), spans)
            or is_negated(text, cue, lo)
        ):
            continue
        found = _report(text, lo, end, cue, spans)
        if found:
            out.append(found)
    for m in _NOUN_CUE.finditer(text, lo, end):
        if not inside_quote(m.start(), spans):
            ment = parse_np(text, m.start("source"), m.end("source"))
            c_end = clip_content(text, m.start("content"), end, spans)
            if ment is not None and ment.kind != "pronoun" and c_end - m.start("content") >= 12:
                kind = quote_kind(text, m.start("content"), c_end)
                out.append(
                    Candidate(
                        m.start("content"), c_end, kind, m["cue"], ment, cue_pos=m.start("cue")
                    )
                )
    return out


# Noun cues: "a World Health Organisation recommendation that all salt be iodised",
# "the UN's warning that ...": a named source, a speech noun and a "that" content clause.
_NOUN_CUE = re.compile(
    r"\b(?P<source>(?:[A-Z][\w.&-]*\s){0,5}[A-Z][\w.&-]*?)(?:'s|’s)?\s+"
    r"(?P<cue>(?:recommendation|warning|claim|assertion|insistence|promise|pledge|demand"
    r"|announcement|conclusion|allegation|proposal)s?)\s+(?P<content>that\s)"
)


def _according_to(text: str, lo: int, end: int, a_start: int, a_end: int) -> Candidate | None:
    """`According to X, CONTENT` / `CONTENT, according to X` / `which, according to X, CONTENT`."""
    comma = text.find(",", a_end, end)
    if text[lo:a_start].strip(" ,") and comma < 0:
        ment = parse_np(text, a_end, end)
        c_end = clause_end_before(text, lo, a_start)
        c_start = strip_intro(text, clause_start_of(text, lo, c_end), c_end)
        if ment is None or c_end - c_start < 10:
            return None
        return Candidate(c_start, c_end, quote_kind(text, c_start, c_end), "according to", ment)
    if comma < 0:
        runs = name_runs(text, a_end, end)
        if not runs:
            return None
        run = runs[0]
        for nxt in runs[1:]:  # "the Arts and Humanities Citation Index": one name over "and"
            if text[run[-1].end() : nxt[0].start()] not in (" and ", " & ", " of ", " for "):
                break
            run = run + nxt
        titled = [i for i, m in enumerate(run) if i and m.group().lower().rstrip(".") in TITLES]
        if titled:  # "... Citation Index Professor Chomsky is": the content starts at the title
            run = run[: titled[0]]
        ment, c_start = parse_np(text, a_end, run[-1].end()), run[-1].end() + 1
        if ment is not None and ment.kind != "pronoun" and len(run) > len(runs[0]):
            ment = Mention(a_end, run[-1].end(), run[0].start(), run[-1].end(), "group")
    else:
        ment, c_start = parse_np(text, a_end, comma), comma + 1
        nxt = text.find(",", comma + 1, end)
        seg = text[comma + 1 : nxt].split() if nxt > 0 else []
        role_np = text[a_end:comma].split()[-1].islower()  # "the team's coach, Alireza Mehraban,"
        name = person_name(text, next(iter(name_runs(text, comma + 1, nxt)), [])) if role_np else []
        if seg and (seg[0].endswith("ing") or (len(seg) <= 4 and name)):
            if not seg[0].endswith("ing"):  # apposition: "the team's coach, Alireza Mehraban,"
                ment = parse_np(text, comma + 1, nxt)
            c_start = nxt + 1  # participle: "quoting North Korea's main news agency ...,"
    c_start += len(text[c_start:end]) - len(text[c_start:end].lstrip())
    if ment is None or end - c_start < 10:
        return None
    return Candidate(
        c_start, end, quote_kind(text, c_start, end), "according to", ment, cue_pos=a_start
    )


def _report(
    text: str, lo: int, end: int, cue: re.Match[str], spans: list[Span]
) -> Candidate | None:
    """A forward report `X said CONTENT` or an inverted one `CONTENT, X said.`."""
    lemma = ALL_CUES[cue.group().lower()]
    prev = [m.group().lower() for m in words(text, max(lo, cue.start() - 30), cue.start())][-1:]
    nxt = [m.group().lower() for m in words(text, cue.end(), min(end, cue.end() + 30))][:1]
    if (prev and (prev[0] in _NOMINAL_OR_PASSIVE or _possessive(prev[0]))) or (
        nxt and nxt[0] in AUXILIARIES
    ):
        # "the report", "Russia's state news agency", "was reported", "reports have revealed":
        # after a determiner or possessive the word is a noun, not a cue.
        return None
    inverted = _inverted(text, lo, end, cue)
    if inverted:
        return inverted
    subject = subject_before(text, lo, cue.start())
    if subject is None and cue.group().lower().endswith("ing"):
        prev = text[lo : cue.start()].rstrip()
        if prev.endswith(",") or re.search(r"\b(?:whilst|while)$", prev):
            subject = sentence_subject(text, lo, cue.start())
    if subject is None:
        return None
    c_start = content_start(text, cue, end, lemma)
    if c_start is None:
        return None
    c_end = clip_content(text, c_start, end, spans)
    if c_end - c_start < 8:
        return None
    # A quotation that is the whole content is a direct quote, found by direct_quotes.
    first = next((s for s in spans if s.start == c_start), None)
    if first and first.end >= c_end - 1:
        return None
    return Candidate(
        c_start, c_end, quote_kind(text, c_start, c_end), cue.group(), subject, cue_pos=cue.start()
    )


def _possessive(word: str) -> bool:
    """ "russia's", "officials'" (not the contractions "he's", "it's" = has/is)."""
    return word.endswith(("'s", "’s", "s'", "s’")) and word[:-2] not in _CONTRACTED


def _inverted(text: str, lo: int, end: int, cue: re.Match[str]) -> Candidate | None:
    """`CONTENT, said Dmitry Medvedev, deputy head ..., on Tuesday.` / `CONTENT, researchers say.`"""
    head = text[lo : cue.start()]
    comma = head.rstrip().rfind(",")
    if comma < 0 or any(c in text[cue.end() : end] for c in OPEN_MARKS):
        return None
    between = head[comma + 1 :].strip()
    if not between:
        ment = np_after(text, cue.end(), end)
        if ment is None or ment.kind == "pronoun" or not text[ment.start].isupper():
            return None
        rest = re.sub(r"^,[^,]*,?", "", text[ment.end : end])  # apposition
        if len(rest.split()) > 4 or re.search(r"\bthat\b", rest):
            return None
    elif len(between.split()) <= 3 and re.fullmatch(
        r"(?:\s*(?:in|on|at|to|during|after|yesterday|today)\b.{0,30})?\s*", text[cue.end() : end]
    ):
        ment = parse_np(text, lo + comma + 1, cue.start())
        if ment is None:
            return None
    else:
        return None
    c_end = clause_end_before(text, lo, lo + comma + 1)
    c_start = strip_intro(text, clause_start_of(text, lo, c_end), c_end)
    if c_end - c_start < 15 or (
        text[c_start] in OPEN_MARKS and quote_kind(text, c_start, c_end) == "direct"
    ):
        return None
    return Candidate(
        c_start, c_end, quote_kind(text, c_start, c_end), cue.group(), ment, cue_pos=cue.start()
    )
