"""The command line as a user runs it: real processes, a real data directory."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT, SEED


def citebot(data_dir: Path, *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "CITEBOT_DATA_DIR": str(data_dir), "HF_HUB_OFFLINE": "1"}
    return subprocess.run(
        [sys.executable, "-m", "citebot.bot", *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=300,
    )


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("cli")
    done = citebot(path, "ingest", str(SEED))
    assert done.returncode == 0, done.stderr
    assert "1 added" in done.stdout
    return path


def test_reingest_is_a_no_op(data_dir: Path) -> None:
    done = citebot(data_dir, "ingest", str(SEED.parent))
    assert done.returncode == 0
    assert "0 added, 0 replaced, 1 unchanged, 0 failed" in done.stdout


def test_ask_json_and_batch_from_stdin(data_dir: Path) -> None:
    done = citebot(
        data_dir, "ask", "--json", "-", stdin="What did Putin say?\nWho is Fuad Basya?\n"
    )
    assert done.returncode == 0, done.stderr
    first, second = (json.loads(line) for line in done.stdout.splitlines())
    assert first["found"] and first["quotes"][0]["speaker"] == "Vladimir Putin"
    c = first["quotes"][0]["citation"]
    assert SEED.read_text(encoding="utf-8")[c["start"] : c["end"]] == first["quotes"][0]["text"]
    assert not second["found"] and second["quotes"] == second["evidence"] == []


def test_piped_repl_answers_and_exits(data_dir: Path) -> None:
    done = citebot(data_dir, "repl", stdin="what did Medvedev say?\n:quit\n")
    assert done.returncode == 0, done.stderr
    assert "Dmitry Medvedev" in done.stdout and "Sources:" in done.stdout


def test_list_and_bad_input_errors(data_dir: Path, tmp_path: Path) -> None:
    listed = citebot(data_dir, "list")
    assert "000_78a6bd40efd81f0e  Russia 'close'" in listed.stdout
    empty = tmp_path / "empty"
    empty.mkdir()
    done = citebot(data_dir, "ingest", str(empty))
    assert done.returncode == 1
    assert "no articles found" in done.stderr
    removed = citebot(data_dir, "remove", "nope")
    assert removed.returncode != 0 and "no article with id 'nope'" in removed.stderr
