"""The dev set's quote-extraction metric (GGT evaluate_quotes logic, see tests/data/eval/README.md).

Per document, gold quotes are taken in order; each is matched by the UNUSED prediction with the
highest |gold ∩ pred| / |gold| character overlap, a match if the score is > T. P/R/F1 are
micro-averaged. Speaker accuracy counts a matched quote as right when the predicted speaker equals
the gold reference (case-folded, whitespace-normalised) or where the prediction names its speaker
(``named_start``/``named_end``: its own mention, or the mention a floating quote takes its speaker
from) overlaps the gold speaker span. PolNeAR gives no canonical names, and its source of a
floating quote is that earlier mention; an unknown speaker is never right.

A document may list ``neutral_spans``: attributions the gold set neither requires nor forbids
(PolNeAR's beliefs and polls). A prediction that matches no gold quote but covers more than
``NEUTRAL_COVER`` of a neutral span counts as neither a true nor a false positive.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from citebot.retrieval.models import Quote

THRESHOLDS = (0.3, 0.8)
NEUTRAL_COVER = 0.3


@dataclass(frozen=True)
class Match:
    gold: dict
    pred: Quote


def overlap(gold: tuple[int, int], pred: tuple[int, int]) -> float:
    """|gold ∩ pred| / |gold| (asymmetric: a long prediction covering the gold span scores 1)."""
    g0, g1 = gold
    inter = max(0, min(g1, pred[1]) - max(g0, pred[0]))
    return inter / (g1 - g0) if g1 > g0 else 0.0


def match_document(gold: list[dict], pred: list[Quote], threshold: float) -> list[Match]:
    """Greedy one-to-one matching in gold order."""
    unused = list(pred)
    matches = []
    for g in gold:
        span = tuple(g["quote_span"])
        best = max(unused, key=lambda p: overlap(span, (p.start, p.end)), default=None)
        if best is not None and overlap(span, (best.start, best.end)) > threshold:
            unused.remove(best)
            matches.append(Match(g, best))
    return matches


def is_neutral(pred: Quote, neutral: list[list[int]]) -> bool:
    """Does an unmatched prediction cover most of an attribution the gold set left neutral?"""
    return any(overlap((n[0], n[1]), (pred.start, pred.end)) > NEUTRAL_COVER for n in neutral)


def _norm(s: str) -> str:
    return " ".join(s.casefold().split())


def speaker_correct(gold: dict, pred: Quote) -> bool:
    if pred.speaker and _norm(pred.speaker) == _norm(gold["reference"]):
        return True
    span = gold.get("speaker_span")
    if span and pred.named_start is not None and pred.named_end is not None:
        return min(span[1], pred.named_end) > max(span[0], pred.named_start)
    return False


def _prf(tp: int, fp: int, fn: int) -> dict:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    return {"tp": tp, "fp": fp, "fn": fn, "precision": p, "recall": r, "f1": f1}


def score_documents(gold_docs: Iterable[dict], predict: Callable[[str], list[Quote]]) -> dict:
    """Score ``predict`` (article text -> quotes) on gold quotes.jsonl records.

    Returns {"T=0.3": {tp, fp, fn, precision, recall, f1}, "T=0.8": {...},
    "speaker_accuracy": float (over T=0.3 matches), "speaker_correct": int, "matched": int,
    "per_document": {doc_id: {"T=0.3": ..., "T=0.8": ...}}}.
    """
    totals = {t: [0, 0, 0] for t in THRESHOLDS}
    per_doc: dict[str, dict] = {}
    correct = matched = 0
    for doc in gold_docs:
        pred = predict(doc["text"])
        gold = doc["quotes"]
        per_doc[doc["doc_id"]] = {}
        for t in THRESHOLDS:
            ms = match_document(gold, pred, t)
            matched_ids = {id(m.pred) for m in ms}
            fp = sum(
                id(p) not in matched_ids and not is_neutral(p, doc.get("neutral_spans", []))
                for p in pred
            )
            counts = (len(ms), fp, len(gold) - len(ms))
            totals[t] = [a + b for a, b in zip(totals[t], counts, strict=True)]
            per_doc[doc["doc_id"]][f"T={t}"] = _prf(*counts)
            if t == THRESHOLDS[0]:
                matched += len(ms)
                correct += sum(speaker_correct(m.gold, m.pred) for m in ms)
    result: dict = {f"T={t}": _prf(*totals[t]) for t in THRESHOLDS}
    result.update(
        speaker_accuracy=correct / matched if matched else 0.0,
        speaker_correct=correct,
        matched=matched,
        per_document=per_doc,
    )
    return result
