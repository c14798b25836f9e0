"""Speakers: finding name mentions, attributing a quote to its speaker, resolving pronouns and
short forms to full names, and matching a typed name against the known speakers."""
