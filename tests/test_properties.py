"""Property tests on generated text: the article parser, the quote extractor and question
handling never raise, and every offset they return points into the text it came from.

CI runs a bounded budget; ``make fuzz`` raises it with CITEBOT_FUZZ_EXAMPLES.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from citebot.bot.answering.followups import Focus, rewrite
from citebot.bot.answering.question_parsing import parse_all
from citebot.retrieval.articles.layout import analyse
from citebot.retrieval.articles.loading import ArticleError, article_from_text
from citebot.retrieval.articles.passages import passages_of
from citebot.retrieval.quotes.extraction import extract_quotes

BUDGET = settings(
    max_examples=int(os.environ.get("CITEBOT_FUZZ_EXAMPLES", "100")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
_VOCABULARY = (
    "Medvedev said told added he she Putin the Taliban “ ” \" ' « » ‘ ’ : , . ? ! — According to "
    "spokesman Published May 28,2024 (AA Photo) Contact Us قال שלום 🙂 \u200b \u202e <b> & \t"
)
WORDS = st.sampled_from([*_VOCABULARY.split(" "), "\n", "\n\n", " "])
NEWSLIKE = st.lists(st.one_of(WORDS, st.text(max_size=8)), max_size=120).map(" ".join)
TEXT = st.one_of(NEWSLIKE, st.text(max_size=400))


def _inside(start: int, end: int, text: str) -> bool:
    return 0 <= start <= end <= len(text)


@BUDGET
@given(TEXT, st.booleans())
def test_layout_spans_lie_inside_the_text(text: str, with_header: bool) -> None:
    layout = analyse(text, with_header=with_header)
    spans = [layout.title, layout.source, layout.dateline, *layout.body]
    assert all(_inside(s.start, s.end, text) for s in spans if s is not None)


@BUDGET
@given(TEXT, st.sampled_from(["", "Bridge reopens"]))
def test_articles_passages_and_quotes_are_slices_of_the_text(text: str, title: str) -> None:
    try:
        article = article_from_text(text, "a", title=title)
    except ArticleError as e:
        assert "\n" not in str(e)
        return
    assert article.text == text
    for p in [*article.paragraphs, *passages_of(article)]:
        assert _inside(p.start, p.end, text) and p.start < p.end
    for q in extract_quotes(text, article.title):
        assert _inside(q.start, q.end, text) and q.start < q.end
        if q.speaker_start is not None:
            assert _inside(q.speaker_start, q.speaker_end or -1, text)


@BUDGET
@given(TEXT, st.sampled_from(["", "Dmitry Medvedev"]))
def test_question_parsing_and_follow_ups_never_raise(question: str, entity: str) -> None:
    readings = parse_all(question)
    assert readings and readings[-1].kind == "factoid"
    rewrite(question, Focus(question="What did Medvedev say?", subject="Medvedev", entity=entity))


@BUDGET
@given(st.one_of(NEWSLIKE.map(lambda s: "What did " + s), TEXT))
def test_any_question_gets_an_answer_whose_quotes_are_verbatim(seed_bot, question: str) -> None:
    answer = seed_bot.new_conversation().ask(question)
    assert answer.answer
    for item in [*answer.quotes, *answer.evidence]:
        text = seed_bot.library.article(item.citation.article_id).text
        assert text[item.citation.start : item.citation.end] == item.text
