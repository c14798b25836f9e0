"""Questions to Answers: parsing, follow-ups, the composer and the service every front end uses.

Knows nothing of terminals or Telegram; reads the index only through ``citebot.retrieval``'s
Library facade.
"""

from citebot.bot.answering.answer import Answer, Evidence, QuoteItem, Source
from citebot.bot.answering.conversation import Conversation
from citebot.bot.answering.service import Citebot

__all__ = ["Answer", "Citebot", "Conversation", "Evidence", "QuoteItem", "Source"]
