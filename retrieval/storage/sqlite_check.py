"""What ``citebot check`` reads from, and ``--repair`` rebuilds in, the embedded SQLite store.

The check itself (``retrieval.consistency``) is the same for both stores; this module answers
its questions in SQLite's terms: the FTS5 rows BM25 ranks are the derived lexical data.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager

from citebot.retrieval.storage import speaker_rows
from citebot.retrieval.storage.lock import damaged_store, is_damage
from citebot.retrieval.storage.store import Store


def damage_of(store: Store, error: Exception) -> str | None:
    """The one line for an error that means the database file itself is damaged."""
    return str(damaged_store(store.path, error)) if is_damage(error) else None


def _has_quote_vectors(db: sqlite3.Connection) -> bool:
    """Whether the store has topic vectors of quotes (schema 4; a read-only store may be older)."""
    return bool(
        db.execute(
            "SELECT 1 FROM sqlite_master WHERE type='table' AND name='quote_vectors'"
        ).fetchone()
    )


def _tables(db: sqlite3.Connection) -> tuple[str, ...]:
    """The tables that belong to articles (aliases: not in a store made before schema 2)."""
    has_aliases = db.execute(
        "SELECT 1 FROM sqlite_master WHERE type='table' AND name='aliases'"
    ).fetchone()
    return ("passages", "quotes", "aliases") if has_aliases else ("passages", "quotes")


class SqliteSnapshot:
    """One read transaction on its own connection: a consistent view of the store."""

    def __init__(self, db: sqlite3.Connection, store: Store) -> None:
        self.db = db
        self.store = store

    def sql(self) -> speaker_rows.Sql:
        return speaker_rows.Sql(self.db.execute)

    def damage(self) -> str | None:
        result = self.db.execute("PRAGMA quick_check").fetchone()[0]
        if result == "ok":
            return None
        return damage_of(self.store, sqlite3.DatabaseError(result.splitlines()[0]))

    def generation(self) -> int:
        row = self.db.execute("SELECT value FROM meta WHERE key='generation'").fetchone()
        return int(row[0]) if row else 0

    def counts(self) -> dict[str, int]:
        counts = {
            table: self.db.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]
            for table in ("articles", "passages", "quotes")
        }
        counts["bm25"] = self.db.execute("SELECT COUNT(*) FROM passages_fts").fetchone()[0]
        return counts

    def articles(self) -> Iterator[tuple[str, str, str, list | None, int | None, int | None]]:
        """(id, text, content hash, paragraph spans or None if unreadable, headline span)."""
        for aid, text, digest, paragraphs, ts, te in self.db.execute(
            "SELECT id, text, content_hash, paragraphs, title_start, title_end FROM articles"
        ).fetchall():
            try:
                spans = json.loads(paragraphs)
            except ValueError:
                spans = None
            yield aid, text, digest, spans, ts, te

    def passages(self, article_id: str, text: str) -> list[tuple[int, int, int, int, int, str]]:
        """(id, paragraph, start, end, embedding bytes, lexical state) of an article's
        passages; the state is "ok", "missing" or "different" (the row holds other text)."""
        rows = self.db.execute(
            "SELECT p.id, p.paragraph, p.start, p.end, length(p.embedding), f.body FROM passages p"
            " LEFT JOIN passages_fts f ON f.rowid = p.id WHERE p.article_id = ?",
            (article_id,),
        ).fetchall()
        return [
            (pid, paragraph, start, end, size, _state(body, text, start, end))
            for pid, paragraph, start, end, size, body in rows
        ]

    def quotes(self, article_id: str) -> list[tuple]:
        return self.db.execute(
            "SELECT id, paragraph, start, end, speaker_start, speaker_end,"
            " named_start, named_end FROM quotes"
            " WHERE article_id = ?",
            (article_id,),
        ).fetchall()

    def orphans(self) -> dict[str, int]:
        return {
            table: self.db.execute(
                f"SELECT COUNT(*) FROM {table} WHERE article_id NOT IN (SELECT id FROM articles)"
            ).fetchone()[0]
            for table in _tables(self.db)
        }

    def stray_lexical_rows(self) -> int:
        return self.db.execute(
            "SELECT COUNT(*) FROM passages_fts WHERE rowid NOT IN (SELECT id FROM passages)"
        ).fetchone()[0]

    def quote_vectors(self, dim: int) -> tuple[int, int, int]:
        """(topic vectors stored, quotes with none of this dimension, vectors of no quote)."""
        if not _has_quote_vectors(self.db):
            quotes = self.db.execute("SELECT COUNT(*) FROM quotes").fetchone()[0]
            return 0, quotes, 0
        return self.db.execute(
            "SELECT (SELECT COUNT(*) FROM quote_vectors),"
            " (SELECT COUNT(*) FROM quotes q WHERE NOT EXISTS (SELECT 1 FROM quote_vectors v"
            "  WHERE v.quote_id = q.id AND length(v.embedding) = ?)),"
            " (SELECT COUNT(*) FROM quote_vectors WHERE quote_id NOT IN (SELECT id FROM quotes))",
            (4 * dim,),
        ).fetchone()

    def passage_ids(self) -> set[int]:
        return {r[0] for r in self.db.execute("SELECT id FROM passages")}


def _state(body: str | None, text: str, start: int, end: int) -> str:
    if body is None:
        return "missing"
    return "ok" if body == text[start:end] else "different"


@contextmanager
def snapshot(store: Store) -> Iterator[SqliteSnapshot]:
    db = store.reader()
    try:
        db.execute("PRAGMA busy_timeout=30000")
        db.execute("BEGIN")
        yield SqliteSnapshot(db, store)
    finally:
        db.close()


def lexical_index_problem(store: Store) -> tuple[str, str] | None:
    """("note" or "derived", message) when FTS5's own structure check cannot pass."""
    try:
        with snapshot(store) as snap:
            snap.db.execute("INSERT INTO passages_fts(passages_fts) VALUES('integrity-check')")
    except sqlite3.DatabaseError as e:
        if "readonly" in str(e) or "read-only" in str(e):
            return "note", "BM25 index structure not verified (the store is read-only)"
        return "derived", f"BM25 index is damaged ({e})"
    return None


def rebuild_lexical(db: sqlite3.Connection) -> tuple[int, int]:
    """Inside a write transaction: drop passages, quotes and aliases of no article and topic
    vectors of no quote, then rebuild every FTS5 row from the stored texts. Returns (orphans deleted, rows rebuilt)."""
    orphans = 0
    for table in _tables(db):
        orphans += db.execute(
            f"DELETE FROM {table} WHERE article_id NOT IN (SELECT id FROM articles)"
        ).rowcount
    orphans += db.execute(
        "DELETE FROM quote_vectors WHERE quote_id NOT IN (SELECT id FROM quotes)"
    ).rowcount
    db.execute("DELETE FROM passages_fts")
    rows = 0
    for aid, text in db.execute("SELECT id, text FROM articles").fetchall():
        spans = db.execute(
            "SELECT id, start, end FROM passages WHERE article_id = ?", (aid,)
        ).fetchall()
        db.executemany(
            "INSERT INTO passages_fts(rowid, body) VALUES (?, ?)",
            [(pid, text[start:end]) for pid, start, end in spans],
        )
        rows += len(spans)
    return orphans, rows
