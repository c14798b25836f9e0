"""``citebot check``: does the store agree with the data derived from it?

The store is the truth; the lexical rows (FTS5's BM25 rows, or PostgreSQL's tsvectors) and the
vectors (the FAISS file, or the change log serving processes replay) are derived from the
stored texts and embeddings. After a crash, a full disk or a hand-edited file the check tells
derived-data problems (repairable: rebuild them from the store) from damaged stored rows (an
offset outside its article: re-ingest that article). The store is read in one snapshot, so a
concurrent ingest cannot make it report half-written states that readers never see. The
questions are the same for both stores; ``storage.sqlite_check`` and ``storage.postgres_check``
answer them in each engine's terms.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from types import ModuleType

import faiss

from citebot.retrieval.articles.loading import content_hash
from citebot.retrieval.library import Library
from citebot.retrieval.storage import speaker_rows
from citebot.retrieval.storage.embedded import EmbeddedBackend
from citebot.retrieval.storage.errors import LibraryError
from citebot.retrieval.storage.vector_index import VectorIndex, file_digest, read_stamp

MAX_LISTED = 12  # problems shown in the report; the count covers the rest


@dataclass
class CheckReport:
    counts: dict[str, int] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)  # damaged stored rows: re-ingest
    derived: list[str] = field(default_factory=list)  # wrong derived data: `check --repair`
    notes: list[str] = field(default_factory=list)  # fine, but worth knowing
    requote: set[str] = field(default_factory=set)  # articles whose quotes must be re-extracted
    regroup: bool = False  # the speaker entities disagree with the quotes: derive them again
    damaged: bool = False  # SQLite finds the database file itself damaged: nothing to repair

    @property
    def ok(self) -> bool:
        return not (self.problems or self.derived)

    def render(self, data_dir: object) -> str:
        """One screen: the counts, then problems (capped), then what to do."""
        c = self.counts
        out = [f"citebot check: {data_dir}"]
        if not self.damaged:  # nothing could be counted
            out.append(
                f"  {c.get('articles', 0)} articles, {c.get('passages', 0)} passages, "
                f"{c.get('quotes', 0)} quotes, {c.get('bm25', 0)} BM25 rows, "
                f"{c.get('vectors', 0)} vectors (generation {c.get('generation', 0)})"
            )
        out += [f"  note: {n}" for n in self.notes]
        listed = (self.derived + self.problems)[:MAX_LISTED]
        out += [f"  problem: {p}" for p in listed]
        hidden = len(self.derived) + len(self.problems) - len(listed)
        if hidden:
            out.append(f"  ... and {hidden} more problems")
        if self.derived:
            out.append("  fix: `citebot check --repair` rebuilds them from the stored texts")
        if self.problems and not self.damaged:
            out.append(
                "  fix: re-ingest the articles named above (`citebot remove ID`, then ingest)"
            )
        if self.ok:
            out.append("  ok: store, BM25 and vectors agree")
        return "\n".join(out)


def _engine(library: Library) -> ModuleType:
    """The module that answers the check's questions for this library's store."""
    if isinstance(library.backend, EmbeddedBackend):
        from citebot.retrieval.storage import sqlite_check

        return sqlite_check
    from citebot.retrieval.storage import postgres_check

    return postgres_check


def _span_ok(start: object, end: object, length: int) -> bool:
    return isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= length


def _check_article(snap, row: tuple, dim: int | None, report: CheckReport) -> None:
    aid, text, digest, paragraphs, title_start, title_end = row
    problems = report.problems
    n = len(text)
    if content_hash(text) != digest:
        problems.append(f"article {aid}: stored text does not match its content hash")
    last = len(paragraphs) if isinstance(paragraphs, list) else n  # no list: only the text bounds
    if not isinstance(paragraphs, list):
        paragraphs = []
        problems.append(f"article {aid}: unreadable paragraph list")
    bad = [p for p in paragraphs if not (isinstance(p, list) and len(p) == 2 and _span_ok(*p, n))]
    if bad:
        problems.append(f"article {aid}: paragraph {bad[0]} outside its {n}-character text")
    if title_start is not None and not _span_ok(title_start, title_end, n):
        problems.append(f"article {aid}: headline offsets {title_start}-{title_end} out of range")
    for pid, paragraph, start, end, size, lexical in snap.passages(aid, text):
        if not _span_ok(start, end, n) or not 0 <= paragraph <= last:
            problems.append(f"article {aid}: passage {pid} at {start}-{end} is outside the text")
        elif lexical != "ok":
            what = "has no BM25 row" if lexical == "missing" else "has a BM25 row with other text"
            report.derived.append(f"article {aid}: passage {pid} {what}")
        if dim is not None and size != dim * 4:
            problems.append(f"article {aid}: passage {pid} has a {size}-byte embedding")
    for qid, paragraph, start, end, s_start, s_end, n_start, n_end in snap.quotes(aid):
        speaker_ok = all(
            a is None or _span_ok(a, b, n) for a, b in ((s_start, s_end), (n_start, n_end))
        )
        if not (_span_ok(start, end, n) and speaker_ok and 0 <= paragraph <= last):
            report.derived.append(
                f"article {aid}: quote {qid} at {start}-{end} is outside the text"
            )
            report.requote.add(aid)


def _check_quote_vectors(found: tuple[int, int, int], report: CheckReport) -> None:
    stored, lacking, stray = found
    report.counts["quote_vectors"] = stored
    if lacking:
        report.derived.append(
            f"{lacking} quotes have no topic vector of the index's dimension (topic questions "
            "rank them by their passage instead)"
        )
    if stray:
        report.derived.append(f"{stray} quote topic vectors belong to no quote")


def _faiss_ids(index: faiss.Index) -> set[int] | None:
    """The ids an ID-mapped index holds; None for index types that do not expose them."""
    id_map = getattr(index, "id_map", None)
    return None if id_map is None else set(faiss.vector_to_array(id_map).tolist())


def _check_vectors(
    library: Library, generation: int, passage_ids: set[int], report: CheckReport
) -> None:
    dim = library.vector_dim
    if dim is None:
        if passage_ids:
            report.problems.append("manifest.json is missing: the model and dimension are unknown")
        return
    files = VectorIndex(library.data_dir, dim)
    stamp = read_stamp(files.stamp_path)
    if stamp is None or not files.path.exists():
        if passage_ids:
            what = "no vector file yet" if stamp is None else "no vector file"
            if files.stamp_path.exists() and stamp is None:
                what = (
                    "the vector file's stamp (vectors.json) is unreadable or from an older citebot"
                )
            report.notes.append(f"{what}: it is rebuilt from the stored embeddings")
        return
    if stamp["generation"] != generation:
        report.notes.append(
            f"vector file is from generation {stamp['generation']}: it is rebuilt from "
            "the stored embeddings when the index is next opened"
        )
        return
    try:
        if file_digest(files.path) != stamp["sha256"]:
            report.derived.append(
                "vector file is current but damaged (its checksum does not match)"
            )
            return
        index = faiss.read_index(str(files.path))
    except (OSError, RuntimeError):
        report.derived.append("vector file is current but unreadable")
        return
    report.counts["vectors"] = int(index.ntotal)
    if index.d != dim:
        report.derived.append(f"vector file has dimension {index.d}, the manifest says {dim}")
    elif index.ntotal != len(passage_ids) or stamp.get("count") != index.ntotal:
        report.derived.append(
            f"vector file holds {index.ntotal} vectors for {len(passage_ids)} passages"
        )
    elif (ids := _faiss_ids(index)) is not None and ids != passage_ids:
        report.derived.append(
            f"vector file ids differ from the passages ({len(ids - passage_ids)} unknown, "
            f"{len(passage_ids - ids)} missing)"
        )


def check(library: Library) -> CheckReport:
    """Compare store, lexical rows and vectors; never writes. A database file SQLite finds
    damaged is reported as one problem that says what to do (restore or rebuild)."""
    engine = _engine(library)
    try:
        return _check(library, engine)
    except Exception as e:
        damaged = engine.damage_of(library.store, e)
        if damaged is None:
            raise
        report = CheckReport(damaged=True)
        report.problems.append(damaged)
        return report


def _check(library: Library, engine: ModuleType) -> CheckReport:
    report = CheckReport()
    dim = library.vector_dim
    with engine.snapshot(library.store) as snap:
        damaged = snap.damage()
        if damaged:
            report.problems.append(damaged)
            report.damaged = True
            return report
        generation = snap.generation()
        report.counts.update(snap.counts(), generation=generation)
        for row in snap.articles():
            _check_article(snap, row, dim, report)
        if dim is not None:
            _check_quote_vectors(snap.quote_vectors(dim), report)
        for table, orphans in snap.orphans().items():
            if orphans:
                report.derived.append(f"{orphans} {table} belong to no article")
        entities = speaker_rows.problems(snap.sql())
        report.derived += entities
        report.regroup = bool(entities)
        stray = snap.stray_lexical_rows()
        if stray:
            report.derived.append(f"{stray} BM25 rows belong to no passage")
        passage_ids = snap.passage_ids()
        if not isinstance(library.backend, EmbeddedBackend):
            report.derived += snap.change_log_problems(len(passage_ids))
    found = engine.lexical_index_problem(library.store)
    if found:
        (report.notes if found[0] == "note" else report.derived).append(found[1])
    if isinstance(library.backend, EmbeddedBackend):
        _check_vectors(library, generation, passage_ids, report)
    else:
        report.notes.append("vectors: each serving process builds its index from the database")
    return report


def repair(library: Library) -> list[str]:
    """Rebuild the lexical rows, the vectors' source (file or change log) and broken quotes
    from the stored texts (embedded: under the write lock, so no ingest runs meanwhile);
    damaged passages are left for the user to re-ingest, since new embeddings need the model.
    Returns what was done."""
    store = library.store
    found = check(library)
    if found.damaged:
        raise LibraryError(found.problems[0])
    requote = sorted(found.requote)
    with library.backend.locked():
        fresh = {aid: library.requoted(store.article(aid)) for aid in requote}
        with store.transaction() as db:
            for aid, (quotes, about) in fresh.items():
                store.delete_quotes(db, aid)
                store.put_quotes(db, aid, quotes, about)
            orphans, rows = _engine(library).rebuild_lexical(db)
            if found.regroup:
                speaker_rows.rebuild(store.writing_sql(db))
        done = [f"rebuilt {rows} BM25 rows from the stored passage texts"]
        if requote:
            done.append(f"re-extracted the quotes of {len(requote)} articles")
        if encoded := library.complete_quote_vectors(recheck=True):
            done.append(f"encoded the topic vectors of {encoded} quotes")
        if found.regroup:
            done.append("derived the speaker entities again from the stored quotes")
        if orphans:
            done.append(f"deleted {orphans} passages and quotes of no article")
        if library.vector_dim is not None and isinstance(library.backend, EmbeddedBackend):
            vectors = VectorIndex(library.data_dir, library.vector_dim)
            for stale in (vectors.stamp_path, vectors.path):
                stale.unlink(missing_ok=True)
            vectors.sync(store, writable=True)
            done.append(f"rebuilt the vector file from {len(vectors)} stored embeddings")
        return done
