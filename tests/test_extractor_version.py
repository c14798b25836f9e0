"""Stored quotes are re-extracted only when EXTRACTOR_VERSION changes, so a change of the
extractor's output must come with a new version: this test fails until it does."""

from __future__ import annotations

import hashlib
import json
from dataclasses import astuple

from conftest import DATA

from citebot.retrieval.quotes.extraction import EXTRACTOR_VERSION, extract_quotes

FINGERPRINTS = DATA / "extractor_versions.json"


def fingerprint() -> str:
    """A digest of every quote (span, speaker, mentions, cue, kind, role) the extractor finds in
    the dev set."""
    digest = hashlib.sha256()
    for line in (DATA / "eval" / "quotes.jsonl").read_text(encoding="utf-8").splitlines():
        doc = json.loads(line)
        for q in extract_quotes(doc["text"], doc.get("title") or ""):
            digest.update(repr(astuple(q)).encode())
    return digest.hexdigest()


def test_a_change_of_extractor_output_comes_with_a_new_version() -> None:
    recorded: list[dict] = json.loads(FINGERPRINTS.read_text())
    versions = [r["version"] for r in recorded]
    assert len(set(versions)) == len(versions), "a version was recorded twice"
    current = fingerprint()
    earlier = {r["fingerprint"]: r["version"] for r in recorded}
    assert (
        recorded[-1]["version"] == EXTRACTOR_VERSION and recorded[-1]["fingerprint"] == current
    ), f"the extractor's output on the dev set is {current}; " + (
        f"that is the output of version {earlier[current]}"
        if current in earlier
        else f"bump EXTRACTOR_VERSION (now {EXTRACTOR_VERSION}) and append "
        f'{{"version": NEW, "fingerprint": "{current}"}} to {FINGERPRINTS.name}'
    )
