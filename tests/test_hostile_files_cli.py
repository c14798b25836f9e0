"""Hostile files through the real ``citebot ingest``: each gets one line naming it, the rest of
the run is stored, nothing is read whole before its size is known."""

from __future__ import annotations

import json
import os
import resource
from pathlib import Path

from tests.conftest import SEED
from tests.test_cli import citebot

NEWS = "The mayor said the bridge would reopen on Monday after two years of repairs."


def _errors(stderr: str) -> dict[str, str]:
    return {
        line.split(": ", 2)[1].split(":")[0].split("#")[0]: line
        for line in stderr.splitlines()
        if line.startswith("error: ")
    }


def test_hostile_json_and_odd_paths_get_one_line_each_and_the_rest_is_stored(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "seed.txt").write_bytes(SEED.read_bytes())
    (folder / "deep.json").write_text("[" * 200_000 + "]" * 200_000)
    (folder / "digits.jsonl").write_text(
        json.dumps({"text": NEWS})[:-1] + ', "id": ' + "7" * 5000 + "}\n"
    )
    (folder / "surrogate.jsonl").write_text('{"id": "s", "text": "' + NEWS + ' \\ud800"}\n')
    (folder / "cr.txt").write_bytes(
        f"Bridge headline\r\r{NEWS}\r\rThe council agreed with him.\r".encode()
    )
    (folder / "page.html").write_text(
        "<html><body><article><h1>Bridge news<script>steal(document.cookie)</script></h1>"
        f"<p>{NEWS}</p><p>{NEWS.replace('Monday', 'Friday')}</p></article></body></html>"
    )
    (folder / os.fsdecode(b"bad\xffname.txt")).write_text(f"Headline\n\n{NEWS}\n")
    os.mkfifo(tmp_path / "fifo.txt")
    (tmp_path / "loop1.txt").symlink_to(tmp_path / "loop2.txt")
    (tmp_path / "loop2.txt").symlink_to(tmp_path / "loop1.txt")
    paths = [folder, tmp_path / "fifo.txt", tmp_path / "loop1.txt", tmp_path / "nothing.txt"]
    done = citebot(tmp_path / "data", "ingest", *map(str, paths))
    assert "Traceback" not in done.stderr, done.stderr
    errors = {Path(k).name: v for k, v in _errors(done.stderr).items()}
    assert "nested too deeply" in errors["deep.json"]
    assert "4300 digits" in errors["digits.jsonl"]
    assert "lone surrogate" in errors["surrogate.jsonl"]
    assert "not a regular file (a FIFO)" in errors["fifo.txt"]
    assert "symbolic link loop" in errors["loop1.txt"]
    assert "no such file or directory" in errors["nothing.txt"]
    assert len(errors) == 6 and "4 added" in done.stdout, done.stdout
    assert "bad-xffname: Headline" in done.stdout  # stored, and files after it too
    listed = citebot(tmp_path / "data", "list").stdout
    assert "steal" not in listed and "page  Bridge news" in listed
    answer = json.loads(
        citebot(tmp_path / "data", "ask", "--json", "What did the council do?").stdout
    )
    cited = {e["citation"]["article_id"]: e["citation"]["paragraph"] for e in answer["evidence"]}
    assert cited.get("cr") == 2  # CR-only lines are paragraphs, not one block


def test_a_huge_file_is_refused_before_it_is_read(tmp_path: Path) -> None:
    huge = tmp_path / "x.txt"
    with huge.open("wb") as f:
        f.truncate(3 * 1024**3)  # sparse: takes no disk
    done = citebot(tmp_path / "data", "ingest", str(huge))
    assert done.returncode == 1 and "file too large (3,221 MB" in done.stderr
    peak_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    assert peak_kb < 1_500_000  # reading it whole would take over 3 GB
