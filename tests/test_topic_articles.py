"""A question "What did X say about Y?" picks the articles about Y, then shows all of X's
quotes in them: a speaker's quotes in one news story are about that story, though many share no
words or much meaning with the question (costs, dates, reactions), and X's quotes in other
stories wait behind "more"."""

from __future__ import annotations

import json
from pathlib import Path

DREDGING = [
    "Porthallow council will dredge the harbour entrance this autumn, its leader announced.",
    "“Silt has narrowed the channel so much that the ferry can only sail at high tide,” said"
    " Ilse Varga, the council leader.",
    "Varga said the work would cost about two million pounds and take eleven weeks.",
    "“The fishermen asked us for this three winters ago, and they were right,” Varga added.",
    "She said the contractor would start in late September, after the sailing regatta.",
    "“I would rather spend the money once than patch it every spring,” she said.",
]
MEALS = [
    "Porthallow schools will serve free lunches to every pupil from January.",
    "“No child learns on an empty stomach,” Ilse Varga said at the town hall.",
    "Varga said the kitchens at two primary schools would be rebuilt first.",
]


def _article(doc_id: str, title: str, paragraphs: list[str]) -> str:
    return json.dumps(
        {
            "id": doc_id,
            "title": title,
            "date": "2026-05-04",
            "source": "Citebot test desk",
            "text": "\n\n".join(paragraphs),
        }
    )


def test_all_quotes_of_the_story_on_the_topic_come_first(make_bot, tmp_path: Path) -> None:
    path = tmp_path / "porthallow.jsonl"
    path.write_text(
        _article("harbour", "Harbour entrance to be dredged", DREDGING)
        + "\n"
        + _article("meals", "Free school lunches for all pupils", MEALS)
        + "\n",
        encoding="utf-8",
    )
    bot = make_bot()
    bot.ingest([path])
    answer = bot.ask("What did Ilse Varga say about dredging the harbour?")
    shown = [q.text for q in answer.quotes]
    assert {q.citation.article_id for q in answer.quotes} == {"harbour"}
    assert len(shown) == 5, shown
    assert any("regatta" in t for t in shown) and any("two million" in t for t in shown)
