-- Schema 4 on SQLite: each quote's topic vector (its opening words encoded at ingest by the
-- index's model), so "What did X say about Y?" compares stored vectors instead of encoding a
-- speaker's quotes per question. Deleting or re-extracting quotes drops their vectors with them.
CREATE TABLE IF NOT EXISTS quote_vectors (
    quote_id INTEGER PRIMARY KEY REFERENCES quotes(id) ON DELETE CASCADE,
    embedding BLOB NOT NULL  -- float32, the manifest's dimension
);
