"""The interactive prompt: line editing, history and Tab completion (commands and speaker
names) when on a terminal, plain line reading when questions are piped in
(``echo "what did Medvedev say?" | citebot repl``).

The index and model load in a background thread so the prompt appears at once; the first
answer waits for them only if it has to.
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Iterable, Iterator
from typing import Any

from citebot.bot.settings import Settings
from citebot.bot.terminal.screen import Screen

COMMANDS = {
    ":sources": "the indexed articles",
    ":cited": "the full paragraphs cited by the last answer",
    ":reset": "forget the conversation",
    ":help": "this help",
    ":quit": "leave (also exit, quit or Ctrl-D)",
}
QUIT = {":quit", ":q", ":exit", "exit", "quit"}
MORE_HINT = "more available: say “more”"
REPLY_HINT = "reply with a number or a full name"


def help_text(examples: list[str]) -> str:
    tried = examples or ["What did Medvedev say?"]
    lines = ["Ask about the articles, for example:"]
    lines += [f"  {q}" for q in tried]
    lines += [
        "then follow up: “What else did he say?”, “And …?”, “more”.",
        "Commands:",
    ]
    lines += [f"  {name:<9} {what}" for name, what in COMMANDS.items()]
    lines.append("Tab completes commands and speakers' names.")
    return "\n".join(lines)


class _Loader:
    def __init__(self, settings: Settings) -> None:
        self.error: BaseException | None = None
        self.bot = None
        self.speakers: list[str] = []  # for completion, once loaded
        self._thread = threading.Thread(target=self._load, args=(settings,), daemon=True)

    def start(self) -> None:
        self._thread.start()

    def _load(self, settings: Settings) -> None:
        try:
            from citebot.bot.answering.service import Citebot

            bot = Citebot.open(settings)
            self.speakers = bot.speaker_names()
            bot.warm_up()
            self.bot = bot
        except BaseException as e:  # reported at the first question
            self.error = e

    def get(self):  # -> Citebot
        self._thread.join()
        if self.error is not None:
            raise SystemExit(f"citebot: {self.error}")
        return self.bot


def completions(text: str, speakers: Iterable[str]) -> list[tuple[str, int]]:
    """(completion, how many characters before the cursor it replaces) for the line so far:
    a command at the start of the line; else a speaker whose name starts with the last typed
    words ("what did Dmitry Med") or has a word starting with the last one ("what did med")."""
    if text.startswith(":") and " " not in text:
        return [(c, len(text)) for c in COMMANDS if c.startswith(text)]
    words = text.split(" ")
    if len(words[-1]) < 2:
        return []
    found = []
    for name in speakers:
        lowered = name.lower()
        tails = (" ".join(words[-k:]) for k in range(len(words), 0, -1))
        tail = next((t for t in tails if lowered.startswith(t.lower())), "")
        if tail:
            found.append((name, len(tail)))
        elif any(part.startswith(words[-1].lower()) for part in lowered.split()):
            found.append((name, len(words[-1])))
    return found


def _completer(loader: _Loader) -> Any:
    from prompt_toolkit.completion import Completer, Completion

    class SpeakerCompleter(Completer):
        def get_completions(self, document, complete_event):  # type: ignore[no-untyped-def]
            for name, back in completions(document.text_before_cursor, loader.speakers):
                yield Completion(name, start_position=-back)

    return SpeakerCompleter()


def _lines(interactive: bool, settings: Settings, loader: _Loader) -> Iterator[str]:
    """Input lines. On a terminal the loader starts once the prompt is set up: its imports would
    otherwise hold the GIL while prompt_toolkit loads, and delay the prompt (~2x, measured)."""
    if not interactive:
        loader.start()
        for line in sys.stdin:
            yield line.rstrip("\n")
        return
    from prompt_toolkit import PromptSession
    from prompt_toolkit.history import FileHistory

    settings.data_dir.mkdir(parents=True, exist_ok=True)
    session: PromptSession[str] = PromptSession(
        history=FileHistory(str(settings.data_dir / "repl_history")),
        completer=_completer(loader),
        complete_while_typing=False,
    )
    loader.start()
    while True:
        try:
            yield session.prompt("citebot> ")
        except KeyboardInterrupt:
            continue
        except EOFError:
            return


def run_repl(settings: Settings) -> None:
    interactive = sys.stdin.isatty()
    screen = Screen()
    loader = _Loader(settings)
    if interactive:
        screen.print(
            screen.text("citebot — ask who said what in the news. ", "headline"),
            screen.text(":help for commands and examples, exit to leave.", "hint"),
        )
    conversation = None
    for line in _lines(interactive, settings, loader):
        text = line.strip()
        if not text:
            continue
        if text.lower() in QUIT:
            break
        bot = loader.get()
        if conversation is None:
            conversation = bot.new_conversation()
        if text == ":help":
            screen.print(help_text(bot.example_questions(3)))
        elif text == ":reset":
            conversation.reset()
            screen.print("Conversation forgotten.")
        elif text == ":sources":
            screen.print(
                *(
                    f"{a.id}  {a.title} ({', '.join(x for x in (a.source, a.published) if x)})"
                    for a in bot.list_articles()
                )
            )
        elif text == ":cited":
            items: list = []
            for e in conversation.sources():
                c = e.citation
                items += [screen.text(f"[{c.article_id}, paragraph {c.paragraph}]", "citation")]
                items += [e.text, ""]
            screen.print(*items)
        elif text.startswith(":"):
            screen.print(f"Unknown command {text}.", help_text(bot.example_questions(3)))
        else:
            from citebot.bot.terminal.answer_view import answer_view  # pulls numpy: not before

            screen.print(*answer_view(conversation.ask(text), MORE_HINT, REPLY_HINT), "")
