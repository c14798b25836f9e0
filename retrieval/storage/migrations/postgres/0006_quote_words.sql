-- Schema 6 on PostgreSQL: a speaker's quotes listed without reading their articles. Each quote
-- keeps a key of its words (retrieval/search/statements.py: the same words, the same key),
-- filled at ingest; quotes stored before are keyed when the database is next opened by a
-- writer. The covering indexes let "What did X say?" read X's quotes' offsets and keys and their
-- articles' dates and titles without the article rows.
ALTER TABLE quotes ADD COLUMN words_key text;
CREATE INDEX quotes_of_speaker ON quotes (article_id, speaker)
    INCLUDE (id, paragraph, start_char, end_char, words_key);
CREATE INDEX articles_cited ON articles (id) INCLUDE (published, title, source, url);
