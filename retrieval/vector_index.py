"""The FAISS index of passage vectors, keyed by passage id.

It is derived data: the store keeps every embedding, so a missing, stale or truncated index
file is rebuilt from the store instead of failing. The file records the store generation it
matches; a reader that sees another generation reloads.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import faiss
import numpy as np

from retrieval.store import Store


class VectorIndex:
    def __init__(self, directory: Path, dim: int) -> None:
        self.path = directory / "vectors.faiss"
        self.stamp_path = directory / "vectors.json"
        self.dim = dim
        self.generation = -1
        self._index = self._empty()

    def _empty(self) -> faiss.IndexIDMap2:
        return faiss.IndexIDMap2(faiss.IndexFlatIP(self.dim))

    def __len__(self) -> int:
        return int(self._index.ntotal)

    def add(self, ids: list[int], vectors: np.ndarray) -> None:
        if ids:
            self._index.add_with_ids(
                np.ascontiguousarray(vectors, dtype=np.float32), np.asarray(ids, dtype=np.int64)
            )

    def remove(self, ids: list[int]) -> None:
        if ids:
            self._index.remove_ids(np.asarray(ids, dtype=np.int64))

    def search(self, vector: np.ndarray, k: int) -> list[tuple[int, float]]:
        if len(self) == 0:
            return []
        scores, ids = self._index.search(
            vector.reshape(1, -1).astype(np.float32), min(k, len(self))
        )
        return [(int(i), float(s)) for i, s in zip(ids[0], scores[0], strict=True) if i >= 0]

    def save(self, generation: int) -> None:
        """Write atomically (temp file + rename) so a crash never leaves a torn index file."""
        tmp = self.path.with_suffix(".faiss.tmp")
        faiss.write_index(self._index, str(tmp))
        os.replace(tmp, self.path)
        stamp_tmp = self.stamp_path.with_suffix(".json.tmp")
        stamp_tmp.write_text(json.dumps({"generation": generation, "count": len(self)}))
        os.replace(stamp_tmp, self.stamp_path)
        self.generation = generation

    def _load_file(self, generation: int) -> bool:
        try:
            stamp = json.loads(self.stamp_path.read_text())
            if stamp.get("generation") != generation:
                return False
            index = faiss.read_index(str(self.path))
        except (OSError, ValueError, RuntimeError):
            return False
        if index.d != self.dim or index.ntotal != stamp.get("count"):
            return False
        self._index = index
        return True

    def sync(self, store: Store, writable: bool) -> None:
        """Match the store: load the saved file if current, else rebuild from stored vectors."""
        generation = store.generation
        if generation == self.generation:
            return
        if not self._load_file(generation) or len(self) != store.passage_count():
            self._index = self._empty()
            for ids, vectors in store.all_embeddings(self.dim):
                self._index.add_with_ids(vectors, ids)
            if writable:
                self.save(generation)
        self.generation = generation
