"""Developer commands: ``citebot eval`` (scores on a gold set) and ``citebot bench``.

They drive the product through ``citebot.bot.answering`` like a user would, and may read the
retrieval layer's parts directly to time them.
"""
