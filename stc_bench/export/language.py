"""The project language's tag as the exports write it (Word's ``w:lang``, HTML's ``lang``);
which words a language gets is ``chapter.words_for``'s rule."""

from __future__ import annotations

#: Tags for the project languages stc-bench knows (anything else is British English).
LANGUAGE_TAGS = {"nb": "nb-NO", "no": "nb-NO", "nn": "nn-NO", "en": "en-GB"}


def language_tag(language: str) -> str:
    return LANGUAGE_TAGS.get((language or "").lower(), "en-GB")
