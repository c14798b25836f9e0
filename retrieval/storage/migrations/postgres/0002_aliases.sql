-- Schema 2 on PostgreSQL: another id ingested with the text of a stored article is kept as an
-- alias of it (one article under two names), with its own metadata. clock_timestamp(), not
-- now(): aliases added in one transaction still keep the order they were added in.
CREATE TABLE aliases (
    id text PRIMARY KEY,
    article_id text NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    title text NOT NULL,
    source text NOT NULL,
    published text NOT NULL,
    url text NOT NULL,
    path text NOT NULL,
    added_at timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX aliases_article ON aliases (article_id);
