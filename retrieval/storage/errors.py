"""The errors storage reports to its callers."""


class LibraryError(RuntimeError):
    """A problem with the index or database itself; the message says how to fix it."""


class AlreadyStored(Exception):
    """Another writer stored this text first (server mode: writers run side by side); the
    article counts as unchanged. ``args[0]`` is the id it is stored under."""
