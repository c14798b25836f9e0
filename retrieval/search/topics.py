"""What a quote is about, as a vector made once at ingest.

"What did X say about council tax?" ranks X's quotes by the cosine between the topic and each
quote's topic vector. The vector encodes the quote's opening words (a statement's first words
tell what it is about, and short texts cost a fraction of a passage to encode); it is stored
with the quote, in the same transaction, by the index's own model, so a question only encodes
its topic. Quotes that have no vector of the index's dimension (a store made before schema 4
that no ingest or ``check --repair`` has completed yet) fall back to the stored vector of the
passage they start in: never to encoding at question time.
"""

from __future__ import annotations

import numpy as np

TOPIC_WORDS = 40  # opening words of a quote encoded for its topic vector


def topic_text(quote_text: str) -> str:
    """The part of a quote its topic vector encodes."""
    return " ".join(quote_text.split()[:TOPIC_WORDS])


def decoded(blob: bytes | None, dim: int) -> np.ndarray | None:
    """A stored float32 vector, or None when there is none of this dimension (another
    model's vector must never be compared with this model's)."""
    if blob is None or len(blob) != 4 * dim:
        return None
    return np.frombuffer(blob, dtype="<f4")


def reusable(stored: dict[str, bytes], dim: int) -> dict[str, np.ndarray]:
    """Stored vectors by quote text, keeping those of this dimension only."""
    found = {text: decoded(blob, dim) for text, blob in stored.items()}
    return {text: v for text, v in found.items() if v is not None}
