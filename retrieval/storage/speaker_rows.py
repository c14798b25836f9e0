"""The speaker-entity rows (migration 3), in SQL both stores run (``?`` placeholders, rewritten
for psycopg).

An article's mentions and facts are written with its quotes, in the same transaction; then the
people of every surname it touches (before and after) are recomputed from that surname's stored
mentions, so adding, replacing or removing an article, or re-extracting its quotes, leaves the
entities exactly as a rebuild from all stored quotes would, and a crash leaves them as they
were. Lookups read through indexes (a word, a surname, a role's head noun), so their cost
follows the people asked about, not the size of the corpus.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from typing import Any

from citebot.retrieval.models import Quote
from citebot.retrieval.speakers.entities import (
    SpeakerFacts,
    article_speakers,
    clue,
    entity_id,
    group_surname,
    lookup_words,
)
from citebot.retrieval.speakers.search import role_head

TABLES = ("speaker_facts", "speaker_mentions", "surname_clues", "entity_words", "speaker_entities")


@dataclass
class Sql:
    """One connection (or transaction) of either engine."""

    execute: Callable[..., Any]  # (sql, args) -> cursor
    postgres: bool = False
    lock: Callable[[str], None] | None = None  # holds a surname until commit (server mode)
    # The articles table (as "a") as lookups of their dates name it (SQLite: through the covering index
    # of migration 6, which its planner passes over for the primary key).
    articles: str = "articles a"

    def text(self, sql: str) -> str:
        """The statement in this engine's placeholders."""
        return sql.replace("?", "%s") if self.postgres else sql

    def run(self, sql: str, args: tuple = ()) -> None:
        self.execute(self.text(sql), args)

    def rows(self, sql: str, args: tuple = ()) -> list[tuple]:
        return list(self.execute(self.text(sql), args).fetchall())

    def among(self, column: str, values: Iterable) -> tuple[str, tuple]:
        """``column IN values`` with its arguments."""
        values = list(values)
        if self.postgres:
            return f"{column} = ANY(?)", (values,)
        return f"{column} IN ({','.join('?' * len(values))})", tuple(values)


def _quotes(sql: Sql, article_id: str) -> list[Quote]:
    rows = sql.rows(
        "SELECT speaker, speaker_start, speaker_end, speaker_role FROM quotes"
        " WHERE article_id = ? AND speaker <> '' ORDER BY id",
        (article_id,),
    )
    return [Quote(0, 0, speaker, s, e, speaker_role=role) for speaker, s, e, role in rows]


def _text(sql: Sql, article_id: str) -> str:
    rows = sql.rows("SELECT text FROM articles WHERE id = ?", (article_id,))
    return rows[0][0] if rows else ""


def _fact_rows(facts: SpeakerFacts) -> list[tuple[str, str, str]]:
    """(kind, value, head) of one speaker's facts."""
    return (
        [("role", r, role_head(r)) for r in facts.roles]
        + [("alias", a, facts.surname) for a in facts.aliases]
        + [("organisation", o, o.lower()) for o in facts.organisations]
    )


def _insert(sql: Sql, article_id: str, speakers: list[SpeakerFacts]) -> None:
    for f in speakers:
        sql.run(
            "INSERT INTO speaker_mentions(article_id, speaker, person, surname, entity_id)"
            " VALUES (?, ?, ?, ?, '')",
            (article_id, f.speaker, f.person, f.surname),
        )
        for kind, value, head in _fact_rows(f):
            sql.run(
                "INSERT INTO speaker_facts(article_id, speaker, kind, value, head)"
                " VALUES (?, ?, ?, ?, ?)",
                (article_id, f.speaker, kind, value, head),
            )


Clue = tuple[str, str, str]  # (surname, person, clue)


def _clues(speakers: list[SpeakerFacts]) -> set[Clue]:
    """What one article adds to its surnames' grouping (each once per article)."""
    return {
        (f.surname, f.person, c)
        for f in speakers
        for c in {"", *(clue(*row) for row in _fact_rows(f))}
    }


def _stored_clues(sql: Sql, article_id: str) -> set[Clue]:
    rows = sql.rows(
        "SELECT m.surname, m.person, f.kind, f.value, f.head FROM speaker_mentions m"
        " LEFT JOIN speaker_facts f ON f.article_id = m.article_id AND f.speaker = m.speaker"
        " WHERE m.article_id = ?",
        (article_id,),
    )
    return {(s, p, "") for s, p, *_ in rows} | {
        (s, p, c) for s, p, kind, value, head in rows if kind and (c := clue(kind, value, head))
    }


def _count(sql: Sql, deltas: Counter[Clue]) -> set[str]:
    """Apply per-article count changes; the surnames whose set of (name, clue) changed."""
    changed = set()
    for (surname, person, c), step in sorted(deltas.items()):
        if not step:
            continue
        key = (surname, person, c)
        rows = sql.rows(
            "SELECT articles FROM surname_clues WHERE surname = ? AND person = ? AND clue = ?", key
        )
        now = (rows[0][0] if rows else 0) + step
        if now <= 0:
            sql.run("DELETE FROM surname_clues WHERE surname = ? AND person = ? AND clue = ?", key)
        elif rows:
            sql.run(
                "UPDATE surname_clues SET articles = ? WHERE surname = ? AND person = ? AND clue = ?",
                (now, *key),
            )
        else:
            sql.run(
                "INSERT INTO surname_clues(surname, person, clue, articles) VALUES (?, ?, ?, ?)",
                (*key, now),
            )
        if now <= 0 or not rows:
            changed.add(surname)
    return changed


def write_speakers(sql: Sql, article_id: str, keep: bool = True) -> None:
    """(Re)derive the article's mentions and facts from its stored quotes (none when
    ``keep`` is false: its quotes are going), then regroup the surnames whose names or clues
    changed; a known person quoted again just takes their entity."""
    speakers = article_speakers(_text(sql, article_id), _quotes(sql, article_id)) if keep else []
    old, new = _stored_clues(sql, article_id), _clues(speakers)
    if sql.lock is not None:
        for surname in sorted({c[0] for c in old | new}):
            sql.lock(surname)
    for table in ("speaker_facts", "speaker_mentions"):
        sql.run(f"DELETE FROM {table} WHERE article_id = ?", (article_id,))
    _insert(sql, article_id, speakers)
    deltas = Counter(new)
    deltas.subtract(old)
    regroup(sql, _count(sql, deltas))
    sql.run(
        "UPDATE speaker_mentions SET entity_id = COALESCE((SELECT k.entity_id FROM"
        " speaker_mentions k WHERE k.surname = speaker_mentions.surname AND k.person ="
        " speaker_mentions.person AND k.entity_id <> '' LIMIT 1), '')"
        " WHERE article_id = ? AND entity_id = ''",
        (article_id,),
    )


def forget_speakers(sql: Sql, article_id: str) -> None:
    """Drop the article's mentions (its quotes are going) and regroup what that changes."""
    write_speakers(sql, article_id, keep=False)


def _people_of(sql: Sql, surname: str) -> dict[str, set[str]]:
    """The surname's names (each article's fullest) with the clues their facts give."""
    persons: dict[str, set[str]] = {}
    for person, c in sql.rows(
        "SELECT person, clue FROM surname_clues WHERE surname = ?", (surname,)
    ):
        persons.setdefault(person, set()).update([c] if c else [])
    return persons


def entities_of(persons: dict[str, set[str]]) -> dict[str, tuple[str, set[str], list[str]]]:
    """entity id -> (canonical name, lookup words, member names) for one surname's names."""
    out: dict[str, tuple[str, set[str], list[str]]] = {}
    for person, canonical in sorted(group_surname(persons).items()):
        eid = entity_id(canonical)
        _, words, members = out.setdefault(eid, (canonical, set(), []))
        words.update(lookup_words(person))
        members.append(person)
    return out


def regroup(sql: Sql, surnames: Iterable[str]) -> None:
    """Recompute the people of each surname from its stored mentions."""
    for surname in sorted(set(surnames)):
        if sql.lock is not None:
            sql.lock(surname)
        old = [
            r[0] for r in sql.rows("SELECT id FROM speaker_entities WHERE surname = ?", (surname,))
        ]
        if old:
            where, args = sql.among("entity_id", old)
            sql.run(f"DELETE FROM entity_words WHERE {where}", args)
            sql.run("DELETE FROM speaker_entities WHERE surname = ?", (surname,))
        for eid, (name, words, members) in entities_of(_people_of(sql, surname)).items():
            sql.run(
                "INSERT INTO speaker_entities(id, name, surname) VALUES (?, ?, ?)",
                (eid, name, surname),
            )
            for word in sorted(words):
                sql.run("INSERT INTO entity_words(word, entity_id) VALUES (?, ?)", (word, eid))
            where, args = sql.among("person", members)
            sql.run(
                "UPDATE speaker_mentions SET entity_id = ?"
                f" WHERE surname = ? AND entity_id <> ? AND {where}",
                (eid, surname, eid, *args),
            )


def rebuild(sql: Sql) -> None:
    """Derive every entity row again from the stored quotes (repair, or a new ENTITIES_VERSION).
    One transaction: no per-surname locks (a server would run out of lock slots on a large
    corpus); run it while nothing else ingests (the embedded store holds its writer's lock)."""
    sql = replace(sql, lock=None)
    for table in TABLES:
        sql.run(f"DELETE FROM {table}")
    counts: Counter[Clue] = Counter()
    for (article_id,) in sql.rows("SELECT id FROM articles ORDER BY id"):
        speakers = article_speakers(_text(sql, article_id), _quotes(sql, article_id))
        _insert(sql, article_id, speakers)
        counts.update(_clues(speakers))
    regroup(sql, _count(sql, counts))


def problems(sql: Sql) -> list[str]:
    """How the stored entity rows differ from what the stored quotes give (``citebot check``)."""
    found: list[str] = []
    expected_mentions: set[tuple[str, str, str, str]] = set()
    expected_facts: set[tuple[str, str, str, str, str]] = set()
    counts: Counter[Clue] = Counter()
    for (article_id,) in sql.rows("SELECT id FROM articles"):
        speakers = article_speakers(_text(sql, article_id), _quotes(sql, article_id))
        counts.update(_clues(speakers))
        for f in speakers:
            expected_mentions.add((article_id, f.speaker, f.person, f.surname))
            expected_facts |= {(article_id, f.speaker, *row) for row in _fact_rows(f)}
    by_surname: dict[str, dict[str, set[str]]] = {}
    for surname, person, c in counts:
        by_surname.setdefault(surname, {}).setdefault(person, set()).update([c] if c else [])
    mentions = sql.rows(
        "SELECT article_id, speaker, person, surname, entity_id FROM speaker_mentions"
    )
    if {m[:4] for m in mentions} != expected_mentions:
        found.append("speaker mentions differ from the stored quotes")
    facts = set(sql.rows("SELECT article_id, speaker, kind, value, head FROM speaker_facts"))
    if facts != expected_facts:
        found.append("speaker roles and aliases differ from the stored quotes")
    stored_counts = {(s, p, c): n for s, p, c, n in sql.rows("SELECT * FROM surname_clues")}
    if stored_counts != dict(counts):
        found.append("the per-surname speaker counts differ from the stored quotes")
    expected = {
        eid: (name, surname, words, members)
        for surname, persons in by_surname.items()
        for eid, (name, words, members) in entities_of(persons).items()
    }
    stored = {
        r[0]: (r[1], r[2]) for r in sql.rows("SELECT id, name, surname FROM speaker_entities")
    }
    if stored != {eid: (e[0], e[1]) for eid, e in expected.items()}:
        found.append(
            f"{len(set(stored) ^ set(expected))} speaker entities differ from the stored quotes"
        )
    words = set(sql.rows("SELECT word, entity_id FROM entity_words"))
    if words != {(w, eid) for eid, e in expected.items() for w in e[2]}:
        found.append("speaker lookup words differ from the stored entities")
    home = {(surname, m): eid for eid, (_, surname, _, ms) in expected.items() for m in ms}
    wrong = sum(home.get((m[3], m[2])) != m[4] for m in mentions)
    if wrong:
        found.append(f"{wrong} speaker mentions point at the wrong entity")
    return found


# -- lookups ----------------------------------------------------------------------------------
def named(sql: Sql, words: Iterable[str]) -> list[tuple[str, str, str, int]]:
    """(entity id, canonical name, a speaker name of theirs, articles quoting them under it)
    for the entities any of ``words`` finds."""
    where, args = sql.among("w.word", sorted(set(words)))
    return sql.rows(
        "SELECT e.id, e.name, m.speaker, COUNT(*) FROM entity_words w"
        " JOIN speaker_entities e ON e.id = w.entity_id"
        " JOIN speaker_mentions m ON m.entity_id = e.id"
        f" WHERE {where} GROUP BY e.id, e.name, m.speaker ORDER BY e.id, m.speaker",
        args,
    )


def stated(sql: Sql, kind: str, head: str) -> list[tuple[str, str, str, str]]:
    """(entity id, canonical name, value, first published) of every fact of ``kind`` with
    ``head``: who the articles give a role, and since when; one row per person and wording,
    however many articles state it."""
    return sql.rows(
        "SELECT e.id, e.name, f.value, MIN(a.published) FROM speaker_facts f"
        " JOIN speaker_mentions m ON m.article_id = f.article_id AND m.speaker = f.speaker"
        " JOIN speaker_entities e ON e.id = m.entity_id"
        f" JOIN {sql.articles} ON a.id = f.article_id"
        " WHERE f.kind = ? AND f.head = ? GROUP BY e.id, e.name, f.value"
        " ORDER BY MIN(a.published), e.id, f.value",
        (kind, head),
    )


def facts_of(sql: Sql, entity_ids: Iterable[str]) -> list[tuple[str, str, str, str, int]]:
    """(entity id, kind, value, published, in how many articles) of the entities' facts: one
    row per fact and date, however many articles state it."""
    where, args = sql.among("m.entity_id", entity_ids)
    return sql.rows(
        "SELECT m.entity_id, f.kind, f.value, a.published, COUNT(*) FROM speaker_mentions m"
        " JOIN speaker_facts f ON f.article_id = m.article_id AND f.speaker = m.speaker"
        f" JOIN {sql.articles} ON a.id = m.article_id WHERE {where}"
        " GROUP BY m.entity_id, f.kind, f.value, a.published ORDER BY a.published, f.kind, f.value",
        args,
    )


def speaker_ids(sql: Sql, quote_ids: list[int]) -> dict[int, str]:
    """quote id -> the entity of its speaker."""
    if not quote_ids:
        return {}
    where, args = sql.among("q.id", quote_ids)
    return dict(
        sql.rows(
            "SELECT q.id, m.entity_id FROM quotes q JOIN speaker_mentions m"
            f" ON m.article_id = q.article_id AND m.speaker = q.speaker WHERE {where}",
            args,
        )
    )


def quotes_where(sql: Sql, entity_ids: Iterable[str]) -> tuple[str, tuple]:
    """The WHERE clause (and its arguments) of a quote query for the entities' quotes."""
    where, args = sql.among("entity_id", entity_ids)
    return (
        "WHERE (article_id, speaker) IN"
        f" (SELECT article_id, speaker FROM speaker_mentions WHERE {where})",
        args,
    )


def places(sql: Sql, entity_ids: Iterable[str], offsets: tuple[str, str], key: str) -> list[tuple]:
    """(quote id, article id, paragraph, start, end, words key, published) of the entities'
    quotes; ``offsets`` names the engine's offset columns, ``key`` the words key's (NULL in a
    read-only store made before schema 6)."""
    where, args = sql.among("m.entity_id", entity_ids)
    start, end = offsets
    return sql.rows(
        f"SELECT q.id, q.article_id, q.paragraph, q.{start}, q.{end}, {key}, a.published"
        " FROM speaker_mentions m"
        " JOIN quotes q ON q.article_id = m.article_id AND q.speaker = m.speaker"
        f" JOIN {sql.articles} ON a.id = m.article_id WHERE {where}",
        args,
    )
