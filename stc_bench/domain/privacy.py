"""What an anonymity check found in text about to leave the project (an export)."""

from __future__ import annotations

from dataclasses import dataclass

from .errors import StcError, one_line

#: How a finding's kind reads in a report.
KINDS = {"WORD": "word list", "FNR": "fødselsnummer", "NUMBER": "11-digit number",
         "PHONE": "phone number", "EMAIL": "e-mail", "DATE": "date", "PER": "name",
         "LOC": "place", "GPE_LOC": "place", "ORG": "workplace", "GPE_ORG": "organisation",
         "PROD": "name", "EVT": "name", "MISC": "name"}
CONTEXT = 30  # characters of context either side of a finding


@dataclass(frozen=True)
class Finding:
    """One possible identifier: where (``paragraph 12``, ``line 3``, ``row 7``), what kind
    (a label of ``KINDS``), the words found and the words around them."""

    where: str
    kind: str
    found: str
    context: str

    def line(self) -> str:
        kind = KINDS.get(self.kind, self.kind)
        return one_line(f"{self.where}: {kind} {self.found!r}: «{self.context}»")


def context_of(text: str, start: int, end: int) -> str:
    """The words around ``text[start:end]`` on one line, cut with … where shortened."""
    left, right = max(0, start - CONTEXT), min(len(text), end + CONTEXT)
    snippet = " ".join(text[left:right].split())
    return ("…" if left else "") + snippet + ("…" if right < len(text) else "")


class IdentifiersFound(StcError):
    """``--strict``: the text about to leave holds possible identifiers; nothing is written."""

    def __init__(self, message: str, findings: list[Finding]):
        super().__init__(message)
        self.findings = findings
