"""Names in Norwegian text: people, organisations, places … with NorNE's labels.

The detector is stc-bench's own spaCy NER model, trained on NorNE (``tools/train_ner.py``)
and shipped in ``stc_bench/nlp/data/ner_nb``. spaCy's ``nb_core_news_sm`` scores lower on
NorNE (0.75 F1 by its model card; ours in ``bench/README.md``), so it is used only when the
bundled model is missing or ``STC_NER=nb_core_news_sm`` asks for it. Transcribed speech is
often lower-case: all-lower-case lines are truecased first (:mod:`.truecase`); after the
model, rules trim titles and ordinary words from person names (:mod:`.name_rules`), and a
gazetteer of common Norwegian first names and surnames (:mod:`.gazetteer`) marks names
the model left out. Everything loads on first use.

With :data:`EXTRA_MEMBERS` the bundled detector is a seed ensemble: every member (a model with
the rules and gazetteer after it) proposes its spans and :func:`vote` keeps a span proposed,
with the same start, end and label, by more than half of them (``bench/README.md``, "Fourth
round", says why and what it measured).

    >>> entities("Kari Nordmann jobber i Bergen.")  # doctest: +SKIP
    [(0, 13, 'PER'), (23, 29, 'GPE_LOC')]
"""

from __future__ import annotations

import os
import sys
import types
from collections import Counter
from functools import lru_cache
from importlib import metadata, util
from pathlib import Path

from ..domain.errors import StcError

#: The labels :func:`entities` returns (NorNE's entity types).
LABELS = ("PER", "ORG", "LOC", "GPE_LOC", "GPE_ORG", "PROD", "EVT", "DRV", "MISC")
BUNDLED_DIR = Path(__file__).resolve().parent / "data" / "ner_nb"
#: Further members of the bundled ensemble: folders next to :data:`BUNDLED_DIR` (the first
#: member), or absolute paths (``bench.ner --model DIR --model DIR``). Empty: one model.
EXTRA_MEMBERS: tuple[str, ...] = ()
BUNDLED_NAME = "stc-bench NorNE model (bundled)"
NB_CORE = "nb_core_news_sm"
Span = tuple[int, int, str]


class NameDetectorMissing(StcError):
    """Neither the bundled model nor nb_core_news_sm can be loaded (a broken install)."""


def member_dirs() -> list[Path]:
    """The bundled models' folders, the first one :data:`BUNDLED_DIR`."""
    return [BUNDLED_DIR, *(BUNDLED_DIR.parent / name for name in EXTRA_MEMBERS)]


def _bundled_available() -> bool:
    return all((d / "config.cfg").is_file() and (d / "meta.json").is_file() for d in member_dirs())


def _choice() -> str | None:
    """``"bundled"``, ``"nb_core"`` or None (no detector) — without importing spaCy."""
    wanted = os.environ.get("STC_NER", "")
    nb_core = util.find_spec(NB_CORE) is not None
    if wanted == NB_CORE and nb_core:
        return "nb_core"
    if _bundled_available():
        return "bundled"
    return "nb_core" if nb_core else None


def describe_detector() -> dict:
    """Which name detector :func:`entities` uses: ``{"available", "name", "detail"}`` (cheap)."""
    choice = _choice()
    if choice == "bundled":
        dirs = member_dirs()
        size = sum(p.stat().st_size for d in dirs for p in d.rglob("*") if p.is_file())
        what = (f"an ensemble of {len(dirs)} spaCy NER models voting per span"
                if len(dirs) > 1 else "spaCy NER")
        return {"available": True, "name": BUNDLED_NAME,
                "detail": f"{what} trained on NorNE (annotations CC0), {size / 1e6:.1f} MB, "
                          "+ first-name/surname gazetteer"}
    if choice == "nb_core":
        try:
            version = metadata.version(NB_CORE)
        except metadata.PackageNotFoundError:
            version = "?"
        return {"available": True, "name": f"{NB_CORE} {version}",
                "detail": "spaCy's trained pipeline (ner only) + first-name/surname gazetteer"}
    return {"available": False, "name": "not available",
            "detail": f"{BUNDLED_DIR} is missing and {NB_CORE} is not installed"}


@lru_cache(maxsize=1)
def load_detector() -> tuple:
    """The spaCy pipelines that find names, one per member (imports spaCy, loads them once)."""
    import spacy

    from .gazetteer import add_name_ruler
    from .name_rules import add_name_rules
    from .pipeline import MAX_CHUNK

    choice = _choice()
    if choice == "bundled":
        nlps = [spacy.load(d) for d in member_dirs()]
    elif choice == "nb_core":
        nlps = [spacy.load(NB_CORE, exclude=["senter", "parser", "lemmatizer", "attribute_ruler"])]
    else:
        raise NameDetectorMissing(f"name detector: {describe_detector()['detail']}; "
                                  "reinstall stc-bench (pip install --force-reinstall)")
    for nlp in nlps:
        nlp.max_length = max(nlp.max_length, MAX_CHUNK * 2)  # pieces come from pipeline.chunks
        # Each member gets the rules and gazetteer before the vote: the rules mend a model's
        # near misses (a title taken in, a first name left out), so members that nearly agree
        # on a name agree exactly, and exact agreement is what the vote counts.
        add_name_ruler(nlp)
        add_name_rules(nlp)  # between the model and the gazetteer: trimmed names can be filled in
    return tuple(nlps)


def vote(proposals: list[list[Span]]) -> list[Span]:
    """The spans (same start, end and label) more than half of the members propose, in order.

    Two kept spans never overlap, whatever the number of members: two majorities share a
    member, and no member proposes overlapping spans (a spaCy doc's entities are disjoint).
    A strict majority also leaves no ties to break.
    """
    if len(proposals) == 1:
        return list(proposals[0])
    votes = Counter(span for spans in proposals for span in set(spans))
    return sorted(span for span, n in votes.items() if 2 * n > len(proposals))


def _nb_core_label(label: str) -> str:
    # Both models use NorNE's types; anything else (a future model) is MISC, so callers only
    # ever see LABELS.
    return label if label in LABELS else "MISC"


def entities(text: str) -> list[tuple[int, int, str]]:
    """Names in ``text``: ``(start, end, label)`` with code-point offsets, in text order.

    Labels are NorNE's (:data:`LABELS`). Spans never overlap and are never empty.
    """
    if not text.strip():
        return []
    from .pipeline import chunks

    pieces = chunks(text)
    found = detect([piece for _, piece in pieces])
    return [(base + s, base + e, label) for (base, _), spans in zip(pieces, found, strict=True)
            for s, e, label in spans]


def detect(texts: list[str], gazetteer: bool = True,
           rules: bool = True) -> list[list[Span]]:
    """The names of each text (the benchmark compares ``gazetteer=False``, ``rules=False``);
    with several members, what :func:`vote` keeps of theirs.

    All-lower-case lines are truecased first (:mod:`.truecase`); offsets are unchanged.
    """
    from .gazetteer import RULER_NAME
    from .name_rules import RULES_NAME, SPEECH_LINES
    from .truecase import lower_case_lines, truecase

    off = [name for name, on in ((RULER_NAME, gazetteer), (RULES_NAME, rules)) if not on]
    cased = [(truecase(text), lower_case_lines(text)) for text in texts]
    per_member = []
    for nlp in load_detector():
        made = []
        for text, speech in cased:
            doc = nlp.make_doc(text)
            doc.user_data[SPEECH_LINES] = speech  # the rules read capitals: not there
            made.append(doc)
        with nlp.select_pipes(disable=off):
            per_member.append([[(e.start_char, e.end_char, _nb_core_label(e.label_))
                                for e in doc.ents] for doc in nlp.pipe(made, batch_size=256)])
    return [vote(list(proposals)) for proposals in zip(*per_member, strict=True)]


class _CallableModule(types.ModuleType):
    """This module, callable as :func:`entities`.

    ``stc_bench.nlp.entities`` names both this module and the function: once anything imports
    the module, Python binds the package attribute to the module, so ``from stc_bench.nlp
    import entities`` must work whichever it gets.
    """

    def __call__(self, text: str) -> list[tuple[int, int, str]]:
        return entities(text)


sys.modules[__name__].__class__ = _CallableModule
