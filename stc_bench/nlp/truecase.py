"""Capitalise likely names in all-lower-case lines before the name detector sees them.

Transcripts are often typed without capitals (``jeg snakka med sigve fjeldstad i går``); a
model trained on edited text leans on capitals. On a line with no capital letter at all, a
word that is neither an ordinary Norwegian word (Norsk Ordbank's lower-case forms, spaCy's
Norwegian stop words, simplemma's Bokmål dictionary, or a compound ending in an ordinary word)
nor a speech filler gets a capital first letter. A name is never an ordinary word on its own
say: simplemma's dictionary holds names too (``ingrid``, ``bergen``), known by their lemma's
capital (``Ingrid``), and those — with the gazetteer's first names and surnames that are no
Ordbank form (``håkon``, ``sæther``) — are capitalised as well. A compound of ordinary words
ending in a place-name ending (``fjeld|stad``, ``sol|berg``: Norwegian farm, place and family
names) is a name unless Ordbank lists it (``storby``). Names that are also ordinary words
(``dag``, ``liv``, ``per``) stay as they are: the model (trained with lower-cased sentences),
the lower-case member and the gazetteer still see them. Offsets do not move: a letter whose
capital is longer (``ß``) is left.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
#: Fillers and dialect forms common in transcripts but missing from the written lexicons.
SPEECH_WORDS = frozenset({
    "eh", "ehm", "em", "mm", "mhm", "hm", "ja", "nei", "jo", "nå", "liksom", "sånn", "sånt",
    "no", "noe", "ikke", "itte", "ikkje", "æ", "e", "eg", "dæm", "dem", "di", "hu", "han", "ho",
    "vi", "oss", "åssen", "åffer", "hæ", "ok", "okei",
})
#: Shortest beginning / ending that counts for a compound (``sykehus|kantina``); three-letter
#: endings are too often chance words (``tor|unn``).
MIN_HEAD, MIN_TAIL = 3, 4
#: Endings of Norwegian place names, and of the family names taken from farms (Faker's
#: ``address.no_NO`` city suffixes, MIT, plus the commonest farm-name endings): a compound that
#: ends so and that Ordbank does not list is taken for a name.
PLACE_ENDINGS = ("berg", "borg", "dal", "eid", "fjell", "fjord", "foss", "grunn", "hamn", "havn",
                 "helle", "mark", "nes", "odden", "sand", "sjøen", "stad", "strand", "sund", "vik",
                 "vær", "våg", "heim", "land", "rud", "haug", "holm", "voll", "gard", "gård",
                 "li", "lid", "bø", "by", "øy", "ås", "set", "seth", "stein", "toft", "tveit")


@lru_cache(maxsize=1)
def _lexicon() -> frozenset[str]:
    from spacy.lang.nb.stop_words import STOP_WORDS

    from .lemmatizer import ordinary_words

    return frozenset(ordinary_words() | set(STOP_WORDS) | SPEECH_WORDS)


@lru_cache(maxsize=50_000)
def is_ordinary(word: str) -> bool:
    """Whether a lower-case word is an ordinary word (or a compound of one), not a name."""
    lex = _lexicon()
    if word in lex or len(word) < 2:
        return True
    if _is_listed_name(word):
        return False
    known = in_dictionary(word)  # uninflected words Ordbank's table lacks (innom)
    if known is not None:
        return known
    if word.endswith("a") and word[:-1] + "et" in lex:  # spoken past tense: snakka = snakket
        return True
    if word.endswith(PLACE_ENDINGS):
        return False
    for cut in range(MIN_HEAD, len(word) - MIN_TAIL + 1):
        head, tail = word[:cut], word[cut:]
        if tail in lex and (head in lex or head[:-1] in lex):
            return True
    return False


@lru_cache(maxsize=50_000)
def in_dictionary(word: str) -> bool | None:
    """Whether simplemma's Bokmål dictionary holds the lower-case ``word`` as an ordinary word
    (True: ``innom``, ``hvem``) or as a name (False: its lemma keeps a capital, ``Ingrid``,
    ``Bergen``); None: it does not know the word."""
    import simplemma

    if not simplemma.is_known(word, lang="nb"):
        return None
    return not simplemma.lemmatize(word, lang="nb")[:1].isupper()


def is_edge_word(word: str) -> bool:
    """Whether the lower-case ``word`` is a dictionary word that is no noun: a stop word, a
    speech filler, Ordbank's verb, adjective or adverb forms (``etterpå``, ``altså``), or
    simplemma's as no name — not a noun form (``lund``, ``strømmen``: surnames often are) nor
    only a compound of words (``halvard``)."""
    from spacy.lang.nb.stop_words import STOP_WORDS

    if word in STOP_WORDS or word in SPEECH_WORDS:
        return True
    if word in _nouns():
        return False
    return word in _lexicon() or in_dictionary(word) is True


@lru_cache(maxsize=1)
def _nouns() -> frozenset[str]:
    from .lemmatizer import _ordbank_by_pos

    return frozenset(form.lower() for form in _ordbank_by_pos().get("noun", {}))


def _is_listed_name(word: str) -> bool:
    """Whether ``word`` is one of the gazetteer's first names or surnames and no ordinary word
    (``per``, ``hans`` are)."""
    from .gazetteer import FUNCTION_WORDS, name_lists

    firsts, lasts = name_lists()
    return (word in firsts or word in lasts) and word not in FUNCTION_WORDS


def _capitalise(word: str) -> str:
    first = word[0].upper()
    return first + word[1:] if len(first) == 1 else word


#: A speaker label (with a timestamp before it) that opens a transcript's line: ``I:``,
#: ``Informant 3:``, ``[00:01:23] Kari N.:``, ``[SPEAKER_00]`` — capitalised words, as the
#: import reads them (``Kari sa: ja`` is no label). Its capitals are the
#: transcript's format, not the speaker's words: a line is speech typed without capitals when
#: the words after the label have none (the import writes every turn so).
_TIME = r"\d{1,2}:\d{2}(?::\d{2})?(?:[.,]\d{1,3})?"
_LABEL = re.compile(
    rf"[ \t]*(?:[\[(]?{_TIME}[\])]?[ \t]*(?:[-–][ \t]*)?)?"
    r"(?:\[SPEAKER_\d+\][ \t]*:?|[A-ZÆØÅÄÖÜ][\w'.\-]*(?: [A-ZÆØÅÄÖÜ0-9][\w'.\-]*){0,2}[ \t]*"
    r":(?=\s|$))[ \t]*")


def _lines(text: str) -> Iterator[tuple[int, int, int]]:
    """``(start, words, end)`` of each line: where it starts, where its words start (after a
    speaker label, :data:`_LABEL`) and where it ends."""
    pos = 0
    for line in text.split("\n"):
        label = _LABEL.match(line)
        yield pos, pos + (label.end() if label else 0), pos + len(line)
        pos += len(line) + 1


def speaker_labels(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of the speaker label (with its timestamp) opening each line that has one."""
    return [(start, words) for start, words, _ in _lines(text) if words > start]


def lower_case_lines(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of each line's words (after a speaker label) where they have no
    capital letter — the stretches :func:`truecase` changes."""
    return [(words, end) for _, words, end in _lines(text)
            if not any(c.isupper() for c in text[words:end])]


def truecase(text: str) -> str:
    """``text`` with likely names capitalised where a line's words have no capital letter."""
    chars = list(text)
    for start, end in lower_case_lines(text):
        for match in _WORD.finditer(text, start, end):
            if not is_ordinary(match.group()):
                chars[match.start():match.end()] = _capitalise(match.group())
    return "".join(chars)


def lowered(text: str) -> str:
    """``text`` in lower case, letter by letter where that keeps the length (offsets stay)."""
    return "".join(c if len(low := c.lower()) != 1 else low for c in text)
