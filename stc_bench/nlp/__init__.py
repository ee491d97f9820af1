"""Norwegian NLP for stc-bench: sentences, suggested meaning units, lemmas, search.

spaCy and the lemma tables load lazily, on first use, so importing this package is cheap.

    >>> from stc_bench.nlp import split_sentences
    >>> split_sentences("Ja. Jeg jobber f.eks. i butikk.")
    [(0, 3), (4, 31)]
"""

from __future__ import annotations

from .pipeline import describe_pipeline, split_sentences
from .tokens import lemmas

__all__ = ["Hit", "describe_pipeline", "lemmas", "search", "split_sentences", "suggest_units"]


def __getattr__(name: str):
    # Suggestions and search pull in the service layer's types: load them on demand.
    if name == "suggest_units":
        from .suggest import suggest_units

        return suggest_units
    if name in ("search", "Hit"):
        from . import keyword_search

        return getattr(keyword_search, name)
    raise AttributeError(name)
