"""Killing ``citebot ingest`` (SIGKILL, a real process) never leaves a broken index.

The harness is tests/crash_trials.py; ``make crash-trials`` runs 20 trials or more.
"""

from __future__ import annotations

import os
import random
from pathlib import Path

import pytest

from tests.crash_trials import run_trials


def _run(count: int, tmp_path: Path, encoder) -> None:
    seed = int(os.environ.get("CITEBOT_CRASH_SEED", random.randrange(1_000_000)))
    trials = run_trials(count, seed, tmp_path, encoder)
    failed = [t.line() for t in trials if t.failures]
    assert not failed, f"seed {seed}:\n" + "\n".join(failed)


def test_killed_ingests_leave_an_index_that_opens_checks_and_completes(tmp_path, encoder) -> None:
    _run(3, tmp_path, encoder)


@pytest.mark.slow
def test_twenty_crash_trials(tmp_path, encoder) -> None:
    _run(20, tmp_path, encoder)
