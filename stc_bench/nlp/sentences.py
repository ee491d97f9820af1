"""Rule-based sentence boundaries for Norwegian, written and transcribed.

The rules work on spaCy's Norwegian tokens (``spacy.blank("nb")`` already keeps known
abbreviations such as ``f.eks.`` and ordinals such as ``1.`` as one token). A sentence
ends after ``.``, ``!``, ``?``, ``…`` and after closing quotes or brackets that follow
them, and always at a line break — except where Norwegian writing says otherwise:

- an abbreviation (``bl.a.``, ``kl.``, ``dr.``) continues the sentence unless it is one
  that closes sentences (``osv.``, ``etc.``) and a capitalised word follows;
- an ordinal or list number (``1. mai``, ``3. juledag``) continues when lower case follows;
- an ellipsis (``...``/``…``) continues when the next word is lower case (a trailing-off
  in the middle of a sentence) — unless the period is a transcriber's free-standing mark;
- after a closing quote, a lower-case word (``» sa hun``) continues the sentence;
- a dialogue dash (``– Ja, sa han.``) belongs to the sentence it opens.

A sentence also starts where a transcriber left out the full stop: at a capitalised
function word (``… ut av den boblen Det er alltid …``; see :data:`SENTENCE_OPENERS`) that
follows a word and a space on the same line. Never before any other capitalised word (a
proper noun: ``Nav``, ``Kari``, ``IPS``), never after punctuation (``, Jeg``, ``: Det``,
``«Det``), never inside an open quotation, and never when a capitalised word follows
(``på Det Norske Teatret``, ``De Grønne``: a title-cased name, not a new sentence).

This module imports spaCy only inside :func:`add_to`, so the rules can be read and
unit-tested on plain token lists too.
"""

from __future__ import annotations

from collections.abc import Sequence

#: Tokens that end a sentence.
TERMINATORS = frozenset({".", "!", "?", "?!", "!?", "!!", "??", "!!!", "???", "..", "...", "…", "....",
                         "?.", "!."})
ELLIPSES = frozenset({"..", "...", "…", "...."})
#: Tokens that close what a terminator ended: they stay with the sentence before.
CLOSERS = frozenset({"»", "”", '"', "'", "’", ")", "]", "}", "›"})
#: Abbreviations that often end a sentence (split when a capital follows).
FINAL_ABBREVIATIONS = frozenset({"osv.", "etc.", "mv.", "m.m.", "o.l.", "mfl.", "m.fl.", "o.a.",
                                 "m.v.", "pst.", "kr.", "stk.", "ca."}) - {"ca."}
DASHES = frozenset({"–", "—", "-", "--"})
OPENERS = frozenset({"«", "“", "(", "[", "‹", "„"})
STRAIGHT_QUOTES = frozenset({'"', "'"})
#: Short words that may end a sentence although the tokenizer keeps their period ("i.").
CLOSING_WORDS = frozenset({"i", "på", "til", "med", "om", "av", "for", "inn", "ut", "opp", "ned",
                           "seg", "meg", "deg", "oss", "dem", "det", "nå", "da", "så", "her",
                           "der", "jo", "ja", "nei", "to", "en", "ei", "et"})

#: Capitalised words that open a sentence when they stand after a word without a full
#: stop: pronouns, determiners, conjunctions and sentence adverbs, none of them a name.
#: ("I" is left out: the preposition in titles, "I" in English; "En" too: "En gang" may
#: as well be a title.)
SENTENCE_OPENERS = frozenset("""
    Jeg Du Han Hun Vi Dere De Den Det Dette Disse Man Meg Oss
    Min Mitt Mine Vår Vårt Våre Alle Noen Ingen Mange Hver
    Og Men Eller Så Fordi For Hvis Når Om Selv Mens
    Da Nå Der Her Hva Hvem Hvor Hvordan Hvorfor Hvilken Hvilke Hvilket
    Ja Nei Jo Altså Kanskje Derfor Dermed Likevel Ellers Etterpå Samtidig Egentlig
    Uansett Heldigvis Dessverre Dessuten Faktisk Plutselig Deretter Først Ofte
    """.split())
#: Names that start with an opener and go on in lower case ("fra Det hvite hus").
NAME_STARTS = frozenset({("Det", "hvite"), ("Det", "norske"), ("Den", "norske"), ("De", "forente"),
                         ("Det", "kongelige"), ("Den", "europeiske"), ("Det", "europeiske"),
                         ("Min", "kamp")})
#: How far back an unclosed « or “ is looked for (tokens, on the same line).
QUOTE_REACH = 60

COMPONENT = "stc_sentences"


def _starts_lower(text: str) -> bool:
    ch = text[:1]
    return ch.isalpha() and ch.islower()


def boundaries(words: Sequence[str], spaces: Sequence[bool]) -> list[bool]:
    """For each token, whether a sentence starts at it (the first token always does).

    ``words`` are token texts and ``spaces`` whether whitespace follows each token —
    what a spaCy ``Doc`` is made of. Whitespace tokens holding a line break end a sentence.
    """
    n = len(words)
    starts = [False] * n
    if not n:
        return starts
    starts[0] = True
    i = 0
    while i < n:
        word = words[i]
        if "\n" in word and word.isspace():
            j = i + 1
            while j < n and words[j].isspace():
                j += 1
            if j < n:
                starts[j] = True
            i = j
            continue
        if word in SENTENCE_OPENERS and _missing_stop_before(words, spaces, i):
            starts[i] = True
        end = _sentence_end_after(words, spaces, i)
        if end is not None:
            if end < n:
                starts[end] = True
            i = max(end, i + 1)
            continue
        i += 1
    return starts


def _sentence_end_after(words: Sequence[str], spaces: Sequence[bool], i: int) -> int | None:
    """If token ``i`` ends a sentence, the index of the next sentence's first token."""
    word = words[i]
    n = len(words)
    attached = i > 0 and not spaces[i - 1]  # "ord." rather than a transcriber's "ord ."
    kind: str | None
    if word in TERMINATORS:
        kind = "ellipsis" if word in ELLIPSES else "stop"
        if kind == "ellipsis" and i > 0 and words[i - 1] in OPENERS:
            return None  # "(...)" marks a cut, "« ..." a quote that starts mid-sentence
    elif word == ":":
        kind = "colon"
    elif word in DASHES and i > 0 and spaces[i - 1] and spaces[i] and words[i - 1] not in ",;:":
        # A spaced dash before a capital starts a new (dialogue) sentence at the dash.
        nxt = words[i + 1] if i + 1 < n else ""
        return i if nxt[:1].isupper() and not words[i - 1].isspace() else None
    elif word.endswith(".") and len(word) > 1:
        kind = _kind_of_dotted(word)
        if kind is None or kind == "ordinal" and (i == 0 or "\n" in words[i - 1]):
            return None  # "1. Faste møter" — an enumeration at the start of a line
    else:
        return None
    j = i + 1 if kind == "colon" else _past_closers(words, spaces, i + 1)
    if kind == "colon" and j < n and words[j] in CLOSERS and spaces[i]:
        # ': ”Du, hadde …' — after a colon a closing-shaped quote (Word writes ” for both)
        # opens the quotation: the new sentence starts at the quote, as after «.
        nxt = words[j + 1] if j + 1 < n else ""
        return j if nxt[:1].isupper() and not _inside_quote(words, i) else None
    if j >= n:
        return n
    nxt = words[j]
    if nxt.isspace():
        return j  # a line break: handled by the caller, which starts after it
    lower_next = _starts_lower(nxt)
    capital_next = nxt[:1].isupper() or nxt in DASHES or nxt in OPENERS
    if kind == "colon":
        if not spaces[i] or not capital_next or nxt in "([" or _inside_quote(words, i):
            return None
        return None if nxt in OPENERS and _quote_opens_mid_sentence(words, j) else j
    if nxt in "([" and _quote_opens_mid_sentence(words, j):
        return None  # "stolt. (...)" — a marked cut stays with the sentence before
    if kind in ("abbreviation", "ordinal", "name", "word"):
        if not capital_next or nxt in OPENERS and _quote_opens_mid_sentence(words, j):
            return None
        return j
    if lower_next and (kind == "ellipsis" or j > i + 1 and words[j - 1] in CLOSERS):
        return None
    if lower_next and attached and (word in {"?", "!", "?!", "!?"} or _looks_like_abbreviation(words[i - 1])):
        return None  # "– Hva nå? spør hun." / an abbreviation the tokenizer split off
    if word == "." and attached and not capital_next and _looks_like_abbreviation(words[i - 1]):
        return None
    if nxt in {",", ";", ":", ")"} or (nxt[:1].isdigit() and word == "." and not spaces[i]):
        return None
    return j


def _missing_stop_before(words: Sequence[str], spaces: Sequence[bool], i: int) -> bool:
    """Whether the sentence opener at ``i`` starts a sentence whose full stop is missing."""
    if i == 0 or not spaces[i - 1]:
        return False
    prev = words[i - 1]
    if not prev[-1:].isalnum() or prev.isspace():
        return False  # after punctuation, a line start or a quote: not a missing stop
    nxt = words[i + 1] if i + 1 < len(words) else ""
    if nxt[:1].isupper() and nxt not in SENTENCE_OPENERS:
        return False  # "på Det Norske Teatret": part of a title-cased name
    if (words[i], nxt) in NAME_STARTS:
        return False
    return not _inside_quote(words, i, QUOTE_REACH, stop_at_line=True)


def _kind_of_dotted(word: str) -> str | None:
    """One token that ends with a period: which kind of sentence end it may be."""
    stem = word[:-1]
    if word.lower() in FINAL_ABBREVIATIONS:
        return "abbreviation"
    if stem[:1].isdigit() and not any(ch.isalpha() for ch in stem):
        return "ordinal"  # "1.", "1997.", "8.3.5.", "1-4."
    if stem in CLOSING_WORDS:
        return "word"  # "med i." — the tokenizer keeps "i." whole
    if stem.isalpha() and len(stem) >= 3 and stem[0].isupper():
        return "name"  # "Frp." — a party or a name, not a Norwegian abbreviation
    if "." in stem and stem.replace(".", "").isupper():
        return "name"  # "D.C."
    return None


def _past_closers(words: Sequence[str], spaces: Sequence[bool], j: int) -> int:
    """The first token after the terminators and closing quotes/brackets at ``j``."""
    n = len(words)
    while j < n:
        w = words[j]
        if w in TERMINATORS or w in CLOSERS and w not in STRAIGHT_QUOTES:
            j += 1
        elif w in STRAIGHT_QUOTES and not spaces[j - 1]:
            j += 1  # a straight quote right after the period closes the quotation
        elif w.isspace() and "\n" not in w:
            j += 1
        else:
            break
    return j


def _looks_like_abbreviation(word: str) -> bool:
    """A short word the tokenizer split from its period ("tlf", "nr", "ca", "A")."""
    return len(word) <= 3 and word.isalpha() or (len(word) <= 5 and "." in word)


def _quote_opens_mid_sentence(words: Sequence[str], j: int) -> bool:
    """«...ønsket» — a quotation or bracket that starts with an ellipsis or lower case."""
    after = words[j + 1] if j + 1 < len(words) else ""
    return after in ELLIPSES or _starts_lower(after)


def _inside_quote(words: Sequence[str], i: int, reach: int = 12, stop_at_line: bool = False) -> bool:
    """Whether a « opened within the last few tokens is still open at ``i``."""
    for k in range(i - 1, max(-1, i - reach), -1):
        if stop_at_line and "\n" in words[k]:
            return False
        if words[k] in {"»", "”"}:
            return False
        if words[k] in {"«", "“"}:
            return True
    return False


def add_to(nlp) -> None:
    """Add the rule component to a spaCy pipeline (registers it once)."""
    from spacy.language import Language

    if COMPONENT not in Language.factories:
        Language.component(COMPONENT)(_set_sentence_starts)
    nlp.add_pipe(COMPONENT)


def token_starts(orths, spaces, strings) -> list[bool]:
    """:func:`boundaries` of a Doc's tokens read from its arrays: ``ORTH`` ids, ``SPACY``
    flags and the vocabulary's ``StringStore`` (what the component reads; the suggestions
    call it on the tokenizer's Docs directly, since they need the starts, not a Doc
    holding them)."""
    words = [strings[o] for o in orths.tolist()]
    return boundaries(words, spaces.astype(bool).tolist())


def _set_sentence_starts(doc):
    # Read and write whole arrays: per-token attribute access would triple the cost.
    import numpy
    from spacy.attrs import ORTH, SENT_START, SPACY

    arr = doc.to_array([ORTH, SPACY])
    starts = token_starts(arr[:, 0], arr[:, 1], doc.vocab.strings)
    values = numpy.fromiter((1 if s else -1 for s in starts), dtype="int64",
                            count=len(starts)).astype("uint64")
    doc.from_array([SENT_START], values.reshape(-1, 1))
    return doc
