"""A conversation saved as JSON and continued elsewhere (server mode: another replica)."""

from __future__ import annotations

import json

import pytest


def _moved(conversation, seed_bot):
    """The conversation's state through JSON text into a fresh conversation."""
    other = seed_bot.new_conversation()
    other.restore(json.loads(json.dumps(conversation.to_state())))
    return other


def test_a_restored_conversation_continues_exactly(seed_bot) -> None:
    here = seed_bot.new_conversation()
    here.page_size = 2
    first = here.ask("What did Medvedev say?")
    assert first.found and first.has_more
    there = _moved(here, seed_bot)
    there.page_size = 2
    assert there.more().as_dict() == here.more().as_dict()
    assert [e.citation for e in there.sources()] == [e.citation for e in here.sources()]
    follow = [c.ask("What else did he say?").as_dict() for c in (here, there)]
    assert follow[0] == follow[1] and "Medvedev" in follow[0]["resolved_question"]


def test_a_state_from_another_release_starts_afresh(seed_bot) -> None:
    conversation = seed_bot.new_conversation()
    conversation.ask("What did Medvedev say?")
    conversation.restore({"focus": {"@type": "SomethingRemoved"}, "shown_quotes": []})
    assert not conversation.more().found
    assert "Medvedev" not in conversation.ask("What else did he say?").resolved_question


def test_the_state_codec_keeps_types_and_refuses_unknown_ones() -> None:
    from citebot.bot.answering.followups import Focus
    from citebot.bot.answering.state_codec import StateError, decode, encode

    value = {
        "focus": Focus("q", "Medvedev", "Dmitry Medvedev", ("Sergey Lavrov",)),
        "shown": {3, 1},
        "by_id": {7: [("a", "b")]},
    }
    assert decode(json.loads(json.dumps(encode(value)))) == value
    with pytest.raises(StateError, match="unknown state type"):
        decode({"@type": "os.system", "command": "true"})
