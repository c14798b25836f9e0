"""The server backend: a PostgreSQL database shared by many serving and ingesting processes.

The database holds the truth, the manifest (in ``meta``) and the conversations. Each process
that searches builds its own FAISS index from the stored embeddings the first time it needs
one and then follows the change log (see ``follower``). Writers take no global lock: each
article's transaction locks only that article. A process's own writes reach its index the
same way as everyone else's, by the change log, so no vector is ever added twice.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager

import numpy as np

from citebot.retrieval.storage.follower import ChangeFollower, build_index
from citebot.retrieval.storage.postgres_store import PostgresStore
from citebot.retrieval.storage.vector_index import VectorIndex

MANIFEST_KEY = "manifest"


class _WriteSink:
    """What a writer updates in embedded mode, ignored here: followers replay the change log."""

    generation = -1

    def add(self, ids: list[int] | np.ndarray, vectors: np.ndarray) -> None:
        pass

    def remove(self, ids: list[int]) -> None:
        pass


class ServerBackend:
    shared = True  # conversations live in the database: any replica answers any update

    def __init__(self, url: str) -> None:
        self.store = PostgresStore(url)
        self.location = self.store.location
        self._follower: ChangeFollower | None = None
        self._starting = threading.Lock()

    def manifest(self) -> dict:
        value = self.store.meta(MANIFEST_KEY)
        return json.loads(value) if value else {}

    def write_manifest(self, manifest: dict) -> None:
        """The first writer's manifest wins; later ones are checked against it on open."""
        if not self.store.meta(MANIFEST_KEY):
            self.store.set_meta(MANIFEST_KEY, json.dumps(manifest), only_if_missing=True)

    def vector_index(self, dim: int, writable: bool = False) -> VectorIndex:
        """This process's index: built from the database on first use, then followed."""
        with self._starting:
            if self._follower is None:
                follower = ChangeFollower(self.store, build_index(self.store, dim))
                follower.start()
                self._follower = follower
        return self._follower.index

    @contextmanager
    def locked(self) -> Iterator[None]:
        """Nothing to hold: each write transaction locks only the articles it writes."""
        yield

    @contextmanager
    def writing(self, dim: int) -> Iterator[_WriteSink]:
        yield _WriteSink()
        if self._follower is not None:  # what this process wrote, searchable here at once
            self._follower.catch_up()

    def close(self) -> None:
        if self._follower is not None:
            self._follower.stop()
        self.store.close()
