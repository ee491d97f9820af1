"""The anonymity check: words of the project's word list, rule-found identifiers and —
when the name model is installed — person names not on the project's allow list, in text
that is about to leave the project (an export) or that should hold none (attribute values).

Settings: ``word_list`` (see ``identifiers.WordList``) and ``name_allow_list`` (names that
may appear: cited authors such as Malterud, the researcher's own name).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from ..domain.errors import StcError
from ..domain.privacy import Finding, context_of
from .identifiers import WordList, find_identifiers, without_overlaps

EntityFinder = Callable[[str], list[tuple[int, int, str]]]
#: The labels reported on lines typed without capitals, whatever a check reports elsewhere:
#: every name but a derived word (``norsk``).
SPEECH_LABELS = frozenset({"PER", "ORG", "LOC", "GPE_LOC", "GPE_ORG", "PROD", "EVT", "MISC"})


def entity_finder() -> EntityFinder | None:
    """The trained Norwegian name detector's candidates — every name any of its members finds,
    not only what their vote keeps: a missed name leaves the project, a wrong candidate is
    one the researcher rejects — or None where it is not installed: the feature switch for
    names. Only this module's absence is absence; an error inside it is a bug."""
    try:
        from .entities import name_candidates  # NorNE labels (PER, ORG, LOC …)
    except ModuleNotFoundError as exc:
        if exc.name != f"{__package__}.entities":
            raise
        return None
    return name_candidates


def allow_list(value: object) -> frozenset[str]:
    """The ``name_allow_list`` setting: names (any case) a check does not report."""
    if value is None:
        return frozenset()
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list | tuple) or not all(isinstance(v, str) for v in value):
        raise StcError(f"setting name_allow_list: {value!r} is not a list of names")
    return frozenset(" ".join(v.split()).casefold() for v in value if v.strip())


@dataclass(frozen=True)
class Scanner:
    """One check's rules: the word list, the identifiers, and names when a finder is given."""

    words: WordList
    allowed: frozenset[str] = frozenset()
    names: EntityFinder | None = None
    skip: frozenset[str] = frozenset()  # labels not reported (DATE in the trail's own dates)
    #: entity labels reported: names for the check; pseudonymising also replaces places
    #: and workplaces
    entity_labels: frozenset[str] = frozenset({"PER"})

    @classmethod
    def for_settings(cls, settings: dict, *, names: bool = True, dates: bool = True) -> Scanner:
        return cls(WordList.from_setting(settings.get("word_list")),
                   allow_list(settings.get("name_allow_list")),
                   entity_finder() if names else None,
                   frozenset() if dates else frozenset({"DATE"}))

    def spans(self, text: str) -> list[tuple[int, int, str]]:
        """``(start, end, label)`` of everything to report in ``text``, in text order."""
        found = find_identifiers(text, self.words)
        if self.names is not None:
            from .truecase import lower_case_lines, speaker_labels

            # a role for a speaker label (``Informant 2:``, ``I:``) is the transcript's format,
            # not a name; a label that is a name (``Kari N.:``) is checked like any text
            labels = [(a, b) for a, b in speaker_labels(text) if _role(text[a:b])]
            # on a line typed without capitals the detector finds names well but types them
            # badly (a first name as a workplace or a product): every name found there is
            # reported, under the label it got
            speech = lower_case_lines(text) if self.entity_labels != SPEECH_LABELS else []
            found += [(s, e, label) for s, e, label in self.names(text)
                      if (label in self.entity_labels or (label in SPEECH_LABELS and any(
                          a <= s and e <= b for a, b in speech)))
                      and not any(a <= s and e <= b for a, b in labels)
                      and not _not_a_name(text[s:e], label, self.allowed,
                                          mid_sentence=_mid_sentence(text, s))
                      and not _adds_only_words(text, s, e, found)]
        return [span for span in without_overlaps(found) if span[2] not in self.skip]

    def scan(self, pieces: Iterable[tuple[str, str]]) -> list[Finding]:
        """Findings in ``(where, text)`` pieces (paragraphs, lines, rows)."""
        return [Finding(where, label, text[s:e], context_of(text, s, e))
                for where, text in pieces for s, e, label in self.spans(text)]

    def describe(self) -> str:
        """What this check looked for, for the report (a supervisor reads it)."""
        names = ("names" if self.names is not None
                 else "names not checked (no name model installed)" if entity_finder() is None
                 else "names of the researchers not checked")
        dates = "" if "DATE" in self.skip else "dates, "
        return (f"word list ({len(self.words.entries)} entries), fødselsnummer and other numbers, "
                f"phone numbers, e-mail, {dates}{names}")


def _mid_sentence(text: str, start: int) -> bool:
    """Whether ``start`` is inside a sentence: the nearest character before it that is no
    space is a letter or a comma (not a full stop, a colon, a heading's number or nothing)."""
    before = text[:start].rstrip()
    return bool(before) and (before[-1].isalpha() or before[-1] in ",;")


def _not_a_name(span: str, label: str, allowed: frozenset[str], mid_sentence: bool = False) -> bool:
    """A detected name the check leaves out: on the allow list, or one capitalised word that
    opens a sentence (not ``mid_sentence``) and is an ordinary Norwegian word and no known
    first name or surname — the model takes a capitalised sentence opener («Kategorien
    omfatter …», «Oppfølgingen …») for a name.
    A person's name is also read without the ordinary words and numbers at its edges: one
    member of the detector alone may take in «Etter» in «Etter Malterud» or a heading's
    «1.1 Hjelp», and the candidates keep every member's spans."""
    words = span.strip("#|*_-–•:;,.()[]«»\"' ").split()  # markdown and table marks
    if " ".join(words).casefold() in allowed:
        return True
    if label == "PER":
        words = [w for w in words if any(c.isalpha() for c in w)]  # «1.1» of a heading
        # the first word may be a capitalised sentence opener; a capital further in is a name's.
        # An opener alone may also be a compound of words no dictionary lists whole
        # («Jobbspesialistene gikk …»), which one member took for a person
        if words and (_ordinary(words[0]) or (
                len(words) == 1 and not mid_sentence and _compound(words[0]))):
            words.pop(0)
        while words and words[0].islower() and _ordinary(words[0]):
            words.pop(0)
        while words and words[-1].islower() and _ordinary(words[-1]):
            words.pop()
        return not words or " ".join(words).casefold() in allowed
    # a capitalised sentence opener is dropped; a capital inside a sentence («på Nav i
    # Hamar») is a name's, and a word the detector took for a name though it was typed in
    # lower case (speech: «på nav i hamar») was taken from its place in the sentence
    return len(words) == 1 and not mid_sentence and not words[0].islower() and _ordinary(words[0])


def _role(label: str) -> bool:
    """Whether a speaker label names a role, not a person: ordinary words, numbers and short
    abbreviations (``Informant 2``, ``I``, ``JS1``, ``[SPEAKER_00]``)."""
    words = re.findall(r"[^\W\d_]+", label)
    return all(w == "SPEAKER" or (w.isupper() and len(w) <= 3) or _ordinary(w) for w in words)


def _compound(word: str) -> bool:
    """A long compound of ordinary words (``jobbspesialistene``) that is no listed first name
    or surname and has no place-name ending (:func:`.truecase.is_ordinary`). Long: a first
    name can be two short words (``Halvard``, ``Gudbrand``), a Norwegian name of more than
    ten letters hardly ever is."""
    from .truecase import is_ordinary

    return len(word) > 10 and word.isalpha() and is_ordinary(word.casefold())


def _adds_only_words(text: str, start: int, end: int, rules: list[tuple[int, int, str]]) -> bool:
    """Whether a detected name overlaps what the rules found (a word-list entry, a number) and
    adds only ordinary words to it: the researcher's entry wins over one member's «Sjefen på
    Rema» around «Rema». A name that adds a name («Kari» → «Kari Fjeldstad») stays, and so
    does one that adds a capitalised word inside it («Kari Nordmann»: a surname that is also
    a word); only the span's first word may be capitalised as a sentence opener."""
    chars = list(text[start:end])
    hit = False
    for s, e, _ in rules:
        if s < end and start < e:
            hit = True
            chars[max(s, start) - start:min(e, end) - start] = " " * (min(e, end) - max(s, start))
    if not hit:
        return False
    for match in re.finditer(r"\S+", "".join(chars)):
        word = match.group().strip(",.:;!?()«»\"'")
        if any(c.isalpha() for c in word) and not (
                _ordinary(word) and (word.islower() or match.start() == 0)):
            return False
    return True


def _ordinary(word: str) -> bool:
    """An ordinary Norwegian word — Ordbank's nouns, verbs, adjectives, adverbs, one of
    spaCy's Norwegian stop words (``etter``, ``noen``), or a word simplemma's dictionary holds
    as no name (``hvem``, ``innom``) — that is no known first name or surname."""
    from spacy.lang.nb.stop_words import STOP_WORDS  # spaCy is loaded: a finder ran

    from .gazetteer import name_lists
    from .lemmatizer import ordinary_words
    from .truecase import in_dictionary

    lower = word.casefold()
    bare = lower.rstrip("s")  # a genitive (Karis) is the name
    firsts, lasts = name_lists()
    return ((lower in ordinary_words() or lower in STOP_WORDS or in_dictionary(lower) is True)
            and bare not in firsts and bare not in lasts and lower not in firsts)
