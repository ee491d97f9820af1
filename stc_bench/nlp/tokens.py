"""Tokens with their lemmas, for the search index."""

from __future__ import annotations

from functools import lru_cache

from .lemmatizer import lemma_candidates


@lru_cache(maxsize=1)
def _tokenizer():
    import spacy

    return spacy.blank("nb").tokenizer


def word_tokens(text: str) -> list[tuple[int, int, str]]:
    """``(start, end, form)`` of every word token (punctuation and spaces left out)."""
    out = []
    for tok in _tokenizer()(text):
        if tok.is_punct or tok.is_space or not any(ch.isalnum() for ch in tok.text):
            continue
        out.append((tok.idx, tok.idx + len(tok.text), tok.text))
    return out


def lemmas(text: str) -> list[tuple[int, int, str]]:
    """Each word token's code-point offsets and its lemma (lower case).

    Punctuation is left out (the treebank's ``$.`` lemmas are not words).
    """
    return [(start, end, lemma_candidates(form)[0]) for start, end, form in word_tokens(text)]
