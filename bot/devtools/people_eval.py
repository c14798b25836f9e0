"""The people checks of ``citebot eval``: disambiguation and roles, on the project's own corpus.

``tests/data/people`` (README there) holds short articles written for this: two people sharing a
surname in different articles and in one article, title forms ("Ms Hale"), a role held by two
people one after another and by two people at once, roles naming an organisation, he/she
speakers alternating, a wire reprint. Each question says what a right answer is:

- ``person`` / ``role``: these quotes are cited (every place they appear counts), nothing else
  is, and the headline names whom it should (``headline_names``, e.g. the earlier holder);
- ``clarify``: the answer asks back with exactly these people and cites nothing;
- ``nobody``: nothing is cited (a name or role nobody in the articles has).
"""

from __future__ import annotations

from pathlib import Path

from citebot.bot.answering.answer import Answer
from citebot.bot.answering.service import Citebot
from citebot.retrieval.quotes.scoring import overlap
from citebot.retrieval.speakers.search import name_words

T = 0.3
CHECKS = ("disambiguation", "role")


def _cited(answer: Answer) -> list[tuple[str, int, int]]:
    cited = [c for q in answer.quotes for c in (q.citations or [q.citation])]
    cited += [e.citation for e in answer.evidence]
    return [(c.article_id, c.start, c.end) for c in cited]


def _spans(pairs: list[list[str]], texts: dict[str, str]) -> list[tuple[str, int, int]]:
    """(doc, start, end) of each [doc, exact words] pair."""
    spans = []
    for doc, words in pairs:
        start = texts[doc].find(words)
        if start < 0:
            raise ValueError(f"{doc}: {words!r} is not in the article")
        spans.append((doc, start, start + len(words)))
    return spans


def _hits(gold: list[tuple[str, int, int]], cited: list[tuple[str, int, int]]) -> int:
    """Gold spans found by distinct cited spans of the same article."""
    unused = list(cited)
    found = 0
    for doc, s, e in gold:
        best = max(
            (c for c in unused if c[0] == doc), key=lambda c: overlap((s, e), c[1:]), default=None
        )
        if best is not None and overlap((s, e), best[1:]) > T:
            unused.remove(best)
            found += 1
    return found


def _names_match(expected: list[str], offered: list[str]) -> bool:
    """Each expected person is offered (by their words: "Susan Cole" in "Matron Susan
    Cole"), and nobody else is."""
    words = [set(name_words(o)) for o in offered]
    return len(expected) == len(offered) and all(
        any(set(name_words(e)) <= w for w in words) for e in expected
    )


def _judge(q: dict, answer: Answer, texts: dict[str, str], sums: dict) -> str:
    """ "" when the answer is right, else what is wrong with it."""
    cited = _cited(answer)
    offered = [c.speaker for c in answer.clarify]
    if q["kind"] == "clarify":
        if cited or not _names_match(q["candidates"], offered):
            return f"asked back {offered}, cited {len(cited)}"
        return ""
    if q["kind"] == "nobody":
        return f"cited {len(cited)} spans, asked back {offered}" if cited or offered else ""
    gold = _spans(q["quotes"], texts)
    acceptable = gold + _spans(q.get("also", []), texts)
    found, correct = _hits(gold, cited), _hits(acceptable, cited)
    sums["gold"] += len(gold)
    sums["found"] += found
    sums["cited"] += len(cited)
    sums["correct"] += correct
    missing = [n for n in q.get("headline_names", []) if n not in answer.headline]
    if found < len(gold) or correct < len(cited) or missing:
        return (
            f"found {found}/{len(gold)}, {len(cited) - correct} of {len(cited)} cited spans "
            f"wrong{', headline lacks ' + ', '.join(missing) if missing else ''}"
        )
    return ""


def score_people(bot: Citebot, questions: list[dict], texts: dict[str, str]) -> dict:
    """Right answers per check, span recall/precision over the quote questions, failures."""
    checks = {c: {"right": 0, "total": 0} for c in CHECKS}
    sums = {"gold": 0, "found": 0, "cited": 0, "correct": 0}
    failures = []
    for q in questions:
        wrong = _judge(q, bot.ask(q["question"]), texts, sums)
        checks[q["check"]]["total"] += 1
        checks[q["check"]]["right"] += not wrong
        if wrong:
            failures.append(f"{q['qid']} {q['question']}: {wrong}")
    return {
        **checks,
        "span_recall": sums["found"] / sums["gold"] if sums["gold"] else 0.0,
        "span_precision": sums["correct"] / sums["cited"] if sums["cited"] else 0.0,
        "failures": failures,
    }


def people_lines(result: dict, folder: Path) -> list[str]:
    d, r = result["disambiguation"], result["role"]
    return [
        f"People ({folder})",
        f"  disambiguation               {d['right']}/{d['total']} right",
        f"  roles                        {r['right']}/{r['total']} right",
        f"  quotes of the right person   span recall {result['span_recall']:.3f}  "
        f"span precision {result['span_precision']:.3f}",
    ]
