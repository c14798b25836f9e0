"""A full disk, a read-only data directory, a truncated vector file: one clear error, and nothing
already in the index is damaged."""

from __future__ import annotations

import json
import os
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from citebot.retrieval.consistency import check
from citebot.retrieval.library import LibraryError
from tests.conftest import SEED
from tests.crash_trials import short_records
from tests.test_cli import citebot

FEED_SIZE = 12


@pytest.fixture
def feed(tmp_path: Path) -> Path:
    """A dozen short Wikinews articles in one JSON-lines file."""
    path = tmp_path / "feed.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in short_records()[:FEED_SIZE]))
    return path


@contextmanager
def mounted(*args: str, target: Path) -> Iterator[None]:
    """Mount (needs root; skips where containers forbid it) and always unmount."""
    if os.geteuid() != 0:
        pytest.skip("mounting a file system needs root")
    if subprocess.run(["mount", *args, str(target)], capture_output=True).returncode:
        pytest.skip("mount is not permitted here")
    try:
        yield
    finally:
        subprocess.run(["umount", "-l", str(target)], check=True)


@contextmanager
def read_only(path: Path) -> Iterator[None]:
    """Make ``path`` read-only: a read-only bind mount as root (which ignores modes), else modes."""
    if os.geteuid() != 0:
        modes = {p: p.stat().st_mode for p in [path, *path.iterdir()]}
        for p in modes:
            p.chmod(modes[p] & ~0o222)
        try:
            yield
        finally:
            for p, mode in modes.items():
                p.chmod(mode)
        return
    with mounted("--bind", str(path), target=path):
        subprocess.run(["mount", "-o", "remount,ro,bind", str(path)], check=True)
        yield


def test_a_read_only_index_answers_and_refuses_writes_clearly(
    make_bot, tmp_path: Path, feed: Path
) -> None:
    data = tmp_path / "data"
    make_bot(data).ingest([SEED])
    before = sorted((p.name, p.stat().st_size) for p in data.iterdir())
    with read_only(data):
        answered = citebot(data, "ask", "What did Putin say?")
        assert answered.returncode == 0 and "Vladimir Putin" in answered.stdout
        refused = citebot(data, "ingest", str(feed))
        assert refused.returncode == 1
        assert f"cannot write to the index in {data}" in refused.stderr
        assert "Traceback" not in refused.stderr and len(refused.stderr.splitlines()) == 1
        assert citebot(data, "check").returncode == 0
    assert sorted((p.name, p.stat().st_size) for p in data.iterdir()) == before


def test_a_full_disk_stops_the_ingest_with_a_clear_error(
    make_bot, tmp_path: Path, feed: Path
) -> None:
    small = tmp_path / "small"
    small.mkdir()
    with mounted("-t", "tmpfs", "-o", "size=480k", "tmpfs", target=small):
        bot = make_bot(small / "data")
        with pytest.raises(LibraryError, match=r"cannot write to the index .*No space left|full"):
            bot.ingest([feed])
        kept = len(bot.list_articles())
        assert 0 < kept < FEED_SIZE and check(bot.library).ok
        assert not list((small / "data").glob("*.tmp"))
        assert bot.ask("What did Nick Bos say?").found  # what was committed still answers
        subprocess.run(["mount", "-o", "remount,size=20m", str(small)], check=True)
        report = bot.ingest([feed])
        assert len(report.added) == FEED_SIZE - kept and len(bot.list_articles()) == FEED_SIZE
        assert check(bot.library).ok


def test_a_database_size_limit_is_a_clear_error_too(make_bot, feed: Path) -> None:
    """Where mounting is not allowed: SQLite's page limit fails writes like a full disk does."""
    bot = make_bot()
    bot.ingest([SEED])
    store = bot.library.store
    pages = store.reader().execute("PRAGMA page_count").fetchone()[0]
    store._db.execute(f"PRAGMA max_page_count = {pages + 2}")
    with pytest.raises(LibraryError, match="database or disk is full"):
        bot.ingest([feed])
    assert check(bot.library).ok
    assert bot.ask("What did Putin say?").found


def test_a_truncated_vector_file_is_rebuilt_and_repaired(make_bot, tmp_path: Path) -> None:
    data = tmp_path / "data"
    make_bot(data).ingest([SEED])
    vectors = data / "vectors.faiss"
    vectors.write_bytes(vectors.read_bytes()[: vectors.stat().st_size // 2])
    bot = make_bot(data)
    assert "vector file is current but damaged (its checksum does not match)" in (
        check(bot.library).derived
    )
    assert bot.ask("What did Putin say?").found  # rebuilt in memory from the store
    done = citebot(data, "check", "--repair")
    assert done.returncode == 0 and "rebuilt the vector file from 14" in done.stdout
