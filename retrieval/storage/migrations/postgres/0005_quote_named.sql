-- Schema 5 on PostgreSQL: where the article names each quote's speaker (the quote's own
-- mention, or for a floating quote the mention its speaker is taken from), NULL when no mention
-- names it. Quotes extracted before this schema have NULL until their article is re-extracted.
ALTER TABLE quotes ADD COLUMN named_start integer, ADD COLUMN named_end integer;
