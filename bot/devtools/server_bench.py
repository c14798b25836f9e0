"""``citebot bench --database-url URL`` (or ``private``): the embedded and the server store side
by side on the same generated corpora.

For each size: ingest throughput with one writer (and, for the server, two at once on halves
of the corpus), warm ``ask`` p50/p95 over the development questions, the time a fresh replica
takes to start and answer, how long a serving process takes to see another process's write,
and the store's size per 1k passages. Embeddings come from a cache of the source paragraphs'
vectors (every generated passage is one), so the figures are about storage, not the model;
``citebot bench`` measures the model's share.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np

from citebot.bot.answering.service import Citebot
from citebot.bot.devtools.benchmark import (
    QUESTIONS,
    CountingEncoder,
    _load_cache,
    _ms,
    _questions,
    _real_encoder,
    _save_cache,
    ask_latencies,
    generate_corpus,
    load_sources,
    passage_texts,
    read_articles,
    run_measured,
)
from citebot.bot.settings import Settings

CHILD = "import json, sys; from citebot.bot.devtools.server_bench import {0}; {0}(*json.loads(sys.argv[1]))"


def _settings(mode: dict) -> Settings:
    return Settings(
        data_dir=Path(mode["data_dir"]),
        database_url=mode.get("database_url", ""),  # type: ignore[arg-type]
    )


def _child(call: str, *args: object) -> dict:
    run = run_measured([sys.executable, "-c", CHILD.format(call), json.dumps(list(args))])
    if run.returncode != 0:
        raise RuntimeError(f"bench: {call} failed (exit {run.returncode}): {run.stdout[-500:]}")
    return {**json.loads(run.stdout.splitlines()[-1]), "peak_rss_mb": run.peak_rss_mb}


# -- child-process entry points --------------------------------------------------------------
def ingest_child(mode: dict, corpus: str, cache_dir: str) -> None:
    encoder = CountingEncoder(_real_encoder, _load_cache(Path(cache_dir)))
    bot = Citebot.open(_settings(mode), encoder)  # type: ignore[arg-type]
    start = time.perf_counter()
    report = bot.ingest([Path(corpus)])
    seconds = time.perf_counter() - start
    passages = sum(i.n_passages for i in report.added + report.replaced)
    bot.close()
    print(json.dumps({"seconds": seconds, "articles": len(report.added), "passages": passages}))


def replica_child(mode: dict, question: str) -> None:
    """A fresh serving process: open, build or load the vector index, answer once."""
    start = time.perf_counter()
    bot = Citebot.open(_settings(mode))
    answer = bot.ask(question)
    seconds = time.perf_counter() - start
    bot.close()
    print(json.dumps({"seconds": seconds, "found": answer.found}))


# -- measurements ----------------------------------------------------------------------------
def _update_delay(serving: Citebot, writer: Citebot, article: Path) -> dict:
    """Seconds from another process's commit until the serving process's index holds it, and
    the serving process's first answer after it (embedded mode reloads its index then)."""
    serving.ask("What did Medvedev say?")
    before = len(serving.library.articles())
    writer.ingest([article])
    committed = time.perf_counter()
    seen = None
    while time.perf_counter() - committed < 30:
        if serving.library.generation >= writer.library.generation:
            seen = time.perf_counter() - committed
            break
        time.sleep(0.0005)
    start = time.perf_counter()
    serving.ask("What did Medvedev say?")
    first = time.perf_counter() - start
    assert len(serving.library.articles()) == before + 1
    return {"seen_seconds": seen, "first_ask_after_seconds": first}


def _size_bytes(mode: dict) -> int:
    if mode.get("database_url"):
        import psycopg

        with psycopg.connect(mode["database_url"]) as conn:
            return int(conn.execute("SELECT pg_database_size(current_database())").fetchone()[0])
    return sum(f.stat().st_size for f in Path(mode["data_dir"]).glob("citebot.sqlite3*"))


def _vector_file_bytes(mode: dict) -> int:
    return sum(f.stat().st_size for f in Path(mode["data_dir"]).glob("vectors.faiss"))


def _fresh_database(server_url: str, name: str) -> str:
    """An empty database next to the one ``server_url`` names; returns its URL."""
    from urllib.parse import urlsplit, urlunsplit

    import psycopg

    with psycopg.connect(server_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    parts = urlsplit(server_url)
    return urlunsplit(parts._replace(path=f"/{name}"))


def _cache(out: Path) -> Path:
    """Vectors of every source paragraph, encoded once and kept in ``out``."""
    if not (out / "cache-vectors.npy").exists():
        texts = passage_texts(read_articles([Path(__file__).resolve().parents[2] / "seeds"]))
        for source in load_sources():
            texts += source.paragraphs
        texts = list(dict.fromkeys(texts))
        _save_cache(dict(zip(texts, _real_encoder().encode_passages(texts), strict=True)), out)
    return out


def run_server_bench(
    database_url: str, sizes: tuple[int, ...], out: Path, progress: Callable[[str], None]
) -> dict:
    out = out.resolve()
    out.mkdir(parents=True, exist_ok=True)
    cache_dir = _cache(out)
    encoder = CountingEncoder(_real_encoder, _load_cache(cache_dir))
    questions = _questions(QUESTIONS)
    sources = load_sources()
    results: dict = {"sizes": {}}
    for size in sizes:
        records = generate_corpus(sources, size, seed=5)
        corpus = out / f"corpus-{size}.jsonl"
        corpus.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
        halves = [out / f"corpus-{size}-{i}.jsonl" for i in (0, 1)]
        for i, half in enumerate(halves):
            half.write_text("".join(json.dumps(r) + "\n" for r in records[i::2]), encoding="utf-8")
        extra = out / "one-more.jsonl"
        text = records[0]["text"] + "\n\nThe council will meet again next week."  # new text
        extra.write_text(json.dumps({**records[0], "id": f"extra-{size}", "text": text}) + "\n")
        row: dict = {}
        for name in ("embedded", "server"):
            data_dir = out / f"data-{name}-{size}"
            for f in data_dir.glob("*"):
                f.unlink()
            mode = {"data_dir": str(data_dir)}
            if name == "server":
                mode["database_url"] = _fresh_database(database_url, f"bench_{size}")
            progress(f"{name} at {size} passages: ingest")
            ingest = _child("ingest_child", mode, str(corpus), str(cache_dir))
            m = row[name] = {
                "passages": ingest["passages"],
                "ingest_articles_per_s": ingest["articles"] / ingest["seconds"],
                "ingest_passages_per_s": ingest["passages"] / ingest["seconds"],
                "store_mb_per_1k_passages": _size_bytes(mode) / 1e6 / ingest["passages"] * 1e3,
                "vector_file_mb_per_1k_passages": _vector_file_bytes(mode)
                / 1e6
                / ingest["passages"]
                * 1e3,
            }
            if name == "server":
                progress(f"{name} at {size} passages: two ingest workers at once")
                two = {"data_dir": str(out / f"data-two-{size}")}
                two["database_url"] = _fresh_database(database_url, f"bench_two_{size}")
                start = time.perf_counter()
                workers = [
                    subprocess.Popen(
                        [
                            sys.executable,
                            "-c",
                            CHILD.format("ingest_child"),
                            json.dumps([two, str(h), str(cache_dir)]),
                        ],
                        stdout=subprocess.PIPE,
                        stderr=subprocess.DEVNULL,
                        text=True,
                    )
                    for h in halves
                ]
                done = [json.loads(w.communicate()[0].splitlines()[-1]) for w in workers]
                seconds = time.perf_counter() - start
                m["two_workers_passages_per_s"] = sum(d["passages"] for d in done) / seconds
            progress(f"{name} at {size} passages: warm ask, replica start, update delay")
            serving = Citebot.open(_settings(mode), encoder)  # type: ignore[arg-type]
            writer = Citebot.open(_settings(mode), encoder)  # type: ignore[arg-type]
            try:
                m["ask"] = _ms(ask_latencies(serving, questions))
                m["update"] = _update_delay(serving, writer, extra)
            finally:
                writer.close()
                serving.close()
            replica = [_child("replica_child", mode, "What did Medvedev say?") for _ in range(3)]
            m["replica_start_seconds"] = float(np.median([r["seconds"] for r in replica]))
            m["replica_peak_rss_mb"] = float(np.median([r["peak_rss_mb"] for r in replica]))
        results["sizes"][str(size)] = row
    (out / "bench-server.json").write_text(json.dumps(results, indent=2))
    return results


def format_server_table(results: dict) -> str:
    lines = [f"{'':42} {'embedded':>12} {'PostgreSQL':>12}"]

    def line(label: str, get: Callable[[dict], float | None], fmt: str = "{:.1f}") -> None:
        values = []
        for name in ("embedded", "server"):
            try:
                v = get(row[name])
            except KeyError:
                v = None
            values.append("-" if v is None else fmt.format(v))
        lines.append(f"{label:42} {values[0]:>12} {values[1]:>12}")

    for size, row in results["sizes"].items():
        lines.append(f"-- {int(row['embedded']['passages']):,} passages (generated corpus {size})")
        line("ingest, one writer (passages/s)", lambda m: m["ingest_passages_per_s"], "{:.0f}")
        line("ingest, one writer (articles/s)", lambda m: m["ingest_articles_per_s"], "{:.1f}")
        line(
            "ingest, two writers (passages/s)", lambda m: m["two_workers_passages_per_s"], "{:.0f}"
        )
        line("warm ask p50 (ms)", lambda m: m["ask"]["p50_ms"])
        line("warm ask p95 (ms)", lambda m: m["ask"]["p95_ms"])
        line("replica start + first answer (s)", lambda m: m["replica_start_seconds"], "{:.2f}")
        line("replica peak RSS (MB)", lambda m: m["replica_peak_rss_mb"], "{:.0f}")
        line("another process's write seen after (ms)", lambda m: m["update"]["seen_seconds"] * 1e3)
        line(
            "first ask after that write (ms)",
            lambda m: m["update"]["first_ask_after_seconds"] * 1e3,
        )
        line("store size per 1k passages (MB)", lambda m: m["store_mb_per_1k_passages"], "{:.2f}")
        line(
            "vector file per 1k passages (MB)",
            lambda m: m["vector_file_mb_per_1k_passages"] or None,
            "{:.2f}",
        )
    return "\n".join(lines)


def compare_modes(
    database_url: str, sizes: tuple[int, ...], out: Path, progress: Callable[[str], None]
) -> str:
    """Run the comparison against ``database_url``, or a private server when it is empty;
    returns the table (also written to ``out/bench-server.txt``)."""
    from citebot.bot.devtools.pg_server import remove_private_server, start_private_server

    server = None if database_url else start_private_server()
    try:
        results = run_server_bench(database_url or server.url, sizes, out, progress)
    finally:
        if server is not None:
            remove_private_server(server)
    table = format_server_table(results)
    (out / "bench-server.txt").write_text(table + "\n")
    return table
