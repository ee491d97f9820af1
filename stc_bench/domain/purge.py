"""Purging the original of a pseudonymised transcript: what is replaced, and how.

Pseudonymisation stores the replaced text as a new revision; the original stays in the
superseded revision, in the import event's changes and in every event that quoted it
(a unit's snippet, a quote's display text, a message). Purging replaces, everywhere, each
passage pseudonymisation replaced by what replaced it: the original becomes the
pseudonymised text. The replacements are read from the word diff between the original
and its pseudonymised revision (no key file needed), and only where the new words carry a
bracketed replacement (``[Navn]``, ``[Sted 2]``), so an ordinary word is never taken for
a name.

The trail's hashes cover the text, so a rewritten event no longer hashes to its stored
hash; the purge event records, for each such event, its hash and the hash it has as
rewritten (:func:`purged_hash`). Verify accepts exactly those events, whose rewritten
content is then vouched for by the purge event, which is itself in the chain.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping
from typing import Any

from . import audit

PURGE = "project.purge"
#: Rows that are not interview text and keep their values: the project's settings hold the
#: word list the anonymity check needs, and a person's name is who acted in the trail.
KEPT_TABLES = frozenset({"project", "person"})
_BRACKETED = re.compile(r"\[[^\[\]]+\]")
_LEAD, _TRAIL = re.compile(r"^\W*"), re.compile(r"\W*$")


def replacements(original: str, pseudonymised: str) -> dict[str, str]:
    """Original passage → replacement, for each passage the pseudonymised text replaced."""
    old, new = original.split(), pseudonymised.split()
    found: dict[str, str] = {}
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op != "replace":
            continue
        was, now = " ".join(old[a1:a2]), " ".join(new[b1:b2])
        if not _BRACKETED.search(now) or "[" in was:
            continue
        was, now = _trim_common_edges(was, now)
        if was and any(c.isalnum() for c in was):
            found[was] = now
    return found


def _trim_common_edges(was: str, now: str) -> tuple[str, str]:
    """Drop punctuation both sides share at the edges (``Kari,`` → ``[Navn],``: the
    passage is ``Kari``), so the same name is found before any punctuation."""
    lead = _LEAD.match(was).group()
    while lead and not now.startswith(lead):
        lead = lead[:-1]
    trail = _TRAIL.search(was).group()
    while trail and not now.endswith(trail):
        trail = trail[1:]
    return (was[len(lead):len(was) - len(trail)] if trail else was[len(lead):],
            now[len(lead):len(now) - len(trail)] if trail else now[len(lead):])


class Scrubber:
    """Replaces the purged passages (whole words, longest first) in text and JSON values."""

    def __init__(self, mapping: Mapping[str, str]):
        self.mapping = dict(mapping)
        ordered = sorted(self.mapping, key=len, reverse=True)
        self._pattern = re.compile("(?<!\\w)(?:" + "|".join(map(re.escape, ordered)) + ")(?!\\w)") \
            if ordered else None

    def text(self, value: str) -> str:
        if self._pattern is None:
            return value
        return self._pattern.sub(lambda m: self.mapping[m.group()], value)

    def value(self, value: Any) -> Any:
        """Strings inside ``value`` scrubbed (dict keys are field names: kept)."""
        if isinstance(value, str):
            return self.text(value)
        if isinstance(value, list):
            return [self.value(v) for v in value]
        if isinstance(value, dict):
            return {k: self.value(v) for k, v in value.items()}
        return value

    def changes(self, changes: list | None) -> list | None:
        """An event's row changes scrubbed, except rows of :data:`KEPT_TABLES`; a bulk
        insert keeps its column names."""
        if not changes:
            return changes
        out = []
        for change in changes:
            table, id_, before, after = change
            if table in KEPT_TABLES:
                out.append(change)
            elif id_ is None and isinstance(after, dict) and "columns" in after:
                out.append([table, id_, before, {**after, "rows": self.value(after["rows"])}])
            else:
                out.append([table, id_, self.value(before), self.value(after)])
        return out

    def event_fields(self, fields: Mapping[str, Any]) -> dict[str, Any]:
        """An event's hashed fields with its texts scrubbed."""
        out = dict(fields)
        if fields["entity"] not in KEPT_TABLES:
            out["before"] = self.value(fields["before"])
            out["after"] = self.value(fields["after"])
        out["changes"] = self.changes(fields["changes"])
        out["message"] = self.text(fields["message"])
        return out


def purged_hash(prev_hash: str, fields: Mapping[str, Any]) -> str:
    """The hash an event has as rewritten by a purge: what the purge event records."""
    return audit.event_hash(prev_hash, fields)


def purged_events(purge_after: Mapping[str, Any]) -> dict[int, tuple[str, str]]:
    """seq → (stored hash, purged hash) from one purge event's ``after``."""
    return {int(seq): (stored, rewritten)
            for seq, stored, rewritten in purge_after.get("purged_events", [])}
