"""``citebot bench``: one run that measures citebot against the limits of issue 5.

Ratios are taken inside one run (ingest against raw encoding of the same passages, a cold answer
against ``import sentence_transformers``) because this shared 2-core machine is too noisy for
absolute numbers to mean much from one run to the next.

Corpus: a directory given, or articles made by recombining runs of consecutive paragraphs of the
Wikinews development articles and the seed (deterministic for a seed), one corpus per size in
passages. Only the smallest corpus is encoded by the model (it is the ingest measurement); the
larger ones reuse those real embeddings, looked up by passage text, since every generated passage
is a source paragraph. Corpora above ``PARSED_MAX`` passages also take their quotes from the
sources: each paragraph's quotes (and their topic vectors) are the ones extracted from the source
paragraph it copies, shifted to its new place, because parsing 10k generated articles with spaCy
takes most of an hour on this machine while the rest of their ingest takes a minute or two. The
1M-passage check uses synthetic vectors (mixtures of real passage vectors plus noise), because
encoding a million passages here would take a day.

Work that must be measured in a fresh process (ingest peak RSS, cold start, the serving process,
the 1M index) runs in child processes; ``os.wait4`` gives each one's own peak RSS.
"""

from __future__ import annotations

import json
import os
import platform
import pty
import random
import select
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path

import numpy as np

from citebot.bot.answering.service import Citebot
from citebot.bot.settings import Settings
from citebot.embeddings.encoder import Encoder, EncoderConfig, load_encoder
from citebot.retrieval import library as library_module
from citebot.retrieval.articles.loading import (
    ArticleError,
    article_from_text,
    articles_from_bytes,
    find_files,
)
from citebot.retrieval.articles.passages import paragraph_number, passages_of
from citebot.retrieval.library import quotes_of
from citebot.retrieval.models import Article, Quote
from citebot.retrieval.quotes.backbone import PIPE_BATCH, nlp
from citebot.retrieval.quotes.extraction import extract_quotes, parse_article_texts
from citebot.retrieval.quotes.layout import paragraphs
from citebot.retrieval.search.lexical import keywords
from citebot.retrieval.search.topics import topic_text
from citebot.retrieval.storage.store import Store
from citebot.retrieval.storage.vector_index import VectorIndex

ROOT = Path(__file__).resolve().parents[2]  # the source checkout (tests/data, seeds/)
WIKINEWS = ROOT / "tests" / "data" / "wikinews" / "articles.jsonl"
SEEDS = ROOT / "seeds"
QUESTIONS = ROOT / "tests" / "data" / "eval" / "questions.jsonl"
ONE_SHOT_QUESTION = "what did Medvedev say?"
DIM = 384
SEARCH_DEPTH = 50  # what HybridSearch asks FAISS and BM25 for
PARSED_MAX = 10_000  # generated corpora up to this many passages are parsed for their quotes


@dataclass
class BenchConfig:
    sizes: tuple[int, ...] = (1_000, 10_000, 100_000)  # passages per generated corpus
    corpus: Path | None = None  # a directory of articles instead of generated corpora
    out: Path = Path("bench-results")
    seed: int = 5
    million: int = 1_000_000  # vectors in the memory/recall check; 0 skips it
    repeats: int = 3  # fresh-process timings take the median of this many runs
    questions: Path = QUESTIONS


# -- helpers ---------------------------------------------------------------------------------
def _read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def _pct(values: Sequence[float], q: float) -> float:
    return float(np.percentile(np.asarray(values), q)) if values else float("nan")


def _ms(values: Sequence[float]) -> dict[str, float]:
    return {"p50_ms": _pct(values, 50) * 1000, "p95_ms": _pct(values, 95) * 1000}


def _env() -> dict[str, str]:
    return {**os.environ, "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1"}


def _citebot(*args: str) -> list[str]:
    return [sys.executable, "-m", "citebot.bot", *args]


@dataclass
class Run:
    seconds: float
    peak_rss_mb: float
    stdout: str
    returncode: int


def run_measured(cmd: list[str], stdin: str = "") -> Run:
    """Run a child process; wall time and its own peak RSS (``os.wait4``)."""
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as inp:
        inp.write(stdin)
        inp.seek(0)
        start = time.perf_counter()
        proc = subprocess.Popen(
            cmd, stdin=inp, stdout=out, stderr=subprocess.DEVNULL, env=_env(), cwd=ROOT
        )
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        return Run(seconds, usage.ru_maxrss / 1024, out.read(), proc.returncode)


def _checked(run: Run, what: str) -> Run:
    if run.returncode != 0:
        raise RuntimeError(f"bench: {what} failed (exit {run.returncode}): {run.stdout[-500:]}")
    return run


def _median_run(cmd: list[str], repeats: int, what: str) -> float:
    return float(np.median([_checked(run_measured(cmd), what).seconds for _ in range(repeats)]))


def _child(call: str, *args: object) -> dict:
    """Run ``bot.benchmark.<call>(*args)`` in a fresh process; its JSON result plus peak RSS."""
    code = f"import json, sys; from citebot.bot.devtools.benchmark import {call}; {call}(*json.loads(sys.argv[1]))"
    run = _checked(
        run_measured([sys.executable, "-c", code, json.dumps([str(a) for a in args])]), call
    )
    return {**json.loads(run.stdout.splitlines()[-1]), "peak_rss_mb": run.peak_rss_mb}


# -- corpus ----------------------------------------------------------------------------------
@dataclass(frozen=True)
class Source:
    title: str
    date: str
    paragraphs: list[str]


def checkout_data() -> bool:
    """Whether the development data is here: it lives in the source checkout, not in the wheel
    (whose users pass ``--corpus``)."""
    return WIKINEWS.is_file() and QUESTIONS.is_file()


def source_articles(corpus: Path | None = None) -> list[Article]:
    """The articles in ``corpus``, or else the Wikinews development articles and the seed
    article(s)."""
    if corpus is not None:
        return read_articles([corpus])
    articles = [
        article_from_text(r["text"], r["id"], title=r["title"], published=r["date"])
        for r in _read_jsonl(WIKINEWS)
    ]
    return articles + read_articles(sorted(SEEDS.glob("*.txt")))


def load_sources(corpus: Path | None = None) -> list[Source]:
    """The paragraph texts of ``source_articles``, which generated corpora are made of."""
    return [
        Source(a.title, a.published, [a.text[p.start : p.end] for p in a.paragraphs])
        for a in source_articles(corpus)
    ]


def generate_corpus(sources: list[Source], passages: int, seed: int) -> list[dict]:
    """Articles of 2-3 runs of 2-8 consecutive source paragraphs, until ``passages`` is reached.

    Runs keep a quote next to the sentences that attribute it, so quote extraction works on the
    result much as on real articles.
    """
    rng = random.Random(seed)
    records: list[dict] = []
    total = 0
    while total < passages:
        paragraphs: list[str] = []
        first = rng.choice(sources)
        for i in range(rng.randint(2, 3)):
            source = first if i == 0 else rng.choice(sources)
            start = rng.randrange(len(source.paragraphs))
            paragraphs += source.paragraphs[start : start + rng.randint(2, 8)]
        record = {
            "id": f"bench-{len(records):06d}",
            "title": first.title,
            "date": first.date,
            "source": "Bench",
            "text": "\n\n".join(paragraphs),
        }
        article = article_from_text(record["text"], record["id"], title=record["title"])
        total += len(passages_of(article))
        records.append(record)
    return records


def read_articles(paths: list[Path]) -> list[Article]:
    articles: list[Article] = []
    for item in find_files(paths):
        if isinstance(item, Path):
            try:
                articles += [
                    a
                    for a in articles_from_bytes(item.read_bytes(), str(item))
                    if isinstance(a, Article)
                ]
            except ArticleError:
                continue
    return articles


def passage_texts(articles: list[Article]) -> list[str]:
    return [a.text[p.start : p.end] for a in articles for p in passages_of(a)]


# -- encoders --------------------------------------------------------------------------------
class CountingEncoder:
    """Wraps an encoder: counts encoded passages and the time spent encoding them.

    With a ``cache`` (passage text -> vector) it returns known vectors without the model.
    """

    def __init__(
        self, make: Callable[[], Encoder], cache: dict[str, np.ndarray] | None = None
    ) -> None:
        self._make = make
        self._encoder: Encoder | None = None
        self.cache = cache
        self.name = EncoderConfig().model
        self.dim = DIM
        self.encoded = 0
        self.seconds = 0.0

    @property
    def inner(self) -> Encoder:
        if self._encoder is None:
            self._encoder = self._make()
        return self._encoder

    def encode_queries(self, texts: list[str]) -> np.ndarray:
        return self.inner.encode_queries(texts)

    def encode_passages(self, texts: list[str]) -> np.ndarray:
        cache = self.cache if self.cache is not None else {}
        missing = list(dict.fromkeys(t for t in texts if t not in cache))
        if missing:
            start = time.perf_counter()
            vectors = self.inner.encode_passages(missing)
            self.seconds += time.perf_counter() - start
            self.encoded += len(missing)
            if self.cache is None:
                cache = dict(zip(missing, vectors, strict=True))
            else:
                self.cache.update(zip(missing, vectors, strict=True))
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        return np.stack([cache[t] for t in texts])


def _real_encoder() -> Encoder:
    return load_encoder(EncoderConfig())


def _save_cache(cache: dict[str, np.ndarray], directory: Path) -> None:
    texts = list(cache)
    (directory / "cache-texts.json").write_text(json.dumps(texts))
    np.save(directory / "cache-vectors.npy", np.stack([cache[t] for t in texts]))


def _load_cache(directory: Path) -> dict[str, np.ndarray]:
    texts = json.loads((directory / "cache-texts.json").read_text())
    return dict(zip(texts, np.load(directory / "cache-vectors.npy"), strict=True))


def _save_sources(sources: list[Article], directory: Path) -> None:
    records = [{"id": a.id, "title": a.title, "date": a.published, "text": a.text} for a in sources]
    (directory / "sources.json").write_text(json.dumps(records))


def _source_articles(directory: Path) -> list[Article]:
    return [
        article_from_text(r["text"], r["id"], title=r["title"], published=r["date"])
        for r in json.loads((directory / "sources.json").read_text())
    ]


class DerivedQuotes:
    """Quotes of generated articles taken from their sources instead of parsing them: every
    generated paragraph is a source paragraph, so its quotes are that paragraph's own (those
    lying inside it), moved to where the paragraph now starts. A speaker mention outside the
    paragraph loses its offsets (they only point the display at the name)."""

    def __init__(self, sources: list[Article]) -> None:
        self.by_paragraph: dict[str, list[Quote]] = {}
        for article in sources:
            quotes = extract_quotes(article.text, article.title)
            for span in article.paragraphs:
                text = article.text[span.start : span.end]
                inside = [
                    _moved(q, span.start, 0, span.end - span.start)
                    for q in quotes
                    if span.start <= q.start and q.end <= span.end
                ]
                self.by_paragraph.setdefault(text, inside)

    def parse(self, texts: list[str]) -> list[list]:
        return [[] for _ in texts]  # nothing to parse: ``quotes_of`` below needs no parse

    def quotes_of(self, article: Article, parsed: object = None) -> list[tuple[int, Quote]]:
        found = []
        for span in article.paragraphs:
            for q in self.by_paragraph.get(article.text[span.start : span.end], []):
                moved = _moved(q, 0, span.start, span.end - span.start)
                found.append((paragraph_number(article, moved.start), moved))
        return found


def _moved(q: Quote, old: int, new: int, length: int) -> Quote:
    """The quote of a paragraph starting at ``old`` put in one starting at ``new`` (a mention
    outside the paragraph is not carried along)."""

    def shifted(a: int | None, b: int | None) -> tuple[int | None, int | None]:
        inside = a is not None and b is not None and old <= a and b <= old + length
        return (a - old + new, b - old + new) if inside else (None, None)  # type: ignore[operator]

    speaker_start, speaker_end = shifted(q.speaker_start, q.speaker_end)
    named_start, named_end = shifted(q.named_start, q.named_end)
    return replace(
        q,
        start=q.start - old + new,
        end=q.end - old + new,
        speaker_start=speaker_start,
        speaker_end=speaker_end,
        named_start=named_start,
        named_end=named_end,
    )


# -- child-process entry points --------------------------------------------------------------
def ingest_cached(data_dir: str, corpus: str, cache_dir: str, derive: str = "") -> None:
    """Ingest ``corpus`` end to end, taking embeddings from the cache (child process); with
    ``derive``, quotes too come from the sources (``DerivedQuotes``) instead of the parser."""
    encoder = CountingEncoder(_real_encoder, _load_cache(Path(cache_dir)))
    settings = Settings(data_dir=Path(data_dir))
    if derive:
        derived = DerivedQuotes(_source_articles(Path(cache_dir)))
        library_module.parse_article_texts = derived.parse  # type: ignore[assignment]
        library_module.quotes_of = derived.quotes_of  # type: ignore[assignment]
        settings = replace(settings, parse_workers=0)  # the parse above, not worker processes
    bot = Citebot.open(settings, encoder)  # type: ignore[arg-type]
    start = time.perf_counter()
    report = bot.library.ingest_paths([Path(corpus)])
    seconds = time.perf_counter() - start
    passages = sum(i.n_passages for i in report.added + report.replaced)
    print(
        json.dumps(
            {
                "seconds": seconds,
                "articles": len(report.added) + len(report.replaced),
                "passages": passages,
                "encoded": encoder.encoded,
            }
        )
    )


def _synthetic(base: np.ndarray, n: int, chunk: int, seed: int) -> np.ndarray:
    """Chunk ``chunk`` of the synthetic vectors: a random mix of two real passage vectors plus
    isotropic noise, normalised. Deterministic per chunk, so it can be regenerated."""
    rng = np.random.default_rng([seed, chunk])
    pick = rng.integers(len(base), size=(n, 2))
    mix = rng.uniform(0.0, 1.0, size=(n, 1)).astype(np.float32)
    x = mix * base[pick[:, 0]] + (1 - mix) * base[pick[:, 1]]
    x += rng.normal(0.0, 0.5 / np.sqrt(base.shape[1]), size=x.shape).astype(np.float32)
    x /= np.linalg.norm(x, axis=1, keepdims=True)
    return np.ascontiguousarray(x, dtype=np.float32)


class _FixedStore:
    """Just enough of a Store for ``VectorIndex.sync`` to load a saved index file."""

    def __init__(self, count: int) -> None:
        self.generation = 1
        self.count = count

    def passage_count(self) -> int:
        return self.count

    def all_embeddings(self, dim: int):  # never reached when the file is current
        raise RuntimeError("index file missing or stale")


MILLION_CHUNK = 50_000


def million_build(directory: str, n: str, seed: str) -> None:
    """Exact top-10 of the queries over n synthetic vectors, then the index built and saved."""
    path = Path(directory)
    base = np.load(path / "base.npy")
    queries = np.load(path / "queries.npy")
    total = int(n)
    best_scores = np.full((len(queries), 10), -np.inf, dtype=np.float32)
    best_ids = np.zeros((len(queries), 10), dtype=np.int64)
    chunks = range((total + MILLION_CHUNK - 1) // MILLION_CHUNK)

    def chunk_of(c: int) -> tuple[np.ndarray, np.ndarray]:
        size = min(MILLION_CHUNK, total - c * MILLION_CHUNK)
        ids = np.arange(c * MILLION_CHUNK + 1, c * MILLION_CHUNK + size + 1, dtype=np.int64)
        return ids, _synthetic(base, size, c, int(seed))

    for c in chunks:
        ids, x = chunk_of(c)
        scores = np.concatenate([best_scores, queries @ x.T], axis=1)
        cand = np.concatenate([best_ids, np.broadcast_to(ids, (len(queries), len(ids)))], axis=1)
        top = np.argsort(-scores, axis=1)[:, :10]
        best_scores = np.take_along_axis(scores, top, axis=1)
        best_ids = np.take_along_axis(cand, top, axis=1)
    np.save(path / "truth.npy", best_ids)
    index = VectorIndex(path, DIM)
    start = time.perf_counter()
    for c in chunks:
        ids, x = chunk_of(c)
        index.add(ids.tolist(), x)
    index.save(1)
    seconds = time.perf_counter() - start
    print(json.dumps({"build_seconds": seconds, "file_mb": index.path.stat().st_size / 1e6}))


def million_serve(directory: str, n: str) -> None:
    """Load the saved index as a server would (with the query model) and measure recall@10."""
    path = Path(directory)
    encoder = _real_encoder()
    encoder.encode_queries(["warm up"])
    index = VectorIndex(path, DIM)
    start = time.perf_counter()
    index.sync(_FixedStore(int(n)), writable=False)  # type: ignore[arg-type]
    load = time.perf_counter() - start
    queries = np.load(path / "queries.npy")
    truth = np.load(path / "truth.npy")
    times, recalls = [], []
    for q, gold in zip(queries, truth, strict=True):
        start = time.perf_counter()
        found = index.search(q, 10)
        times.append(time.perf_counter() - start)
        recalls.append(len({i for i, _ in found} & set(gold.tolist())) / 10)
    print(
        json.dumps(
            {
                "load_seconds": load,
                "recall_at_10": float(np.mean(recalls)),
                "search": _ms(times),
                "index_type": type(index._index).__name__,
            }
        )
    )


# -- measurements ----------------------------------------------------------------------------
def _questions(path: Path, sources: list[Source]) -> list[list[str]]:
    """Each dev question as the turns of one conversation; without the dev set, one question
    per article made of its headline."""
    if path.is_file():
        return [q.get("turns") or [q["question"]] for q in _read_jsonl(path)]
    return [[f"What happened: {s.title}?"] for s in sources if s.title]


def ask_latencies(bot: Citebot, questions: list[list[str]]) -> list[float]:
    """Seconds per turn, each question a fresh conversation, after a warm-up (index loaded,
    caches filled)."""
    for turns in questions[:10]:
        bot.ask(turns[0])
    seconds: list[float] = []
    for turns in questions:
        conversation = bot.new_conversation()
        for turn in turns:
            start = time.perf_counter()
            conversation.ask(turn)
            seconds.append(time.perf_counter() - start)
    return seconds


def measure_queries(data_dir: Path, encoder: Encoder, questions: list[list[str]]) -> dict:
    """Warm latencies: whole ``ask`` per turn, and its parts on their own."""
    bot = Citebot.open(Settings(data_dir=data_dir), encoder)
    try:
        ask = ask_latencies(bot, questions)
        flat = [t for turns in questions for t in turns]
        encode, faiss_search, lexical = [], [], []
        store = bot.library.store
        statistics = bot.library.terms  # warmed by the questions above, as in a running bot
        vectors = VectorIndex(data_dir, DIM)
        vectors.sync(store, writable=False)
        for text in flat:
            start = time.perf_counter()
            vector = encoder.encode_queries([text])[0]
            encode.append(time.perf_counter() - start)
            start = time.perf_counter()
            vectors.search(vector, SEARCH_DEPTH)
            faiss_search.append(time.perf_counter() - start)
            start = time.perf_counter()
            terms = keywords(text)
            if terms:
                store.lexical(statistics.bm25_terms(terms), SEARCH_DEPTH)
            statistics.weights(text)
            lexical.append(time.perf_counter() - start)
        return {
            "passages": bot.library.store.passage_count(),
            "speaker_lookup": _ms(speaker_lookups(bot)),
            "dense_recall_at_10": dense_recall(bot.library.store, vectors, encoder, flat),
            "articles": len(bot.library.articles()),
            "questions": len(ask),
            "ask": _ms(ask),
            "query_encoding": _ms(encode),
            "faiss_search": _ms(faiss_search),
            "bm25_and_term_weights": _ms(lexical),
        }
    finally:
        bot.close()


def speaker_lookups(bot: Citebot, n: int = 20) -> list[float]:
    """Seconds to resolve a typed name or role to the people it may mean (warm), for the most
    quoted speakers' surnames and the roles the articles give: it must not grow with the corpus."""
    names = bot.speaker_names()[:n]
    roles = dict.fromkeys(s.quote.speaker_role for s in bot.library.quotes_by(names))
    typed = [name.split()[-1] for name in names]
    typed += [f"the {role}" for role in list(roles)[:n] if role]
    for name in typed:
        bot.composer.resolve_speaker(name)
    seconds = []
    for name in typed:
        start = time.perf_counter()
        bot.composer.resolve_speaker(name)
        seconds.append(time.perf_counter() - start)
    return seconds


def dense_recall(store: Store, vectors: VectorIndex, encoder: Encoder, texts: list[str]) -> float:
    """Recall@10 of the live index against exact search over the stored embeddings. Generated
    corpora repeat paragraphs, so a hit counts when its exact cosine ties the 10th best."""
    ids, stored = zip(*store.all_embeddings(DIM), strict=True)
    matrix = np.concatenate(stored)
    row = {int(i): n for n, i in enumerate(np.concatenate(ids))}
    recalls = []
    for query in encoder.encode_queries(texts):
        exact = matrix @ query
        tenth = np.partition(exact, -10)[-10] if len(exact) > 10 else exact.min()
        found = [exact[row[i]] >= tenth - 1e-5 for i, _ in vectors.search(query, 10)]
        recalls.append(sum(found) / min(10, len(exact)))
    return float(np.mean(recalls))


def measure_repl(data_dir: Path, timeout: float = 120.0) -> dict:
    """Time to the REPL's first prompt on a terminal, and to the answer of a first question."""
    master, slave = pty.openpty()
    start = time.perf_counter()
    proc = subprocess.Popen(
        _citebot("--data-dir", str(data_dir), "repl"),
        stdin=slave,
        stdout=slave,
        stderr=slave,
        env=_env(),
        cwd=ROOT,
    )
    os.close(slave)
    buf = b""
    prompt = answer = None
    try:
        while answer is None and time.perf_counter() - start < timeout:
            if not select.select([master], [], [], 0.02)[0]:
                continue
            try:
                chunk = os.read(master, 65536)
            except OSError:
                break
            if b"\x1b[6n" in chunk:  # prompt_toolkit asks where the cursor is; answer like a tty
                os.write(master, b"\x1b[1;1R")
            buf += chunk
            if prompt is None and b"citebot>" in buf:
                prompt = time.perf_counter() - start
                buf = b""
                os.write(master, ONE_SHOT_QUESTION.encode() + b"\r")
            elif prompt is not None and b"citebot>" in buf:
                answer = time.perf_counter() - start
        os.write(master, b":quit\r")
        proc.wait(timeout=10)
    except (OSError, subprocess.TimeoutExpired):
        proc.kill()
        proc.wait()
    finally:
        os.close(master)
    return {"prompt_seconds": prompt, "first_answer_seconds": answer}


def quote_topic_texts(data_dir: Path) -> list[str]:
    """What the ingest encoded for the stored quotes' topic vectors (one text per quote)."""
    store = Store(data_dir / "citebot.sqlite3")
    try:
        return [
            topic_text(store.article(s.article_id).text[s.quote.start : s.quote.end])
            for s in store.quotes()
        ]
    finally:
        store.close()


def parse_alone(corpus: str, workers: str) -> None:
    """Seconds spaCy's passes take over the paragraphs the extractor parses, on ``workers``
    processes (spaCy's own ``n_process``, the model loaded beforehand), printed as JSON. Run in a
    fresh process: its workers are forked, which is safe only before any other thread ran."""
    texts = [a.text[lo:hi] for a in read_articles([Path(corpus)]) for lo, hi in paragraphs(a.text)]
    model = nlp()
    list(model.pipe(texts[:PIPE_BATCH], batch_size=PIPE_BATCH))
    start = time.perf_counter()
    for _ in model.pipe(texts, batch_size=PIPE_BATCH, n_process=int(workers)):
        pass
    print(json.dumps({"seconds": time.perf_counter() - start}))


def measure_incremental(data_dir: Path, sources: list[Source], seed: int) -> dict:
    """One new article into the big index (in process, as the Telegram bot does), its re-ingest,
    and an edit of one paragraph: what is encoded and what the rest costs."""
    record = generate_corpus(sources, 1, seed + 1)[0]
    article = article_from_text(record["text"], "bench-incremental", title=record["title"])
    edited_text = article.text.replace("\n\n", " (edited)\n\n", 1)
    edited = article_from_text(edited_text, "bench-incremental", title=record["title"])
    encoder = CountingEncoder(_real_encoder)
    encoder.inner.encode_queries(["warm up"])
    parse_article_texts([article.text])  # the parser loaded, as in a running bot
    bot = Citebot.open(Settings(data_dir=data_dir), encoder)  # type: ignore[arg-type]
    try:
        library = bot.library
        library.search("warm up", 1)  # index loaded, as in a running bot
        # what a new article encodes: its passages and, for their topic vectors, its quotes
        topics = {topic_text(article.text[q.start : q.end]) for _, q in quotes_of(article)}
        out: dict = {"passages": len(passages_of(article)), "quotes": len(topics)}
        for name, item in (("new", article), ("unchanged", article), ("edited", edited)):
            encoder.encoded, encoder.seconds = 0, 0.0
            start = time.perf_counter()
            library.ingest_articles([item])
            total = time.perf_counter() - start
            out[name] = {
                "seconds": total,
                "encode_seconds": encoder.seconds,
                "overhead_seconds": total - encoder.seconds,
                "texts_encoded": encoder.encoded,
            }
        library.remove(article.id)
        return out
    finally:
        bot.close()


def _dir_size(path: Path, pattern: str) -> int:
    return sum(p.stat().st_size for p in path.glob(pattern) if p.is_file())


# -- the run -----------------------------------------------------------------------------------
def run_bench(config: BenchConfig, progress: Callable[[str], None] = print) -> dict:
    """Measure everything, write ``bench.json`` and ``bench.txt`` to ``config.out``; the results."""
    out = config.out.resolve()
    out.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    results: dict = {
        "config": {
            k: v if isinstance(v, int | tuple) else str(v) for k, v in asdict(config).items()
        },
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version()},
    }
    sources = load_sources(config.corpus)
    questions = _questions(config.questions, sources)

    progress("start-up: citebot --help, import sentence_transformers")
    results["startup"] = {
        "help_seconds": _median_run(_citebot("--help"), config.repeats, "citebot --help"),
        "import_sentence_transformers_seconds": _median_run(
            [sys.executable, "-c", "import sentence_transformers"],
            config.repeats,
            "import sentence_transformers",
        ),
    }

    # Corpora: a given directory, or one generated corpus per size.
    if config.corpus is not None:
        corpora = [(len(passage_texts(read_articles([config.corpus]))), config.corpus)]
    else:
        corpora = []
        for size in sorted(config.sizes):
            path = out / f"corpus-{size}.jsonl"
            records = generate_corpus(sources, size, config.seed)
            path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
            corpora.append((size, path))

    # Ingest: the smallest corpus end to end with the model, then raw encoding of its passages.
    size, corpus = corpora[0]
    data_dirs = {s: out / f"data-{s}" for s, _ in corpora}
    for d in data_dirs.values():
        for f in d.glob("*"):
            f.unlink()
    progress(f"ingest: {corpus.name} with the model")
    run = _checked(
        run_measured(_citebot("--data-dir", str(data_dirs[size]), "ingest", str(corpus))),
        "citebot ingest",
    )
    articles = read_articles([corpus])
    texts = passage_texts(articles)
    encoder = _real_encoder()
    encoder.encode_passages(texts[:8])  # warm-up, as the ingest's first batch was
    start = time.perf_counter()
    vectors = encoder.encode_passages(texts)
    raw_seconds = time.perf_counter() - start
    topics = quote_topic_texts(data_dirs[size])
    start = time.perf_counter()
    encoder.encode_passages(topics)
    raw_quote_seconds = time.perf_counter() - start
    # Alone, the parser has every core (an ingest leaves one to the encoder running beside it).
    cores = len(os.sched_getaffinity(0))
    parse_seconds = _child("parse_alone", corpus, cores)["seconds"]
    cache = dict(zip(texts, vectors, strict=True))
    ingest = {
        "articles": len(articles),
        "passages": len(texts),
        "seconds": run.seconds,
        "articles_per_s": len(articles) / run.seconds,
        "passages_per_s": len(texts) / run.seconds,
        "raw_encode_passages_per_s": len(texts) / raw_seconds,
        "raw_encode_seconds": raw_seconds,
        "quotes": len(topics),
        "raw_encode_quotes_seconds": raw_quote_seconds,
        "parse_seconds": parse_seconds,
        "parse_workers": cores,
        # The two model passes alone against the whole ingest (start-up, parse, encode, store).
        "ratio": (raw_seconds + raw_quote_seconds + parse_seconds) / run.seconds,
        "peak_rss_mb": run.peak_rss_mb,
    }
    results["ingest"] = ingest
    # Larger corpora: every passage is a source paragraph, so real vectors come from the cache.
    if len(corpora) > 1:
        filler = CountingEncoder(lambda: encoder, cache)
        for a in read_articles([p for _, p in corpora[1:]]):
            filler.encode_passages(passage_texts([a]))
        _save_cache(cache, out)
        _save_sources(source_articles(config.corpus), out)
    results["ingest_cached"] = {}
    for size, corpus in corpora[1:]:
        derive = "derive" if size > PARSED_MAX and config.corpus is None else ""
        how = " and quotes of the source paragraphs" if derive else ""
        progress(f"ingest: {corpus.name} with cached embeddings{how}")
        results["ingest_cached"][str(size)] = done = _child(
            "ingest_cached", data_dirs[size], corpus, out, derive
        )
        done["derived_quotes"] = bool(derive)
        done["passages_per_s"] = done["passages"] / done["seconds"]
        done["articles_per_s"] = done["articles"] / done["seconds"]

    results["query"] = {}
    for size, _ in corpora:
        progress(f"query: warm latencies at {size} passages")
        results["query"][str(size)] = measure_queries(data_dirs[size], encoder, questions)

    size, corpus = corpora[-1]
    big = data_dirs[size]
    progress(f"serving at {size} passages: cold one-shot ask, REPL, serving process")
    ask_cmd = _citebot("--data-dir", str(big), "ask", ONE_SHOT_QUESTION)
    flat = "\n".join(t for turns in questions for t in turns) + "\n"
    serve = _checked(
        run_measured(_citebot("--data-dir", str(big), "ask", "-"), stdin=flat), "serving"
    )
    passages = results["query"][str(size)]["passages"]
    results["serving"] = {
        "passages": passages,
        "cold_ask_seconds": _median_run(ask_cmd, config.repeats, "cold ask"),
        "repl": measure_repl(big),
        "serving_peak_rss_mb": serve.peak_rss_mb,
        "serving_questions": len(flat.splitlines()),
        "index_mb_per_1k_passages": _dir_size(big, "vectors*") / 1e6 / passages * 1000,
        "store_mb_per_1k_passages": _dir_size(big, "citebot.sqlite3*") / 1e6 / passages * 1000,
    }
    progress(f"incremental: one article into {size} passages")
    results["incremental"] = {
        "into_passages": passages,
        **measure_incremental(big, sources, config.seed),
    }

    if config.million:
        progress(f"memory/recall: {config.million:,} synthetic vectors")
        with tempfile.TemporaryDirectory(prefix="citebot-bench-", dir=out) as tmp:
            np.save(Path(tmp) / "base.npy", np.stack(list(cache.values())))
            np.save(
                Path(tmp) / "queries.npy",
                encoder.encode_queries([t for turns in questions for t in turns]),
            )
            build = _child("million_build", tmp, config.million, config.seed)
            serve_1m = _child("million_serve", tmp, config.million)
        results["million"] = {
            "vectors": config.million,
            "embeddings": "synthetic: mixes of two real passage vectors + noise",
            "build_seconds": build["build_seconds"],
            "build_peak_rss_mb": build["peak_rss_mb"],
            "file_mb": build["file_mb"],
            **{k: v for k, v in serve_1m.items() if k != "peak_rss_mb"},
            "serving_peak_rss_mb": serve_1m["peak_rss_mb"],
        }
    results["bench_seconds"] = time.perf_counter() - started
    results["targets"] = targets(results)
    (out / "bench.json").write_text(json.dumps(results, indent=2))
    (out / "bench.txt").write_text(format_table(results) + "\n")
    return results


@dataclass
class Target:
    name: str
    value: float | None
    limit: float
    unit: str
    higher_is_better: bool = False
    met: bool = field(init=False)

    def __post_init__(self) -> None:
        v = self.value
        self.met = v is not None and (v >= self.limit if self.higher_is_better else v <= self.limit)


def targets(r: dict) -> list[dict]:
    big = r["query"][max(r["query"], key=int)]
    size = f"{big['passages']:,} passages"
    st = r["startup"]["import_sentence_transformers_seconds"]
    inc = r["incremental"]
    found = [
        # End to end within 1.15 x (parse alone + encode alone).
        Target("(parse + raw encode) / ingest", r["ingest"]["ratio"], 1 / 1.15, "x", True),
        Target(f"warm ask p50 at {size}", big["ask"]["p50_ms"], 25, "ms"),
        Target(f"warm ask p95 at {size}", big["ask"]["p95_ms"], 25, "ms"),
        Target("citebot --help", r["startup"]["help_seconds"], 0.5, "s"),
        Target(
            "cold one-shot ask / import sentence_transformers",
            r["serving"]["cold_ask_seconds"] / st,
            0.3,
            "x",
        ),
        Target("REPL prompt", r["serving"]["repl"]["prompt_seconds"], 1.0, "s"),
        Target(
            f"incremental ingest overhead into {inc['into_passages']:,} passages",
            inc["new"]["overhead_seconds"],
            0.5,
            "s",
        ),
        Target(
            "passages re-encoded (re-ingest + one-paragraph edit)",
            inc["unchanged"]["texts_encoded"] + inc["edited"]["texts_encoded"],
            1,
            "",
        ),
    ]
    if "million" in r:
        m = r["million"]
        found += [
            Target(
                f"{m['vectors']:,} vectors: serving RSS", m["serving_peak_rss_mb"] / 1024, 2.5, "GB"
            ),
            Target(f"{m['vectors']:,} vectors: recall@10", m["recall_at_10"], 0.95, "", True),
        ]
    return [asdict(t) for t in found]


def _fmt(value: float | None, unit: str = "") -> str:
    if value is None:
        return "-"
    text = f"{value:,.0f}" if abs(value) >= 100 else f"{value:.3g}" if value else "0"
    return f"{text} {unit}".strip()


def format_table(r: dict) -> str:
    ing = r["ingest"]
    lines = [
        "citebot bench" + f"  ({r['machine']['cpus']} cpus, {r['bench_seconds']:.0f} s)",
        "",
        f"Ingest ({ing['articles']} articles, {ing['passages']} passages, with the model)",
        f"  end to end          {ing['articles_per_s']:.2f} articles/s  {ing['passages_per_s']:.1f} passages/s",
        f"  raw encode_passages {ing['raw_encode_passages_per_s']:.1f} passages/s "
        f"({ing['raw_encode_seconds']:.1f} s), quote topics {ing['quotes']} "
        f"({ing['raw_encode_quotes_seconds']:.1f} s)",
        f"  parse alone         {ing['parse_seconds']:.1f} s on {ing['parse_workers']} processes"
        f"   end to end {ing['seconds']:.1f} s   "
        f"(parse + encodes) / ingest {ing['ratio']:.3f}",
        f"  peak RSS            {ing['peak_rss_mb']:.0f} MB",
    ]
    for size, done in r["ingest_cached"].items():
        how = (
            "cached embeddings, source quotes"
            if done.get("derived_quotes")
            else "cached embeddings"
        )
        lines.append(
            f"  {int(size):>7,} passages, {how}: {done['seconds']:.1f} s "
            f"({done['articles_per_s']:.0f} articles/s, {done['passages_per_s']:.0f} passages/s, "
            f"peak RSS {done['peak_rss_mb']:.0f} MB)"
        )
    lines += [
        "",
        "Warm queries, ms (p50 / p95)   ask            encode query   FAISS search   BM25+weights"
        "    speaker lookup   dense R@10",
    ]
    for q in r["query"].values():
        cells = [
            f"{q[k]['p50_ms']:6.2f} / {q[k]['p95_ms']:6.2f}"
            for k in ("ask", "query_encoding", "faiss_search", "bm25_and_term_weights")
        ]
        cells.append(f"{q['speaker_lookup']['p50_ms']:6.2f} / {q['speaker_lookup']['p95_ms']:6.2f}")
        lines.append(
            f"  {q['passages']:>9,} passages         "
            + "  ".join(cells)
            + f"   {q['dense_recall_at_10']:.3f}"
        )
    s, st = r["serving"], r["startup"]
    lines += [
        "",
        f"Start-up and serving ({s['passages']:,} passages)",
        f"  citebot --help                   {st['help_seconds']:.3f} s",
        f"  import sentence_transformers     {st['import_sentence_transformers_seconds']:.3f} s",
        f"  cold one-shot ask                {s['cold_ask_seconds']:.3f} s",
        f"  REPL prompt / first answer       {_fmt(s['repl']['prompt_seconds'], 's')} / "
        f"{_fmt(s['repl']['first_answer_seconds'], 's')}",
        f"  serving process peak RSS         {s['serving_peak_rss_mb']:.0f} MB "
        f"({s['serving_questions']} questions)",
        f"  on disk per 1k passages          index {s['index_mb_per_1k_passages']:.2f} MB, "
        f"store {s['store_mb_per_1k_passages']:.2f} MB",
    ]
    inc = r["incremental"]
    lines += ["", f"Incremental ingest into {inc['into_passages']:,} passages (in process)"]
    for name in ("new", "unchanged", "edited"):
        x = inc[name]
        lines.append(
            f"  {name:<10} {x['seconds']:.3f} s, encoding {x['encode_seconds']:.3f} s, "
            f"rest {x['overhead_seconds']:.3f} s, encoded {x['texts_encoded']} of "
            f"{inc['passages']} passages + {inc['quotes']} quotes"
        )
    if "million" in r:
        m = r["million"]
        lines += [
            "",
            f"{m['vectors']:,} vectors ({m['embeddings']})",
            f"  index {m['index_type']}, file {m['file_mb']:.0f} MB, built in {m['build_seconds']:.0f} s",
            f"  serving peak RSS {m['serving_peak_rss_mb']:.0f} MB, recall@10 {m['recall_at_10']:.3f}, "
            f"search p50 {m['search']['p50_ms']:.2f} ms",
        ]
    lines += ["", f"{'Target':<58} {'measured':>12} {'target':>10}  status"]
    for t in r["targets"]:
        op = ">=" if t["higher_is_better"] else "<="
        lines.append(
            f"  {t['name']:<56} {_fmt(t['value'], t['unit']):>12} {op} {_fmt(t['limit'], t['unit']):>8}  "
            + ("met" if t["met"] else "NOT MET")
        )
    return "\n".join(lines)
