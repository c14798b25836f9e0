"""Quote extraction on every core: a large ingest hands its articles to spaCy worker processes.

spaCy's parser is the larger of ingest's two model passes and runs on one core per process, so
a big ingest parses and extracts the next batches in worker processes while this process
encodes and writes. The workers send back quotes, not parses: this process then never loads
spaCy, and the extraction runs beside the parse instead of beside the encoder. Workers are
spawned, not forked: forking a process whose encoder thread may hold a lock (BLAS, the import
lock) can hang the child.
"""

from __future__ import annotations

import multiprocessing
import multiprocessing.connection
import os
import threading
from collections.abc import Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass

from citebot.retrieval.models import Quote
from citebot.retrieval.quotes.backbone import nlp
from citebot.retrieval.quotes.extraction import extract_quotes, parse_article_texts


def _load_model() -> None:
    threading.Thread(target=_exit_with_parent, daemon=True).start()
    nlp()


def _exit_with_parent() -> None:
    """A killed ingest must not leave its workers behind: exit as soon as the parent is gone."""
    parent = multiprocessing.parent_process()
    if parent is not None:
        multiprocessing.connection.wait([parent.sentinel])
    os._exit(1)


def _extract(articles: list[tuple[str, str]]) -> list[list[Quote]]:
    parses = parse_article_texts([text for text, _ in articles])
    return [
        extract_quotes(text, title, parsed)
        for (text, title), parsed in zip(articles, parses, strict=True)
    ]


@dataclass(frozen=True)
class PendingQuotes:
    """Quotes of several articles being extracted; ``result`` waits for them, in order."""

    parts: list[Future[list[list[Quote]]]]

    def result(self) -> list[list[Quote]]:
        return [quotes for part in self.parts for quotes in part.result()]


class ParseWorkers:
    """A pool of spaCy processes, each loading the pinned model once; close it when done."""

    def __init__(self, workers: int) -> None:
        self.workers = workers
        self._pool = ProcessPoolExecutor(
            workers, mp_context=multiprocessing.get_context("spawn"), initializer=_load_model
        )

    def submit(self, articles: Sequence[tuple[str, str]]) -> PendingQuotes:
        """Start extracting the quotes of (text, title) pairs, one contiguous share of the
        articles per worker; ``result()`` gives what ``extract_quotes`` gives for each."""
        share = -(-len(articles) // self.workers) or 1
        return PendingQuotes(
            [
                self._pool.submit(_extract, list(articles[at : at + share]))
                for at in range(0, len(articles), share)
            ]
        )

    def close(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)
