"""Crash trials: SIGKILL a real ``citebot ingest`` at random moments, then check the index.

Each trial starts ``citebot ingest`` on a corpus of a few dozen Wikinews articles, either into an
empty data directory or into one holding an older version of the corpus (so the kill may land
while articles are being replaced), and kills it at a random point: during start-up and
encoding, right after a random number of article commits (plus a jitter, to land inside the
next one), or while the vector file is being written. Then, with the real model in this process,
it checks what a user would rely on: the index opens, passes ``citebot check``, every article in
it is whole (all its passages and quotes, or absent), searches return only stored passages, and
ingesting again completes the job: the index then equals a clean, uninterrupted ingest of the
same files into the same starting directory (article ids and aliases, texts, passages, quotes,
and the answers to a sample of questions). Version 2 of the corpus holds duplicate texts under
other ids, which a resumed run once stored differently from a clean one.

``python tests/crash_trials.py --trials 30 [--seed N]`` (``make crash-trials``) prints one line
per trial and a summary with the seed, and exits 1 if any trial failed; tests/test_crash_safety.py
runs a few (seed from CITEBOT_CRASH_SEED, or random and printed on failure).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

from citebot.bot.answering.service import Citebot  # noqa: E402
from citebot.bot.settings import Settings  # noqa: E402
from citebot.embeddings.encoder import Encoder  # noqa: E402
from citebot.retrieval.articles.loading import articles_from_bytes, content_hash  # noqa: E402
from citebot.retrieval.articles.passages import passages_of  # noqa: E402
from citebot.retrieval.consistency import check  # noqa: E402
from citebot.retrieval.library import quotes_of  # noqa: E402
from citebot.retrieval.models import Article  # noqa: E402

WIKINEWS = ROOT / "tests" / "data" / "wikinews" / "articles.jsonl"
CORPUS_SIZE = 36
PARAGRAPHS_KEPT = 3  # short articles: a trial is about commits, not about encoding speed
QUESTIONS = (  # the sample of answers compared with the clean build
    "What did the president say?",
    "What did the minister say about the election?",
    "What did the police say?",
)


def snapshot(bot: Citebot) -> dict:
    """Everything a user can observe of an index, without row ids (a resumed run may number
    rows differently; nothing shown depends on it)."""
    library = bot.library
    db = library.store.reader()
    articles = {}
    for info in bot.list_articles():
        article = library.article(info.id)
        articles[info.id] = (
            article.text,
            article.title,
            info.aliases,
            db.execute(
                "SELECT paragraph, start, end FROM passages WHERE article_id = ? ORDER BY start",
                (info.id,),
            ).fetchall(),
            [(q.paragraph, q.quote) for q in library.store.quotes_of_article(info.id)],
        )
    entities = sorted(
        db.execute(
            "SELECT m.article_id, m.speaker, e.id, e.name FROM speaker_mentions m"
            " JOIN speaker_entities e ON e.id = m.entity_id"
        ).fetchall()
    )
    db.close()
    return {
        "articles": articles,
        "entities": entities,
        "answers": [bot.ask(q).as_dict() for q in QUESTIONS],
    }


def differences(got: dict, want: dict) -> list[str]:
    """How a snapshot differs from the clean build's, in a few words per article."""
    out = []
    ids_got, ids_want = set(got["articles"]), set(want["articles"])
    if ids_got != ids_want:
        out.append(
            f"articles missing {sorted(ids_want - ids_got)[:3]}, extra {sorted(ids_got - ids_want)[:3]}"
        )
    parts = ("text", "title", "aliases", "passages", "quotes")
    for aid in sorted(ids_got & ids_want):
        for part, a, b in zip(parts, got["articles"][aid], want["articles"][aid], strict=True):
            if a != b:
                out.append(f"{aid}: {part} differ from the clean build")
    if got["entities"] != want["entities"]:
        out.append("speaker entities differ from the clean build")
    for question, a, b in zip(QUESTIONS, got["answers"], want["answers"], strict=True):
        if a != b:
            out.append(f"answer to {question!r} differs from the clean build")
    return out


@dataclass
class Corpus:
    """Version 1 (the base directory holds it) and version 2: a third of the articles edited,
    six new ones, and duplicate texts under new ids. ``clean`` is what an uninterrupted ingest
    of version 2 makes of each starting point ("fresh": empty, "update": ``base``)."""

    v1: Path
    v2: Path
    base: Path  # a data directory with version 1 fully ingested
    base_generation: int
    versions: dict[str, dict[str, tuple[int, int]]]  # id -> content hash -> (passages, quotes)
    clean: dict[str, dict]  # mode -> snapshot of the clean build
    changes: dict[str, int]  # mode -> commits a clean ingest of v2 makes


def short_records(size: int = CORPUS_SIZE) -> list[dict]:
    """The first ``size`` + 6 Wikinews articles, each cut to its first paragraphs."""
    records = []
    for line in WIKINEWS.read_text(encoding="utf-8").splitlines()[: size + 6]:
        record = json.loads(line)
        paragraphs = [p for p in record["text"].split("\n\n") if p.strip()]
        record["text"] = "\n\n".join(paragraphs[: PARAGRAPHS_KEPT + 1])
        records.append({k: record[k] for k in ("id", "title", "date", "url", "text")})
    return records


def _write(path: Path, records: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def _articles(path: Path) -> list[Article]:
    return [a for a in articles_from_bytes(path.read_bytes(), str(path)) if isinstance(a, Article)]


def build_corpus(workdir: Path, encoder: Encoder, size: int = CORPUS_SIZE) -> Corpus:
    records = short_records(size)
    v1 = _write(workdir / "corpus-v1.jsonl", records[:size])
    edited = [
        {**r, "text": r["text"] + "\n\nThis article was updated after publication."}
        if i % 3 == 0
        else r
        for i, r in enumerate(records[:size])
    ]
    new = records[size:]
    duplicates = [  # same texts, other ids: of a stored article, and of one new in this run
        {**edited[1], "id": "copy-of-" + edited[1]["id"], "title": "A copy"},
        {**new[0], "id": "copy-of-" + new[0]["id"]},
    ]
    v2 = _write(workdir / "corpus-v2.jsonl", edited + new[:3] + duplicates + new[3:])
    base = workdir / "base"
    bot = Citebot.open(Settings(data_dir=base), encoder)
    report = bot.ingest([v1])
    assert len(report.added) == size and not report.errors, report.errors
    generation = bot.library.store.generation
    bot.close()
    versions: dict[str, dict[str, tuple[int, int]]] = {}
    for article in _articles(v1) + _articles(v2):
        shape = (len(passages_of(article)), len(quotes_of(article)))
        versions.setdefault(article.id, {})[content_hash(article.text)] = shape
    clean, changes = {}, {}
    for mode in ("fresh", "update"):
        data_dir = workdir / f"clean-{mode}"
        if mode == "update":
            shutil.copytree(base, data_dir)
        bot = Citebot.open(Settings(data_dir=data_dir), encoder)
        start = bot.library.store.generation
        report = bot.ingest([v2])
        assert len(report.aliased) == 2 and not report.errors, report
        changes[mode] = bot.library.store.generation - start
        clean[mode] = snapshot(bot)
        bot.close()
    return Corpus(
        v1=v1,
        v2=v2,
        base=base,
        base_generation=generation,
        versions=versions,
        clean=clean,
        changes=changes,
    )


@dataclass
class Trial:
    number: int
    mode: str  # "fresh" | "update"
    target: str  # where the kill was aimed
    killed_after: int = 0  # commits the killed ingest had made
    finished_first: bool = False  # the ingest ended before the kill landed
    failures: list[str] = field(default_factory=list)

    def line(self) -> str:
        state = "finished before the kill" if self.finished_first else "killed"
        verdict = "ok" if not self.failures else "FAILED: " + "; ".join(self.failures)
        return (
            f"trial {self.number:2d} {self.mode:6s} aim {self.target:24s} {state} after "
            f"{self.killed_after:2d} commits: {verdict}"
        )


def _generation(db_path: Path, db: list[sqlite3.Connection]) -> int | None:
    """The committed generation as another process sees it; None while the store is not there.
    ``db`` caches the connection: polling must be quick to catch commits as they happen."""
    try:
        if not db:
            db.append(sqlite3.connect(f"file:{db_path}?mode=ro", uri=True, timeout=0.1))
        row = db[0].execute("SELECT value FROM meta WHERE key='generation'").fetchone()
    except sqlite3.Error:
        while db:
            db.pop().close()
        return None
    return int(row[0]) if row else 0


def _kill_ingest(
    data_dir: Path, corpus: Path, rng: random.Random, trial: Trial, start: int, changes: int
) -> None:
    """Run ``citebot ingest`` and SIGKILL it at a random point chosen by ``rng``."""
    env = {**os.environ, "CITEBOT_DATA_DIR": str(data_dir)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "citebot.bot", "ingest", str(corpus)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    roll = rng.random()
    db: list[sqlite3.Connection] = []
    if roll < 0.2:
        delay = rng.uniform(0.5, 8.0)
        trial.target = f"{delay:.1f}s after start"
        deadline = time.monotonic() + delay
        while time.monotonic() < deadline and proc.poll() is None:
            time.sleep(0.01)
    else:
        commits = changes if roll > 0.9 else rng.randint(1, changes - 1)
        trial.target = "vector file write" if commits == changes else f"commit {commits} + jitter"
        while proc.poll() is None:
            generation = _generation(data_dir / "citebot.sqlite3", db)
            if generation is not None and generation - start >= commits:
                break
            time.sleep(0.002)
        time.sleep(rng.uniform(0, 0.03))
    trial.finished_first = proc.poll() is not None
    if not trial.finished_first:
        proc.send_signal(signal.SIGKILL)
    proc.wait(60)
    trial.killed_after = max(0, (_generation(data_dir / "citebot.sqlite3", db) or start) - start)
    while db:
        db.pop().close()


def _verify(bot: Citebot, corpus: Corpus, mode: str, complete: bool) -> list[str]:
    """What must hold after a crash (``complete=False``) and after ingesting again."""
    failures = []
    report = check(bot.library)
    if not report.ok:
        failures.append("check: " + " | ".join(report.derived + report.problems))
    store = bot.library.store
    for info in bot.list_articles():
        shape = corpus.versions.get(info.id, {}).get(store.hash_of(info.id) or "")
        if shape is None:
            failures.append(f"article {info.id} is no version of the corpus")
        elif (info.n_passages, info.n_quotes) != shape:
            failures.append(
                f"{info.id} is half-written: {info.n_passages} passages and {info.n_quotes} "
                f"quotes, not {shape[0]} and {shape[1]}"
            )
    stored = {a.id for a in bot.list_articles()}
    for hit in bot.library.search("What did the minister say about the election?", 10):
        if hit.passage.article_id not in stored:
            failures.append(f"search returned passage {hit.passage.id} of no stored article")
    bot.ask("What did the president say?")  # answers without an exception
    if complete:
        failures += differences(snapshot(bot), corpus.clean[mode])
        if report.notes:
            failures.append("after re-ingest: " + " | ".join(report.notes))
    return failures


def run_trial(
    number: int, corpus: Corpus, workdir: Path, encoder: Encoder, rng: random.Random
) -> Trial:
    mode = rng.choice(["fresh", "update"])
    trial = Trial(number, mode, "")
    data_dir = workdir / f"trial-{number}"
    shutil.rmtree(data_dir, ignore_errors=True)
    if mode == "update":
        shutil.copytree(corpus.base, data_dir)
    start, changes = corpus.base_generation if mode == "update" else 0, corpus.changes[mode]
    _kill_ingest(data_dir, corpus.v2, rng, trial, start, changes)
    try:
        bot = Citebot.open(Settings(data_dir=data_dir), encoder)
    except Exception as e:
        trial.failures.append(f"index does not open: {e}")
        return trial
    try:
        trial.failures += _verify(bot, corpus, mode, complete=False)
        report = bot.ingest([corpus.v2])
        if report.errors:
            trial.failures.append(f"re-ingest errors: {report.errors[:2]}")
        trial.failures += _verify(bot, corpus, mode, complete=True)
    finally:
        bot.close()
    shutil.rmtree(data_dir, ignore_errors=True)
    return trial


def run_trials(
    count: int, seed: int, workdir: Path, encoder: Encoder, size: int = CORPUS_SIZE
) -> list[Trial]:
    rng = random.Random(seed)
    corpus = build_corpus(workdir, encoder, size)
    trials = []
    for number in range(1, count + 1):
        trial = run_trial(number, corpus, workdir, encoder, rng)
        print(trial.line(), flush=True)
        trials.append(trial)
    return trials


def main() -> None:
    import tempfile

    from citebot.embeddings.encoder import EncoderConfig, load_encoder

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--trials", type=int, default=30)
    parser.add_argument("--seed", type=int, default=random.randrange(1_000_000))
    args = parser.parse_args()
    print(f"crash trials: {args.trials}, seed {args.seed}", flush=True)
    with tempfile.TemporaryDirectory(prefix="citebot-crash-") as tmp:
        trials = run_trials(args.trials, args.seed, Path(tmp), load_encoder(EncoderConfig()))
    failed = [t for t in trials if t.failures]
    killed = sum(not t.finished_first for t in trials)
    print(
        f"{len(trials)} trials ({killed} killed mid-ingest), {len(failed)} failed (seed {args.seed})"
    )
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
