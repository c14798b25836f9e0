"""``citebot ask``: one question, the page asked for (or all of them), styled on a terminal."""

from __future__ import annotations

import json
import shlex
from collections.abc import Iterable
from typing import Any

import click

from citebot.bot.answering.answer import Answer
from citebot.bot.terminal.answer_view import answer_view
from citebot.bot.terminal.screen import Screen

ASK_AGAIN = "ask again naming one of them in full"


def pages_of(conversation: Any, question: str, page: int, all_pages: bool) -> list[Answer]:
    """Pages 1..``page`` of the answer (all of them with ``all_pages``), paged with "more" in
    one conversation, exactly as the REPL pages."""
    pages = [conversation.ask(question)]
    while pages[-1].has_more and (all_pages or len(pages) < page):
        pages.append(conversation.more())
    return pages


def answer_one(bot: Any, question: str, *, as_json: bool, page: int, all_pages: bool) -> None:
    pages = pages_of(bot.new_conversation(), question, page, all_pages)
    if not all_pages and len(pages) < page:
        raise click.ClickException(
            f"there is no page {page}: the answer has {len(pages)} "
            f"page{'s' if len(pages) != 1 else ''}"
        )
    shown = pages if all_pages else pages[-1:]
    if as_json:
        for answer in shown:
            click.echo(json.dumps(answer.as_dict(), ensure_ascii=False))
        return
    screen = Screen()
    items: list = []
    for number, answer in enumerate(shown, 1 if all_pages else page):
        if all_pages and len(shown) > 1:
            items.append(screen.text(f"— page {number} of {len(shown)} —", "hint"))
        hint = f"more: citebot ask --page {number + 1} {shlex.quote(question)}, or --all"
        items += answer_view(answer, "" if all_pages else hint, ASK_AGAIN)
    screen.print(*items)


def answer_lines(bot: Any, lines: Iterable[str], as_json: bool) -> None:
    """Each non-empty line of ``lines`` as its own question (``citebot ask -``)."""
    screen = Screen(pager=False)
    for line in lines:
        question = line.strip()
        if not question:
            continue
        answer = bot.ask(question)
        if as_json:
            click.echo(json.dumps(answer.as_dict(), ensure_ascii=False))
        else:
            screen.print(*answer_view(answer, clarify_hint=ASK_AGAIN))
