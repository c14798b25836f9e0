"""Tell a news text's header (headline, agency line, dateline) and boilerplate from its body.

Pasted or scraped news starts with lines that are not content: site navigation ("Contact Us"),
the headline, an agency/section line ("Anadolu Agency WORLD"), a dateline ("Published May
28,2024") and photo credits ("(AA File Photo)"). They are recognised by shape, not by a list of
sites, and kept out of the indexed paragraphs; the text itself is never changed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from citebot.retrieval.articles.sentences import lines
from citebot.retrieval.models import Span

_MONTHS = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_WEEKDAY = r"(?:mon|tues|wednes|thurs|fri|satur|sun)day,?"
_DATE_PREFIX = r"(?:published|updated|posted|last updated|date|first published)\s*(?:on|:)?"
_DATE_BODY = (
    rf"(?:{_WEEKDAY}\s*)?(?:{_MONTHS}\s*\d{{1,2}}(?:st|nd|rd|th)?\s*,?\s*\d{{4}}"
    rf"|\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTHS}\s*,?\s*\d{{4}}|\d{{4}}-\d{{2}}-\d{{2}}"
    r"|\d{1,2}[./]\d{1,2}[./]\d{4})"
)
# A dateline: an optional "Published"/weekday prefix, a date, optionally a time; nothing else.
_DATELINE = re.compile(
    rf"^\s*(?:{_DATE_PREFIX}\s*)?({_DATE_BODY})(?:\s*[,|-]?\s*\d{{1,2}}[:.]\d{{2}}"
    r"(?:\s*[ap]\.?m\.?)?(?:\s*[A-Z]{2,4})?)?\s*$",
    re.IGNORECASE,
)
# Navigation and sharing chrome that scraped pages carry as lines of their own.
_CHROME = re.compile(
    r"^\s*(?:contact(?: us)?|about(?: us)?|home|menu|search|subscribe(?: now)?|sign (?:in|up)|"
    r"log ?in|register|share(?: this(?: article)?)?|print|email|advertisement|advert|"
    r"related(?: articles| news| stories)?|read more|more news|follow us.*|skip to (?:main )?content|"
    r"cookie (?:policy|settings)|privacy policy|terms(?: of (?:use|service))?|all rights reserved.*|"
    r"©.*|copyright .*|tags?:.*|listen to (?:this )?article.*)\s*$",
    re.IGNORECASE,
)
# Photo credits and captions: "(AA File Photo)", "Photo: Reuters", "Image: Mathias Krumbholz."
_CREDIT = re.compile(
    r"^\s*\(?[^()\n]{0,60}\b(?:photo|image|file photo|picture|illustration|credit)s?\b[^()\n]{0,60}\)?"
    r"\s*$|(?:^|\s)(?:photo|image|credit)s?\s*:\s*[^.]{1,80}\.?\s*$",
    re.IGNORECASE,
)
_BYLINE = re.compile(r"^\s*(?:by|from|reporting by|written by)\s+\S", re.IGNORECASE)
_SENTENCE_END = re.compile(r"[.!?…\"”’)]\s*$")


@dataclass(frozen=True)
class Layout:
    title: Span | None
    source: Span | None  # agency/section line, e.g. "Anadolu Agency WORLD"
    dateline: Span | None
    date_text: str  # the date part of the dateline, as written ("May 28,2024")
    body: list[Span]  # content paragraphs, in order


def is_boilerplate(line: str) -> bool:
    return bool(_CHROME.match(line) or (_CREDIT.search(line) and len(line.split()) <= 14))


def _looks_like_body(line: str) -> bool:
    """A content paragraph: a full sentence of some length, not a headline."""
    words = len(line.split())
    return words >= 25 or (words >= 8 and bool(_SENTENCE_END.search(line)))


def _source_line(line: str) -> bool:
    words = line.split()
    return 1 <= len(words) <= 6 and not _SENTENCE_END.search(line) and not line.endswith(":")


def analyse(text: str, with_header: bool = True) -> Layout:
    """Split ``text`` into header fields and body paragraphs (offsets only).

    ``with_header=False`` is for records whose title and date come from metadata: only a leading
    dateline and boilerplate lines are set aside, every other line is body.
    """
    title = source = dateline = None
    date_text = ""
    body: list[Span] = []
    in_header = True
    for span in lines(text):
        line = text[span.start : span.end]
        if is_boilerplate(line):
            continue
        if in_header and dateline is None and (m := _DATELINE.match(line)):
            dateline, date_text = span, m.group(1)
            continue
        if in_header and with_header and not _looks_like_body(line):
            if title is None:
                title = span
                continue
            if source is None and (_source_line(line) or _BYLINE.match(line)):
                source = span
                continue
        in_header = False
        body.append(span)
    if not body and title is not None:  # a one-paragraph text: its only line is content
        body, title = [title], None
    return Layout(title=title, source=source, dateline=dateline, date_text=date_text, body=body)
