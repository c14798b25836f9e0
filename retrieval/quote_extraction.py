"""Quote extraction: direct, indirect and mixed reported speech with their cues and speakers.

``extract_quotes(text)`` returns ``Quote`` records in document order; every span is an offset
into ``text`` (the text is never modified). Conventions follow the dev set's README (GGT-based):
direct quotes include their quotation marks; indirect quotes are the reported clause with a
leading "that" and without the final full stop; a quote running over a paragraph break is split
at the break; a quote with no attribution of its own takes the previous speaker ("floating").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache

from retrieval.models import Quote
from retrieval.reporting_verbs import (
    ADDRESSEE_VERBS,
    ALL_CUES,
    AS_VERBS,
    AUXILIARIES,
    CLAUSE_VERBS,
    FINITE_MARKERS,
    KIN,
    LENIENT,
    NEGATORS,
    QUOTE_ONLY_VERBS,
    RELATIVE_WORDS,
    REQUEST_VERBS,
    THAT_ONLY,
    TITLES,
    WH_WORDS,
)
from retrieval.speaker_attribution import (
    Entity,
    Mention,
    SpeakerResolver,
    gender_of,
    name_runs,
    np_after,
    parse_np,
    person_name,
    sentence_subject,
    skip_adverbial,
    subject_before,
    words,
)

_OPEN = '"“«„'
_CLOSE = '"”»“'
_SINGLE = "'‘’"
_MARK = re.compile('["“”«»„]')
_CAPTION = re.compile(
    r"\b(?:Image|Photo|Picture|Credit)s?\s*[:;]|\((?:left|right|centre|center|pictured)\)"
)
_ABBREV = re.compile(
    r"(?:\b[A-Z]|\b(?:Mr|Mrs|Ms|Dr|Prof|St|Gen|Sen|Rep|Gov|Jr|Sr|No|vs|etc|Inc|Ltd|Co))\.$"
)
_SENT_END = re.compile(r"[.!?]+[\"”“»’')\]]*(?=\s+[\"“«‘'(\[A-Z0-9])")
_NOMINAL_OR_PASSIVE = frozenset(
    """
    the a an his her its their this is was were are been be being from of
    """.split()
)
_ADVERBIAL = frozenset(
    """
    in on at to during after via through yesterday today recently also earlier later
    publicly again
    """.split()
)
_TAIL_STOP = _ADVERBIAL | frozenset({"from", "for", "with", "by", "of", "and", "but"})
_CONTRACTED = frozenset({"he", "she", "it", "that", "there", "who", "what", "here", "let"})
_INTERVIEWEE = re.compile(
    r"(?:^(?P<lead>[^:\n]{3,60}):\s+(?:An?\s+)?[Ii]nterview\b"
    r"|(?:[Ii]nterview(?:s|ed)?(?:\s+with)?|spoke (?:with|to)|talked (?:with|to)|caught up with"
    r"|sat down with)\s+(?:the\s+)?(?P<obj>[^.;:\n]+))",
    re.MULTILINE,
)


@dataclass
class _Span:
    """A quotation-mark span inside one paragraph."""

    start: int
    end: int
    para: int


@dataclass
class _Found:
    """A quote before speaker resolution."""

    start: int
    end: int
    kind: str
    cue: str = ""
    mention: Mention | None = None
    floating: bool = False
    speaker: str = ""  # preset speaker (interviews, pull-quote bylines)
    cue_pos: int = -1


def extract_quotes(text: str, title: str = "") -> list[Quote]:
    """All quotes in an article, in document order.

    ``title`` (optional metadata headline) only helps name an interviewee that the text never
    names in full.
    """
    paras = _paragraphs(text)
    answers = _interview_answers(text, paras)
    spans: list[_Span] = []
    for i, (lo, hi) in enumerate(paras):
        if i not in answers:
            carry = bool(spans) and spans[-1].para == i - 1 and spans[-1].end == paras[i - 1][1]
            spans += _quoted(text, lo, hi, i, carry and text[spans[-1].end - 1] not in _CLOSE)
    direct = _direct(text, paras, spans)
    used_cues = {f.cue_pos for f in direct}
    found = [
        *direct,
        *_indirect(text, paras, spans, answers, used_cues),
        *_pull_quotes(text, paras),
        *_headline_claims(text, paras),
    ]
    if answers:
        speaker = _interviewee(text, paras, min(answers), title)
        found += [
            _Found(*paras[i], "direct", floating=True, speaker=speaker) for i in sorted(answers)
        ]
    return _resolve(text, paras, spans, _dedupe(found))


# --- layout -------------------------------------------------------------------------------------


def _paragraphs(text: str) -> list[tuple[int, int]]:
    """Non-empty lines, stripped; GGT never joins a quote across a line break."""
    return [(m.start(), m.end()) for m in re.finditer(r"[^\s](?:[^\n]*[^\s])?", text)]


def _is_caption(text: str, lo: int, hi: int) -> bool:
    seg = text[lo:hi]
    return bool(_CAPTION.search(seg)) or not re.search(r"[.!?:;,\"”’'…)\]]$", seg)


def _sentences(text: str, lo: int, hi: int, spans: list[_Span]) -> list[tuple[int, int]]:
    """Sentence spans of a paragraph; quotation-mark spans are atomic."""
    return _split_sentences(
        text, lo, hi, tuple((s.start, s.end) for s in spans if lo <= s.start < hi)
    )


@lru_cache(maxsize=512)
def _split_sentences(
    text: str, lo: int, hi: int, inside: tuple[tuple[int, int], ...]
) -> list[tuple[int, int]]:
    # Cached: the direct, indirect and subject passes split the same paragraphs.
    out, start = [], lo
    for m in _SENT_END.finditer(text, lo, hi):
        cut = m.end()
        if any(s < cut < e for s, e in inside) or _ABBREV.search(text[start : m.start() + 1]):
            continue
        out.append((start, cut))
        start = cut + len(text[cut:hi]) - len(text[cut:hi].lstrip())
    if start < hi:
        out.append((start, hi))
    return out


# --- quotation marks --------------------------------------------------------------------------


def _quoted(text: str, lo: int, hi: int, para: int, carry: bool) -> list[_Span]:
    """Pair quotation marks inside one paragraph by their flanking context.

    A closing mark with no opener at the start of the paragraph closes a quote carried over from
    the previous paragraph; an opener left open runs to the paragraph end.
    """
    out: list[_Span] = []
    opened: int | None = None
    for mark in _MARK.finditer(text, lo, hi):
        i, ch = mark.start(), mark.group()
        before = text[i - 1] if i > lo else " "
        after = text[i + 1] if i + 1 < hi else " "
        is_open = (before.isspace() or before in "([{—–-/:") and not after.isspace()
        is_close = not before.isspace() and (after.isspace() or after in ".,;:!?)]—–-'’")
        if ch in "“«„" and not is_close:
            is_open = True
        if opened is None and (is_open or (not is_close and ch not in "”»")):
            opened = i
        elif opened is not None and (is_close or not is_open):
            out.append(_Span(opened, i + 1, para))
            opened = None
        elif opened is None and is_close and carry and not out:
            out.append(_Span(lo, i + 1, para))
    if opened is not None and hi - opened > 1:
        out.append(_Span(opened, hi, para))
    if not out:
        out = _single_quoted(text, lo, hi, para)
    return out


def _single_quoted(text: str, lo: int, hi: int, para: int) -> list[_Span]:
    """'...' speech in single marks (headlines, British style); apostrophes are skipped."""
    out: list[_Span] = []
    opened = None
    for m in re.finditer(r"['‘’]", text[lo:hi]):
        i = lo + m.start()
        before = text[i - 1] if i > lo else " "
        after = text[i + 1] if i + 1 < hi else " "
        if opened is None and (before.isspace() or before in "(:") and after.isalnum():
            opened = i
        elif opened is not None and before.isalnum() | (before in ".,!?") and not after.isalnum():
            out.append(_Span(opened, i + 1, para))
            opened = None
    return out


def _speechlike(text: str, span: _Span) -> bool:
    """Filter scare quotes, names and titles: speech has several words and is not Title Case."""
    inner = text[span.start + 1 : span.end - 1]
    toks = re.findall(r"[A-Za-z][\w'’-]*", inner)
    if len(toks) < 4:
        return False
    caps = sum(t[0].isupper() for t in toks)
    return caps / len(toks) < 0.6 or bool(re.search(r"[.!?]", inner))


# --- direct quotes ----------------------------------------------------------------------------

_Attribution = tuple[str, Mention, int]  # cue text, speaker mention, cue offset


def _cue_tokens(text: str, lo: int, hi: int) -> list[re.Match[str]]:
    return [m for m in words(text, lo, hi) if m.group() in ALL_CUES]


def _negated(text: str, cue: re.Match[str], lo: int) -> bool:
    before = [m.group().lower() for m in words(text, max(lo, cue.start() - 40), cue.start())][-3:]
    return any(w in NEGATORS or w.endswith("n't") for w in before)


def _attribution_after(text: str, lo: int, hi: int) -> _Attribution | None:
    """`"...," he said` / `"...," said Bolden` / `"...," X, editor at Y, said`."""
    for i, m in enumerate(words(text, lo, hi)[:16]):
        if m.group().lower() not in ALL_CUES:
            continue
        if (
            m.group().endswith("ing")
            and text[hi : hi + 1] in _OPEN
            and "," not in text[m.end() : hi]
        ):
            return None  # `"X", the government recommending "Y"`: the next quotation is its object
        ment = np_after(text, m.end(), hi) if i == 0 else subject_before(text, lo, m.start())
        if ment and not _negated(text, m, lo):
            return m.group(), ment, m.start()
        return None
    return None


def _attribution_before(text: str, lo: int, quote: int) -> _Attribution | None:
    """`He added: "..."`, `X said, "..."`, `X told GB News: "..."`, `in the words of X, "..."`."""
    lead = text[lo:quote].rstrip()
    phrase = re.search(
        r"\b(?:[Ii]n the words of|[Aa]ccording to)\s+([^,]+(?:,[^,]+){0,2}),\s*$", lead
    )
    if phrase:
        ment = parse_np(text, lo + phrase.start(1), lo + phrase.end(1))
        cue = text[lo + phrase.start() : lo + phrase.start(1)].strip()
        return (cue, ment, lo + phrase.start()) if ment else None
    cues = [c for c in _cue_tokens(text, lo, quote) if not _negated(text, c, lo)]
    if not cues:
        return None
    cue = cues[-1]
    gap = text[cue.end() : quote].strip()
    first = gap.split()[0].lower() if gap else ""
    if first in WH_WORDS | {"that"} or not (
        lead.endswith((":", ",")) or not gap or gap in {"for", "as"}
    ):
        return None
    if len(gap.split()) > 3 and not lead.endswith(":"):
        return None
    ment = subject_before(text, lo, cue.start())
    if ment is None and cue.group().endswith("ing"):
        ment = sentence_subject(text, lo, cue.start())
    if ment is None:
        ment = np_after(text, cue.end(), quote)
    return (cue.group(), ment, cue.start()) if ment else None


def _direct(text: str, paras: list[tuple[int, int]], spans: list[_Span]) -> list[_Found]:
    out: list[_Found] = []
    for k, span in enumerate(spans):
        lo, hi = paras[span.para]
        sents = _sentences(text, lo, hi, [s for s in spans if s.para == span.para])
        s_lo, s_hi = next(((a, b) for a, b in sents if a <= span.start < b), (lo, hi))
        prev_end = max(
            (s.end for s in spans[:k] if s.para == span.para and s.end <= span.start), default=s_lo
        )
        nxt = next((s.start for s in spans[k + 1 :] if s.para == span.para), hi)
        after = _attribution_after(text, span.end, min(s_hi, nxt))
        before = _attribution_before(text, max(s_lo, prev_end), span.start)
        if before is None and span.start == lo and span.para > 0:
            plo, phi = paras[span.para - 1]
            if text[phi - 1] in ":,":
                before = _attribution_before(text, _sentences(text, plo, phi, [])[-1][0], phi)
        if not _speechlike(text, span) and not (
            after and text[span.end - 2 : span.end + 1].count(",")
        ):
            continue
        tail = text[span.end : s_hi].strip(" .")
        if before and not after and tail[:1].isalnum() and tail.split()[0] not in _ADVERBIAL:
            continue  # `the government recommending "X" if needed`: mixed, left to _indirect
        if not (after or before):
            if span.start > s_lo and not text[s_lo : span.start].rstrip().endswith(":"):
                continue  # mid-sentence quotation without a cue: a scare quote or a title
            if tail and (tail[0] in "—–-" or tail[0].isalnum()):
                continue  # `"Headline" — Source, date`: a citation, not speech
        cue, ment, pos = after or before or ("", None, -1)
        out.append(_Found(span.start, span.end, "direct", cue, ment, ment is None, cue_pos=pos))
    return out


def _pull_quotes(text: str, paras: list[tuple[int, int]]) -> list[_Found]:
    """Unmarked pull quotes with a byline: `Words said. Charles Bolden, NASA Administrator`."""
    out = []
    for lo, hi in paras:
        m = re.fullmatch(
            r"([A-Z][^\"“”]*[.!?])\s+([A-Z][\w.'’-]+(?: [A-Z][\w.'’-]+){1,3}),"
            r"\s*((?:[^.!?]|(?<=\b[A-Z])\.){2,60})",
            text[lo:hi],
        )
        if m and len(m.group(1).split()) >= 6:
            ment = parse_np(text, lo + m.start(2), lo + m.end(2))
            if ment and ment.kind == "person":
                out.append(
                    _Found(
                        lo,
                        lo + m.end(1),
                        "direct",
                        "",
                        Mention(*[lo + m.start(2), lo + m.end(2)] * 2, "person", m.group(3)),
                    )
                )
    return out


_HEADLINE_SOURCE = re.compile(
    r"(?P<claim>[^:]{20,}?)\s*:\s+(?P<source>[A-Z][\w.'’&-]*(?:\s+[A-Z][\w.'’&-]*){0,3})"
)
# Headlinese attribution in a title or a cited headline: `"Document not secret, say feds" — CP`.
_HEADLINE_SAYS = re.compile(
    r"(?:^|(?<=[\"“]))(?P<claim>[A-Z][^\"“”:]{14,}?),\s+(?P<cue>says?|said|warns?|claims?)\s+"
    r"(?P<source>[A-Za-z][\w.'’&-]*(?:\s+[A-Z][\w.'’&-]*){0,3})(?=[\"”]|$)",
    re.MULTILINE,
)
_QUOTED_WORDS = re.compile(r"(?:^|\s)['‘\"“][\w][^'’\"”]*['’\"”](?=[\s,.:;!?]|$)")


def _headline_claims(text: str, paras: list[tuple[int, int]]) -> list[_Found]:
    """Agency headline `Russia 'close' to restoring relations with Taliban: Moscow`: a title
    line (no final punctuation) whose claim contains quoted words and that ends with ": Source"
    (a name) reports the source's words (a mixed quote with the cue ":")."""
    out = []
    for lo, hi in paras:
        if text[hi - 1] in ".!?\"”’'" or hi - lo > 200:
            continue
        said = _HEADLINE_SAYS.search(text, lo, hi)
        if said:
            ment = parse_np(text, said.start("source"), said.end("source"))
            if ment is not None and ment.kind != "pronoun":
                s, e = said.span("claim")
                out.append(
                    _Found(s, e, _kind(text, s, e), said["cue"], ment, cue_pos=said.start("cue"))
                )
                continue
        m = _HEADLINE_SOURCE.fullmatch(text, lo, hi)
        if not m or not _QUOTED_WORDS.search(m.group("claim")) or len(m["claim"].split()) < 4:
            continue
        ment = parse_np(text, m.start("source"), m.end("source"))
        if ment is None or ment.kind == "pronoun":
            continue
        colon = text.index(":", m.end("claim"))
        out.append(_Found(lo, m.end("claim"), "mixed", ":", ment, cue_pos=colon))
    return out


# --- indirect and mixed quotes ----------------------------------------------------------------


def _indirect(
    text: str, paras: list[tuple[int, int]], spans: list[_Span], skip: set[int], used_cues: set[int]
) -> list[_Found]:
    out: list[_Found] = []
    for i, (lo, hi) in enumerate(paras):
        if i in skip or (_is_caption(text, lo, hi) and not text[lo:hi].endswith(('"', "”"))):
            continue
        pspans = [s for s in spans if s.para == i]
        for s_lo, s_hi in _sentences(text, lo, hi, pspans):
            out += _reports_in_sentence(text, s_lo, s_hi, pspans, used_cues)
    return out


def _inside(pos: int, spans: list[_Span]) -> bool:
    return any(s.start <= pos < s.end for s in spans)


def _reports_in_sentence(
    text: str, lo: int, hi: int, spans: list[_Span], used_cues: set[int]
) -> list[_Found]:
    out: list[_Found] = []
    end = _content_end(text, lo, hi)
    acc = re.search(r"\b[Aa]ccording to\s+", text[lo:hi])
    if acc and not _inside(lo + acc.start(), spans) and lo + acc.start() not in used_cues:
        found = _according_to(text, lo, end, lo + acc.start(), lo + acc.end())
        out += [found] if found else []
    for cue in _cue_tokens(text, lo, hi):
        if cue.start() in used_cues or _inside(cue.start(), spans) or _negated(text, cue, lo):
            continue
        found = _report(text, lo, end, cue, spans)
        if found:
            out.append(found)
    for m in _NOUN_CUE.finditer(text, lo, end):
        if not _inside(m.start(), spans):
            ment = parse_np(text, m.start("source"), m.end("source"))
            c_end = _clip_content(text, m.start("content"), end, spans)
            if ment is not None and ment.kind != "pronoun" and c_end - m.start("content") >= 12:
                kind = _kind(text, m.start("content"), c_end)
                out.append(
                    _Found(m.start("content"), c_end, kind, m["cue"], ment, cue_pos=m.start("cue"))
                )
    return out


# Noun cues: "a World Health Organisation recommendation that all salt be iodised",
# "the UN's warning that ...": a named source, a speech noun and a "that" content clause.
_NOUN_CUE = re.compile(
    r"\b(?P<source>(?:[A-Z][\w.&-]*\s){0,5}[A-Z][\w.&-]*?)(?:'s|’s)?\s+"
    r"(?P<cue>(?:recommendation|warning|claim|assertion|insistence|promise|pledge|demand"
    r"|announcement|conclusion|allegation|proposal)s?)\s+(?P<content>that\s)"
)


def _content_end(text: str, lo: int, hi: int) -> int:
    """Sentence end without the final punctuation (quotation marks inside are kept)."""
    end = hi
    while end > lo and text[end - 1] in ".!?;, ":
        end -= 1
    return end


def _according_to(text: str, lo: int, end: int, a_start: int, a_end: int) -> _Found | None:
    """`According to X, CONTENT` / `CONTENT, according to X` / `which, according to X, CONTENT`."""
    comma = text.find(",", a_end, end)
    if text[lo:a_start].strip(" ,") and comma < 0:
        ment = parse_np(text, a_end, end)
        c_end = _clause_end_before(text, lo, a_start)
        c_start = _strip_intro(text, _clause_start_of(text, lo, c_end), c_end)
        if ment is None or c_end - c_start < 10:
            return None
        return _Found(c_start, c_end, _kind(text, c_start, c_end), "according to", ment)
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
    return _Found(c_start, end, _kind(text, c_start, end), "according to", ment, cue_pos=a_start)


def _clause_end_before(text: str, lo: int, pos: int) -> int:
    """End of the content before a trailing attribution at ``pos``: the comma is dropped unless a
    closing quotation mark follows it (`"...," he said` keeps `,"`)."""
    seg = text[lo:pos].rstrip()
    if seg.endswith(tuple(_CLOSE)) and seg[-2:-1] == ",":
        return lo + len(seg)
    return lo + len(seg.rstrip(","))


def _strip_intro(text: str, lo: int, hi: int) -> int:
    """Skip `By this time, ` before a content that is a quotation."""
    m = re.match(r"[A-Z][^,\"“]{0,40},\s*(?=[\"“«])", text[lo:hi])
    return lo + m.end() if m else lo


def _clause_start_of(text: str, lo: int, hi: int) -> int:
    start = lo
    for m in re.finditer(r"[;:]\s", text[lo:hi]):
        start = lo + m.end()
    return start


def _kind(text: str, lo: int, hi: int) -> str:
    inner = text[lo:hi]
    if inner[:1] in _OPEN and inner[-1:] in _CLOSE and not any(c in inner[1:-1] for c in '"“”«»'):
        return "direct"
    return "mixed" if any(c in inner for c in '"“”«»') else "indirect"


def _report(text: str, lo: int, end: int, cue: re.Match[str], spans: list[_Span]) -> _Found | None:
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
    c_start = _content_start(text, cue, end, lemma)
    if c_start is None:
        return None
    c_end = _clip_content(text, c_start, end, spans)
    if c_end - c_start < 8:
        return None
    # A quotation that is the whole content is a direct quote, found by _direct.
    first = next((s for s in spans if s.start == c_start), None)
    if first and first.end >= c_end - 1:
        return None
    return _Found(
        c_start, c_end, _kind(text, c_start, c_end), cue.group(), subject, cue_pos=cue.start()
    )


def _possessive(word: str) -> bool:
    """ "russia's", "officials'" (not the contractions "he's", "it's" = has/is)."""
    return word.endswith(("'s", "’s", "s'", "s’")) and word[:-2] not in _CONTRACTED


def _inverted(text: str, lo: int, end: int, cue: re.Match[str]) -> _Found | None:
    """`CONTENT, said Dmitry Medvedev, deputy head ..., on Tuesday.` / `CONTENT, researchers say.`"""
    head = text[lo : cue.start()]
    comma = head.rstrip().rfind(",")
    if comma < 0 or any(c in text[cue.end() : end] for c in _OPEN):
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
    c_end = _clause_end_before(text, lo, lo + comma + 1)
    c_start = _strip_intro(text, _clause_start_of(text, lo, c_end), c_end)
    if c_end - c_start < 15 or (text[c_start] in _OPEN and _kind(text, c_start, c_end) == "direct"):
        return None
    return _Found(
        c_start, c_end, _kind(text, c_start, c_end), cue.group(), ment, cue_pos=cue.start()
    )


def _content_start(text: str, cue: re.Match[str], end: int, lemma: str) -> int | None:
    """Where the reported content begins after the cue; None when the object is no clause."""
    ws = words(text, cue.end(), end)[:14]
    if not ws or ":" in text[cue.end() : ws[0].start()]:
        return None
    opener = next((i for i in range(cue.end(), ws[0].start()) if text[i] in _OPEN), None)
    if opener is not None:
        # `recommending "online translation tools" if needed`: a quotation continued by the
        # reporter's words is a mixed quote; a bare quotation is left to the direct pass.
        close = next((i for i in range(opener + 1, end) if text[i] in _CLOSE), end)
        tail = words(text, close + 1, end)
        if lemma in QUOTE_ONLY_VERBS.values() or lemma in AS_VERBS.values():
            return None  # `a print called "Cowboys and Indians" from 1987`: a title
        return opener if tail and tail[0].group().lower() not in _TAIL_STOP else None
    low = [m.group().lower() for m in ws]
    if lemma in AS_VERBS.values():
        j = low.index("as") + 1 if "as" in low[:8] else 0
        if not 0 < j < len(ws) - 1:
            return None  # "described the judgement as historic": a one-word label
        k = j + (low[j] in {"a", "an", "the", "its", "his", "her", "their"})
        if k < len(low) and low[k] in TITLES | KIN:
            return None  # "described him as a spokesman for ...": a role, not a claim
        return ws[j].start()
    if lemma in REQUEST_VERBS.values() and lemma not in CLAUSE_VERBS.values():
        for j, w in enumerate(low[:10]):
            if w == "to" or w in WH_WORDS - {"who", "which"}:
                return ws[j - 1 if j and low[j - 1] == "not" else j].start()
        return None
    if lemma in QUOTE_ONLY_VERBS.values() or low[0] in {"and", "but", "or"}:
        return None
    if "that" in low[:9]:
        j = low.index("that")
        gap = text[cue.end() : ws[j].start()]
        # Between cue and "that" only an addressee or adverbial may stand ("told the court that",
        # "announced on Friday that"); "announced the locations that" is a relative clause.
        object_np = (
            j and lemma not in ADDRESSEE_VERBS and low[0] not in _ADVERBIAL and low[0].islower()
        )
        if (
            not object_np
            and not any(w in FINITE_MARKERS for w in low[:j])
            and not re.search(r"[;:\"“]", gap)
        ):
            return ws[j].start()
    k = 0
    if lemma in ADDRESSEE_VERBS:
        k = _skip_addressee(ws)
        if k is None:
            return None
    # Skip a manner/time phrase closed by a comma: "said in a statement, ...".
    if k < len(ws) and low[k] in {"in", "on", "at", "during", "after", "via", "through", "to"}:
        comma = text.find(",", ws[k].start(), end)
        if comma < 0 or len(text[ws[k].start() : comma].split()) > 6:
            return None
        ws, k = words(text, comma + 1, end), 0
    rest = ws[k:]
    if not rest or (rest[0].group().lower() in WH_WORDS and lemma in THAT_ONLY):
        return rest[0].start() if rest else None
    lenient = lemma in LENIENT and not cue.group().endswith("ing")
    return rest[0].start() if _is_clause(rest, lenient) else None


def _skip_addressee(ws: list[re.Match[str]]) -> int | None:
    """Index of the first word after the addressee of "told/asked/warned X ..."."""
    low = [m.group().lower() for m in ws]
    if low[0] in {"him", "her", "them", "us", "me", "you", "reporters", "journalists"}:
        return 1
    if low[:2] in (["the", "police"], ["the", "press"], ["the", "media"], ["the", "court"]):
        return 2
    k = 1 if low[0] in {"the", "a"} else 0
    while k < len(ws) and (ws[k].group()[0].isupper() or low[k] in {"press", "media", "court"}):
        k += 1
    return k if k > 0 else None


def _is_clause(ws: list[re.Match[str]], lenient: bool) -> bool:
    """Does the complement look like a clause? After "said"/"told X" almost anything that is not
    a preposition is; other verbs need a finite verb after a short subject ("many are ...")."""
    low = [m.group().lower() for m in ws[:12]]
    if len(low) < 3 or low[0] in {
        "in",
        "on",
        "at",
        "to",
        "for",
        "with",
        "by",
        "about",
        "of",
        "nothing",
        "so",
        "goodbye",
        "hello",
        "yes",
        "no",
        "thanks",
    }:
        return False
    if lenient:
        return True
    for j, w in enumerate(low[1:], 1):
        if w in RELATIVE_WORDS:
            return False
        if w in FINITE_MARKERS or w.endswith("n't") or (w.endswith("ed") and j <= 6):
            return True
    return False


def _clip_content(text: str, start: int, end: int, spans: list[_Span]) -> int:
    """Cut the content at a following `: "..."` quotation, a coordinated report or clause."""
    cuts = [end]
    m = re.search(r"\s*:\s*[\"“«]", text[start:end])
    if m and not _inside(start + m.start(), spans):
        cuts.append(start + m.start())
    for c in re.finditer(r",?\s+and\s+(?:\w+\s+){0,2}?(\w+)", text[start:end]):
        if c.group(1).lower() in CLAUSE_VERBS and not _inside(start + c.start(), spans):
            cuts.append(start + c.start())
    for c in re.finditer(
        r",\s*(?:according to|but|with|whilst|while)\s|\s(?:whilst|while)\s", text[start:end]
    ):
        if not _inside(start + c.start(), spans):
            cuts.append(start + c.start())
    return min(cuts)


# --- interviews -------------------------------------------------------------------------------


def _is_question(text: str, lo: int, hi: int) -> bool:
    return text[lo:hi].rstrip('"”’ ').endswith("?") and len(text[lo:hi].split()) <= 60


def _interview_answers(text: str, paras: list[tuple[int, int]]) -> set[int]:
    """Answer paragraphs of a Q&A layout: at least three question paragraphs each followed by a
    non-question paragraph. Unlabelled answers are the interviewee's speech (README rule 8)."""
    questions = [i for i, (lo, hi) in enumerate(paras) if _is_question(text, lo, hi)]
    answered = [i for i in questions if i + 1 < len(paras) and i + 1 not in questions]
    if len(answered) < 3 or len(answered) < 0.6 * len(questions):
        return set()
    answers: set[int] = set()
    for i in range(questions[0] + 1, len(paras)):
        lo, hi = paras[i]
        if i - 1 in answers and text[paras[i - 1][1] - 1] == ":":
            answers.add(i)  # an answer introducing a poem or a list goes on, "?" or not
        elif i - 1 in answers and i + 1 < len(paras) and _continues(text, paras[i], i in questions):
            answers.add(i)  # a long unpunctuated line (a stanza) between answer paragraphs
        elif i not in questions and not _is_caption(text, lo, hi):
            answers.add(i)
    return answers


def _continues(text: str, para: tuple[int, int], question: bool) -> bool:
    """A paragraph inside an answer that looks like a caption (no final punctuation) but is long
    running text, such as a verse of a recited poem."""
    lo, hi = para
    return not question and not _CAPTION.search(text, lo, hi) and len(text[lo:hi].split()) >= 15


_NAME_ABOUT = re.compile(r":\s+([A-Z][\w.'’-]+(?:\s+[A-Z][\w.'’-]+){1,3})\s+(?:about|on|talks)\s")


def _interviewee(text: str, paras: list[tuple[int, int]], first_answer: int, title: str) -> str:
    """The interviewee: "Wikinews spoke with X" / "X: An interview with ..." in the intro or
    the title, else the most named person (by the fullest form of the name)."""
    intro_end = paras[first_answer][0]
    described = ""  # "An interview with the owners of a dungeon": no name, a description
    for source, lo, hi in ((text, 0, intro_end), (title, 0, len(title))):
        for m in _INTERVIEWEE.finditer(source, lo, hi):
            if m.group("lead"):  # "Frank Messina: An interview with the 'Mets Poet'"
                name = _full_name(source, m.start("lead"), m.end("lead"))
                obj = re.match(r"\s*with\s+(.+)", source[m.end() : hi])
                obj_text = obj.group(1) if obj else ""
            else:
                name = _full_name(source, m.start("obj"), m.end("obj"))
                obj_text = m.group("obj")
            obj_text = re.sub(r"^(?:the|a|an)\s+", "", obj_text.strip(), flags=re.I)
            if not described and obj_text[:1].islower() and len(obj_text.split()) <= 6:
                described = obj_text
            if name:
                return name
        about = _NAME_ABOUT.search(source, lo, hi)  # "...: Andrew Westphal about Stardust"
        if about and (name := _full_name(source, about.start(1), about.end(1))):
            return name
    if described:
        return described
    counts: dict[str, int] = {}
    fullest: dict[str, str] = {}
    lower = set(re.findall(r"\b[a-z]+\b", text))
    for lo, hi in paras[:first_answer] + [p for p in paras if _is_caption(text, *p)]:
        for run in name_runs(text, lo, hi):
            key = run[-1].group()
            if len(run) == 1 and (key.endswith("ing") or key.lower() in lower):
                continue  # "Operating the business": a capitalised common word, not a name
            counts[key] = counts.get(key, 0) + 1
            name = person_name(text, run)
            full = text[name[0].start() : name[-1].end()] if name else key
            if name and name[-1].group() == key and len(full) > len(fullest.get(key, "")):
                fullest[key] = full
    # A full name ("Frank Messina") beats a lone capitalised word, which must recur to count.
    ranked = sorted(counts, key=lambda k: (k in fullest, counts[k]), reverse=True)
    best = next((k for k in ranked if k in fullest or counts[k] >= 2), "")
    return fullest.get(best, best)


def _full_name(source: str, lo: int, hi: int) -> str:
    """The first person name (two or more words, not in quotation marks) in source[lo:hi]."""
    for run in name_runs(source, lo, hi):
        name = person_name(source, run)
        before = source[max(0, name[0].start() - 1) : name[0].start()] if name else ""
        if len(name) >= 2 and before not in _SINGLE + _OPEN:
            return source[name[0].start() : name[-1].end()]
    return ""


# --- resolution -------------------------------------------------------------------------------


def _dedupe(found: list[_Found]) -> list[_Found]:
    """One quote per span; a direct quote inside a mixed one, and a pronoun-subject report
    nested in another report ("said he believes ..."), belong to the enclosing quote."""
    seen: dict[tuple[int, int], _Found] = {}
    for f in found:
        seen.setdefault((f.start, f.end), f)
    reports = [f for f in seen.values() if f.kind != "direct"]

    def nested(f: _Found) -> bool:
        if f.mention is None:
            return False
        # Same speaker as the enclosing report: a pronoun, or a mention outside its content.
        same = f.mention.kind == "pronoun"
        return any(
            g is not f
            and g.start <= f.start
            and f.end <= g.end
            and (f.kind == "direct" or same or f.mention.head_start < g.start)
            for g in reports
        )

    return sorted((f for f in seen.values() if not nested(f)), key=lambda f: (f.start, f.end))


def _resolve(
    text: str, paras: list[tuple[int, int]], spans: list[_Span], found: list[_Found]
) -> list[Quote]:
    """Resolve mentions in document order; floating quotes take the latest speaker."""
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
            resolver.resolve(item)
            continue
        f: _Found = item
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
    return _headline_speakers(text, quotes, kinds)


_STOP = frozenset(
    [
        "the",
        "a",
        "an",
        "to",
        "of",
        "in",
        "on",
        "at",
        "for",
        "with",
        "and",
        "or",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "its",
        "it",
        "that",
        "this",
        "from",
        "by",
        "as",
    ]
)


def _content_words(text: str) -> set[str]:
    return {w for w in re.findall(r"[a-z0-9]+", text.lower()) if len(w) > 2 and w not in _STOP}


def _headline_speakers(text: str, quotes: list[Quote], kinds: list[str]) -> list[Quote]:
    """A headline claim credited to a place or institution ("...: Moscow") whose claim a body
    quote repeats is that quote's speaker's ("Russia is close to ..., said Dmitry Medvedev")."""
    for i, q in enumerate(quotes):
        if q.cue != ":" or kinds[i] == "person":
            continue
        claim = _content_words(text[q.start : q.end])
        for j in range(i + 1, min(len(quotes), i + 6)):
            other = quotes[j]
            shared = claim & _content_words(text[other.start : other.end])
            if kinds[j] == "person" and other.speaker and len(shared) >= 0.6 * len(claim):
                quotes[i] = replace(q, speaker=other.speaker, speaker_role=other.speaker_role)
                break
    return quotes


def _latest(resolver: SpeakerResolver, pos: int) -> Entity | None:
    for at, ent in reversed(resolver.history):
        if at < pos:
            return ent
    return None


def _outside_quotes(text: str, spans: list[_Span]) -> list[tuple[int, int]]:
    out, pos = [], 0
    for s in sorted(spans, key=lambda s: s.start):
        out.append((pos, s.start))
        pos = max(pos, s.end)
    out.append((pos, len(text)))
    return out


def _sentence_subjects(
    text: str, paras: list[tuple[int, int]], spans: list[_Span]
) -> list[tuple[int, Mention]]:
    """Sentence-initial name subjects of narrative paragraphs (antecedents for pronouns)."""
    out = []
    for i, (lo, hi) in enumerate(paras):
        if _is_caption(text, lo, hi):
            continue
        pspans = [s for s in spans if s.para == i]
        for s_lo, s_hi in _sentences(text, lo, hi, pspans):
            if _inside(s_lo, pspans):
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
