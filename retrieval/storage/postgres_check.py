"""What ``citebot check`` reads from, and ``--repair`` rebuilds in, the PostgreSQL store.

The derived data here are each passage's ``tsvector`` (what full-text search ranks), the
passage counter in the generation row, and the change log serving processes replay onto
their vector indexes: replaying it from the start must give exactly the stored passages.
(The vector indexes themselves live in the serving processes and are built from the stored
embeddings when they start, so there is no vector file to check.)
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from citebot.retrieval.storage import speaker_rows
from citebot.retrieval.storage.postgres_store import TEXT_SEARCH, PostgresStore, Transaction

_FRESH_LEXEMES = (
    f"to_tsvector('{TEXT_SEARCH}', substr(a.text, p.start_char + 1, p.end_char - p.start_char))"
)
_LOG_IDS = "(SELECT unnest(added) FROM changes EXCEPT ALL SELECT unnest(removed) FROM changes)"


class PostgresSnapshot:
    """One repeatable-read transaction: a consistent view of the database."""

    def __init__(self, conn) -> None:
        self.conn = conn

    def _one(self, sql: str, args: tuple = ()) -> int:
        return int(self.conn.execute(sql, args).fetchone()[0] or 0)

    def sql(self) -> speaker_rows.Sql:
        return speaker_rows.Sql(self.conn.execute, postgres=True)

    def damage(self) -> str | None:
        return None  # the server checks its own pages; there is no file here to verify

    def generation(self) -> int:
        return self._one("SELECT value FROM generation")

    def counts(self) -> dict[str, int]:
        counts = {
            table: self._one(f"SELECT count(*) FROM {table}")
            for table in ("articles", "passages", "quotes")
        }
        counts["bm25"] = self._one("SELECT count(*) FROM passages WHERE lexemes IS NOT NULL")
        return counts

    def articles(self) -> Iterator[tuple[str, str, str, list | None, int | None, int | None]]:
        with self.conn.cursor(name="citebot_check") as cur:
            cur.execute(
                "SELECT id, text, content_hash, paragraphs, title_start, title_end FROM articles"
            )
            for aid, text, digest, paragraphs, ts, te in cur:
                yield (
                    aid,
                    text,
                    digest,
                    paragraphs if isinstance(paragraphs, list) else None,
                    ts,
                    te,
                )

    def passages(self, article_id: str, text: str) -> list[tuple[int, int, int, int, int, str]]:
        rows = self.conn.execute(
            "SELECT p.id, p.paragraph, p.start_char, p.end_char, length(p.embedding),"
            f" p.lexemes = {_FRESH_LEXEMES} FROM passages p JOIN articles a"
            " ON a.id = p.article_id WHERE p.article_id = %s",
            (article_id,),
        ).fetchall()
        return [(r[0], r[1], r[2], r[3], r[4], "ok" if r[5] else "different") for r in rows]

    def quotes(self, article_id: str) -> list[tuple]:
        return self.conn.execute(
            "SELECT id, paragraph, start_char, end_char, speaker_start, speaker_end,"
            " named_start, named_end FROM quotes"
            " WHERE article_id = %s",
            (article_id,),
        ).fetchall()

    def orphans(self) -> dict[str, int]:
        return {table: 0 for table in ("passages", "quotes")}  # foreign keys forbid them

    def stray_lexical_rows(self) -> int:
        return 0  # the tsvector is a column of its passage

    def quote_vectors(self, dim: int) -> tuple[int, int, int]:
        """(topic vectors stored, quotes with none of this dimension, vectors of no quote:
        none, the foreign key forbids them)."""
        stored = self._one("SELECT count(*) FROM quote_vectors")
        lacking = self._one(
            "SELECT count(*) FROM quotes q WHERE NOT EXISTS (SELECT 1 FROM quote_vectors v"
            " WHERE v.quote_id = q.id AND octet_length(v.embedding) = %s)",
            (4 * dim,),
        )
        return stored, lacking, 0

    def passage_ids(self) -> set[int]:
        return {r[0] for r in self.conn.execute("SELECT id FROM passages")}

    def change_log_problems(self, passages: int) -> list[str]:
        """What a serving process replaying the log would get wrong."""
        problems = []
        counted = self._one("SELECT passages FROM generation")
        if counted != passages:
            problems.append(f"the passage counter says {counted}, {passages} are stored")
        last = self._one("SELECT max(seq) FROM changes")
        if last > self.generation():
            problems.append(f"the change log runs to {last}, past generation {self.generation()}")
        unknown = self._one(
            f"SELECT count(*) FROM ({_LOG_IDS} EXCEPT ALL SELECT id FROM passages) x"
        )
        missing = self._one(
            f"SELECT count(*) FROM (SELECT id FROM passages EXCEPT ALL {_LOG_IDS}) x"
        )
        if unknown or missing:
            problems.append(
                f"the change log disagrees with the passages ({unknown} unknown, {missing} "
                "missing): serving processes would search the wrong vectors"
            )
        return problems


@contextmanager
def snapshot(store: PostgresStore) -> Iterator[PostgresSnapshot]:
    with store.connection() as conn, conn.transaction():
        conn.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
        yield PostgresSnapshot(conn)


def lexical_index_problem(store: PostgresStore) -> tuple[str, str] | None:
    return None  # GIN indexes are the server's to keep; each row is compared above


def damage_of(store: PostgresStore, error: Exception) -> str | None:
    """No error of the server's means a damaged file here (see ``damage``)."""
    return None


def rebuild_lexical(tx: Transaction) -> tuple[int, int]:
    """Inside a write transaction: recompute every passage's tsvector that differs from its
    text, and make the counter and the change log agree with the passages again (one
    corrective change: what the log lacks is added, what it holds too much is removed)."""
    conn = tx.conn
    rows = conn.execute(
        f"UPDATE passages p SET lexemes = {_FRESH_LEXEMES} FROM articles a"
        f" WHERE a.id = p.article_id AND p.lexemes IS DISTINCT FROM {_FRESH_LEXEMES}"
    ).rowcount
    tx.added += [
        r[0] for r in conn.execute(f"SELECT id FROM passages EXCEPT SELECT * FROM {_LOG_IDS} x")
    ]
    tx.removed += [
        r[0] for r in conn.execute(f"SELECT * FROM {_LOG_IDS} x EXCEPT SELECT id FROM passages")
    ]
    tx.articles.setdefault("(repair)", None)
    conn.execute(
        "UPDATE generation SET passages = (SELECT count(*) FROM passages) - %s",
        (len(tx.added) - len(tx.removed),),  # the commit adds this difference back
    )
    return 0, rows
