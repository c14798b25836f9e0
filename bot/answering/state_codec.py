"""Conversation state as JSON, so one bot replica can continue what another began.

Dataclasses are written with their type's name and read back only if that name is in the
registry of known state types: the database never makes the bot run code (as pickle would),
and a state written by an older release that no longer fits is dropped, not trusted (the
conversation then starts afresh).
"""

from __future__ import annotations

import dataclasses
from typing import Any

_TYPES: dict[str, type] = {}
TYPE, SET, TUPLE, PAIRS = "@type", "@set", "@tuple", "@pairs"


class StateError(ValueError):
    """A saved state this release cannot read."""


def register(*classes: type) -> None:
    for cls in classes:
        _TYPES[cls.__qualname__] = cls


def encode(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        name = type(value).__qualname__
        if _TYPES.get(name) is not type(value):
            raise StateError(f"{name} is not a registered state type")
        fields = {f.name: encode(getattr(value, f.name)) for f in dataclasses.fields(value)}
        return {TYPE: name, **fields}
    if isinstance(value, set | frozenset):
        return {SET: [encode(v) for v in sorted(value)]}
    if isinstance(value, dict):
        if all(isinstance(k, str) for k in value):
            return {k: encode(v) for k, v in value.items()}
        return {PAIRS: [[encode(k), encode(v)] for k, v in value.items()]}
    if isinstance(value, tuple):
        return {TUPLE: [encode(v) for v in value]}
    if isinstance(value, list):
        return [encode(v) for v in value]
    return value


def decode(data: Any) -> Any:
    if isinstance(data, list):
        return [decode(v) for v in data]
    if not isinstance(data, dict):
        return data
    if SET in data:
        return {decode(v) for v in data[SET]}
    if TUPLE in data:
        return tuple(decode(v) for v in data[TUPLE])
    if PAIRS in data:
        return {decode(k): decode(v) for k, v in data[PAIRS]}
    if TYPE in data:
        cls = _TYPES.get(data[TYPE])
        if cls is None:
            raise StateError(f"unknown state type {data[TYPE]!r}")
        try:
            return cls(**{k: decode(v) for k, v in data.items() if k != TYPE})
        except TypeError as e:  # fields changed between releases
            raise StateError(f"cannot read {data[TYPE]}: {e}") from None
    return {k: decode(v) for k, v in data.items()}
