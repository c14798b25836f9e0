-- Schema 3 on SQLite: speakers as entities across articles (retrieval/speakers/entities.py).
-- Per article, from its quotes at ingest (deleted with the article): who is quoted under which
-- name, and the roles and title forms the article gives them.
CREATE TABLE IF NOT EXISTS speaker_mentions (
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    speaker TEXT NOT NULL,    -- the name as the article's quotes hold it
    person TEXT NOT NULL,     -- the article's fullest name for that speaker
    surname TEXT NOT NULL,    -- the word people are grouped by across articles
    entity_id TEXT NOT NULL,  -- speaker_entities.id
    PRIMARY KEY (article_id, speaker)
);
CREATE INDEX IF NOT EXISTS speaker_mentions_person ON speaker_mentions(surname, person);
CREATE INDEX IF NOT EXISTS speaker_mentions_entity ON speaker_mentions(entity_id);
CREATE TABLE IF NOT EXISTS speaker_facts (
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    speaker TEXT NOT NULL,
    kind TEXT NOT NULL,   -- 'role', 'alias' (a title form: "Mr Brown") or 'organisation'
    value TEXT NOT NULL,  -- as the article writes it
    head TEXT NOT NULL,   -- what it is looked up by: a role's head noun, an alias's words
    PRIMARY KEY (article_id, speaker, kind, value)
);
CREATE INDEX IF NOT EXISTS speaker_facts_head ON speaker_facts(kind, head);
-- What a surname's people are grouped from: each name with each clue its articles give it (a
-- role's head noun, a title's gender; '' for the name itself) and in how many articles, so an
-- article that adds nothing new to a surname does not regroup it.
CREATE TABLE IF NOT EXISTS surname_clues (
    surname TEXT NOT NULL,
    person TEXT NOT NULL,
    clue TEXT NOT NULL,
    articles INTEGER NOT NULL,
    PRIMARY KEY (surname, person, clue)
);
-- Across articles, recomputed for a surname whenever its clues change: one row per person,
-- and the words (given names, surname, initials) that find them.
CREATE TABLE IF NOT EXISTS speaker_entities (
    id TEXT PRIMARY KEY,   -- derived from the canonical name: the same name, the same id
    name TEXT NOT NULL,    -- canonical full name
    surname TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS speaker_entities_surname ON speaker_entities(surname);
CREATE TABLE IF NOT EXISTS entity_words (
    word TEXT NOT NULL,
    entity_id TEXT NOT NULL REFERENCES speaker_entities(id) ON DELETE CASCADE,
    PRIMARY KEY (word, entity_id)
);
CREATE INDEX IF NOT EXISTS entity_words_entity ON entity_words(entity_id);
