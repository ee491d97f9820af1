"""Which spaCy pipeline stc-bench uses, loaded lazily and once.

``nb_core_news_sm`` is used when it is installed (loaded without ``ner``, which STC does
not need); otherwise the bundled default: ``spacy.blank("nb")`` (Norwegian tokenizer and
abbreviation exceptions) plus our rule-based sentence component (:mod:`.sentences`).
``STC_PIPELINE=default`` forces the bundled default (benchmarks, tests).
"""

from __future__ import annotations

import os
from functools import lru_cache
from importlib import metadata, util

TRAINED = "nb_core_news_sm"
DEFAULT_NAME = "stc-bench default (spaCy blank nb + rules)"
#: Longest text handed to spaCy in one piece; longer texts are cut at line breaks.
MAX_CHUNK = 200_000


def trained_model_installed() -> bool:
    """Whether ``nb_core_news_sm`` is importable — without importing spaCy."""
    if os.environ.get("STC_PIPELINE") == "default":
        return False
    return util.find_spec(TRAINED) is not None


def describe_pipeline() -> dict:
    """Which pipeline segmentation would use: ``{"name", "detail"}`` (cheap: no spaCy import)."""
    if trained_model_installed():
        try:
            version = metadata.version(TRAINED)
        except metadata.PackageNotFoundError:
            version = "?"
        return {"name": f"{TRAINED} {version}",
                "detail": "trained spaCy pipeline (senter, lemmatizer); loaded without ner"}
    try:
        spacy_version = metadata.version("spacy")
    except metadata.PackageNotFoundError:
        spacy_version = "not installed"
    return {"name": DEFAULT_NAME,
            "detail": (f"spaCy {spacy_version} Norwegian tokenizer, stc-bench sentence rules, "
                       "lemmas from NDT + Norsk Ordbank tables; install nb_core_news_sm for "
                       "spaCy's trained pipeline (see README)")}


@lru_cache(maxsize=1)
def load_pipeline():
    """The spaCy ``Language`` in use (imports spaCy on first call only)."""
    import spacy

    if trained_model_installed():
        return spacy.load(TRAINED, exclude=["ner"])
    from .sentences import add_to

    nlp = spacy.blank("nb")
    nlp.max_length = max(nlp.max_length, MAX_CHUNK * 2)
    add_to(nlp)
    return nlp


def uses_trained_model() -> bool:
    return trained_model_installed()


def chunks(text: str) -> list[tuple[int, str]]:
    """``text`` cut at line breaks into pieces spaCy handles comfortably: (offset, piece)."""
    if len(text) <= MAX_CHUNK:
        return [(0, text)]
    out, pos = [], 0
    while pos < len(text):
        end = min(len(text), pos + MAX_CHUNK)
        if end < len(text):
            cut = text.rfind("\n", pos, end)
            end = cut + 1 if cut > pos else end
        out.append((pos, text[pos:end]))
        pos = end
    return out


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Code-point offsets ``(start, end)`` of the sentences of ``text``, in order.

    Spans are trimmed of surrounding whitespace, never overlap, and together cover every
    non-space character. A line break always ends a sentence.
    """
    nlp = load_pipeline()
    spans: list[tuple[int, int]] = []
    for base, piece in chunks(text):
        for sent in nlp(piece).sents:
            start, end = base + sent.start_char, base + sent.end_char
            spans.extend(_trimmed_lines(text, start, end))
    return spans


def _trimmed_lines(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """A span cut at line breaks (a trained model may run across them), each trimmed."""
    out = []
    pos = start
    while pos < end:
        nl = text.find("\n", pos, end)
        stop = end if nl < 0 else nl
        a, b = pos, stop
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        if a < b:
            out.append((a, b))
        pos = stop + 1 if nl >= 0 else end
    return out
