"""Parsing on every core: a large ingest hands its paragraphs to spaCy worker processes.

spaCy's parser is the larger of ingest's two model passes and runs on one core per process, so
a big ingest parses the next batch in worker processes while this process extracts quotes from
the current one and the encoder thread embeds it. Workers are spawned, not forked: forking a
process whose encoder thread may hold a lock (BLAS, the import lock) can hang the child. Docs
come back as ``DocBin`` bytes, which carry every annotation extraction reads (tags, morphology,
lemmas, the dependency parse and entities).
"""

from __future__ import annotations

import multiprocessing
import multiprocessing.connection
import os
import threading
from collections.abc import Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass

from citebot.retrieval.quotes.backbone import PIPE_BATCH, ParsedParagraph, nlp


def _load_model() -> None:
    threading.Thread(target=_exit_with_parent, daemon=True).start()
    nlp()


def _exit_with_parent() -> None:
    """A killed ingest must not leave its workers behind: exit as soon as the parent is gone."""
    parent = multiprocessing.parent_process()
    if parent is not None:
        multiprocessing.connection.wait([parent.sentinel])
    os._exit(1)


def _parse(texts: list[str]) -> bytes:
    from spacy.tokens import DocBin

    return DocBin(docs=nlp().pipe(texts, batch_size=PIPE_BATCH)).to_bytes()


@dataclass(frozen=True)
class PendingParse:
    """Paragraphs of several articles being parsed; ``result`` waits and regroups them."""

    spans: list[tuple[int, int, int]]  # (article, start, end) in submission order
    parts: list[Future[bytes]]
    articles: int

    def result(self) -> list[list[ParsedParagraph]]:
        from spacy.tokens import DocBin

        vocab = nlp().vocab
        docs = [
            d for part in self.parts for d in DocBin().from_bytes(part.result()).get_docs(vocab)
        ]
        out: list[list[ParsedParagraph]] = [[] for _ in range(self.articles)]
        for (a, lo, hi), doc in zip(self.spans, docs, strict=True):
            out[a].append(ParsedParagraph(lo, hi, doc))
        return out


class ParseWorkers:
    """A pool of spaCy processes, each loading the pinned model once; close it when done."""

    def __init__(self, workers: int) -> None:
        self.workers = workers
        self._pool = ProcessPoolExecutor(
            workers, mp_context=multiprocessing.get_context("spawn"), initializer=_load_model
        )

    def submit(
        self, texts: Sequence[str], paragraphs: Sequence[Sequence[tuple[int, int]]]
    ) -> PendingParse:
        """Start parsing; the paragraphs are cut into one contiguous share per worker."""
        spans = [(a, lo, hi) for a, paras in enumerate(paragraphs) for lo, hi in paras]
        share = -(-len(spans) // self.workers) or 1
        parts = [
            self._pool.submit(_parse, [texts[a][lo:hi] for a, lo, hi in spans[at : at + share]])
            for at in range(0, len(spans), share)
        ]
        return PendingParse(spans, parts, len(texts))

    def close(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)
