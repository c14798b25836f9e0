"""The Telegram bot: application wiring, handlers and HTML rendering of Answers.

May import ``citebot.bot.answering`` and the settings; importing it changes no process-wide state.
"""
