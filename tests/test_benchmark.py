"""`citebot bench` on a tiny corpus, so the benchmark cannot rot. No timing is asserted."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from citebot.bot.devtools.benchmark import (
    BenchConfig,
    generate_corpus,
    load_sources,
    run_bench,
    speaker_lookups,
)
from citebot.bot.settings import DEFAULT_MODEL
from citebot.embeddings import encoder
from tests.conftest import ROOT


def test_generated_corpus_is_deterministic_and_sized() -> None:
    sources = load_sources()
    first = generate_corpus(sources, 200, seed=1)
    assert first == generate_corpus(sources, 200, seed=1)
    assert first != generate_corpus(sources, 200, seed=2)
    assert len({r["id"] for r in first}) == len(first) > 3


@pytest.mark.slow
def test_bench_writes_the_table_and_json(tmp_path: Path) -> None:
    run_bench(
        BenchConfig(sizes=(25, 60), out=tmp_path, million=3_000, repeats=1),
        progress=lambda _: None,
    )
    results = json.loads((tmp_path / "bench.json").read_text())
    table = (tmp_path / "bench.txt").read_text()
    for key in ("startup", "ingest", "ingest_cached", "query", "serving", "incremental", "million"):
        assert key in results, key
    ingest = results["ingest"]
    assert ingest["passages"] >= 25 and {"articles_per_s", "raw_encode_passages_per_s"} <= set(
        ingest
    )
    assert set(results["query"]) == {"25", "60"}
    for q in results["query"].values():
        for part in ("ask", "query_encoding", "faiss_search", "bm25_and_term_weights"):
            assert {"p50_ms", "p95_ms"} <= set(q[part])
        assert 0.0 <= q["dense_recall_at_10"] <= 1.0
    incremental = results["incremental"]
    new = incremental["passages"] + incremental["quotes"]  # a quote's topic vector is encoded too
    assert incremental["new"]["texts_encoded"] == new
    assert incremental["unchanged"]["texts_encoded"] == 0
    assert incremental["edited"]["texts_encoded"] == 1  # only the edited paragraph
    assert results["million"]["vectors"] == 3_000 and "recall_at_10" in results["million"]
    assert results["serving"]["repl"]["prompt_seconds"] is not None
    assert len(results["targets"]) == 10
    for target in results["targets"]:
        assert isinstance(target["met"], bool) and target["name"] in table


def _imported(code: str, *args: str) -> set[str]:
    """Top-level packages a fresh interpreter imports to run ``code`` (``-X importtime``)."""
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", code, *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, "HF_HUB_OFFLINE": "1"},
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    names = (line.split("|")[-1].strip() for line in done.stderr.splitlines() if "|" in line)
    return {name.split(".")[0] for name in names}


HEAVY = {"torch", "transformers", "sentence_transformers", "scipy", "sklearn", "spacy", "thinc"}


def test_help_and_repl_prompt_do_not_import_numpy() -> None:
    assert "numpy" not in _imported(
        "import citebot.bot.terminal.cli, citebot.bot.settings, citebot.bot.terminal.repl, prompt_toolkit"
    )
    assert DEFAULT_MODEL == encoder.DEFAULT_MODEL


def test_a_one_shot_answer_imports_no_heavy_library(seed_bot) -> None:
    ask = "import sys; from citebot.bot.terminal.cli import main; sys.argv[0] = 'citebot'; main()"
    data_dir = str(seed_bot.library.data_dir)
    imported = _imported(ask, "--data-dir", data_dir, "ask", "What did Putin say?")
    assert "faiss" in imported  # it did answer
    assert not imported & (HEAVY | {"trafilatura", "telegram", "lxml", "aiohttp"})


def test_the_bench_times_name_and_role_lookups(seed_bot) -> None:
    # The seed names one speaker with a role: his surname and "the <role>" are both timed.
    assert len(speaker_lookups(seed_bot)) >= 2
