"""Purging the original of a pseudonymised transcript: what is replaced, and how.

Pseudonymisation stores the replaced text as a new revision; the original stays in the
superseded revision, in the import event's changes and in every event that quoted it
(a unit's snippet, a quote's display text, a message). Purging gives each earlier
revision the pseudonymised text, exactly (in its row and in every event that recorded
the row), and replaces, in every other copy of transcript words in the project and its
trail (:data:`TRANSCRIPT_COLUMNS`, the messages of unit events), each passage
pseudonymisation replaced by what replaced it. Those passages are read from the word diff
between the original and its pseudonymised revision (no key file needed), only where the
new words carry a bracketed replacement (``[Navn]``, ``[Sted 2]``), and only passages that
no pseudonymised transcript still holds: a word the name detector replaced in one place
but left elsewhere (*De*, a common word at the start of a sentence) is no name to purge,
and replacing it everywhere would change what the researcher wrote.

A purged revision's hashes and word count would still vouch for the original (hash a
guessed original, compare): its ``text_sha256`` and ``source_sha256`` become the hash of the
pseudonymised text (what pseudonymise records as the new revision's source) and its
``word_count`` that text's, in its row and in every event that recorded them, and a message
that quotes such a hash (``Imported I1.txt (sha256 3f2a…)``) quotes the new one. A hash that
a document not purged still has (the survey file its answers share) stays.

The trail's hashes cover the text, so a rewritten event no longer hashes to its stored
hash. Keeping that stored hash would keep a test for guesses: a snippet purged to
"[Navn] ringte" and its event's old hash let anyone with the file try first names until
one hashes to it. So the purge **re-chains** the trail from the first event it rewrote:
that event and every later one get the hash of what they now hold, linked to the one
before (:func:`swap_hashes` also puts the new hash wherever a later event or a review
mark quoted an old one), and the purge event, appended on the new head, records which
events it rewrote and where the chain was re-hashed from. The chain then verifies as any
chain does. Anchors kept outside the file from before the purge (``status``'s
``SEQ:HASH``) no longer match those events: the purge prints the new head to keep.

Purges before 2026-12-02 kept the old hashes and recorded ``[seq, stored hash, purged
hash]`` for each rewritten event; verify still accepts those (:func:`purged_events`) and
says what they leave. The next purge — or ``stc-bench purge`` with nothing new to purge —
re-chains from the first event such a purge rewrote and cuts its record to bare seqs
(:func:`without_kept_hashes`).
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping
from typing import Any

from .offsets import text_sha256, word_count

PURGE = "project.purge"
#: The columns that hold copies of transcript words (besides a purged revision's text):
#: a unit's snippet and a quote's display text. Everything else (names, titles, labels,
#: what the researcher wrote) keeps its values: a word the name detector replaced in a
#: transcript may be an informant label or a title, which a purge must not rename.
TRANSCRIPT_COLUMNS = {"meaning_unit": ("snippet",), "quote": ("display_text",)}
#: Events whose message may quote a unit's words ("Deleted meaning unit 4: '…'").
QUOTING_ENTITIES = frozenset({"meaning_unit"})
_BRACKETED = re.compile(r"\[[^\[\]]+\]")
_LEAD, _TRAIL = re.compile(r"^\W*"), re.compile(r"\W*$")
#: How many hex digits of a hash a message quotes (``services/documents.py``).
QUOTED_HASH = 12


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
    lead = _LEAD.match(was).group()  # type: ignore[union-attr]  # matches the empty string too
    while lead and not now.startswith(lead):
        lead = lead[:-1]
    trail = _TRAIL.search(was).group()  # type: ignore[union-attr]  # matches the empty string too
    while trail and not now.endswith(trail):
        trail = trail[1:]
    return (was[len(lead):len(was) - len(trail)] if trail else was[len(lead):],
            now[len(lead):len(now) - len(trail)] if trail else now[len(lead):])


class Scrubber:
    """Replaces the purged passages (whole words, longest first) in text and JSON values;
    a purged revision's ``text`` is replaced whole by its pseudonymised text."""

    def __init__(self, mapping: Mapping[str, str], texts: Mapping[int, str] | None = None,
                 hashes: Mapping[str, str] | None = None):
        self.mapping = dict(mapping)
        self.texts = dict(texts or {})  # document id → the text it gets
        self.hashes = dict(hashes or {})  # a purged revision's hash → the one it gets
        ordered = sorted(self.mapping, key=len, reverse=True)
        self._pattern = re.compile("(?<!\\w)(?:" + "|".join(map(re.escape, ordered)) + ")(?!\\w)") \
            if ordered else None
        # a message quotes a hash whole or by its first QUOTED_HASH digits
        quoted = {old[:QUOTED_HASH]: new[:QUOTED_HASH] for old, new in self.hashes.items()}
        self._hex = {**quoted, **self.hashes}
        self._hash_pattern = re.compile("(?<![0-9a-f])(?:" + "|".join(
            sorted(self._hex, key=len, reverse=True)) + ")") if self._hex else None

    def text(self, value: str) -> str:
        if self._pattern is None:
            return value
        return self._pattern.sub(lambda m: self.mapping[m.group()], value)

    def row(self, table: str, id_: Any, values: Any) -> Any:
        """One row's values (whole or some fields) as purged."""
        if not isinstance(values, dict):
            return values
        out = dict(values)
        for column in TRANSCRIPT_COLUMNS.get(table, ()):
            if isinstance(out.get(column), str):
                out[column] = self.text(out[column])
        if table == "document" and id_ in self.texts:
            text = self.texts[id_]
            for column, value in (("text", text), ("text_sha256", text_sha256(text)),
                                  ("source_sha256", text_sha256(text)),
                                  ("word_count", word_count(text))):
                if column in out:
                    out[column] = value
        return out

    def message(self, value: str) -> str:
        """A message with the purged revisions' hashes replaced (whole or as quoted)."""
        if self._hash_pattern is None:
            return value
        return self._hash_pattern.sub(lambda m: self._hex[m.group()], value)

    def changes(self, changes: list | None) -> list | None:
        """An event's row changes purged; a bulk insert keeps its column names."""
        if not changes:
            return changes
        out = []
        for change in changes:
            table, id_, before, after = change
            if id_ is None and isinstance(after, dict) and "columns" in after:
                out.append([table, id_, before, self._bulk(table, after)])
            else:
                out.append([table, id_, self.row(table, id_, before), self.row(table, id_, after)])
        return out

    def _bulk(self, table: str, body: dict) -> dict:
        """A bulk insert's rows purged, in either recorded form (``audit.bulk_insert``):
        every column per row, or ids from ``first_id`` with the values all rows share
        once (``shared``, purged too) and the others per row."""
        columns = body["columns"]
        if "first_id" in body:
            first, shared = body["first_id"], body["shared"]
            rows = [[self.row(table, first + i, {**shared, **dict(zip(columns, row, strict=True))})[c]
                     for c in columns] for i, row in enumerate(body["rows"])]
            return {**body, "rows": rows, "shared": self.row(table, None, shared)}
        at = columns.index("id")
        return {**body, "rows": [list(self.row(table, row[at], dict(zip(columns, row, strict=True))).values())
                                 for row in body["rows"]]}

    def event_fields(self, fields: Mapping[str, Any]) -> dict[str, Any]:
        """An event's hashed fields with its texts purged."""
        out = dict(fields)
        out["before"] = self.row(fields["entity"], fields["entity_id"], fields["before"])
        out["after"] = self.row(fields["entity"], fields["entity_id"], fields["after"])
        out["changes"] = self.changes(fields["changes"])
        if fields["entity"] in QUOTING_ENTITIES:
            out["message"] = self.text(fields["message"])
        out["message"] = self.message(out["message"])
        return out


def purge_plan(pairs: list[tuple[int, str, str]], current: list[str],
               hashes: Mapping[int, tuple[str, ...]] | None = None,
               kept_hashes: frozenset[str] = frozenset()) -> Scrubber:
    """The scrubber for ``(original id, original text, pseudonymised text)`` triples, given
    the texts of every current transcript (a passage one of them still holds stays), each
    original's stored hashes (``hashes``: id → its text and source sha256) and the hashes
    of the documents not purged (``kept_hashes``, which stay)."""
    mapping: dict[str, str] = {}
    for _id, old, new in pairs:
        mapping.update(replacements(old, new))
    mapping = {k: v for k, v in mapping.items() if not any(_holds(k, text) for text in current)}
    texts = {id_: new for id_, _old, new in pairs}
    new_hashes = {old: text_sha256(texts[id_]) for id_, olds in (hashes or {}).items()
                  for old in olds if old not in kept_hashes}
    return Scrubber(mapping, texts, {k: v for k, v in new_hashes.items() if k != v})


def _holds(passage: str, text: str) -> bool:
    return re.search("(?<!\\w)" + re.escape(passage) + "(?!\\w)", text) is not None


def purged_events(purge_after: Mapping[str, Any]) -> dict[int, tuple[str, str]]:
    """seq → (stored hash, purged hash) from one purge event's ``after``, for the purges
    that kept the old hashes; a re-chaining purge records bare seqs (nothing to accept:
    its events hash as they are)."""
    return {int(entry[0]): (entry[1], entry[2])
            for entry in purge_after.get("purged_events", []) if isinstance(entry, list)}


def without_kept_hashes(purge_after: Mapping[str, Any]) -> dict[str, Any]:
    """A purge event's ``after`` with each ``[seq, stored hash, purged hash]`` of a purge
    that kept the old hashes cut to its seq, as a re-chaining purge records it: the stored
    hash was taken of the original words, so it too is a test for guesses, and once the
    trail is hashed anew nothing needs it."""
    return {**purge_after, "purged_events": [
        int(entry[0]) if isinstance(entry, list) else entry
        for entry in purge_after.get("purged_events", [])]}


_EVENT_HASH = re.compile(r"(?<![0-9a-f])[0-9a-f]{64}(?![0-9a-f])")


def swap_hashes(value: Any, moved: Mapping[str, str]) -> Any:
    """``value`` (an event's field, JSON-like) with every old event hash in ``moved``
    replaced by its new one, wherever a string holds it whole (a review mark's
    ``head_hash``, a message "reviewed up to event 7 (7:3f2a…)")."""
    if not moved:
        return value
    if isinstance(value, str):
        return _EVENT_HASH.sub(lambda m: moved.get(m.group(), m.group()), value) \
            if len(value) >= 64 else value
    if isinstance(value, list):
        return [swap_hashes(v, moved) for v in value]
    if isinstance(value, dict):
        return {k: swap_hashes(v, moved) for k, v in value.items()}
    return value
