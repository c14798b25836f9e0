"""Dev-set floor: a regression in extraction or attribution fails CI.

Floors sit a little below the measured numbers (F1 0.982 / 0.976, speaker 0.939 from the text
alone; see retrieval/quote_scoring.py for the metric).
"""

from __future__ import annotations

import json
from pathlib import Path

from citebot.retrieval.quotes.extraction import extract_quotes
from citebot.retrieval.quotes.scoring import score_documents

DEV = Path(__file__).parent / "data" / "eval" / "quotes.jsonl"


def test_devset_floor() -> None:
    docs = [json.loads(line) for line in DEV.read_text(encoding="utf-8").splitlines() if line]
    result = score_documents(docs, extract_quotes)
    assert result["T=0.3"]["f1"] >= 0.975
    assert result["T=0.8"]["f1"] >= 0.97
    assert result["speaker_accuracy"] >= 0.935
