"""A damaged, vanished or hand-edited index is reported in one line that says what to do,
never a traceback, and never "all is well"."""

from __future__ import annotations

import json
import random
import shutil
import sqlite3
from pathlib import Path

import pytest

from tests.conftest import SEED
from tests.test_cli import citebot


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    data = tmp_path_factory.mktemp("built") / "data"
    assert citebot(data, "ingest", str(SEED)).returncode == 0
    return data


@pytest.fixture
def index(built: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "index"
    shutil.copytree(built, copy)
    return copy


def _one_line_error(done, *wanted: str) -> None:
    assert done.returncode == 1 and "Traceback" not in done.stderr, done.stderr
    text = done.stdout + done.stderr
    for phrase in wanted:
        assert phrase in text, text


def test_a_malformed_database_is_reported_with_what_to_do(index: Path) -> None:
    db = index / "citebot.sqlite3"
    pages = db.stat().st_size // 4096
    with db.open("r+b") as f:  # like dd if=/dev/urandom bs=4096 seek=... count=... conv=notrunc
        f.seek(4096 * (pages // 3))
        f.write(random.Random(14).randbytes(4096 * (pages // 2)))
    for command in (["check"], ["check", "--repair"], ["list"], ["ask", "What did Lavrov say?"]):
        _one_line_error(citebot(index, *command), "damaged", "restore it from a backup")


@pytest.mark.parametrize("how", ["deleted", "truncated"])
def test_a_vanished_database_is_not_an_empty_index(index: Path, how: str) -> None:
    db = index / "citebot.sqlite3"
    if how == "deleted":
        db.unlink()
    else:
        db.write_bytes(b"")
    for command in (["check"], ["check", "--repair"]):
        _one_line_error(citebot(index, *command), "restore it from a backup")
    assert (index / "vectors.faiss").stat().st_size > 10_000  # not rebuilt empty


def test_flipped_bytes_in_the_vector_file_are_found_and_never_answered_from(
    index: Path, built: Path
) -> None:
    before = citebot(built, "ask", "--json", "What did Lavrov say?").stdout
    vectors = index / "vectors.faiss"
    with vectors.open("r+b") as f:
        f.seek(4096)
        f.write(bytes(4096))
    _one_line_error(citebot(index, "check"), "its checksum does not match")
    assert citebot(index, "ask", "--json", "What did Lavrov say?").stdout == before
    assert citebot(index, "check", "--repair").returncode == 0
    assert "ok: store, BM25 and vectors agree" in citebot(index, "check").stdout


MANIFESTS = {
    "a list": ("[1, 2]", "not a JSON object"),
    "dim abc": ('{{"schema": 1, "model": "{model}", "dim": "abc"}}', "'dim' must be"),
    "dim 768": (
        '{{"schema": 1, "model": "{model}", "dim": 768, "query_prefix": "", "passage_prefix": ""}}',
        "stored ones have 384",
    ),
}


@pytest.mark.parametrize("case", MANIFESTS)
def test_a_hand_edited_manifest_gets_one_line(index: Path, case: str) -> None:
    model = json.loads((index / "manifest.json").read_text())["model"]
    text, wanted = MANIFESTS[case]
    (index / "manifest.json").write_text(text.format(model=model))
    _one_line_error(citebot(index, "ask", "What did Lavrov say?"), wanted)


def test_a_hand_edited_vector_stamp_or_paragraph_list_gets_no_traceback(index: Path) -> None:
    (index / "vectors.json").write_text('{"generation": "x", "count": []}')
    done = citebot(index, "ask", "What did Lavrov say?")
    assert done.returncode == 0 and "Sergey Lavrov" in done.stdout, done.stderr
    assert "vectors.json) is unreadable" in citebot(index, "check").stdout
    with sqlite3.connect(index / "citebot.sqlite3") as db:
        db.execute('UPDATE articles SET paragraphs = \'{"not": "spans"\'')
    _one_line_error(citebot(index, "ask", "What did Lavrov say?"), "unreadable paragraph list")
    _one_line_error(citebot(index, "check"), "unreadable paragraph list")
