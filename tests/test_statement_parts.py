"""A statement its attribution splits ("Tourism, Ruiz noted, has carried the island") is stored
as two quotes but answered as one item: the words as the article wrote them, never a bullet
that reads "Ruiz noted: Tourism"."""

from __future__ import annotations

import pytest

from tests.conftest import bot_over

ARTICLE = (
    "Island budget\n\n"
    "Nadia Ruiz, the island's treasurer, presented the budget on Monday. Tourism, Ruiz noted,"
    " has long carried the island through hard winters.\n\n"
    '"We will not raise the ferry fares," Ruiz said, "and we will not close the clinic."\n\n'
    '"The night ferry stays," Ms. Ruiz told the council, "and so does the winter timetable."\n'
)


@pytest.fixture(scope="module")
def bot(tmp_path_factory: pytest.TempPathFactory, encoder):
    citebot = bot_over(tmp_path_factory.mktemp("parts"), {"budget.txt": ARTICLE}, encoder)
    yield citebot
    citebot.close()


def test_a_split_statement_is_one_item_with_its_attribution(bot) -> None:
    answer = bot.ask("What did Nadia Ruiz say?")
    split = [q for q in answer.quotes if q.parts and q.kind != "direct"]
    assert [q.text for q in split] == [
        "Tourism, Ruiz noted, has long carried the island through hard winters"
    ]
    assert "Nadia Ruiz: Tourism, Ruiz noted, has long carried" in answer.answer
    text = bot.library.article(split[0].citation.article_id).text
    assert text[split[0].citation.start : split[0].citation.end] == split[0].text
    assert [text[p.start : p.end] for p in split[0].parts] == [
        "Tourism",
        "has long carried the island through hard winters",
    ]
    assert "noted: Tourism\n" not in answer.answer


def test_a_split_quotation_is_one_item_in_the_words_of_the_article(bot) -> None:
    answer = bot.ask("What did Nadia Ruiz say?")
    direct = [q for q in answer.quotes if q.kind == "direct"]
    assert [q.text for q in direct] == [
        '"We will not raise the ferry fares," Ruiz said, "and we will not close the clinic."',
        # the full stop of a title is no sentence between the parts
        '"The night ferry stays," Ms. Ruiz told the council, "and so does the winter timetable."',
    ]
    text = bot.library.article(direct[0].citation.article_id).text
    assert [text[p.start : p.end] for p in direct[0].parts] == [
        '"We will not raise the ferry fares,"',
        '"and we will not close the clinic."',
    ]
    assert (
        '• "We will not raise the ferry fares," Ruiz said, "and we will not close the clinic." [2]'
        in answer.answer
    )
