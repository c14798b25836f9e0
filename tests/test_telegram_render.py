"""Telegram HTML rendering: what Telegram would accept, and what a reader sees."""

from __future__ import annotations

import re
from types import SimpleNamespace

from fake_bot_api import parse_telegram_html, visible_text
from hypothesis import given, settings
from hypothesis import strategies as st

from citebot.bot.answering.answer import Answer, Evidence, QuoteItem, Source
from citebot.bot.telegram.render import (
    Block,
    pack,
    render_answer,
    render_article_page,
    render_help,
    render_ingest_report,
    render_inline,
    render_sources,
    render_start,
    utf16_len,
)
from citebot.retrieval.models import Citation

NASTY = 'He said: "x < y && y > z" <b>not bold</b> &amp; Tom & Jerry </blockquote>'


def quote(text: str, speaker: str = "Dmitry Medvedev", paragraph: int = 2, kind: str = "direct"):
    return QuoteItem(
        text=text,
        speaker=speaker,
        cue="told",
        kind=kind,
        citation=Citation("a1", paragraph, 0, len(text)),
    )


def answer(quotes=(), evidence=(), headline="", url="https://example.com/a?x=1&y=2") -> Answer:
    return Answer(
        question="q",
        resolved_question="q",
        found=bool(quotes or evidence),
        answer="",
        quotes=list(quotes),
        evidence=list(evidence),
        sources=[Source("a1", "Russia & the <Taliban>", "Anadolu Agency", "2024-05-28", url)],
        headline=headline,
    )


def shown(chunks: list[str]) -> str:
    """What a user reads: each chunk must pass Telegram's parser."""
    for chunk in chunks:
        assert utf16_len(chunk) <= 4096
        visible_text(chunk, "HTML")
    return "\n".join(parse_telegram_html(c) for c in chunks)


def test_quotes_are_blockquoted_with_bold_speakers_citations_and_sources() -> None:
    a = answer(
        [quote("Now everything is different."), quote("Twenty years is long.", paragraph=3)],
        headline="Dmitry Medvedev, deputy head of the Security Council, said:",
    )
    [html] = render_answer(a)
    assert "<b>Dmitry Medvedev</b>, deputy head" in html
    assert "<blockquote>“Now everything is different.” [1]</blockquote>" in html
    assert "<blockquote>“Twenty years is long.” [2]</blockquote>" in html
    assert html.count("<b>Dmitry Medvedev</b>") == 1  # not repeated under its own headline
    link = '<a href="https://example.com/a?x=1&amp;y=2">Russia &amp; the &lt;Taliban&gt;</a>'
    assert f"[1, 2] {link} — Anadolu Agency, 2024-05-28 (paragraphs 2, 3)" in html
    text = shown([html])
    assert "Russia & the <Taliban>" in text


def test_speakers_are_named_when_they_change_and_reported_speech_is_marked_once() -> None:
    a = answer(
        [
            quote("One.", speaker="Ann Lee"),
            quote("she would go", speaker="Ann Lee", kind="indirect"),
            quote("Two.", speaker="Bo Chan", paragraph=3),
            quote("he would stay", speaker="Cy Dee", kind="indirect", paragraph=4),
        ],
        headline="Ann Lee said:",
    )
    [html] = render_answer(a)
    text = shown([html])
    legend = "Italics: reported speech, in the article's words."
    assert text.startswith(f"Ann Lee said:\n{legend}\n\n“One.” [1]\n\nshe would go [1]")
    assert "Bo Chan:\n“Two.” [2]" in text and "Cy Dee told:\nhe would stay [3]" in text
    assert "(paragraphs 2, 3, 4)" in text
    assert text.count("reported speech") == 1
    assert "<blockquote><i>she would go [1]</i></blockquote>" in html


def test_every_piece_of_article_text_is_escaped() -> None:
    a = answer(
        [quote(NASTY, speaker="A <b> & Co"), quote(NASTY, kind="indirect", speaker="B")],
        evidence=[],
        headline="Results for <script> & more:",
        url="",
    )
    text = shown(render_answer(a))
    assert text.count(NASTY) == 2
    assert "A <b> & Co" in text and "Results for <script> & more:" in text
    assert "B told:" in text


def test_evidence_and_a_source_without_url() -> None:
    e = Evidence("Kabulov said <nothing> & left.", 0.3, Citation("a1", 5, 0, 10))
    [html] = render_answer(answer(evidence=[e], url=""))
    assert "• Kabulov said &lt;nothing&gt; &amp; left. [1]" in html
    assert "<i>Russia &amp; the &lt;Taliban&gt;</i>" in html and "<a " not in html
    shown([html])


def test_nothing_found_still_says_something() -> None:
    text = shown(render_answer(answer(headline="I found no quotes from X.")))
    assert text == "I found no quotes from X."
    assert shown(render_answer(answer()))


def test_long_answers_split_between_whole_quotes_with_citations_intact() -> None:
    quotes = [quote(f"Quote number {i}: " + "word & <x> " * 40, paragraph=i) for i in range(1, 41)]
    chunks = render_answer(answer(quotes, headline="Medvedev said:"))
    assert len(chunks) > 3
    text = shown(chunks)
    for i in range(1, 41):
        assert f"Quote number {i}: " in text
        assert re.search(rf"\[{i}\]", text)
    for chunk in chunks:
        assert chunk.count("<blockquote>") == chunk.count("</blockquote>")


def test_a_quote_longer_than_a_message_is_split_inside_its_blockquote() -> None:
    words = [f"w{i}&<" for i in range(1500)]
    chunks = render_answer(answer([quote(" ".join(words))]))
    assert len(chunks) >= 3
    text = shown(chunks)
    assert all(w in text for w in words)
    assert text.count("[1]") >= 2  # the marker on the quote and in the source list, never cut
    assert chunks[-1].count("<blockquote>") <= 1


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.text(alphabet=st.sampled_from("ab <>&\"'\n😀é."), max_size=3000),
            st.sampled_from([("", ""), ("<blockquote>", "</blockquote>"), ("<b>", "</b>")]),
        ),
        max_size=8,
    ),
    st.integers(min_value=200, max_value=4096),
)
def test_packing_any_text_gives_valid_messages_under_the_limit(parts, limit) -> None:
    blocks = [Block(text=t, wrap=w, after=" [7]") for t, w in parts]
    chunks = pack(blocks, limit)
    for chunk in chunks:
        assert utf16_len(chunk) <= limit
        parse_telegram_html(chunk)
    visible = "".join(parse_telegram_html(c) for c in chunks)
    original = "".join(t for t, _ in parts)
    assert re.sub(r"\s", "", visible).replace("[7]", "") == re.sub(r"\s", "", original)


def test_long_quotes_fold_into_expandable_blockquotes() -> None:
    long = "word " * 150
    [html] = render_answer(answer([quote("Short."), quote(long.strip(), paragraph=3)]))
    assert "<blockquote>“Short.” [1]</blockquote>" in html
    assert html.count("<blockquote expandable>") == 1


def test_sources_highlight_the_quoted_words_inside_the_paragraph() -> None:
    text = 'Before it, "the quoted <words> & more," she said. Then "a second one".'
    first = text.index('"the')
    second = text.index('"a second')
    q1 = QuoteItem(
        text[first : text.index(" she")],
        "Ann",
        "said",
        "direct",
        Citation("a1", 2, 100 + first, 100 + text.index(" she")),
    )
    q2 = QuoteItem(
        text[second:], "Ann", "said", "direct", Citation("a1", 2, 100 + second, 100 + len(text))
    )
    a = answer([q1, q2])
    paragraph = Evidence(text, 1.0, Citation("a1", 2, 100, 100 + len(text)))
    [html] = render_sources(a, [paragraph])
    assert "<b>&quot;the quoted &lt;words&gt; &amp; more,&quot;</b> she said." in html
    assert "Then <b>&quot;a second one&quot;.</b>" in html
    assert "quoted words in bold" in shown([html])


def test_sources_show_cited_paragraphs_in_full_with_the_answers_numbers() -> None:
    a = answer([quote("One.", paragraph=2), quote("Two.", paragraph=4)])
    paragraphs = [
        Evidence("Full paragraph 2 with <tags> & stuff.", 1.0, Citation("a1", 2, 0, 1)),
        Evidence("Full paragraph 4.", 1.0, Citation("a1", 4, 0, 1)),
    ]
    chunks = render_sources(a, paragraphs)
    text = shown(chunks)
    assert "[1] Russia & the <Taliban>, paragraph 2\nFull paragraph 2 with <tags> & stuff." in text
    assert "[2] Russia & the <Taliban>, paragraph 4" in text
    assert shown(render_sources(a, []))


def test_other_messages_are_valid_html() -> None:
    start = render_start("Cite<bot>", ["What did Medvedev say?", "What did A & B say?"], 1)
    assert "What did A & B say?" in shown([start]) and "1 article." in shown([start])
    assert "/add" in shown([render_help(True)]) and "/add" not in shown([render_help(False)])
    info = SimpleNamespace(
        id="x1",
        title="Title <1> & co",
        source="AA",
        published="2024-05-28",
        url="http://e.com/?a&b",
        n_quotes=3,
    )
    html, pages = render_article_page([info] * 3, 0)
    assert pages == 1 and "Title <1> & co — AA, 2024-05-28 · 3 quotes" in shown([html])
    assert shown([render_article_page([], 0)[0]])
    report = SimpleNamespace(added=[info], replaced=[], unchanged=["y"], errors=["bad <file> & co"])
    text = shown(render_ingest_report(report))
    assert "Added: Title <1> & co — 3 quotes found" in text and "bad <file> & co" in text
    empty = SimpleNamespace(added=[], replaced=[], unchanged=[], errors=[])
    assert "Nothing was added" in shown(render_ingest_report(empty))
    many = [info] * 400
    pages = [render_article_page(many, n) for n in range(50)]
    assert {n for _, n in pages} == {50}
    assert shown([html for html, _ in pages]).count("Title <1> & co") == 400
    assert "page 50 of 50" in shown([render_article_page(many, 99)[0]])  # clamped
    huge = SimpleNamespace(
        **{**vars(info), "title": "T" * 300, "url": "https://e.com/" + "x" * 980}
    )
    assert shown([render_article_page([huge] * 8, 0)[0]]).count("T" * 300) == 8


def test_inline_results_are_short_verbatim_and_cited() -> None:
    a = answer([quote("Now everything is different."), quote("she would go", kind="indirect")])
    results = render_inline(a)
    assert [r.title for r in results] == ["Dmitry Medvedev", "Dmitry Medvedev (reported)"]
    assert len({r.id for r in results}) == 2 and all(len(r.id.encode()) <= 64 for r in results)
    text = shown([results[0].html])
    assert "“Now everything is different.”" in text
    assert "Russia & the <Taliban>, Anadolu Agency, 2024-05-28, paragraph 2" in text
    assert shown([results[1].html]).startswith("Dmitry Medvedev told:\nshe would go")
    [nothing] = render_inline(answer(headline="Nothing <here>."))
    assert nothing.title == "Nothing found" and shown([nothing.html]) == "Nothing <here>."
