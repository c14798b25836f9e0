"""The application core the front ends share: one library, one composer, many conversations."""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from pathlib import Path

from citebot.bot.answering.answer import Answer
from citebot.bot.answering.composer import Composer
from citebot.bot.answering.conversation import Conversation
from citebot.bot.settings import Settings
from citebot.embeddings.encoder import Encoder, EncoderConfig
from citebot.retrieval import consistency
from citebot.retrieval.consistency import CheckReport
from citebot.retrieval.library import IngestReport, Library
from citebot.retrieval.models import ArticleInfo


def encoder_config(settings: Settings) -> EncoderConfig:
    return EncoderConfig(
        model=settings.model,
        query_prefix=settings.query_prefix,
        passage_prefix=settings.passage_prefix,
    )


class Citebot:
    def __init__(self, settings: Settings, library: Library) -> None:
        self.settings = settings
        self.library = library
        self.composer = Composer(library)

    @classmethod
    def open(cls, settings: Settings, encoder: Encoder | None = None) -> Citebot:
        library = Library(
            settings.data_dir,
            encoder_config(settings),
            encoder,
            settings.database_url.reveal(),
            settings.parse_workers,
        )
        return cls(settings, library)

    def new_conversation(self) -> Conversation:
        return Conversation(
            self.composer,
            page_size=self.settings.top_k,
            max_question_chars=self.settings.max_question_chars,
        )

    def ask(self, question: str) -> Answer:
        """A question on its own, with no conversation memory."""
        return self.new_conversation().ask(question)

    def list_articles(self) -> list[ArticleInfo]:
        return self.library.articles()

    def ingest(
        self,
        paths: Sequence[Path | str],
        progress: Callable[[int, int], None] | None = None,
        stop: threading.Event | None = None,
    ) -> IngestReport:
        """Add article files, folders and http(s) pages or feeds; ``progress(done, total)`` as
        articles finish; setting ``stop`` ends the run keeping the finished articles."""
        return self.library.ingest_paths(paths, progress, stop)

    def ingest_upload(self, filename: str, data: bytes) -> IngestReport:
        return self.library.ingest_bytes(data, filename)

    def remove(self, article_id: str) -> bool:
        return self.library.remove(article_id)

    def check(self, repair: bool = False) -> tuple[list[str], CheckReport]:
        """What a repair did (nothing unless ``repair``), then the consistency report."""
        done = consistency.repair(self.library) if repair else []
        return done, consistency.check(self.library)

    def warm_up(self) -> None:
        """Load the model now, so the first question does not wait for it."""
        self.library.encode_query("warm up")

    @property
    def data_dir(self) -> Path:
        return self.library.data_dir

    @property
    def location(self) -> str:
        """Where the library lives: its data directory, or its database (without password)."""
        return self.library.location

    # -- conversations shared by replicas (server mode) -------------------------------------
    @property
    def shares_conversations(self) -> bool:
        return self.library.shares_conversations

    def load_conversation(self, key: str) -> dict | None:
        return self.library.load_conversation(key)

    def save_conversation(self, key: str, state: dict) -> None:
        self.library.save_conversation(key, state)

    def example_questions(self, n: int = 3) -> list[str]:
        """'What did X say?' for the most quoted speakers named like people ("Hugh McGuire",
        not "owners of a dungeon"), so examples always have answers."""
        names = [
            name
            for name in self.speaker_names()
            if len(name.split()) > 1 and all(w[:1].isupper() and len(w) > 1 for w in name.split())
        ]
        return [f"What did {name} say?" for name in names[:n]]

    def speaker_names(self) -> list[str]:
        """Every named speaker, the most quoted first (for examples and completion)."""
        return [name for name, _ in sorted(self.library.speakers(), key=lambda s: (-s[1], s[0]))]

    def close(self) -> None:
        self.library.close()
