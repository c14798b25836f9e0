"""The SQLite store: the single source of truth for articles, passages, quotes, BM25 and vectors.

One transaction puts an article in whole (text, passages with their embeddings, the FTS5 rows
that BM25 ranks, quotes) or not at all, so a crash mid-ingest loses nothing that was committed
and leaves nothing half-written. The FAISS index is derived from the stored embeddings and can
always be rebuilt from them. ``generation`` counts committed writes so readers notice changes.
"""

from __future__ import annotations

import json
import os
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import numpy as np

from citebot.retrieval.models import Article, ArticleInfo, Passage, Quote, StoredQuote
from citebot.retrieval.search.statements import Place
from citebot.retrieval.storage import speaker_rows
from citebot.retrieval.storage.errors import LibraryError
from citebot.retrieval.storage.lock import damaged_store, is_damage
from citebot.retrieval.storage.migrations import migrations
from citebot.retrieval.storage.rows import (
    QUOTE_FIELDS,
    ArticleCache,
    article_from_row,
    article_values,
    place,
    quote_values,
    stored_quote,
)


def fts_query(terms: list[str]) -> str:
    """An FTS5 MATCH expression: any of the terms, each quoted so no word is read as syntax."""
    return " OR ".join('"' + t.replace('"', '""') + '"' for t in terms)


class Store:
    """Thread-safe access to the database file (one connection, serialised by a lock)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.RLock()
        # On a read-only mount (or without write permission) the index can still be searched.
        self.read_only = path.exists() and not (
            os.access(path.parent, os.W_OK) and os.access(path, os.W_OK)
        )
        self._db = self.reader()
        self.applied: list[str] = []  # the migrations this open applied
        if not self.read_only:
            try:
                self._db.execute("PRAGMA journal_mode=WAL")
                self._db.execute("PRAGMA synchronous=NORMAL")
                self._db.execute("PRAGMA foreign_keys=ON")
                self._db.execute("PRAGMA busy_timeout=30000")
                with self._lock:
                    self.applied = self._migrate()
            except sqlite3.DatabaseError as e:
                self._db.close()
                if is_damage(e):
                    raise damaged_store(path, e) from None
                raise
        # A read-only store made before migration 2 has no aliases table: it has no aliases.
        self.has_aliases = self._has_table("aliases")
        self.has_quote_vectors = self._has_table("quote_vectors")  # likewise, before schema 4
        # and before schema 6, no words keys (a read-only store cannot be migrated)
        self.has_words_keys = bool(
            self._query("SELECT 1 FROM sqlite_master WHERE type='index' AND name='articles_cited'")
        )
        self._cited = (
            "articles a INDEXED BY articles_cited" if self.has_words_keys else "articles a"
        )
        self._articles = ArticleCache()

    def _has_table(self, name: str) -> bool:
        return bool(
            self._query("SELECT 1 FROM sqlite_master WHERE type='table' AND name=?", (name,))
        )

    def reader(self) -> sqlite3.Connection:
        """A new connection. A read-only store with a write-ahead log (its writer is open, or
        crashed) is read with it; without one it is opened immutable, because SQLite cannot
        create the WAL index next to it and nothing can change it anyway."""
        if self.read_only:
            wal = self.path.with_name(self.path.name + "-wal").exists()
            uri = self.path.resolve().as_uri() + ("?mode=ro" if wal else "?immutable=1")
            return sqlite3.connect(uri, uri=True, check_same_thread=False, isolation_level=None)
        return sqlite3.connect(self.path, check_same_thread=False, isolation_level=None)

    def _migrate(self) -> list[str]:
        """Apply the schema migrations this file lacks, each in its own transaction. The
        versions applied are kept in ``schema_migrations``, as in the server store, so one
        numbered below a version already applied (work that landed in another order) is still
        applied; a store made before that table has every version up to SQLite's
        ``user_version`` (0 before migrations existed: migration 1 only creates what is
        missing)."""
        db = self._db
        db.execute(
            "CREATE TABLE IF NOT EXISTS schema_migrations"
            " (version INTEGER PRIMARY KEY, name TEXT NOT NULL)"
        )
        done = {r[0] for r in db.execute("SELECT version FROM schema_migrations")}
        if not done:
            current = db.execute("PRAGMA user_version").fetchone()[0]
            known = [m for m in migrations("sqlite") if m.version <= current]
            db.executemany(
                "INSERT INTO schema_migrations VALUES (?, ?)", [(m.version, m.name) for m in known]
            )
            done = {m.version for m in known}
        applied = []
        for m in migrations("sqlite"):
            if m.version not in done:
                top = max(done | {m.version})
                db.executescript(
                    f"BEGIN IMMEDIATE;\n{m.sql}\nINSERT INTO schema_migrations VALUES"
                    f" ({m.version}, '{m.name}');\nPRAGMA user_version = {top};\nCOMMIT;"
                )
                done.add(m.version)
                applied.append(m.name)
        return applied

    def close(self) -> None:
        with self._lock:
            self._db.close()

    # -- writing ---------------------------------------------------------------------------
    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """All-or-nothing write; bumps ``generation`` in the same transaction."""
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                yield self._db
                self._db.execute(
                    "INSERT INTO meta(key, value) VALUES('generation', '1') ON CONFLICT(key) "
                    "DO UPDATE SET value = CAST(value AS INTEGER) + 1"
                )
                self._db.execute("COMMIT")
            except BaseException as e:
                if self._db.in_transaction:  # SQLite may have rolled back already (disk full)
                    self._db.execute("ROLLBACK")
                if is_damage(e):
                    raise damaged_store(self.path, e) from None
                raise
            finally:
                self._articles.clear()

    def put_article(
        self,
        db: sqlite3.Connection,
        article: Article,
        digest: str,
        passages: list[Passage],
        vectors: np.ndarray,
        quotes: list[tuple[int, Quote]],
        quote_vectors: np.ndarray,
    ) -> list[int]:
        """Insert one article with its passages (returns their ids) and quotes."""
        db.execute(
            "INSERT INTO articles(id, content_hash, text, title, source, published, url, path,"
            " title_start, title_end, paragraphs) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
            article_values(article, digest),
        )
        ids = []
        for passage, vector in zip(passages, vectors, strict=True):
            cur = db.execute(
                "INSERT INTO passages(article_id, paragraph, start, end, embedding)"
                " VALUES (?,?,?,?,?)",
                (
                    article.id,
                    passage.paragraph,
                    passage.start,
                    passage.end,
                    np.asarray(vector, dtype=np.float32).tobytes(),
                ),
            )
            pid = int(cur.lastrowid)  # type: ignore[arg-type]
            db.execute(
                "INSERT INTO passages_fts(rowid, body) VALUES (?, ?)",
                (pid, article.text[passage.start : passage.end]),
            )
            ids.append(pid)
        self.put_quotes(db, article.id, quotes, quote_vectors)
        return ids

    def put_quotes(
        self,
        db: sqlite3.Connection,
        article_id: str,
        quotes: list[tuple[int, Quote]],
        vectors: np.ndarray,
    ) -> None:
        """Insert an article's quotes, each with its paragraph number, topic vector and the
        key of its words."""
        text = db.execute("SELECT text FROM articles WHERE id = ?", (article_id,)).fetchone()[0]
        for (paragraph, q), vector in zip(quotes, vectors, strict=True):
            cur = db.execute(
                "INSERT INTO quotes(article_id, paragraph, start, end, speaker, speaker_start,"
                " speaker_end, cue, kind, speaker_role, named_start, named_end, words_key)"
                " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
                quote_values(article_id, paragraph, q, text),
            )
            db.execute(
                "INSERT INTO quote_vectors(quote_id, embedding) VALUES (?, ?)",
                (cur.lastrowid, np.asarray(vector, dtype=np.float32).tobytes()),
            )
        speaker_rows.write_speakers(self.writing_sql(db), article_id)

    def put_quote_vectors(
        self, db: sqlite3.Connection, article_id: str, vectors: list[tuple[int, np.ndarray]]
    ) -> None:
        """Store (or replace) topic vectors of the article's quotes."""
        db.executemany(
            "INSERT OR REPLACE INTO quote_vectors(quote_id, embedding) VALUES (?, ?)",
            [(qid, np.asarray(v, dtype=np.float32).tobytes()) for qid, v in vectors],
        )

    def put_alias(self, db: sqlite3.Connection, alias: Article, article_id: str) -> None:
        """Record ``alias`` (an article with the same text) as another name of ``article_id``."""
        db.execute(
            "INSERT OR REPLACE INTO aliases(id, article_id, title, source, published, url, path)"
            " VALUES (?,?,?,?,?,?,?)",
            (
                alias.id,
                article_id,
                alias.title,
                alias.source,
                alias.published,
                alias.url,
                alias.path,
            ),
        )

    def delete_alias(self, db: sqlite3.Connection, alias: str) -> bool:
        return db.execute("DELETE FROM aliases WHERE id=?", (alias,)).rowcount > 0

    def _promote_alias(self, db: sqlite3.Connection, article_id: str) -> bool:
        """Hand an article, with its passages (same ids, so the vectors stay) and quotes, to its
        oldest alias, which keeps its own metadata; False when it has no alias."""
        row = db.execute(
            "SELECT id, title, source, published, url, path FROM aliases WHERE article_id=?"
            " ORDER BY added_at, rowid LIMIT 1",
            (article_id,),
        ).fetchone()
        if row is None:
            return False
        heir = row[0]
        db.execute("DELETE FROM aliases WHERE id=?", (heir,))
        db.execute(
            "INSERT INTO articles(id, content_hash, text, title, source, published, url, path,"
            " title_start, title_end, paragraphs) SELECT ?, content_hash, text, ?, ?, ?, ?, ?,"
            " title_start, title_end, paragraphs FROM articles WHERE id=?",
            (*row, article_id),
        )
        for table in ("passages", "quotes", "aliases", "speaker_mentions", "speaker_facts"):
            db.execute(f"UPDATE {table} SET article_id=? WHERE article_id=?", (heir, article_id))
        db.execute("DELETE FROM articles WHERE id=?", (article_id,))
        return True

    def delete_quotes(self, db: sqlite3.Connection, article_id: str) -> None:
        speaker_rows.forget_speakers(self.writing_sql(db), article_id)
        db.execute("DELETE FROM quotes WHERE article_id=?", (article_id,))

    def delete_article(self, db: sqlite3.Connection, article_id: str) -> list[int]:
        """Remove an article id and everything derived from it; returns the removed passage ids.
        An article that has aliases lives on under the oldest of them (nothing is removed)."""
        if self.has_aliases and self._promote_alias(db, article_id):
            return []
        ids = [
            r[0] for r in db.execute("SELECT id FROM passages WHERE article_id=?", (article_id,))
        ]
        db.executemany("DELETE FROM passages_fts WHERE rowid=?", [(i,) for i in ids])
        self.delete_quotes(db, article_id)
        db.execute("DELETE FROM passages WHERE article_id=?", (article_id,))
        db.execute("DELETE FROM articles WHERE id=?", (article_id,))
        return ids

    def set_meta(self, key: str, value: str) -> None:
        with self._lock:
            self._db.execute(
                "INSERT INTO meta(key, value) VALUES(?, ?) ON CONFLICT(key) DO UPDATE SET value=?",
                (key, value, value),
            )

    # -- reading ---------------------------------------------------------------------------
    def _query(self, sql: str, args: tuple = ()) -> list[tuple]:
        with self._lock:
            try:
                return self._db.execute(sql, args).fetchall()
            except sqlite3.DatabaseError as e:
                if is_damage(e):
                    raise damaged_store(self.path, e) from None
                raise

    def meta(self, key: str) -> str | None:
        rows = self._query("SELECT value FROM meta WHERE key=?", (key,))
        return rows[0][0] if rows else None

    @property
    def generation(self) -> int:
        return int(self.meta("generation") or 0)

    def hash_of(self, article_id: str) -> str | None:
        rows = self._query("SELECT content_hash FROM articles WHERE id=?", (article_id,))
        return rows[0][0] if rows else None

    def id_with_hash(self, digest: str) -> str | None:
        rows = self._query("SELECT id FROM articles WHERE content_hash=?", (digest,))
        return rows[0][0] if rows else None

    def alias_target(self, alias: str) -> str | None:
        """The article id ``alias`` names; None when it is no alias."""
        if not self.has_aliases:
            return None
        rows = self._query("SELECT article_id FROM aliases WHERE id=?", (alias,))
        return rows[0][0] if rows else None

    def aliases_of(self, article_id: str) -> tuple[str, ...]:
        if not self.has_aliases:
            return ()
        rows = self._query(
            "SELECT id FROM aliases WHERE article_id=? ORDER BY added_at, rowid", (article_id,)
        )
        return tuple(r[0] for r in rows)

    def article(self, article_id: str) -> Article:
        """The stored article (cached: answers read the same few articles over and over)."""
        cached = self._articles.get(self.generation, article_id)
        if cached is not None:
            return cached
        rows = self._query(
            "SELECT id, text, title, source, published, url, path, title_start, title_end,"
            " paragraphs FROM articles WHERE id=?",
            (article_id,),
        )
        if not rows:
            target = self.alias_target(article_id)
            if target is None:
                raise KeyError(article_id)
            return self.article(target)
        try:
            paragraphs = json.loads(rows[0][9])
            article = article_from_row(rows[0], paragraphs, self.aliases_of(rows[0][0]))
        except (ValueError, TypeError) as e:  # a hand-edited or damaged row
            raise LibraryError(
                f"article {rows[0][0]} is damaged in the store (unreadable paragraph list: {e}): "
                "run `citebot check`, then remove it and ingest it again"
            ) from None
        self._articles.put(article)
        return article

    def articles(self) -> list[ArticleInfo]:
        rows = self._query(
            "SELECT a.id, a.title, a.source, a.published, a.url, a.path,"
            " (SELECT COUNT(*) FROM passages p WHERE p.article_id = a.id),"
            " (SELECT COUNT(*) FROM quotes q WHERE q.article_id = a.id)"
            " FROM articles a ORDER BY a.published DESC, a.id"
        )
        aliases: dict[str, list[str]] = {}
        if self.has_aliases:
            for alias, aid in self._query(
                "SELECT id, article_id FROM aliases ORDER BY added_at, rowid"
            ):
                aliases.setdefault(aid, []).append(alias)
        return [ArticleInfo(*r, aliases=tuple(aliases.get(r[0], ()))) for r in rows]

    def passages(self, ids: list[int]) -> dict[int, Passage]:
        if not ids:
            return {}
        marks = ",".join("?" * len(ids))
        rows = self._query(
            f"SELECT id, article_id, paragraph, start, end FROM passages WHERE id IN ({marks})",
            tuple(ids),
        )
        return {
            r[0]: Passage(id=r[0], article_id=r[1], paragraph=r[2], start=r[3], end=r[4])
            for r in rows
        }

    def passage_vectors(self, article_id: str) -> dict[str, np.ndarray]:
        """The stored article's passage texts with their vectors, reused when it is replaced."""
        rows = self._query(
            "SELECT a.text, p.start, p.end, p.embedding FROM passages p"
            " JOIN articles a ON a.id = p.article_id WHERE p.article_id = ?",
            (article_id,),
        )
        return {text[s:e]: np.frombuffer(blob, dtype=np.float32) for text, s, e, blob in rows}

    def embeddings(self, ids: list[int], dim: int) -> np.ndarray:
        """Stored vectors of the given passages, in order (zeros for ids no longer stored)."""
        out = np.zeros((len(ids), dim), dtype=np.float32)
        if ids:
            marks = ",".join("?" * len(ids))
            rows = dict(
                self._query(f"SELECT id, embedding FROM passages WHERE id IN ({marks})", tuple(ids))
            )
            for i, pid in enumerate(ids):
                if pid in rows:
                    out[i] = np.frombuffer(rows[pid], dtype=np.float32)
        return out

    def all_embeddings(
        self, dim: int, batch: int = 50_000
    ) -> Iterator[tuple[np.ndarray, np.ndarray]]:
        """(ids, vectors) in batches, for rebuilding the vector index."""
        last = -1
        while True:
            rows = self._query(
                "SELECT id, embedding FROM passages WHERE id > ? ORDER BY id LIMIT ?", (last, batch)
            )
            if not rows:
                return
            ids = np.fromiter((r[0] for r in rows), dtype=np.int64, count=len(rows))
            vectors = np.frombuffer(b"".join(r[1] for r in rows), dtype=np.float32).reshape(-1, dim)
            yield ids, vectors
            last = int(ids[-1])

    def passages_of_quotes(self, quote_ids: list[int]) -> dict[int, int]:
        """The passage each quote starts in (the article's first passage for header lines that
        no passage covers), in one query: a prolific speaker has thousands of quotes."""
        if not quote_ids:
            return {}
        marks = ",".join("?" * len(quote_ids))
        rows = self._query(
            "SELECT q.id, COALESCE("
            " (SELECT p.id FROM passages p WHERE p.article_id = q.article_id"
            "  AND p.start <= q.start AND q.start < p.end LIMIT 1),"
            " (SELECT MIN(p.id) FROM passages p WHERE p.article_id = q.article_id))"
            f" FROM quotes q WHERE q.id IN ({marks})",
            tuple(quote_ids),
        )
        return {qid: pid for qid, pid in rows if pid is not None}

    def quote_vectors(self, quote_ids: list[int]) -> dict[int, bytes]:
        """The stored topic vectors of these quotes (raw float32 bytes; quotes stored before
        schema 4 may have none until the next ingest or ``check --repair`` adds them)."""
        found: dict[int, bytes] = {}
        if not self.has_quote_vectors:
            return found
        for at in range(0, len(quote_ids), 10_000):  # SQLite's limit on bound parameters
            part = quote_ids[at : at + 10_000]
            marks = ",".join("?" * len(part))
            found.update(
                self._query(
                    f"SELECT quote_id, embedding FROM quote_vectors WHERE quote_id IN ({marks})",
                    tuple(part),
                )
            )
        return found

    def quote_vectors_of_article(self, article_id: str) -> dict[str, bytes]:
        """The stored article's quote texts with their topic vectors, reused when its quotes
        are replaced (a new extractor, an edit) so unchanged quotes are not encoded again."""
        if not self.has_quote_vectors:
            return {}
        rows = self._query(
            "SELECT a.text, q.start, q.end, v.embedding FROM quotes q"
            " JOIN articles a ON a.id = q.article_id JOIN quote_vectors v ON v.quote_id = q.id"
            " WHERE q.article_id = ?",
            (article_id,),
        )
        return {text[s:e]: blob for text, s, e, blob in rows}

    def quotes_lacking_vectors(self, dim: int) -> list[StoredQuote]:
        """Quotes with no topic vector of this dimension (stored before schema 4, or with
        another model's vector): the next ingest or ``check --repair`` encodes them."""
        return self._quotes(
            "WHERE id NOT IN (SELECT quote_id FROM quote_vectors WHERE length(embedding) = ?)",
            (4 * dim,),
        )

    def embedding_bytes(self) -> int | None:
        """The size of one stored embedding (4 bytes per dimension); None while there is none."""
        rows = self._query("SELECT length(embedding) FROM passages LIMIT 1")
        return int(rows[0][0]) if rows else None

    def passage_count(self) -> int:
        return int(self._query("SELECT COUNT(*) FROM passages")[0][0])

    def lexical(
        self, terms: list[str], limit: int, idf: dict[str, float] | None = None
    ) -> list[tuple[int, float]]:
        """FTS5's BM25 over passages matching any term; scores are positive, higher is better.
        (BM25 weighs the terms by its own IDF; ``idf`` is for the server store's ranking.)"""
        if not terms:
            return []
        rows = self._query(
            "SELECT rowid, bm25(passages_fts) FROM passages_fts WHERE passages_fts MATCH ?"
            " ORDER BY bm25(passages_fts) LIMIT ?",
            (fts_query(terms), limit),
        )
        return [(int(r[0]), -float(r[1])) for r in rows]

    def document_frequency(self, term: str) -> int:
        """How many passages contain the term (as BM25 matches it)."""
        return int(
            self._query(
                "SELECT COUNT(*) FROM passages_fts WHERE passages_fts MATCH ?", (fts_query([term]),)
            )[0][0]
        )

    def quotes(self) -> list[StoredQuote]:
        """Every stored quote, by article and position."""
        return self._quotes()

    def quotes_of_article(self, article_id: str) -> list[StoredQuote]:
        return self._quotes("WHERE article_id = ?", (article_id,))

    def quotes_by_speakers(self, speakers: list[str]) -> list[StoredQuote]:
        marks = ",".join("?" * len(speakers))
        return self._quotes(f"WHERE speaker IN ({marks})", tuple(speakers))

    def attributed_quotes_overlapping(
        self, article_id: str, start: int, end: int
    ) -> list[StoredQuote]:
        """Quotes with a named speaker that overlap ``[start, end)`` of the article."""
        return self._quotes(
            "WHERE article_id = ? AND start < ? AND end > ? AND speaker != ''",
            (article_id, end, start),
        )

    def _quotes(self, where: str = "", args: tuple = ()) -> list[StoredQuote]:
        columns = QUOTE_FIELDS.format(start="start", end="end")
        rows = self._query(f"SELECT {columns} FROM quotes {where} ORDER BY article_id, start", args)
        return [stored_quote(r) for r in rows]

    def quotes_of_entities(self, entity_ids: list[str]) -> list[StoredQuote]:
        return self._quotes(*speaker_rows.quotes_where(speaker_rows.Sql(None), entity_ids))

    def quote_places(self, entity_ids: list[str]) -> list[Place]:
        """Where the entities' quotes are, with their words' keys and articles' dates: read
        from the covering indexes of migration 6, never from the articles' texts."""
        key = "q.words_key" if self.has_words_keys else "NULL"
        with self.reading() as sql:
            rows = speaker_rows.places(sql, entity_ids, ("start", "end"), key)
        return [place(r) for r in rows]

    def quotes_with_words(self, quote_ids: list[int]) -> list[tuple[StoredQuote, str]]:
        """These quotes with their words, cut out of the stored article text by their offsets
        (in document order)."""
        found: list[tuple[StoredQuote, str]] = []
        columns = ", ".join(
            f"q.{c}" for c in QUOTE_FIELDS.format(start="start", end="end").split(", ")
        )
        for at in range(0, len(quote_ids), 10_000):  # SQLite's limit on bound parameters
            part = quote_ids[at : at + 10_000]
            rows = self._query(
                f"SELECT {columns}, substr(a.text, q.start + 1, q.end - q.start) FROM quotes q"
                f" JOIN articles a ON a.id = q.article_id WHERE q.id IN ({','.join('?' * len(part))})"
                " ORDER BY q.article_id, q.start",
                tuple(part),
            )
            found += [(stored_quote(r[:-1]), r[-1]) for r in rows]
        return found

    def quotes_lacking_keys(self) -> list[tuple[int, str, int, int]]:
        """(id, article id, start, end) of the quotes stored before their words had keys."""
        return self._query(
            "SELECT id, article_id, start, end FROM quotes WHERE words_key IS NULL ORDER BY article_id"
        )

    def put_words_keys(self, db: sqlite3.Connection, keys: list[tuple[int, str]]) -> None:
        db.executemany("UPDATE quotes SET words_key = ? WHERE id = ?", [(k, i) for i, k in keys])

    def sources(self, article_ids: list[str]) -> list[tuple[str, str, str, str, str, tuple]]:
        """(id, title, source, published, url, aliases) of these stored articles, without
        their texts: an answer cites hundreds of reprints of one statement."""
        found = []
        for at in range(0, len(article_ids), 10_000):
            part = article_ids[at : at + 10_000]
            marks = ",".join("?" * len(part))
            rows = self._query(
                f"SELECT id, title, source, published, url FROM {self._cited}"
                f" WHERE id IN ({marks})",
                tuple(part),
            )
            aliases: dict[str, list[str]] = {}
            if self.has_aliases:
                for alias, owner in self._query(
                    f"SELECT id, article_id FROM aliases WHERE article_id IN ({marks})"
                    " ORDER BY added_at, rowid",
                    tuple(part),
                ):
                    aliases.setdefault(owner, []).append(alias)
            found += [(*r, tuple(aliases.get(r[0], ()))) for r in rows]
        return found

    @contextmanager
    def reading(self) -> Iterator[speaker_rows.Sql]:
        """The connection for the speaker lookups (``storage.speaker_rows``)."""
        with self._lock:
            yield speaker_rows.Sql(self._db.execute, articles=self._cited)

    def writing_sql(self, db: sqlite3.Connection) -> speaker_rows.Sql:
        return speaker_rows.Sql(db.execute)

    def speakers(self) -> list[tuple[str, int]]:
        """Every named speaker with how many quotes they have."""
        return self._query(
            "SELECT speaker, COUNT(*) FROM quotes WHERE speaker != '' GROUP BY speaker"
        )
