"""``citebot eval``: score quote extraction and answers against a gold development set.

Rules (tests/data/eval/README.md): quotes are matched one-to-one by character overlap
|gold ∩ pred| / |gold| > T; answers are scored on the spans their first page cites (what the
user sees before pressing "More"); an unanswerable question is right only if nothing is cited;
a follow-up's second turn is scored after its first turn in one conversation.
"""

from __future__ import annotations

import json
import tempfile
from dataclasses import replace
from pathlib import Path

from citebot.bot.answering.answer import Answer
from citebot.bot.answering.conversation import Conversation
from citebot.bot.answering.service import Citebot
from citebot.bot.settings import Settings
from citebot.embeddings.encoder import Encoder
from citebot.retrieval.articles.loading import article_from_text
from citebot.retrieval.quotes.extraction import extract_quotes
from citebot.retrieval.quotes.scoring import overlap, score_documents

T = 0.3


def _read_jsonl(path: Path) -> list[dict]:
    return [
        json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()
    ]


def _spans(answer: Answer) -> list[tuple[str, int, int]]:
    cited = [c for q in answer.quotes for c in q.parts or [q.citation]]
    cited += [e.citation for e in answer.evidence]
    return [(c.article_id, c.start, c.end) for c in cited]


def _first_page(conversation: Conversation, question: str) -> list[tuple[str, int, int]]:
    return _spans(conversation.ask(question))


def _match(gold: list[list[int]], doc: str, cited: list[tuple[str, int, int]]) -> int:
    """Gold spans found by a distinct cited span of the same document (one-to-one)."""
    unused = [(s, e) for d, s, e in cited if d == doc]
    found = 0
    for g in gold:
        best = max(unused, key=lambda p: overlap(tuple(g), p), default=None)
        if best is not None and overlap(tuple(g), best) > T:
            unused.remove(best)
            found += 1
    return found


def score_answers(bot: Citebot, questions: list[dict]) -> dict:
    sums = {"gold": 0, "found": 0, "cited": 0, "correct_cited": 0}
    unanswerable = [0, 0]
    factoid = {"n": 0, "top1": 0, "top5": 0}
    followups: list[dict] = []
    failures: list[str] = []
    for q in questions:
        kind = q["kind"]
        if kind == "who_said_what":
            cited = _first_page(bot.new_conversation(), q["question"])
            gold = q["answer_quote_spans"]
            found = _match(gold, q["doc_id"], cited)
            acceptable = gold + q.get("also_acceptable_quote_spans", [])
            correct = _match(acceptable, q["doc_id"], cited)
            sums["gold"] += len(gold)
            sums["found"] += found
            sums["cited"] += len(cited)
            sums["correct_cited"] += correct
            if found < len(gold) or correct < len(cited):
                failures.append(
                    f"{q['qid']} {q['question']}: found {found}/{len(gold)}, "
                    f"{len(cited) - correct} of {len(cited)} cited spans wrong"
                )
        elif kind == "unanswerable":
            cited = _first_page(bot.new_conversation(), q["question"])
            unanswerable[0] += not cited
            unanswerable[1] += 1
            if cited:
                failures.append(f"{q['qid']} {q['question']}: cited {len(cited)} spans")
        elif kind == "factoid":
            answer = bot.ask(q["question"])
            cited = [(d, s, e) for d, s, e in _spans(answer) if d == q["doc_id"]]
            hit = [
                overlap(tuple(q["evidence_span"]), (s, e)) > T
                for _, s, e in _spans(answer)[:5]
                if _ == q["doc_id"]
            ]
            first = _spans(answer)[:1]
            factoid["n"] += 1
            factoid["top1"] += bool(
                first
                and first[0][0] == q["doc_id"]
                and overlap(tuple(q["evidence_span"]), first[0][1:]) > T
            )
            factoid["top5"] += any(hit)
            if not any(hit):
                failures.append(
                    f"{q['qid']} {q['question']}: evidence not in top 5 ({len(cited)} cited)"
                )
        elif kind == "followup":
            followups.append(_score_followup(bot, q, failures))
    return {
        "who_said_what": {
            "questions": sum(q["kind"] == "who_said_what" for q in questions),
            "span_recall": sums["found"] / sums["gold"] if sums["gold"] else 0.0,
            "span_precision": sums["correct_cited"] / sums["cited"] if sums["cited"] else 0.0,
        },
        "unanswerable": {"correct": unanswerable[0], "total": unanswerable[1]},
        "factoid": factoid,
        "followups": {
            "right": sum(f["right"] for f in followups),
            "total": len(followups),
            "items": followups,
        },
        "failures": failures,
    }


def _score_followup(bot: Citebot, q: dict, failures: list[str]) -> dict:
    conversation = bot.new_conversation()
    first = conversation.ask(q["turns"][0])
    turn1 = {(s, e) for _, s, e in _spans(first)}
    second = conversation.ask(q["turns"][1])
    cited = _spans(second)
    expected = q["answer_quote_spans"]
    if "else" in q["turns"][1].lower():  # "what else": only what turn 1 did not already show
        expected = [g for g in expected if not any(overlap(tuple(g), t) > T for t in turn1)]
    found = _match(expected, q["doc_id"], cited)
    right = found == len(expected) == len(cited)
    if not right:
        failures.append(
            f"{q['qid']} {q['turns']}: resolved {second.resolved_question!r}, found {found}/{len(expected)}, cited {len(cited)}"
        )
    return {"qid": q["qid"], "right": right, "resolved": second.resolved_question}


def build_eval_bot(
    settings: Settings, gold_docs: list[dict], data_dir: Path, encoder: Encoder | None = None
) -> Citebot:
    bot = Citebot.open(replace(settings, data_dir=data_dir), encoder)
    articles = [
        article_from_text(
            d["text"],
            d["doc_id"],
            title=d.get("title") or "",
            source=d.get("source") or "",
            published=d.get("date") or "",
            url=d.get("url") or "",
            path=d["doc_id"],
        )
        for d in gold_docs
    ]
    bot.library.ingest_articles(articles)
    return bot


TOPIC_KINDS = {  # kind -> what a right answer does
    "topic": "only quotes on the topic",
    "not_about": "says so, cites nothing",
    "off_topic_factual": "cite nothing",
    "factual": "answered (control)",
}


def _topic_right(q: dict, answer: Answer) -> bool:
    """Whether the first page does what ``TOPIC_KINDS`` says for the question's kind."""
    cited = answer.quotes or answer.evidence
    if q["kind"] == "topic":
        shown = [item.text for item in answer.quotes]
        return bool(shown) and all(any(w in t for w in q["on_topic"]) for t in shown)
    if q["kind"] == "not_about":
        return not cited and "not about" in answer.headline
    if q["kind"] == "off_topic_factual":
        return not cited
    return bool(answer.evidence) and q["answer_contains"] in answer.evidence[0].text


def score_topic_checks(bot: Citebot, questions: list[dict]) -> dict:
    """Topic-restricted quotes and factual abstention (tests/data/topics/README.md): right
    answers per kind, each question asked on its own."""
    scores = {kind: {"right": 0, "total": 0} for kind in TOPIC_KINDS}
    failures = []
    for q in questions:
        answer = bot.ask(q["question"])
        right = _topic_right(q, answer)
        scores[q["kind"]]["right"] += right
        scores[q["kind"]]["total"] += 1
        if not right:
            shown = [item.text[:40] for item in answer.quotes or answer.evidence]
            failures.append(f"{q['qid']} {q['question']}: {answer.headline!r} {shown}")
    return {**scores, "failures": failures}


def _topic_checks(settings: Settings, directory: Path) -> dict:
    with tempfile.TemporaryDirectory(prefix="citebot-eval-topics-") as tmp:
        bot = Citebot.open(replace(settings, data_dir=Path(tmp)))
        try:
            bot.ingest([directory / "articles.jsonl"])
            return score_topic_checks(bot, _read_jsonl(directory / "questions.jsonl"))
        finally:
            bot.close()


def evaluate_people(settings: Settings, folder: Path, encoder: Encoder | None = None) -> dict:
    """The disambiguation and role checks on ``folder`` (articles.jsonl, questions.jsonl)."""
    from citebot.bot.devtools.people_eval import score_people

    docs = _read_jsonl(folder / "articles.jsonl")
    with tempfile.TemporaryDirectory(prefix="citebot-eval-people-") as tmp:
        bot = build_eval_bot(settings, docs, Path(tmp), encoder)
        try:
            texts = {d["doc_id"]: d["text"] for d in docs}
            return score_people(bot, _read_jsonl(folder / "questions.jsonl"), texts)
        finally:
            bot.close()


def evaluate(
    settings: Settings,
    gold_path: Path,
    questions_path: Path | None,
    topics: Path | None = None,
    people: Path | None = None,
) -> dict:
    gold_docs = _read_jsonl(gold_path)
    result: dict = {"quotes": score_documents(gold_docs, extract_quotes)}
    if people is not None:
        result["people"] = evaluate_people(settings, people)
    if questions_path is not None:
        with tempfile.TemporaryDirectory(prefix="citebot-eval-") as tmp:
            bot = build_eval_bot(settings, gold_docs, Path(tmp))
            try:
                result["answers"] = score_answers(bot, _read_jsonl(questions_path))
            finally:
                bot.close()
    if topics is not None:
        result["topics"] = _topic_checks(settings, topics)
    return result


def _topic_lines(topics: dict) -> list[str]:
    lines = ["Topics and abstention"]
    for kind, meaning in TOPIC_KINDS.items():
        s = topics[kind]
        lines.append(f"  {kind:<28} {s['right']}/{s['total']} {meaning}")
    return lines


def format_table(result: dict) -> str:
    q = result["quotes"]
    lines = [
        "Quote extraction                 P      R      F1    (TP/FP/FN)",
    ]
    for t in ("T=0.3", "T=0.8"):
        m = q[t]
        lines.append(
            f"  {t:<28} {m['precision']:.3f}  {m['recall']:.3f}  {m['f1']:.3f}  ({m['tp']}/{m['fp']}/{m['fn']})"
        )
    lines.append(
        f"  speaker accuracy             {q['speaker_accuracy']:.3f}  ({q['speaker_correct']}/{q['matched']})"
    )
    if "answers" in result:
        a = result["answers"]
        w, u, f, fu = a["who_said_what"], a["unanswerable"], a["factoid"], a["followups"]
        lines += [
            "Answers",
            f"  who-said-what ({w['questions']})   span recall {w['span_recall']:.3f}  span precision {w['span_precision']:.3f}",
            f"  unanswerable                 {u['correct']}/{u['total']} cite nothing",
            f"  factoid ({f['n']})                evidence top-1 {f['top1'] / max(1, f['n']):.3f}  top-5 {f['top5'] / max(1, f['n']):.3f}",
            f"  follow-ups                   {fu['right']}/{fu['total']} right",
        ]
    if "topics" in result:
        lines += _topic_lines(result["topics"])
    return "\n".join(lines)


def run_eval(
    settings: Settings,
    gold_path: Path,
    questions_path: Path | None,
    as_json: bool,
    topics: Path | None = None,
    people: Path | None = None,
) -> None:
    result = evaluate(settings, gold_path, questions_path, topics, people)
    if as_json:
        print(json.dumps(result, indent=2))
        return
    print(format_table(result))
    if people is not None:
        from citebot.bot.devtools.people_eval import people_lines

        print("\n".join(people_lines(result["people"], people)))
    failures = result.get("answers", {}).get("failures", [])
    failures += result.get("topics", {}).get("failures", [])
    failures += result.get("people", {}).get("failures", [])
    if failures:
        print(f"\n{len(failures)} answer items with misses:")
        for line in failures:
            print("  " + line)
