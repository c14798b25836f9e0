"""The storage seam: the one place that decides, by configuration, where the library lives.

* embedded (the default): a data directory with SQLite, a FAISS file and a write lock;
  ``make run`` needs nothing else;
* server: a PostgreSQL database (``CITEBOT_DATABASE_URL=postgresql://...``) shared by many
  bot replicas and ingest workers.

Both stores answer the same typed calls (articles, passages, quotes, lexical hits, the
generation) with the records of ``records``; nothing outside this package sees SQL of either
engine. A backend adds what differs around the store: where the manifest lives, how a process
gets an up-to-date vector index, and what a writer must hold while it writes.
"""

from __future__ import annotations

from contextlib import AbstractContextManager
from pathlib import Path
from typing import Protocol

from citebot.retrieval.storage.errors import LibraryError
from citebot.retrieval.storage.vector_index import VectorIndex

SERVER_SCHEMES = ("postgresql://", "postgres://")


class Backend(Protocol):
    store: object  # storage.store.Store or storage.postgres_store.PostgresStore
    location: str  # for messages: the data directory, or the URL without its password
    shared: bool  # whether conversations are kept in the store (server mode)

    def manifest(self) -> dict: ...

    def write_manifest(self, manifest: dict) -> None: ...

    def vector_index(self, dim: int, writable: bool = False) -> VectorIndex: ...

    def locked(self) -> AbstractContextManager: ...

    def writing(self, dim: int) -> AbstractContextManager: ...

    def close(self) -> None: ...


def open_backend(data_dir: Path, database_url: str = "") -> Backend:
    """The server backend when a database URL is configured, else the embedded one."""
    if not database_url:
        from citebot.retrieval.storage.embedded import EmbeddedBackend

        return EmbeddedBackend(data_dir)
    if not database_url.startswith(SERVER_SCHEMES):
        raise LibraryError(
            f"unsupported database URL {database_url.split('://')[0]}://...: "
            "use postgresql://user:password@host/dbname"
        )
    try:
        from citebot.retrieval.storage.server import ServerBackend
    except ImportError:
        raise LibraryError("server mode needs psycopg: pip install 'citebot[postgres]'") from None
    return ServerBackend(database_url)
