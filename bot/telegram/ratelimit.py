"""Fair shares of the bot for every user: a token bucket per user, and a global limit on
answers computed at once that serves the least-served waiting user first.

A global per-minute cap let about thirty flooders lock everyone else out. Here a flooder only
ever spends their own bucket (``burst`` questions at once, then ``per_minute`` a minute), and
when more questions wait than the machine answers at once, the next slot goes to whoever has
been answered least in the last minute: a user who asks once is answered next, however many
others flood. State is kept per active user only; idle users are forgotten.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import time
from collections import deque
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass

WINDOW_S = 60.0  # how far back "least served" looks
SWEEP_EVERY = 256  # checks between sweeps of idle users' state


@dataclass
class _Bucket:
    tokens: float
    stamp: float
    told: bool = False  # the user was told they are being slowed down, this flood


class UserRateLimit:
    """A token bucket per user: ``per_minute`` questions at once, refilled at ``per_minute``
    a minute. A user over it is told once per flood (``"notify"``), then refused silently
    (``"drop"``) until a token is back."""

    def __init__(self, per_minute: int, clock: Callable[[], float] = time.monotonic) -> None:
        self.per_minute = per_minute
        self.clock = clock
        self._buckets: dict[int, _Bucket] = {}
        self._checks = 0

    def check(self, user_id: int) -> str:
        """ "ok", "notify" (refuse and tell the user) or "drop" (refuse silently)."""
        if self.per_minute <= 0:
            return "ok"
        now = self.clock()
        self._sweep(now)
        bucket = self._buckets.setdefault(user_id, _Bucket(self.per_minute, now))
        bucket.tokens = min(
            self.per_minute, bucket.tokens + (now - bucket.stamp) * self.per_minute / 60
        )
        bucket.stamp = now
        if bucket.tokens >= 1:
            bucket.tokens -= 1
            bucket.told = False
            return "ok"
        if bucket.told:
            return "drop"
        bucket.told = True
        return "notify"

    def _sweep(self, now: float) -> None:
        """Forget users whose bucket has refilled: a full bucket is what a new user gets."""
        self._checks += 1
        if self._checks % SWEEP_EVERY:
            return
        refill = 60.0 * (self.per_minute + 1) / self.per_minute
        for user, bucket in list(self._buckets.items()):
            if now - bucket.stamp > refill:
                del self._buckets[user]

    def __len__(self) -> int:
        return len(self._buckets)


class FairQueue:
    """At most ``limit`` answers computed at once; waiting questions are served least-served
    user first (answers started in the last minute), then in order of arrival."""

    def __init__(self, limit: int, clock: Callable[[], float] = time.monotonic) -> None:
        self.limit = max(1, limit)
        self.clock = clock
        self._running = 0
        self._waiting: dict[int, tuple[int, asyncio.Future[None]]] = {}  # ticket -> user, turn
        self._tickets = itertools.count()
        self._served: dict[int, deque[float]] = {}

    def served(self, user_id: int) -> int:
        """Answers started for the user in the last minute."""
        times = self._served.get(user_id)
        now = self.clock()
        while times and now - times[0] > WINDOW_S:
            times.popleft()
        if times is not None and not times:
            del self._served[user_id]
        return len(times) if times else 0

    @contextlib.asynccontextmanager
    async def turn(self, user_id: int) -> AsyncIterator[None]:
        """Wait for a slot (immediately when one is free and nobody waits), hold it inside."""
        if self._running >= self.limit or self._waiting:
            ticket = next(self._tickets)
            turn: asyncio.Future[None] = asyncio.get_running_loop().create_future()
            self._waiting[ticket] = (user_id, turn)
            try:
                await turn
            except asyncio.CancelledError:
                if self._waiting.pop(ticket, None) is None:  # the slot was already handed over
                    self._release()
                raise
        else:
            self._running += 1
        self._served.setdefault(user_id, deque()).append(self.clock())
        try:
            yield
        finally:
            self._release()

    def _release(self) -> None:
        """Free a slot, or hand it straight to the least-served waiting user."""
        if not self._waiting:
            self._running -= 1
            return
        ticket = min(self._waiting, key=lambda t: (self.served(self._waiting[t][0]), t))
        _, turn = self._waiting.pop(ticket)
        turn.set_result(None)  # the slot passes on: ``_running`` stays

    @property
    def waiting(self) -> int:
        return len(self._waiting)
