"""Finding passages: lexical term weights and coverage, and the dense + BM25 hybrid search
fused by reciprocal rank."""
