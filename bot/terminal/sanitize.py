"""Text from articles and users made harmless for a terminal, and terminal input made text.

An article (or a question) may carry escape sequences: clear the screen, set the window title,
write the clipboard (OSC 52), hide text. Every string the terminal front end prints goes
through ``clean``, which shows control characters visibly (``ESC`` as ``^[``, as ``cat -v``
does) instead of letting the terminal obey them. Only the printed copy changes: stored texts
and their offsets stay as they are.
"""

from __future__ import annotations

import json
import re

# C0 controls except tab and line feed, a CR not ending a line, DEL, and the C1 controls
# (0x9b is a one-byte CSI to some terminals).
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x0c\x0e-\x1f\x7f-\x9f]|\r(?!\n)")
_C1_OR_DEL = re.compile(r"[\x7f-\x9f]")
_SURROGATE = re.compile(r"[\ud800-\udfff]")


def _visible(match: re.Match[str]) -> str:
    char = match.group()
    code = ord(char)
    if code < 0x20:
        return "^" + chr(code + 0x40)
    return "^?" if code == 0x7F else f"\\x{code:02x}"


def clean(text: str) -> str:
    """``text`` with every control character but tab and newline shown, not obeyed."""
    return _CONTROL.sub(_visible, text)


def json_line(value: object) -> str:
    """JSON as one line of readable text; ``json`` already escapes C0 controls, this also
    escapes DEL and C1, which ``ensure_ascii=False`` lets through raw."""
    text = json.dumps(value, ensure_ascii=False)
    return _C1_OR_DEL.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def typed_text(raw: str) -> str:
    """A line read from the terminal or the command line as text. Python hands bytes that are
    not UTF-8 over as lone surrogates (``\\udcff``), which no tokenizer accepts: they become
    U+FFFD, the replacement character, and the question is answered as if they were absent."""
    try:
        return raw.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    except UnicodeEncodeError:  # surrogates that did not come from undecodable bytes
        return _SURROGATE.sub("\ufffd", raw)
