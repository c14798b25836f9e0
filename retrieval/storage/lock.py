"""The single-writer lock on a data directory, and the one-line errors a writer reports.

Each article is committed in its own transaction, so a writer that fails or is killed leaves
everything before it intact; the lock only keeps two writers from interleaving.
"""

from __future__ import annotations

import fcntl
import os
import sqlite3
from pathlib import Path

from citebot.retrieval.storage.errors import LibraryError


def write_failure(data_dir: Path, error: Exception) -> LibraryError:
    """A full disk or a read-only directory as one line; each article is committed on its own,
    so everything written before the failure is kept and the index stays consistent."""
    reason = error.strerror if isinstance(error, OSError) and error.strerror else str(error)
    return LibraryError(
        f"cannot write to the index in {data_dir} ({reason}); nothing was damaged and the "
        "articles added so far are kept: free some space or fix the permissions, then run again"
    )


def damaged_store(path: Path, error: Exception) -> LibraryError:
    """SQLite's "database disk image is malformed" (or "not a database") as one line that
    says what to do: the derived files can be rebuilt, the store itself cannot."""
    return LibraryError(
        f"the database {path} is damaged ({error}): restore it from a backup, or rebuild the "
        f"index from the articles (move {path.parent} away, then `citebot ingest` them again)"
    )


def is_damage(error: BaseException) -> bool:
    """SQLite reports a corrupt or foreign file as the base DatabaseError itself; its
    subclasses (locked, disk full, constraint) are other failures."""
    return type(error) is sqlite3.DatabaseError


class WriteLock:
    """An exclusive, non-blocking lock on the data directory held by one writer process."""

    def __init__(self, directory: Path) -> None:
        self.path = directory / "write.lock"
        self._fd: int | None = None

    def acquire(self) -> None:
        try:
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as e:
            raise write_failure(self.path.parent, e) from None
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 32, 0).decode(errors="replace").strip() or "?"
            os.close(fd)
            raise LibraryError(
                f"index is locked by PID {holder} (another ingest is running); try again when it ends"
            ) from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, str(os.getpid()).encode(), 0)
        self._fd = fd

    def release(self) -> None:
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None
