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
EXPANDABLE_CHARS = 500  # longer quotes and paragraphs fold into an expandable blockquote
ARTICLES_PER_PAGE = 8  # /sources: one page per message, paged with Prev/Next
REPORTED_LEGEND = "<i>Italics: reported speech, in the article's words.</i>"
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
    return item.context.text if item.context else item.text


def _quote_intro(item: QuoteItem, named: str) -> str:
    """The line above a quote: who said it, unless ``named`` (the speaker just named in bold)
    did. Reported speech is set in italics (see REPORTED_LEGEND), not labelled each time."""
    speaker = item.speaker or "The article"
    if speaker == named:
        return ""
    if item.kind == "direct" or item.parts:  # parts: the attribution is in the words shown
        return f"<b>{esc(speaker)}</b>:"
    if item.context is not None:  # the cue and its object open the quote itself
        return f"<b>{esc(speaker)}</b>"
    if item.cue.lower().startswith("according"):
        return f"According to <b>{esc(speaker)}</b>:"
    if not item.cue[:1].isalpha():  # no verb, or a headline's "Claim: Source"
        return f"<b>{esc(speaker)}</b>:"
    return f"<b>{esc(speaker)}</b> {esc(item.cue)}:"


def _blockquote(text: str, italic: bool = False) -> tuple[str, str]:
    """Tags around a quote or paragraph: long ones fold (Telegram's expandable blockquote)."""
    opening = "<blockquote expandable>" if len(text) > EXPANDABLE_CHARS else "<blockquote>"
    return (opening + "<i>", "</i></blockquote>") if italic else (opening, "</blockquote>")


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
    if any(q.kind != "direct" for q in answer.quotes):
        blocks.append(Block(before=REPORTED_LEGEND, gap="\n"))
    for q in answer.quotes:
        intro = _quote_intro(q, named)
        named = q.speaker or "The article"
        text = _quote_text(q)
        blocks.append(
            Block(
                before=f"{intro}\n" if intro else "",
                wrap=_blockquote(text, italic=q.kind != "direct"),
                text=text,
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
    for n, choice in enumerate(answer.clarify, 1):  # also answerable by replying the number
        blocks.append(Block(before=f"{n}. ", text=choice.question, gap="\n\n" if n == 1 else "\n"))
    if not blocks:
        blocks.append(Block(text="I found nothing about that in my articles."))
    return blocks


def render_answer(answer: Answer, limit: int = MAX_MESSAGE) -> list[str]:
    """The answer as HTML messages, each under ``limit``."""
    return pack(answer_blocks(answer), limit)


def highlighted(paragraph: Evidence, quotes: Sequence[QuoteItem]) -> str:
    """The paragraph as HTML with the quoted words in bold (quotes are article offsets, so
    the words marked are exactly those the answer quoted)."""
    c = paragraph.citation
    spans = sorted(
        (max(q.citation.start, c.start) - c.start, min(q.citation.end, c.end) - c.start)
        for q in quotes
        if q.citation.article_id == c.article_id
        and q.citation.start < c.end
        and q.citation.end > c.start
    )
    html, at = [], 0
    for start, end in spans:
        start = max(start, at)
        if start >= end:
            continue
        html += [esc(paragraph.text[at:start]), f"<b>{esc(paragraph.text[start:end])}</b>"]
        at = end
    html.append(esc(paragraph.text[at:]))
    return "".join(html)


def render_sources(
    answer: Answer, paragraphs: Sequence[Evidence], limit: int = MAX_MESSAGE
) -> list[str]:
    """The cited paragraphs in full, numbered as in the answer they belong to, with the
    quoted words in bold (a paragraph too long for one message is split, unmarked)."""
    if not paragraphs:
        return [esc("No sources to show: ask a question first.")]
    citations = [q.citation for q in answer.quotes] + [e.citation for e in answer.evidence]
    numbers = marker_numbers(citations)
    by_id = {s.article_id: s for s in answer.sources}
    legend = " (quoted words in bold)" if answer.quotes else ""
    blocks = [Block(before=f"<b>Cited paragraphs</b>{legend}")]
    for p in paragraphs:
        c = p.citation
        number = numbers.get((c.article_id, c.paragraph))
        source = by_id.get(c.article_id)
        title = source.title if source and source.title else c.article_id
        label = f"[{number}] " if number else ""
        heading = f"<b>{label}</b>{_title_html(title, '')}, {esc(paragraph_label(c.paragraph))}\n"
        opening, closing = _blockquote(p.text)
        marked = f"{heading}{opening}{highlighted(p, answer.quotes)}{closing}"
        if utf16_len(marked) <= limit:
            blocks.append(Block(before=marked))
        else:
            blocks.append(Block(before=heading, wrap=(opening, closing), text=p.text))
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


def render_article_page(
    articles: Sequence, page: int, per_page: int = ARTICLES_PER_PAGE, links: bool = True
) -> tuple[str, int]:
    """``/sources``: one page of the indexed articles (ArticleInfo-like: title, source,
    published, url, n_quotes) as one message, and the number of pages. ``page`` is clamped,
    so a button pressed after articles were removed still shows something."""
    if not articles:
        return esc("No articles are indexed yet."), 1
    pages = -(-len(articles) // per_page)
    page = min(max(page, 0), pages - 1)
    where = f" — page {page + 1} of {pages}" if pages > 1 else ""
    blocks = [Block(before=f"<b>Indexed articles ({len(articles)})</b>{esc(where)}")]
    for a in articles[page * per_page : (page + 1) * per_page]:
        meta = ", ".join(p for p in (a.source, a.published) if p)
        blocks.append(
            Block(
                before="• " + _title_html(a.title or a.id, a.url if links else ""),
                text=(f" — {meta}" if meta else "") + f" · {a.n_quotes} quotes",
                gap="\n",
            )
        )
    chunks = pack(blocks)
    if len(chunks) > 1:  # only with absurdly long links: show the page without them
        return render_article_page(articles, page, per_page, links=False)
    return chunks[0], pages


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


# -- inline mode -------------------------------------------------------------------------------


@dataclass(frozen=True)
class InlineResult:
    """One result of an inline query: what the picker shows and the message it sends."""

    id: str
    title: str
    description: str
    html: str


MAX_INLINE_RESULTS = 5
MAX_DESCRIPTION = 120


def _citation_line(source: Source | None, paragraph: int) -> str:
    if source is None:
        return ""
    meta = ", ".join(p for p in (source.source, source.published) if p)
    where = esc(paragraph_label(paragraph))
    return f"— {_title_html(source.title or source.article_id, source.url)}" + (
        f", {esc(meta)}, {where}" if meta else f", {where}"
    )


def render_inline(answer: Answer) -> list[InlineResult]:
    """``@bot what did X say``: each of the first quotes (or evidence sentences) as a short
    message, the words verbatim and cited to title, source, date and paragraph; a result that
    would not fit one message is left out rather than cut."""
    by_id = {s.article_id: s for s in answer.sources}
    results: list[InlineResult] = []
    items = [(q.text, q.citation, q) for q in answer.quotes] + [
        (e.text, e.citation, None) for e in answer.evidence
    ]
    for text, c, q in items:
        if len(results) == MAX_INLINE_RESULTS:
            break
        cite = _citation_line(by_id.get(c.article_id), c.paragraph)
        if q is not None:
            shown = _quote_text(q)
            intro = _quote_intro(q, "")
            opening, closing = _blockquote(shown, italic=q.kind != "direct")
            html = f"{intro}\n{opening}{esc(shown)}{closing}\n{cite}"
            title = f"{q.speaker or 'The article'}" + ("" if q.kind == "direct" else " (reported)")
        else:
            html = f"{esc(text)}\n{cite}"
            title = "From the articles"
        if utf16_len(html) > MAX_MESSAGE:
            continue
        description = text if len(text) <= MAX_DESCRIPTION else text[: MAX_DESCRIPTION - 1] + "…"
        results.append(
            InlineResult(f"{c.article_id[:40]}:{c.start}:{c.end}", title, description, html)
        )
    if not results:
        reason = answer.headline or "I found nothing about that in my articles."
        results.append(InlineResult("nothing", "Nothing found", reason, esc(reason)))
    return results
