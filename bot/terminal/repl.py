"""The interactive prompt: line editing and history when on a terminal, plain line reading when
questions are piped in (``echo "what did Medvedev say?" | citebot repl``).

The index and model load in a background thread so the prompt appears at once; the first
answer waits for them only if it has to.
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Iterator

from citebot.bot.settings import Settings

HELP = """Ask about the articles, e.g. “What did Medvedev say?”, then follow up: “What else did he say?”,
“And Lavrov?”, “more”.
Commands: :sources (indexed articles)  :cited (full paragraphs cited by the last answer)
          :reset (forget the conversation)  :help  :quit"""


class _Loader:
    def __init__(self, settings: Settings) -> None:
        self.error: BaseException | None = None
        self.bot = None
        self._thread = threading.Thread(target=self._load, args=(settings,), daemon=True)

    def start(self) -> None:
        self._thread.start()

    def _load(self, settings: Settings) -> None:
        try:
            from citebot.bot.answering.service import Citebot

            bot = Citebot.open(settings)
            bot.warm_up()
            self.bot = bot
        except BaseException as e:  # reported at the first question
            self.error = e

    def get(self):  # -> Citebot
        self._thread.join()
        if self.error is not None:
            raise SystemExit(f"citebot: {self.error}")
        return self.bot


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
        history=FileHistory(str(settings.data_dir / "repl_history"))
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
    loader = _Loader(settings)
    if interactive:
        print("citebot — ask who said what in the news. :help for commands, :quit to leave.")
    conversation = None
    for line in _lines(interactive, settings, loader):
        text = line.strip()
        if not text:
            continue
        if text in (":quit", ":q", ":exit"):
            break
        if text == ":help":
            print(HELP)
            continue
        bot = loader.get()
        if conversation is None:
            conversation = bot.new_conversation()
        if text == ":reset":
            conversation.reset()
            print("Conversation forgotten.")
        elif text == ":sources":
            for a in bot.list_articles():
                print(f"{a.id}  {a.title} ({', '.join(x for x in (a.source, a.published) if x)})")
        elif text == ":cited":
            for e in conversation.sources():
                print(f"[{e.citation.article_id}, paragraph {e.citation.paragraph}]\n{e.text}\n")
        elif text.startswith(":"):
            print(f"Unknown command {text}. {HELP}")
        else:
            print(conversation.ask(text).answer)
            print()
