"""Who sees and changes which meaning units while a document is in independent coding.

The one place of the rule (units.py, lookups.py and coders.py call it):

* a document is *in independent coding* while it has :class:`IndependentCoder` rows with
  no ``released_at``; its coders are those rows' names;
* a coder of such a document sees and changes only their own units of it (``coder`` = their
  name); new units they mark there are theirs;
* everyone else, and everyone on every other document, sees the project's coding: the units
  with no coder (the consensus once a document is released). A coder's units are never the
  project's coding: they are not assigned to subgroups, quoted or exported; they stay for
  the agreement after release.
"""

from __future__ import annotations

from collections.abc import Iterable

from ..domain.errors import MethodError
from ..domain.model import Document, IndependentCoder, MeaningUnit


def active_coders(tx, document_id: int) -> list[str]:
    """The coders of a document in independent coding (empty: it is not)."""
    return [r.coder for r in tx.list(IndependentCoder, document_id=document_id, released_at=None)]


def new_unit_coder(tx, document_id: int, actor: str) -> str | None:
    """The ``coder`` of a unit ``actor`` marks now in this document; refuses a non-coder
    while the document is in independent coding."""
    coders = active_coders(tx, document_id)
    if not coders:
        return None
    if actor not in coders:
        title = tx.get(Document, document_id).title
        raise MethodError(f"document {title!r} is in independent coding by "
                          f"{', '.join(coders)}: only they mark it, each alone, until it is "
                          "released (the consensus is written by resolving their differences: "
                          "stc-bench coders PROJECT diff)")
    return actor


def check_owner(tx, unit: MeaningUnit, actor: str) -> None:
    """Refuse a change to another coder's unit, or to a coder's own unit after release."""
    if unit.coder is None:
        return
    if unit.coder != actor:
        raise MethodError(f"meaning unit {unit.id} of {_title(tx, unit)} is {unit.coder}'s "
                          f"independent coding; only {unit.coder} changes it")
    if actor not in active_coders(tx, unit.document_id):
        raise MethodError(f"meaning unit {unit.id} of {_title(tx, unit)} is {unit.coder}'s "
                          "independent coding of a released document; it is kept for the "
                          "agreement, not changed")


def check_project_unit(tx, unit: MeaningUnit) -> None:
    """Refuse to build the analysis (subgroups, quotes) on a coder's private unit."""
    if unit.coder is not None:
        raise MethodError(f"meaning unit {unit.id} of {_title(tx, unit)} is {unit.coder}'s "
                          "independent coding; it joins the analysis only through the consensus")


def _title(tx, unit: MeaningUnit) -> str:
    """The transcript a unit is in, as errors name it: by its title."""
    return repr(tx.get(Document, unit.document_id).title)


def hidden_unit_ids(tx, actor: str) -> set[int]:
    """The ids of the units ``actor`` does not see (see the module's rule). One query when
    nobody has ever coded independently."""
    rows = tx.list(IndependentCoder)
    if not rows:
        return set()
    mine = {r.document_id for r in rows if r.released_at is None and r.coder == actor}
    hidden: set[int] = set()
    for name in {r.coder for r in rows}:
        for unit_id, document_id in tx.values(MeaningUnit, "id", "document_id", coder=name):
            if not (name == actor and document_id in mine):
                hidden.add(unit_id)
    for document_id in mine:  # the consensus being built is not shown to a coder
        hidden.update(i for (i,) in tx.values(MeaningUnit, "id", document_id=document_id,
                                                 coder=None))
    return hidden


def visible(tx, units: Iterable[MeaningUnit], actor: str) -> list[MeaningUnit]:
    """``units`` of one or more documents as ``actor`` sees them."""
    units = list(units)
    if not units or not tx.count(IndependentCoder):
        return [u for u in units if u.coder is None]
    docs = {u.document_id for u in units}
    mine = {d for d in docs if actor in active_coders(tx, d)}
    return [u for u in units
            if (u.coder == actor and u.document_id in mine)
            or (u.coder is None and u.document_id not in mine)]
