"""Where the index lives: the SQLite store (the truth), the FAISS file (derived), the writer's
lock and the consistency check. Only ``citebot.retrieval.library`` and the devtools use it."""
