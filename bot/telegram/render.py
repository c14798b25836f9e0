"""Answers as Telegram HTML messages.

Telegram refuses a whole message for one stray ``<`` or ``&`` or an unclosed tag, and refuses
texts over 4096 characters. So every piece of article or user text goes through
``html.escape`` here and nowhere else, and a message is assembled from self-contained blocks
(each with balanced tags) that are packed into chunks under the limit; a block too long for one
message is split inside its text, with its tags repeated around every piece and its citation
marker kept whole on the last piece.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from html import escape

from citebot.bot.answering.answer import Answer, Evidence, QuoteItem, Source
from citebot.bot.answering.answer_text import marker_numbers, paragraph_label

MAX_MESSAGE = 4096
MAX_TITLE = 300
MAX_URL = 1000
MAX_BOLDED_HEADLINE = 1000  # longer headlines are shown as plain (splittable) text
_OPENING_MARKS = "\"“”„«»‘’'‹›「『"
_BREAKS = ("\n", ". ", "; ", ", ", " ")


def esc(text: str) -> str:
    return escape(text, quote=True)


def utf16_len(text: str) -> int:
    """Telegram counts UTF-16 code units; an emoji counts twice."""
    return len(text.encode("utf-16-le")) // 2


@dataclass(frozen=True)
class Block:
    """A self-contained part of a message. ``text`` is plain (escaped on rendering) and is the
    only part that may be split; ``before``/``after`` are HTML kept with the first/last piece;
    ``wrap`` tags surround every piece so no piece leaves a tag open."""

    text: str = ""
    before: str = ""
    after: str = ""
    wrap: tuple[str, str] = ("", "")
    gap: str = "\n\n"  # separator from the previous block in the same message

    def render(self, text: str, first: bool = True, last: bool = True) -> str:
        head = self.before if first else ""
        tail = self.after if last else ""
        return f"{head}{self.wrap[0]}{esc(text)}{tail}{self.wrap[1]}"

    def pieces(self, limit: int) -> list[str]:
        whole = self.render(self.text)
        if utf16_len(whole) <= limit:
            return [whole]
        budget = limit - utf16_len(self.render(""))
        if budget < 20:
            raise ValueError("block decorations leave no room for text")
        parts = split_text(self.text, budget)
        return [
            self.render(part, first=i == 0, last=i == len(parts) - 1)
            for i, part in enumerate(parts)
        ]


def split_text(text: str, budget: int) -> list[str]:
    """Cut plain text into pieces whose escaped form fits ``budget``, at the latest line,
    sentence, clause or word break in a piece's second half (a hard cut only without one)."""

    def fits(s: str) -> bool:
        return utf16_len(esc(s)) <= budget

    parts: list[str] = []
    while not fits(text):
        lo, hi = 1, len(text)
        while lo < hi:  # the longest prefix that fits
            mid = (lo + hi + 1) // 2
            if fits(text[:mid]):
                lo = mid
            else:
                hi = mid - 1
        cut = lo
        for mark in _BREAKS:
            at = text.rfind(mark, 0, lo)
            if at >= lo // 2:
                cut = at + len(mark)
                break
        parts.append(text[:cut].rstrip())
        text = text[cut:].lstrip()
    if text or not parts:
        parts.append(text)
    return parts


def pack(blocks: Iterable[Block], limit: int = MAX_MESSAGE) -> list[str]:
    """Join blocks into as few messages as fit, never splitting a block that fits whole."""
    chunks: list[str] = []
    current = ""
    for block in blocks:
        for i, piece in enumerate(block.pieces(limit)):
            gap = block.gap if i == 0 else "\n"
            candidate = f"{current}{gap}{piece}" if current else piece
            if utf16_len(candidate) <= limit:
                current = candidate
            else:
                chunks.append(current)
                current = piece
    if current:
        chunks.append(current)
    return chunks


# -- answers -----------------------------------------------------------------------------------


def _bold_names(text: str, names: Iterable[str]) -> tuple[str, set[str]]:
    """Escape ``text`` and bold the first mention of each name; returns the names bolded."""
    html = esc(text)
    bolded = set()
    for name in sorted({n for n in names if n}, key=len, reverse=True):
        e = esc(name)
        at = html.find(e)
        if at >= 0 and "<b>" not in html[max(0, at - 3) : at]:
            html = f"{html[:at]}<b>{e}</b>{html[at + len(e) :]}"
            bolded.add(name)
    return html, bolded


def _quote_text(item: QuoteItem) -> str:
    if item.kind == "direct" and item.text[:1] not in _OPENING_MARKS:
        return f"“{item.text}”"
    return item.text


def _quote_intro(item: QuoteItem, named: str) -> str:
    """The line above a quote: who said it, unless ``named`` (the speaker just named in bold)
    did; reported speech is marked as such, since its words are the article's."""
    speaker = item.speaker or "The article"
    if item.kind == "direct":
        return "" if speaker == named else f"<b>{esc(speaker)}</b>:"
    if speaker == named:
        return "<i>(reported speech)</i>"
    if item.cue.lower().startswith("according"):
        return f"According to <b>{esc(speaker)}</b>:"
    if not item.cue[:1].isalpha():  # no verb, or a headline's "Claim: Source"
        return f"<b>{esc(speaker)}</b>:"
    return f"<b>{esc(speaker)}</b> {esc(item.cue)}:"


def _marker(numbers: dict[tuple[str, int], int], article_id: str, paragraph: int) -> str:
    return f" [{numbers[(article_id, paragraph)]}]"


def _title_html(title: str, url: str) -> str:
    """The title, linked when the article has a (sane) web address."""
    if len(title) > MAX_TITLE:
        title = title[: MAX_TITLE - 1] + "…"
    if url.startswith(("http://", "https://")) and len(url) <= MAX_URL:
        return f'<a href="{esc(url)}">{esc(title)}</a>'
    return f"<i>{esc(title)}</i>"


def source_list(numbers: dict[tuple[str, int], int], sources: Sequence[Source]) -> list[Block]:
    """One line per article: its citation numbers, title (linked), source, date, paragraphs."""
    by_id = {s.article_id: s for s in sources}
    cited: dict[str, list[tuple[int, int]]] = {}
    for (article_id, paragraph), number in numbers.items():
        cited.setdefault(article_id, []).append((number, paragraph))
    blocks = []
    for article_id, refs in cited.items():
        label = "[" + ", ".join(str(n) for n, _ in refs) + "]"
        paragraphs = [p for _, p in refs]
        where = ", ".join(paragraph_label(p) for p in paragraphs)
        if len(paragraphs) > 1 and 0 not in paragraphs:
            where = "paragraphs " + ", ".join(str(p) for p in paragraphs)
        source = by_id.get(article_id)
        if source is None:
            blocks.append(Block(before=f"{label} ", text=where, gap="\n"))
            continue
        link = _title_html(source.title or source.article_id, source.url)
        meta = ", ".join(p for p in (source.source, source.published) if p)
        tail = f" — {meta} ({where})" if meta else f" ({where})"
        blocks.append(Block(before=f"{label} {link}", text=tail, gap="\n"))
    return blocks


def answer_blocks(answer: Answer) -> list[Block]:
    citations = [q.citation for q in answer.quotes] + [e.citation for e in answer.evidence]
    numbers = marker_numbers(citations)
    blocks: list[Block] = []
    named = ""  # the speaker last named in bold
    if answer.headline and len(answer.headline) <= MAX_BOLDED_HEADLINE:
        headline, bolded = _bold_names(answer.headline, (q.speaker for q in answer.quotes))
        blocks.append(Block(before=headline))
        if len(bolded) == 1:
            named = next(iter(bolded))
    elif answer.headline:
        blocks.append(Block(text=answer.headline))
    for q in answer.quotes:
        intro = _quote_intro(q, named)
        named = q.speaker or "The article"
        blocks.append(
            Block(
                before=f"{intro}\n" if intro else "",
                wrap=("<blockquote>", "</blockquote>"),
                text=_quote_text(q),
                after=_marker(numbers, q.citation.article_id, q.citation.paragraph),
            )
        )
    for e in answer.evidence:
        blocks.append(
            Block(
                before="• ",
                text=e.text,
                after=_marker(numbers, e.citation.article_id, e.citation.paragraph),
                gap="\n\n",
            )
        )
    if numbers:
        blocks.append(Block(before="<b>Sources</b>"))
        blocks += source_list(numbers, answer.sources)
    if not blocks:
        blocks.append(Block(text="I found nothing about that in my articles."))
    return blocks


def render_answer(answer: Answer, limit: int = MAX_MESSAGE) -> list[str]:
    """The answer as HTML messages, each under ``limit``."""
    return pack(answer_blocks(answer), limit)


def render_sources(
    answer: Answer, paragraphs: Sequence[Evidence], limit: int = MAX_MESSAGE
) -> list[str]:
    """The cited paragraphs in full, numbered as in the answer they belong to."""
    if not paragraphs:
        return [esc("No sources to show: ask a question first.")]
    citations = [q.citation for q in answer.quotes] + [e.citation for e in answer.evidence]
    numbers = marker_numbers(citations)
    by_id = {s.article_id: s for s in answer.sources}
    blocks = [Block(before="<b>Cited paragraphs</b>")]
    for p in paragraphs:
        c = p.citation
        number = numbers.get((c.article_id, c.paragraph))
        source = by_id.get(c.article_id)
        title = source.title if source and source.title else c.article_id
        label = f"[{number}] " if number else ""
        heading = f"<b>{label}</b>{_title_html(title, '')}, {esc(paragraph_label(c.paragraph))}\n"
        blocks.append(Block(before=heading, wrap=("<blockquote>", "</blockquote>"), text=p.text))
    return pack(blocks, limit)


# -- other messages ----------------------------------------------------------------------------


def render_start(bot_name: str, examples: Sequence[str], n_articles: int) -> str:
    lines = [
        f"Hi! I am <b>{esc(bot_name)}</b>. Ask me what people said in the news, and I answer "
        "with their exact words, each quote numbered and cited to its article.",
        "",
        f"I know {n_articles} article{'s' if n_articles != 1 else ''}.",
    ]
    if examples:
        lines += ["", "Try for example:"]
        lines += [f"• <code>{esc(q)}</code>" for q in examples]
    lines += ["", "Follow-ups work too (“and Lavrov?”). /help lists the commands."]
    return "\n".join(lines)


def render_help(is_admin: bool) -> str:
    lines = [
        "<b>How to use me</b>",
        "Send a question as a message (in groups: /ask, mention me or reply to me).",
        "Under an answer, <b>More</b> shows further quotes and <b>Sources</b> the cited "
        "paragraphs in full.",
        "",
        "/ask QUESTION — ask a question",
        "/sources — the articles I know",
        "/reset — forget our conversation",
        "/help — this message",
    ]
    if is_admin:
        lines += [
            "",
            "<b>Admin</b>: send a .txt, .md, .html, .json or .jsonl file to add articles, "
            "or <code>/add</code> followed by an article's text (or as a reply to it).",
        ]
    return "\n".join(lines)


def render_articles(articles: Sequence, limit: int = MAX_MESSAGE) -> list[str]:
    """``/sources``: the indexed articles (ArticleInfo-like: title, source, published, url, n_quotes)."""
    if not articles:
        return [esc("No articles are indexed yet.")]
    blocks = [Block(before=f"<b>Indexed articles ({len(articles)})</b>")]
    for a in articles:
        meta = ", ".join(p for p in (a.source, a.published) if p)
        blocks.append(
            Block(
                before="• " + _title_html(a.title or a.id, a.url),
                text=(f" — {meta}" if meta else "") + f" · {a.n_quotes} quotes",
                gap="\n",
            )
        )
    return pack(blocks, limit)


def render_ingest_report(report, limit: int = MAX_MESSAGE) -> list[str]:
    """What an upload added, replaced, skipped and why something failed."""
    blocks: list[Block] = []
    for verb, infos in (("Added", report.added), ("Replaced", getattr(report, "replaced", []))):
        for a in infos:
            title = esc((a.title or a.id)[:MAX_TITLE])
            blocks.append(
                Block(
                    before=f"{verb}: <b>{title}</b>", text=f" — {a.n_quotes} quotes found", gap="\n"
                )
            )
    for article_id in report.unchanged:
        blocks.append(Block(text=f"Already indexed, unchanged: {article_id}", gap="\n"))
    for alias, owner in getattr(report, "aliased", []):
        blocks.append(Block(text=f"{alias}: same text as {owner}, kept as its alias", gap="\n"))
    for error in report.errors:
        blocks.append(Block(before="⚠️ ", text=error, gap="\n"))
    if not blocks:
        blocks.append(Block(text="Nothing was added: no article found in that upload."))
    return pack(blocks, limit)
