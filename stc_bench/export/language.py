"""The project language as the exports use it: one rule for "is it Norwegian?" and one
table of language tags (Word's ``w:lang``, HTML's ``lang``)."""

from __future__ import annotations

#: Tags for the project languages stc-bench knows (anything else is British English).
LANGUAGE_TAGS = {"nb": "nb-NO", "no": "nb-NO", "nn": "nn-NO", "en": "en-GB"}


def language_tag(language: str) -> str:
    return LANGUAGE_TAGS.get((language or "").lower(), "en-GB")


def is_norwegian(language: str) -> bool:
    """Bokmål, nynorsk or plain "no" get the Norwegian words; every other language English."""
    return language in ("nb", "nn", "no")
