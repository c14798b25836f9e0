"""A large ingest extracts quotes in worker processes; what it stores must not depend on that."""

from __future__ import annotations

from pathlib import Path

import pytest

from citebot.retrieval import library
from citebot.retrieval.quotes.extraction import extract_quotes
from citebot.retrieval.quotes.parse_workers import ParseWorkers

ARTICLES = [
    (
        "Harbour Board approves ferry timetable",
        'The harbour master, Ines Walcott, said the new timetable would "end the winter gaps".\n\n'
        "She added that two boats would run on Sundays.\n\n"
        '"We listened to the islanders," Walcott told reporters on Friday.',
    ),
    (
        "Orchard growers fear late frost",
        "Growers in the valley warned that a late frost could halve the apple crop.\n\n"
        'Farmer Tomas Reyl said: "Every night below zero costs us a week of picking."\n\n'
        "The cooperative said it would buy heaters for its members.",
    ),
    (
        "Library extends opening hours",
        'The city librarian, Mara Osei, said the reading rooms "belong to everyone, day and '
        'night".\n\nAccording to the council, the longer hours will cost little.',
    ),
]


def _write(folder: Path, copies: int) -> list[Path]:
    folder.mkdir()
    paths = []
    for n in range(copies):
        for i, (title, body) in enumerate(ARTICLES):
            path = folder / f"a{n:02d}_{i}.txt"
            # Each copy differs by its first line, so none is an alias of another.
            path.write_text(f"{title} (edition {n})\n\n{body}\n", encoding="utf-8")
            paths.append(path)
    return paths


def test_workers_give_the_quotes_extraction_gives_in_process(parser) -> None:
    articles = [(f"{title}\n\n{body}", title) for title, body in ARTICLES]
    pool = ParseWorkers(2)
    try:
        found = pool.submit(articles).result()
    finally:
        pool.close()
    assert found == [extract_quotes(text, title) for text, title in articles]
    assert all(found), "every article here has quotes"


def test_an_ingest_of_several_batches_stores_the_same_quotes_with_parse_workers(
    make_bot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Small batches make a few short articles a run of several batches, as a large corpus is.
    monkeypatch.setattr(library, "ENCODE_BATCH_PASSAGES", 6)
    paths = _write(tmp_path / "articles", 4)
    stored = []
    for workers in (0, 1):
        bot = make_bot(tmp_path / f"data-{workers}", parse_workers=workers)
        report = bot.ingest(paths)
        assert len(report.added) == len(paths)
        stored.append({p.stem: [s.quote for s in bot.library.quotes_in(p.stem)] for p in paths})
    assert stored[0] == stored[1]
    assert sum(map(len, stored[0].values())) >= 4 * len(ARTICLES)
