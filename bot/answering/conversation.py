"""One conversation's memory (a REPL session or a Telegram chat): follow-ups and paging.

The front ends keep one Conversation per chat and call ``ask``; everything they show comes
from the Answer it returns.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from citebot.bot.answering.answer import (
    Answer,
    Choice,
    DisplayContext,
    Evidence,
    QuoteItem,
    Source,
)
from citebot.bot.answering.answer_text import build_answer
from citebot.bot.answering.composer import Composer, Findings
from citebot.bot.answering.followups import Focus, is_more, rewrite, who_else
from citebot.bot.answering.genders import speaker_gender
from citebot.bot.answering.question_parsing import parse_all
from citebot.bot.answering.state_codec import StateError, decode, encode, register
from citebot.retrieval.models import Citation, Quote, StoredQuote
from citebot.retrieval.speakers.search import match_speakers

MAX_FOCUS_ITEMS = 20  # speakers and articles a follow-up remembers of one answer


@dataclass
class _Paging:
    question: str
    resolved: str
    findings: Findings
    shown: int = 0
    page: int = 0


@dataclass(frozen=True)
class PageMark:
    """How far an answer was paged: enough to take it up again ("more" replying to it in a
    chat) without keeping its findings (a prolific speaker's run to thousands of quotes)."""

    question: str
    resolved: str
    shown: int
    page: int


def _choices(resolved: str, typed: str, candidates: list[tuple[str, str]]) -> list[Choice]:
    """The question again for each candidate, the ambiguous name replaced by the full one."""
    pattern = re.compile(re.escape(typed), re.IGNORECASE)
    return [
        Choice(name, role, pattern.sub(lambda _, n=name: n, resolved, count=1))
        for name, role in candidates
    ]


def _chosen(text: str, choices: list[Choice]) -> Choice | None:
    """The choice a reply to "Which Brown?" picks: its number, or a name only one matches."""
    reply = text.strip().rstrip(".").strip()
    if reply.isdigit():
        n = int(reply)
        return choices[n - 1] if 1 <= n <= len(choices) else None
    picked = match_speakers(reply, [c.speaker for c in choices])
    return next(c for c in choices if c.speaker == picked[0]) if len(picked) == 1 else None


@dataclass
class Conversation:
    composer: Composer
    page_size: int = 5
    max_question_chars: int = 2000  # longer "questions" are pasted articles; they only cost time
    focus: Focus = field(default_factory=Focus)
    shown_quotes: set[int] = field(default_factory=set)
    _paging: _Paging | None = None
    _last: Answer | None = None
    _choices: list[Choice] = field(default_factory=list)  # after "Which Brown?"

    def reset(self) -> None:
        self.focus = Focus()
        self.shown_quotes.clear()
        self._paging = None
        self._last = None
        self._choices = []

    def to_state(self) -> dict:
        """What this conversation remembers, as JSON: another process can continue it."""
        return encode(
            {
                "focus": self.focus,
                "shown_quotes": self.shown_quotes,
                "paging": self._paging,
                "last": self._last,
                "choices": self._choices,
            }
        )

    def restore(self, state: dict) -> None:
        """Continue from ``to_state``'s output; a state this release cannot read (written by
        another version) starts the conversation afresh instead of failing."""
        try:
            saved = decode(state)
            focus, shown, paging, last, choices = (
                saved["focus"],
                saved["shown_quotes"],
                saved["paging"],
                saved["last"],
                saved["choices"],
            )
        except (StateError, KeyError, TypeError):
            self.reset()
            return
        self.focus, self.shown_quotes, self._paging, self._last = focus, shown, paging, last
        self._choices = choices

    def ask(self, text: str, about: Focus | None = None) -> Answer:
        """Answer ``text``; a follow-up is read against ``about`` (what an earlier answer was
        about: a Telegram reply to that answer) instead of the latest question, if given."""
        text = text.strip()
        if about is not None:
            self.focus = about
        if len(text) > self.max_question_chars:
            notice = (
                f"That question is too long ({len(text):,} characters; the limit is "
                f"{self.max_question_chars:,}). Please shorten it."
            )
            return Answer(text[:200], "", False, notice, headline=notice)
        if is_more(text):
            return self.more(text)
        if self._choices and (choice := _chosen(text, self._choices)):
            text = choice.question
        self._choices = []
        if (named := who_else(text)) is not None and (named or self.focus.question):
            return self._others(text, named)
        library = self.composer.library
        resolved = rewrite(text, self.focus, lambda name: speaker_gender(library, name))
        readings = parse_all(resolved)
        findings = self.composer.find(readings[0], resolved, readings)
        if findings.kind == "quotes" and any(r.more_of_same for r in readings):
            unseen = [q for q in findings.quotes if q.id not in self.shown_quotes]
            if not unseen:
                findings = Findings(
                    "none",
                    headline=f"That is all my sources report from {findings.speakers[0]}.",
                    speakers=findings.speakers,
                    entity=findings.entity,
                )
            else:
                findings.quotes = unseen
        if findings.kind == "clarify":
            self._choices = _choices(resolved, findings.entity, findings.candidates)
            self.focus = Focus(question=resolved)  # nobody to refer to until one is chosen
            self._paging = _Paging(text, resolved, findings)
            return self._page()
        subject = next((r.speaker for r in readings if r.kind == "speaker"), "") or findings.entity
        entity = findings.entity or self.focus.entity
        earlier = (self.focus.entity, *self.focus.earlier) if entity != self.focus.entity else ()
        self.focus = Focus(
            question=resolved,
            subject=subject,
            entity=entity,
            earlier=(earlier or self.focus.earlier)[:5],
            speakers=tuple(findings.speakers[:MAX_FOCUS_ITEMS]),
            articles=tuple(dict.fromkeys(q.article_id for q in findings.quotes))[:MAX_FOCUS_ITEMS],
        )
        self._paging = _Paging(text, resolved, findings)
        return self._page()

    def _others(self, text: str, named: str) -> Answer:
        """Other speakers than the last answer's on the topic named, else on what the last
        question was about: its topic, else the articles its answer quoted."""
        topic = named or parse_all(self.focus.question)[0].topic
        findings = self.composer.others_on(
            topic, list(self.focus.speakers), list(self.focus.articles)
        )
        asked = f"Who else commented on {topic}?" if topic else text
        self._paging = _Paging(text, asked, findings)
        return self._page()

    def position(self) -> PageMark | None:
        """Where the last answer's paging stands (None before any answer)."""
        p = self._paging
        return None if p is None else PageMark(p.question, p.resolved, p.shown, p.page)

    def resume(self, mark: PageMark) -> None:
        """Take up an earlier answer's paging, so the next "more" continues it: its findings
        are made again from its resolved question (answers are deterministic for the same
        index and question), and the items it showed stay shown."""
        p = self._paging
        if p is not None and (p.resolved, p.shown, p.page) == (
            mark.resolved,
            mark.shown,
            mark.page,
        ):
            return  # it is the last answer
        readings = parse_all(mark.resolved)
        findings = self.composer.find(readings[0], mark.resolved, readings)
        shown = mark.shown
        if findings.kind == "quotes" and any(r.more_of_same for r in readings):
            # "What else did X say?": what is still unseen, whichever answer showed the rest
            findings.quotes = [q for q in findings.quotes if q.id not in self.shown_quotes]
            shown = 0
        self._paging = _Paging(mark.question, mark.resolved, findings, shown, mark.page)

    def more(self, text: str = "more") -> Answer:
        if self._paging is None or self._paging.shown >= self._items(self._paging.findings):
            return Answer(
                text,
                text,
                False,
                "There is nothing more to show.",
                headline="There is nothing more to show.",
            )
        self._paging.question = text
        return self._page()

    def sources(self) -> list[Evidence]:
        """The cited paragraphs of the last answer, in full."""
        if self._last is None:
            return []
        seen: dict[tuple[str, int], Evidence] = {}
        cited = [q.citation for q in self._last.quotes] + [e.citation for e in self._last.evidence]
        library = self.composer.library
        for c in cited:
            if (c.article_id, c.paragraph) in seen:
                continue
            article = library.article(c.article_id)
            spans = article.paragraphs
            span = article.title_span if c.paragraph == 0 else spans[c.paragraph - 1]
            if span is None:
                continue
            seen[(c.article_id, c.paragraph)] = Evidence(
                article.text[span.start : span.end],
                1.0,
                Citation(c.article_id, c.paragraph, span.start, span.end),
            )
        return list(seen.values())

    def _statements_end(self, quotes: list[StoredQuote], start: int, size: int) -> int:
        """Where a page of ``size`` statements that starts at ``quotes[start]`` ends: a
        statement's parts (quote_parts) are one item and are shown on one page."""
        end = start
        for _ in range(size):
            if end >= len(quotes):
                break
            end += 1
            while end < len(quotes) and self.composer.continues(quotes[end - 1], quotes[end]):
                end += 1
        return end

    @staticmethod
    def _items(findings: Findings) -> int:
        return len(findings.quotes) or len(findings.evidence)

    def _page(self) -> Answer:
        paging = self._paging
        assert paging is not None
        f = paging.findings
        size = self.page_size
        if paging.shown == 0 and f.on_topic:
            size = min(size, f.on_topic)
        f.quotes = self.composer.parts_together(f.quotes)  # the same order on every page
        start = paging.shown
        end = self._statements_end(f.quotes, start, size) if f.quotes else start + size
        quotes = f.quotes[start:end]
        evidence = f.evidence[start:end] if not f.quotes else []
        paging.shown = end
        paging.page += 1
        self.shown_quotes.update(q.id for q in quotes)
        answer = build_answer(
            self.composer.library,
            question=paging.question,
            resolved=paging.resolved,
            headline=f.headline,
            quotes=self.composer.items(quotes, f.copies),
            evidence=evidence,
            has_more=end < self._items(f),
            page=paging.page,
            clarify=self._choices,
        )
        self._last = answer
        return answer


register(
    Focus,
    _Paging,
    Findings,
    StoredQuote,
    Quote,
    Evidence,
    Citation,
    Answer,
    QuoteItem,
    Source,
    DisplayContext,
    Choice,  # the ask-back's candidates ("Which Brown?") are part of the state too
    PageMark,
)
