"""``citebot ingest`` and ``citebot watch``: progress a person can follow, Ctrl-C that keeps
what is done, and an exit status a script can trust (0 only when nothing failed).

Ctrl-C (or SIGTERM) does not raise into the middle of a write: it sets an event that the
library checks between articles and between small encoding steps, so the run ends within a
second or two, every finished article stays indexed, and the report says how many. A second
Ctrl-C interrupts at once.
"""

from __future__ import annotations

import signal
import sys
import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from types import FrameType
from typing import Any, TextIO

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskProgressColumn,
    TextColumn,
    TimeRemainingColumn,
)

from citebot.bot.terminal.screen import clean
from citebot.retrieval.library import IngestReport

EXIT_FAILED = 1
EXIT_STOPPED = 130  # the shell's convention for "ended by SIGINT"


class StopRequest:
    """While active, SIGINT and SIGTERM set ``event`` instead of killing the process."""

    def __init__(self, notice: str = "stopping after the current article…") -> None:
        self.event = threading.Event()
        self.notice = notice
        self._previous: dict[int, Any] = {}

    def _handle(self, signum: int, frame: FrameType | None) -> None:
        if self.event.is_set() and signum == signal.SIGINT:
            raise KeyboardInterrupt  # asked twice: the user wants out now
        self.event.set()
        print(f"\n{self.notice} (Ctrl-C again to abort)", file=sys.stderr, flush=True)

    def __enter__(self) -> threading.Event:
        for signum in (signal.SIGINT, signal.SIGTERM):
            self._previous[signum] = signal.signal(signum, self._handle)
        return self.event

    def __exit__(self, *exc: object) -> None:
        for signum, handler in self._previous.items():
            signal.signal(signum, handler)


class IngestProgress:
    """``progress(done, total)`` for the library: a bar moving per article on a terminal,
    otherwise a line every ``every_s`` seconds with the rate and the time left."""

    def __init__(
        self,
        stream: TextIO | None = None,
        every_s: float = 5.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.stream = stream or sys.stderr
        self.every_s = every_s
        self.clock = clock
        self._start = clock()
        self._first: int | None = None  # done at the first call (unchanged articles)
        self._last_line = -1e9
        self._done = self._total = 0
        self._bar: Progress | None = None
        self._task: Any = None
        if self.stream.isatty():
            self._bar = Progress(
                TextColumn("ingest"),
                BarColumn(),
                MofNCompleteColumn(),
                TaskProgressColumn(),
                TextColumn("{task.fields[rate]}"),
                TimeRemainingColumn(),
                console=Console(file=self.stream),
                transient=True,
            )
            self._task = self._bar.add_task("ingest", total=None, rate="")
            self._bar.start()

    def _rate(self) -> float:
        elapsed = self.clock() - self._start
        return (self._done - (self._first or 0)) / elapsed if elapsed > 0 else 0.0

    def __call__(self, done: int, total: int) -> None:
        if self._first is None:
            self._first = done
        self._done, self._total = done, total
        rate = self._rate()
        if self._bar is not None:
            self._bar.update(self._task, completed=done, total=total, rate=f"{rate:.1f} articles/s")
            return
        now = self.clock()
        first_finished = done == self._first + 1
        if now - self._last_line >= self.every_s or done == total or first_finished:
            self._last_line = now
            eta = f", ETA {(total - done) / rate:.0f} s" if rate > 0 and done < total else ""
            print(
                f"ingest: {done}/{total} articles, {rate:.1f} articles/s{eta}",
                file=self.stream,
                flush=True,
            )

    def close(self) -> None:
        if self._bar is not None:
            self._bar.stop()


def _sources(values: Sequence[str]) -> list[Path | str]:
    from citebot.retrieval.articles.fetching import is_url

    return [v if is_url(v) else Path(v) for v in values]


def print_report(report: IngestReport, echo: Callable[[str], None]) -> None:
    for verb, infos in (("added    ", report.added), ("replaced ", report.replaced)):
        for info in infos:
            echo(
                clean(
                    f"{verb} {info.id}: {info.title} "
                    f"({info.n_passages} passages, {info.n_quotes} quotes)"
                )
            )
    for article_id in report.unchanged:
        echo(f"unchanged {article_id}")
    for error in report.errors:
        print(clean(f"error: {error}"), file=sys.stderr)
    echo(summary(report))


def summary(report: IngestReport) -> str:
    return (
        f"{len(report.added)} added, {len(report.replaced)} replaced, "
        f"{len(report.unchanged)} unchanged, {len(report.errors)} failed"
    )


def exit_status(report: IngestReport) -> int:
    if report.not_done:
        return EXIT_STOPPED
    return EXIT_FAILED if report.errors else 0


def run_ingest(bot: Any, values: Sequence[str], echo: Callable[[str], None]) -> int:
    """``bot`` is the Citebot service."""
    progress = IngestProgress()
    with StopRequest() as stop:
        try:
            report = bot.ingest(_sources(values), progress, stop)
        finally:
            progress.close()
    print_report(report, echo)
    if stop.is_set():
        kept = len(report.added) + len(report.replaced)
        echo(
            f"Stopped: kept {kept} finished article{'s' if kept != 1 else ''}; "
            f"{report.not_done} not ingested (run the same command again to add them)."
        )
        return EXIT_STOPPED
    return exit_status(report)


def run_watch(bot: Any, values: Sequence[str], every_s: float, echo: Callable[[str], None]) -> int:
    """Ingest ``values`` now and every ``every_s`` seconds until Ctrl-C or SIGTERM; feed
    entries already indexed are not fetched again, unchanged files are skipped by hash."""
    sources = _sources(values)
    with StopRequest("stopping the watch…") as stop:
        while not stop.is_set():
            report = bot.ingest(sources, None, stop)
            for error in report.errors:
                print(clean(f"error: {error}"), file=sys.stderr)
            when = time.strftime("%H:%M:%S")
            echo(f"[{when}] {summary(report)}; next check in {_duration(every_s)}")
            stop.wait(every_s)
    echo("Watch stopped.")
    return 0


def _duration(seconds: float) -> str:
    for unit, size in (("h", 3600), ("m", 60)):
        if seconds >= size and seconds % size == 0:
            return f"{seconds / size:.0f}{unit}"
    return f"{seconds:g}s"


def parse_duration(value: str) -> float:
    """'10m' -> 600.0; accepts s, m, h suffixes or plain seconds."""
    text = value.strip().lower()
    scale = {"s": 1, "m": 60, "h": 3600}.get(text[-1:], 0)
    number = text[:-1] if scale else text
    try:
        seconds = float(number) * (scale or 1)
    except ValueError:
        raise ValueError(f"{value!r} is not a duration (use e.g. 30s, 10m, 1h)") from None
    if seconds <= 0:
        raise ValueError(f"{value!r}: the interval must be positive")
    return seconds
