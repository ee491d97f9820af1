"""Group transcripts (focus groups): which informant each speaker label is.

A document normally belongs to one informant. In a focus group each participant is an
informant of their own, so each speaker label of the transcript maps to an informant (with
a role, and the group kept as the informant's ``gruppe`` attribute). A meaning unit then
belongs to the speaker of the turn it starts in; :meth:`SpeakerOps.unit_informants` is the
one place that rule is written, and every count, matrix and quote label reads it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ..domain.errors import StcError
from ..domain.model import GROUP_ATTRIBUTE, Document, Informant, MeaningUnit, SpeakerInformant, Turn
from .base import ServiceBase


@dataclass(frozen=True)
class UnitLabels:
    """The informant label of each unit: its document's, or (group transcripts) its
    speaker's."""

    by_document: dict[int, str]
    by_unit: dict[int, str]

    def of(self, unit_id: int, document_id: int) -> str:
        return self.by_unit.get(unit_id) or self.by_document.get(document_id, "")


@dataclass(frozen=True)
class _Speaking:
    """The speaker turns of the mapped (group) transcripts and who each speaker is."""

    turns: dict[int, list[Turn]]
    informant: dict[tuple[int, str], int]

    @property
    def documents(self) -> list[int]:
        return sorted(self.turns)

    def get(self, document_id: int, start: int, default: int | None) -> int | None:
        """The informant of the speaker of the turn that ``start`` is in, else ``default``."""
        for turn in self.turns.get(document_id, ()):
            if turn.start <= start < turn.end:
                return self.informant.get((document_id, turn.speaker), default)
        return default


def _speaking(tx) -> _Speaking:
    maps = tx.list(SpeakerInformant)
    turns: dict[int, list[Turn]] = {m.document_id: [] for m in maps}
    for doc_id in turns:
        turns[doc_id] = tx.list(Turn, ("idx",), document_id=doc_id)
    return _Speaking(turns, {(m.document_id, m.speaker): m.informant_id for m in maps})


_NUMBERED = re.compile(r"^\[?(?P<role>[^\d\[\]]*?)[\s_]*(?P<n>\d+)\]?$")


@dataclass(frozen=True)
class Speaker:
    """One speaker label of a document, as the mapping screen and ``speakers`` show it."""

    label: str
    turns: int
    interviewer: bool
    informant_id: int | None  # mapped informant, if any
    proposed_label: str
    proposed_role: str


@dataclass(frozen=True)
class SpeakerView:
    document: Document
    speakers: list[Speaker]
    labels: dict[int, str]  # informant id → label


def _speakers(tx, document_id: int) -> list[Speaker]:
    tx.get(Document, document_id)
    turns = tx.list(Turn, "idx", document_id=document_id)
    mapped = {m.speaker: m.informant_id for m in tx.list(SpeakerInformant, document_id=document_id)}
    order: dict[str, list[Turn]] = {}
    for turn in turns:
        if turn.speaker:
            order.setdefault(turn.speaker, []).append(turn)
    return [Speaker(label, len(ts), any(t.is_interviewer for t in ts), mapped.get(label),
                    *proposed(label)) for label, ts in order.items()]


def proposed(label: str) -> tuple[str, str]:
    """The informant label and role a speaker label suggests: ``Behandler 2`` → (``Behandler
    2``, ``behandler``); ``[SPEAKER_03]`` → (``SPEAKER_03``, ``""``)."""
    clean = label.strip().strip("[]").strip()
    match = _NUMBERED.match(clean)
    role = match.group("role").strip().casefold() if match else ""
    return clean, "" if role in ("speaker", "taler", "deltaker", "participant", "p") else role


class SpeakerOps(ServiceBase):
    def speakers(self, document_id: int) -> list[Speaker]:
        """The document's speaker labels in order of first turn, with their mapping."""
        with self._read() as tx:
            return _speakers(tx, document_id)

    def informant_roles(self) -> dict[int, str]:
        """Every informant's role (``behandler``, ``leder`` …; "" when none is set)."""
        with self._read() as tx:
            return dict(tx.values(Informant, "id", "role"))

    def speaker_mapping(self, document_id: int) -> SpeakerView:
        """What the TUI's mapping dialog shows, in one read: the document, its speakers and
        every informant's label."""
        with self._read() as tx:
            return SpeakerView(tx.get(Document, document_id), _speakers(tx, document_id),
                               dict(tx.values(Informant, "id", "label")))

    def map_speakers(self, document_id: int, mapping: Mapping[str, tuple[str, str]],
                     group: str = "") -> list[SpeakerInformant]:
        """Map speaker labels of a group transcript to informants, in one event:
        ``{speaker: (informant label, role)}``. An informant is created if new (with the
        role, and ``gruppe`` = ``group`` when given); a speaker already mapped is re-mapped.
        The moderator (an interviewer label) cannot be an informant. Units are not touched:
        which informant a unit belongs to is read from this mapping."""
        if not mapping:
            raise StcError("speakers: map at least one speaker label")
        with self._op("document.speakers", "document", document_id) as op:
            doc = op.tx.get(Document, document_id)
            turns = op.tx.list(Turn, document_id=document_id)
            known = {t.speaker: t.is_interviewer for t in turns if t.speaker}
            existing = {m.speaker: m for m in op.tx.list(SpeakerInformant, document_id=document_id)}
            done = []
            for speaker, (label, role) in mapping.items():
                if speaker not in known:
                    raise StcError(f"document {doc.title!r} has no speaker {speaker!r} (speakers: "
                                   f"{', '.join(known) or 'none'})")
                if known[speaker]:
                    raise StcError(f"{speaker!r} is the interviewer/moderator of {doc.title!r}; "
                                   "only participants map to informants")
                label = label.strip()
                if not label:
                    raise StcError(f"speaker {speaker!r}: the informant label cannot be empty")
                informant = self._informant_for(op.tx, label, role, group)
                if speaker in existing:
                    done.append(op.tx.update(existing[speaker], informant_id=informant.id))
                else:
                    done.append(op.tx.insert(SpeakerInformant, document_id=document_id,
                                             speaker=speaker, informant_id=informant.id))
            op.message = (f"Mapped {len(done)} speakers of {doc.title!r} to informants"
                          + (f" (group {group!r})" if group else ""))
        return done

    @staticmethod
    def _informant_for(tx, label: str, role: str, group: str) -> Informant:
        found = tx.list(Informant, label=label)
        if not found:
            attributes = {GROUP_ATTRIBUTE: group} if group else {}
            return tx.insert(Informant, label=label, role=role.strip(), attributes=attributes)
        informant = found[0]
        values: dict[str, Any] = {}
        if role.strip() and not informant.role:
            values["role"] = role.strip()
        if group and informant.attributes.get(GROUP_ATTRIBUTE) != group:
            values["attributes"] = {**informant.attributes, GROUP_ATTRIBUTE: group}
        return tx.update(informant, **values) if values else informant

    def unit_informants(self) -> dict[int, int | None]:
        """Every meaning unit's informant: the mapped informant of the speaker of the turn
        the unit starts in (group transcripts), else its document's informant."""
        with self._read() as tx:
            by_doc = {d: i for d, i in tx.values(Document, "id", "informant_id")}
            units = list(tx.values(MeaningUnit, "id", "document_id", "start"))
            speaking = _speaking(tx)
        return {u: speaking.get(d, start, by_doc.get(d)) for u, d, start in units}

    def unit_labels(self) -> UnitLabels:
        """The label steps 3 and 4 show beside each unit, by the rule of
        :meth:`unit_informants`: the document's informant, and for the units of group
        transcripts (only those are read one by one) their speaker's."""
        with self._read() as tx:
            label = dict(tx.values(Informant, "id", "label"))
            docs = list(tx.values(Document, "id", "informant_id", "title"))
            speaking = _speaking(tx)
            by_unit = {}
            for doc_id in speaking.documents:
                for unit_id, start in tx.values(MeaningUnit, "id", "start", document_id=doc_id):
                    informant = speaking.get(doc_id, start, None)
                    if informant is not None:
                        by_unit[unit_id] = label.get(informant, "")
        return UnitLabels({d: label.get(i, title) for d, i, title in docs}, by_unit)

    def group_informants(self) -> set[int]:
        """Informants that stand for a whole focus group rather than a participant: every
        document of theirs has its speakers mapped, and no speaker maps to them. Coverage
        and the matrix leave them out (their units belong to the participants)."""
        with self._read() as tx:
            maps = tx.list(SpeakerInformant)
            if not maps:
                return set()
            mapped_docs = {m.document_id for m in maps}
            speakers = {m.informant_id for m in maps}
            docs = [d for d in tx.list(Document) if not d.superseded and d.informant_id is not None]
        owners: dict[int, bool] = {}
        for doc in docs:
            if doc.informant_id is not None:
                owners[doc.informant_id] = (owners.get(doc.informant_id, True)
                                            and doc.id in mapped_docs)
        return {i for i, all_mapped in owners.items() if all_mapped and i not in speakers}

    def units_across_speakers(self) -> list[int]:
        """Units in group transcripts that run over more than one speaker's turns (allowed;
        listed so the student can check whose words they are)."""
        with self._read() as tx:
            docs = {m.document_id for m in tx.list(SpeakerInformant)}
            if not docs:
                return []
            turns = [t for t in tx.list(Turn, ("document_id", "idx")) if t.document_id in docs]
            units = [u for u in tx.list(MeaningUnit) if u.document_id in docs]
        spans = []
        for unit in units:
            speakers = {t.speaker for t in turns if t.document_id == unit.document_id
                        and t.start < unit.end and unit.start < t.end and t.speaker}
            if len(speakers) > 1:
                spans.append(unit.id)
        return spans
