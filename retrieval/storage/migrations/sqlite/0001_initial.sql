-- Schema 1 on SQLite: the embedded store (articles, passages with embeddings, FTS5 BM25, quotes).
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS articles (
    id TEXT PRIMARY KEY,
    content_hash TEXT NOT NULL,
    text TEXT NOT NULL,
    title TEXT NOT NULL,
    source TEXT NOT NULL,
    published TEXT NOT NULL,
    url TEXT NOT NULL,
    path TEXT NOT NULL,
    title_start INTEGER,
    title_end INTEGER,
    paragraphs TEXT NOT NULL,
    added_at TEXT NOT NULL DEFAULT (datetime('now'))
);
CREATE INDEX IF NOT EXISTS articles_hash ON articles(content_hash);
CREATE TABLE IF NOT EXISTS passages (
    id INTEGER PRIMARY KEY AUTOINCREMENT,  -- never reused: ids are also FAISS vector ids
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    paragraph INTEGER NOT NULL,
    start INTEGER NOT NULL,
    end INTEGER NOT NULL,
    embedding BLOB NOT NULL
);
CREATE INDEX IF NOT EXISTS passages_article ON passages(article_id);
CREATE VIRTUAL TABLE IF NOT EXISTS passages_fts USING fts5(
    body, tokenize = 'porter unicode61 remove_diacritics 2'
);
CREATE TABLE IF NOT EXISTS quotes (
    id INTEGER PRIMARY KEY AUTOINCREMENT,  -- never reused: conversations remember shown ids
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    paragraph INTEGER NOT NULL,
    start INTEGER NOT NULL,
    end INTEGER NOT NULL,
    speaker TEXT NOT NULL,
    speaker_start INTEGER,
    speaker_end INTEGER,
    cue TEXT NOT NULL,
    kind TEXT NOT NULL,
    speaker_role TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS quotes_article ON quotes(article_id);
CREATE INDEX IF NOT EXISTS quotes_speaker ON quotes(speaker);
