"""Norwegian Bokmål lemmas by lookup: treebank table, then Norsk Ordbank, then compounds.

1. ``data/ndt_form_lemma.json`` — each form's most frequent lemma in the Norwegian
   Dependency Treebank's training split (CC0; see ``data/README.md``).
2. Norsk Ordbank's full-form list as shipped in spacy-lookups-data (``nb_lemma_exc``,
   CC BY 4.0, Språkbanken/Nasjonalbiblioteket) for forms the treebank never saw.
3. A compound fallback: an unknown word of 8+ letters takes the lemma of its longest
   known ending of 4+ letters ("jobbstøtten" → "jobb" + "støtte").

Tables load lazily, once per process (about a second for the Ordbank list).
"""

from __future__ import annotations

import gzip
import json
from functools import lru_cache
from importlib import resources

#: Ordbank parts of speech, in the order used to pick one lemma for an ambiguous form.
POS_ORDER = ("verb", "noun", "adj", "adv")
MIN_COMPOUND, MIN_ENDING = 8, 4
#: Where UD Norwegian Bokmål's lemma convention differs from the NDT table's majority:
#: UD lemmatises pronoun and determiner "det" alike as "den".
CONVENTIONS = {"det": "den"}


@lru_cache(maxsize=1)
def treebank_table() -> dict[str, str]:
    """Lower-cased form → lemma from the NDT training split (punctuation left out)."""
    raw = json.loads(resources.files(__package__).joinpath("data/ndt_form_lemma.json")
                     .read_text(encoding="utf-8"))
    return {form: lemma for form, lemma in raw.items() if not lemma.startswith("$")}


@lru_cache(maxsize=1)
def ordbank_table() -> dict[str, tuple[str, ...]]:
    """Lower-cased form → its possible lemmas (verb, noun, adj, adv order)."""
    try:
        source = resources.files("spacy_lookups_data").joinpath("data/nb_lemma_exc.json.gz")
        with source.open("rb") as fh:
            by_pos = json.loads(gzip.decompress(fh.read()))
    except (ModuleNotFoundError, FileNotFoundError):
        return {}
    table: dict[str, tuple[str, ...]] = {}
    for pos in POS_ORDER:
        for form, found in by_pos.get(pos, {}).items():
            key = form.lower()
            have = table.get(key, ())
            new = tuple(lem.lower() for lem in found if lem.lower() not in have)
            if new:
                table[key] = have + new
    return table


def _known(form: str) -> tuple[str, ...]:
    first = CONVENTIONS.get(form) or treebank_table().get(form)
    rest = ordbank_table().get(form, ())
    if first is None:
        if len(rest) > 1:
            # Ambiguous in the Ordbank: let simplemma's corpus-based choice go first.
            guess = _simplemma(form)
            if guess in rest:
                return (guess,) + tuple(lem for lem in rest if lem != guess)
        return rest
    return (first.lower(),) + tuple(lem for lem in rest if lem != first.lower())


def _simplemma(form: str) -> str:
    import simplemma

    return simplemma.lemmatize(form, lang="nb").lower()


def _compound(form: str) -> tuple[str, ...]:
    if len(form) < MIN_COMPOUND or not form.isalpha():
        return ()
    for cut in range(1, len(form) - MIN_ENDING + 1):
        found = _known(form[cut:])
        if found:
            return tuple(form[:cut] + lem for lem in found)
    return ()


def _genitive(word: str) -> tuple[str, ...]:
    """"Clintons" → "clinton", "statsministerens" → "statsminister"."""
    form = word.lower()
    if len(form) < 4 or not form.endswith("s") or form.endswith("ss"):
        return ()
    stem = form[:-1]
    found = _known(stem) or _compound(stem)
    if found:
        return found
    return (stem,) if word[:1].isupper() else ()


@lru_cache(maxsize=200_000)
def lemma_candidates(word: str) -> tuple[str, ...]:
    """Every lemma ``word`` may have, most likely first (lower case; the word itself
    when nothing is known)."""
    form = word.lower()
    return (_known(form) or _genitive(word) or _compound(form)
            or (_simplemma(form),))


def lemma_of(word: str) -> str:
    """The most likely lemma of ``word`` (lower case)."""
    return lemma_candidates(word)[0]


def ordbank_only(word: str) -> str:
    """Ordbank alone (for the benchmark's comparison)."""
    found = ordbank_table().get(word.lower())
    return found[0] if found else word.lower()


def simplemma_only(word: str) -> str:
    """simplemma alone (for the benchmark's comparison)."""
    import simplemma

    return simplemma.lemmatize(word.lower(), lang="nb")


def search_keys(word: str) -> tuple[str, ...]:
    """Lemmas a search for ``word`` should match, with the noun/verb family joined
    ("jobbe" also finds "jobben": verb ``jobbe`` ~ noun ``jobb``)."""
    keys = list(lemma_candidates(word))
    ordbank = ordbank_table()
    for lem in list(keys):
        for related in (lem[:-1] if lem.endswith("e") else None, lem + "e"):
            if related and related not in keys and related in ordbank and related in ordbank[related]:
                keys.append(related)
    return tuple(keys)
