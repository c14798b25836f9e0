"""An Answer as terminal output: the speaker and role styled, quotes set off with a hanging
indent, citations dim. The words come from the Answer's own lines (``quote_line``), so a quote is
shown exactly as it is stored; only the styling differs from the plain text."""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from citebot.bot.answering.answer import Answer, Choice, QuoteItem
from citebot.bot.answering.answer_text import marker_numbers, quote_line, source_line
from citebot.bot.terminal.sanitize import clean


def _item(bullet: Text, body: Text) -> Table:
    """``bullet`` in its own column, so wrapped lines stay under the text, not the bullet."""
    grid = Table.grid(padding=(0, 1))
    grid.add_column(no_wrap=True)
    grid.add_column(overflow="fold")
    grid.add_row(bullet, body)
    return grid


def _quote(item: QuoteItem, marker: int) -> Text:
    line = clean(quote_line(item))
    body = Text()
    if item.kind == "direct":
        body.append(line, style="quote")
    else:  # reported speech, "Speaker said: words": the article's words in italics, the rest dim
        at = line.rfind(clean(item.context.text if item.context else item.text))
        prefix = Text(line[: max(at, 0)], style="cue")
        if item.speaker:
            prefix.highlight_words([clean(item.speaker)], "speaker")
        body.append_text(prefix)
        body.append(line[max(at, 0) :], style="reported")
    body.append(f" [{marker}]", style="marker")
    return body


def _headline(answer: Answer) -> Text:
    text = Text(clean(answer.headline), style="headline")
    text.highlight_words([clean(q.speaker) for q in answer.quotes if q.speaker], "speaker")
    text.highlight_words([clean(q.speaker_role) for q in answer.quotes if q.speaker_role], "role")
    return text


def answer_view(
    answer: Answer, more_hint: str = "", clarify_hint: str = ""
) -> list[RenderableType]:
    """Renderables for ``answer``; ``more_hint`` says how to get the next page and
    ``clarify_hint`` how to answer an ask-back (both differ between the REPL, which replies,
    and a one-shot ``ask``, which asks again)."""
    citations = [q.citation for q in answer.quotes] + [e.citation for e in answer.evidence]
    numbers = marker_numbers(citations)
    out: list[RenderableType] = []
    if answer.headline:
        out.append(_headline(answer))
    for q in answer.quotes:
        out.append(
            _item(
                Text("•", "marker"),
                _quote(q, numbers[(q.citation.article_id, q.citation.paragraph)]),
            )
        )
    for e in answer.evidence:
        body = Text(clean(e.text))
        body.append(f" [{numbers[(e.citation.article_id, e.citation.paragraph)]}]", "marker")
        out.append(_item(Text("•", "marker"), body))
    if numbers:
        by_id = {s.article_id: s for s in answer.sources}
        lines = [  # "[n]" in its own column, the rest wrapped beside it
            _item(
                Text(f"[{n}]", "citation"),
                Text(clean(source_line(n, by_id[aid], para))[len(f"[{n}] ") :], "citation"),
            )
            for (aid, para), n in numbers.items()
        ]
        out.append(Group(Text(""), Text("Sources:", style="citation"), *lines))
    for n, choice in enumerate(answer.clarify, 1):  # "Which Brown?": one line per person
        out.append(_item(Text(f"{n}.", "marker"), _choice(choice)))
    if answer.clarify and clarify_hint:
        out.append(Text(f"({clarify_hint})", style="hint"))
    if answer.has_more and more_hint:
        out.append(Text(f"({more_hint})", style="hint"))
    return out


def _choice(choice: Choice) -> Text:
    text = Text(clean(choice.question))
    text.highlight_words([clean(choice.speaker)], "speaker")
    return text
