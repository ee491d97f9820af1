"""Corrections after the NER model for the person names it gets almost right.

Measured on NorNE dev (``bench/README.md``), the model's person names go wrong in ways a rule
fixes without hurting the rest. The rules read capital letters, so they leave alone the lines
typed without any (speech; the truecaser's capitals are guesses):

* a person's name that takes in a lower-case word before or after it — a title or a verb
  (``overlege Brekke``, ``hilse Tiril``, ``Sigve smilte``) — NorNE's names never include
  titles: those words are trimmed, but only from a name that has a capitalised word left, so a
  name typed all in lower case (speech) is kept whole; name particles (``von``, ``de``) stay;
* a capitalised title at the start of the name (``Sykepleier Vik``) is trimmed the same way;
* a person's name typed as an organisation, place or work (a surname alone, which the
  model often types by guess): retyped when its form says person — a patronymic surname
  (``-sen``, ``-son``), or a known first name with a surname;
* a first name left out before the surname (``Torunn Vik`` found as ``Vik``) is put back:
  a capitalised word inside a sentence, or a known first name at its start;
* on a line typed without capitals, the dictionary words other than nouns a person's name (or
  a name opening with a first name) takes in at its edges (``altså kari``, ``kari etterpå``)
  are trimmed, but not a listed first name or surname, and a name made of listed first names
  only (``anne-lise``) is a person's, whatever the model typed it as;
* on a line typed without capitals, a first name that is also a word (``per``, ``dag``) right
  before a person's name the truecaser capitalised (``ringte per Hansen``) is put in;
* the sentence-final preposition ``i.`` (``det var vi med i.``), which spaCy's Norwegian tokenizer
  keeps as one token, the abbreviation for a single letter, and the model took for an
  initial: :func:`split_final_i` splits it as the treebank does.
"""

from __future__ import annotations

from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Span

RULES_NAME = "stc_name_rules"
#: ``doc.user_data`` key: ``(start, end)`` of the lines typed without any capital letter
#: (speech), where capitals are the truecaser's guesses and these rules leave names alone.
SPEECH_LINES = "stc_speech_lines"
#: Endings of Norwegian / Nordic patronymic surnames (``Hansen``, ``Nilssons``), hardly ever
#: a place's or an organisation's.
SURNAME_ENDINGS = ("sen", "sens", "ssen", "ssens", "son", "sons", "sson", "ssons")
#: Lower-case words that belong to a name (``Ludwig van Beethoven``, ``Charles de Gaulle``).
PARTICLES = frozenset({"von", "van", "der", "den", "de", "da", "di", "du", "la", "le", "al",
                       "bin", "ibn", "ben", "af", "zu", "y", "dos", "das", "del", "della", "ter"})
#: Titles written before a name (NorNE leaves them out of it), as the first word of a sentence
#: they are capitalised.
TITLES = frozenset({
    "kong", "kongen", "dronning", "prins", "prinsesse", "keiser", "president", "statsminister",
    "minister", "statsråd", "ordfører", "varaordfører", "rådmann", "kaptein", "general", "major",
    "oberst", "løytnant", "sersjant", "admiral", "biskop", "prest", "pastor", "pave", "professor",
    "dosent", "doktor", "dr.", "lege", "overlege", "kirurg", "nevrokirurg", "sykepleier",
    "direktør", "sjef", "leder", "formann", "styreleder", "advokat", "dommer", "herr", "fru",
    "frøken", "onkel", "tante", "bestefar", "bestemor", "trener", "redaktør", "sjefredaktør",
    "forfatter", "regissør", "ambassadør", "konsul", "senator", "guvernør", "sheriff",
})


def _trimmed(span: Span) -> Span | None:
    """``span`` without the title / ordinary words at its edges (None: nothing left)."""
    if not any(t.text[:1].isupper() for t in span):
        return span  # all lower case: speech, or the gazetteer's business
    start, end = span.start, span.end
    doc = span.doc
    while start < end and (doc[start].lower_ in TITLES or (
            doc[start].text[:1].islower() and doc[start].lower_ not in PARTICLES)
            or (start + 1 < end and _opener(doc, start))):
        start += 1
    while end > start and doc[end - 1].text[:1].islower() and doc[end - 1].lower_ not in PARTICLES:
        end -= 1
    while end > start and not doc[end - 1].text[:1].isalnum():  # "Vik -"
        end -= 1
    if start == end:
        return None
    return span if (start, end) == (span.start, span.end) else Span(doc, start, end, span.label_)


#: What a sentence (or a speaker's turn: ``Informant 2: Altså …``) opens after.
OPENERS = frozenset({".", "!", "?", ":", "-", "–", "«", '"'})


def _opener(doc: Doc, i: int) -> bool:
    """Whether ``doc[i]`` is a capitalised word that opens a sentence and is an ordinary
    word, no first name (``Altså Bjørn``, ``Mm`` — ``Per`` stays): its capital is the
    sentence's, not a name's. Trimmed only from a name it is not all of (``Hverven mener``:
    a surname simplemma also lists as a word)."""
    from .gazetteer import name_lists
    from .truecase import is_edge_word

    word = doc[i]
    opens = i == 0 or doc[i - 1].is_sent_end or doc[i - 1].text in OPENERS
    return (opens and word.is_alpha and word.text[:1].isupper()
            and word.lower_ not in name_lists()[0] and is_edge_word(word.lower_))


def _extended(span: Span, taken: set[int]) -> Span:
    """``span`` with the capitalised first name(s) the model left out before it: a word
    inside a sentence, or a known first name at its start (``med Tiril Vik``, ``Kari Vik``)."""
    from .gazetteer import name_lists

    doc, start = span.doc, span.start
    firsts = name_lists()[0]
    while start > 0 and start - 1 not in taken:
        word = doc[start - 1]
        opens = start - 1 == 0 or doc[start - 2].is_sent_end or doc[start - 2].text in OPENERS
        if not (word.is_alpha and word.text[:1].isupper() and word.lower_ not in TITLES
                and (not opens or word.lower_ in firsts)):
            break
        start -= 1
    return span if start == span.start else Span(doc, start, span.end, span.label_)


def _is_person(span: Span) -> bool:
    """Whether a name the model typed otherwise is a person's by its form: a Norwegian
    patronymic surname (``Bakkesen``, ``Vikssons``), or a known first name followed by
    capitalised words ending in a surname (``Kari Nilsen``, ``Tor Arne Vik``)."""
    from .gazetteer import name_lists
    from .truecase import is_ordinary

    words = [t.text for t in span]
    if not all(w[:1].isupper() and w.isalpha() for w in words):
        return False  # a hyphen joins a name to a noun (``Vik-utvalget``): not a person
    last = words[-1].lower()
    # a definite noun ends the same way (``ledelsen``, ``Dagsavisen``): not when it is a word
    patronymic = last.endswith(SURNAME_ENDINGS) and not is_ordinary(last)
    if len(words) == 1:
        return patronymic
    firsts, lasts = name_lists()
    return words[0].lower() in firsts and (patronymic or last.rstrip("s") in lasts or last in lasts)


@Language.component(RULES_NAME)
def name_rules(doc: Doc) -> Doc:
    """Person names with titles and ordinary words trimmed from their edges, names typed
    otherwise that are a person's by their form, and first names the model left out."""
    speech = doc.user_data.get(SPEECH_LINES, ())

    def spoken(ent: Span) -> bool:  # on a line typed without capitals
        return any(s <= ent.start_char and ent.end_char <= e for s, e in speech)

    ents = []
    for ent in doc.ents:
        if spoken(ent):
            # typed without capitals: what the other rules read is not there
            # other names keep their words (``høyre``, ``den røde``): only a person's is
            # trimmed, or one that opens with a first name (``synnøve etterpå`` typed ORG)
            kept = _trimmed_speech(ent) if ent.label_ == "PER" or _first_names(ent[:1]) else ent
            if kept is not None:
                ents.append(kept if kept.label_ == "PER" or not _first_names(kept)
                            else Span(doc, kept.start, kept.end, "PER"))
            continue
        if ent.label_ != "PER" and _is_person(ent):
            ent = Span(doc, ent.start, ent.end, "PER")
        kept = _trimmed(ent) if ent.label_ == "PER" else ent
        if kept is not None:
            ents.append(kept)
    taken = {i for ent in ents for i in range(ent.start, ent.end)}
    doc.ents = [ent if ent.label_ != "PER" else _first_name_before(ent, taken) if spoken(ent)
                else _extended(ent, taken) for ent in ents]
    return doc


def _trimmed_speech(span: Span) -> Span | None:
    """On a line typed without capitals, a person's name without the words at its edges that
    are in the dictionary and no nouns (``altså kari``, ``kari etterpå``: a model reading lower
    case cannot tell them from a surname; a noun may be one, ``lund``) — but a first name stays
    at the start and a first name or surname at the end (``per``, ``kari berg``: the
    gazetteer's lists), and particles stay. None: nothing left."""
    from .gazetteer import name_lists
    from .truecase import is_edge_word

    firsts, lasts = name_lists()
    doc, start, end = span.doc, span.start, span.end
    while start < end and doc[start].lower_ not in firsts and doc[start].lower_ not in PARTICLES \
            and is_edge_word(doc[start].lower_):
        start += 1
    while end > start and doc[end - 1].lower_ not in firsts and doc[end - 1].lower_ not in lasts \
            and doc[end - 1].lower_ not in PARTICLES and is_edge_word(doc[end - 1].lower_):
        end -= 1
    if start == end:
        return None
    return span if (start, end) == (span.start, span.end) else Span(doc, start, end, span.label_)


def _first_names(span: Span) -> bool:
    """Whether every word of ``span`` is one of the gazetteer's first names (``anne-lise``,
    ``tor inge``): a person's name, whatever a model reading lower case typed it as."""
    from .gazetteer import name_lists

    firsts = name_lists()[0]
    parts = [p for t in span if t.text != "-" for p in t.lower_.split("-")]
    return bool(parts) and all(p in firsts for p in parts)


def _first_name_before(span: Span, taken: set[int]) -> Span:
    """On a line typed without capitals, ``span`` (a person's name) with the lower-case first
    name right before it that the truecaser left alone because it is also a word: ``per`` in
    ``ringte per Hansen``, ``dag`` in ``med dag Fjeldstad`` (the gazetteer's first names)."""
    from .gazetteer import name_lists

    start = span.start
    if start == 0 or start - 1 in taken or not span.doc[start].text[:1].isupper():
        return span
    word = span.doc[start - 1]
    if not (word.is_alpha and word.text.islower() and word.text in name_lists()[0]):
        return span
    return Span(span.doc, start - 1, span.end, span.label_)


def split_final_i(nlp: Language) -> None:
    """Tokenize ``i.`` as ``i`` ``.`` (spaCy's exception reads it as a letter abbreviation)."""
    tokenizer: Any = nlp.tokenizer  # a Tokenizer, typed by spaCy as any callable
    rules = dict(tokenizer.rules or {})
    if "i." in rules:
        del rules["i."]
        tokenizer.rules = rules


def add_name_rules(nlp: Language) -> None:
    """Add the corrections to ``nlp`` right after its NER component (once)."""
    split_final_i(nlp)
    if RULES_NAME not in nlp.pipe_names and "ner" in nlp.pipe_names:
        nlp.add_pipe(RULES_NAME, after="ner")
