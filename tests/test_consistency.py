"""``citebot check`` finds what is out of step between the store, BM25 and the vector file, and
``check --repair`` rebuilds it from the stored texts."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import faiss
import pytest

from citebot.retrieval.consistency import check, repair
from tests.conftest import SEED
from tests.test_cli import citebot


@pytest.fixture
def damaged(make_bot, tmp_path: Path):
    """A real index of the seed article, then damaged behind the library's back."""
    data = tmp_path / "data"
    bot = make_bot(data)
    bot.ingest([SEED])
    assert check(bot.library).ok
    db = sqlite3.connect(data / "citebot.sqlite3")
    with db:
        db.execute("DELETE FROM passages_fts WHERE rowid = (SELECT MIN(id) FROM passages)")
        db.execute(
            "UPDATE passages_fts SET body = 'stale' WHERE rowid = (SELECT MAX(id) FROM passages)"
        )
        db.execute("UPDATE quotes SET end = end + 100000 WHERE id = (SELECT MIN(id) FROM quotes)")
    db.close()
    index = faiss.read_index(str(data / "vectors.faiss"))
    index.remove_ids(faiss.IDSelectorRange(0, 3))
    index.add_with_ids(faiss.rand((2, index.d)), faiss.np.array([900, 901], dtype="int64"))
    faiss.write_index(index, str(data / "vectors.faiss"))  # same count, wrong ids
    return bot


def test_check_reports_each_kind_of_damage_and_repair_fixes_it(damaged) -> None:
    report = check(damaged.library)
    text = report.render(damaged.library.data_dir)
    assert "has no BM25 row" in text and "BM25 row with other text" in text
    assert "is outside the text" in text and "vector file ids differ" in text
    assert not report.ok and not report.problems  # all of it is derived data
    done = repair(damaged.library)
    assert any("re-extracted the quotes of 1 articles" in d for d in done)
    assert check(damaged.library).ok
    hits = damaged.library.search("Kabulov", 3)
    text = damaged.library.article(hits[0].passage.article_id).text
    assert "Kabulov" in text[hits[0].passage.start : hits[0].passage.end]


def test_damaged_passages_are_reported_for_re_ingest(make_bot, tmp_path: Path) -> None:
    data = tmp_path / "data"
    make_bot(data).ingest([SEED])
    with sqlite3.connect(data / "citebot.sqlite3") as db:
        db.execute("UPDATE passages SET end = 1000000 WHERE id = 3")
    done = citebot(data, "check", "--repair")
    assert done.returncode == 1
    assert "passage 3 at" in done.stdout and "re-ingest" in done.stdout
    assert len(done.stdout.splitlines()) < 25  # one screen


def test_check_of_a_sound_index_exits_zero(make_bot, tmp_path: Path) -> None:
    data = tmp_path / "data"
    make_bot(data).ingest([SEED])
    done = citebot(data, "check")
    assert done.returncode == 0, done.stdout + done.stderr
    assert (
        "1 articles, 14 passages" in done.stdout
        and "ok: store, BM25 and vectors agree" in done.stdout
    )
