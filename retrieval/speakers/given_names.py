"""Whether two given names can name one person: the same name, an initial of it ("G." for
"George"), or a nickname of it ("Ken" for "Kenneth", "Bill" for "William").

The nicknames come from the `nicknames` package (a hand-curated list of English given names
and their nicknames), so "Ken Starr" and "Kenneth Starr" in one article are one speaker and
"What did Kenneth Starr say?" finds what Ken Starr said.
"""

from __future__ import annotations

from functools import lru_cache

from nicknames import NickNamer


@lru_cache(maxsize=1)
def _namer() -> NickNamer:
    return NickNamer()


@lru_cache(maxsize=8192)
def same_given_name(a: str, b: str) -> bool:
    """``a`` and ``b`` are given names as written ("Ken", "kenneth", "G."), in any case."""
    x, y = (n.lower().replace("’", "'").rstrip(".") for n in (a, b))
    if x == y:
        return True
    if min(len(x), len(y)) == 1:
        return x[:1] == y[:1]
    namer = _namer()
    return y in namer.nicknames_of(x) or x in namer.nicknames_of(y)
