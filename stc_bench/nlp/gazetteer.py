"""Common Norwegian first names and surnames, as an EntityRuler after the NER model.

Transcribed speech is often written in lower case (``jeg snakka med kari om det``), where a
model trained on edited text misses names. The lists are the Faker package's Norwegian ones
(``faker.providers.person.no_NO``, MIT licence: Statistics Norway's 100 most common male and
female first names and most common surnames) — not derived from NorNE. The ruler only adds
names where the model found none (``overwrite_ents=False``).

A lower-case first name that is also an ordinary word (``per``, ``liv``, ``dag``, ``finn``,
``tone`` …; checked against Norsk Ordbank's full-form list) is taken only when a surname from
the list follows it (``per hansen``), so ``per dag`` and ``et godt liv`` stay unmarked.
"""

from __future__ import annotations

from functools import lru_cache

#: Ordinary words that are also first names but missing from Ordbank's inflection table
#: (which lists inflected forms of nouns, verbs and adjectives, not prepositions or pronouns).
FUNCTION_WORDS = frozenset({"per", "hans", "else"})
RULER_NAME = "stc_name_gazetteer"


@lru_cache(maxsize=1)
def name_lists() -> tuple[frozenset[str], frozenset[str]]:
    """Lower-cased (first names, surnames), from Faker's Norwegian person provider."""
    try:
        from faker.providers.person.no_NO import Provider
    except ImportError:  # the gazetteer is an addition: without Faker the model still runs
        return frozenset(), frozenset()
    firsts = {n.lower() for n in (*Provider.first_names_male, *Provider.first_names_female)}
    lasts = {n.lower() for n in Provider.last_names}
    return frozenset(firsts), frozenset(lasts)


@lru_cache(maxsize=1)
def ambiguous_first_names() -> frozenset[str]:
    """First names that are also ordinary lower-case Norwegian words."""
    from .lemmatizer import ordinary_words

    words = ordinary_words()
    firsts, _ = name_lists()
    return frozenset(n for n in firsts if n in words or n in FUNCTION_WORDS)


def patterns() -> list[dict]:
    """EntityRuler patterns (all PER): first names, double names, first name + surname."""
    firsts, lasts = name_lists()
    if not firsts:
        return []
    ambiguous = ambiguous_first_names()
    safe = sorted(firsts - ambiguous)
    every = sorted(firsts)
    surname = {"LOWER": {"IN": sorted(lasts)}}
    out: list[dict] = [
        # kari · kari hansen: a first name that is no ordinary word, alone or with a surname
        {"label": "PER", "pattern": [{"LOWER": {"IN": safe}}]},
        {"label": "PER", "pattern": [{"LOWER": {"IN": safe}}, surname]},
        # per hansen · liv berg: an ambiguous first name only with a surname after it
        {"label": "PER", "pattern": [{"LOWER": {"IN": every}}, surname]},
        # kari-anne / Kari - Anne when the tokenizer splits the hyphen
        {"label": "PER", "pattern": [{"LOWER": {"IN": every}}, {"ORTH": "-"}, {"LOWER": {"IN": every}}]},
        {"label": "PER", "pattern": [{"LOWER": {"IN": every}}, {"ORTH": "-"}, {"LOWER": {"IN": every}},
                                     surname]},
    ]
    # kari-anne as one token
    double = r"^(" + "|".join(every) + r")-(" + "|".join(every) + r")$"
    out.append({"label": "PER", "pattern": [{"LOWER": {"REGEX": double}}]})
    out.append({"label": "PER", "pattern": [{"LOWER": {"REGEX": double}}, surname]})
    return out


def add_name_ruler(nlp) -> None:
    """Add the gazetteer to ``nlp`` after its NER component (once)."""
    if RULER_NAME in nlp.pipe_names:
        return
    after = "ner" if "ner" in nlp.pipe_names else None
    ruler = nlp.add_pipe("entity_ruler", name=RULER_NAME, after=after,
                         config={"overwrite_ents": False, "validate": False})
    ruler.add_patterns(patterns())
