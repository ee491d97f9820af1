"""Norwegian NLP for stc-bench: sentences, suggested meaning units, lemmas, search, names.

spaCy and the lemma tables load lazily, on first use, so importing this package is cheap.

    >>> from stc_bench.nlp import split_sentences
    >>> split_sentences("Ja. Jeg jobber f.eks. i butikk.")
    [(0, 3), (4, 31)]
"""

from __future__ import annotations

from .pipeline import describe_pipeline, split_sentences
from .tokens import lemmas

__all__ = ["Hit", "describe_detector", "describe_pipeline", "entities", "lemmas", "name_candidates",
           "search", "split_sentences", "suggest_units"]


def __getattr__(name: str):
    # Suggestions and search pull in the service layer's types: load them on demand.
    if name == "suggest_units":
        from .suggest import suggest_units

        return suggest_units
    if name in ("search", "Hit"):
        from . import keyword_search

        return getattr(keyword_search, name)
    if name in ("entities", "name_candidates", "describe_detector"):
        # The name detector (a spaCy model) loads on the first call, not on import.
        # (import_module, not "from . import entities": that would ask this __getattr__ again)
        from importlib import import_module

        return getattr(import_module(".entities", __name__), name)
    raise AttributeError(name)
