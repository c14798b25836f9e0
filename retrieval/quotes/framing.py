"""The verb that frames a quotation, read off the parse: `"...," quipped Green`.

Used when the word-pattern attribution of the direct pass finds no cue: any verb outside the
quotation whose complement is inside it frames it ("sniffed", "crowed" need no lexicon entry),
and its subject is the speaker. A verb that merely mentions a short title or scare quote is no
frame, because only speech-like quotations reach this point.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from citebot.retrieval.quotes.backbone import ParsedParagraph
from citebot.retrieval.speakers.mentions import Mention
from citebot.retrieval.speakers.subjects import mention_of, subject_of

if TYPE_CHECKING:
    from spacy.tokens import Token

_FRAMING_DEPS = frozenset({"ccomp", "parataxis", "dobj", "xcomp", "advcl", "conj"})


def framing_cue(
    text: str, para: ParsedParagraph, start: int, end: int
) -> tuple[str, Mention, int] | None:
    """(cue word, speaker mention, cue offset) of the verb framing text[start:end]."""
    off = para.start
    inside = [t for t in para.doc if start <= off + t.idx < end]
    if not inside:
        return None
    ids = {t.i for t in inside}
    for tok in inside:
        head = tok.head
        if head.i in ids or tok.dep_ not in _FRAMING_DEPS or not _speech_like_verb(head):
            continue
        subject = subject_of(head) or _inverted_object(head, tok)
        if subject is None or subject.i in ids:
            continue
        mention = mention_of(text, off, subject)
        if mention is not None:
            return head.text, mention, off + head.idx
    return None


def _inverted_object(verb: Token, framed: Token) -> Token | None:
    """`"...," crowed Green`: after a quotation the parser may take the inverted subject for
    an object; a name right after the verb is its speaker."""
    after = verb.doc[verb.i + 1] if verb.i + 1 < len(verb.doc) else None
    if framed.i > verb.i or after is None or after.pos_ not in {"PROPN", "PRON"}:
        return None
    name = next((c for c in verb.children if c.dep_ == "dobj" and c.i >= after.i), None)
    return name if name is not None and name.pos_ == "PROPN" else None


def _speech_like_verb(tok: Token) -> bool:
    return tok.pos_ == "VERB" and not any(c.dep_ == "neg" for c in tok.children)
