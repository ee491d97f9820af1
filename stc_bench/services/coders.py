"""Several coders: independent coding of a document, the differences between two coders,
the team's consensus and the agreement (the rule of who sees what: ``coder_rules``)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from itertools import combinations

from ..domain import agreement as measures
from ..domain.errors import MethodError, NotFound, StcError
from ..domain.model import (
    CodeGroup,
    Coding,
    Comment,
    ConsensusDecision,
    Document,
    IndependentCoder,
    MeaningUnit,
    Person,
)
from ..domain.offsets import check_span
from .base import ServiceBase, utc_now
from .coder_rules import active_coders

#: How a difference is settled (``discuss`` writes a comment and settles nothing).
DECISIONS = ("take_a", "take_b", "merge", "reject")


@dataclass(frozen=True)
class CodingRound:
    """One document's independent coding, as ``coders status`` shows it."""

    document_id: int
    title: str
    coders: tuple[str, ...]
    started_at: str
    released_at: str | None
    units: dict[str, int]        # per coder
    consensus_units: int
    open_differences: int | None  # None: more than two coders (name the pair)


@dataclass(frozen=True)
class Difference:
    """One item of the comparison of coders A and B on a document: a matched pair of
    units or a unit only one of them marked. ``kind``: same, groups, span, span+groups,
    only_a, only_b. ``decided``: the decision that settled it, if any (``elsewhere``: settled
    comparing another pair of coders, see ``_decided``)."""

    number: int
    kind: str
    unit_a: MeaningUnit | None
    unit_b: MeaningUnit | None
    groups_a: tuple[int, ...]
    groups_b: tuple[int, ...]
    decided: str | None

    @property
    def start(self) -> int:
        return min(u.start for u in (self.unit_a, self.unit_b) if u is not None)


@dataclass(frozen=True)
class AgreementReport:
    documents: tuple[int, ...]
    coders: tuple[str, ...]
    groups: dict[int, str]                # id → name, in table order
    rows: list[measures.AgreementRow]     # per group, then overall (code_group_id None)
    threshold: float
    count_uncoded: bool
    unit: str = "character"               # what kappa counts: character or sentence
    splitter: str = ""                    # unit sentence: the splitter that cut them (doctor's name)


class CoderOps(ServiceBase):
    # -- independent coding ---------------------------------------------------------------

    def start_independent_coding(self, document_id: int, coders: Iterable[str]
                                 ) -> list[IndependentCoder]:
        """Put a document in independent coding for two or more named coders (new names
        are registered as people with the role coder)."""
        names = list(dict.fromkeys(c.strip() for c in coders if c.strip()))
        if len(names) < 2:
            raise StcError("independent coding: name at least two coders (--coders kari,ola)")
        with self._op("coders.start", "document", document_id) as op:
            doc = op.tx.get(Document, document_id)
            if op.tx.list(IndependentCoder, document_id=doc.id):
                raise MethodError(f"document {doc.title!r} has been in independent coding "
                                  "already (see: coders status); one round per document")
            now = utc_now()
            rows = [op.tx.insert(IndependentCoder, document_id=doc.id, coder=n, started_at=now)
                    for n in names]
            for name in names:
                if not op.tx.list(Person, name=name):
                    op.tx.insert(Person, name=name, role="coder")
            op.message = f"Independent coding of {doc.title!r} by {', '.join(names)}"
        return rows

    def release_independent_coding(self, document_id: int, *, force: bool = False) -> None:
        """End a document's independent coding: the consensus is its coding from now on
        (the coders' own units are kept for the agreement). Refuses while differences
        between two coders are unsettled, unless ``force``."""
        if not force:
            with self._read() as tx:
                coders = active_coders(tx, document_id)
                title = tx.get(Document, document_id).title
            # every pair of coders (one with two): a place is settled once, in any pair
            for a, b in combinations(coders, 2):
                open_ = [d for d in self.coder_differences(document_id, a, b) if not d.decided]
                same = sum(1 for d in open_ if d.kind == "same")
                pair = "" if len(coders) == 2 else f" between {a} and {b}"
                if open_:
                    raise MethodError(
                        f"document {title!r}: {len(open_) - same} differences and {same} "
                        f"units both coders marked alike{pair} are not settled (stc-bench "
                        "coders PROJECT diff / agree); --force releases anyway and leaves "
                        "them out of the project's coding")
        with self._op("coders.release", "document", document_id) as op:
            doc = op.tx.get(Document, document_id)
            rows = op.tx.list(IndependentCoder, document_id=doc.id, released_at=None)
            if not rows:
                raise MethodError(f"document {doc.title!r} is not in independent coding")
            now = utc_now()
            for row in rows:
                op.tx.update(row, released_at=now)
            op.message = f"Released {doc.title!r} from independent coding: the consensus is its coding"

    def coding_rounds(self) -> list[CodingRound]:
        """Every document that is or was in independent coding."""
        with self._read() as tx:
            rows = tx.list(IndependentCoder)
            by_doc: dict[int, list[IndependentCoder]] = {}
            for r in rows:
                by_doc.setdefault(r.document_id, []).append(r)
            out = []
            for doc_id, rs in by_doc.items():
                doc = tx.get(Document, doc_id)
                names = tuple(r.coder for r in rs)
                units = {n: tx.count(MeaningUnit, document_id=doc_id, coder=n) for n in names}
                out.append(CodingRound(doc_id, doc.title, names, rs[0].started_at,
                                       rs[0].released_at, units,
                                       tx.count(MeaningUnit, document_id=doc_id, coder=None),
                                       None))
        return [_with_open(self, r) for r in out]

    def _pair(self, tx, document_id: int, a: str | None, b: str | None) -> tuple[str, str]:
        title = tx.get(Document, document_id).title
        names = [r.coder for r in tx.list(IndependentCoder, document_id=document_id)]
        if not names:
            raise MethodError(f"document {title!r} has not been in independent coding "
                              "(stc-bench coders PROJECT start DOC --coders A,B)")
        for name in (a, b):
            if name is not None and name not in names:
                raise NotFound(f"{name!r} is not a coder of document {title!r} "
                               f"(its coders: {', '.join(names)})")
        if a is None and b is None and len(names) == 2:
            return names[0], names[1]
        if a is None or b is None or a == b:
            raise StcError(f"document {title!r} has coders {', '.join(names)}: name two "
                           "of them (--a NAME --b NAME)")
        return a, b

    # -- differences and consensus ----------------------------------------------------------

    def coder_differences(self, document_id: int, a: str | None = None, b: str | None = None,
                          *, threshold: float = 0.5) -> list[Difference]:
        """Coder A's and B's units of a document side by side, in text order: pairs that
        overlap by at least ``threshold`` (overlap / union) and units only one marked."""
        with self._read() as tx:
            a, b = self._pair(tx, document_id, a, b)
            units_a = tx.list(MeaningUnit, "start", document_id=document_id, coder=a)
            units_b = tx.list(MeaningUnit, "start", document_id=document_id, coder=b)
            groups = _groups_of(tx, units_a + units_b)
            decisions = {}  # unit id → the decision that settled it, whichever side it was on
            for d in tx.list(ConsensusDecision, document_id=document_id):
                for unit_id in (d.unit_a, d.unit_b):
                    if unit_id is not None:
                        decisions[unit_id] = d
            # a third coder's units settled comparing another pair (three or more coders)
            other_ids = sorted(set(decisions) - {u.id for u in units_a + units_b})
            settled_others = sorted((u.start, u.end)
                                    for u in tx.list_in(MeaningUnit, "id", other_ids))
        pairs = measures.match_segments([(u.start, u.end) for u in units_a],
                                        [(u.start, u.end) for u in units_b], threshold)
        items: list[tuple[MeaningUnit | None, MeaningUnit | None]] = [
            (units_a[i], units_b[j]) for i, j in pairs]
        paired_a, paired_b = {i for i, _j in pairs}, {j for _i, j in pairs}
        items += [(u, None) for i, u in enumerate(units_a) if i not in paired_a]
        items += [(None, u) for j, u in enumerate(units_b) if j not in paired_b]
        items.sort(key=lambda p: min(u.start for u in p if u is not None))
        out = []
        for n, (ua, ub) in enumerate(items, 1):
            ga = groups.get(ua.id, ()) if ua else ()
            gb = groups.get(ub.id, ()) if ub else ()
            out.append(Difference(n, _kind(ua, ub, ga, gb), ua, ub, ga, gb,
                                  _decided(ua, ub, decisions, settled_others, threshold)))
        return out

    def resolve_difference(self, document_id: int, number: int, decision: str,
                           a: str | None = None, b: str | None = None, *,
                           threshold: float = 0.5) -> MeaningUnit | None:
        """Settle difference ``number``: take A's unit, B's, merge the two (span over both,
        both coders' code groups) or reject it; the consensus unit (no coder: the project's
        coding) is written with its codings and the decision in one event."""
        if decision not in DECISIONS:
            raise StcError(f"resolve: decision must be one of {', '.join(DECISIONS)} (or discuss)")
        diff = self._difference(document_id, number, a, b, threshold)
        pick = {"take_a": diff.unit_a, "take_b": diff.unit_b}.get(decision)
        if decision in ("take_a", "take_b") and pick is None:
            raise MethodError(f"difference {number}: coder {decision[-1].upper()} has no unit "
                              "there (take the other, or reject)")
        if decision == "merge" and (diff.unit_a is None or diff.unit_b is None):
            raise MethodError(f"difference {number}: only one coder marked it; take or reject it")
        with self._op("consensus.resolve", "document", document_id) as op:
            doc = op.tx.get(Document, document_id)
            if not active_coders(op.tx, doc.id):
                raise MethodError(f"document {doc.title!r} is not in independent coding")
            unit = None
            if decision != "reject":
                chosen: dict[str, tuple[list[MeaningUnit | None], tuple[int, ...]]] = {
                    "take_a": ([diff.unit_a], diff.groups_a),
                    "take_b": ([diff.unit_b], diff.groups_b),
                    "merge": ([diff.unit_a, diff.unit_b],
                              tuple(dict.fromkeys(diff.groups_a + diff.groups_b)))}
                units = [u for u in chosen[decision][0] if u is not None]  # checked above
                groups = chosen[decision][1]
                start, end = min(u.start for u in units), max(u.end for u in units)
                snippet = check_span(doc.text, start, end, where=f"document {doc.title!r}")
                unit = op.tx.insert(MeaningUnit, document_id=doc.id, start=start, end=end,
                                    snippet=snippet, created_at=utc_now())
                for g in groups:
                    op.tx.insert(Coding, unit_id=unit.id, code_group_id=op.tx.get(CodeGroup, g).id)
            op.tx.insert(ConsensusDecision, document_id=doc.id,
                         unit_a=diff.unit_a.id if diff.unit_a else None,
                         unit_b=diff.unit_b.id if diff.unit_b else None, decision=decision,
                         unit_id=unit.id if unit else None, decided_at=utc_now())
            op.message = (f"Consensus on {doc.title!r}, difference {number}: {decision}"
                          + (f" → meaning unit {unit.id} ({unit.start}..{unit.end})" if unit else ""))
        return unit

    def settle_agreed(self, document_id: int, a: str | None = None, b: str | None = None, *,
                      threshold: float = 0.5) -> int:
        """Take every unit both coders marked alike (same span, same code groups) into the
        consensus, in one event; returns how many."""
        same = [d for d in self.coder_differences(document_id, a, b, threshold=threshold)
                if d.kind == "same" and not d.decided]
        with self._op("consensus.settle_agreed", "document", document_id) as op:
            doc = op.tx.get(Document, document_id)
            if not active_coders(op.tx, doc.id):
                raise MethodError(f"document {doc.title!r} is not in independent coding")
            for d in same:
                ua, ub = d.unit_a, d.unit_b
                assert ua is not None and ub is not None  # a pair: marked alike
                unit = op.tx.insert(MeaningUnit, document_id=doc.id, start=ua.start, end=ua.end,
                                    snippet=ua.snippet, created_at=utc_now())
                for g in d.groups_a:
                    op.tx.insert(Coding, unit_id=unit.id, code_group_id=g)
                op.tx.insert(ConsensusDecision, document_id=doc.id, unit_a=ua.id,
                             unit_b=ub.id, decision="take_a", unit_id=unit.id,
                             decided_at=utc_now())
            op.message = f"Consensus on {doc.title!r}: {len(same)} units both coders marked alike"
        return len(same)

    def discuss_difference(self, document_id: int, number: int, text: str,
                           a: str | None = None, b: str | None = None, *,
                           threshold: float = 0.5) -> Comment:
        """Open a discussion of a difference: a comment on the first coder's unit of it
        (the comment threads, ``K`` in the workbench, carry it on)."""
        diff = self._difference(document_id, number, a, b, threshold)
        unit = diff.unit_a or diff.unit_b
        assert unit is not None  # every difference has a unit of one coder at least
        return self.add_comment("meaning_unit", unit.id, text)  # type: ignore[attr-defined]

    def _difference(self, document_id: int, number: int, a: str | None, b: str | None,
                    threshold: float) -> Difference:
        diffs = self.coder_differences(document_id, a, b, threshold=threshold)
        if not 1 <= number <= len(diffs):
            with self._read() as tx:
                title = tx.get(Document, document_id).title
            raise NotFound(f"document {title!r}: no difference {number} "
                           f"(there are {len(diffs)}: stc-bench coders PROJECT diff DOC)")
        diff = diffs[number - 1]
        if diff.decided:
            raise MethodError(f"difference {number} is settled already ({diff.decided}); "
                              "undo that first")
        return diff

    # -- agreement --------------------------------------------------------------------------

    def agreement(self, documents: Sequence[int] | None = None,
                  groups: Sequence[int] | None = None, *, threshold: float = 0.5,
                  count_uncoded: bool = False,
                  sentences: Callable[[str], list[tuple[int, int]]] | None = None,
                  splitter: str = "") -> AgreementReport:
        """Agreement of the coders of the documents coded independently (all of them, or
        ``documents``) per code group (those used, or ``groups``) and overall. Given
        ``sentences`` (a text → its sentences' spans, the project's splitter), kappa counts
        sentences (``domain/sentence_units``), not characters; ``splitter`` names it in the
        report, since the figure depends on where it cuts."""
        if not 0 < threshold <= 1:
            raise StcError(f"agreement: the overlap must be above 0 and at most 1, not {threshold}")
        with self._read() as tx:
            rounds: dict[int, list[str]] = {}
            for r in tx.list(IndependentCoder):
                rounds.setdefault(r.document_id, []).append(r.coder)
            if documents is not None:
                stray = [d for d in documents if d not in rounds]
                if stray:
                    named = ", ".join(repr(tx.get(Document, d).title) for d in stray)
                    raise MethodError(f"agreement: document(s) {named} have not been coded "
                                      "independently")
                rounds = {d: rounds[d] for d in documents}
            if not rounds:
                raise MethodError("agreement: no document has been coded independently "
                                  "(stc-bench coders PROJECT start DOC --coders A,B)")
            names = {g.id: g.name for g in tx.list(CodeGroup, "position")}
            texts = {d: tx.get(Document, d).text for d in rounds}
            lengths = {d: len(text) for d, text in texts.items()}
            units = [u for d, cs in rounds.items() for c in cs
                     for u in tx.list(MeaningUnit, "start", document_id=d, coder=c)]
            coded = _groups_of(tx, units)
        if groups is not None:
            unknown = [g for g in groups if g not in names]
            if unknown:
                raise NotFound(f"agreement: no code group {', '.join(map(str, unknown))}")
            chosen = list(dict.fromkeys(groups))
        else:
            used = {g for gs in coded.values() for g in gs}
            chosen = [g for g in names if g in used]
        spans = [measures.CodedSpan(u.coder or "", u.document_id, u.start, u.end,
                                    frozenset(coded.get(u.id, ()))) for u in units]
        split = None if sentences is None else {d: sorted(sentences(t)) for d, t in texts.items()}
        rows = measures.agreement(spans, rounds, lengths, chosen, threshold=threshold,
                                  count_uncoded=count_uncoded, sentences=split)
        coders = tuple(dict.fromkeys(c for cs in rounds.values() for c in cs))
        return AgreementReport(tuple(rounds), coders, {g: names[g] for g in chosen}, rows,
                               threshold, count_uncoded,
                               "character" if sentences is None else "sentence",
                               "" if sentences is None else splitter)


def _groups_of(tx, units: list[MeaningUnit]) -> dict[int, tuple[int, ...]]:
    out: dict[int, list[int]] = {}
    for c in tx.list_in(Coding, "unit_id", [u.id for u in units]):
        out.setdefault(c.unit_id, []).append(c.code_group_id)
    return {k: tuple(sorted(v)) for k, v in out.items()}


def _decided(ua: MeaningUnit | None, ub: MeaningUnit | None,
             decisions: dict[int, ConsensusDecision], settled_others: list[tuple[int, int]],
             threshold: float) -> str | None:
    """How the difference of units ``ua`` (coder A's) and ``ub`` (B's) was settled: the
    decision on exactly these two units (take_a / take_b read from this pair's side), or
    ``elsewhere`` when one of them — or a unit of a third coder it matches — was settled
    comparing another pair of coders (or at another overlap): the team settles a place
    once, whichever pair it compared, so a third coder's unit never adds a second one."""
    ids = (ua.id if ua else None, ub.id if ub else None)
    found = [decisions[i] for i in ids if i is not None and i in decisions]
    if found:
        d = found[0]
        if (d.unit_a, d.unit_b) == ids:
            return d.decision
        if (d.unit_b, d.unit_a) == ids:  # the same pair named the other way round
            return {"take_a": "take_b", "take_b": "take_a"}.get(d.decision, d.decision)
        return "elsewhere"
    for u in (ua, ub):
        if u is not None and measures.match_segments([(u.start, u.end)], settled_others,
                                                     threshold):
            return "elsewhere"
    return None


def _kind(ua, ub, ga, gb) -> str:
    if ua is None:
        return "only_b"
    if ub is None:
        return "only_a"
    same_span = (ua.start, ua.end) == (ub.start, ub.end)
    same_groups = set(ga) == set(gb)
    if same_span and same_groups:
        return "same"
    return "groups" if same_span else "span" if same_groups else "span+groups"


def _with_open(wb: CoderOps, r: CodingRound) -> CodingRound:
    if len(r.coders) != 2:
        return r
    diffs = wb.coder_differences(r.document_id)
    open_ = sum(1 for d in diffs if not d.decided and d.kind != "same")
    return CodingRound(r.document_id, r.title, r.coders, r.started_at, r.released_at, r.units,
                       r.consensus_units, open_)
