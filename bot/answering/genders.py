"""Is a person "he" or "she"? For follow-ups: "she" must never be resolved to a man.

The name tells first ("Mrs", a first name the lexicon knows, "chairwoman"); failing that, the
way the articles refer to the person where they are quoted ("she added", "Mr Vale said"),
counted over their stored quotes' speaker mentions. Unknown stays unknown ("").
"""

from __future__ import annotations

from collections import Counter

from citebot.bot.answering.followups import gender_of
from citebot.retrieval.library import Library

SAMPLED_QUOTES = 60  # enough to see how a prolific speaker is referred to
_PRONOUNS = {"he": "m", "him": "m", "his": "m", "she": "f", "her": "f", "hers": "f"}


def speaker_gender(library: Library, name: str) -> str:
    """ "m", "f" or "": the name's own gender, else the clear majority of the mentions."""
    if known := gender_of(name):
        return known
    votes: Counter[str] = Counter()
    for stored in library.quotes_by([name])[:SAMPLED_QUOTES]:
        q = stored.quote
        said = [gender_of(q.speaker_role)] if q.speaker_role else []
        if q.speaker_start is not None and q.speaker_end is not None:
            mention = library.article(stored.article_id).text[q.speaker_start : q.speaker_end]
            first = mention.split()[0].lower() if mention.split() else ""
            said.append(_PRONOUNS.get(first) or gender_of(mention))
        votes.update(g for g in said if g)
    ranked = votes.most_common()
    if not ranked or (len(ranked) > 1 and ranked[0][1] < 3 * ranked[1][1]):
        return ""  # nothing said, or the articles disagree: better unknown than wrong
    return ranked[0][0]
