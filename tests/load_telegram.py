"""Load test: many Telegram chats ask at once; how many get a correct answer, and how fast.

Runs the real bot (python-telegram-bot Application + Citebot) against the local fake Bot API
server on 127.0.0.1, so nothing leaves the machine. Reply time is measured by the server: from a
question's arrival to the bot's answer (what a user waits for, less the network). Each chat asks one "What did X say?"
question about the seed article; an answer is correct when it quotes X with a citation.

    python tests/load_telegram.py [--chats 50] [--rounds 1] [--json]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path[:0] = [str(Path(__file__).resolve().parent.parent), str(Path(__file__).resolve().parent)]

from fake_bot_api import TelegramTestClient  # noqa: E402
from telegram_fixtures import SEED, running_bot  # noqa: E402

QUESTIONS = [
    ("What did Medvedev say?", "Dmitry Medvedev"),
    ("What did Lavrov say?", "Sergey Lavrov"),
    ("What did Putin say?", "Vladimir Putin"),
    ("What did Dmitry Medvedev say about the Taliban?", "Dmitry Medvedev"),
    ("What did Sergey Lavrov say?", "Sergey Lavrov"),
]


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(q / 100 * len(ordered) + 0.5) - 1))
    return ordered[index]


def one_chat(
    base_url: str, chat_id: int, question: str, speaker: str, start: threading.Barrier
) -> dict:
    client = TelegramTestClient(base_url)
    try:
        start.wait(30)
        client.send_text(chat_id, question)
        replies = client.replies(chat_id, timeout=60)
    finally:
        client.close()
    text = replies[0]["plain_text"] if replies else ""
    correct = speaker in text and "[1]" in text
    # Measured on the Bot API server's clock: from the question's arrival to the answer's.
    elapsed = replies[0]["at"] - client.sent_at[chat_id] if replies else float("inf")
    return {"chat": chat_id, "seconds": elapsed, "correct": correct, "replied": bool(replies)}


def run_load(citebot, chats: int, rounds: int) -> dict:
    results: list[dict] = []
    wall = 0.0
    with running_bot(citebot, user_rate_per_minute=1000) as bot:
        for r in range(rounds):
            barrier = threading.Barrier(chats)
            t0 = time.perf_counter()
            with ThreadPoolExecutor(max_workers=chats) as pool:
                futures = [
                    pool.submit(
                        one_chat,
                        bot.server.base_url,
                        10_000 + r * chats + i,
                        *QUESTIONS[i % len(QUESTIONS)],
                        barrier,
                    )
                    for i in range(chats)
                ]
                results += [f.result() for f in futures]
            wall += time.perf_counter() - t0
    times = [r["seconds"] for r in results if r["replied"]]
    return {
        "chats": chats * rounds,
        "replied": len(times),
        "correct": sum(r["correct"] for r in results),
        "p50_s": round(statistics.median(times), 3) if times else None,
        "p95_s": round(percentile(times, 95), 3) if times else None,
        "max_s": round(max(times), 3) if times else None,
        "wall_s": round(wall, 3),
        # Well below 1 means updates were handled concurrently, not one after another.
        "wall_over_sum_of_replies": round(wall / sum(times), 3) if times else None,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chats", type=int, default=50)
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    args = parser.parse_args(argv)

    from citebot.bot.answering.service import Citebot
    from citebot.bot.settings import Settings

    with tempfile.TemporaryDirectory() as data_dir:
        citebot = Citebot.open(Settings(data_dir=Path(data_dir)))
        try:
            citebot.ingest_upload(SEED.name, SEED.read_bytes())
            report = run_load(citebot, args.chats, args.rounds)
        finally:
            citebot.close()
    if args.json:
        print(json.dumps(report))
    else:
        print(
            f"{report['correct']}/{report['chats']} chats got a correct answer "
            f"({report['replied']} replied); reply time p50 {report['p50_s']} s, "
            f"p95 {report['p95_s']} s, max {report['max_s']} s; wall {report['wall_s']} s"
        )
    return 0 if report["correct"] == report["chats"] else 1


if __name__ == "__main__":
    sys.exit(main())
