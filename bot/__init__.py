"""citebot's answering layer and its front ends.

``answering/`` turns questions into Answers; ``terminal/`` and ``telegram/`` show them;
``devtools/`` holds the benchmark and the evaluation. May import ``citebot.retrieval``'s public
surface (its facade, models and pure text helpers), never ``citebot.retrieval.storage``.
"""
