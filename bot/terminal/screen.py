"""Everything the terminal front ends print goes through one Screen.

On a terminal: colour, wrapping to the width and a pager for output taller than the window.
Piped: plain text, one line per item, no escape codes. ``NO_COLOR`` turns colour off (rich
honours it). Text that came from articles or users passes through ``clean`` first, so a stored
escape sequence can never drive the user's terminal.
"""

from __future__ import annotations

import os
import shlex
import subprocess
import sys
from typing import TextIO

from rich.console import Console, RenderableType
from rich.text import Text
from rich.theme import Theme

THEME = Theme(
    {
        "speaker": "bold cyan",
        "role": "italic",
        "headline": "bold",
        "quote": "default",
        "reported": "italic",
        "cue": "dim",
        "marker": "dim",
        "citation": "dim",
        "hint": "dim italic",
        "error": "bold red",
        "prompt.command": "bold",
    }
)
PIPED_WIDTH = 100_000
_CONTROL = {c: None for c in range(32) if chr(c) not in "\n\t"} | {0x7F: None, 0x9B: None}


def clean(text: str) -> str:
    """Drop control characters (ESC, CSI, BEL...) from text shown on a terminal; the quote
    itself is not changed anywhere else, only its display."""
    return text.translate(_CONTROL)


class Screen:
    """A rich Console for one output stream, plus the pager decision."""

    def __init__(self, file: TextIO | None = None, *, pager: bool = True) -> None:
        self.file = file or sys.stdout
        self.console = Console(file=self.file, theme=THEME, highlight=False, emoji=False)
        self.styled = self.console.is_terminal
        if not self.styled:  # piped: one line per item, whatever the width
            self.console.width = PIPED_WIDTH
        self.use_pager = pager and self.styled

    def text(self, text: str, style: str = "") -> Text:
        return Text(clean(text), style=style)

    def print(self, *items: RenderableType | str) -> None:
        """Print renderables; plain strings are shown literally (no markup is interpreted)."""
        renderables = [self.text(i) if isinstance(i, str) else i for i in items]
        if self.use_pager:
            with self.console.capture() as captured:
                for r in renderables:
                    self.console.print(r)
            output = captured.get()
            if output.count("\n") > self.console.height - 2 and _page(output):
                return
            self.file.write(output)
            self.file.flush()
            return
        for r in renderables:
            self.console.print(r)

    def error(self, message: str) -> None:
        Screen(sys.stderr, pager=False).print(self.text(message, "error"))


def _page(output: str) -> bool:
    """Show ``output`` in ``$PAGER`` (default ``less -RFX``: keeps colours, quits when it fits,
    leaves the text on screen). False when no pager could be run."""
    command = shlex.split(os.environ.get("PAGER") or "less -RFX")
    try:
        subprocess.run(command, input=output, text=True, check=False)
    except (OSError, ValueError):
        return False
    return True
