"""Interview answers: in a Q&A layout the unlabelled answers are the interviewee's speech.

The interviewee is named by the intro or the title ("Wikinews spoke with X"), else is the most
named person.
"""

from __future__ import annotations

import re

from citebot.retrieval.lexicons import PRESS
from citebot.retrieval.quotes.candidates import Candidate
from citebot.retrieval.quotes.layout import CAPTION, is_caption
from citebot.retrieval.quotes.marks import OPEN_MARKS, SINGLE_MARKS, opens_at
from citebot.retrieval.speakers.names import name_runs, person_name

_INTERVIEWEE = re.compile(
    r"(?:^(?P<lead>[^:\n]{3,60}):\s+(?:An?\s+)?[Ii]nterview\b"
    r"|(?:[Ii]nterview(?:s|ed)?(?:\s+with)?|Q\s?&\s?A\s+with|spoke (?:with|to)|talked (?:with|to)"
    r"|caught up with"
    r"|sat down with)\s+(?:the\s+)?(?P<obj>[^.;:\n]+))",
    re.MULTILINE,
)
_NAME_ABOUT = re.compile(r":\s+([A-Z][\w.'’-]+(?:\s+[A-Z][\w.'’-]+){1,3})\s+(?:about|on|talks)\s")


_MIN_QUESTION_SHARE = 0.25


def _is_question(text: str, lo: int, hi: int) -> bool:
    """A short paragraph ending in "?": an interviewer's question. A quoted question ("Do we
    have problems?" she asked the crowd) is someone's speech in a news story, not a Q&A."""
    para = text[lo:hi]
    return para.rstrip('"”’ ').endswith("?") and len(para.split()) <= 60 and not opens_at(text, lo)


def interview_answers(text: str, paras: list[tuple[int, int]]) -> set[int]:
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
        elif i not in questions and not is_caption(text, lo, hi):
            answers.add(i)
    # A Q&A alternates questions and answers; a story with a few rhetorical questions does not.
    return answers if len(questions) >= _MIN_QUESTION_SHARE * len(answers) else set()


def interview_quotes(
    text: str, paras: list[tuple[int, int]], answers: set[int], title: str
) -> list[Candidate]:
    """Each answer paragraph as a direct quote of the interviewee (README rule 8)."""
    if not answers:
        return []
    speaker = _interviewee(text, paras, min(answers), title)
    return [Candidate(*paras[i], "direct", floating=True, speaker=speaker) for i in sorted(answers)]


def _continues(text: str, para: tuple[int, int], question: bool) -> bool:
    """A paragraph inside an answer that looks like a caption (no final punctuation) but is long
    running text, such as a verse of a recited poem."""
    lo, hi = para
    return not question and not CAPTION.search(text, lo, hi) and len(text[lo:hi].split()) >= 15


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
            elif _press(m.group("obj")):
                continue  # `he spoke with senior writer Tom Reddy`: the interviewer
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
    for lo, hi in paras[:first_answer] + [p for p in paras if is_caption(text, *p)]:
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


def _press(words: str) -> bool:
    """Does the phrase name a journalist ("Leeds Herald reporter Tom Reddy")?"""
    return any(w.lower().rstrip("s") in PRESS for w in re.findall(r"[A-Za-z]+", words))


def _full_name(source: str, lo: int, hi: int) -> str:
    """The first person name (two or more words, not in quotation marks) in source[lo:hi]."""
    for run in name_runs(source, lo, hi):
        name = person_name(source, run)
        before = source[max(0, name[0].start() - 1) : name[0].start()] if name else ""
        if len(name) >= 2 and before not in SINGLE_MARKS + OPEN_MARKS:
            return source[name[0].start() : name[-1].end()]
    return ""
