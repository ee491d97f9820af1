"""Speaker labels: which paragraph starts a turn, who speaks, who is the interviewer.

Labels are recognised at the start of a paragraph, optionally after a timestamp:
``I: …``, ``Informant 3: …``, ``[00:01:23] Kari: …``, ``(00:01:23) JS1: …``,
``[SPEAKER_00] …``. The label patterns can be overridden per project with the
setting ``speaker_patterns``::

    wb.set_setting("speaker_patterns", {
        "interviewer": ["I", "Int", "Intervjuer"],   # replaces the default list
        "speakers": ["Leder \\d+", "Bruker [A-Z]"],   # added to the known labels
    })

Each pattern must match the whole label (case is ignored).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from .base import IngestError

#: Labels that mark the interviewer (full match, case-insensitive).
INTERVIEWER_PATTERNS = (
    r"I", r"Int\.?", r"Intervjuer", r"Intervjuar", r"Interviewer", r"Forsker", r"Forskar",
    r"Moderator", r"Researcher", r"Q", r"Student",
)
#: Labels accepted as speakers wherever they occur (full match, case-insensitive).
SPEAKER_PATTERNS = (
    r"Informant(?: ?\d+)?", r"Inf\.? ?\d*", r"IP ?\d*", r"Deltaker(?: ?\d+)?",
    r"Deltakar(?: ?\d+)?", r"Respondent(?: ?\d+)?", r"JS ?\d+", r"P ?\d+", r"S\d{1,3}",
    r"SPEAKER_\d+", r"Speaker ?\d+", r"Taler ?\d+", r"Jobbspesialist(?: ?\d+)?", r"A", r"B",
)
# A label that is not in the lists above counts only if it recurs: names ("Kari",
# "Kari N."), abbreviations ("KN", "JS"). This keeps "Altså: …" from becoming a speaker.
_NAME = r"[A-ZÆØÅÄÖÜ][\wæøåÆØÅ'.\-]*(?: [A-ZÆØÅÄÖÜ0-9][\wæøåÆØÅ'.\-]*){0,2}"
_TIME = r"\d{1,2}:\d{2}(?::\d{2})?(?:[.,]\d{1,3})?"
_LEAD = re.compile(
    rf"^(?P<ts>[\[(]?(?P<time>{_TIME})[\])]?[ \t]*(?:[-–][ \t]*)?)?"
    rf"(?:\[(?P<diar>SPEAKER_\d+)\][ \t]*:?|(?P<label>{_NAME})[ \t]*:(?=\s|$))[ \t]*"
)
_TIME_ONLY = re.compile(rf"^[\[(](?P<time>{_TIME})[\])][ \t]*(?:[-–][ \t]*)?")


@dataclass(frozen=True)
class LabelMatch:
    """A speaker label found at the start of a paragraph."""

    label: str | None   # None: only a timestamp was found
    skip: int           # code points before the utterance starts
    time_ms: int | None


@dataclass(frozen=True)
class SpeakerRules:
    """Compiled label patterns for one import."""

    interviewer: tuple[re.Pattern[str], ...]
    known: tuple[re.Pattern[str], ...]

    @classmethod
    def from_settings(cls, settings: dict[str, Any] | None) -> SpeakerRules:
        """Default patterns, overridden by the project setting ``speaker_patterns``."""
        custom = (settings or {}).get("speaker_patterns") or {}
        if not isinstance(custom, dict):
            raise IngestError("project setting speaker_patterns: must be an object with the "
                              "lists 'interviewer' and/or 'speakers'")
        interviewer = custom.get("interviewer", INTERVIEWER_PATTERNS)
        extra = custom.get("speakers", ())
        return cls(_compile(interviewer, "interviewer"),
                   _compile((*SPEAKER_PATTERNS, *extra), "speakers"))

    def is_interviewer(self, label: str) -> bool:
        return any(p.fullmatch(label) for p in self.interviewer)

    def is_known(self, label: str) -> bool:
        return self.is_interviewer(label) or any(p.fullmatch(label) for p in self.known)


def _compile(patterns: Any, key: str) -> tuple[re.Pattern[str], ...]:
    if isinstance(patterns, str) or not isinstance(patterns, list | tuple):
        raise IngestError(f"project setting speaker_patterns.{key}: must be a list of patterns")
    out = []
    for pattern in patterns:
        try:
            out.append(re.compile(str(pattern), re.IGNORECASE))
        except re.error as exc:
            raise IngestError(f"project setting speaker_patterns.{key}: pattern {pattern!r} "
                              f"is not a valid regular expression ({exc})") from None
    return tuple(out)


def find_label(text: str) -> LabelMatch | None:
    """The speaker label (and/or timestamp) at the start of a paragraph, if any."""
    m = _LEAD.match(text)
    if m:
        label = m.group("diar") or m.group("label")
        if len(label) <= 40:
            return LabelMatch(clean_label(label), m.end(), _time_ms(m.group("time")))
    m = _TIME_ONLY.match(text)
    if m:
        return LabelMatch(None, m.end(), _time_ms(m.group("time")))
    return None


def clean_label(label: str) -> str:
    """A label as stored: surrounding space, brackets and colon removed, inner space single."""
    return " ".join(label.strip().strip("[]").rstrip(":").split())


def _time_ms(stamp: str | None) -> int | None:
    if not stamp:
        return None
    main, _, frac = stamp.replace(",", ".").partition(".")
    parts = [int(p) for p in main.split(":")]
    while len(parts) < 3:
        parts.insert(0, 0)
    h, m, s = parts
    return ((h * 60 + m) * 60 + s) * 1000 + int((frac + "000")[:3])


def pick_interviewer(labels: list[str], questions: dict[str, int], rules: SpeakerRules) -> set[str]:
    """Labels that mark the interviewer; else the one speaker asking clearly most questions."""
    # each distinct label once: a long interview has thousands of turns and a handful of labels
    named = {label for label in set(labels) if rules.is_interviewer(label)}
    if named or len(set(labels)) < 2:
        return named
    ranked = sorted(questions.items(), key=lambda kv: kv[1], reverse=True)
    if ranked and ranked[0][1] > 0 and (len(ranked) == 1 or ranked[0][1] > ranked[1][1]):
        return {ranked[0][0]}
    return set()
