"""Articles in, typed findings out: loading, quote extraction, speakers, storage and search.

The facade is ``citebot.retrieval.library.Library``; it returns the dataclasses of
``citebot.retrieval.models``. May import ``citebot.embeddings``; knows nothing of the bot, of
Telegram or of terminals.
"""
