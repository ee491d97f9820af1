"""The project settings stc-bench reads: one typed spec per key, checked when a setting is set.

A setting is stored as JSON in ``Project.settings``. Every key a reader uses is declared here
with its kind, default and help, so ``stc-bench settings`` can list them, ``set_setting`` can
refuse a value the export or the segmenter would later choke on (one line, the project
unchanged), and a reader gets the typed value or the default from one place
(:func:`setting`). Values stored before this check existed (or edited by hand) are checked
again when read, with the same one-line error.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from typing import Any

from .errors import StcError

#: Settings that list real names (the anonymity check's word and allow lists): never written
#: into anything that leaves the project (a trail message, an exchange file).
LISTS_OF_NAMES = frozenset({"word_list", "name_allow_list"})


class SettingError(StcError):
    """A project setting with a name or value stc-bench cannot use."""


@dataclass(frozen=True)
class Spec:
    key: str
    kind: str  # int, number, bool, choice, text, patterns
    default: Any
    help: str
    low: float | None = None
    choices: tuple[str, ...] = ()

    @property
    def type_name(self) -> str:
        if self.kind == "choice":
            return "|".join(self.choices)
        return {"int": "whole number", "number": "number", "bool": "true|false", "text": "text",
                "patterns": "JSON object", "words": "JSON list or object",
                "names": "JSON list"}[self.kind]


SPECS: dict[str, Spec] = {s.key: s for s in (
    Spec("speaker_patterns", "patterns", None,
         'speaker-label regexes: {"interviewer": [...], "speakers": [...]}'),
    Spec("import_max_mb", "number", 50, "largest transcript file import accepts, in MB", low=0.001),
    Spec("segment_min_words", "int", 3, "sentences shorter than this join a neighbour", low=1),
    Spec("segment_max_words", "int", 90, "a turn up to this many words is one suggestion; longer "
         "turns split where the text turns to a new point", low=5),
    Spec("segment_interviewer_turns", "bool", False, "also suggest units in interviewer turns"),
    Spec("label_style", "choice", "pseudonym", "quote labels in exports",
         choices=("pseudonym", "role", "none")),
    Spec("number_from", "int", None, "results chapter number in exports, e.g. 6 gives 6.0, 6.1 … "
         "(unset: 1, with a note)", low=0),
    Spec("discussion_number", "int", None, "discussion chapter number (unset: number_from + 1)",
         low=0),
    Spec("golden_quote", "choice", "note", "golden quote in exports: none, first (opens its "
         "subsection) or note (in the codebook)", choices=("none", "first", "note")),
    Spec("quote_max_words", "int", 80, "exports warn about quotes longer than this", low=1),
    Spec("chapter_title", "text", None, "results chapter heading (unset: Resultater / Results)"),
    Spec("chapter_intro", "text", None, "the chapter's introduction paragraph(s)"),
    Spec("categories_lead_in", "text", None, "the sentence before the list of categories"),
    Spec("discussion_title", "text", None, "discussion chapter heading"),
    Spec("discussion_intro", "text", None, "the discussion chapter's introduction"),
    Spec("word_list", "words", None, "words and names that must not leave the project: a list, "
         "or {word: navn|sted|arbeidsplass} (the anonymity check on export, pseudonymise)"),
    Spec("name_allow_list", "names", None, "names the anonymity check does not report, e.g. "
         "authors the chapter cites"),
    Spec("language_ui", "choice", None, "the TUI's language for this project (unset: your "
         "config, then the system locale)", choices=("nb", "en")),
)}

#: Word-list categories (the replacement a pseudonymised word gets), by any name a user gives.
WORD_CATEGORIES = {"navn": "PER", "name": "PER", "person": "PER", "per": "PER",
                   "sted": "LOC", "place": "LOC", "loc": "LOC",
                   "arbeidsplass": "ORG", "workplace": "ORG", "organisasjon": "ORG", "org": "ORG"}
_TRUE = {"true", "ja", "yes", "1", "on"}
_FALSE = {"false", "nei", "no", "0", "off"}


def spec_for(key: str) -> Spec:
    spec = SPECS.get(key)
    if spec is None:
        near = difflib.get_close_matches(key, SPECS, n=1)
        hint = f" (did you mean {near[0]}?)" if near else ""
        raise SettingError(f"setting {key!r}: no such setting{hint}; `stc-bench settings PROJECT` "
                           "lists them")
    return spec


def check_setting(key: str, value: Any) -> Any:
    """The value to store for ``key``, normalised (``"6"`` → 6, ``"ja"`` → True), or
    :class:`SettingError` saying in one line what is wrong and what would do."""
    spec = spec_for(key)
    where = f"setting {key}"
    if spec.kind == "int":
        number = _whole(value)
        if number is None or (spec.low is not None and number < spec.low):
            raise SettingError(f"{where}: must be a whole number of at least {int(spec.low or 0)}, "
                               f"not {value!r} (stc-bench settings PROJECT {key} N)")
        return number
    if spec.kind == "number":
        amount: float | None
        try:
            amount = float(value)
        except (TypeError, ValueError):
            amount = None
        if amount is None or isinstance(value, bool) or (spec.low is not None and amount < spec.low):
            raise SettingError(f"{where}: must be a positive number, not {value!r}")
        return int(amount) if amount.is_integer() else amount
    if spec.kind == "bool":
        if isinstance(value, bool):
            return value
        word = str(value).strip().lower()
        if word in _TRUE or word in _FALSE:
            return word in _TRUE
        raise SettingError(f"{where}: must be true or false, not {value!r}")
    if spec.kind == "choice":
        if value not in spec.choices:
            raise SettingError(f"{where}: must be one of {', '.join(spec.choices)}, not {value!r}")
        return value
    if spec.kind == "text":
        if isinstance(value, (dict, list)):
            raise SettingError(f"{where}: must be text, not {type(value).__name__}")
        return str(value)
    if spec.kind in ("words", "names"):
        return _check_words(where, value, categories=spec.kind == "words")
    return _check_patterns(where, value)


def setting(settings: dict[str, Any] | None, key: str) -> Any:
    """The typed value of ``key`` in a project's stored settings, else its default."""
    spec = spec_for(key)
    value = (settings or {}).get(key)
    if value is None or value == "":
        return spec.default
    try:
        return check_setting(key, value)
    except SettingError as exc:
        raise SettingError(f"project {exc}") from None


def _whole(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and re.fullmatch(r"\s*-?\d+\s*", value):
        return int(value)
    return None


def _check_patterns(where: str, value: Any) -> dict[str, list[str]]:
    if not isinstance(value, dict) or not value or set(value) - {"interviewer", "speakers"}:
        raise SettingError(f"{where}: must be an object with the lists 'interviewer' and/or "
                           "'speakers', e.g. {\"interviewer\": [\"Forsker\\\\d*\"]}")
    for name, patterns in value.items():
        if not isinstance(patterns, list) or not all(isinstance(p, str) and p for p in patterns):
            raise SettingError(f"{where}.{name}: must be a list of regular expressions")
        for pattern in patterns:
            try:
                re.compile(pattern)
            except re.error as exc:
                raise SettingError(f"{where}.{name}: {pattern!r} is not a valid regular "
                                   f"expression ({exc})") from None
    return value


def _check_words(where: str, value: Any, *, categories: bool) -> Any:
    if isinstance(value, str):
        value = [value]
    if categories and isinstance(value, dict):
        for word, category in value.items():
            if not isinstance(category, str) or category.strip().casefold() not in WORD_CATEGORIES:
                raise SettingError(f"{where}: {word!r}: category must be navn, sted or "
                                   f"arbeidsplass, not {category!r}")
        words = list(value)
    elif isinstance(value, list):
        words = value
    else:
        raise SettingError(f"{where}: must be a list of words" + (", or an object of word: "
                           "category" if categories else "") + f", not {type(value).__name__}")
    if not all(isinstance(w, str) and w.strip() for w in words):
        raise SettingError(f"{where}: every entry must be a word or name as text")
    return value
