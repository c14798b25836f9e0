"""The article library: open it, add and remove articles, search it.

It lives where the storage seam puts it (``storage.seam``): a data directory (SQLite, a FAISS
file, a manifest naming the model and schema the vectors were made with, and a lock so two
ingests never interleave), or a PostgreSQL database shared by many processes. Either way
readers never block and pick up committed changes on their own.
"""

from __future__ import annotations

import re
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from citebot.embeddings.encoder import Encoder, EncoderConfig, load_encoder
from citebot.retrieval.articles.loading import (
    ArticleError,
    articles_from_bytes,
    content_hash,
    display_name,
    find_files,
    read_file,
)
from citebot.retrieval.articles.passages import paragraph_number, passages_of
from citebot.retrieval.models import (
    Article,
    ArticleInfo,
    Citation,
    Passage,
    Person,
    Quote,
    SourceInfo,
    Statements,
    StoredQuote,
)
from citebot.retrieval.quotes.backbone import ParsedParagraph
from citebot.retrieval.quotes.extraction import (
    EXTRACTOR_VERSION,
    extract_quotes,
    parse_article_texts,
)
from citebot.retrieval.quotes.parse_workers import ParseWorkers, PendingQuotes
from citebot.retrieval.search.evidence import ScoredSentence, score_sentences
from citebot.retrieval.search.hybrid import Hit, HybridSearch, TermStatistics
from citebot.retrieval.search.statements import (
    Place,
    first_places,
    ordered,
    outermost,
    words_key,
)
from citebot.retrieval.search.topics import decoded, reusable, topic_text
from citebot.retrieval.speakers.entities import ENTITIES_VERSION, choose_people
from citebot.retrieval.speakers.search import role_head, states_role, typed_keys
from citebot.retrieval.storage import speaker_rows
from citebot.retrieval.storage.errors import AlreadyStored, LibraryError
from citebot.retrieval.storage.migrations import SCHEMA_VERSION
from citebot.retrieval.storage.seam import open_backend
from citebot.retrieval.storage.vector_index import VectorIndex

ENCODE_BATCH_PASSAGES = 256  # passages encoded together across articles
PARSE_AHEAD_BATCHES = 4  # batches parsed ahead of the one being extracted
# A stop waits for at most this many passages: four of the encoder's batches, enough for its lanes.
STOP_CHECK_PASSAGES = 128
QUERY_CACHE = 4  # query vectors kept: one answer asks for its topic's vector more than once


class _Stopped(Exception):
    """Raised inside an ingest when its ``stop`` event is set; everything written stays."""


def _batches(
    items: list[tuple[Article, str, str | None]], max_passages: int
) -> Iterator[list[tuple[Article, str, str | None]]]:
    """Group articles so each group holds about ``max_passages`` passages."""
    batch: list[tuple[Article, str, str | None]] = []
    size = 0
    for item in items:
        batch.append(item)
        size += len(item[0].paragraphs) + 1
        if size >= max_passages:
            yield batch
            batch, size = [], 0
    if batch:
        yield batch


def quotes_of(
    article: Article, parsed: list[ParsedParagraph] | None = None
) -> list[tuple[int, Quote]]:
    """The article's quotes, each with the number of the paragraph it starts in."""
    return _numbered(article, extract_quotes(article.text, article.title, parsed))


def _numbered(article: Article, quotes: list[Quote]) -> list[tuple[int, Quote]]:
    return [(paragraph_number(article, q.start), q) for q in quotes]


QUOTES_VERSION = "quotes_version"  # store meta key: the extractor the stored quotes came from
# store meta key: the dimension every stored quote has a topic vector of (search.topics)
QUOTE_VECTORS = "quote_vectors"
ENTITIES = "entities_version"  # store meta key: how the stored speaker entities were derived
WORDS_KEYS = "words_keys"  # store meta key: "1" once every stored quote's words have a key


@dataclass
class IngestReport:
    added: list[ArticleInfo] = field(default_factory=list)
    replaced: list[ArticleInfo] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    aliased: list[tuple[str, str]] = field(default_factory=list)  # (new id, article with its text)
    not_done: int = 0  # articles left out because the ingest was asked to stop

    def merge(self, other: IngestReport) -> None:
        self.added += other.added
        self.replaced += other.replaced
        self.unchanged += other.unchanged
        self.errors += other.errors
        self.aliased += other.aliased
        self.not_done += other.not_done


def migrate_storage(data_dir: Path, database_url: str = "") -> tuple[str, list[str], int]:
    """Bring the store's schema up to date without loading a model (``citebot db migrate``;
    opening a library does the same on first use). Returns where, what was applied, and the
    schema version now."""
    backend = open_backend(data_dir, database_url)
    try:
        return backend.location, list(backend.store.applied), SCHEMA_VERSION
    finally:
        backend.close()


class Library:
    def __init__(
        self,
        data_dir: Path,
        encoder_config: EncoderConfig,
        encoder: Encoder | None = None,
        database_url: str = "",
        parse_workers: int = 0,
    ) -> None:
        """``encoder`` lets several libraries in one process share a loaded model; a
        ``database_url`` puts the library in that PostgreSQL database instead of ``data_dir``;
        with ``parse_workers`` an ingest of more than one batch parses in that many worker
        processes while this one encodes (0: parsed here)."""
        self.data_dir = data_dir
        self.parse_workers = parse_workers
        self.encoder_config = encoder_config
        self.backend = open_backend(data_dir, database_url)
        self.store = self.backend.store
        self.location = self.backend.location
        try:
            self._check_manifest()
        except LibraryError:
            self.backend.close()
            raise
        self._encoder = encoder
        self._dim = self.backend.manifest().get("dim")
        self.terms = TermStatistics(self.store)
        self._speakers: tuple[int, list[tuple[str, int]]] = (-1, [])
        self._queries: OrderedDict[str, np.ndarray] = OrderedDict()
        self._check_store_matches()
        if not self.store.read_only and self.store.meta(ENTITIES) != ENTITIES_VERSION:
            try:
                with self.backend.locked():
                    self._rebuild_entities()
            except LibraryError:  # another process is writing: its ingest refreshes them
                pass
        if not self.store.read_only and self.store.meta(WORDS_KEYS) != "1":
            try:
                with self.backend.locked():
                    self._complete_words_keys()
            except LibraryError:  # another process is writing: keyed at the next open
                pass

    def _check_store_matches(self) -> None:
        """Refuse stored embeddings of another size than the manifest's dimension (a
        hand-edited manifest); a lost store is refused by the backend when it opens."""
        size = self.store.embedding_bytes()
        if size is not None and self._dim is not None and size != 4 * self._dim:
            self.backend.close()
            raise LibraryError(
                f"the manifest of {self.location} says the vectors have {self._dim} dimensions, "
                f'but the stored ones have {size // 4}: restore the manifest ("dim": '
                f"{size // 4}), or delete {self.data_dir} and ingest again"
            )

    # -- manifest --------------------------------------------------------------------------
    def _check_manifest(self) -> None:
        manifest = self.backend.manifest()
        if not manifest:
            return
        schema = manifest.get("schema")
        if not isinstance(schema, int) or schema > SCHEMA_VERSION:  # older: migrated on open
            raise LibraryError(
                f"the index in {self.location} has schema {manifest.get('schema')}, this citebot "
                f"needs schema {SCHEMA_VERSION}: delete that directory and run `citebot ingest` again"
            )
        if manifest.get("model") != self.encoder_config.model:
            raise LibraryError(
                f"the index in {self.location} was built with model {manifest.get('model')!r}, not "
                f"{self.encoder_config.model!r}: pass --model {manifest.get('model')} (or set "
                "CITEBOT_MODEL), or use another --data-dir, or delete that directory and ingest again"
            )

    def _write_manifest(self, dim: int) -> None:
        self.backend.write_manifest(
            {
                "schema": SCHEMA_VERSION,
                "model": self.encoder_config.model,
                "dim": dim,
                "query_prefix": self.encoder_config.query_prefix,
                "passage_prefix": self.encoder_config.passage_prefix,
            }
        )
        self._dim = dim

    # -- parts loaded on first use ----------------------------------------------------------
    @property
    def encoder(self) -> Encoder:
        if self._encoder is None:
            self._encoder = load_encoder(self.encoder_config)
        return self._encoder

    def _vector_index(self) -> VectorIndex:
        return self.backend.vector_index(self._dim or self.encoder.dim)

    @property
    def vector_dim(self) -> int | None:
        """The stored vectors' dimension (from the manifest); None before the first ingest."""
        return self._dim

    def encode_query(self, text: str) -> np.ndarray:
        """The query's vector; the last few are kept, since one answer may search its topic
        and rank quotes by it."""
        vector = self._queries.get(text)
        if vector is None:
            vector = self._queries[text] = self.encoder.encode_queries([text])[0]
            while len(self._queries) > QUERY_CACHE:
                self._queries.popitem(last=False)
        return vector

    # -- reading: the typed queries the answering layer asks --------------------------------
    @property
    def generation(self) -> int:
        """Bumped by every committed change, in this process or another."""
        return self.store.generation

    def articles(self) -> list[ArticleInfo]:
        return self.store.articles()

    def article(self, article_id: str) -> Article:
        return self.store.article(article_id)

    def speakers(self) -> list[tuple[str, int]]:
        """Every named speaker with their number of quotes (cached until the index changes)."""
        generation = self.store.generation
        if self._speakers[0] != generation:
            self._speakers = (generation, self.store.speakers())
        return self._speakers[1]

    def people_named(self, typed: str) -> list[Person]:
        """The people a typed name may mean ("Brown", "Gordon Brown", "KCNA"), most quoted
        first: found through the stored entities' lookup words, so the cost follows the
        people who share the name, not the size of the corpus."""
        keys = typed_keys(typed)
        if not keys:
            return []
        with self.store.reading() as sql:
            rows = speaker_rows.named(sql, keys)
        return [self._person(*found) for found in choose_people(typed, rows)]

    def role_holders(self, role: str) -> list[Person]:
        """The people the articles give ``role`` ("the prime minister", "Tesco's chief
        executive"), with the dates they were stated in, the earliest holder first."""
        head = role_head(role)
        if not head:
            return []
        with self.store.reading() as sql:
            rows = speaker_rows.stated(sql, "role", head)
        holders: dict[str, str] = {}
        for eid, name, stated, _ in rows:
            if states_role(role, stated):
                holders.setdefault(eid, name)
        return [self._person((eid,), name) for eid, name in holders.items()]

    def _person(
        self, ids: tuple[str, ...], name: str, names: list[str] | None = None, articles: int = 0
    ) -> Person:
        with self.store.reading() as sql:
            facts = speaker_rows.facts_of(sql, ids)
        roles = tuple(dict.fromkeys((v, d) for _, kind, v, d, _ in facts if kind == "role"))
        orgs: dict[str, int] = {}  # in how many articles, the first stated first
        for _, kind, value, _, n in facts:
            if kind == "organisation":
                orgs[value] = orgs.get(value, 0) + n
        return Person(
            ids=ids,
            name=name,
            names=tuple(dict.fromkeys(names or ())),
            articles=articles,
            roles=roles,
            organisation=max(orgs, key=orgs.__getitem__) if orgs else "",
        )

    def quotes_by(self, speakers: list[str]) -> list[StoredQuote]:
        """The quotes stored under these speaker names (in any article)."""
        return self.store.quotes_by_speakers(speakers)

    def quotes_of(self, people: list[Person]) -> list[StoredQuote]:
        """The quotes of these people (by entity: a bare "Brown" of another article is not
        Gordon Brown's because it is spelt like his)."""
        ids = [i for p in people for i in p.ids]
        return self.store.quotes_of_entities(ids) if ids else []

    def statements_of(self, people: list[Person], order: str) -> Statements:
        """The people's quotes as an answer lists them (``search.statements``), in ``order``
        (one of ``statements.ORDERS``): every quote's place is read from indexes, and only
        each wording's first quote has its words cut out of its article."""
        ids = [i for p in people for i in p.ids]
        places = self.store.quote_places(ids) if ids else []
        if any(p.key is None for p in places):  # stored before schema 6, on a read-only store
            places = [p if p.key else p._replace(key=self._key_of(p)) for p in places]
        kept, copies = first_places(ordered(outermost(places), order))
        found = {
            s.id: (s, words) for s, words in self.store.quotes_with_words([p.id for p in kept])
        }
        kept = [p for p in kept if p.id in found]  # a quote removed meanwhile is not listed
        return Statements(
            quotes=[found[p.id][0] for p in kept],
            words={p.id: found[p.id][1] for p in kept},
            published={p.id: p.published for p in kept},
            copies={
                p.id: [Citation(c.article_id, c.paragraph, c.start, c.end) for c in copies[p.id]]
                for p in kept
                if p.id in copies
            },
        )

    def sources(self, article_ids: list[str]) -> dict[str, SourceInfo]:
        """The cited articles' metadata, in one query (no texts): a statement reprinted by
        hundreds of articles is cited in each of them."""
        ids = list(dict.fromkeys(article_ids))
        found = {r[0]: SourceInfo(*r) for r in self.store.sources(ids)}
        for aid in ids:  # an alias (its article is cited under its own id)
            if aid not in found:
                a = self.article(aid)
                found[aid] = SourceInfo(a.id, a.title, a.source, a.published, a.url, a.aliases)
        return {aid: found[aid] for aid in ids}  # in the order cited

    def _key_of(self, place: Place) -> str:
        return words_key(self.article(place.article_id).text[place.start : place.end])

    def speaker_ids(self, quotes: list[StoredQuote]) -> dict[int, str]:
        """quote id -> its speaker's entity id (``speaker_id`` in the JSON answers)."""
        with self.store.reading() as sql:
            return speaker_rows.speaker_ids(sql, [q.id for q in quotes])

    def quotes_in(self, article_id: str) -> list[StoredQuote]:
        return self.store.quotes_of_article(article_id)

    def attributed_quotes_in(self, passage: Passage) -> list[StoredQuote]:
        """The quotes with a named speaker that overlap the passage."""
        return self.store.attributed_quotes_overlapping(
            passage.article_id, passage.start, passage.end
        )

    def quote_passage_vectors(self, quotes: list[StoredQuote]) -> np.ndarray:
        """Stored vectors of the passages the quotes start in (nothing to encode)."""
        passage_of = self.store.passages_of_quotes([s.id for s in quotes])
        return self.store.embeddings([passage_of.get(s.id, -1) for s in quotes], self.encoder.dim)

    def topic_similarities(self, quotes: list[StoredQuote], topic: str) -> np.ndarray:
        """Cosine of the topic with each quote's topic vector, stored at ingest: the topic is
        the only text encoded. A quote without one falls back to its passage's vector."""
        query = self.encode_query(topic)
        stored = self.store.quote_vectors([s.id for s in quotes])
        vectors = [decoded(stored.get(s.id), len(query)) for s in quotes]
        if missing := [s for s, v in zip(quotes, vectors, strict=True) if v is None]:
            fallback = iter(self.quote_passage_vectors(missing))
            vectors = [next(fallback) if v is None else v for v in vectors]
        return np.stack(vectors) @ query if vectors else np.zeros(0, dtype=np.float32)

    def mentions(self, word: str) -> int:
        """How many passages contain the word (stem-matched as the lexical search does)."""
        return self.store.document_frequency(word)

    def term_weights(self, text: str) -> dict[str, float]:
        return self.terms.weights(text)

    def search(self, query: str, k: int = 10, weights: dict[str, float] | None = None) -> list[Hit]:
        if self.store.passage_count() == 0:
            return []
        search = HybridSearch(self.store, self.terms, self._vector_index(), self.encode_query)
        return search.search(query, k, self.terms.weights(query) if weights is None else weights)

    def evidence(
        self, question: str, wanted: re.Pattern[str] | None, depth: int
    ) -> list[ScoredSentence]:
        """Sentences of the ``depth`` best passages that may answer the question, best first;
        ``wanted`` matches the kind of answer asked for (a number, a date), if any."""
        weights = self.terms.weights(question)
        hits = self.search(question, depth, weights)
        return score_sentences(hits, lambda aid: self.article(aid).text, weights, wanted)

    # -- writing ---------------------------------------------------------------------------
    def ingest_paths(
        self,
        paths: Iterable[Path | str],
        progress: Callable[[int, int], None] | None = None,
        stop: threading.Event | None = None,
    ) -> IngestReport:
        """Read every file and http(s) URL (a page or an RSS/Atom feed) first (bad ones only
        add an error), then ingest all articles. Once ``stop`` is set, nothing more is read
        and the articles finished so far are kept (``not_done`` counts the others)."""
        from citebot.retrieval.articles.fetching import is_url

        report = IngestReport()
        articles: list[Article] = []
        sources = [Path(p) if isinstance(p, str) and not is_url(p) else p for p in paths]
        urls = [s for s in sources if isinstance(s, str)]
        if urls:
            articles += self._fetch(urls, report, stop)
        for item in find_files([p for p in sources if isinstance(p, Path)]):
            if stop is not None and stop.is_set():
                return report
            if isinstance(item, ArticleError):
                report.errors.append(str(item))
                continue
            try:
                data = read_file(item)
            except ArticleError as e:
                report.errors.append(str(e))
                continue
            articles += self._read(data, display_name(item), report)
        if articles:
            report.merge(self.ingest_articles(articles, progress, stop))
        return report

    def _fetch(
        self, urls: list[str], report: IngestReport, stop: threading.Event | None
    ) -> list[Article]:
        """Articles of web pages and feeds; a feed entry whose link is already indexed is not
        fetched again."""
        from citebot.retrieval.articles.fetching import Fetcher, articles_from_url

        known = {a.url for a in self.store.articles() if a.url}
        articles: list[Article] = []
        with Fetcher() as fetcher:
            for url in urls:
                for item in articles_from_url(url, fetcher, known, stop):
                    if isinstance(item, ArticleError):
                        report.errors.append(str(item))
                    else:
                        articles.append(item)
        return articles

    def ingest_bytes(self, data: bytes, name: str) -> IngestReport:
        report = IngestReport()
        articles = self._read(data, name, report)
        if articles:
            report.merge(self.ingest_articles(articles))
        return report

    @staticmethod
    def _read(data: bytes, name: str, report: IngestReport) -> list[Article]:
        articles: list[Article] = []
        try:
            for item in articles_from_bytes(data, name):
                if isinstance(item, ArticleError):
                    report.errors.append(str(item))
                else:
                    articles.append(item)
        except ArticleError as e:
            report.errors.append(str(e))
        return articles

    def ingest_articles(
        self,
        articles: list[Article],
        progress: Callable[[int, int], None] | None = None,
        stop: threading.Event | None = None,
    ) -> IngestReport:
        """Add articles; unchanged ones are skipped without encoding.

        Passages of several articles are encoded in one batch (the model is the bottleneck and
        batches keep it busy), then each article is written in its own transaction.
        ``progress(done, total)`` is called as each article is finished. Setting ``stop`` ends
        the ingest within one small encoding step; every article written so far is kept.
        """
        report = IngestReport()
        with self.backend.writing(self._dim or self.encoder.dim) as vectors:
            self._refresh_quotes()
            self.complete_quote_vectors()
            self._rebuild_entities()
            pending, aliases = self._plan(articles, report)
            for alias, owner in aliases.pop(None, []):  # aliases of articles already stored
                self._put_alias(vectors, alias, owner)
            done = len(report.unchanged) + len(report.aliased) + len(report.errors)
            if progress:
                progress(done, len(articles))
            batches = [
                (batch, [passages_of(article) for article, _, _ in batch])
                for batch in _batches(pending, ENCODE_BATCH_PASSAGES)
            ]
            # One thread encodes everything (passages, then the quotes' topics), batch after
            # batch, while worker processes parse and extract ahead and this thread writes: the
            # model never waits for the parser or the database. Encoder and parser share the
            # cores; every lane of either runs one thread (see NumpyBertEmbedder.encode), so the
            # system packs them instead of BLAS threads waiting for each other.
            workers = (
                ParseWorkers(self.parse_workers)
                if self.parse_workers and len(batches) > 1
                else None
            )
            extracting: list[PendingQuotes] = []
            with ThreadPoolExecutor(max_workers=1) as encoding:
                upcoming: list[Future[np.ndarray]] = []
                try:
                    for i, (batch, chunks) in enumerate(batches):
                        upcoming.extend(
                            encoding.submit(self._embed_batch, *b, stop)
                            for b in batches[len(upcoming) : i + 2]
                        )
                        if workers is not None:
                            extracting.extend(
                                workers.submit([(a.text, a.title) for a, _, _ in b])
                                for b, _ in batches[len(extracting) : i + PARSE_AHEAD_BATCHES]
                            )
                            quoted = [
                                (article, _numbered(article, quotes))
                                for (article, _, _), quotes in zip(
                                    batch, extracting[i].result(), strict=True
                                )
                            ]
                        else:  # parsed here (spaCy, batched) while the thread encodes it
                            parses = parse_article_texts([a.text for a, _, _ in batch])
                            quoted = [
                                (article, quotes_of(article, parsed))
                                for (article, _, _), parsed in zip(batch, parses, strict=True)
                            ]
                        replaced = [a.id for a, _, old in batch if old]
                        topics_ahead = encoding.submit(self._topic_vectors, quoted, replaced, stop)
                        embedded = upcoming[i].result()
                        topics = topics_ahead.result()
                        self._write_manifest(self.encoder.dim)
                        offset = 0
                        for (article, digest, old_hash), passages, (_, quotes), about in zip(
                            batch, chunks, quoted, topics, strict=True
                        ):
                            if stop is not None and stop.is_set():
                                raise _Stopped
                            own = embedded[offset : offset + len(passages)]
                            offset += len(passages)
                            info = self._put(
                                vectors,
                                article,
                                digest,
                                old_hash,
                                (passages, own),
                                (quotes, about),
                                aliases,
                            )
                            if info is None:  # another writer stored the same text meanwhile
                                report.unchanged.append(article.id)
                            else:
                                (report.replaced if old_hash else report.added).append(info)
                            done += 1
                            if progress:
                                progress(done, len(articles))
                except _Stopped:
                    report.not_done = len(articles) - done
                finally:
                    if workers is not None:
                        workers.close()
        return report

    def _plan(
        self, articles: list[Article], report: IngestReport
    ) -> tuple[list[tuple[Article, str, str | None]], dict[str | None, list[tuple[Article, str]]]]:
        """Sort a run's articles into what to write and what to skip.

        A text already stored, or met earlier in this run, under another id makes this id an
        alias of that article, keyed by the pending article it joins (None: one already
        stored). Deciding within the run, not only against the store, is what makes a resumed
        run end exactly where a clean one ends. A repeated id keeps its first text."""
        pending: list[tuple[Article, str, str | None]] = []
        aliases: dict[str | None, list[tuple[Article, str]]] = {}
        in_run: dict[str, str] = {}  # content hash -> id of the pending article with that text
        seen: set[str] = set()
        for article in articles:
            if article.id in seen:
                report.errors.append(
                    f"{article.path or article.id}: id {article.id!r} was already given to "
                    "another article in this run; the first one is kept"
                )
                continue
            seen.add(article.id)
            digest = content_hash(article.text)
            old_hash = self.store.hash_of(article.id)
            if old_hash == digest:
                report.unchanged.append(article.id)
                continue
            owner = in_run.get(digest)
            stored_owner = None if owner else self.store.id_with_hash(digest)
            if stored_owner == article.id:
                stored_owner = None
            if owner or stored_owner:
                target = owner or stored_owner
                if old_hash is None and self.store.alias_target(article.id) == target:
                    report.unchanged.append(article.id)
                    continue
                aliases.setdefault(owner, []).append((article, target))  # type: ignore[arg-type]
                report.aliased.append((article.id, target))  # type: ignore[arg-type]
                continue
            in_run[digest] = article.id
            pending.append((article, digest, old_hash))
        return pending, aliases

    def _put_alias(self, vectors: VectorIndex, alias: Article, owner: str) -> None:
        """Make ``alias`` a name of the stored ``owner``, dropping what it named before."""
        with self.store.transaction() as db:
            removed = self.store.delete_article(db, alias.id)
            self.store.put_alias(db, alias, owner)
        vectors.remove(removed)
        vectors.generation = self.store.generation

    def _refresh_quotes(self) -> None:
        """Re-extract the quotes of every stored article when the extractor has changed since
        they were stored, so an upgrade never keeps serving the old extractor's mistakes."""
        version = EXTRACTOR_VERSION
        if self.store.meta(QUOTES_VERSION) == version:
            return
        for info in self.store.articles():
            article = self.store.article(info.id)
            quotes, about = self.requoted(article)
            with self.store.transaction() as db:
                self.store.delete_quotes(db, article.id)
                self.store.put_quotes(db, article.id, quotes, about)
        self.store.set_meta(QUOTES_VERSION, version)

    def requoted(self, article: Article) -> tuple[list[tuple[int, Quote]], np.ndarray]:
        """A stored article's quotes extracted afresh, with their topic vectors (those whose
        words were quoted before keep their stored vectors): what replaces its quotes."""
        quotes = quotes_of(article)
        return quotes, self._topic_vectors([(article, quotes)], [article.id])[0]

    def complete_quote_vectors(self, recheck: bool = False) -> int:
        """Encode the topic vectors that stored quotes lack (a store made before schema 4, or
        vectors of another size); a meta key skips the search once every quote has one, unless
        ``recheck`` (``check --repair``). Returns how many were encoded."""
        dim = self._dim  # None: nothing is stored yet
        if dim is None or (not recheck and self.store.meta(QUOTE_VECTORS) == str(dim)):
            return 0
        lacking = self.store.quotes_lacking_vectors(dim)
        for at in range(0, len(lacking), ENCODE_BATCH_PASSAGES):
            part = lacking[at : at + ENCODE_BATCH_PASSAGES]
            texts = [
                topic_text(self.article(s.article_id).text[s.quote.start : s.quote.end])
                for s in part
            ]
            by_article: dict[str, list[tuple[int, np.ndarray]]] = {}
            for s, vector in zip(part, self.encoder.encode_passages(texts), strict=True):
                by_article.setdefault(s.article_id, []).append((s.id, vector))
            with self.store.transaction() as db:
                for article_id, found in by_article.items():
                    self.store.put_quote_vectors(db, article_id, found)
        self.store.set_meta(QUOTE_VECTORS, str(dim))
        return len(lacking)

    def _topic_vectors(
        self,
        quoted: list[tuple[Article, list[tuple[int, Quote]]]],
        replaced: list[str],
        stop: threading.Event | None = None,
    ) -> list[np.ndarray]:
        """Each article's quotes' topic vectors (search.topics), encoded in one batch; a quote
        whose words the replaced articles already had keeps its stored vector."""
        dim = self.encoder.dim
        known: dict[str, np.ndarray] = {}
        for article_id in replaced:
            known.update(reusable(self.store.quote_vectors_of_article(article_id), dim))
        texts = [[a.text[q.start : q.end] for _, q in quotes] for a, quotes in quoted]
        todo = list(dict.fromkeys(topic_text(t) for ts in texts for t in ts if t not in known))
        fresh = dict(zip(todo, self._encode_passages(todo, stop) if todo else (), strict=True))
        return [
            np.array(
                [known[t] if t in known else fresh[topic_text(t)] for t in ts], dtype=np.float32
            ).reshape(len(ts), dim)
            for ts in texts
        ]

    def _rebuild_entities(self) -> None:
        """Derive the speaker entities again when the way they are derived has changed (or
        the store predates them: schema 3); the quotes themselves stay. Under the write lock."""
        if self.store.meta(ENTITIES) == ENTITIES_VERSION:
            return
        if self.store.passage_count():
            with self.store.transaction() as db:
                speaker_rows.rebuild(self.store.writing_sql(db))
        self.store.set_meta(ENTITIES, ENTITIES_VERSION)

    def _complete_words_keys(self) -> None:
        """Key the words of the quotes stored before schema 6 (search.statements), once;
        under the write lock."""
        if self.store.meta(WORDS_KEYS) == "1":
            return
        if lacking := self.store.quotes_lacking_keys():
            keys = [(qid, words_key(self.article(a).text[s:e])) for qid, a, s, e in lacking]
            with self.store.transaction() as db:
                self.store.put_words_keys(db, keys)
        self.store.set_meta(WORDS_KEYS, "1")

    def _embed_batch(
        self,
        batch: list[tuple[Article, str, str | None]],
        chunks: list[list[Passage]],
        stop: threading.Event | None = None,
    ) -> np.ndarray:
        texts = [
            a.text[p.start : p.end] for (a, _, _), ps in zip(batch, chunks, strict=True) for p in ps
        ]
        return self._embed(texts, [a.id for a, _, old in batch if old], stop)

    def _embed(
        self,
        texts: list[str],
        replaced: list[str],
        stop: threading.Event | None = None,
    ) -> np.ndarray:
        """Vectors of ``texts``; passages that replaced articles already had keep their stored
        vectors (an edit re-encodes only the paragraphs it changed)."""
        known: dict[str, np.ndarray] = {}
        for article_id in replaced:
            known.update(self.store.passage_vectors(article_id))
        if not known:
            return self._encode_passages(texts, stop)
        todo = [t for t in texts if t not in known]
        fresh = iter(self._encode_passages(todo, stop) if todo else ())
        return np.stack([known[t] if t in known else next(fresh) for t in texts])

    def _encode_passages(self, texts: list[str], stop: threading.Event | None) -> np.ndarray:
        if stop is None:
            return self.encoder.encode_passages(texts)
        parts = []
        for at in range(0, len(texts), STOP_CHECK_PASSAGES):
            if stop.is_set():
                raise _Stopped
            parts.append(self.encoder.encode_passages(texts[at : at + STOP_CHECK_PASSAGES]))
        return np.concatenate(parts)

    def _put(
        self,
        vectors: VectorIndex,
        article: Article,
        digest: str,
        old_hash: str | None,
        embedded_passages: tuple[list[Passage], np.ndarray],
        quoted: tuple[list[tuple[int, Quote]], np.ndarray],
        aliases: dict[str | None, list[tuple[Article, str]]],
    ) -> ArticleInfo | None:
        """Write one article (its passages and quotes, each with their vectors), with the
        aliases met in this run, in one transaction; None when another writer stored the
        same text meanwhile."""
        passages, embedded = embedded_passages
        quotes, about = quoted
        try:
            with self.store.transaction() as db:
                removed = self.store.delete_article(db, article.id) if old_hash else []
                self.store.delete_alias(db, article.id)  # an id that named another text
                ids = self.store.put_article(db, article, digest, passages, embedded, quotes, about)
                for alias, _ in aliases.get(article.id, []):
                    removed += self.store.delete_article(db, alias.id)
                    self.store.put_alias(db, alias, article.id)
        except AlreadyStored:
            return None
        vectors.remove(removed)
        vectors.add(ids, embedded)
        vectors.generation = self.store.generation
        return ArticleInfo(
            article.id,
            article.title,
            article.source,
            article.published,
            article.url,
            article.path,
            len(passages),
            len(quotes),
            tuple(alias.id for alias, _ in aliases.get(article.id, [])),
        )

    def remove(self, article_id: str) -> bool:
        if self.store.hash_of(article_id) is None and not self.store.alias_target(article_id):
            return False
        with self.backend.writing(self._dim or self.encoder.dim) as vectors:
            with self.store.transaction() as db:
                is_alias = self.store.delete_alias(db, article_id)
                removed = [] if is_alias else self.store.delete_article(db, article_id)
            vectors.remove(removed)
        return True

    # -- conversations (server mode) --------------------------------------------------------
    @property
    def shares_conversations(self) -> bool:
        """Whether conversations are kept here, for any process to continue (server mode);
        otherwise each front end keeps its own in memory."""
        return self.backend.shared

    def load_conversation(self, key: str) -> dict | None:
        return self.store.load_chat(key)

    def save_conversation(self, key: str, state: dict) -> None:
        self.store.save_chat(key, state)

    def close(self) -> None:
        self.backend.close()
