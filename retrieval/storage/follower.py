"""A serving process's vector index, built from the database and kept following it.

At start the index is built from every stored embedding, read in one snapshot together with
the generation it reflects. From then on a background thread replays the change log (passages
removed and added by each committed write) onto it: woken by LISTEN/NOTIFY the moment a writer
commits, and polling every ``poll_s`` seconds in case a notification is lost (a dropped
connection, a proxy that does not pass them on). A lost server is retried with backoff; the
index keeps answering from what it has meanwhile.
"""

from __future__ import annotations

import logging
import threading

from citebot.retrieval.storage.errors import LibraryError
from citebot.retrieval.storage.postgres_store import CHANNEL, PostgresStore
from citebot.retrieval.storage.vector_index import VectorIndex

log = logging.getLogger("citebot.follower")
POLL_S = 2.0  # fallback polling interval when no notification arrives
MAX_BACKOFF_S = 30.0


def build_index(store: PostgresStore, dim: int) -> VectorIndex:
    """An in-memory index of every stored embedding, stamped with the snapshot's generation."""
    index = VectorIndex(None, dim)
    for generation, ids, vectors in store.snapshot_embeddings(dim):
        index.add(ids, vectors)
        index.generation = generation
    return index


class ChangeFollower:
    def __init__(self, store: PostgresStore, index: VectorIndex, poll_s: float = POLL_S) -> None:
        self.store = store
        self.index = index
        self.poll_s = poll_s
        self._stop = threading.Event()
        self._catching_up = threading.Lock()
        self._thread = threading.Thread(target=self._run, name="citebot-follower", daemon=True)
        store.followed = index.generation

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=self.poll_s + 5)

    def catch_up(self) -> int:
        """Apply every change committed since the index's generation; returns how many."""
        applied = 0
        with self._catching_up:
            while changes := self.store.changes_since(self.index.generation):
                removed = [pid for c in changes for pid in c.removed]
                added = [pid for c in changes for pid in c.added]
                # ids are never reused: whatever a later change removed is simply not found
                ids, vectors = self.store.stored_vectors(added, self.index.dim)
                self.index.remove(removed)
                self.index.add(ids, vectors)
                self.index.generation = changes[-1].seq
                self.store.followed = self.index.generation
                applied += len(changes)
        return applied

    def _run(self) -> None:
        import psycopg

        backoff = 1.0
        while not self._stop.is_set():
            try:
                with psycopg.connect(self.store.url, autocommit=True) as conn:
                    conn.execute(f"LISTEN {CHANNEL}")
                    self.catch_up()  # whatever was committed while we were not listening
                    backoff = 1.0
                    while not self._stop.is_set():
                        for _ in conn.notifies(timeout=self.poll_s, stop_after=1):
                            pass
                        self.catch_up()
            except (psycopg.Error, LibraryError) as e:
                log.warning("following the database failed (%s); retrying in %.0f s", e, backoff)
                self._stop.wait(backoff)
                backoff = min(MAX_BACKOFF_S, backoff * 2)
