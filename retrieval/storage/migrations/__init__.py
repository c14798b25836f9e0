"""Schema migrations, versioned in the repository: ``<engine>/NNNN_name.sql``.

Both stores share one schema version: migration N of the SQLite store and migration N of the
PostgreSQL store bring them to the same logical schema (each in its engine's SQL), so a version
number means the same thing in either mode. Stores apply what they lack when they are opened;
``citebot db migrate`` does it on demand for a server.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    sql: str


def migrations(engine: str) -> list[Migration]:
    """The engine's migrations ("sqlite" or "postgres"), oldest first."""
    found = []
    for entry in (resources.files(__package__) / engine).iterdir():
        if entry.name.endswith(".sql"):
            version = int(entry.name.split("_", 1)[0])
            found.append(Migration(version, entry.name, entry.read_text(encoding="utf-8")))
    return sorted(found, key=lambda m: m.version)


SCHEMA_VERSION = migrations("sqlite")[-1].version
