"""Text to normalised vectors: the packaged MiniLM in pure numpy, any other sentence-transformers
model through the library. Knows nothing of articles; imports nothing else of citebot."""
