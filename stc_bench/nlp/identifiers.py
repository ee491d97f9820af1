"""Direct identifiers in Norwegian text, found by rule (no model needed).

``find_identifiers(text, words)`` returns ``(start, end, label)`` code-point spans:

- ``FNR``: fødselsnummer and D-nummer (11 digits, optionally ``DDMMYY NNNNN``) whose two
  mod-11 check digits and date part are valid;
- ``NUMBER``: any other 11-digit number — a mistyped fødselsnummer, or a bank account
  number (``1234.56.78903``), which identifies a person just as well;
- ``PHONE``: Norwegian phone numbers — 8 digits starting 2–9 (``12345678``, ``123 45 678``,
  ``12 34 56 78``, ``1234 5678``), with or without ``+47``/``0047``;
- ``EMAIL``: e-mail addresses;
- ``DATE``: ``12.03.2024``, ``12/3-24``, ``2024-03-12`` and ``12. mars [2024]``;
- ``WORD``: the words of the project's word list (the setting ``word_list``),
  case-insensitively, as whole words, also inflected (``Kari`` finds *Karis*, *Kari's*;
  ``Tromsø`` finds *Tromsøs*; ``Rema`` finds *Remaen*); a phrase matches across any spaces.

Pure: only ``re``; the callers choose what to do with the spans.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from ..domain.errors import StcError
from ..domain.settings import WORD_CATEGORIES

#: What a span is: rule-found identifiers, a word-list word, or (from the name model)
#: NorNE's entity labels. The replacement each gets when pseudonymising:
REPLACEMENTS = {"FNR": "[Nummer]", "NUMBER": "[Nummer]", "PHONE": "[Nummer]", "EMAIL": "[E-post]",
                "DATE": "[Dato]", "PER": "[Navn]", "LOC": "[Sted]", "GPE_LOC": "[Sted]", "ORG": "[Arbeidsplass]",
                "GPE_ORG": "[Arbeidsplass]"}
#: Word-list categories (the setting's values) as NorNE labels; Norwegian and English names.
CATEGORIES = WORD_CATEGORIES  # one list: the settings check and the scanner read the same
#: Endings a word-list word may carry: a name only the genitive (Karis, Kari's, and Hans'
#: after s, x or z); a place or workplace also the definite singular (Remaen, Remaens).
#: No more: "Ann" would find "annen", "Kiwi" the fruit's plural "kiwiene".
GENITIVE = ["['’]s", "s"]
ENDINGS = {"PER": GENITIVE, "LOC": [*GENITIVE, "en", "ens", "et", "ets"]}
ENDINGS["ORG"] = ENDINGS["LOC"]
#: Names that are also everyday words when written in lower case ("hans sak", "per uke",
#: "else"): these match only capitalised. Every other entry matches in any case, since
#: transcribed speech is often typed in lower case.
COMMON_WORDS = frozenset({"hans", "per", "tor", "liv", "else", "dag", "mai", "vår", "tone", "bo",
                          "sol", "ask", "rune", "mari", "bjørn", "ulf", "ørn", "eik", "lin",
                          "siri", "frode", "stein", "fjell", "elv", "storm", "bø", "moen"})


def _entry_pattern(word: str, label: str) -> str:
    body = r"[^\S\n]+".join(map(re.escape, word.split()))  # never across a line (a turn)
    if word.casefold() in COMMON_WORDS:  # this one word case-sensitively: Hans, not hans
        body = f"(?-i:{re.escape(word[0].upper())}){re.escape(word[1:])}"
    endings = ENDINGS[label]
    if word[-1].lower() in "sxz":  # Hans' — but not the closing quote in 'Stine'
        endings = [r"['’](?!\w)", *endings]
    return f"{body}(?:{'|'.join(endings)})?"


# Digits glued to letters are not numbers a person has (hashes, ids: 88977061f61d…).
_FNR = re.compile(r"(?<![\w+])(\d{6}) ?(\d{5})(?!\w)")
_ACCOUNT = re.compile(r"(?<![\w.])\d{4}[. ]\d{2}[. ]\d{5}(?!\w)")
_PHONE = re.compile(r"(?<![\w+])(?:(?:\+|00)47[ \u00a0]?)?"
                    r"(?:[2-9]\d{7}|[2-9]\d{2} \d{2} \d{3}|[2-9]\d (?:\d{2} ){2}\d{2}|[2-9]\d{3} \d{4})"
                    r"(?!\w)")
_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,}(?!\w)")
MONTHS = ("januar", "februar", "mars", "april", "mai", "juni", "juli", "august", "september",
          "oktober", "november", "desember", "jan", "feb", "mar", "apr", "jun", "jul", "aug",
          "sep", "sept", "okt", "nov", "des")
_DATE = re.compile(
    r"(?<![\w.])(?:"
    r"(?:0?[1-9]|[12]\d|3[01])[./](?:0?[1-9]|1[0-2])[./-](?:\d{4}|\d{2})"   # 12.03.2024, 12/3-24
    r"|(?:19|20)\d{2}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])"            # 2024-03-12
    r"|(?:0?[1-9]|[12]\d|3[01])\.? ?(?:" + "|".join(MONTHS) + r")\.?(?: (?:19|20)\d{2})?"
    r")(?![\w])", re.IGNORECASE)

_W1 = (3, 7, 6, 1, 8, 9, 4, 5, 2)
_W2 = (5, 4, 3, 2, 7, 6, 5, 4, 3, 2)


def fnr_valid(digits: str) -> bool:
    """An 11-digit fødselsnummer or D-nummer with valid check digits and date part
    (D-nummer: day + 40; H-nummer and test numbers: month + 40 / + 80)."""
    if len(digits) != 11 or not digits.isdigit():
        return False
    d = [int(c) for c in digits]
    for weights, pos in ((_W1, 9), (_W2, 10)):
        check = 11 - sum(w * x for w, x in zip(weights, d, strict=False)) % 11
        check = 0 if check == 11 else check
        if check == 10 or check != d[pos]:
            return False
    day, month = int(digits[:2]), int(digits[2:4])
    day -= 40 if day > 40 else 0
    month -= 80 if month > 80 else 40 if month > 40 else 0
    return 1 <= day <= 31 and 1 <= month <= 12


@dataclass(frozen=True)
class WordList:
    """The project's word list: words and phrases that must not leave, each with a
    category (PER, LOC or ORG) used for its replacement."""

    entries: tuple[tuple[str, str], ...] = ()

    @classmethod
    def from_setting(cls, value: object) -> WordList:
        """Read the ``word_list`` setting: a list of words (names) or an object mapping a
        word to its category (``navn``/``sted``/``arbeidsplass`` or PER/LOC/ORG)."""
        if value is None:
            return cls()
        if isinstance(value, str):
            value = [value]
        if isinstance(value, Mapping):
            pairs = list(value.items())
        elif isinstance(value, Iterable):
            pairs = [(word, "PER") for word in value]
        else:
            raise StcError(f"setting word_list: {value!r} is not a list of words")
        entries = []
        for word, category in pairs:
            if not isinstance(word, str) or not isinstance(category, str):
                raise StcError(f"setting word_list: {word!r}: give words as text")
            label = CATEGORIES.get(category.strip().lower(), category.strip().upper())
            if label not in ("PER", "LOC", "ORG"):
                raise StcError(f"setting word_list: {word!r}: category must be navn, sted or "
                               f"arbeidsplass, not {category!r}")
            if word.strip():
                entries.append((" ".join(word.split()), label))
        return cls(tuple(entries))

    def __bool__(self) -> bool:
        return bool(self.entries)

    @staticmethod
    def with_word(value: object, word: str, category: str = "navn") -> object:
        """The ``word_list`` setting ``value`` with ``word`` added (a name unless
        ``category`` says otherwise), in the form it had: a list stays a list (of names), an
        object an object; unchanged when the word is there already, in any case."""
        word = " ".join(word.split())
        current = WordList.from_setting(value)  # a bad setting: its one-line error
        if any(entry.casefold() == word.casefold() for entry, _ in current.entries):
            return value
        if isinstance(value, Mapping):
            return {**value, word: category}
        names = [entry for entry, _ in current.entries]  # a list holds names only
        if category.strip().lower() not in ("navn", "per"):
            return {**{name: "navn" for name in names}, word: category}
        return [*names, word]

    @property
    def pattern(self) -> re.Pattern[str] | None:
        cached = self.__dict__.get("_pattern")
        if cached is None and self.entries:
            # longest first, so "Kari Nordmann" wins over "Kari"
            entries = sorted(set(self.entries), key=lambda e: len(e[0]), reverse=True)
            body = "|".join(_entry_pattern(w, label) for w, label in entries)
            cached = re.compile(rf"(?<!\w)(?:{body})(?!\w)", re.IGNORECASE)
            object.__setattr__(self, "_pattern", cached)
        return cached

    def category(self, found: str) -> str:
        """The category of a matched surface form (``Karis`` → the entry ``Kari``'s)."""
        return self.entry(found)[1]

    def entry(self, found: str) -> tuple[str, str]:
        """The entry (word, category) a matched surface form is a form of."""
        key = " ".join(found.split()).casefold()
        best = ("", "PER")
        for word, label in self.entries:
            if key.startswith(word.casefold()) and len(word) > len(best[0]):
                best = (word, label)
        return best


def find_identifiers(text: str, words: WordList | Mapping[str, str] | Iterable[str] = ()) -> list[tuple[int, int, str]]:
    """Every identifier in ``text`` as ``(start, end, label)``, in text order, without
    overlaps (where two overlap, the one starting first, then the longer, is kept)."""
    if not isinstance(words, WordList):
        words = WordList.from_setting(words if isinstance(words, Mapping) else list(words))
    found: list[tuple[int, int, str]] = []
    for m in _FNR.finditer(text):
        found.append((m.start(), m.end(), "FNR" if fnr_valid(m.group(1) + m.group(2)) else "NUMBER"))
    found += [(m.start(), m.end(), "NUMBER") for m in _ACCOUNT.finditer(text)]
    found += [(m.start(), m.end(), "PHONE") for m in _PHONE.finditer(text)]
    found += [(m.start(), m.end(), "EMAIL") for m in _EMAIL.finditer(text)]
    found += [(m.start(), m.end(), "DATE") for m in _DATE.finditer(text)]
    if words.pattern is not None:
        found += [(m.start(), m.end(), "WORD") for m in words.pattern.finditer(text)]
    return without_overlaps(found)


def without_overlaps(spans: Iterable[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Spans in text order; of overlapping ones the earliest, then the longest, is kept."""
    kept: list[tuple[int, int, str]] = []
    for span in sorted(spans, key=lambda s: (s[0], -(s[1] - s[0]))):
        if not kept or span[0] >= kept[-1][1]:
            kept.append(span)
    return kept


#: Words that make a label a role, not a name (``Informant Tre``, ``Deltaker Nord``).
ROLE_WORDS = frozenset({"informant", "deltaker", "deltakar", "intervju", "intervjuobjekt",
                        "participant", "interview", "respondent", "person", "bruker", "pasient",
                        "leder", "ansatt", "jobbspesialist", "fokusgruppe", "gruppe", "del"})
_NAME_WORD = re.compile(r"^[A-ZÆØÅÄÖÜÉ][a-zæøåäöüéèáóç]+(?:-[A-ZÆØÅÄÖÜÉ][a-zæøåäöüéèáóç]+)?$")


def looks_like_name(label: str, words: WordList | Iterable[str] = ()) -> bool:
    """Whether an informant label looks like a person's name: two or more capitalised
    words (``Kari Nordmann``, ``Anne-Lise Berg``) that are not role words, or a word of the
    project's word list. ``JS1``, ``Informant 3`` and ``D2`` do not."""
    if not isinstance(words, WordList):
        words = WordList.from_setting(words if isinstance(words, Mapping) else list(words))
    if words.pattern is not None and words.pattern.search(label):
        return True
    parts = label.split()
    return (len(parts) >= 2 and all(_NAME_WORD.match(p) for p in parts)
            and not any(p.casefold() in ROLE_WORDS for p in parts))
