"""The readers' import warnings that carry figures or an excerpt: each is the English
sentence the command line prints and the trail records — it *is* that string, so every
consumer (the document's audit event, ``import``'s output, tests) sees the same text —
and carries its kind and values, so the TUI can word it in its own language
(``tui/i18n.import_warning_text``), as ``domain.rules.MethodWarning`` does for the method."""

from __future__ import annotations

from typing import Any

#: The English sentences by kind; ``first`` is `` (the first: '…')`` or empty.
ENGLISH: dict[str, str] = {
    # a part of a .docx/.odt body the reader leaves out (text boxes, embedded documents)
    "left_out": "{count} {what} not imported{first}; copy the text into the body if it "
                "belongs to the interview",
    # footnotes, endnotes, comments: a .docx keeps them in parts of their own
    "notes_left_out": "{count} {what} not imported{first}; copy them into the text if they "
                      "belong to the interview",
    "replacement_characters": "{count} replacement characters",
}


class ImportWarning(str):
    """One import warning: the English sentence (``str(w)``, ``w.text``), its ``kind`` (a key
    of :data:`ENGLISH`) and its values: ``number`` (not ``count``, which is ``str.count``), ``what`` (the English plural the reader
    names the part by: "footnotes", "text boxes") and ``excerpt`` (the first such part's
    words, the user's text; empty when there are none)."""

    kind: str
    number: int
    what: str
    excerpt: str

    def __new__(cls, kind: str, number: int, what: str = "", excerpt: str = "") -> ImportWarning:
        first = f" (the first: {excerpt!r})" if excerpt.strip() else ""
        self = super().__new__(cls, ENGLISH[kind].format(count=number, what=what, first=first))
        self.kind, self.number, self.what, self.excerpt = kind, number, what, excerpt
        return self

    @property
    def text(self) -> str:
        """The warning in English, as the command line prints it."""
        return str.__str__(self)

    def __reduce__(self) -> tuple[Any, ...]:  # copy and pickle keep the kind and values
        return (type(self), (self.kind, self.number, self.what, self.excerpt))


def excerpt(text: str, n: int = 40) -> str:
    """The first ``n`` characters of ``text`` on one line (what a warning quotes)."""
    text = " ".join(text.split())
    return text if len(text) <= n else text[:n - 1] + "…"
