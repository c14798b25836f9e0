"""The PostgreSQL store: the truth shared by many bot replicas and ingest workers.

It holds what the embedded store holds (articles with their text exactly as given, passages
with their embeddings, quotes) with PostgreSQL's own full-text search for the lexical ranking,
plus a change log serving processes follow and per-chat conversation state.

Writers need no global lock: each article is written in one transaction that first takes
advisory locks on the article's id and on its content hash, then decides inside the
transaction whether it adds, replaces or skips it, so the same article ingested by two workers
at once ends up once. The last statement of every write takes the next value of the one-row
``generation`` table; its row lock is held until commit, so generations commit in order and a
follower that has read generation N has seen every write up to N.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from urllib.parse import urlsplit, urlunsplit

import numpy as np
import psycopg
from psycopg.types.json import Jsonb
from psycopg_pool import ConnectionPool, PoolTimeout

from citebot.retrieval.models import Article, ArticleInfo, Passage, Quote, StoredQuote
from citebot.retrieval.search.statements import Place
from citebot.retrieval.storage import speaker_rows
from citebot.retrieval.storage.errors import AlreadyStored, LibraryError
from citebot.retrieval.storage.migrations import SCHEMA_VERSION, migrations
from citebot.retrieval.storage.rows import (
    QUOTE_COLUMNS,
    QUOTE_FIELDS,
    ArticleCache,
    article_from_row,
    article_values,
    place,
    quote_values,
    stored_quote,
)

# The pool retries lost connections on its own and logs each failure; the one-line LibraryError
# says what matters, so its warnings only reach logs that are configured (the Telegram bot's).
logging.getLogger("psycopg.pool").addHandler(logging.NullHandler())

CHANNEL = "citebot_changes"  # NOTIFY channel; the payload is the new generation
TEXT_SEARCH = "citebot"  # the text search configuration created by migration 1
MIGRATION_LOCK = 7_133_001  # advisory lock key: one process migrates at a time
ID_LOCKS, HASH_LOCKS, SURNAME_LOCKS = 1, 2, 3  # advisory lock classes: ids, hashes, surnames
POOL_TIMEOUT_S = 5.0  # waiting this long for a connection means the server is gone
_QUOTE_COLUMNS = QUOTE_FIELDS.format(start="start_char", end="end_char")
# Read with passages and quotes: a serving process may see a replaced article's new rows a few
# milliseconds before its follower moves the generation; the article cache then drops the old
# text (rows.ArticleCache.forget_changed) instead of cutting the new offsets out of it.
_DIGEST = "(SELECT a.content_hash FROM articles a WHERE a.id = x.article_id)"


@dataclass(frozen=True)
class Change:
    """One committed write, as serving processes replay it onto their vector index."""

    seq: int
    articles: str  # the ids written, comma separated
    removed: list[int]
    added: list[int]


def redacted(url: str) -> str:
    """The URL without its password, for messages and logs."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    netloc = parts.netloc.replace(f":{parts.password}@", ":***@")
    return urlunsplit(parts._replace(netloc=netloc))


def tsquery(terms: list[str]) -> str:
    """A ``to_tsquery`` expression matching any of the terms, each quoted so no word is read as
    query syntax (the configuration then stems it, as FTS5's porter tokenizer does)."""
    return " | ".join("'" + t.replace("\\", "\\\\").replace("'", "''") + "'" for t in terms)


class PostgresStore:
    """Thread-safe access to one PostgreSQL database through a connection pool."""

    read_only = False
    has_aliases = True  # migration 2 is applied on open

    def __init__(self, url: str, pool_size: int = 8) -> None:
        self.url = url
        self.location = redacted(url)
        self._errors = (psycopg.OperationalError, psycopg.InterfaceError, PoolTimeout)
        try:
            psycopg.connect(url, connect_timeout=int(POOL_TIMEOUT_S)).close()  # the reason, if not
            self._pool = ConnectionPool(
                url,
                min_size=1,
                max_size=pool_size,
                kwargs={"autocommit": True},
                check=ConnectionPool.check_connection,
                timeout=POOL_TIMEOUT_S,
                open=False,
            )
            self._pool.open(wait=True, timeout=POOL_TIMEOUT_S)
        except self._errors as e:
            raise self.unavailable(e) from None
        self.applied = self.migrate()  # the migrations this open applied
        self._articles = ArticleCache()
        # Set by a change follower: the generation its vector index has reached. Readers then
        # use it instead of asking the server, so caches and the index agree.
        self.followed: int | None = None

    def unavailable(self, error: Exception) -> LibraryError:
        reason = " ".join(str(error).split()) or type(error).__name__
        return LibraryError(
            f"cannot reach the database {self.location} ({reason}); is the server running? "
            "citebot retries on the next request"
        )

    @contextmanager
    def connection(self) -> Iterator:
        """A pooled connection; a lost server becomes one LibraryError with the reason."""
        try:
            with self._pool.connection() as conn:
                yield conn
        except self._errors as e:
            raise self.unavailable(e) from None

    def _query(self, sql: str, args: tuple | list = ()) -> list[tuple]:
        with self.connection() as conn:
            return conn.execute(sql, args).fetchall()

    def close(self) -> None:
        self._pool.close()

    # -- schema ----------------------------------------------------------------------------
    def schema_version(self) -> int:
        rows = self._query(
            "SELECT max(version) FROM schema_migrations"
            " WHERE to_regclass('schema_migrations') IS NOT NULL"
        )
        return int(rows[0][0] or 0) if rows else 0

    def migrate(self) -> list[str]:
        """Apply the migrations this database lacks (one process at a time); returns their
        names. A database migrated by a newer citebot is refused rather than written to."""
        applied: list[str] = []
        with self.connection() as conn:
            conn.execute("SELECT pg_advisory_lock(%s)", (MIGRATION_LOCK,))
            try:
                conn.execute(
                    "CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY,"
                    " name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())"
                )
                done = {r[0] for r in conn.execute("SELECT version FROM schema_migrations")}
                if done and max(done) > SCHEMA_VERSION:
                    raise LibraryError(
                        f"the database {self.location} has schema {max(done)}, this citebot "
                        f"knows schema {SCHEMA_VERSION}: upgrade citebot"
                    )
                for m in migrations("postgres"):
                    if m.version in done:
                        continue
                    with conn.transaction():
                        conn.execute(m.sql)
                        conn.execute(
                            "INSERT INTO schema_migrations(version, name) VALUES (%s, %s)",
                            (m.version, m.name),
                        )
                    applied.append(m.name)
            finally:
                conn.execute("SELECT pg_advisory_unlock(%s)", (MIGRATION_LOCK,))
        return applied

    # -- writing ---------------------------------------------------------------------------
    @contextmanager
    def transaction(self) -> Iterator[Transaction]:
        """All-or-nothing write, like the embedded store's. It ends by taking the next
        generation, logging the passages it removed and added, and notifying followers."""
        with self.connection() as conn, conn.transaction():
            tx = Transaction(conn)
            yield tx
            seq = conn.execute(
                "UPDATE generation SET value = value + 1, passages = passages + %s RETURNING value",
                (len(tx.added) - len(tx.removed),),
            ).fetchone()[0]
            conn.execute(
                "INSERT INTO changes(seq, article_id, removed, added) VALUES (%s, %s, %s, %s)",
                (seq, ",".join(tx.articles), tx.removed, tx.added),
            )
            conn.execute("SELECT pg_notify(%s, %s)", (CHANNEL, str(seq)))

    def put_article(
        self,
        tx: Transaction,
        article: Article,
        digest: str,
        passages: list[Passage],
        vectors: np.ndarray,
        quotes: list[tuple[int, Quote]],
        quote_vectors: np.ndarray,
    ) -> list[int]:
        """Insert one article with its passages (returns their ids) and quotes.

        Raises AlreadyStored when, with the locks held, another writer has meanwhile stored
        this text under this id (or, for a new id, under any id): the caller skips it."""
        conn = tx.lock(article.id, digest)
        row = conn.execute(
            "SELECT content_hash FROM articles WHERE id = %s", (article.id,)
        ).fetchone()
        if row is not None and row[0] == digest:
            raise AlreadyStored(article.id)
        if row is None and article.id not in tx.deleted:
            owner = conn.execute(
                "SELECT id FROM articles WHERE content_hash = %s LIMIT 1", (digest,)
            ).fetchone()
            if owner is not None:
                raise AlreadyStored(owner[0])
        if row is not None:  # replaced by another writer since we looked: replace that
            self.delete_article(tx, article.id)
        conn.execute(
            "INSERT INTO articles(id, content_hash, text, title, source, published, url,"
            " path, title_start, title_end, paragraphs)"
            " VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)",
            article_values(article, digest),
        )
        ids: list[int] = []
        if passages:
            values = ", ".join(
                [f"(%s, %s, %s, %s, %s, to_tsvector('{TEXT_SEARCH}', %s))"] * len(passages)
            )
            args = [
                x
                for p, v in zip(passages, vectors, strict=True)
                for x in (
                    article.id,
                    p.paragraph,
                    p.start,
                    p.end,
                    np.asarray(v, dtype="<f4").tobytes(),
                    article.text[p.start : p.end],
                )
            ]
            ids = [
                r[0]
                for r in conn.execute(
                    "INSERT INTO passages(article_id, paragraph, start_char, end_char,"
                    f" embedding, lexemes) VALUES {values} RETURNING id",
                    args,
                )
            ]
        tx.added += ids
        self.put_quotes(tx, article.id, quotes, quote_vectors)
        return ids

    def put_alias(self, tx: Transaction, alias: Article, article_id: str) -> None:
        """Record ``alias`` (an article with the same text) as another name of ``article_id``."""
        tx.lock(alias.id)
        tx.lock(article_id).execute(
            "INSERT INTO aliases(id, article_id, title, source, published, url, path)"
            " VALUES (%s, %s, %s, %s, %s, %s, %s) ON CONFLICT (id) DO UPDATE SET"
            " article_id = excluded.article_id, title = excluded.title,"
            " source = excluded.source, published = excluded.published, url = excluded.url,"
            " path = excluded.path, added_at = clock_timestamp()",
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

    def delete_alias(self, tx: Transaction, alias: str) -> bool:
        cur = tx.lock(alias).execute("DELETE FROM aliases WHERE id = %s", (alias,))
        return cur.rowcount > 0

    def _promote_alias(self, tx: Transaction, article_id: str) -> bool:
        """Hand an article, with its passages (same ids, so the vectors stay) and quotes, to its
        oldest alias, which keeps its own metadata; False when it has no alias."""
        conn = tx.conn
        row = conn.execute(
            "SELECT id, title, source, published, url, path FROM aliases WHERE article_id = %s"
            " ORDER BY added_at, id LIMIT 1",
            (article_id,),
        ).fetchone()
        if row is None:
            return False
        heir = row[0]
        tx.lock(heir)
        conn.execute("DELETE FROM aliases WHERE id = %s", (heir,))
        conn.execute(
            "INSERT INTO articles(id, content_hash, text, title, source, published, url, path,"
            " title_start, title_end, paragraphs) SELECT %s, content_hash, text, %s, %s, %s,"
            " %s, %s, title_start, title_end, paragraphs FROM articles WHERE id = %s",
            (*row, article_id),
        )
        for table in ("passages", "quotes", "aliases", "speaker_mentions", "speaker_facts"):
            conn.execute(
                f"UPDATE {table} SET article_id = %s WHERE article_id = %s", (heir, article_id)
            )
        conn.execute("DELETE FROM articles WHERE id = %s", (article_id,))
        tx.deleted.add(article_id)
        return True

    def delete_article(self, tx: Transaction, article_id: str) -> list[int]:
        """Remove an article id and everything derived from it; returns the removed passage ids.
        An article that has aliases lives on under the oldest of them (nothing is removed)."""
        conn = tx.lock(article_id)
        if self._promote_alias(tx, article_id):
            return []
        ids = [
            r[0]
            for r in conn.execute(
                "DELETE FROM passages WHERE article_id = %s RETURNING id", (article_id,)
            )
        ]
        self.delete_quotes(tx, article_id)
        conn.execute("DELETE FROM articles WHERE id = %s", (article_id,))
        tx.deleted.add(article_id)
        tx.removed += ids
        return ids

    def put_quotes(
        self,
        tx: Transaction,
        article_id: str,
        quotes: list[tuple[int, Quote]],
        vectors: np.ndarray,
    ) -> None:
        """Insert an article's quotes, each with its paragraph number and topic vector."""
        if not quotes:
            return
        conn = tx.lock(article_id)
        text = conn.execute("SELECT text FROM articles WHERE id = %s", (article_id,)).fetchone()[0]
        with conn.cursor() as cur:
            cur.executemany(
                "INSERT INTO quotes(article_id, paragraph, start_char, end_char, speaker,"
                " speaker_start, speaker_end, cue, kind, speaker_role, named_start, named_end,"
                " words_key) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)"
                " RETURNING id",
                [quote_values(article_id, paragraph, q, text) for paragraph, q in quotes],
                returning=True,
            )
            ids = [cur.fetchone()[0]]
            while cur.nextset():
                ids.append(cur.fetchone()[0])
        self.put_quote_vectors(tx, article_id, list(zip(ids, vectors, strict=True)))
        speaker_rows.write_speakers(self.writing_sql(tx), article_id)

    def put_quote_vectors(
        self, tx: Transaction, article_id: str, vectors: list[tuple[int, np.ndarray]]
    ) -> None:
        """Store (or replace) topic vectors of the article's quotes."""
        with tx.lock(article_id).cursor() as cur:
            cur.executemany(
                "INSERT INTO quote_vectors(quote_id, embedding) VALUES (%s, %s) ON CONFLICT"
                " (quote_id) DO UPDATE SET embedding = excluded.embedding",
                [(qid, np.asarray(v, dtype="<f4").tobytes()) for qid, v in vectors],
            )

    def delete_quotes(self, tx: Transaction, article_id: str) -> None:
        speaker_rows.forget_speakers(self.writing_sql(tx), article_id)
        tx.lock(article_id).execute("DELETE FROM quotes WHERE article_id = %s", (article_id,))

    def writing_sql(self, tx: Transaction) -> speaker_rows.Sql:
        """The speaker-entity rows of a write transaction: a surname is held until commit, so
        two writers regrouping the same people take turns (and see each other's mentions)."""
        return speaker_rows.Sql(tx.conn.execute, postgres=True, lock=tx.lock_surname)

    def set_meta(self, key: str, value: str, only_if_missing: bool = False) -> None:
        update = "NOTHING" if only_if_missing else "UPDATE SET value = excluded.value"
        with self.connection() as conn:
            conn.execute(
                f"INSERT INTO meta(key, value) VALUES (%s, %s) ON CONFLICT (key) DO {update}",
                (key, value),
            )

    # -- the change log --------------------------------------------------------------------
    @property
    def generation(self) -> int:
        if self.followed is not None:
            return self.followed
        return int(self._query("SELECT value FROM generation")[0][0])

    def changes_since(self, seq: int, limit: int = 10_000) -> list[Change]:
        rows = self._query(
            "SELECT seq, article_id, removed, added FROM changes WHERE seq > %s"
            " ORDER BY seq LIMIT %s",
            (seq, limit),
        )
        return [Change(r[0], r[1], list(r[2]), list(r[3])) for r in rows]

    def snapshot_embeddings(
        self, dim: int, batch: int = 20_000
    ) -> Iterator[tuple[int, np.ndarray, np.ndarray]]:
        """(generation, ids, vectors) in batches, all read in one snapshot: a follower that
        builds its index from them replays the change log from that generation on."""
        with self.connection() as conn, conn.transaction():
            conn.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
            generation = int(conn.execute("SELECT value FROM generation").fetchone()[0])
            with conn.cursor(name="citebot_embeddings") as cur:
                cur.itersize = batch
                cur.execute("SELECT id, embedding FROM passages ORDER BY id")
                while rows := cur.fetchmany(batch):
                    ids = np.fromiter((r[0] for r in rows), dtype=np.int64, count=len(rows))
                    blob = b"".join(r[1] for r in rows)
                    yield generation, ids, np.frombuffer(blob, dtype="<f4").reshape(-1, dim)
            yield generation, np.zeros(0, dtype=np.int64), np.zeros((0, dim), dtype=np.float32)

    # -- reading ---------------------------------------------------------------------------
    def meta(self, key: str) -> str | None:
        rows = self._query("SELECT value FROM meta WHERE key = %s", (key,))
        return rows[0][0] if rows else None

    def hash_of(self, article_id: str) -> str | None:
        rows = self._query("SELECT content_hash FROM articles WHERE id = %s", (article_id,))
        return rows[0][0] if rows else None

    def id_with_hash(self, digest: str) -> str | None:
        rows = self._query("SELECT id FROM articles WHERE content_hash = %s LIMIT 1", (digest,))
        return rows[0][0] if rows else None

    def alias_target(self, alias: str) -> str | None:
        """The article id ``alias`` names; None when it is no alias."""
        rows = self._query("SELECT article_id FROM aliases WHERE id = %s", (alias,))
        return rows[0][0] if rows else None

    def aliases_of(self, article_id: str) -> tuple[str, ...]:
        rows = self._query(
            "SELECT id FROM aliases WHERE article_id = %s ORDER BY added_at, id", (article_id,)
        )
        return tuple(r[0] for r in rows)

    def article(self, article_id: str) -> Article:
        """The stored article, also by an alias (cached until the generation moves)."""
        cached = self._articles.get(self.generation, article_id)
        if cached is not None:
            return cached
        rows = self._query(
            "SELECT id, text, title, source, published, url, path, title_start, title_end,"
            " paragraphs, content_hash FROM articles WHERE id = %s",
            (article_id,),
        )
        if not rows:
            target = self.alias_target(article_id)
            if target is None:
                raise KeyError(article_id)
            return self.article(target)
        article = article_from_row(rows[0], rows[0][9], self.aliases_of(rows[0][0]))
        self._articles.put(article, rows[0][10])
        return article

    def articles(self) -> list[ArticleInfo]:
        rows = self._query(
            "SELECT a.id, a.title, a.source, a.published, a.url, a.path,"
            " (SELECT count(*) FROM passages p WHERE p.article_id = a.id),"
            " (SELECT count(*) FROM quotes q WHERE q.article_id = a.id)"
            " FROM articles a ORDER BY a.published DESC, a.id"
        )
        aliases: dict[str, list[str]] = {}
        for alias, aid in self._query("SELECT id, article_id FROM aliases ORDER BY added_at, id"):
            aliases.setdefault(aid, []).append(alias)
        return [ArticleInfo(*r, aliases=tuple(aliases.get(r[0], ()))) for r in rows]

    def _passages(self, where: str, args: tuple) -> list[Passage]:
        rows = self._query(
            f"SELECT id, article_id, paragraph, start_char, end_char, {_DIGEST} FROM passages x"
            f" {where}",
            args,
        )
        self._articles.forget_changed({r[1]: r[5] for r in rows})
        return [
            Passage(id=r[0], article_id=r[1], paragraph=r[2], start=r[3], end=r[4]) for r in rows
        ]

    def passages(self, ids: list[int]) -> dict[int, Passage]:
        if not ids:
            return {}
        return {p.id: p for p in self._passages("WHERE id = ANY(%s)", (list(ids),))}

    def passages_of(self, article_id: str) -> list[Passage]:
        return self._passages("WHERE article_id = %s ORDER BY start_char", (article_id,))

    def passage_vectors(self, article_id: str) -> dict[str, np.ndarray]:
        """The stored article's passage texts with their vectors, reused when it is replaced."""
        rows = self._query(
            "SELECT a.text, p.start_char, p.end_char, p.embedding FROM passages p"
            " JOIN articles a ON a.id = p.article_id WHERE p.article_id = %s",
            (article_id,),
        )
        return {text[s:e]: np.frombuffer(blob, dtype="<f4") for text, s, e, blob in rows}

    def embeddings(self, ids: list[int], dim: int) -> np.ndarray:
        """Stored vectors of the given passages, in order (zeros for ids no longer stored)."""
        out = np.zeros((len(ids), dim), dtype=np.float32)
        if ids:
            rows = dict(
                self._query("SELECT id, embedding FROM passages WHERE id = ANY(%s)", (list(ids),))
            )
            for i, pid in enumerate(ids):
                if pid in rows:
                    out[i] = np.frombuffer(rows[pid], dtype="<f4")
        return out

    def stored_vectors(self, ids: list[int], dim: int) -> tuple[np.ndarray, np.ndarray]:
        """(ids, vectors) of those of ``ids`` still stored."""
        rows = (
            self._query("SELECT id, embedding FROM passages WHERE id = ANY(%s)", (list(ids),))
            if ids
            else []
        )
        found = np.fromiter((r[0] for r in rows), dtype=np.int64, count=len(rows))
        blob = b"".join(r[1] for r in rows)
        return found, np.frombuffer(blob, dtype="<f4").reshape(-1, dim)

    def quote_vectors(self, quote_ids: list[int]) -> dict[int, bytes]:
        """The stored topic vectors of these quotes (raw float32 bytes)."""
        if not quote_ids:
            return {}
        rows = self._query(
            "SELECT quote_id, embedding FROM quote_vectors WHERE quote_id = ANY(%s)",
            (list(quote_ids),),
        )
        return {qid: bytes(blob) for qid, blob in rows}

    def quote_vectors_of_article(self, article_id: str) -> dict[str, bytes]:
        """The stored article's quote texts with their topic vectors, for reuse."""
        rows = self._query(
            "SELECT a.text, q.start_char, q.end_char, v.embedding FROM quotes q"
            " JOIN articles a ON a.id = q.article_id JOIN quote_vectors v ON v.quote_id = q.id"
            " WHERE q.article_id = %s",
            (article_id,),
        )
        return {text[s:e]: bytes(blob) for text, s, e, blob in rows}

    def quotes_lacking_vectors(self, dim: int) -> list[StoredQuote]:
        """Quotes with no topic vector of this dimension."""
        return self._quotes(
            "WHERE NOT EXISTS (SELECT 1 FROM quote_vectors v WHERE v.quote_id = x.id"
            " AND octet_length(v.embedding) = %s)",
            (4 * dim,),
        )

    def embedding_bytes(self) -> int | None:
        """The size of one stored embedding; None when nothing is stored."""
        rows = self._query("SELECT octet_length(embedding) FROM passages LIMIT 1")
        return rows[0][0] if rows else None

    def passage_count(self) -> int:
        """Kept in the generation row by every write: counting a large table is a full scan."""
        return int(self._query("SELECT passages FROM generation")[0][0])

    def lexical(
        self, terms: list[str], limit: int, idf: dict[str, float]
    ) -> list[tuple[int, float]]:
        """Passages matching any term, ranked by cover density (``ts_rank_cd``, normalised by
        passage length) of each term weighted by its IDF and summed: ``ts_rank_cd`` on its own
        has no notion of how rare a word is, which is what BM25 (the embedded ranking) weighs
        most. ``idf`` comes from the caller, which counts and caches document frequencies."""
        if not terms:
            return []
        rows = self._query(
            "WITH w AS (SELECT to_tsquery(%s, tsq) AS query, weight"
            "  FROM unnest(%s::text[], %s::float8[]) AS t(tsq, weight))"
            " SELECT p.id, (SELECT sum(w.weight * ts_rank_cd(p.lexemes, w.query, 1)) FROM w)"
            " AS score FROM passages p WHERE p.lexemes @@ to_tsquery(%s, %s)"
            " ORDER BY score DESC, p.id LIMIT %s",
            (
                TEXT_SEARCH,
                [tsquery([t]) for t in terms],
                [idf.get(t, 1.0) for t in terms],
                TEXT_SEARCH,
                tsquery(terms),
                limit,
            ),
        )
        return [(int(r[0]), float(r[1])) for r in rows]

    def document_frequency(self, term: str) -> int:
        return int(
            self._query(
                "SELECT count(*) FROM passages WHERE lexemes @@ to_tsquery(%s, %s)",
                (TEXT_SEARCH, tsquery([term])),
            )[0][0]
        )

    def _quotes(self, where: str = "", args: tuple = ()) -> list[StoredQuote]:
        rows = self._query(
            f"SELECT {_QUOTE_COLUMNS}, {_DIGEST} FROM quotes x {where}"
            " ORDER BY article_id, start_char",
            args,
        )
        self._articles.forget_changed({r[1]: r[QUOTE_COLUMNS] for r in rows})
        return [stored_quote(r[:QUOTE_COLUMNS]) for r in rows]

    def quotes(self) -> list[StoredQuote]:
        """Every stored quote, by article and position."""
        return self._quotes()

    def quotes_of_article(self, article_id: str) -> list[StoredQuote]:
        return self._quotes("WHERE article_id = %s", (article_id,))

    def quotes_by_speakers(self, speakers: list[str]) -> list[StoredQuote]:
        return self._quotes("WHERE speaker = ANY(%s)", (list(speakers),))

    def attributed_quotes_overlapping(
        self, article_id: str, start: int, end: int
    ) -> list[StoredQuote]:
        """Quotes with a named speaker that overlap ``[start, end)`` of the article."""
        return self._quotes(
            "WHERE article_id = %s AND start_char < %s AND end_char > %s AND speaker <> ''",
            (article_id, end, start),
        )

    def passages_of_quotes(self, quote_ids: list[int]) -> dict[int, int]:
        """The passage each quote starts in (the article's first passage for header lines)."""
        if not quote_ids:
            return {}
        rows = self._query(
            "SELECT q.id, COALESCE("
            " (SELECT p.id FROM passages p WHERE p.article_id = q.article_id"
            "  AND p.start_char <= q.start_char AND q.start_char < p.end_char LIMIT 1),"
            " (SELECT min(p.id) FROM passages p WHERE p.article_id = q.article_id))"
            " FROM quotes q WHERE q.id = ANY(%s)",
            (list(quote_ids),),
        )
        return {qid: pid for qid, pid in rows if pid is not None}

    def quotes_of_entities(self, entity_ids: list[str]) -> list[StoredQuote]:
        sql = speaker_rows.Sql(None, postgres=True)
        where, args = speaker_rows.quotes_where(sql, entity_ids)
        return self._quotes(sql.text(where), args)

    def quote_places(self, entity_ids: list[str]) -> list[Place]:
        """Where the entities' quotes are, with their words' keys and articles' dates (from
        the covering indexes of migration 6, not the articles' texts)."""
        with self.reading() as sql:
            rows = speaker_rows.places(sql, entity_ids, ("start_char", "end_char"), "q.words_key")
        return [place(r) for r in rows]

    def quotes_with_words(self, quote_ids: list[int]) -> list[tuple[StoredQuote, str]]:
        """These quotes with their words, cut out of the stored article text by their offsets
        (in the same snapshot as the offsets: a replaced article's cached text is dropped)."""
        if not quote_ids:
            return []
        columns = ", ".join(f"x.{c}" for c in _QUOTE_COLUMNS.split(", "))
        rows = self._query(
            f"SELECT {columns}, a.content_hash,"
            " substr(a.text, x.start_char + 1, x.end_char - x.start_char)"
            " FROM quotes x JOIN articles a ON a.id = x.article_id WHERE x.id = ANY(%s)"
            " ORDER BY x.article_id, x.start_char",
            (list(quote_ids),),
        )
        self._articles.forget_changed({r[1]: r[QUOTE_COLUMNS] for r in rows})
        return [(stored_quote(r[:QUOTE_COLUMNS]), r[-1]) for r in rows]

    def quotes_lacking_keys(self) -> list[tuple[int, str, int, int]]:
        """(id, article id, start, end) of the quotes stored before their words had keys."""
        return self._query(
            "SELECT id, article_id, start_char, end_char FROM quotes WHERE words_key IS NULL"
            " ORDER BY article_id"
        )

    def put_words_keys(self, tx: Transaction, keys: list[tuple[int, str]]) -> None:
        with tx.conn.cursor() as cur:
            cur.executemany(
                "UPDATE quotes SET words_key = %s WHERE id = %s", [(k, i) for i, k in keys]
            )

    def sources(self, article_ids: list[str]) -> list[tuple[str, str, str, str, str, tuple]]:
        """(id, title, source, published, url, aliases) of these stored articles, without
        their texts: an answer cites hundreds of reprints of one statement."""
        if not article_ids:
            return []
        rows = self._query(
            "SELECT a.id, a.title, a.source, a.published, a.url, COALESCE((SELECT"
            " array_agg(s.id ORDER BY s.added_at, s.id) FROM aliases s WHERE s.article_id = a.id),"
            " '{}') FROM articles a WHERE a.id = ANY(%s)",
            (list(article_ids),),
        )
        return [(*r[:5], tuple(r[5])) for r in rows]

    @contextmanager
    def reading(self) -> Iterator[speaker_rows.Sql]:
        """A connection for the speaker lookups (``storage.speaker_rows``)."""
        with self.connection() as conn:
            yield speaker_rows.Sql(conn.execute, postgres=True)

    def speakers(self) -> list[tuple[str, int]]:
        return [
            (r[0], int(r[1]))
            for r in self._query(
                "SELECT speaker, count(*) FROM quotes WHERE speaker <> '' GROUP BY speaker"
            )
        ]

    # -- conversations ---------------------------------------------------------------------
    def load_chat(self, chat: str) -> dict | None:
        rows = self._query("SELECT state FROM chats WHERE chat = %s", (chat,))
        return rows[0][0] if rows else None

    def save_chat(self, chat: str, state: dict) -> None:
        self._query(
            "INSERT INTO chats(chat, state) VALUES (%s, %s) ON CONFLICT (chat)"
            " DO UPDATE SET state = excluded.state, updated_at = now() RETURNING chat",
            (chat, Jsonb(state)),
        )


class Transaction:
    """One write transaction: its connection, the advisory locks it holds (released at commit)
    and the passages it removed and added, for the change log."""

    def __init__(self, conn) -> None:
        self.conn = conn
        self.articles: dict[str, None] = {}  # ids written, in order
        self.deleted: set[str] = set()
        self.removed: list[int] = []
        self.added: list[int] = []
        self._locked: set[tuple[int, str]] = set()

    def _hold(self, key: tuple[int, str]) -> None:
        if key not in self._locked:
            self.conn.execute("SELECT pg_advisory_xact_lock(%s, hashtext(%s))", key)
            self._locked.add(key)

    def lock_surname(self, surname: str) -> None:
        self._hold((SURNAME_LOCKS, surname))

    def lock(self, article_id: str, digest: str = ""):
        """Hold the article's id (and text) until commit: writers of other articles never
        wait, two writers of the same one take turns. Returns the connection."""
        self.articles.setdefault(article_id, None)
        for key in [(ID_LOCKS, article_id)] + ([(HASH_LOCKS, digest)] if digest else []):
            self._hold(key)
        return self.conn
