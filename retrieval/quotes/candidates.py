"""A quote found by one pass, before speaker resolution, and how overlapping finds merge."""

from __future__ import annotations

from dataclasses import dataclass

from citebot.retrieval.speakers.mentions import Mention


@dataclass
class Candidate:
    """A quote before speaker resolution."""

    start: int
    end: int
    kind: str
    cue: str = ""
    mention: Mention | None = None
    floating: bool = False
    speaker: str = ""  # preset speaker (interviews, pull-quote bylines)
    cue_pos: int = -1
    # A source relaying others' words ("according to the Post", "as reported by the Post"):
    # the quotes inside it keep their own speakers.
    relayed: bool = False


def dedupe(found: list[Candidate]) -> list[Candidate]:
    """One quote per span; a direct quote inside a mixed one, and a pronoun-subject report
    nested in another report ("said he believes ..."), belong to the enclosing quote."""
    seen: dict[tuple[int, int], Candidate] = {}
    for f in found:
        seen.setdefault((f.start, f.end), f)
    reports = [f for f in seen.values() if f.kind != "direct"]
    # "According to the Post, Hill said ...": the outlet's report and Hill's own are both kept.
    sources = [f for f in reports if f.relayed]

    def nested(f: Candidate) -> bool:
        if f.mention is None:
            return False
        # Same speaker as the enclosing report: a pronoun, or a mention outside its content.
        same = f.mention.kind == "pronoun"
        return any(
            g is not f
            and g.start <= f.start
            and f.end <= g.end
            and (f.kind == "direct" or same or f.mention.head_start < g.start)
            # `"...," Lee said, according to the Post`: both levels, the Post's and Lee's own
            and not (g in sources and not _same_mention(f, g))
            for g in reports
        )

    return sorted((f for f in seen.values() if not nested(f)), key=lambda f: (f.start, f.end))


def _same_mention(f: Candidate, g: Candidate) -> bool:
    return f.mention is not None and g.mention is not None and f.mention.start == g.mention.start
