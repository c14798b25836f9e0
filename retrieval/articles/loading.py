"""Files -> Articles: decoding, format dispatch (.txt/.md, .html, .json/.jsonl) and validation.

Every problem with an input becomes an ``ArticleError`` whose message names the file and says
what is wrong in one line; nothing is half-read.
"""

from __future__ import annotations

import codecs
import hashlib
import json
import re
from collections.abc import Iterator
from pathlib import Path

from citebot.retrieval.articles.layout import analyse
from citebot.retrieval.models import Article

TEXT_SUFFIXES = {".txt", ".md", ".markdown", ".text"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
RECORD_SUFFIXES = {".json", ".jsonl", ".ndjson"}
SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | RECORD_SUFFIXES
MAX_FILE_BYTES = 200_000_000  # a feed of many articles may be big
MAX_ARTICLE_CHARS = 2_000_000  # one article may not: beyond this it is a dump, not news
MAX_PAGE_BYTES = 20_000_000  # a web page is mostly markup
_MIN_TEXT_CHARS = 20


class ArticleError(ValueError):
    """A file or record that cannot be read as an article; the message is one line."""


def content_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def decode(data: bytes, name: str) -> str:
    """Bytes -> str without guessing: UTF-8 (BOM allowed) or UTF-16/32 with a BOM."""
    if not data.strip():
        raise ArticleError(f"{name}: empty file")
    for bom, codec in (
        (codecs.BOM_UTF32_LE, "utf-32"),
        (codecs.BOM_UTF32_BE, "utf-32"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            try:
                return data.decode(codec)
            except UnicodeDecodeError as e:
                raise ArticleError(f"{name}: broken {codec.upper()} text ({e.reason})") from None
    if b"\x00" in data[:8192]:
        raise ArticleError(f"{name}: binary file (contains NUL bytes), not a text article")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise ArticleError(
            f"{name}: not valid UTF-8 (byte 0x{data[e.start]:02x} at offset {e.start}); "
            "save it as UTF-8 and try again"
        ) from None
    if "\x00" in text:
        raise ArticleError(f"{name}: binary file (contains NUL bytes), not a text article")
    return text


def slug(value: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "-", value).strip("-.")[:120] or "article"


def normalise_date(value: str) -> str:
    """'May 28,2024' -> '2024-05-28'; unparseable dates are kept as written."""
    value = value.strip()
    if not value:
        return ""
    from dateutil import parser

    try:
        return parser.parse(value.replace(",", ", "), fuzzy=True).date().isoformat()
    except (ValueError, OverflowError):
        return value


def _source_name(line: str) -> str:
    """'Anadolu Agency WORLD' -> 'Anadolu Agency': drop a trailing all-caps section word."""
    words = line.split()
    if len(words) > 1 and words[-1].isupper() and not all(w.isupper() for w in words):
        words = words[:-1]
    return " ".join(words).removeprefix("By ").removeprefix("by ")


def article_from_text(
    text: str,
    article_id: str,
    *,
    path: str = "",
    title: str = "",
    source: str = "",
    published: str = "",
    url: str = "",
) -> Article:
    """Lay out a plain text; metadata given by the caller wins over what the header says."""
    if len(text.strip()) < _MIN_TEXT_CHARS:
        raise ArticleError(f"{path or article_id}: too little text to be an article")
    if len(text) > MAX_ARTICLE_CHARS:
        raise ArticleError(
            f"{path or article_id}: too long for one article ({len(text):,} characters, the "
            f"limit is {MAX_ARTICLE_CHARS:,}); split it, e.g. into one JSON record per article"
        )
    layout = analyse(text, with_header=not title)
    title_span = layout.title
    if not title and title_span is None and layout.body:
        title_span = layout.body[0]  # no header at all: the first line names the article
    paragraphs = [p for p in layout.body if p != title_span] or layout.body
    return Article(
        id=article_id,
        text=text,
        title=title or (title_span.text_of(text) if title_span else article_id),
        source=source or (_source_name(layout.source.text_of(text)) if layout.source else ""),
        published=normalise_date(published or layout.date_text),
        url=url,
        path=path,
        paragraphs=paragraphs,
        title_span=title_span,
    )


def html_article(html: str, name: str, article_id: str) -> Article:
    import trafilatura

    try:
        extracted = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False)
    except Exception as e:  # trafilatura raises assorted lxml errors on hostile markup
        raise ArticleError(f"{name}: cannot parse HTML ({type(e).__name__})") from None
    if not extracted or not (extracted.text or "").strip():
        raise ArticleError(f"{name}: no article text found in the HTML")
    title = extracted.title or ""
    text = f"{title}\n\n{extracted.text}" if title else extracted.text
    return article_from_text(
        text,
        article_id,
        path=name,
        source=extracted.sitename or "",
        published=extracted.date or "",
        url=extracted.url or "",
    )


def _record_article(record: object, where: str, fallback_id: str) -> Article:
    if not isinstance(record, dict):
        raise ArticleError(f"{where}: a record must be a JSON object with a 'text' field")
    text = record.get("text")
    if not isinstance(text, str) or not text.strip():
        raise ArticleError(f"{where}: record has no 'text' string")
    fields = {}
    for key in ("title", "date", "url", "source", "id", "published"):
        value = record.get(key)
        if value is not None and not isinstance(value, str | int):
            raise ArticleError(f"{where}: field '{key}' must be a string")
        fields[key] = "" if value is None else str(value)
    return article_from_text(
        text,
        slug(fields["id"]) if fields["id"] else fallback_id,
        path=where,
        title=fields["title"],
        source=fields["source"],
        published=fields["date"] or fields["published"],
        url=fields["url"],
    )


def _records(text: str, name: str) -> Iterator[tuple[object, str]]:
    stripped = text.lstrip()
    if name.endswith(".json") or stripped.startswith("["):
        try:
            data = json.loads(text)
        except json.JSONDecodeError as e:
            raise ArticleError(f"{name}: invalid JSON ({e.msg} at line {e.lineno})") from None
        items = data if isinstance(data, list) else [data]
        for i, item in enumerate(items, 1):
            yield item, f"{name}#{i}"
        return
    for lineno, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            yield json.loads(line), f"{name}:{lineno}"
        except json.JSONDecodeError as e:
            yield ArticleError(f"{name}:{lineno}: invalid JSON ({e.msg})"), f"{name}:{lineno}"


def articles_from_bytes(data: bytes, name: str) -> Iterator[Article | ArticleError]:
    """One file's articles; a bad record yields its error and the others still load."""
    suffix = Path(name).suffix.lower()
    if suffix not in SUFFIXES:
        raise ArticleError(f"{name}: unsupported file type (use .txt, .md, .html, .json or .jsonl)")
    if len(data) > MAX_FILE_BYTES:
        raise ArticleError(f"{name}: file too large ({len(data) // 1_000_000} MB)")
    if suffix in HTML_SUFFIXES and len(data) > MAX_PAGE_BYTES:  # before lxml chews on it
        raise ArticleError(f"{name}: too large for one web page ({len(data) // 1_000_000} MB)")
    text = decode(data, name)
    stem = slug(Path(name).stem)
    if suffix in TEXT_SUFFIXES:
        yield article_from_text(text, stem, path=name)
    elif suffix in HTML_SUFFIXES:
        yield html_article(text, name, stem)
    else:
        for n, (record, where) in enumerate(_records(text, name), 1):
            if isinstance(record, ArticleError):
                yield record
                continue
            try:
                yield _record_article(record, where, f"{stem}-{n}")
            except ArticleError as e:
                yield e


def find_files(paths: list[Path]) -> Iterator[Path | ArticleError]:
    """Expand directories (recursively, sorted); unknown suffixes inside directories are skipped."""
    for path in paths:
        if path.is_dir():
            found = sorted(
                p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUFFIXES
            )
            if not found:
                yield ArticleError(f"{path}: no articles found (.txt, .md, .html, .json, .jsonl)")
            yield from found
        elif path.is_file():
            yield path
        else:
            yield ArticleError(f"{path}: no such file or directory")
