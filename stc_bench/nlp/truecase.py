"""Capitalise likely names in all-lower-case lines before the name detector sees them.

Transcripts are often typed without capitals (``jeg snakka med sigve fjeldstad i går``); a
model trained on edited text leans on capitals. On a line with no capital letter at all, a
word that is neither an ordinary Norwegian word (Norsk Ordbank's lower-case forms, spaCy's
Norwegian stop words, simplemma's Bokmål dictionary, or a compound ending in an ordinary word)
nor a speech filler gets a capital first letter. Names that are also in those dictionaries
(``bergen``, ``ingrid``) stay as they are: the model (trained with lower-cased sentences) and
the gazetteer still see them. Offsets do not move: a letter whose capital is longer (``ß``) is left.
"""

from __future__ import annotations

import re
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
    import simplemma

    if simplemma.is_known(word, lang="nb"):  # uninflected words Ordbank's table lacks (innom)
        return True
    if word.endswith("a") and word[:-1] + "et" in lex:  # spoken past tense: snakka = snakket
        return True
    for cut in range(MIN_HEAD, len(word) - MIN_TAIL + 1):
        head, tail = word[:cut], word[cut:]
        if tail in lex and (head in lex or head[:-1] in lex):
            return True
    return False


def _capitalise(word: str) -> str:
    first = word[0].upper()
    return first + word[1:] if len(first) == 1 else word


def lower_case_lines(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of each line with no capital letter (the lines :func:`truecase` changes)."""
    out, pos = [], 0
    for line in text.split("\n"):
        if not any(c.isupper() for c in line):
            out.append((pos, pos + len(line)))
        pos += len(line) + 1
    return out


def truecase(text: str) -> str:
    """``text`` with likely names capitalised on lines that have no capital letter."""
    out = []
    for line in text.split("\n"):
        if any(c.isupper() for c in line):
            out.append(line)
            continue
        out.append(_WORD.sub(lambda m: m.group() if is_ordinary(m.group()) else _capitalise(m.group()),
                             line))
    return "\n".join(out)
