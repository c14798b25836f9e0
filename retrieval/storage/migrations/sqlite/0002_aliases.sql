-- Schema 2 on SQLite: another id ingested with the text of a stored article is kept as an
-- alias of it (one article under two names), with its own metadata.
CREATE TABLE IF NOT EXISTS aliases (
    id TEXT PRIMARY KEY,
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    title TEXT NOT NULL,
    source TEXT NOT NULL,
    published TEXT NOT NULL,
    url TEXT NOT NULL,
    path TEXT NOT NULL,
    added_at TEXT NOT NULL DEFAULT (datetime('now'))
);
CREATE INDEX IF NOT EXISTS aliases_article ON aliases(article_id);
