"""Whether two given names can name one person: the same name, an initial of it ("G." for
"George"), or a nickname of it ("Ken" for "Kenneth", "Bill" for "William").

The nicknames come from the `nicknames` package (a hand-curated list of English given names
and their nicknames), so "Ken Dale" and "Kenneth Dale" in one article are one speaker and
"What did Kenneth Dale say?" finds what Ken Dale said.
"""

from __future__ import annotations

from functools import lru_cache

from nicknames import NickNamer

from citebot.retrieval.speakers.names import lower_token


@lru_cache(maxsize=1)
def _namer() -> NickNamer:
    return NickNamer()


@lru_cache(maxsize=8192)
def same_given_name(a: str, b: str) -> bool:
    """``a`` and ``b`` are given names as written ("Ken", "kenneth", "G."), in any case."""
    x, y = (lower_token(n).rstrip(".") for n in (a, b))
    if x == y:
        return True
    if min(len(x), len(y)) == 1:
        return x[:1] == y[:1]
    namer = _namer()
    return y in namer.nicknames_of(x) or x in namer.nicknames_of(y)
