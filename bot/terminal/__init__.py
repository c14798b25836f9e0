"""The command line (``citebot ...``) and the interactive prompt.

May import ``citebot.bot.answering`` and the settings; everything it prints comes from an Answer.
"""
