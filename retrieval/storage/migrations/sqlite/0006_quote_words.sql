-- Schema 6 on SQLite: a speaker's quotes listed without reading their articles. Each quote keeps
-- a key of its words (retrieval/search/statements.py: the same words, the same key), filled at
-- ingest; quotes stored before are keyed when the store is next opened for writing. The two
-- covering indexes let "What did X say?" read X's quotes' offsets and keys and their articles'
-- dates and titles from index pages only: a row of `articles` holds its text before them, so
-- reading them from the table walks the text's overflow pages.
ALTER TABLE quotes ADD COLUMN words_key TEXT;
CREATE INDEX IF NOT EXISTS quotes_of_speaker
    ON quotes(article_id, speaker, start, end, paragraph, words_key);
CREATE INDEX IF NOT EXISTS articles_cited ON articles(id, published, title, source, url);
