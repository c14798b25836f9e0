"""The dev-set metric: asymmetric overlap, greedy one-to-one matching, speaker accuracy."""

from __future__ import annotations

from citebot.retrieval.models import Quote
from citebot.retrieval.quotes.scoring import match_document, overlap, score_documents


def gold(start: int, end: int, reference: str = "A B", speaker_span=None) -> dict:
    return {"quote_span": [start, end], "reference": reference, "speaker_span": speaker_span}


def test_overlap_is_relative_to_gold() -> None:
    assert overlap((0, 10), (0, 100)) == 1.0
    assert overlap((0, 10), (5, 100)) == 0.5
    assert overlap((0, 10), (20, 30)) == 0.0


def test_a_prediction_matches_only_one_gold() -> None:
    preds = [Quote(0, 100)]
    assert len(match_document([gold(0, 10), gold(20, 30)], preds, 0.3)) == 1


def test_threshold_is_strict() -> None:
    assert match_document([gold(0, 10)], [Quote(7, 10)], 0.3) == []
    assert len(match_document([gold(0, 10)], [Quote(6, 10)], 0.3)) == 1


def test_score_documents_counts_and_speaker_accuracy() -> None:
    docs = [
        {
            "doc_id": "d",
            "text": "x" * 50,
            "quotes": [gold(0, 10, "Ann Lee", [40, 43]), gold(20, 30)],
        }
    ]

    def predict(text: str) -> list[Quote]:
        return [Quote(0, 10, "ann  lee"), Quote(45, 49, "", 41, 42)]

    result = score_documents(docs, predict)
    assert (result["T=0.3"]["tp"], result["T=0.3"]["fp"], result["T=0.3"]["fn"]) == (1, 1, 1)
    assert result["T=0.3"]["f1"] == 0.5
    assert result["speaker_accuracy"] == 1.0


def test_a_prediction_on_a_neutral_span_is_neither_right_nor_wrong() -> None:
    docs = [
        {
            "doc_id": "d",
            "text": "x" * 100,
            "quotes": [gold(0, 10)],
            "neutral_spans": [[50, 70]],
        }
    ]

    def predict(text: str) -> list[Quote]:
        # One on the gold quote, one over most of the neutral span, one elsewhere.
        return [Quote(0, 10), Quote(52, 68), Quote(80, 95)]

    counts = score_documents(docs, predict)["T=0.3"]
    assert (counts["tp"], counts["fp"], counts["fn"]) == (1, 1, 0)

    def only_a_corner(text: str) -> list[Quote]:
        return [Quote(0, 10), Quote(65, 90)]  # covers 25% of the neutral span: a false positive

    counts = score_documents(docs, only_a_corner)["T=0.3"]
    assert counts["fp"] == 1
