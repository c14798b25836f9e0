"""The embedded backend: one data directory on this machine, no server.

It holds the SQLite store (the truth), the FAISS file (derived, saved with the generation it
matches), the manifest naming the model and schema the vectors were made with, and the write
lock: one writer process at a time, readers never block.
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from citebot.retrieval.storage.errors import LibraryError
from citebot.retrieval.storage.lock import WriteLock, write_failure
from citebot.retrieval.storage.store import Store
from citebot.retrieval.storage.vector_index import VectorIndex, read_stamp

MANIFEST = "manifest.json"


def _manifest_problem(manifest: object) -> str | None:
    """What is wrong with a (hand-edited) manifest's shape; None when it is well formed."""
    if not isinstance(manifest, dict):
        return "not a JSON object"
    fields = {"schema": int, "model": str, "dim": int, "query_prefix": str, "passage_prefix": str}
    for key, kind in fields.items():
        value = manifest.get(key)
        if key in ("query_prefix", "passage_prefix") and value is None:
            continue
        if not isinstance(value, kind) or isinstance(value, bool):
            return f"{key!r} must be {'a whole number' if kind is int else 'a string'}"
    if manifest["dim"] <= 0:
        return "'dim' must be positive"
    return None


class EmbeddedBackend:
    shared = False  # conversations stay in the serving process

    def __init__(self, data_dir: Path) -> None:
        self.data_dir = data_dir
        self.location = str(data_dir)
        try:
            data_dir.mkdir(parents=True, exist_ok=True)
        except OSError as e:
            raise LibraryError(f"cannot create data directory {data_dir}: {e.strerror}") from None
        indexed = self.manifest()  # an unreadable manifest is reported before the store is touched
        db_path = data_dir / "citebot.sqlite3"
        if indexed and not db_path.exists():
            raise self._store_lost(db_path, "missing")
        try:
            self.store = Store(db_path)
        except LibraryError:
            raise
        except Exception as e:
            raise LibraryError(f"cannot open the store in {data_dir}: {e}") from None
        stamp = read_stamp(data_dir / "vectors.json")
        if self.store.generation == 0 and stamp is not None and stamp["count"] > 0:
            self.store.close()
            raise self._store_lost(db_path, "empty")
        self._vectors: VectorIndex | None = None

    def _store_lost(self, db_path: Path, how: str) -> LibraryError:
        """A store deleted or truncated to nothing would pass for an empty index."""
        return LibraryError(
            f"the store {db_path} is {how}, but manifest.json and the vector file say articles "
            f"were indexed there: restore it from a backup, or delete {self.data_dir} and run "
            "`citebot ingest` again"
        )

    def manifest(self) -> dict:
        path = self.data_dir / MANIFEST
        if not path.exists():
            return {}
        try:
            manifest = json.loads(path.read_text())
        except (OSError, ValueError) as e:
            raise LibraryError(
                f"{path}: unreadable manifest ({e}); delete the data directory and ingest again"
            ) from None
        problem = _manifest_problem(manifest)
        if problem:
            raise LibraryError(
                f"{path}: damaged manifest ({problem}); restore it, or delete the data directory "
                "and ingest again"
            )
        return manifest

    def write_manifest(self, manifest: dict) -> None:
        path = self.data_dir / MANIFEST
        if path.exists():
            return
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps(manifest, indent=2))
        os.replace(tmp, path)

    def vector_index(self, dim: int, writable: bool = False) -> VectorIndex:
        """The FAISS index, matching the store (loaded from its file or rebuilt)."""
        if self._vectors is None:
            self._vectors = VectorIndex(self.data_dir, dim)
        self._vectors.sync(self.store, writable)
        return self._vectors

    @contextmanager
    def locked(self) -> Iterator[None]:
        """Hold the write lock. A full disk or a read-only directory becomes one line (each
        article is committed on its own, so what was committed is kept)."""
        lock = WriteLock(self.data_dir)
        lock.acquire()
        try:
            yield
        except (sqlite3.OperationalError, OSError) as e:
            raise write_failure(self.data_dir, e) from None
        finally:
            lock.release()

    @contextmanager
    def writing(self, dim: int) -> Iterator[VectorIndex]:
        """Hold the write lock; yields the index each write updates, saved at the end."""
        with self.locked():
            vectors = self.vector_index(dim, writable=True)
            yield vectors
            vectors.save(self.store.generation)

    def close(self) -> None:
        self.store.close()
