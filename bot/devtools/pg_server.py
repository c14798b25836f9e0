"""A private PostgreSQL server in a temporary folder, on a Unix socket, for tests and ``bench``.

``initdb`` and ``pg_ctl`` refuse to run as root, so when we are root they run as the
``postgres`` system user (the folder is handed to it). Nothing listens on TCP: the server is
reached through its socket folder only, and goes away with the folder.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

BIN_DIRS = [Path("/usr/lib/postgresql/15/bin"), *sorted(Path("/usr/lib/postgresql").glob("*/bin"))]
USER = "citebot"


class ServerUnavailable(RuntimeError):
    """PostgreSQL is not installed here (or cannot be started); the message says why."""


def find_binaries() -> Path | None:
    """The folder holding ``initdb`` and ``pg_ctl``, if PostgreSQL is installed."""
    for folder in [*BIN_DIRS, *(Path(p) for p in os.environ.get("PATH", "").split(os.pathsep))]:
        if (folder / "initdb").is_file() and (folder / "pg_ctl").is_file():
            return folder
    return None


@dataclass
class PrivateServer:
    folder: Path
    binaries: Path

    @property
    def url(self) -> str:
        """The ``citebot`` database's URL (created at start)."""
        return self.database_url(USER)

    def database_url(self, name: str) -> str:
        return f"postgresql://{USER}@/{name}?host={self.folder}"

    def _run(self, *args: str) -> None:
        command = [str(self.binaries / args[0]), *args[1:]]
        if os.geteuid() == 0:
            command = ["runuser", "-u", "postgres", "--", *command]
        done = subprocess.run(command, capture_output=True, text=True, check=False)
        if done.returncode != 0:
            raise ServerUnavailable(f"{args[0]} failed: {(done.stderr or done.stdout).strip()}")

    def start(self) -> None:
        self._run("initdb", "-D", str(self.folder / "db"), "-A", "trust", "-U", USER, "--no-sync")
        self.resume()
        self.create_database(USER)

    def create_database(self, name: str) -> str:
        """A new, empty database on this server; returns its URL."""
        import psycopg

        with psycopg.connect(self.database_url("postgres"), autocommit=True) as conn:
            exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,))
            if exists.fetchone() is None:
                conn.execute(f'CREATE DATABASE "{name}"')
        return self.database_url(name)

    def stop(self, mode: str = "fast") -> None:
        self._run("pg_ctl", "-D", str(self.folder / "db"), "-m", mode, "-w", "stop")

    def resume(self) -> None:
        """Start the server on its existing data (also after ``stop``)."""
        self._run(
            "pg_ctl",
            "-D",
            str(self.folder / "db"),
            "-o",
            f"-k {self.folder} -c listen_addresses='' -c fsync=off",
            "-l",
            str(self.folder / "log"),
            "-w",
            "start",
        )


def start_private_server() -> PrivateServer:
    """Create the folder (owned by ``postgres`` when we are root) and start a server in it."""
    binaries = find_binaries()
    if binaries is None:
        raise ServerUnavailable(
            "PostgreSQL is not installed (no initdb/pg_ctl in /usr/lib/postgresql/*/bin or PATH); "
            "install it with `apt-get install -y postgresql`"
        )
    folder = Path(tempfile.mkdtemp(prefix="citebot-pg-"))
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres", "postgres")
    server = PrivateServer(folder, binaries)
    server.start()
    return server


def remove_private_server(server: PrivateServer) -> None:
    with contextlib.suppress(ServerUnavailable):  # already stopped
        server.stop("immediate")
    shutil.rmtree(server.folder, ignore_errors=True)
