"""Quote extraction: direct, indirect and mixed reported speech with their cues and spans.

``extract_quotes`` is the entry point; speakers are named by ``citebot.retrieval.speakers``.
"""
