-- Schema 3 on PostgreSQL: speakers as entities across articles (retrieval/speakers/entities.py).
-- Per article, from its quotes at ingest (deleted with the article): who is quoted under which
-- name, and the roles and title forms the article gives them.
CREATE TABLE speaker_mentions (
    article_id text NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    speaker text NOT NULL,    -- the name as the article's quotes hold it
    person text NOT NULL,     -- the article's fullest name for that speaker
    surname text NOT NULL,    -- the word people are grouped by across articles
    entity_id text NOT NULL,  -- speaker_entities.id
    PRIMARY KEY (article_id, speaker)
);
CREATE INDEX speaker_mentions_person ON speaker_mentions (surname, person);
CREATE INDEX speaker_mentions_entity ON speaker_mentions (entity_id);
CREATE TABLE speaker_facts (
    article_id text NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    speaker text NOT NULL,
    kind text NOT NULL,   -- 'role', 'alias' (a title form: "Mr Brown") or 'organisation'
    value text NOT NULL,  -- as the article writes it
    head text NOT NULL,   -- what it is looked up by: a role's head noun, an alias's words
    PRIMARY KEY (article_id, speaker, kind, value)
);
CREATE INDEX speaker_facts_head ON speaker_facts (kind, head);
-- What a surname's people are grouped from: each name with each clue its articles give it (a
-- role's head noun, a title's gender; '' for the name itself) and in how many articles, so an
-- article that adds nothing new to a surname does not regroup it.
CREATE TABLE surname_clues (
    surname text NOT NULL,
    person text NOT NULL,
    clue text NOT NULL,
    articles integer NOT NULL,
    PRIMARY KEY (surname, person, clue)
);
-- Across articles, recomputed for a surname whenever its clues change: one row per person,
-- and the words (given names, surname, initials) that find them.
CREATE TABLE speaker_entities (
    id text PRIMARY KEY,   -- derived from the canonical name: the same name, the same id
    name text NOT NULL,    -- canonical full name
    surname text NOT NULL
);
CREATE INDEX speaker_entities_surname ON speaker_entities (surname);
CREATE TABLE entity_words (
    word text NOT NULL,
    entity_id text NOT NULL REFERENCES speaker_entities (id) ON DELETE CASCADE,
    PRIMARY KEY (word, entity_id)
);
CREATE INDEX entity_words_entity ON entity_words (entity_id);
