"""A statement its attribution splits ("Tourism, Ruiz noted, has carried the island") is stored
as two quotes but answered as one item: the words as the article wrote them, never a bullet
that reads "Ruiz noted: Tourism". So is a run of quotations in one paragraph, and a page holds
ten such statements."""

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


# Eleven statements of one speaker, each split by its attribution; two quotation runs.
BERTHS = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth")
BERTHS += ("tenth", "eleventh")
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August")
MONTHS += ("September", "October", "November")
HARBOUR = "Harbour plans\n\n" + "".join(
    f'"The {n} berth will be rebuilt," port director Tomas Brenn said, "and it will reopen in'
    f' {month}."\n\n'
    for n, month in zip(BERTHS, MONTHS, strict=True)
)
RUNS = (
    "Dredging the channel\n\n"
    '"The channel silts up every winter," pilot Vera Lund said. "We dredge it twice a year.'
    ' It is never enough."\n\n'
    '"Nobody asked the pilots," Lund said. The board had met for three hours before the vote.'
    ' "We will ask for a second hearing."\n'
)


@pytest.fixture(scope="module")
def bot(tmp_path_factory: pytest.TempPathFactory, encoder):
    articles = {"budget.txt": ARTICLE, "harbour.txt": HARBOUR, "dredging.txt": RUNS}
    citebot = bot_over(tmp_path_factory.mktemp("parts"), articles, encoder)
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


def test_a_page_holds_ten_statements_not_ten_stored_parts(bot) -> None:
    conversation = bot.new_conversation()
    conversation.page_size = 10
    answer = conversation.ask("What did Tomas Brenn say?")
    assert len(answer.quotes) == 10 and all(len(q.parts) == 2 for q in answer.quotes)
    assert answer.has_more
    more = conversation.ask("more")
    assert [q.text.split()[1] for q in more.quotes] == ["eleventh"]


def test_a_run_of_quotations_is_one_item_with_its_attribution(bot) -> None:
    answer = bot.ask("What did Vera Lund say?")
    texts = [q.text for q in answer.quotes]
    assert (
        '"The channel silts up every winter," pilot Vera Lund said. "We dredge it twice a year.'
        ' It is never enough."'
    ) in texts
    run = next(q for q in answer.quotes if q.text.startswith('"The channel'))
    text = bot.library.article(run.citation.article_id).text
    assert [text[p.start : p.end] for p in run.parts] == [
        '"The channel silts up every winter,"',
        '"We dredge it twice a year. It is never enough."',
    ]
    # narration between two quotations: two items, not one with the narration in it
    assert '"Nobody asked the pilots,"' in texts
    assert '"We will ask for a second hearing."' in texts
