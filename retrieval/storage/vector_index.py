"""The FAISS index of passage vectors, keyed by passage id.

It is derived data: the store keeps every embedding, so a missing, stale or truncated index
file is rebuilt from the store instead of failing. The file records the store generation it
matches; a reader that sees another generation reloads.

The index type follows the size, switching once when an add crosses ``FLAT_MAX``:

* up to ``FLAT_MAX`` passages, exact search (``IndexFlatIP`` in an ``IndexIDMap``): 1.5 kB per
  passage, and scanning all of them stays cheap (a few ms at 50k on one core);
* above, ``IndexIVFScalarQuantizer`` (``IVF_LISTS`` k-means cells, 8-bit codes, inner product),
  trained on the vectors held when the threshold is crossed: 0.4 kB per passage, so 1M passages
  take ~0.4 GB instead of 1.5 GB, and a query scans only ``IVF_PROBE`` cells (~1 ms at 100k,
  where exact search costs 5-20 ms on this machine). ``citebot bench`` measures its recall@10
  against exact search (>= 0.95 is the target). Scores are approximate, so callers that show
  cosines recompute them from the stored embeddings (see ``exact``).

Searches run on one OpenMP thread: a single query gains nothing from more, and waking idle
threads on a busy 2-core machine cost more than the search itself (measured: 137 ms vs 21 ms
for an exact 100k search under load). Training and bulk adds keep all threads.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import threading
from pathlib import Path

import faiss
import numpy as np

from citebot.retrieval.storage.store import Store

log = logging.getLogger(__name__)

FLAT_MAX = 50_000  # passages searched exactly; above, the IVF index
IVF_LISTS = 1024  # ~sqrt(1M): cells of ~1k vectors at 1M passages
IVF_PROBE = 48  # cells scanned per query: recall@10 >= 0.95 at 1M (citebot bench)
IVF_TRAIN = 64 * IVF_LISTS  # k-means training sample (faiss wants >= 39 per cell)
ADD_BATCH = 65_536  # vectors per add when converting, to bound temporary memory


def file_digest(path: Path) -> str:
    with path.open("rb") as f:
        return hashlib.file_digest(f, "sha256").hexdigest()


def read_stamp(path: Path) -> dict | None:
    """The vector file's stamp (store generation, vector count, checksum of the file), or None
    when it is missing or not one: hand-edited, written by an older citebot, or torn."""
    try:
        stamp = json.loads(path.read_text())
    except (OSError, ValueError):
        return None
    if not isinstance(stamp, dict):
        return None
    wanted = {"generation": int, "count": int, "sha256": str}
    for key, kind in wanted.items():
        if not isinstance(stamp.get(key), kind) or isinstance(stamp.get(key), bool):
            return None
    return stamp


class VectorIndex:
    """``directory`` holds the saved index (embedded mode); a server-mode index lives in
    memory only. A lock keeps searches apart from a change follower's adds and removes."""

    def __init__(self, directory: Path | None, dim: int) -> None:
        folder = directory or Path()  # in memory: ``save``/``sync`` are never called
        self.path = folder / "vectors.faiss"
        self.stamp_path = folder / "vectors.json"
        self.dim = dim
        self.generation = -1
        self._index: faiss.Index = self._empty()
        self._lock = threading.RLock()

    def _empty(self) -> faiss.Index:
        return faiss.IndexIDMap(faiss.IndexFlatIP(self.dim))

    def __len__(self) -> int:
        return int(self._index.ntotal)

    @property
    def exact(self) -> bool:
        """Whether search scores are exact cosines (False once the index is quantised)."""
        return not isinstance(self._index, faiss.IndexIVF)

    def add(self, ids: list[int] | np.ndarray, vectors: np.ndarray) -> None:
        if len(ids) == 0:
            return
        with self._lock:
            self._index.add_with_ids(
                np.ascontiguousarray(vectors, dtype=np.float32), np.asarray(ids, dtype=np.int64)
            )
            if self.exact and len(self) > FLAT_MAX:
                self._quantise()

    def _quantise(self) -> None:
        """Move the exact index's vectors into a new IVF index trained on them."""
        flat = faiss.downcast_index(self._index.index)
        ids = faiss.vector_to_array(self._index.id_map)
        vectors = faiss.rev_swig_ptr(flat.get_xb(), len(ids) * self.dim).reshape(-1, self.dim)
        rng = np.random.default_rng(0)  # the same vectors always give the same index
        sample = vectors[np.sort(rng.choice(len(ids), min(len(ids), IVF_TRAIN), replace=False))]
        index = faiss.IndexIVFScalarQuantizer(
            faiss.IndexFlatIP(self.dim),
            self.dim,
            IVF_LISTS,
            faiss.ScalarQuantizer.QT_8bit,
            faiss.METRIC_INNER_PRODUCT,
        )
        index.cp.niter = 15
        index.train(np.ascontiguousarray(sample))
        index.nprobe = IVF_PROBE
        for start in range(0, len(ids), ADD_BATCH):
            index.add_with_ids(
                np.ascontiguousarray(vectors[start : start + ADD_BATCH]),
                ids[start : start + ADD_BATCH],
            )
        self._index = index

    def remove(self, ids: list[int]) -> None:
        if ids:
            with self._lock:
                self._index.remove_ids(np.asarray(ids, dtype=np.int64))

    def search(self, vector: np.ndarray, k: int) -> list[tuple[int, float]]:
        if len(self) == 0:
            return []
        threads = faiss.omp_get_max_threads()
        faiss.omp_set_num_threads(1)
        try:
            with self._lock:
                scores, ids = self._index.search(
                    vector.reshape(1, -1).astype(np.float32), min(k, len(self))
                )
        finally:
            faiss.omp_set_num_threads(threads)
        return [(int(i), float(s)) for i, s in zip(ids[0], scores[0], strict=True) if i >= 0]

    def save(self, generation: int) -> None:
        """Write atomically (temp file + rename) so a crash never leaves a torn index file."""
        tmp = self.path.with_suffix(".faiss.tmp")
        try:
            faiss.write_index(self._index, str(tmp))
        except RuntimeError as e:  # how faiss reports a full disk; leave no partial file behind
            tmp.unlink(missing_ok=True)
            raise OSError(f"cannot write {tmp.name}: {str(e).split('failed: ')[-1]}") from None
        digest = file_digest(tmp)  # `check` and every load verify it: flipped bytes are caught
        os.replace(tmp, self.path)
        stamp_tmp = self.stamp_path.with_suffix(".json.tmp")
        stamp_tmp.write_text(
            json.dumps({"generation": generation, "count": len(self), "sha256": digest})
        )
        os.replace(stamp_tmp, self.stamp_path)
        self.generation = generation

    def _load_file(self, generation: int) -> bool:
        """Load the saved file if it is the store's generation and its checksum matches."""
        stamp = read_stamp(self.stamp_path)
        if stamp is None or stamp["generation"] != generation:
            return False
        try:
            if file_digest(self.path) != stamp["sha256"]:
                log.warning(
                    "%s does not match its checksum; rebuilding it from the store", self.path
                )
                return False
            index = faiss.read_index(str(self.path))
        except (OSError, RuntimeError) as e:
            log.warning("%s is unreadable (%s); rebuilding it from the store", self.path, e)
            return False
        if index.d != self.dim or index.ntotal != stamp.get("count"):
            log.warning("%s does not match its stamp; rebuilding it from the store", self.path)
            return False
        if isinstance(index, faiss.IndexIVF):
            index.nprobe = IVF_PROBE
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
                self.add(ids, vectors)
            if writable:
                self.save(generation)
        self.generation = generation
