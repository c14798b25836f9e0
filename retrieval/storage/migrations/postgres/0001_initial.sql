-- Schema 1 on PostgreSQL: what the embedded SQLite store holds, plus what many processes sharing
-- one database need (a change log that serving processes follow, and per-chat state).
CREATE EXTENSION IF NOT EXISTS unaccent;

-- Full-text search like the embedded FTS5 index (porter-style stemming, accents removed).
CREATE TEXT SEARCH CONFIGURATION citebot (COPY = english);
ALTER TEXT SEARCH CONFIGURATION citebot
    ALTER MAPPING FOR hword, hword_part, word WITH unaccent, english_stem;

CREATE TABLE meta (key text PRIMARY KEY, value text NOT NULL);

CREATE TABLE articles (
    id text PRIMARY KEY,
    content_hash text NOT NULL,
    text text NOT NULL,
    title text NOT NULL,
    source text NOT NULL,
    published text NOT NULL,
    url text NOT NULL,
    path text NOT NULL,
    title_start integer,
    title_end integer,
    paragraphs jsonb NOT NULL,
    added_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX articles_hash ON articles (content_hash);

-- Offsets are Python str indices (code points), as in the embedded store.
CREATE TABLE passages (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,  -- never reused: also FAISS vector ids
    article_id text NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    paragraph integer NOT NULL,
    start_char integer NOT NULL,
    end_char integer NOT NULL,
    embedding bytea NOT NULL,  -- float32, little-endian, the model's dimension
    lexemes tsvector NOT NULL  -- to_tsvector('citebot', the passage text)
);
CREATE INDEX passages_article ON passages (article_id);
CREATE INDEX passages_lexemes ON passages USING gin (lexemes);

CREATE TABLE quotes (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,  -- never reused: conversations keep ids
    article_id text NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    paragraph integer NOT NULL,
    start_char integer NOT NULL,
    end_char integer NOT NULL,
    speaker text NOT NULL,
    speaker_start integer,
    speaker_end integer,
    cue text NOT NULL,
    kind text NOT NULL,
    speaker_role text NOT NULL
);
CREATE INDEX quotes_article ON quotes (article_id, start_char);
CREATE INDEX quotes_speaker ON quotes (speaker);

-- Every committed write takes the next generation (one row, updated last in each write
-- transaction, so generations commit in order) and logs which passages it removed and added.
CREATE TABLE generation (
    only_row boolean PRIMARY KEY DEFAULT true CHECK (only_row),
    value bigint NOT NULL,
    passages bigint NOT NULL  -- how many passages are stored (counting rows is a full scan)
);
INSERT INTO generation VALUES (true, 0, 0);
CREATE TABLE changes (
    seq bigint PRIMARY KEY,
    article_id text NOT NULL,
    removed bigint[] NOT NULL,
    added bigint[] NOT NULL,
    at timestamptz NOT NULL DEFAULT now()
);

-- Conversation memory and button state per chat, so any bot replica can answer any update.
CREATE TABLE chats (
    chat text PRIMARY KEY,
    state jsonb NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now()
);
