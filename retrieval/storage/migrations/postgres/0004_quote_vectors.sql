-- Schema 4 on PostgreSQL: each quote's topic vector (its opening words encoded at ingest by the
-- database's model), so "What did X say about Y?" compares stored vectors instead of encoding a
-- speaker's quotes per question. Deleting or re-extracting quotes drops their vectors with them.
CREATE TABLE quote_vectors (
    quote_id bigint PRIMARY KEY REFERENCES quotes (id) ON DELETE CASCADE,
    embedding bytea NOT NULL  -- float32, little-endian, the model's dimension
);
