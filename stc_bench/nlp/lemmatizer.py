"""Norwegian Bokmål lemmas by lookup: treebank table, then Norsk Ordbank, then compounds.

1. ``data/ndt_form_lemma.json`` — each form's most frequent lemma in the Norwegian
   Dependency Treebank's training split (CC0; see ``data/README.md``).
2. Norsk Ordbank's full-form list as shipped in spacy-lookups-data (``nb_lemma_exc``,
   CC BY 4.0, Språkbanken/Nasjonalbiblioteket) for forms the treebank never saw.
3. A compound fallback: an unknown word of 8+ letters takes the lemma of its longest
   known ending of 4+ letters ("jobbstøtten" → "jobb" + "støtte").

Tables load lazily, once per process. The Ordbank list is big (585k forms: 1.7 s and
160 MB as a dict), so a process that looks up only a few words — a search whose index is
up to date looks up its query words — reads them from a compact sorted copy of it instead
(``ordbank-*.tsv`` in the user's cache folder, written the first time the dict is built);
past ``FEW_LOOKUPS`` lookups (indexing a transcript) the dict is worth loading.
"""

from __future__ import annotations

import gzip
import json
import os
import threading
from functools import lru_cache
from importlib import resources
from pathlib import Path

from ..protect import private_dir, write_private_text

#: Ordbank parts of speech, in the order used to pick one lemma for an ambiguous form.
POS_ORDER = ("verb", "noun", "adj", "adv")
MIN_COMPOUND, MIN_ENDING = 8, 4
#: Where UD Norwegian Bokmål's lemma convention differs from the NDT table's majority:
#: UD lemmatises pronoun and determiner "det" alike as "den".
CONVENTIONS = {"det": "den"}
#: Ordbank lookups answered from the compact copy before the whole dict is loaded.
FEW_LOOKUPS = 2_000
#: Bump when the compact copy's format or content rules change.
COMPACT_FORMAT = 1


@lru_cache(maxsize=1)
def treebank_table() -> dict[str, str]:
    """Lower-cased form → lemma from the NDT training split (punctuation left out)."""
    raw = json.loads(resources.files(__package__).joinpath("data/ndt_form_lemma.json")
                     .read_text(encoding="utf-8"))
    return {form: lemma for form, lemma in raw.items() if not lemma.startswith("$")}


def _ordbank_by_pos() -> dict[str, dict[str, list[str]]]:
    try:
        source = resources.files("spacy_lookups_data").joinpath("data/nb_lemma_exc.json.gz")
        with source.open("rb") as fh:
            return json.loads(gzip.decompress(fh.read()))
    except (ModuleNotFoundError, FileNotFoundError):
        return {}


@lru_cache(maxsize=1)
def ordinary_words() -> frozenset[str]:
    """Ordbank's forms written in lower case (``liv``, ``finn``) — proper nouns such as
    ``Kari`` are capitalised there, so a name is in this set only if it is also a word."""
    return frozenset(form for forms in _ordbank_by_pos().values() for form in forms
                     if form.islower())


@lru_cache(maxsize=1)
def ordbank_table() -> dict[str, tuple[str, ...]]:
    """Lower-cased form → its possible lemmas (verb, noun, adj, adv order)."""
    by_pos = _ordbank_by_pos()
    table: dict[str, tuple[str, ...]] = {}
    for pos in POS_ORDER:
        for form, found in by_pos.get(pos, {}).items():
            key = form.lower()
            have = table.get(key, ())
            new = tuple(lem.lower() for lem in found if lem.lower() not in have)
            if new:
                table[key] = have + new
    return table


def _compact_path() -> Path | None:
    """Where the compact sorted Ordbank copy lives (None when spacy-lookups-data is missing)."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        stamp = version("spacy-lookups-data")
    except PackageNotFoundError:
        return None
    folder = os.environ.get("STC_BENCH_CACHE")
    if not folder:
        from platformdirs import user_cache_dir

        folder = user_cache_dir("stc-bench")
    return Path(folder) / f"ordbank-{stamp}-{COMPACT_FORMAT}.tsv"


def write_compact_ordbank(path: Path) -> None:
    """Write the Ordbank dict as sorted ``form<TAB>lemma|lemma`` lines (atomically)."""
    lines = sorted(f"{form}\t{'|'.join(lemmas)}\n" for form, lemmas in ordbank_table().items())
    private_dir(path.parent)
    partial = path.with_suffix(f".{os.getpid()}-{threading.get_ident()}.part")
    partial.unlink(missing_ok=True)  # left by a crashed run with the same pid
    write_private_text(partial, "".join(lines))
    os.replace(partial, path)


@lru_cache(maxsize=1)
def _compact_text() -> str | None:
    """The compact copy's text, written first if missing; None if it cannot be had."""
    path = _compact_path()
    if path is None:
        return None
    try:
        if not path.exists():
            write_compact_ordbank(path)
        return path.read_text(encoding="utf-8")
    except OSError:
        return None


def compact_lookup(text: str, form: str) -> tuple[str, ...]:
    """Binary search of sorted ``form<TAB>lemmas`` lines for ``form`` (no line list is
    built: ``lo`` and ``hi`` are always line starts)."""
    key = form + "\t"
    lo, hi = 0, len(text)
    while lo < hi:
        start = text.rfind("\n", 0, (lo + hi) // 2) + 1
        start = max(start, lo)
        end = text.find("\n", start)
        if text.startswith(key, start):
            return tuple(text[start + len(key):end].split("|"))
        if text[start:end] < key:
            lo = end + 1
        else:
            hi = start
    return ()


_lookups = 0


def _ordbank(form: str) -> tuple[str, ...]:
    """The Ordbank lemmas of a lower-cased form (see the module doc for where from)."""
    global _lookups
    _lookups += 1
    if ordbank_table.cache_info().currsize == 0 and _lookups <= FEW_LOOKUPS:
        text = _compact_text()
        if text is not None:
            return compact_lookup(text, form)
    return ordbank_table().get(form, ())


def _known(form: str) -> tuple[str, ...]:
    first = CONVENTIONS.get(form) or treebank_table().get(form)
    rest = _ordbank(form)
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
    for lem in list(keys):
        for related in (lem[:-1] if lem.endswith("e") else None, lem + "e"):
            if related and related not in keys and related in _ordbank(related):
                keys.append(related)
    return tuple(keys)
