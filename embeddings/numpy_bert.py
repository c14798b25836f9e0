"""Sentence-transformers BERT encoders run in plain numpy, so a query never imports torch.

``import sentence_transformers`` costs ~9 s on the project's 2-core machines; this module needs only
numpy, ``tokenizers`` (Rust), ``safetensors.numpy`` and ``threadpoolctl`` and loads in well under a
second. It reads a
local sentence-transformers folder (``modules.json``, ``config.json``, ``tokenizer.json``,
``model.safetensors``, the pooling config) and reproduces ``SentenceTransformer.encode`` to
float32 rounding. Anything it cannot reproduce exactly raises :class:`UnsupportedModel`, so callers
fall back to sentence-transformers instead of silently producing different vectors.

Batches are packed without padding: dense layers run on all real tokens of the batch at once and
attention runs per sequence over its own tokens, which is what a padded forward pass with an
attention mask computes, minus the wasted work on padding.
"""

from __future__ import annotations

import json
import math
import os
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from safetensors.numpy import load_file
from threadpoolctl import ThreadpoolController
from tokenizers import Tokenizer

# sentence_bert_config.json settings whose value we reproduce; any other non-empty setting may change
# the output (tokenizer/model arguments, other modalities...), so it is refused.
_TRANSFORMER_SETTINGS: dict[str, object] = {
    "do_lower_case": False,
    "transformer_task": "feature-extraction",
    "modality_config": {"text": {"method": "forward", "method_output_name": "last_hidden_state"}},
    "module_output_name": "token_embeddings",
}
_POOLING_KEYS = {
    "pooling_mode_cls_token": "cls",
    "pooling_mode_mean_tokens": "mean",
    "pooling_mode_max_tokens": "max",
    "pooling_mode_mean_sqrt_len_tokens": "mean_sqrt_len_tokens",
    "pooling_mode_weightedmean_tokens": "weightedmean",
    "pooling_mode_lasttoken": "lasttoken",
}
_SUPPORTED_POOLING = ("mean", "cls")
# Rows per feed-forward chunk: keeps the (rows x intermediate) activation inside L2/L3 so the
# element-wise GELU does not stream hundreds of MB through memory.
_FFN_CHUNK_ROWS = 256
# Batches up to this many tokens (a query or a few) run BLAS on one thread: on a busy 2-core machine
# OpenBLAS's thread hand-offs turned a 10 ms query into 90-330 ms, while one thread stays at ~10 ms.
_SINGLE_THREAD_MAX_TOKENS = 128


def _cores() -> int:
    """The cores this process may run on (a container or taskset may allow fewer than exist)."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


class UnsupportedModel(ValueError):
    """The model folder needs something this numpy path does not reproduce exactly."""


@dataclass(frozen=True)
class _Layer:
    qkv_w: np.ndarray  # (hidden, 3*hidden), query part pre-scaled by 1/sqrt(head_dim)
    qkv_b: np.ndarray
    out_w: np.ndarray
    out_b: np.ndarray
    ln1_w: np.ndarray
    ln1_b: np.ndarray
    ffn_in_w: np.ndarray
    ffn_in_b: np.ndarray
    ffn_out_w: np.ndarray
    ffn_out_b: np.ndarray
    ln2_w: np.ndarray
    ln2_b: np.ndarray


def _read_json(path: Path, required: bool = True) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        if not required:
            return {}
        raise UnsupportedModel(f"{path.name} is missing from {path.parent}") from exc


def _module_kind(entry: dict[str, Any]) -> str:
    type_name = str(entry.get("type", ""))
    if not type_name.startswith("sentence_transformers."):
        raise UnsupportedModel(f"custom module {type_name!r} in modules.json")
    return type_name.rsplit(".", 1)[-1]


def _pooling_mode(config: dict[str, Any]) -> str:
    """The single pooling mode of a Pooling config, in its legacy (booleans) or new form."""
    if "pooling_mode" in config:
        mode = config["pooling_mode"]
        modes = [mode] if isinstance(mode, str) else list(mode)
    else:
        modes = [name for key, name in _POOLING_KEYS.items() if config.get(key)] or ["mean"]
    if len(modes) != 1 or modes[0] not in _SUPPORTED_POOLING:
        raise UnsupportedModel(f"pooling {modes} (supported: one of {_SUPPORTED_POOLING})")
    if not config.get("include_prompt", True):
        raise UnsupportedModel("pooling with include_prompt=False")
    return modes[0]


def _check_bert_config(config: dict[str, Any]) -> None:
    checks = {
        "model_type": (config.get("model_type"), "bert"),
        "hidden_act": (config.get("hidden_act"), "gelu"),
        "position_embedding_type": (config.get("position_embedding_type", "absolute"), "absolute"),
        "is_decoder": (config.get("is_decoder", False), False),
        # transformers would compute in a half dtype named here, whatever the checkpoint holds
        "dtype": (config.get("dtype") or config.get("torch_dtype") or "float32", "float32"),
    }
    for key, (value, wanted) in checks.items():
        if value != wanted:
            raise UnsupportedModel(f"config.json {key}={value!r} (supported: {wanted!r})")
    if config["hidden_size"] % config["num_attention_heads"]:
        raise UnsupportedModel("hidden_size is not a multiple of num_attention_heads")


def _erf(x: np.ndarray) -> np.ndarray:
    """float32 erf (numpy has none; scipy would cost its import): Eigen's rational fit, ~4e-7 abs.

    Works in place on ``x`` and returns it.
    """
    np.clip(x, -4.0, 4.0, out=x)
    x2 = x * x
    num = np.full_like(x, -2.72614225801306e-10)
    for c in (
        2.77068142495902e-08,
        -2.10102402082508e-06,
        -5.69250639462346e-05,
        -7.34990630326855e-04,
        -2.95459980854025e-03,
        -1.60960333262415e-02,
    ):
        num *= x2
        num += np.float32(c)
    num *= x
    den = np.full_like(x, -1.45660718464996e-05)
    for c in (
        -2.13374055278905e-04,
        -1.68282697438203e-03,
        -7.37332916720468e-03,
        -1.42647390514189e-02,
    ):
        den *= x2
        den += np.float32(c)
    np.divide(num, den, out=x)
    return x


def _gelu_(x: np.ndarray) -> np.ndarray:
    """Exact (erf) GELU as BERT's ``hidden_act="gelu"``, in place: the tanh form drifts ~1e-3."""
    half_x = x * np.float32(0.5)
    x *= np.float32(1.0 / math.sqrt(2.0))
    _erf(x)
    x += np.float32(1.0)
    x *= half_x
    return x


def _layer_norm_(x: np.ndarray, weight: np.ndarray, bias: np.ndarray, eps: float) -> np.ndarray:
    """LayerNorm over the last axis, in place."""
    x -= x.mean(axis=-1, keepdims=True)
    var = np.einsum("ij,ij->i", x, x)[:, None]
    var *= np.float32(1.0 / x.shape[-1])
    var += np.float32(eps)
    np.sqrt(var, out=var)
    x /= var
    x *= weight
    x += bias
    return x


def _softmax_(x: np.ndarray) -> np.ndarray:
    """Softmax over the last axis, in place."""
    x -= x.max(axis=-1, keepdims=True)
    np.exp(x, out=x)
    x /= x.sum(axis=-1, keepdims=True)
    return x


class NumpyBertEmbedder:
    """A sentence-transformers ``Transformer(BERT) -> Pooling(mean|cls) -> [Normalize]`` stack.

    Raises :class:`UnsupportedModel` at construction for anything else, including a missing file,
    since the caller's remedy (fall back to sentence-transformers) is the same.
    """

    def __init__(self, model_dir: str | Path) -> None:
        self.model_dir = Path(model_dir)
        if not self.model_dir.is_dir():
            raise UnsupportedModel(f"{self.model_dir} is not a local model folder")
        self._read_modules()
        config = _read_json(self.model_dir / "config.json")
        _check_bert_config(config)
        self.dim = int(config["hidden_size"])
        self._heads = int(config["num_attention_heads"])
        self._eps = float(config.get("layer_norm_eps", 1e-12))
        self._pad_id = int(config.get("pad_token_id") or 0)
        self._tokenizer = self._load_tokenizer(config)
        self._load_weights(int(config["num_hidden_layers"]))
        self._threadpools = ThreadpoolController()
        # The BLAS thread limit is process-wide: callers that want one thread share one limit,
        # set by the first in and restored by the last out; interleaved set/restore pairs could
        # leave BLAS on one thread for good.
        self._single_thread = threading.Lock()
        self._single_thread_users = 0
        self._limit: Any = None

    def _read_modules(self) -> None:
        modules = sorted(_read_json(self.model_dir / "modules.json"), key=lambda m: m.get("idx", 0))
        kinds = [_module_kind(m) for m in modules]
        if kinds not in (["Transformer", "Pooling"], ["Transformer", "Pooling", "Normalize"]):
            raise UnsupportedModel(f"modules {kinds}: need Transformer, Pooling[, Normalize]")
        if modules[0].get("path", "") != "":
            raise UnsupportedModel("the Transformer module is not at the folder root")
        self.normalize = kinds[-1] == "Normalize"
        pooling_config = _read_json(self.model_dir / modules[1]["path"] / "config.json")
        self.pooling = _pooling_mode(pooling_config)
        st_config = _read_json(self.model_dir / "config_sentence_transformers.json", required=False)
        if st_config.get("default_prompt_name"):
            raise UnsupportedModel("a default prompt is applied by sentence-transformers")

    def _load_tokenizer(self, config: dict[str, Any]) -> Tokenizer:
        """The fast tokenizer, truncating where and as sentence-transformers does.

        ST truncates to ``max_seq_length`` from sentence_bert_config.json (older saves) or else to
        the tokenizer's ``model_max_length`` (what sentence-transformers 6 saves).
        """
        st_config = _read_json(self.model_dir / "sentence_bert_config.json", required=False)
        for key, value in st_config.items():
            if key != "max_seq_length" and value and value != _TRANSFORMER_SETTINGS.get(key):
                raise UnsupportedModel(f"sentence_bert_config.json {key}={value!r}")
        tok_config = _read_json(self.model_dir / "tokenizer_config.json", required=False)
        limit = st_config.get("max_seq_length") or tok_config.get("model_max_length")
        self.max_seq_length = min(int(v) for v in (limit, config["max_position_embeddings"]) if v)
        path = self.model_dir / "tokenizer.json"
        if not path.exists():
            raise UnsupportedModel("no tokenizer.json (fast tokenizer) in the model folder")
        tokenizer = Tokenizer.from_file(str(path))
        if tokenizer.post_processor is None:
            raise UnsupportedModel("tokenizer.json adds no special tokens")
        # The file may carry its own fixed padding/truncation (this one pads to 128): replace them.
        tokenizer.enable_truncation(
            max_length=self.max_seq_length,
            strategy="longest_first",
            direction=tok_config.get("truncation_side", "right"),
        )
        tokenizer.no_padding()
        return tokenizer

    def _load_weights(self, num_layers: int) -> None:
        try:
            raw = load_file(str(self.model_dir / "model.safetensors"))
        except (OSError, TypeError, ValueError) as exc:  # missing, or a dtype numpy lacks (bf16)
            raise UnsupportedModel(f"cannot read model.safetensors as numpy: {exc}") from exc
        # BertModel checkpoints have bare keys; *ForMaskedLM/etc. nest them under "bert.".
        prefix = "" if "embeddings.word_embeddings.weight" in raw else "bert."

        def take(key: str) -> np.ndarray:
            try:
                value = raw[prefix + key]
            except KeyError as exc:
                raise UnsupportedModel(f"weight {prefix + key} missing") from exc
            if value.dtype != np.float32:  # torch would compute in that dtype, not float32
                raise UnsupportedModel(f"weight {prefix + key} is {value.dtype}")
            return value

        def dense(key: str) -> tuple[np.ndarray, np.ndarray]:
            return np.ascontiguousarray(take(key + ".weight").T), take(key + ".bias")

        self._word = take("embeddings.word_embeddings.weight")
        self._position = take("embeddings.position_embeddings.weight")
        self._token_type0 = take("embeddings.token_type_embeddings.weight")[0]
        self._emb_ln = (take("embeddings.LayerNorm.weight"), take("embeddings.LayerNorm.bias"))
        scale = np.float32(1.0 / math.sqrt(self.dim // self._heads))
        self._layers: list[_Layer] = []
        for i in range(num_layers):
            p = f"encoder.layer.{i}."
            q_w, q_b = dense(p + "attention.self.query")
            k_w, k_b = dense(p + "attention.self.key")
            v_w, v_b = dense(p + "attention.self.value")
            out_w, out_b = dense(p + "attention.output.dense")
            ffn_in_w, ffn_in_b = dense(p + "intermediate.dense")
            ffn_out_w, ffn_out_b = dense(p + "output.dense")
            self._layers.append(
                _Layer(
                    qkv_w=np.ascontiguousarray(np.concatenate([q_w * scale, k_w, v_w], axis=1)),
                    qkv_b=np.concatenate([q_b * scale, k_b, v_b]),
                    out_w=out_w,
                    out_b=out_b,
                    ln1_w=take(p + "attention.output.LayerNorm.weight"),
                    ln1_b=take(p + "attention.output.LayerNorm.bias"),
                    ffn_in_w=ffn_in_w,
                    ffn_in_b=ffn_in_b,
                    ffn_out_w=ffn_out_w,
                    ffn_out_b=ffn_out_b,
                    ln2_w=take(p + "output.LayerNorm.weight"),
                    ln2_b=take(p + "output.LayerNorm.bias"),
                )
            )

    def _pad(self, sequences: list[list[int]]) -> tuple[np.ndarray, np.ndarray]:
        longest = max((len(s) for s in sequences), default=0)
        ids = np.full((len(sequences), longest), self._pad_id, dtype=np.int64)
        mask = np.zeros_like(ids)
        for row, seq in enumerate(sequences):
            ids[row, : len(seq)] = seq
            mask[row, : len(seq)] = 1
        return ids, mask

    def forward(self, input_ids: np.ndarray, attention_mask: np.ndarray) -> np.ndarray:
        """Pooled (and, if the model says so, normalised) float32 vectors for a padded batch."""
        rows, cols = np.nonzero(attention_mask)
        lengths = np.bincount(rows, minlength=input_ids.shape[0])
        if not lengths.all():
            raise ValueError("every sequence needs at least one unmasked token")
        bounds = np.concatenate([[0], np.cumsum(lengths)])
        spans = list(zip(bounds[:-1].tolist(), bounds[1:].tolist(), strict=True))

        x = self._word[input_ids[rows, cols]]
        x += self._position[cols]
        x += self._token_type0
        _layer_norm_(x, *self._emb_ln, self._eps)
        for layer in self._layers:
            x = self._layer(x, layer, spans)

        if self.pooling == "cls":
            pooled = x[bounds[:-1]]
        else:
            pooled = np.add.reduceat(x, bounds[:-1], axis=0) / lengths[:, None].astype(np.float32)
        if self.normalize:
            pooled /= np.maximum(np.linalg.norm(pooled, axis=1, keepdims=True), np.float32(1e-12))
        return pooled.astype(np.float32, copy=False)

    def _layer(self, x: np.ndarray, layer: _Layer, spans: list[tuple[int, int]]) -> np.ndarray:
        hidden, heads = self.dim, self._heads
        head_dim = hidden // heads
        qkv = x @ layer.qkv_w
        qkv += layer.qkv_b
        context = np.empty_like(x)
        for start, end in spans:
            n = end - start
            # (n, 3*hidden) -> three (heads, n, head_dim) views
            q, k, v = qkv[start:end].reshape(n, 3, heads, head_dim).transpose(1, 2, 0, 3)
            probs = _softmax_(q @ k.transpose(0, 2, 1))
            context[start:end] = (probs @ v).transpose(1, 0, 2).reshape(n, hidden)
        attended = context @ layer.out_w
        attended += layer.out_b
        attended += x
        x = _layer_norm_(attended, layer.ln1_w, layer.ln1_b, self._eps)

        for start in range(0, x.shape[0], _FFN_CHUNK_ROWS):
            chunk = x[start : start + _FFN_CHUNK_ROWS]
            inner = chunk @ layer.ffn_in_w
            inner += layer.ffn_in_b
            out = _gelu_(inner) @ layer.ffn_out_w
            out += layer.ffn_out_b
            out += chunk
            chunk[:] = _layer_norm_(out, layer.ln2_w, layer.ln2_b, self._eps)
        return x

    def encode(self, texts: list[str], batch_size: int = 32) -> np.ndarray:
        """``(len(texts), dim)`` float32 vectors, in input order.

        Texts are batched by token length (like sentence-transformers) so similar lengths share a
        batch. Several batches run side by side, one per core, each on one BLAS thread: on 2
        cores that encodes ~1.3x faster than one batch at a time on two BLAS threads, which wait
        for each other at every matrix product, and lets work running beside the encoder (an
        ingest's parser) share the cores without that waiting.
        """
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        batches = list(self._batches(texts, batch_size))
        lanes = min(_cores(), len(batches))
        if lanes <= 1:  # a lone batch: BLAS threads are all the parallelism there is
            for index, (ids, mask) in batches:
                if mask.sum() <= _SINGLE_THREAD_MAX_TOKENS:
                    with self._on_one_thread():
                        out[index] = self.forward(ids, mask)
                else:
                    out[index] = self.forward(ids, mask)
            return out
        with ThreadPoolExecutor(lanes) as pool:
            for index, vectors in pool.map(self._forward_on_one_thread, batches):
                out[index] = vectors
        return out

    def _forward_on_one_thread(
        self, batch: tuple[np.ndarray, tuple[np.ndarray, np.ndarray]]
    ) -> tuple[np.ndarray, np.ndarray]:
        index, (ids, mask) = batch
        with self._on_one_thread():
            return index, self.forward(ids, mask)

    @contextmanager
    def _on_one_thread(self) -> Iterator[None]:
        with self._single_thread:
            if not self._single_thread_users:
                self._limit = self._threadpools.limit(limits=1, user_api="blas")
            self._single_thread_users += 1
        try:
            yield
        finally:
            with self._single_thread:
                self._single_thread_users -= 1
                if not self._single_thread_users:
                    self._limit.restore_original_limits()

    def _batches(
        self, texts: list[str], batch_size: int
    ) -> Iterator[tuple[np.ndarray, tuple[np.ndarray, np.ndarray]]]:
        sequences = [e.ids for e in self._tokenizer.encode_batch(texts)]
        order = np.argsort([-len(s) for s in sequences], kind="stable")
        for start in range(0, len(order), batch_size):
            index = order[start : start + batch_size]
            yield index, self._pad([sequences[i] for i in index])
